// sim/check/invariants.*: the checker must catch each broken property. We feed it states no
// correct cluster produces (two leaders of one term, logs that disagree, a term that goes
// back, ...) built through the Raft core's public API and hand-made Storage, and check
// that each gives a Violation naming the right invariant; and that good states give none.
#include <doctest/doctest.h>

#include "core/node.h"
#include "sim/check/invariants.h"
#include "sim/cluster/storage.h"

namespace {

using raft::HardState;
using raft::LogEntry;
using raft::Node;
using raft::Role;
using raft::Term;
using sim::CheckedNode;
using sim::InvariantChecker;
using sim::NodeId;
using sim::Storage;
using sim::Violation;

raft::Config config_of(NodeId id, int size = 3) {
  raft::Config config;
  config.id = id;
  for (NodeId member = 1; member <= static_cast<NodeId>(size); ++member) config.members.push_back(member);
  config.seed = id;
  // Hand-made states of Figure 2: no no-op to shift the indexes, no check-quorum.
  config.noop = false;
  config.check_quorum = false;
  return config;
}

Node follower(NodeId id, HardState hard_state = {}, std::vector<LogEntry> log = {}) {
  return Node(config_of(id), raft::PersistentState{hard_state, std::move(log)}, 0);
}

// A leader of term `term` (> 0) in a 3-node cluster: it campaigns and one peer's vote
// makes a majority.
Node leader_of(NodeId id, Term term, std::vector<LogEntry> log = {}) {
  Node node(config_of(id), raft::PersistentState{HardState{term - 1, raft::kNobody}, std::move(log)}, 0);
  node.campaign(0);
  const NodeId peer = id % 3 + 1;
  node.step(0, raft::Message{peer, id, raft::RequestVoteReply{term, true}});
  REQUIRE(node.role() == Role::Leader);
  REQUIRE(node.current_term() == term);
  node.take_ready();
  return node;
}

// A follower that accepted `entries` from a leader of `term` and was told they commit.
Node committed_follower(NodeId id, Term term, std::vector<LogEntry> entries) {
  Node node = follower(id);
  const NodeId leader = id % 3 + 1;
  const raft::Index count = entries.size();
  node.step(0, raft::Message{leader, id, raft::AppendEntries{term, leader, 0, 0, std::move(entries), count}});
  REQUIRE(node.commit_index() == count);
  node.take_ready();
  return node;
}

Storage storage_of(const std::vector<LogEntry>& entries, HardState hard_state = {}) {
  Storage storage;
  storage.save(hard_state);
  storage.write(raft::LogWrite{0, entries});
  return storage;
}

void check_violation(const std::optional<Violation>& violation, const std::string& invariant) {
  REQUIRE_MESSAGE(violation.has_value(), "expected a violation of " << invariant);
  CHECK(violation->invariant == invariant);
  CHECK_FALSE(violation->detail.empty());
}

}  // namespace

TEST_CASE("invariants: storage keeps a hash of every prefix; equal prefixes, equal hashes") {
  const Storage a = storage_of({{1, "a"}, {1, "b"}, {2, "c"}});
  const Storage b = storage_of({{1, "a"}, {1, "b"}, {3, "c"}});
  const Storage c = storage_of({{1, "a"}, {1, "x"}, {2, "c"}});
  CHECK(a.prefix_hash(0) == 0);
  CHECK(a.prefix_hash(2) == b.prefix_hash(2));
  CHECK(a.prefix_hash(3) != b.prefix_hash(3));  // same command, other term
  CHECK(a.prefix_hash(1) == c.prefix_hash(1));
  CHECK(a.prefix_hash(3) != c.prefix_hash(3));  // same last entry, other prefix
  // Truncating and rewriting recomputes the hashes.
  Storage d = a;
  d.write(raft::LogWrite{1, {{1, "x"}, {2, "c"}}});
  CHECK(d.log() == c.log());
  CHECK(d.prefix_hash(3) == c.prefix_hash(3));
  CHECK(d.load().log == c.log());
}

