// Three real `raftsim node` processes on free loopback ports: writes through every node
// are acknowledged, the leader is killed with SIGKILL, writing goes on, the old leader is
// restarted from its WAL, and every acknowledged write is then on all three. No timing is
// asserted: every wait is a generous bound (a loaded 2-core machine must pass).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim/live/http_client.h"
#include "sim/live/local_cluster.h"

namespace {

using namespace sim::live;
using Clock = std::chrono::steady_clock;
constexpr auto kPatience = std::chrono::seconds(60);

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "raftsim-cluster-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

LocalClusterOptions test_cluster(const std::string& data) {
  LocalClusterOptions options;
  options.nodes = 3;
  options.data = data;
  options.election_timeout_min_ms = 300;
  options.election_timeout_max_ms = 600;
  options.heartbeat_ms = 50;
  options.request_timeout_ms = 3000;
  options.program = RAFTSIM_BINARY;
  return options;
}

nlohmann::json status_of(Member& member) {
  HttpAnswer answer = http_get(member.http, "/status", 2000);
  if (answer.status != 200) return nlohmann::json();
  return nlohmann::json::parse(answer.body, nullptr, false);
}

// The leader every running node names, once they agree on one.
int wait_for_leader(LocalCluster& cluster, int other_than = 0) {
  const Clock::time_point start = Clock::now();
  while (Clock::now() - start < kPatience) {
    int leader = 0;
    bool agreed = true;
    for (auto& member : cluster.members()) {
      if (!member->process.running()) continue;
      const nlohmann::json status = status_of(*member);
      const int named = status.is_object() ? status.value("leader", 0) : 0;
      agreed = agreed && named != 0 && named != other_than && (leader == 0 || named == leader);
      leader = named;
    }
    if (agreed && leader != 0) return leader;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

// Writes key=value through `node` until it is acknowledged (a 503 during an election is
// retried); false if it never is.
bool write_through(Member& node, const std::string& key, const std::string& value) {
  const Clock::time_point start = Clock::now();
  while (Clock::now() - start < kPatience) {
    const HttpAnswer answer = http_put(node.http, "/kv/" + key, value, 5000);
    if (answer.status == 200) return answer.body == "OK\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Whether every node has applied key=value for every pair, waiting for stragglers.
bool everywhere(LocalCluster& cluster, const std::vector<std::pair<std::string, std::string>>& writes) {
  const Clock::time_point start = Clock::now();
  for (auto& member : cluster.members()) {
    for (const auto& [key, value] : writes) {
      while (http_get(member->http, "/kv/" + key + "?local=1", 2000).body != value) {
        if (Clock::now() - start > kPatience) {
          MESSAGE("node ", member->id, " lacks ", key, "=", value);
          return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }
  return true;
}

}  // namespace

TEST_CASE("a live cluster keeps every acknowledged write across a SIGKILL of its leader and its restart") {
  TempDir dir;
  LocalCluster cluster(test_cluster((dir.path / "data").string()));
  REQUIRE(cluster.start() == "");
  const int leader = wait_for_leader(cluster);
  REQUIRE(leader != 0);

  std::vector<std::pair<std::string, std::string>> acknowledged;
  auto write = [&](int node, const std::string& key) {
    const std::string value = "value-of-" + key;
    REQUIRE(write_through(cluster.member(node), key, value));
    acknowledged.emplace_back(key, value);
  };
  for (int node = 1; node <= 3; ++node)  // through every node: followers forward to the leader
    for (int i = 0; i < 5; ++i) write(node, "before-" + std::to_string(node) + "-" + std::to_string(i));

  cluster.member(leader).process.signal(SIGKILL);
  while (cluster.member(leader).process.running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const int successor = wait_for_leader(cluster, leader);
  REQUIRE(successor != 0);
  for (int node = 1; node <= 3; ++node)
    if (node != leader)
      for (int i = 0; i < 5; ++i) write(node, "during-" + std::to_string(node) + "-" + std::to_string(i));

  REQUIRE(cluster.restart(leader) == "");
  for (int node = 1; node <= 3; ++node)
    for (int i = 0; i < 3; ++i) write(node, "after-" + std::to_string(node) + "-" + std::to_string(i));
  CHECK(everywhere(cluster, acknowledged));

  // A read through the log, from the restarted node, sees the latest write.
  HttpAnswer read = http_get(cluster.member(leader).http, "/kv/after-3-2", 5000);
  CHECK(read.status == 200);
  CHECK(read.body == "value-of-after-3-2");
  cluster.stop_all();
  for (auto& member : cluster.members()) CHECK(member->process.ending() == "exit 0");
}
