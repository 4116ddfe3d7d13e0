// The simulated state machine (a key-value map) written into a snapshot and read back
// (dissertation 5.1: the state machine serializes its current state). Each key and value
// is length-prefixed, so any bytes survive. The snapshot also carries a ghost line for
// the checker: the hash of the log prefix the state was built from (sim/cluster/storage.h), so
// that a restored state machine can be checked against what the cluster committed. The
// client sessions (sim/client/sessions.h) are part of the state: a node restored from a
// snapshot without them would apply a retried write a second time (dissertation 6.3).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sim/client/sessions.h"

namespace sim {

using KeyValueMap = std::map<std::string, std::string>;

struct DecodedStateMachine {
  KeyValueMap map;
  SessionTable sessions;
  std::uint64_t prefix_hash = 0;  // ghost: the hash of the prefix applied
};

std::string encode_state_machine(const KeyValueMap& map, const SessionTable& sessions, std::uint64_t prefix_hash);
// nullopt if the bytes are not an encoding (a torn or corrupted snapshot).
std::optional<DecodedStateMachine> decode_state_machine(const std::string& bytes);

}  // namespace sim
