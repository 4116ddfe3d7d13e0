#include "sim/live/live_faults.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "sim/live/http_client.h"

namespace sim::live {
namespace {

using Clock = std::chrono::steady_clock;

void pause(Member& member, std::chrono::milliseconds down_for, FaultFigures& figures) {
  std::cout << "  pause node " << member.id << " for " << down_for.count() << " ms\n" << std::flush;
  member.process.signal(SIGSTOP);
  ++figures.pauses;
  std::this_thread::sleep_for(down_for);
  member.process.signal(SIGCONT);
}

void kill_and_restart(LocalCluster& cluster, Member& member, bool was_leader, std::chrono::milliseconds down_for,
                      FaultFigures& figures) {
  std::cout << "  SIGKILL node " << member.id << (was_leader ? " (the leader)" : "") << ", restart after " << down_for.count()
            << " ms\n" << std::flush;
  member.process.signal(SIGKILL);
  ++figures.kills;
  const Clock::time_point killed = Clock::now();
  while (member.process.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (was_leader) {
    if (std::optional<double> elected = wait_for_new_leader(cluster, member.id, std::chrono::seconds(20))) {
      figures.elections_ms.push_back(*elected);
      std::cout << "    new leader after " << static_cast<int>(*elected) << " ms\n" << std::flush;
    }
  }
  std::this_thread::sleep_until(killed + down_for);
  const std::string error = cluster.restart(member.id);
  if (error.empty()) ++figures.restarts;
  else std::cout << "    restart failed: " << error << "\n";
}

// Every link to and from `node`, both ways: its messages are lost, as are its peers'
// to it; its HTTP port stays open (clients still reach it, and it still forwards).
void isolate(LocalCluster& cluster, LinkProxy& proxy, int node, bool was_leader, std::chrono::milliseconds cut_for,
             FaultFigures& figures) {
  std::cout << "  cut node " << node << (was_leader ? " (the leader)" : "") << " off for " << cut_for.count() << " ms\n"
            << std::flush;
  ++figures.partitions;
  for (auto& peer : cluster.members()) {
    if (peer->id == node) continue;
    proxy.cut(node, peer->id);
    proxy.cut(peer->id, node);
    figures.links_cut += 2;
  }
  std::this_thread::sleep_for(cut_for);
  proxy.heal_all();
}

}  // namespace

void one_fault(LocalCluster& cluster, LinkProxy& proxy, raft::Prng& random, FaultFigures& figures) {
  const int nodes = static_cast<int>(cluster.members().size());
  const int leader = agreed_leader(cluster);
  // 0: kill the leader, 1: kill a node, 2: pause a node, 3: cut the leader off, 4: cut a node off.
  const std::uint64_t kind = random.below(5);
  const bool at_leader = (kind == 0 || kind == 3) && leader != 0;
  const int target = at_leader ? leader : 1 + static_cast<int>(random.below(static_cast<std::uint64_t>(nodes)));
  const auto lasting = std::chrono::milliseconds(random.between(500, 2000));
  if (kind == 2) return pause(cluster.member(target), lasting, figures);
  if (kind >= 3) return isolate(cluster, proxy, target, target == leader, lasting, figures);
  kill_and_restart(cluster, cluster.member(target), target == leader, lasting, figures);
}

int agreed_leader(LocalCluster& cluster) {
  int leader = 0;
  for (auto& member : cluster.members()) {
    if (!member->process.running()) continue;
    HttpAnswer status = http_get(member->http, "/status", 1000);
    if (status.status != 200) return 0;
    const nlohmann::json json = nlohmann::json::parse(status.body, nullptr, false);
    if (!json.is_object() || !json.contains("leader") || !json["leader"].is_number_integer()) return 0;
    const int named = json["leader"].get<int>();
    if (named == 0 || (leader != 0 && named != leader)) return 0;
    leader = named;
  }
  return leader;
}

std::optional<double> wait_for_new_leader(LocalCluster& cluster, int old, std::chrono::seconds limit) {
  const Clock::time_point start = Clock::now();
  while (Clock::now() - start < limit) {
    const int leader = agreed_leader(cluster);
    if (leader != 0 && leader != old) return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

}  // namespace sim::live
