// sim/cluster/simulator.*: elections on the virtual clock, crash and restart with persistence,
// teaching actions (campaign, timers align/spread) and checkpoints by copying.
#include <doctest/doctest.h>

#include <set>

#include "helpers.h"

using namespace simtest;
using raft::Role;
using sim::RecordKind;
using sim::Simulator;

TEST_CASE("simulator: a 5-node cluster elects exactly one leader within 2s, and everyone follows it") {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    const auto leader = run_until_leader(simulator, 2 * kSecond);
    REQUIRE(leader);
    CHECK(simulator.leaders() == std::vector<NodeId>{*leader});
    // A heartbeat later, every node knows the leader and shares its term.
    simulator.run_until(simulator.now() + 100 * kMs);
    CHECK(simulator.leaders() == std::vector<NodeId>{*leader});
    const raft::Term term = simulator.node(*leader).current_term();
    for (NodeId node = 1; node <= 5; ++node) {
      CAPTURE(node);
      CHECK(simulator.node(node).current_term() == term);
      CHECK(simulator.node(node).leader() == *leader);
      if (node != *leader) CHECK(simulator.node(node).role() == Role::Follower);
    }
    CHECK_FALSE(simulator.stopped());
  }
}

TEST_CASE("simulator: with no faults the leader stays: no new elections for 10s") {
  Simulator simulator(cluster(5, 8));
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const std::uint64_t elections = simulator.stats().elections_started;
  const std::uint64_t changes = simulator.stats().leader_changes;
  simulator.run_until(simulator.now() + 10 * kSecond);
  CHECK(simulator.leader() == leader);
  CHECK(simulator.stats().elections_started == elections);
  CHECK(simulator.stats().leader_changes == changes);
  CHECK(changes == 1);
}

TEST_CASE("simulator: step fires one event and moves the clock to its time; run_until sets the clock") {
  Simulator simulator(cluster(3, 1));
  CHECK(simulator.now() == 0);
  const auto next = simulator.next_event_time();
  REQUIRE(next);
  CHECK(*next >= 150 * kMs);  // the first election timeout
  CHECK(*next <= 300 * kMs);
  CHECK(simulator.step());
  CHECK(simulator.now() == *next);
  CHECK(simulator.stats().events == 1);
  simulator.run_until(5 * kSecond);
  CHECK(simulator.now() == 5 * kSecond);
  const std::uint64_t events = simulator.stats().events;
  simulator.run_until(1 * kSecond);  // the clock never goes back
  CHECK(simulator.now() == 5 * kSecond);
  CHECK(simulator.stats().events == events);
}