TEST_CASE("invariants: a healthy sequence of states gives no violation") {
  InvariantChecker checker(3);
  const std::vector<LogEntry> entries = {{1, "x=1"}, {1, "y=2"}};
  const Storage storage_1 = storage_of(entries, {1, 2});
  const Storage storage_2 = storage_of(entries, {1, 2});
  const Storage storage_3;
  const Node leader = leader_of(2, 1, entries);
  const Node node_1 = committed_follower(1, 1, entries);
  CHECK_FALSE(checker.before_log_write(1, {&node_1, &storage_3}, raft::LogWrite{0, entries}));
  CHECK_FALSE(checker.before_log_write(2, {&leader, &storage_3}, raft::LogWrite{0, entries}));
  CHECK_FALSE(checker.after_event(2, {&leader, &storage_2}));
  CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
  CHECK(checker.committed_length() == 2);
  CHECK(checker.committed_term(2) == 1);
  CHECK(checker.needs_global_checks());
  const std::vector<CheckedNode> all = {{}, {&node_1, &storage_1}, {&leader, &storage_2}, {nullptr, &storage_3}};
  CHECK_FALSE(checker.global_checks(all));
  CHECK_FALSE(checker.needs_global_checks());
  CHECK_FALSE(checker.on_acknowledged(1, 1, "x=1"));
  CHECK_FALSE(checker.on_acknowledged(2, 1, "y=2"));
  // The same states again: nothing went back.
  CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
  CHECK_FALSE(checker.after_event(2, {&leader, &storage_2}));
  // A node that is down is not checked.
  CHECK_FALSE(checker.after_event(3, {nullptr, &storage_3}));
}

TEST_CASE("invariants: Election Safety: two leaders of one term") {
  InvariantChecker checker(3);
  const Storage empty;
  const Node first = leader_of(1, 1);
  const Node second = leader_of(2, 1);
  CHECK_FALSE(checker.after_event(1, {&first, &empty}));
  CHECK_FALSE(checker.after_event(1, {&first, &empty}));  // the same leader again is fine
  const auto violation = checker.after_event(2, {&second, &empty});
  check_violation(violation, "Election Safety");
  CHECK(violation->term == 1);
  CHECK(violation->nodes == std::vector<NodeId>{1, 2});
  // Leaders of different terms are fine.
  InvariantChecker other(3);
  const Node later = leader_of(2, 2);
  CHECK_FALSE(other.after_event(1, {&first, &empty}));
  CHECK_FALSE(other.after_event(2, {&later, &empty}));
}

TEST_CASE("invariants: Log Matching: same index and term, different prefix") {
  InvariantChecker checker(3);
  const Node node_1 = follower(1);
  const Node node_2 = follower(2);
  const Node node_3 = follower(3);
  const Storage empty;
  CHECK_FALSE(checker.before_log_write(1, {&node_1, &empty}, raft::LogWrite{0, {{1, "a"}, {3, "c"}}}));
  CHECK_FALSE(checker.before_log_write(3, {&node_3, &empty}, raft::LogWrite{0, {{1, "a"}, {3, "c"}}}));  // identical
  // Entry 2 of term 3 is the same, but entry 1 differs: the logs cannot both be right.
  const auto violation = checker.before_log_write(2, {&node_2, &empty}, raft::LogWrite{0, {{2, "b"}, {3, "c"}}});
  check_violation(violation, "Log Matching");
  CHECK(violation->index == 2);
  CHECK(violation->term == 3);
  CHECK(violation->nodes == std::vector<NodeId>{2});
}

TEST_CASE("invariants: Log Matching: same index and term, different command") {
  InvariantChecker checker(3);
  const Node node_1 = follower(1);
  const Node node_2 = follower(2);
  const Storage empty;
  const Storage base = storage_of({{1, "a"}});
  CHECK_FALSE(checker.before_log_write(1, {&node_1, &base}, raft::LogWrite{1, {{2, "b"}}}));
  const auto violation = checker.before_log_write(2, {&node_2, &base}, raft::LogWrite{1, {{2, "B"}}});
  check_violation(violation, "Log Matching");
  CHECK(violation->index == 2);
}

