// Leadership transfer in the simulator (dissertation 3.10): `transfer` asks the leader,
// refusals carry their reason, the client is told "transferring" and retries, and the
// trace shows TimeoutNow and the marked RequestVote.
#include <doctest/doctest.h>

#include <sstream>

#include "helpers.h"
#include "sim/record/timeline.h"

using namespace simtest;
using raft::Role;
using sim::ClientStatus;
using sim::RecordKind;
using sim::Simulator;

namespace {

bool has_line_containing(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("simulator: transfer hands leadership to the target, which campaigns at once") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    simulator.set_recording(true);
    const auto leader = run_until_leader(simulator);
    REQUIRE(leader);
    const NodeId target = *leader % 5 + 1;
    const raft::Term term = simulator.node(*leader).current_term();
    const std::string why = simulator.transfer(target);
    CHECK(why.find("begins handing leadership to n" + std::to_string(target)) != std::string::npos);
    // Well within an election timeout: a round trip or two.
    CHECK(run_until(simulator, 100 * kMs, [&] { return simulator.leader() == target; }));
    CHECK(simulator.node(target).current_term() == term + 1);
    CHECK(simulator.message_counts().total(false, sim::rpc_kind_number("TimeoutNow"), 0, 0) == 1);
    const auto lines = lines_of(simulator.take_records());
    CHECK(has_line_containing(lines, R"("kind":"transfer")"));
    CHECK(has_line_containing(lines, R"("type":"TimeoutNow")"));
    CHECK(has_line_containing(lines, R"("forced":true)"));
    CHECK(has_line_containing(lines, R"("cause":"timeout-now-received")"));
  }
}

TEST_CASE("simulator: a write during a transfer is refused as 'transferring', then committed by the new leader") {
  Simulator simulator(cluster(5, 2));
  simulator.set_recording(true);
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId target = *leader % 5 + 1;
  simulator.crash(target);
  simulator.write("a=1", *leader);
  REQUIRE(run_until(simulator, 1 * kSecond, [&] { return simulator.history()[0].outcome == sim::Outcome::Acknowledged; }));
  simulator.restart(target);
  simulator.transfer(target);
  const std::uint64_t write = simulator.write("b=1");
  const auto answered = [&] { return simulator.history()[write - 1].outcome != sim::Outcome::Pending; };
  REQUIRE(run_until(simulator, 2 * kSecond, answered));
  CHECK(simulator.history()[write - 1].outcome == sim::Outcome::Acknowledged);
  CHECK(simulator.leader() == target);
  bool refused = false;
  for (const sim::Record& record : simulator.take_records()) {
    if (record.kind != RecordKind::Deliver || record.to != sim::kClient || !record.message) continue;
    if (std::get<sim::ClientReply>(*record.message).status == ClientStatus::Transferring) refused = true;
  }
  CHECK(refused);
}

TEST_CASE("simulator: a transfer is refused, with its reason, with no leader, to a crashed node or to the leader") {
  Simulator simulator(cluster(3, 1));
  CHECK(simulator.transfer(2) == "refused: no leader to hand leadership to n2 from");
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId other = *leader % 3 + 1;
  simulator.crash(other);
  CHECK(simulator.transfer(other) ==
        "refused: n" + std::to_string(other) + " is down, and a crashed server cannot take over");
  const std::string self = simulator.transfer(*leader);
  CHECK(self.rfind("refused: n" + std::to_string(*leader) + " refuses to hand leadership to", 0) == 0);
  CHECK(simulator.transfer(9) == "refused: there is no n9 in this cluster of 3");
  CHECK(simulator.leader() == leader);
  CHECK(simulator.node(*leader).transfer_target() == raft::kNobody);
}

TEST_CASE("simulator: a transfer to a node that cannot answer is abandoned after an election timeout") {
  Simulator simulator(cluster(3, 4));
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId target = *leader % 3 + 1;
  simulator.isolate(target);
  simulator.transfer(target);
  CHECK(simulator.node(*leader).transfer_target() == target);
  simulator.run_until(simulator.now() + simulator.config().election_timeout_max);
  CHECK(simulator.node(*leader).transfer_target() == raft::kNobody);
  CHECK(simulator.leader() == leader);
}

TEST_CASE("timeline: a transfer shows its start, the TimeoutNow and a campaign on request, not a timeout") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId target = *leader % 3 + 1;
  simulator.take_records();
  simulator.transfer(target);
  REQUIRE(run_until(simulator, 100 * kMs, [&] { return simulator.leader() == target; }));
  std::ostringstream out;
  sim::Timeline timeline(out, sim::Verbosity::Normal, false);
  for (const sim::Record& record : simulator.take_records()) timeline.print(record, simulator);
  const std::string text = out.str();
  const std::string n = "n" + std::to_string(target);
  CHECK(text.find("transfer: n" + std::to_string(*leader) + " begins handing leadership to " + n) != std::string::npos);
  CHECK(text.find("sends TimeoutNow to " + n) != std::string::npos);
  CHECK(text.find(n + "     told to time out now (TimeoutNow): becomes candidate") != std::string::npos);
  CHECK(text.find("election timeout: becomes candidate") == std::string::npos);
}