TEST_CASE("simulator: a crash keeps storage (term, vote, log) and loses volatile state") {
  Simulator simulator(cluster(5, 2));
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  for (int i = 1; i <= 3; ++i) simulator.write("k" + std::to_string(i) + "=" + std::to_string(i));
  REQUIRE(run_until(simulator, 2 * kSecond, [&] {
    for (NodeId node = 1; node <= 5; ++node) {
      if (simulator.node(node).commit_index() < 3) return false;
    }
    return true;
  }));
  const NodeId victim = *leader % 5 + 1;  // a follower
  const raft::HardState hard_state = simulator.node(victim).hard_state();
  const std::vector<raft::LogEntry> log = simulator.node(victim).log().entries().to_vector();
  CHECK(simulator.state_machine(victim).size() == 3);
  CHECK(simulator.node(victim).commit_index() == 3);

  simulator.crash(victim);
  CHECK_FALSE(simulator.is_up(victim));
  CHECK(simulator.storage(victim).hard_state() == hard_state);
  CHECK(simulator.storage(victim).log() == log);
  CHECK(simulator.state_machine(victim).empty());
  const sim::NodeSummary down = simulator.summary(victim);
  CHECK_FALSE(down.up);
  CHECK(down.term == hard_state.current_term);
  CHECK(down.voted_for == hard_state.voted_for);
  CHECK(down.last_index == log.size());
  CHECK(down.commit_index == 0);
  CHECK(describe_cluster(simulator).find("n" + std::to_string(victim) + ": down") != std::string::npos);

  // The cluster carries on without it; its storage does not change while it is down.
  simulator.write("k4=4");
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.storage(victim).log() == log);

  // Restart: exactly what was persisted; commit index and state machine start from nothing.
  simulator.restart(victim);
  REQUIRE(simulator.is_up(victim));
  const raft::Node& node = simulator.node(victim);
  CHECK(node.hard_state() == hard_state);
  CHECK(node.log().entries() == log);
  CHECK(node.commit_index() == 0);
  CHECK(node.last_applied() == 0);
  CHECK(node.role() == Role::Follower);
  CHECK(node.leader() == raft::kNobody);
  CHECK(simulator.state_machine(victim).empty());

  // The leader's heartbeats bring it up to date, and it applies everything again.
  REQUIRE(run_until(simulator, 1 * kSecond, [&] { return simulator.state_machine(victim).size() == 4; }));
  CHECK(simulator.state_machine(victim).at("k1") == "1");
  CHECK(simulator.state_machine(victim).at("k4") == "4");
  CHECK(simulator.node(victim).commit_index() == 4);
}

TEST_CASE("simulator: a restarted node recovers exactly what it persisted, every time") {
  Simulator simulator(cluster(5, 12));
  REQUIRE(run_until_leader(simulator));
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    const NodeId node = static_cast<NodeId>(round % 5 + 1);
    simulator.write("r=" + std::to_string(round));
    simulator.run_until(simulator.now() + 137 * kMs);
    simulator.crash(node);
    const raft::PersistentState persisted = simulator.storage(node).load();
    simulator.run_until(simulator.now() + 61 * kMs);
    simulator.restart(node);
    CHECK(simulator.node(node).hard_state() == persisted.hard_state);
    CHECK(simulator.node(node).log().entries() == persisted.log);
    CHECK(simulator.node(node).commit_index() == 0);
  }
  CHECK_FALSE(simulator.stopped());
}

TEST_CASE("simulator: crash and restart of a node that is down or up change nothing") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.restart(2);  // already up
  simulator.crash(2);
  simulator.crash(2);  // already down
  const auto records = simulator.take_records();
  CHECK(of_kind(records, RecordKind::Crash).size() == 1);
  CHECK(of_kind(records, RecordKind::Restart).empty());
  simulator.campaign(2);  // a down node cannot campaign
  CHECK(simulator.take_records().empty());
}

TEST_CASE("simulator: the leader's crash leads to a new leader in a higher term, keeping committed writes") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    const auto first = run_until_leader(simulator);
    REQUIRE(first);
    const raft::Term term = simulator.node(*first).current_term();
    const std::uint64_t write = simulator.write("x=1");
    REQUIRE(run_until(simulator, 2 * kSecond,
                      [&] { return simulator.history()[write - 1].outcome == sim::Outcome::Acknowledged; }));
    simulator.crash(*first);
    const auto second = run_until_leader(simulator);
    REQUIRE(second);
    CHECK(*second != *first);
    CHECK(simulator.node(*second).current_term() > term);
    CHECK(simulator.node(*second).log().at(1).command == "x=1");
  }
}

TEST_CASE("simulator: campaign starts an election now; with no competition that node wins") {
  for (NodeId candidate = 1; candidate <= 5; ++candidate) {
    CAPTURE(candidate);
    Simulator simulator(cluster(5, 3));
    simulator.set_recording(true);
    simulator.run_until(10 * kMs);
    simulator.campaign(candidate);
    CHECK(simulator.node(candidate).role() == Role::Candidate);
    CHECK(simulator.node(candidate).current_term() == 1);
    CHECK(simulator.node(candidate).voted_for() == candidate);
    CHECK(simulator.stats().elections_started == 1);
    const auto records = simulator.take_records();
    REQUIRE(of_kind(records, RecordKind::Campaign).size() == 1);
    CHECK(of_kind(records, RecordKind::Campaign)[0].node == candidate);
    simulator.run_until(60 * kMs);  // two round trips at most; no timer has fired yet
    CHECK(simulator.leader() == candidate);
    CHECK(simulator.node(candidate).current_term() == 1);
  }
}

