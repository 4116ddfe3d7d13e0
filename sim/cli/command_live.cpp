// The command line of the live host: `raftsim node`, `cluster` and `live-check`
// (docs/live.md). Options are read here; sim/live/ does the work.
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/live/address.h"
#include "sim/live/cluster.h"
#include "sim/live/command.h"
#include "sim/live/run_node.h"

namespace sim::live {
namespace {

const char* const kLiveExitCodes =
    "EXIT CODES\n"
    "  0  stopped cleanly (SIGINT or SIGTERM); live-check: the history is linearizable and every acknowledged\n"
    "     write was found\n"
    "  1  live-check: an acknowledged write is missing, the nodes disagree, or the cluster did not settle\n"
    "  2  bad arguments (an unknown peer, a bad address, --id not among --peers)\n"
    "  3  live-check: the history is not linearizable (the window of operations is printed)\n"
    "  5  live-check: the linearizability checker ran out of its search budget\n"
    "  6  a port is in use, or an address is not this machine's\n"
    "  7  the data directory is another node's or cluster's, its WAL is corrupt, or it is in use\n"
    "  8  a write or fsync failed while running (a full disk): the node stopped, acknowledging nothing it\n"
    "     could not persist\n";

// CLI11's Range, without its "INT in [1 - 15]" in --help: the descriptions say the range in words.
template <typename T>
CLI::Validator range(T low, T high) {
  CLI::Validator validator = CLI::Range(low, high);
  validator.description("");
  return validator;
}

CLI::Validator address_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        Parsed<Address> parsed = parse_address(text);
        return parsed.value ? "" : parsed.error;
      },
      "");
}

struct Timing {
  std::int64_t& election_timeout_min_ms;
  std::int64_t& election_timeout_max_ms;
  std::int64_t& heartbeat_ms;
  std::int64_t& request_timeout_ms;
};

void add_timing_options(CLI::App& command, Timing timing) {
  const auto in_ms = [](std::int64_t value) { return " (default " + std::to_string(value) + ")"; };
  command.add_option("--election-timeout-min", timing.election_timeout_min_ms,
                     "Shortest election timeout, in milliseconds, from 10 to 600000" + in_ms(timing.election_timeout_min_ms))
      ->type_name("MILLISECONDS")->check(range(10, 600000));
  command.add_option("--election-timeout-max", timing.election_timeout_max_ms,
                     "Longest election timeout, in milliseconds, from 10 to 600000" + in_ms(timing.election_timeout_max_ms))
      ->type_name("MILLISECONDS")->check(range(10, 600000));
  command.add_option("--heartbeat", timing.heartbeat_ms,
                     "The leader's heartbeat interval, in milliseconds, shorter than the election timeout" + in_ms(timing.heartbeat_ms))
      ->type_name("MILLISECONDS")->check(range(1, 600000));
  command.add_option("--request-timeout", timing.request_timeout_ms,
                     "Every HTTP request is answered within this many milliseconds, from 100 to 600000" + in_ms(timing.request_timeout_ms))
      ->type_name("MILLISECONDS")->check(range(100, 600000));
}

// The timing options' values must make sense together (the node checks them too).
bool timing_is_valid(std::int64_t min_ms, std::int64_t max_ms, std::int64_t heartbeat_ms, const char* command) {
  if (min_ms <= max_ms && heartbeat_ms < min_ms) return true;
  std::cerr << "raftsim " << command << ": error: --election-timeout-min must be at most --election-timeout-max, and "
            << "--heartbeat below --election-timeout-min\n  hint: e.g. --election-timeout-min 300 --election-timeout-max 600 --heartbeat 50\n";
  return false;
}

