// `raftsim node`, `raftsim cluster` and `raftsim live-check`: the command line of the
// live host (sim/cli/command_live.cpp). main.cpp registers them with one call and runs the
// one parsed with another.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "sim/live/live_check.h"
#include "sim/live/local_cluster.h"
#include "sim/live/server.h"

namespace sim::live {

struct CommandOptions {
  // node
  ServerOptions node;
  std::string peers, http;
  std::int64_t election_timeout_min_ms = 1500, election_timeout_max_ms = 3000, heartbeat_ms = 150;
  std::int64_t request_timeout_ms = 5000;
  // cluster
  LocalClusterOptions cluster;
  // live-check: a faster cluster than a class's, so that faults heal within the run
  LiveCheckOptions check;
  bool no_faults = false;
};

struct LiveCommands {
  CLI::App* node = nullptr;
  CLI::App* cluster = nullptr;
  CLI::App* live_check = nullptr;
};

LiveCommands add_live_commands(CLI::App& app, CommandOptions& options);
// The exit code of the live command that was parsed, or -1 if none was.
int run_live_command(const LiveCommands& commands, CommandOptions& options);

}  // namespace sim::live