TEST_CASE("simulator: time_out runs a node's election timer out now: an election as a timeout starts it, not forced") {
  Simulator simulator(cluster(5, 3));
  simulator.set_recording(true);
  simulator.run_until(10 * kMs);
  simulator.time_out(2);
  CHECK(simulator.node(2).role() == Role::Follower);  // the timer event fires at now(), in the next step
  simulator.run_until(simulator.now());
  CHECK(simulator.node(2).role() == Role::Candidate);
  CHECK(simulator.node(2).current_term() == 1);
  const auto records = simulator.take_records();
  CHECK(of_kind(records, RecordKind::Campaign).empty());
  REQUIRE(of_kind(records, RecordKind::Timeout).size() == 1);
  CHECK(of_kind(records, RecordKind::Timeout)[0].node == NodeId{2});
  REQUIRE(run_until_leader(simulator, 60 * kMs));
  CHECK(simulator.leader() == NodeId{2});
}

TEST_CASE("simulator: time_out with pre-vote asks for pre-votes first, unlike campaign") {
  sim::ClusterConfig config = cluster(5, 3);
  config.pre_vote = true;
  Simulator simulator(config);
  simulator.run_until(10 * kMs);
  simulator.time_out(4);
  simulator.run_until(simulator.now());
  CHECK(simulator.node(4).role() == Role::PreCandidate);
  CHECK(simulator.node(4).current_term() == 0);
  Simulator forced(config);
  forced.run_until(10 * kMs);
  forced.campaign(4);
  CHECK(forced.node(4).role() == Role::Candidate);
}

TEST_CASE("simulator: time_out leaves a node within check-quorum's lease alone, and a leader too") {
  sim::ClusterConfig config = cluster(5, 4);
  config.check_quorum = true;
  Simulator simulator(config);
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  const NodeId follower = *leader == 1 ? 2 : 1;
  simulator.run_until(simulator.now() + 200 * kMs);  // heartbeats: every follower is within the lease
  const raft::Term term = simulator.node(*leader).current_term();
  simulator.set_recording(true);
  simulator.time_out(follower);
  simulator.time_out(*leader);
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.leader() == leader);
  CHECK(simulator.node(*leader).current_term() == term);
  const auto timers = of_kind(simulator.take_records(), RecordKind::Timers);
  REQUIRE(timers.size() == 2);
  CHECK(timers[0].reason.find("check-quorum's lease") != std::string::npos);
  CHECK(timers[1].reason.find("a leader runs none") != std::string::npos);
  // Cut off from its leader past the lease (and its own timer far off), the node times out.
  simulator.set_election_timer(follower, 10 * kSecond);
  simulator.isolate(follower);
  simulator.run_until(simulator.now() + 150 * kMs);
  simulator.time_out(follower);
  simulator.run_until(simulator.now());
  CHECK(simulator.node(follower).role() == Role::Candidate);
}

TEST_CASE("simulator: timers align makes every follower a candidate of the same term at once (a split vote)") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    simulator.run_until(50 * kMs);
    simulator.align_timers();
    for (NodeId node = 1; node <= 5; ++node) CHECK(simulator.node(node).election_due() == 200 * kMs);
    simulator.run_until(200 * kMs);
    for (NodeId node = 1; node <= 5; ++node) {
      CAPTURE(node);
      CHECK(simulator.node(node).role() == Role::Candidate);
      CHECK(simulator.node(node).current_term() == 1);
      CHECK(simulator.node(node).voted_for() == node);  // each voted for itself: nobody can win term 1
    }
    simulator.run_until(200 * kMs + 149 * kMs);
    CHECK(simulator.leaders().empty());
    // Random timeouts then break the tie.
    REQUIRE(run_until_leader(simulator));
    CHECK(simulator.node(*simulator.leader()).current_term() >= 2);
  }
}

