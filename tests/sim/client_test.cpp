// The simulated client (sim/client/client.h, Simulator::write): writes are acknowledged only
// once committed, follow "not leader" redirects, and end Failed or Unknown when given
// to a deposed leader. Scheduled writes and streams start at their virtual time.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace simtest;
using raft::Role;
using sim::Outcome;
using sim::RecordKind;
using sim::Simulator;

namespace {

bool all_answered(const Simulator& simulator) {
  for (const sim::ClientOperation& operation : simulator.history()) {
    if (operation.outcome == Outcome::Pending) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("client: writes are acknowledged and then appear in every node's state machine") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    REQUIRE(run_until_leader(simulator));
    for (int i = 0; i < 10; ++i) simulator.write("key" + std::to_string(i) + "=value" + std::to_string(i));
    REQUIRE(run_until(simulator, 3 * kSecond, [&] { return all_answered(simulator); }));
    for (const sim::ClientOperation& operation : simulator.history()) {
      CAPTURE(operation.command);
      CHECK(operation.outcome == Outcome::Acknowledged);
      CHECK(operation.index >= 1);
      CHECK(operation.completed_at >= operation.invoked_at);
      // Acknowledged means committed at that index.
      CHECK(operation.index <= simulator.committed_length());
    }
    // A heartbeat later every node has applied them all.
    simulator.run_until(simulator.now() + 200 * kMs);
    for (NodeId node = 1; node <= 5; ++node) {
      CAPTURE(node);
      const auto& machine = simulator.state_machine(node);
      REQUIRE(machine.size() == 10);
      for (int i = 0; i < 10; ++i) CHECK(machine.at("key" + std::to_string(i)) == "value" + std::to_string(i));
    }
  }
}

TEST_CASE("client: a write before any leader exists is retried until one is elected") {
  Simulator simulator(cluster(5, 2));
  const std::uint64_t id = simulator.write("early=1");
  CHECK(simulator.history()[id - 1].outcome == Outcome::Pending);
  REQUIRE(run_until(simulator, 3 * kSecond, [&] { return all_answered(simulator); }));
  CHECK(simulator.history()[id - 1].outcome == Outcome::Acknowledged);
  CHECK(simulator.history()[id - 1].attempts > 1);
}

TEST_CASE("client: a write via a follower is redirected to the leader and acknowledged") {
  Simulator simulator(cluster(5, 3));
  simulator.set_recording(true);
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  simulator.run_until(simulator.now() + 100 * kMs);  // everyone has heard from the leader
  const NodeId follower = *leader % 5 + 1;
  simulator.take_records();
  const std::uint64_t id = simulator.write("x=1", follower);
  CHECK(simulator.history()[id - 1].via == follower);
  CHECK(simulator.history()[id - 1].pinned);
  CHECK(simulator.history()[id - 1].target == follower);
  REQUIRE(run_until(simulator, 1 * kSecond, [&] { return all_answered(simulator); }));
  const sim::ClientOperation& operation = simulator.history()[id - 1];
  CHECK(operation.outcome == Outcome::Acknowledged);
  CHECK(operation.target == *leader);
  CHECK(operation.attempts == 2);
  // The follower answered "not leader", naming the leader.
  bool redirected = false;
  for (const sim::Record& record : of_kind(simulator.take_records(), RecordKind::Deliver)) {
    if (record.from != follower || record.to != sim::kClient) continue;
    const auto& reply = std::get<sim::ClientReply>(*record.message);
    CHECK(reply.status == sim::ClientStatus::NotLeader);
    CHECK(reply.leader_hint == *leader);
    redirected = true;
  }
  CHECK(redirected);
  // The follower never proposed it: only one copy is in the log.
  simulator.run_until(simulator.now() + 100 * kMs);
  int copies = 0;
  for (const raft::LogEntry& entry : simulator.node(*leader).log().entries()) copies += entry.command == "x=1";
  CHECK(copies == 1);
}

TEST_CASE("client: a write pinned via an isolated old leader is never acknowledged; it ends Unknown") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    sim::ClusterConfig config = cluster(5, seed);
    config.check_quorum = false;  // the isolated old leader lingers (with it on, it steps down)
    Simulator simulator(config);
    const auto old_leader = run_until_leader(simulator);
    REQUIRE(old_leader);
    simulator.isolate(*old_leader);
    const std::uint64_t stale = simulator.write("x=stale", *old_leader);
    // The majority elects a new leader and commits writes of its own.
    REQUIRE(run_until(simulator, 3 * kSecond, [&] { return simulator.leaders().size() == 2; }));
    const std::uint64_t fresh = simulator.write("y=fresh");
    REQUIRE(run_until(simulator, 2 * kSecond,
                      [&] { return simulator.history()[fresh - 1].outcome == Outcome::Acknowledged; }));
    simulator.run_until(simulator.now() + 6 * kSecond);
    const sim::ClientOperation& operation = simulator.history()[stale - 1];
    CHECK(operation.outcome == Outcome::Unknown);
    CHECK(operation.completed_at - operation.invoked_at == 5 * kSecond);  // give_up_after, exactly
    CHECK(operation.target == *old_leader);  // retried only there
    CHECK(operation.attempts == 7);  // sent, then resent after 100, 200, 400, 800, 1600 and 1600ms
    for (NodeId node = 1; node <= 5; ++node) {
      CHECK_FALSE(simulator.state_machine(node).contains("x"));
    }
    CHECK_FALSE(simulator.stopped());
  }
}

