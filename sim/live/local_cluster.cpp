#include "sim/live/local_cluster.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace sim::live {

std::vector<std::uint16_t> free_loopback_ports(int count, std::string& error) {
  // Every socket stays bound until all are chosen, so the ports are distinct.
  std::vector<int> sockets;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < count && error.empty(); ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      error = std::string("cannot find a free loopback port: ") + std::strerror(errno);
    } else {
      ports.push_back(ntohs(address.sin_port));
    }
    if (fd >= 0) sockets.push_back(fd);
  }
  for (int fd : sockets) ::close(fd);
  return ports;
}

// The cluster's name, kept in DIR/cluster-name: every node's WAL carries it, so a
// directory of another cluster is refused. New directories get a fresh random name.
std::string LocalCluster::cluster_name_in(const std::string& directory) {
  const std::string path = directory + "/cluster-name";
  std::ifstream in(path);
  std::string name;
  if (in && std::getline(in, name) && !name.empty()) return name;
  std::random_device random;
  char text[32];
  std::snprintf(text, sizeof text, "local-%08x", random());
  std::ofstream out(path);
  out << text << "\n";
  return out ? text : "";
}

std::string LocalCluster::start() {
  program_ = options_.program.empty() ? own_program() : options_.program;
  if (program_.empty()) return "cannot find this program's path (/proc/self/exe)";
  std::error_code created;
  std::filesystem::create_directories(options_.data, created);  // its parents too, as `mkdir -p`
  if (created) return "cannot create '" + options_.data + "': " + created.message();
  name_ = cluster_name_in(options_.data);
  if (name_.empty()) return "cannot write '" + options_.data + "/cluster-name'";
  std::string error;
  const std::vector<std::uint16_t> ports = free_loopback_ports(2 * options_.nodes, error);
  if (!error.empty()) return error;
  for (int id = 1; id <= options_.nodes; ++id) {
    auto member = std::make_unique<Member>();
    member->id = id;
    member->raft = Address{"127.0.0.1", ports[static_cast<std::size_t>(2 * (id - 1))]};
    member->http = Address{"127.0.0.1", ports[static_cast<std::size_t>(2 * (id - 1) + 1)]};
    member->data = options_.data + "/n" + std::to_string(id);
    member->log = options_.data + "/n" + std::to_string(id) + ".log";
    members_.push_back(std::move(member));
  }
  error = route_peers();
  if (!error.empty()) return error;
  for (int id = 1; id <= options_.nodes; ++id) {
    error = restart(id);
    if (!error.empty()) return error;
  }
  return "";
}

// Each member's --peers: its own Raft address, and for each peer the address the route
// gives (the peer's own, or a proxy in front of it).
std::string LocalCluster::route_peers() {
  for (auto& member : members_) {
    for (auto& peer : members_) {
      Address via = peer->raft;
      if (peer != member && options_.route) {
        std::string error = options_.route(member->id, peer->id, peer->raft, via);
        if (!error.empty()) return error;
      }
      member->peers += (member->peers.empty() ? "" : ",") + std::to_string(peer->id) + "=" + via.text();
    }
  }
  return "";
}

std::vector<std::string> LocalCluster::command_line(int id) const {
  const Member& member = *members_.at(static_cast<std::size_t>(id - 1));
  std::vector<std::string> argv = {program_, "node", "--id", std::to_string(id), "--peers", member.peers, "--data", member.data,
                                   "--http", member.http.text(), "--cluster", name_,
                                   "--election-timeout-min", std::to_string(options_.election_timeout_min_ms),
                                   "--election-timeout-max", std::to_string(options_.election_timeout_max_ms),
                                   "--heartbeat", std::to_string(options_.heartbeat_ms),
                                   "--request-timeout", std::to_string(options_.request_timeout_ms)};
  if (options_.trace) {
    const std::string suffix = member.starts == 0 ? "" : "." + std::to_string(member.starts + 1);
    argv.insert(argv.end(), {"--trace", options_.data + "/n" + std::to_string(id) + ".trace" + suffix + ".jsonl"});
  }
  return argv;
}

std::string LocalCluster::restart(int id) {
  Member& member = this->member(id);
  if (member.process.running()) return "node " + std::to_string(id) + " is running";
  std::string error = member.process.start(command_line(id), member.log);
  if (error.empty()) ++member.starts;
  return error;
}

void LocalCluster::stop_all() {
  for (auto& member : members_) member->process.ask_to_stop();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (auto& member : members_) member->process.wait_or_kill(deadline);
}

}  // namespace sim::live