TEST_CASE("simulator: timers align leaves a sitting leader alone") {
  Simulator simulator(cluster(5, 4));
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  simulator.align_timers();
  simulator.run_until(simulator.now() + 1 * kSecond);
  CHECK(simulator.leader() == leader);  // heartbeats keep resetting the followers' timers
}

TEST_CASE("simulator: timers spread makes the lowest id time out first and win") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    Simulator simulator(cluster(5, seed));
    simulator.spread_timers();
    CHECK(simulator.node(1).election_due() == 150 * kMs);
    CHECK(simulator.node(5).election_due() == 300 * kMs);
    for (NodeId node = 2; node <= 5; ++node) {
      CHECK(simulator.node(node).election_due() > simulator.node(node - 1).election_due());
    }
    REQUIRE(run_until_leader(simulator));
    CHECK(simulator.leader() == NodeId{1});
    CHECK(simulator.node(1).current_term() == 1);
    CHECK(simulator.stats().elections_started == 1);
  }
}

TEST_CASE("simulator: set_election_timer makes a chosen node time out first") {
  Simulator simulator(cluster(5, 7));
  simulator.set_election_timer(4, 20 * kMs);
  CHECK(simulator.node(4).election_due() == 20 * kMs);
  REQUIRE(run_until_leader(simulator));
  CHECK(simulator.leader() == NodeId{4});
}

TEST_CASE("simulator: leader() ignores a deposed leader that has not heard the news") {
  Simulator simulator(cluster(5, 5));
  const auto old_leader = run_until_leader(simulator);
  REQUIRE(old_leader);
  simulator.isolate(*old_leader);
  REQUIRE(run_until(simulator, 3 * kSecond, [&] { return simulator.leaders().size() == 2; }));
  const auto new_leader = simulator.leader();
  REQUIRE(new_leader);
  CHECK(*new_leader != *old_leader);
  CHECK(simulator.node(*old_leader).role() == Role::Leader);  // still believes it leads
  CHECK(simulator.node(*new_leader).current_term() > simulator.node(*old_leader).current_term());
  simulator.heal();
  REQUIRE(run_until(simulator, 1 * kSecond, [&] { return simulator.leaders().size() == 1; }));
  CHECK(simulator.leader() == new_leader);
  CHECK(simulator.node(*old_leader).role() == Role::Follower);
}

TEST_CASE("simulator: records carry the changes of node state an event caused") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.campaign(2);
  const auto records = simulator.take_records();
  REQUIRE(records.size() == 1);
  CHECK(records[0].sequence == 1);
  REQUIRE(records[0].changes.size() == 1);
  const sim::NodeChange& change = records[0].changes[0];
  CHECK(change.node == 2);
  CHECK(change.before.term == 0);
  CHECK(change.after.term == 1);
  CHECK(change.before.role == Role::Follower);
  CHECK(change.after.role == Role::Candidate);
  CHECK(change.after.voted_for == 2);
  simulator.say("hello");
  const auto said = simulator.take_records();
  REQUIRE(said.size() == 1);
  CHECK(said[0].kind == RecordKind::Say);
  CHECK(said[0].reason == "hello");
  CHECK(said[0].sequence == 2);
  CHECK(simulator.record_count() == 2);
}

TEST_CASE("simulator: with recording off no records are kept") {
  Simulator simulator(cluster(3, 1));
  simulator.run_until(1 * kSecond);
  CHECK(simulator.take_records().empty());
  CHECK(simulator.record_count() > 0);
}