TEST_CASE("invariants: Leader Append-Only: a leader deletes entries from its log") {
  InvariantChecker checker(3);
  const std::vector<LogEntry> entries = {{1, "a"}, {1, "b"}};
  const Node leader = leader_of(1, 2, entries);
  const Storage storage = storage_of(entries);
  CHECK_FALSE(checker.before_log_write(1, {&leader, &storage}, raft::LogWrite{2, {{2, "c"}}}));  // appending is fine
  const auto violation = checker.before_log_write(1, {&leader, &storage}, raft::LogWrite{1, {{2, "c"}}});
  check_violation(violation, "Leader Append-Only");
  CHECK(violation->index == 2);
  CHECK(violation->term == 2);
  // A follower may truncate uncommitted entries.
  InvariantChecker other(3);
  const Node follower_node = follower(1, {2, 0}, entries);
  CHECK_FALSE(other.before_log_write(1, {&follower_node, &storage}, raft::LogWrite{1, {{2, "c"}}}));
}

TEST_CASE("invariants: State Machine Safety: two nodes commit different entries at one index") {
  InvariantChecker checker(3);
  const Node node_1 = committed_follower(1, 1, {{1, "x=1"}});
  const Node node_2 = committed_follower(2, 1, {{1, "x=2"}});
  const Storage storage_1 = storage_of({{1, "x=1"}});
  const Storage storage_2 = storage_of({{1, "x=2"}});
  CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
  const auto violation = checker.after_event(2, {&node_2, &storage_2});
  check_violation(violation, "State Machine Safety");
  CHECK(violation->index == 1);
  CHECK(violation->nodes == std::vector<NodeId>{2});
}

TEST_CASE("invariants: State Machine Safety: a committed entry is deleted") {
  InvariantChecker checker(3);
  const Node node = committed_follower(1, 1, {{1, "x=1"}, {1, "y=1"}});
  const Storage storage = storage_of({{1, "x=1"}, {1, "y=1"}});
  CHECK_FALSE(checker.after_event(1, {&node, &storage}));
  CHECK_FALSE(checker.before_log_write(1, {&node, &storage}, raft::LogWrite{2, {{1, "z=1"}}}));
  const auto violation = checker.before_log_write(1, {&node, &storage}, raft::LogWrite{1, {{2, "z=1"}}});
  check_violation(violation, "State Machine Safety");
  CHECK(violation->index == 2);
}

TEST_CASE("invariants: Leader Completeness: a new leader lacks a committed entry") {
  SUBCASE("elected after the commit") {
    InvariantChecker checker(3);
    const Node node_1 = committed_follower(1, 1, {{1, "x=1"}});
    const Storage storage_1 = storage_of({{1, "x=1"}});
    CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
    const Node leader = leader_of(2, 2);
    const Storage empty;
    const auto violation = checker.after_event(2, {&leader, &empty});
    check_violation(violation, "Leader Completeness");
    CHECK(violation->index == 1);
    CHECK(violation->term == 1);
    // A leader that holds it is fine.
    const Node good = leader_of(3, 3, {{1, "x=1"}});
    CHECK_FALSE(checker.after_event(3, {&good, &storage_1}));
  }
  SUBCASE("elected in a later term before the commit became known (global check)") {
    InvariantChecker checker(3);
    const Node leader = leader_of(2, 2);
    const Storage empty;
    CHECK_FALSE(checker.after_event(2, {&leader, &empty}));
    const Node node_1 = committed_follower(1, 1, {{1, "x=1"}});
    const Storage storage_1 = storage_of({{1, "x=1"}});
    const Storage storage_3 = storage_of({{1, "x=1"}});
    CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
    REQUIRE(checker.needs_global_checks());
    const std::vector<CheckedNode> all = {{}, {&node_1, &storage_1}, {&leader, &empty}, {nullptr, &storage_3}};
    const auto violation = checker.global_checks(all);
    check_violation(violation, "Leader Completeness");
    CHECK(violation->nodes == std::vector<NodeId>{2});
  }
}

