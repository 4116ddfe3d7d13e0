#include "sim/live/cluster.h"

#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/live/exit_codes.h"

namespace sim::live {
namespace {

volatile std::sig_atomic_t interrupted = 0;
void on_interrupt(int) { interrupted = 1; }

void print_reach(LocalCluster& cluster, const std::string& data) {
  std::cout << "raftsim cluster: " << cluster.members().size() << " nodes on loopback, cluster '" << cluster.cluster_name()
            << "', data in " << data << "\n";
  for (auto& member : cluster.members())
    std::cout << "  node " << member->id << ": http://" << member->http.text() << "  raft " << member->raft.text()
              << "  pid " << member->process.pid() << "  log " << member->log << "\n";
  const std::string first = "http://" + cluster.members().front()->http.text();
  const std::string last = "http://" + cluster.members().back()->http.text();
  std::cout << "Try:\n"
            << "  curl -X PUT --data 31 " << first << "/kv/age     # a write, forwarded to the leader\n"
            << "  curl " << last << "/kv/age                      # a read, through the log\n"
            << "  curl " << first << "/status                     # role, term, leader, commit index\n"
            << "  curl '" << first << "/req?age=32'               # the original system's write\n"
            << "Type 'kill N', 'pause N', 'resume N', 'restart N', 'status' or 'quit'; Ctrl-C stops every node.\n"
            << std::flush;
}

// Reports nodes whose process has ended since the last look.
void report_deaths(LocalCluster& cluster, std::vector<bool>& alive) {
  for (auto& member : cluster.members()) {
    const bool running = member->process.running();
    if (alive[member->id] && !running)
      std::cout << "node " << member->id << " stopped (" << member->process.ending() << "); 'restart " << member->id
                << "' starts it again on the same data\n" << std::flush;
    alive[member->id] = running;
  }
}

void handle_line(LocalCluster& cluster, const std::string& line, std::vector<bool>& alive) {
  std::istringstream words(line);
  std::string verb;
  int id = 0;
  words >> verb >> id;
  if (verb.empty()) return;
  if (verb == "status") {
    for (auto& member : cluster.members())
      std::cout << "  node " << member->id << ": " << (member->process.running() ? "running, pid " + std::to_string(member->process.pid()) : "stopped")
                << "  curl http://" << member->http.text() << "/status\n";
    return;
  }
  if (id < 1 || id > static_cast<int>(cluster.members().size())) {
    std::cout << "expected kill N, pause N, resume N, restart N (N from 1 to " << cluster.members().size()
              << "), status or quit\n";
    return;
  }
  Member& member = cluster.member(id);
  if (verb == "kill") member.process.signal(SIGKILL);
  else if (verb == "pause") member.process.signal(SIGSTOP);
  else if (verb == "resume") member.process.signal(SIGCONT);
  else if (verb == "restart") {
    const std::string error = cluster.restart(id);
    std::cout << (error.empty() ? "node " + std::to_string(id) + " restarted, pid " + std::to_string(member.process.pid()) : error) << "\n";
    alive[id] = error.empty();
  } else {
    std::cout << "unknown command '" << verb << "'\n";
  }
  std::cout << std::flush;
}

}  // namespace

int run_cluster(const LocalClusterOptions& options) {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  LocalCluster cluster(options);
  const std::string error = cluster.start();
  if (!error.empty()) {
    std::cerr << "raftsim cluster: error: " << error << "\n";
    return kExitCannotListen;
  }
  print_reach(cluster, options.data);
  std::vector<bool> alive(cluster.members().size() + 1, true);
  bool input_open = true;
  std::string pending;
  while (!interrupted) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    if (input_open && ::poll(&input, 1, 200) > 0) {
      char buffer[256];
      const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (got <= 0) input_open = false;  // end of input: keep running until Ctrl-C
      else pending.append(buffer, static_cast<std::size_t>(got));
      for (std::size_t newline; (newline = pending.find('\n')) != std::string::npos; pending.erase(0, newline + 1)) {
        const std::string line = pending.substr(0, newline);
        if (line == "quit") interrupted = 1;
        else handle_line(cluster, line, alive);
      }
    } else if (!input_open) {
      ::usleep(200000);
    }
    report_deaths(cluster, alive);
  }
  std::cout << "stopping every node..." << std::endl;
  cluster.stop_all();
  for (auto& member : cluster.members())
    std::cout << "  node " << member->id << ": " << (member->process.ending().empty() ? "stopped" : member->process.ending()) << "\n";
  return finish(kExitPassed);
}

}  // namespace sim::live