TEST_CASE("simulator: actions at one virtual time take effect in the order they were made") {
  sim::ClusterConfig config = cluster(3, 1);
  config.network.latency_min = config.network.latency_max = 5 * kMs;  // every message ties
  Simulator simulator(config);
  simulator.set_recording(true);
  const auto leader = run_until_leader(simulator);
  REQUIRE(leader);
  simulator.run_until(simulator.now() + 100 * kMs);
  const Time at = simulator.now() + 7 * kMs;
  for (const char* command : {"a=1", "b=2", "c=3", "d=4"}) simulator.schedule_write(at, command, *leader);
  simulator.take_records();
  simulator.run_until(at + 100 * kMs);
  const auto records = simulator.take_records();
  // The writes begin in the order scheduled, all at `at`...
  const auto writes = of_kind(records, RecordKind::ClientWrite);
  REQUIRE(writes.size() == 4);
  CHECK(writes[0].reason == "a=1");
  CHECK(writes[3].reason == "d=4");
  for (const sim::Record& write : writes) CHECK(write.time == at);
  // ...their requests, sent at one time with one latency, arrive in the order sent...
  std::vector<std::string> arrived;
  for (const sim::Record& record : of_kind(records, RecordKind::Deliver)) {
    if (const auto* request = record.message ? std::get_if<sim::ClientRequest>(&*record.message) : nullptr) {
      CHECK(record.time == at + 5 * kMs);
      arrived.push_back(request->command);
    }
  }
  CHECK(arrived == std::vector<std::string>{"a=1", "b=2", "c=3", "d=4"});
  // ...and so are appended to the log in that order.
  const auto& log = simulator.node(*leader).log();
  REQUIRE(log.last_index() == 4);
  for (raft::Index index = 1; index <= 4; ++index) CHECK(log.at(index).command == arrived[index - 1]);
}

// ---- Checkpoints -----------------------------------------------------------------------