TEST_CASE("invariants: Leader Completeness: a new leader holds as many entries as were committed, but a different one") {
  // Length is not enough: the leader's log must hold the committed entries themselves.
  InvariantChecker checker(3);
  const Node node_1 = committed_follower(1, 1, {{1, "x=1"}, {1, "y=1"}});
  const Storage storage_1 = storage_of({{1, "x=1"}, {1, "y=1"}});
  CHECK_FALSE(checker.after_event(1, {&node_1, &storage_1}));
  const Node leader = leader_of(2, 2, {{1, "x=1"}, {1, "y=9"}});
  const Storage other = storage_of({{1, "x=1"}, {1, "y=9"}});
  const auto violation = checker.after_event(2, {&leader, &other});
  check_violation(violation, "Leader Completeness");
  CHECK(violation->index == 2);
  CHECK(violation->term == 1);
}

TEST_CASE("invariants: a commit index beyond the durable log") {
  InvariantChecker checker(3);
  const Node node = committed_follower(1, 1, {{1, "x=1"}, {1, "y=1"}});
  const Storage short_storage = storage_of({{1, "x=1"}});
  const auto violation = checker.after_event(1, {&node, &short_storage});
  check_violation(violation, "Commit Within Durable Log");
  CHECK(violation->index == 2);
}

TEST_CASE("invariants: committed entries must be held durably by a majority") {
  InvariantChecker checker(3);
  const Node node_1 = committed_follower(1, 1, {{1, "x=1"}});
  const Storage holds = storage_of({{1, "x=1"}});
  const Storage also_holds = storage_of({{1, "x=1"}});
  const Storage empty;
  const Storage other = storage_of({{1, "x=9"}});
  CHECK_FALSE(checker.after_event(1, {&node_1, &holds}));
  // One holder of three: not a majority. A different entry does not count.
  const auto violation = checker.check_quorum_holds_committed({{}, {&node_1, &holds}, {nullptr, &empty}, {nullptr, &other}});
  check_violation(violation, "Committed Entries On A Quorum");
  CHECK(violation->nodes == std::vector<NodeId>{2, 3});
  CHECK(violation->index == 1);
  // Two of three, one of them down: a crashed node's storage counts.
  CHECK_FALSE(checker.check_quorum_holds_committed({{}, {&node_1, &holds}, {nullptr, &also_holds}, {nullptr, &empty}}));
}

TEST_CASE("invariants: committed entries must be held durably by a majority: global_checks after a commit checks it") {
  InvariantChecker checker(3);
  const Node node_1 = committed_follower(1, 1, {{1, "x=1"}});
  const Storage holds = storage_of({{1, "x=1"}});
  const Storage empty;
  const Storage other = storage_of({{1, "x=9"}});
  CHECK_FALSE(checker.after_event(1, {&node_1, &holds}));
  REQUIRE(checker.needs_global_checks());
  // No leader of a later term to check; n1 alone holds what it committed.
  const auto violation = checker.global_checks({{}, {&node_1, &holds}, {nullptr, &empty}, {nullptr, &other}});
  check_violation(violation, "Committed Entries On A Quorum");
  CHECK(violation->nodes == std::vector<NodeId>{2, 3});
  CHECK(violation->index == 1);
}

TEST_CASE("invariants: an acknowledged write must be committed at its index and term") {
  InvariantChecker checker(3);
  check_violation(checker.on_acknowledged(1, 1, "x=1"), "Acknowledged Writes Durable");  // nothing committed
  const Node node = committed_follower(1, 2, {{2, "x=1"}});
  const Storage storage = storage_of({{2, "x=1"}});
  CHECK_FALSE(checker.after_event(1, {&node, &storage}));
  CHECK_FALSE(checker.on_acknowledged(1, 2, "x=1"));
  check_violation(checker.on_acknowledged(1, 1, "x=1"), "Acknowledged Writes Durable");  // other term
  check_violation(checker.on_acknowledged(2, 2, "y=1"), "Acknowledged Writes Durable");  // beyond the commit
  check_violation(checker.on_acknowledged(0, 2, "y=1"), "Acknowledged Writes Durable");
}

TEST_CASE("invariants: a term that goes backwards") {
  InvariantChecker checker(3);
  const Storage empty;
  const Node at_three = follower(1, {3, 0});
  const Node at_two = follower(1, {2, 0});
  CHECK_FALSE(checker.after_event(1, {&at_three, &empty}));
  const auto violation = checker.after_event(1, {&at_two, &empty});
  check_violation(violation, "Term Monotonic");
  CHECK(violation->term == 2);
}

