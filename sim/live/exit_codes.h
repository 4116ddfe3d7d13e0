// The exit codes of raftsim node, cluster and live-check, beyond the shared ones of
// sim/cli/commands.h (0 passed or stopped cleanly, 1 a check failed, 2 bad arguments).
#pragma once

namespace sim::live {

inline constexpr int kExitCannotListen = 6;    // a port is in use, or an address is not this machine's
inline constexpr int kExitBadDataDir = 7;      // another node's or cluster's directory, a corrupt WAL, or locked
inline constexpr int kExitStorageFailed = 8;   // a write or fsync failed while running: the node stopped

}  // namespace sim::live
