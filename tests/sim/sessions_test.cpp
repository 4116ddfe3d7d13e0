// Client sessions (dissertation 6.3, sim/client/sessions.h): a write committed twice in the log
// (the same client and sequence number) is applied once and answered as the first time;
// the table survives a snapshot; sessions expire by the leaders' stamps alone.
#include <doctest/doctest.h>

#include "helpers.h"
#include "sim/check/chaos.h"
#include "sim/client/sessions.h"
#include "sim/client/state_machine.h"

using namespace simtest;
using sim::SessionDecision;
using sim::SessionTable;

namespace {

constexpr Time kTimeout = 10 * kSecond;

raft::ClientStamp stamp(std::uint32_t client, std::uint64_t sequence, std::uint64_t floor, Time at) {
  return raft::ClientStamp{client, sequence, floor, at};
}

// What a state machine does with one committed entry: decide, and record if applied.
SessionDecision apply(SessionTable& table, const raft::ClientStamp& entry, raft::Index index, raft::Term term) {
  const SessionDecision decision = table.decide(entry, kTimeout);
  if (decision == SessionDecision::Apply) table.record_applied(entry, index, term);
  return decision;
}

}  // namespace

TEST_CASE("sessions: the same client and sequence committed twice is applied once, answered as the first time") {
  SessionTable table;
  CHECK(apply(table, stamp(1, 1, 1, 100), 3, 1) == SessionDecision::Apply);
  // A new leader proposed the retried write again: it is committed a second time.
  CHECK(apply(table, stamp(1, 1, 1, 900), 7, 2) == SessionDecision::Duplicate);
  const auto answer = table.answer(1, 1);
  REQUIRE(answer);
  CHECK(answer->index == 3);
  CHECK(answer->term == 1);
  // Another client's write with the same sequence number is its own.
  CHECK(apply(table, stamp(2, 1, 1, 950), 8, 2) == SessionDecision::Apply);
}

TEST_CASE("sessions: answers below the client's floor are dropped, and an entry below it is never applied") {
  SessionTable table;
  CHECK(apply(table, stamp(1, 1, 1, 0), 1, 1) == SessionDecision::Apply);
  CHECK(apply(table, stamp(1, 2, 1, 0), 2, 1) == SessionDecision::Apply);
  // The client has had both answers: its floor is 3.
  CHECK(apply(table, stamp(1, 3, 3, 0), 3, 1) == SessionDecision::Apply);
  CHECK_FALSE(table.answer(1, 1));
  CHECK(table.sessions().at(1).answers.size() == 1);
  CHECK(apply(table, stamp(1, 2, 1, 0), 4, 2) == SessionDecision::Duplicate);
}

TEST_CASE("sessions: a session idle past the timeout by the leaders' stamps expires, and its writes are refused") {
  SessionTable table;
  CHECK(apply(table, stamp(1, 1, 1, 1 * kSecond), 1, 1) == SessionDecision::Apply);
  CHECK(apply(table, stamp(2, 1, 1, 5 * kSecond), 2, 1) == SessionDecision::Apply);
  // Client 2 at 12 s: client 1 last wrote at 1 s, 11 s ago.
  CHECK(apply(table, stamp(2, 2, 2, 12 * kSecond), 3, 1) == SessionDecision::Apply);
  CHECK(table.expired(1));
  CHECK_FALSE(table.expired(2));
  // Its retry of write 1 could be applied twice: refused.
  CHECK(apply(table, stamp(1, 1, 1, 13 * kSecond), 4, 1) == SessionDecision::Expired);
  // A deposed leader's older stamp does not wind the clock back.
  CHECK(apply(table, stamp(2, 3, 3, 2 * kSecond), 5, 1) == SessionDecision::Apply);
  CHECK(table.clock() == 13 * kSecond);
}

TEST_CASE("sessions: the table is part of the state machine's snapshot") {
  SessionTable table;
  apply(table, stamp(1, 1, 1, 10), 1, 1);
  apply(table, stamp(3, 4, 2, 20), 2, 1);
  apply(table, stamp(4, 1, 1, kTimeout + 100), 3, 2);  // expires client 1
  const std::string bytes = sim::encode_state_machine({{"x", "1"}}, table, 42);
  const auto decoded = sim::decode_state_machine(bytes);
  REQUIRE(decoded);
  CHECK(decoded->sessions == table);
  CHECK(decoded->map.at("x") == "1");
  CHECK(decoded->prefix_hash == 42);
  // A torn snapshot is refused whole.
  CHECK_FALSE(sim::decode_state_machine(bytes.substr(0, bytes.size() / 2)));
  // A snapshot from before sessions still reads, with none.
  const auto old = sim::decode_state_machine("kv1 7\n1:x1:1");
  REQUIRE(old);
  CHECK(old->sessions.sessions().empty());
}

TEST_CASE("sessions: in chaos, writes committed twice in the log are applied once on every node") {
  // Retries across leader changes put the same write in the log twice; the Applied Once
  // invariant (sim/check/invariants.cpp) checks every apply, so each seed passing means each
  // duplicate was skipped on every node.
  std::uint64_t duplicates = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    const sim::ChaosResult result = sim::run_chaos(seed);
    CHECK_MESSAGE(result.passed, result.failure);
    duplicates += result.duplicates_skipped;
  }
  MESSAGE("duplicate commits skipped over seeds 1-40: " << duplicates);
  CHECK(duplicates > 0);
}

TEST_CASE("sessions: forget-sessions-on-snapshot is caught in chaos by the Applied Once invariant") {
  sim::ChaosOptions options;
  options.bugs.add(raft::Bug::ForgetSessionsOnSnapshot);
  std::optional<sim::ChaosResult> caught;
  for (std::uint64_t seed = 1; seed <= 400 && !caught; ++seed) {
    sim::ChaosResult result = sim::run_chaos(seed, options);
    if (!result.passed) caught = std::move(result);
  }
  REQUIRE(caught);
  CHECK(caught->violated);
  CHECK(caught->check == "Applied Once");
}

TEST_CASE("sessions: clients N takes writes round-robin, by client N names one, each client numbers its own") {
  sim::ScenarioPlayer player(sim::parse_scenario(
      "cluster 3\nclients 2\nrun until leader within 5s\nwrite a=1\nwrite b=2\nwrite c=3\nwrite d=4 by client 2\nrun 2s\n",
      "clients.scenario"));
  player.play_to_end();
  REQUIRE(player.status() == sim::PlayStatus::Passed);
  const sim::ClientHistory& history = player.simulator().history();
  REQUIRE(history.size() == 4);
  const std::vector<std::pair<std::uint32_t, std::uint64_t>> expected = {{1, 1}, {2, 1}, {1, 2}, {2, 2}};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(history[i].client == expected[i].first);
    CHECK(history[i].sequence == expected[i].second);
    CHECK(history[i].outcome == sim::Outcome::Acknowledged);
  }
  CHECK(sim::history_line(history[3]).find("\"client\":2,\"seq\":2") != std::string::npos);
  // Every node's sessions hold the same table.
  for (NodeId node = 2; node <= 3; ++node) CHECK(player.simulator().sessions(node) == player.simulator().sessions(1));

  sim::ScenarioPlayer unknown(sim::parse_scenario("cluster 3\nclients 2\nwrite a=1 by client 3\n", "unknown.scenario"));
  unknown.play_to_end();
  CHECK(unknown.status() == sim::PlayStatus::ExpectationFailed);
}
