// A local cluster of `raftsim node` processes on free loopback ports, one data
// directory each (DIR/n1, DIR/n2, ...) and one log each (DIR/n1.log, ...). Used by
// `raftsim cluster` (for a class) and `raftsim live-check` (which kills, pauses and
// restarts its members). Every process is stopped when the LocalCluster goes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/live/address.h"
#include "sim/live/process.h"

namespace sim::live {

struct LocalClusterOptions {
  int nodes = 3;
  std::string data;  // the cluster's directory
  std::int64_t election_timeout_min_ms = 1500, election_timeout_max_ms = 3000, heartbeat_ms = 150;
  std::int64_t request_timeout_ms = 5000;
  bool trace = false;    // each node writes DIR/nN.trace.jsonl (one file per start: .2, .3 after restarts)
  std::string program;  // the raftsim binary to start (default: this program itself)
  // Where node `from` reaches node `to` (whose Raft port is `raft`): by default `raft`
  // itself; live-check puts a proxy there, to cut the link (link_proxy.h). Empty: an error.
  std::function<std::string(int from, int to, const Address& raft, Address& via)> route;
};

struct Member {
  int id = 0;
  Address raft;
  Address http;
  std::string data;
  std::string log;
  std::string peers;  // its --peers: its own Raft address, and where it reaches each peer
  int starts = 0;
  ChildProcess process;
};

class LocalCluster {
 public:
  explicit LocalCluster(LocalClusterOptions options) : options_(std::move(options)) {}
  ~LocalCluster() { stop_all(); }

  // Creates the directory, picks free ports, and starts every node; the error if not.
  std::string start();
  std::string restart(int id);  // a node whose process has ended
  void stop_all();
  std::vector<std::unique_ptr<Member>>& members() { return members_; }
  Member& member(int id) { return *members_.at(static_cast<std::size_t>(id - 1)); }
  // The command line that starts node `id` (to print, or to run).
  std::vector<std::string> command_line(int id) const;
  const std::string& cluster_name() const { return name_; }

 private:
  std::string cluster_name_in(const std::string& directory);
  std::string route_peers();

  LocalClusterOptions options_;
  std::string program_;
  std::string name_;
  std::vector<std::unique_ptr<Member>> members_;
};

// `count` distinct loopback ports that are free now (the OS picks them).
std::vector<std::uint16_t> free_loopback_ports(int count, std::string& error);

}  // namespace sim::live