TEST_CASE("invariants: two votes in one term") {
  InvariantChecker checker(3);
  const Storage empty;
  const Node no_vote = follower(1, {4, raft::kNobody});
  const Node for_two = follower(1, {4, 2});
  const Node for_three = follower(1, {4, 3});
  const Node next_term = follower(1, {5, 3});
  CHECK_FALSE(checker.after_event(1, {&no_vote, &empty}));
  CHECK_FALSE(checker.after_event(1, {&for_two, &empty}));  // a first vote in the term
  const auto violation = checker.after_event(1, {&for_three, &empty});
  check_violation(violation, "One Vote Per Term");
  CHECK(violation->term == 4);
  CHECK(violation->nodes == std::vector<NodeId>{1, 2, 3});
  // A new term, a new vote.
  InvariantChecker other(3);
  CHECK_FALSE(other.after_event(1, {&for_two, &empty}));
  CHECK_FALSE(other.after_event(1, {&next_term, &empty}));
}

TEST_CASE("invariants: the commit index never goes back while a node is up; a restart starts it again") {
  const Node committed = committed_follower(1, 1, {{1, "x=1"}});
  const Node fresh = follower(1, {1, 0}, {{1, "x=1"}});
  const Storage storage = storage_of({{1, "x=1"}});
  InvariantChecker checker(3);
  CHECK_FALSE(checker.after_event(1, {&committed, &storage}));
  check_violation(checker.after_event(1, {&fresh, &storage}), "Commit Index Monotonic");
  InvariantChecker restarted(3);
  CHECK_FALSE(restarted.after_event(1, {&committed, &storage}));
  restarted.on_restart(1);
  CHECK_FALSE(restarted.after_event(1, {&fresh, &storage}));
}

TEST_CASE("invariants: format_violation names the invariant, the nodes, the time, the event and the seed") {
  Violation violation;
  violation.invariant = "Election Safety";
  violation.detail = "n1 and n2 were both elected leader of term 3";
  violation.nodes = {1, 2};
  violation.term = 3;
  violation.time = 1500;
  violation.event = 42;
  violation.seed = 987;
  const std::string text = sim::format_violation(violation);
  CHECK(text.find("INVARIANT VIOLATED: Election Safety") == 0);
  CHECK(text.find("n1 and n2 were both elected") != std::string::npos);
  CHECK(text.find("nodes: n1 n2") != std::string::npos);
  CHECK(text.find("term: 3") != std::string::npos);
  CHECK(text.find("1500us") != std::string::npos);
  CHECK(text.find("event #42") != std::string::npos);
  CHECK(text.find("seed 987") != std::string::npos);
}

TEST_CASE("invariants: Commit Rule: a leader commits an entry of an earlier term by counting replicas (Figure 8)") {
  InvariantChecker checker(3);
  const Storage storage = storage_of({{1, "b=2"}});
  // n1 leads term 2 holding b=2 of term 1, not yet committed.
  const Node before = leader_of(1, 2, {{1, "b=2"}});
  CHECK_FALSE(checker.after_event(1, {&before, &storage}));
  // The same leader, now with its commit index on that term-1 entry: the rule of 5.4.2
  // allows this only below an entry of term 2. (A node that learned the commit as a
  // follower and then won term 2 carries exactly this state.)
  Node after = committed_follower(1, 1, {{1, "b=2"}});
  after.campaign(0);
  after.step(0, raft::Message{2, 1, raft::RequestVoteReply{2, true}});
  REQUIRE(after.role() == Role::Leader);
  REQUIRE(after.current_term() == 2);
  const auto violation = checker.after_event(1, {&after, &storage});
  check_violation(violation, "Commit Rule");
  CHECK(violation->index == 1);
  CHECK(violation->term == 1);
}

TEST_CASE("invariants: Commit Rule: a leader committing an entry of its own term is fine") {
  InvariantChecker checker(3);
  Node leader = leader_of(1, 2, {{1, "a=1"}});
  const Storage before = storage_of({{1, "a=1"}});
  CHECK_FALSE(checker.after_event(1, {&leader, &before}));
  // b=2 of term 2 reaches n2: a majority holds it, which commits a=1 below it too.
  REQUIRE(leader.propose(0, "b=2").accepted);
  leader.step(0, raft::Message{2, 1, raft::AppendEntriesReply{.term = 2, .success = true, .match_index = 2}});
  REQUIRE(leader.commit_index() == 2);
  const Storage after = storage_of({{1, "a=1"}, {2, "b=2"}});
  CHECK_FALSE(checker.after_event(1, {&leader, &after}));
}

