#include "sim/live/run_node.h"

#include <asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <random>

#include "sim/cli/commands.h"
#include "sim/io/safe_text.h"
#include "sim/live/exit_codes.h"
#include "sim/live/http_api.h"

namespace sim::live {
namespace {

std::string wall_clock_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S", std::gmtime(&seconds));
  char with_millis[40];
  std::snprintf(with_millis, sizeof with_millis, "%s.%03lld", text, static_cast<long long>(millis));
  return with_millis;
}

// Log lines go to standard error, one per line, each with the time and the node.
Server::Log logger(raft::NodeId id) {
  return [id](const std::string& line) { std::cerr << wall_clock_now() << " node " << id << ": " << line << std::endl; };
}

int fail(int code, const std::string& error, const std::string& hint) {
  std::cerr << "raftsim node: error: " << error << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << hint << "\n";
  return code;
}

}  // namespace

std::string check_node_options(const ServerOptions& options) {
  if (!options.peers.count(options.id))
    return "--id " + std::to_string(options.id) + " is not among --peers (which lists nodes 1 to " +
           std::to_string(options.peers.size()) + ")";
  for (const auto& [id, address] : options.peers)
    if (id != options.id && address == options.peers.at(options.id))
      return "nodes " + std::to_string(options.id) + " and " + std::to_string(id) + " have the same address " + address.text();
  if (options.http == options.peers.at(options.id)) return "--http is the address this node uses for its peers";
  if (options.election_timeout_max < options.election_timeout_min) return "--election-timeout-min is above --election-timeout-max";
  if (options.heartbeat_interval >= options.election_timeout_min)
    return "--heartbeat must be shorter than --election-timeout-min, or followers time out between heartbeats";
  return "";
}

int run_node(const ServerOptions& options) {
  const std::string problem = check_node_options(options);
  if (!problem.empty()) return fail(kExitBadInput, problem, "see 'raftsim node --help'");
  std::signal(SIGPIPE, SIG_IGN);  // a peer that vanishes mid-write is an error code, not a signal
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit fails the write (EFBIG), like a full disk
  const Server::Log log = logger(options.id);

  WalIdentity identity{options.cluster, options.id, {}};
  for (const auto& [id, address] : options.peers) identity.members.push_back(id);
  WalOpened opened = Wal::open(options.data, identity);
  if (!opened.wal) return fail(kExitBadDataDir, opened.error, opened.hint);
  if (!opened.note.empty()) log(opened.note);
  log("recovered term " + std::to_string(opened.state.hard_state.current_term) + ", vote " +
      std::to_string(opened.state.hard_state.voted_for) + ", " + std::to_string(opened.state.log.size()) + " log entries");

  // The seed only spreads election timeouts; a live run is not meant to repeat.
  const std::uint64_t seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  asio::io_context io;
  Server server(io, options, std::move(opened.state), std::move(opened.wal), seed, log);
  if (!options.trace.empty()) {
    const std::string error = server.open_trace(options.trace);
    if (!error.empty()) return fail(kExitOutputFailed, error, "");
  }
  std::string error = server.start();
  if (!error.empty()) return fail(kExitCannotListen, error, "choose another port, or stop what uses it");
  HttpApi http(io, server, options);
  error = http.bind();
  if (!error.empty()) return fail(kExitCannotListen, error, "choose another --http port");
  http.start();
  log("raft on " + options.peers.at(options.id).text() + ", http on http://" + options.http.text() + ", data in " +
      printable(options.data));

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](asio::error_code, int signal) {
    log(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
    io.stop();
  });
  io.run();
  http.stop();
  return server.storage_failed() ? kExitStorageFailed : kExitPassed;
}

}  // namespace sim::live