CLI::App* add_node_command(CLI::App& app, CommandOptions& options) {
  CLI::App* node = app.add_subcommand("node", "Run one live Raft server: TCP to its peers, a WAL on disk, an HTTP API");
  node->footer(std::string("EXAMPLE\n"
                           "  raftsim node --id 1 --peers 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003 \\\n"
                           "               --data /tmp/raft/n1 --http 127.0.0.1:8001\n"
                           "  curl -X PUT --data 31 http://127.0.0.1:8001/kv/age; curl http://127.0.0.1:8001/status\n"
                           "See docs/live.md (wire format, WAL format, HTTP API).\n\n") +
               kLiveExitCodes);
  node->add_option("--id", options.node.id, "This server's id, from 1 to 15")->type_name("N")->required()->check(range(1, 15));
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
  add_timing_options(*node, Timing{options.election_timeout_min_ms, options.election_timeout_max_ms, options.heartbeat_ms,
                                   options.request_timeout_ms});
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

CLI::App* add_cluster_command(CLI::App& app, LocalClusterOptions& cluster) {
  CLI::App* command = app.add_subcommand("cluster", "Start a local cluster of live servers on free loopback ports, for a class");
  command->footer(std::string("EXAMPLE\n"
                              "  raftsim cluster --nodes 3 --data /tmp/raft\n"
                              "It prints each node's address; type 'kill N', 'pause N', 'resume N', 'restart N', 'status'\n"
                              "or 'quit'; Ctrl-C stops every node. Each node's log is DIR/nN.log. See the README.\n\n") +
                  kLiveExitCodes);
  command->add_option("--nodes", cluster.nodes, "How many servers, from 1 to 15 (default 3)")->type_name("N")->check(range(1, 15));
  command->add_option("--data", cluster.data, "The cluster's directory (DIR/n1, DIR/n2, ...; kept between runs)")
      ->type_name("DIR")->required();
  add_timing_options(*command, Timing{cluster.election_timeout_min_ms, cluster.election_timeout_max_ms, cluster.heartbeat_ms,
                                      cluster.request_timeout_ms});
  command->add_flag("--trace", cluster.trace, "Each node writes its events to DIR/nN.trace.jsonl (docs/trace.md, real time)");
  return command;
}

CLI::App* add_live_check_command(CLI::App& app, LiveCheckOptions& check, bool& no_faults) {
  CLI::App* command = app.add_subcommand("live-check", "Read and write through a local live cluster while killing, pausing, "
                                                       "restarting and cutting off servers; check the history is linearizable");
  command->footer(std::string("EXAMPLE\n"
                              "  raftsim live-check --duration 30 --seed 7 --history history.jsonl\n"
                              "It prints every fault, then the operations acknowledged, unknown and failed, the faults,\n"
                              "throughput, latency, the time to elect a new leader after a SIGKILL and the linearizability\n"
                              "checker's verdict. raftsim lincheck history.jsonl re-checks the history. See docs/live.md.\n\n") +
                  kLiveExitCodes);
  command->add_option("--nodes", check.cluster.nodes, "How many servers, from 3 to 7 (default 3)")->type_name("N")->check(range(3, 7));
  command->add_option("--data", check.cluster.data, "The cluster's directory (default: a temporary one, removed if the check passes)")
      ->type_name("DIR");
  command->add_option("--duration", check.seconds, "Seconds of workload and faults, from 1 to 3600 (default 30)")
      ->type_name("SECONDS")->check(range(1.0, 3600.0));
  command->add_option("--clients", check.clients, "Concurrent clients, from 1 to 64 (default 4)")->type_name("N")->check(range(1, 64));
  command->add_option("--seed", check.seed, "Seeds the fault schedule and the clients' choices (the run itself is not repeatable)")
      ->type_name("SEED");
  command->add_option("--keys", check.keys, "Shared keys the clients read and write, from 1 to 16 (default 3)")
      ->type_name("N")->check(range(1, 16));
  command->add_flag("--no-faults", no_faults, "Only the workload: for throughput and latency figures");
  command->add_option("--history", check.history, "Write every operation to FILE (docs/trace.md; raftsim lincheck FILE re-checks it)")->type_name("FILE");
  add_timing_options(*command, Timing{check.cluster.election_timeout_min_ms, check.cluster.election_timeout_max_ms,
                                      check.cluster.heartbeat_ms, check.cluster.request_timeout_ms});
  command->add_flag("--trace", check.cluster.trace, "Each node writes its events to DIR/nN.trace.jsonl (needs --data)");
  return command;
}

}  // namespace

LiveCommands add_live_commands(CLI::App& app, CommandOptions& options) {
  LiveCommands commands;
  commands.node = add_node_command(app, options);
  commands.cluster = add_cluster_command(app, options.cluster);
  options.check.cluster.election_timeout_min_ms = 300;
  options.check.cluster.election_timeout_max_ms = 600;
  options.check.cluster.heartbeat_ms = 50;
  options.check.cluster.request_timeout_ms = 2000;
  commands.live_check = add_live_check_command(app, options.check, options.no_faults);
  return commands;
}

int run_live_command(const LiveCommands& commands, CommandOptions& options) {
  if (*commands.node) {
    resolve_node(options);
    return finish(run_node(options.node));
  }
  if (*commands.cluster) {
    const LocalClusterOptions& cluster = options.cluster;
    if (!timing_is_valid(cluster.election_timeout_min_ms, cluster.election_timeout_max_ms, cluster.heartbeat_ms, "cluster"))
      return kExitBadInput;
    return run_cluster(cluster);
  }
  if (*commands.live_check) {
    LocalClusterOptions& cluster = options.check.cluster;
    if (!timing_is_valid(cluster.election_timeout_min_ms, cluster.election_timeout_max_ms, cluster.heartbeat_ms, "live-check"))
      return kExitBadInput;
    if (cluster.trace && cluster.data.empty())
      return std::cerr << "raftsim live-check: error: --trace needs --data\n  hint: the traces are written there\n", kExitBadInput;
    options.check.faults = !options.no_faults;
    return run_live_check(options.check);
  }
  return -1;
}

}  // namespace sim::live