TEST_CASE("client: a write pinned via an old leader ends Failed once a new leader overwrites it") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    sim::ClusterConfig config = cluster(5, seed);
    config.client.retry_after = 20 * kSecond;  // no retries: the only answer is the overwrite
    config.client.give_up_after = 30 * kSecond;
    config.check_quorum = false;  // the isolated old leader lingers (with it on, it steps down)
    Simulator simulator(config);
    const auto old_leader = run_until_leader(simulator);
    REQUIRE(old_leader);
    simulator.isolate(*old_leader);
    const std::uint64_t stale = simulator.write("x=stale", *old_leader);
    REQUIRE(run_until(simulator, 3 * kSecond, [&] { return simulator.leaders().size() == 2; }));
    const auto new_leader = simulator.leader();
    REQUIRE(new_leader);
    const std::uint64_t fresh = simulator.write("y=fresh", *new_leader);
    REQUIRE(run_until(simulator, 2 * kSecond,
                      [&] { return simulator.history()[fresh - 1].outcome == Outcome::Acknowledged; }));
    CHECK(simulator.history()[stale - 1].outcome == Outcome::Pending);
    simulator.heal();
    REQUIRE(run_until(simulator, 2 * kSecond,
                      [&] { return simulator.history()[stale - 1].outcome != Outcome::Pending; }));
    CHECK(simulator.history()[stale - 1].outcome == Outcome::Failed);
    simulator.run_until(simulator.now() + 200 * kMs);
    for (NodeId node = 1; node <= 5; ++node) {
      CHECK_FALSE(simulator.state_machine(node).contains("x"));
      CHECK(simulator.state_machine(node).at("y") == "fresh");
    }
  }
}

TEST_CASE("client: schedule_write begins at its virtual time, not before") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  REQUIRE(run_until_leader(simulator));
  const Time at = simulator.now() + 500 * kMs;
  const std::uint64_t id = simulator.schedule_write(at, "later=1");
  CHECK(simulator.history()[id - 1].invoked_at == at);
  simulator.run_until(at - 1);
  CHECK(simulator.history()[id - 1].attempts == 0);
  CHECK(simulator.history()[id - 1].outcome == Outcome::Pending);
  simulator.take_records();
  simulator.run_until(at);
  CHECK(simulator.history()[id - 1].attempts == 1);
  const auto writes = of_kind(simulator.take_records(), RecordKind::ClientWrite);
  REQUIRE(writes.size() == 1);
  CHECK(writes[0].time == at);
  CHECK(writes[0].reason == "later=1");
  REQUIRE(run_until(simulator, 1 * kSecond, [&] { return all_answered(simulator); }));
  CHECK(simulator.history()[id - 1].outcome == Outcome::Acknowledged);
}

