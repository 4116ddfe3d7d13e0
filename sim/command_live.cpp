// The command line of the live host: `raftsim node`, `cluster` and `live-check`
// (docs/live.md). Options are read here; sim/live/ does the work.
#include <iostream>

#include "sim/commands.h"
#include "sim/live/address.h"
#include "sim/live/command.h"
#include "sim/live/run_node.h"

namespace sim::live {
namespace {

const char* const kLiveExitCodes =
    "EXIT CODES\n"
    "  0  stopped cleanly (SIGINT or SIGTERM); live-check: every acknowledged write was found\n"
    "  1  live-check: an acknowledged write is missing, or the cluster did not settle\n"
    "  2  bad arguments (an unknown peer, a bad address, --id not among --peers)\n"
    "  5  a port is in use, or an address is not this machine's\n"
    "  6  the data directory is another node's or cluster's, its WAL is corrupt, or it is in use\n"
    "  7  a write or fsync failed while running (a full disk): the node stopped, acknowledging nothing it\n"
    "     could not persist\n";

CLI::Validator address_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        Parsed<Address> parsed = parse_address(text);
        return parsed.value ? "" : parsed.error;
      },
      "");
}

void add_timing_options(CLI::App& command, CommandOptions& options) {
  command.add_option("--election-timeout-min", options.election_timeout_min_ms,
                     "Shortest election timeout, in milliseconds, from 10 to 600000 (default 1500, as the original)")
      ->type_name("MILLISECONDS")->check(CLI::Range(10, 600000));
  command.add_option("--election-timeout-max", options.election_timeout_max_ms,
                     "Longest election timeout, in milliseconds, from 10 to 600000 (default 3000)")
      ->type_name("MILLISECONDS")->check(CLI::Range(10, 600000));
  command.add_option("--heartbeat", options.heartbeat_ms, "The leader's heartbeat interval, in milliseconds (default 150)")
      ->type_name("MILLISECONDS")->check(CLI::Range(1, 600000));
  command.add_option("--request-timeout", options.request_timeout_ms,
                     "Every HTTP request is answered within this many milliseconds, from 100 to 600000 (default 5000)")
      ->type_name("MILLISECONDS")->check(CLI::Range(100, 600000));
}

CLI::App* add_node_command(CLI::App& app, CommandOptions& options) {
  CLI::App* node = app.add_subcommand("node", "Run one live Raft server: TCP to its peers, a WAL on disk, an HTTP API");
  node->footer(std::string("EXAMPLE\n"
                           "  raftsim node --id 1 --peers 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003 \\\n"
                           "               --data /tmp/raft/n1 --http 127.0.0.1:8001\n"
                           "  curl -X PUT --data 31 http://127.0.0.1:8001/kv/age; curl http://127.0.0.1:8001/status\n"
                           "See docs/live.md (wire format, WAL format, HTTP API).\n\n") +
               kLiveExitCodes);
  node->add_option("--id", options.node.id, "This server's id, from 1 to 15")->type_name("N")->required()->check(CLI::Range(1, 15));
  node->add_option("--peers", options.peers, "Every member with its Raft address, this one included: 1=HOST:PORT,2=HOST:PORT,...")
      ->type_name("LIST")->required()->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            std::string error = parse_peers(text).error;
            return error.starts_with("--peers: ") ? error.substr(9) : error;  // CLI11 names the option itself
          }, ""));
  node->add_option("--data", options.node.data, "The data directory (holds the write-ahead log; created if missing)")
      ->type_name("DIR")->required();
  node->add_option("--http", options.http, "Where clients reach this server: HOST:PORT")
      ->type_name("HOST:PORT")->required()->check(address_validator());
  node->add_option("--cluster", options.node.cluster, "The cluster's name, kept in the WAL (default raftsim)")->type_name("NAME");
  add_timing_options(*node, options);
  node->add_flag("--redirect", options.node.redirect, "Followers answer 307 with the leader's address instead of forwarding");
  node->add_option("--trace", options.node.trace, "Write this server's events as JSON Lines to FILE (docs/trace.md, real time)")
      ->type_name("FILE");
  return node;
}

void resolve_node(CommandOptions& options) {
  options.node.peers = *parse_peers(options.peers).value;
  options.node.http = *parse_address(options.http).value;
  options.node.election_timeout_min = options.election_timeout_min_ms * raft::kMillisecond;
  options.node.election_timeout_max = options.election_timeout_max_ms * raft::kMillisecond;
  options.node.heartbeat_interval = options.heartbeat_ms * raft::kMillisecond;
  options.node.request_timeout = options.request_timeout_ms * raft::kMillisecond;
}

}  // namespace

LiveCommands add_live_commands(CLI::App& app, CommandOptions& options) {
  LiveCommands commands;
  commands.node = add_node_command(app, options);
  return commands;
}

int run_live_command(const LiveCommands& commands, CommandOptions& options) {
  if (*commands.node) {
    resolve_node(options);
    return finish(run_node(options.node));
  }
  return -1;
}

}  // namespace sim::live