TEST_CASE("invariants: the durable log must be the log in memory once a Ready is carried out") {
  InvariantChecker checker(3);
  const Node node = follower(1, {}, {{1, "x=1"}, {1, "y=1"}});
  const Storage stale = storage_of({{1, "x=1"}, {2, "y=2"}});  // same length, another last entry
  const auto violation = checker.after_event(1, {&node, &stale});
  check_violation(violation, "Durable Log Matches Memory");
}

TEST_CASE("invariants: a commit index beyond the log is caught before anything is applied") {
  InvariantChecker checker(3);
  // A follower told to commit 5 with 1 entry, through the commit-without-min bug.
  raft::Config config = config_of(1);
  config.bugs.add(raft::Bug::CommitWithoutMin);
  Node node(config, {}, 0);
  node.step(0, raft::Message{2, 1, raft::AppendEntries{1, 2, 0, 0, {{1, "x=1"}}, 5}});
  const Storage storage = storage_of({{1, "x=1"}});
  const auto violation = checker.before_apply(1, {&node, &storage});
  check_violation(violation, "Commit Within Log");
  CHECK(violation->index == 5);
}

TEST_CASE("invariants: an entry applied before it is committed") {
  InvariantChecker checker(3);
  const Node node = follower(1, {}, {{1, "x=1"}});
  const Storage storage = storage_of({{1, "x=1"}});
  const auto violation = checker.on_apply(1, {&node, &storage}, raft::CommittedEntry{1, {1, "x=1"}});
  check_violation(violation, "Applied Within Committed");
}

TEST_CASE("invariants: a leader's matchIndex must be what a follower of its term holds") {
  InvariantChecker checker(3);
  raft::Config config = config_of(1);
  config.bugs.add(raft::Bug::MatchFromOwnLog);
  Node leader(config, raft::PersistentState{HardState{1, raft::kNobody}, {{1, "x=1"}, {1, "y=1"}}}, 0);
  leader.campaign(0);
  leader.step(0, raft::Message{2, 1, raft::RequestVoteReply{2, true}});
  REQUIRE(leader.role() == Role::Leader);
  leader.take_ready();
  // n2 holds one entry and acknowledges it; the buggy leader takes its own last index.
  leader.step(0, raft::Message{2, 1, raft::AppendEntriesReply{.term = 2, .success = true, .match_index = 1}});
  REQUIRE(leader.progress(2).match_index == 2);
  const Node follower_2 = follower(2, HardState{2, 1}, {{1, "x=1"}});
  const Node follower_3 = follower(3, HardState{1, raft::kNobody}, {});
  const Storage leader_storage = storage_of({{1, "x=1"}, {1, "y=1"}});
  const Storage storage_2 = storage_of({{1, "x=1"}});
  const Storage storage_3 = storage_of({});
  const std::vector<CheckedNode> all = {{}, {&leader, &leader_storage}, {&follower_2, &storage_2}, {&follower_3, &storage_3}};
  const auto violation = checker.check_leader_progress(1, all);
  check_violation(violation, "Leader Progress");
  CHECK(violation->detail.find("n2 holds only 1 entries") != std::string::npos);
}

TEST_CASE("invariants: a vote lost in a restart is reported as such") {
  InvariantChecker checker(3);
  const Node voted = follower(1, HardState{3, 2});
  const Storage storage = storage_of({}, HardState{3, raft::kNobody});  // the vote never reached the disk
  CHECK_FALSE(checker.after_event(1, {&voted, &storage}));
  checker.on_restart(1);
  const Node restarted = follower(1, HardState{3, raft::kNobody});
  const auto violation = checker.after_event(1, {&restarted, &storage});
  check_violation(violation, "One Vote Per Term");
  CHECK(violation->detail.find("lost that vote when it restarted (the vote never reached its disk)") != std::string::npos);
}
