#include "sim/live/live_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/random.h"
#include "sim/commands.h"
#include "sim/live/exit_codes.h"
#include "sim/live/http_client.h"
#include "sim/output_file.h"

namespace sim::live {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kClientTimeoutMs = 4000;

struct Operation {
  int client = 0;
  int node = 0;
  std::string key, value;
  std::int64_t start_us = 0, end_us = 0;
  int status = 0;  // 200: acknowledged; anything else: not (it may still have been applied)
};

struct Figures {
  std::vector<double> latencies_ms;      // of acknowledged writes
  std::vector<double> elections_ms;      // from a leader's SIGKILL to a new leader seen
  int kills = 0, pauses = 0, restarts = 0;
};

std::int64_t micros_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// One client: unique keys, written through a node picked at random, until `stop`.
void run_client(int client, LocalCluster& cluster, std::uint64_t seed, Clock::time_point start, const std::atomic<bool>& stop,
                std::mutex& lock, std::vector<Operation>& history) {
  raft::Prng random(raft::derive_seed(seed, 100 + static_cast<std::uint64_t>(client)));
  const int nodes = static_cast<int>(cluster.members().size());
  for (int n = 1; !stop; ++n) {
    Operation op;
    op.client = client;
    op.node = 1 + static_cast<int>(random.below(static_cast<std::uint64_t>(nodes)));
    op.key = "c" + std::to_string(client) + "-" + std::to_string(n);
    op.value = "v" + std::to_string(n);
    op.start_us = micros_since(start);
    op.status = http_put(cluster.member(op.node).http, "/kv/" + op.key, op.value, kClientTimeoutMs).status;
    op.end_us = micros_since(start);
    {
      std::lock_guard<std::mutex> guard(lock);
      history.push_back(op);
    }
    if (op.status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a moment for an election
  }
}

// The node every running node names as leader, if they agree (0 if not).
int agreed_leader(LocalCluster& cluster) {
  int leader = 0;
  for (auto& member : cluster.members()) {
    if (!member->process.running()) continue;
    HttpAnswer status = http_get(member->http, "/status", 1000);
    if (status.status != 200) return 0;
    const nlohmann::json json = nlohmann::json::parse(status.body, nullptr, false);
    if (!json.is_object() || !json.contains("leader")) return 0;
    const int named = json["leader"].get<int>();
    if (named == 0 || (leader != 0 && named != leader)) return 0;
    leader = named;
  }
  return leader;
}

// Waits (up to `limit`) for the running nodes to agree on a leader other than `old`.
std::optional<double> wait_for_new_leader(LocalCluster& cluster, int old, std::chrono::seconds limit) {
  const Clock::time_point start = Clock::now();
  while (Clock::now() - start < limit) {
    const int leader = agreed_leader(cluster);
    if (leader != 0 && leader != old)
      return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

// One fault, then healing it: kill the leader (timing the election), kill another node,
// or pause one; at most one server is down at a time, so a majority can always serve.
void one_fault(LocalCluster& cluster, raft::Prng& random, Figures& figures) {
  const int nodes = static_cast<int>(cluster.members().size());
  const int leader = agreed_leader(cluster);
  const std::uint64_t kind = random.below(3);
  const int target = kind == 0 && leader != 0 ? leader : 1 + static_cast<int>(random.below(static_cast<std::uint64_t>(nodes)));
  Member& member = cluster.member(target);
  const auto down_for = std::chrono::milliseconds(random.between(500, 2000));
  if (kind == 2) {
    std::cout << "  pause node " << target << " for " << down_for.count() << " ms\n" << std::flush;
    member.process.signal(SIGSTOP);
    ++figures.pauses;
    std::this_thread::sleep_for(down_for);
    member.process.signal(SIGCONT);
    return;
  }
  std::cout << "  SIGKILL node " << target << (target == leader ? " (the leader)" : "") << ", restart after " << down_for.count()
            << " ms\n" << std::flush;
  member.process.signal(SIGKILL);
  ++figures.kills;
  const Clock::time_point killed = Clock::now();
  while (member.process.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (target == leader) {
    if (std::optional<double> elected = wait_for_new_leader(cluster, leader, std::chrono::seconds(20))) {
      figures.elections_ms.push_back(*elected);
      std::cout << "    new leader after " << static_cast<int>(*elected) << " ms\n" << std::flush;
    }
  }
  std::this_thread::sleep_until(killed + down_for);
  const std::string error = cluster.restart(target);
  if (error.empty()) ++figures.restarts;
  else std::cout << "    restart failed: " << error << "\n";
}

// After healing: one write through the leader, then every node must have applied it.
bool settle(LocalCluster& cluster, std::chrono::seconds limit) {
  const Clock::time_point start = Clock::now();
  bool written = false;
  while (Clock::now() - start < limit) {
    if (!written) written = http_put(cluster.member(1).http, "/kv/live-check-end", "done", 3000).status == 200;
    bool everywhere = written;
    for (auto& member : cluster.members())
      everywhere = everywhere && http_get(member->http, "/kv/live-check-end?local=1", 1000).body == "done";
    if (everywhere) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

bool write_history(const std::string& path, const std::vector<Operation>& history) {
  OutputFile file;
  if (std::optional<std::string> error = file.open(path, "history")) return std::cerr << *error << "\n", false;
  for (const Operation& op : history) {
    nlohmann::json line{{"client", op.client}, {"node", op.node}, {"op", "put"}, {"key", op.key}, {"value", op.value},
                        {"start_us", op.start_us}, {"end_us", op.end_us}, {"status", op.status}};
    file.write_line(line.dump());
  }
  if (std::optional<std::string> error = file.close()) return std::cerr << *error << "\n", false;
  return true;
}

}  // namespace

int run_live_check(LiveCheckOptions options) {
  bool temporary = false;
  if (options.cluster.data.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "raftsim-live-check-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return std::cerr << "raftsim live-check: error: cannot make a temporary directory\n", kExitBadDataDir;
    options.cluster.data = pattern;
    temporary = true;
  }
  std::cout << "live-check: " << options.cluster.nodes << " nodes, " << options.clients << " clients, " << options.seconds
            << " s, seed " << options.seed << (options.faults ? ", with faults" : ", no faults") << ", data in "
            << options.cluster.data << "\n" << std::flush;
  LocalCluster cluster(options.cluster);
  if (std::string error = cluster.start(); !error.empty())
    return std::cerr << "raftsim live-check: error: " << error << "\n", kExitCannotListen;
  if (!wait_for_new_leader(cluster, 0, std::chrono::seconds(30))) {
    std::cout << "FAILED: no leader within 30 s; the logs are in " << options.cluster.data << "\n";
    return finish(kExitExpectationFailed);
  }

  std::vector<Operation> history;
  std::mutex lock;
  std::atomic<bool> stop{false};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> clients;
  for (int client = 1; client <= options.clients; ++client)
    clients.emplace_back(run_client, client, std::ref(cluster), options.seed, start, std::cref(stop), std::ref(lock), std::ref(history));

  Figures figures;
  raft::Prng random(raft::derive_seed(options.seed, 1));
  const auto end = start + std::chrono::milliseconds(static_cast<std::int64_t>(options.seconds * 1000));
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(random.between(500, 1500)));
    if (options.faults && Clock::now() < end) one_fault(cluster, random, figures);
  }
  stop = true;
  for (std::thread& client : clients) client.join();
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();

  for (auto& member : cluster.members()) member->process.signal(SIGCONT);
  for (auto& member : cluster.members())
    if (!member->process.running()) cluster.restart(member->id);
  const bool settled = settle(cluster, std::chrono::seconds(60));

  std::size_t acknowledged = 0, missing = 0;
  for (const Operation& op : history) {
    if (op.status != 200) continue;
    ++acknowledged;
    figures.latencies_ms.push_back(static_cast<double>(op.end_us - op.start_us) / 1000.0);
    for (auto& member : cluster.members()) {
      HttpAnswer found = http_get(member->http, "/kv/" + op.key + "?local=1", 3000);
      if (found.status == 200 && found.body == op.value) continue;
      if (++missing <= 10)
        std::cout << "LOST: " << op.key << "=" << op.value << " (acknowledged by node " << op.node << ") is "
                  << (found.status == 404 ? "absent" : "'" + found.body + "'") << " on node " << member->id << "\n";
    }
  }
  cluster.stop_all();
  if (!options.history.empty() && !write_history(options.history, history)) return finish(kExitOutputFailed);

  std::printf("%zu writes, %zu acknowledged, %zu not (timed out or refused: outcome unknown or failed)\n", history.size(),
              acknowledged, history.size() - acknowledged);
  std::printf("faults: %d SIGKILL, %d pauses, %d restarts\n", figures.kills, figures.pauses, figures.restarts);
  std::printf("throughput: %.0f acknowledged writes/s; latency with fsync: median %.1f ms, p99 %.1f ms, max %.1f ms\n",
              static_cast<double>(acknowledged) / elapsed_s, percentile(figures.latencies_ms, 0.5),
              percentile(figures.latencies_ms, 0.99), percentile(figures.latencies_ms, 1.0));
  if (!figures.elections_ms.empty())
    std::printf("new leader after the leader's SIGKILL: median %.0f ms, max %.0f ms (%zu elections)\n",
                percentile(figures.elections_ms, 0.5), percentile(figures.elections_ms, 1.0), figures.elections_ms.size());
  const bool passed = settled && missing == 0 && acknowledged > 0;
  if (!settled) std::printf("FAILED: the healed cluster did not apply a final write on every node within 60 s\n");
  if (acknowledged == 0) std::printf("FAILED: no write was acknowledged\n");
  if (missing != 0) std::printf("FAILED: %zu acknowledged writes missing on some node\n", missing);
  if (passed) std::printf("passed: every acknowledged write is on every node\n");
  else std::printf("the logs are in %s\n", options.cluster.data.c_str());
  if (passed && temporary) std::filesystem::remove_all(options.cluster.data);
  return finish(passed ? kExitPassed : kExitExpectationFailed);
}

}  // namespace sim::live