namespace {

// Drives a simulator through faults and writes; the same calls on a copy must give the
// same run.
void drive(Simulator& simulator) {
  simulator.write("a=1");
  simulator.run_until(simulator.now() + 300 * kMs);
  simulator.crash(2);
  simulator.set_loss(100'000);
  simulator.write("b=2");
  simulator.run_until(simulator.now() + 700 * kMs);
  simulator.partition({{1, 2}, {3}});
  simulator.schedule_write(simulator.now() + 50 * kMs, "c=3");
  simulator.run_until(simulator.now() + 1 * kSecond);
  simulator.restart(2);
  simulator.heal();
  simulator.set_duplication(200'000);
  simulator.run_until(simulator.now() + 2 * kSecond);
}

}  // namespace

TEST_CASE("simulator: a copy is a checkpoint; both copies run on identically") {
  for (std::uint64_t seed : {1ULL, 77ULL, 1234ULL}) {
    CAPTURE(seed);
    Simulator original(cluster(5, seed));
    original.set_recording(true);
    run_until_leader(original);
    original.write("before=1");
    original.run_until(original.now() + 123 * kMs);
    original.take_records();

    Simulator copy = original;  // the checkpoint
    drive(original);
    drive(copy);
    const auto original_lines = lines_of(original.take_records());
    const auto copy_lines = lines_of(copy.take_records());
    CHECK(original_lines.size() > 100);
    CHECK(original_lines == copy_lines);
    CHECK(describe_cluster(original) == describe_cluster(copy));
    CHECK(original.now() == copy.now());
    CHECK(original.stats().events == copy.stats().events);
    CHECK(original.stats().messages_dropped == copy.stats().messages_dropped);
    CHECK(original.committed_length() == copy.committed_length());
    REQUIRE(original.history().size() == copy.history().size());
    for (std::size_t i = 0; i < original.history().size(); ++i) {
      CHECK(original.history()[i].outcome == copy.history()[i].outcome);
      CHECK(original.history()[i].completed_at == copy.history()[i].completed_at);
    }
    for (NodeId node = 1; node <= 5; ++node) {
      CHECK(original.storage(node).log() == copy.storage(node).log());
      CHECK(original.state_machine(node) == copy.state_machine(node));
    }
  }
}

TEST_CASE("simulator: a checkpoint is independent of the original: acting on one leaves the other") {
  Simulator original(cluster(5, 3));
  run_until_leader(original);
  const Simulator checkpoint = original;
  const std::string before = describe_cluster(checkpoint);
  original.crash(1);
  original.crash(2);
  original.run_until(original.now() + 2 * kSecond);
  CHECK(describe_cluster(checkpoint) == before);
  CHECK(checkpoint.is_up(1));
  CHECK(describe_cluster(original) != before);
}

TEST_CASE("simulator: a record carries the decisions its event caused, with their reasons; the trace writes them") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.campaign(2);
  REQUIRE(run_until(simulator, 100 * kMs, [&] { return simulator.leader() == NodeId{2}; }));
  const auto records = simulator.take_records();
  // n1 receives n2's RequestVote: it adopts term 1 and grants its vote, then restarts its timer.
  const auto vote = std::find_if(records.begin(), records.end(), [](const sim::Record& record) {
    return record.kind == RecordKind::Deliver && record.to == 1 && record.message &&
           std::holds_alternative<raft::Message>(*record.message) &&
           std::holds_alternative<raft::RequestVote>(std::get<raft::Message>(*record.message).payload);
  });
  REQUIRE(vote != records.end());
  REQUIRE(vote->decisions.size() == 3);
  CHECK(vote->decisions[0].node == 1);
  CHECK(vote->decisions[0].decision.reason.cause == raft::Cause::HigherTermSeen);
  const raft::Reason& granted = vote->decisions[1].decision.reason;
  CHECK(granted.cause == raft::Cause::VoteGranted);
  CHECK(granted.peer == 2);
  CHECK(vote->decisions[2].decision.reason.cause == raft::Cause::TimerResetByVote);
  const std::string line = sim::trace_line(*vote);
  CHECK(line.find(
            R"J("decisions":[{"node":1,"cause":"higher-term-seen","text":"adopts term 1: saw term 1 from n2 in a RequestVote (ours was 0)"},)J"
            R"J({"node":1,"cause":"vote-granted","text":"grants n2 its vote in term 1: n2's log (last 0/t0) is at least as up-to-date as ours (0/t0)"},)J") !=
        std::string::npos);
  // The reply carries the voter's reason; its delivery to n2 records n2's victory, naming the voters.
  const auto won = std::find_if(records.begin(), records.end(), [](const sim::Record& record) {
    return !record.decisions.empty() && record.decisions.back().decision.reason.cause == raft::Cause::ElectionWon;
  });
  REQUIRE(won != records.end());
  REQUIRE(won->message);
  const auto& reply = std::get<raft::RequestVoteReply>(std::get<raft::Message>(*won->message).payload);
  CHECK(reply.reason.cause == raft::Cause::VoteGranted);
  CHECK(reply.reason.peer == 2);
  CHECK(won->decisions.back().decision.nodes.size() == 2);
  CHECK(sim::trace_line(*won).find(R"("why":"vote-granted")") != std::string::npos);
  CHECK(sim::trace_line(*won).find("becomes leader of term 1: votes from n") != std::string::npos);
}

TEST_CASE("simulator: with recording off the cores record no decisions (a benchmark pays nothing for them)") {
  Simulator simulator(cluster(3, 1));
  simulator.campaign(2);
  CHECK_FALSE(simulator.node(2).config().record_decisions);
  simulator.set_recording(true);
  CHECK(simulator.node(2).config().record_decisions);
  simulator.crash(1);
  simulator.restart(1);
  CHECK(simulator.node(1).config().record_decisions);
}