TEST_CASE("client: schedule_write at the current time begins now, like write") {
  Simulator simulator(cluster(3, 1));
  REQUIRE(run_until_leader(simulator));
  const std::uint64_t id = simulator.schedule_write(simulator.now(), "now=1");
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.history()[id - 1].attempts >= 1);
  CHECK(simulator.history()[id - 1].outcome == Outcome::Acknowledged);
}

TEST_CASE("client: write begins at once: the request is in flight before any event fires") {
  Simulator simulator(cluster(3, 1));
  REQUIRE(run_until_leader(simulator));
  const std::uint64_t id = simulator.write("x=1");
  CHECK(simulator.history()[id - 1].attempts == 1);
  bool in_flight = false;
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    if (const auto* request = std::get_if<sim::ClientRequest>(&message->envelope)) {
      in_flight = in_flight || (request->operation == id && request->command == "x=1" && message->from == sim::kClient);
    }
  }
  CHECK(in_flight);
}

TEST_CASE("client: stream schedules R writes a second for D, KEY=1, KEY=2, ..., evenly spaced") {
  sim::ScenarioPlayer player(scenario(
      "cluster 3\n"
      "run until leader within 2s\n"
      "stream k 10/s for 1s\n"
      "run 2s\n"
      "expect committed k=10 on all\n"));
  player.play_to_end();
  CHECK(player.status() == sim::PlayStatus::Passed);
  const auto& history = player.simulator().history();
  REQUIRE(history.size() == 10);
  const Time start = history[0].invoked_at;
  for (std::size_t i = 0; i < history.size(); ++i) {
    CAPTURE(i);
    CHECK(history[i].command == "k=" + std::to_string(i + 1));
    CHECK(history[i].invoked_at == start + static_cast<Time>(i) * 100 * kMs);
    CHECK(history[i].outcome == Outcome::Acknowledged);
  }
  CHECK(player.simulator().state_machine(1).at("k") == "10");
}

TEST_CASE("client: a write pinned via a crashed node is retried only there and ends Unknown") {
  Simulator simulator(cluster(5, 6));
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId down = *leader % 5 + 1;
  simulator.crash(down);
  const std::uint64_t id = simulator.write("z=1", down);
  simulator.run_until(simulator.now() + 6 * kSecond);
  const sim::ClientOperation& operation = simulator.history()[id - 1];
  CHECK(operation.outcome == Outcome::Unknown);
  CHECK(operation.target == down);
  // Sent at once, then resent after waits that double from 100ms to 1.6s, at 0.1, 0.3,
  // 0.7, 1.5, 3.1 and 4.7s; given up on at 5s exactly.
  CHECK(operation.attempts == 7);
  CHECK(operation.timeouts == 6);
  CHECK(operation.completed_at - operation.invoked_at == 5 * kSecond);
  CHECK_FALSE(simulator.state_machine(*leader).contains("z"));
}

TEST_CASE("client: an unpinned write whose first guess is down moves on to the next node") {
  Simulator simulator(cluster(5, 6));
  REQUIRE(run_until_leader(simulator));
  simulator.crash(1);  // the client's first guess
  REQUIRE(run_until_leader(simulator));
  const std::uint64_t id = simulator.write("w=1");
  REQUIRE(run_until(simulator, 3 * kSecond, [&] { return simulator.history()[id - 1].outcome != Outcome::Pending; }));
  CHECK(simulator.history()[id - 1].outcome == Outcome::Acknowledged);
  CHECK(simulator.history()[id - 1].target == *simulator.leader());
}
