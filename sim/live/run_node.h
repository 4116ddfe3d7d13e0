// `raftsim node`: one live server until SIGINT or SIGTERM (docs/live.md).
#pragma once

#include "sim/live/server.h"

namespace sim::live {

// Checks the options, recovers the WAL, listens, and runs the event loop. Returns an
// exit code of sim/cli/commands.h or sim/live/exit_codes.h.
int run_node(const ServerOptions& options);

// Why the options cannot run (empty if they can): --id among --peers, addresses apart.
std::string check_node_options(const ServerOptions& options);

}  // namespace sim::live
