// Membership changes meet log compaction (dissertation 5.1 with chapter 4): a snapshot
// replaces the configuration entries it covers, so it carries the configuration in force
// at its last entry, voters and learners; a server restored from a snapshot (restarted,
// or installing one) takes that configuration, and configuration entries after it in the
// log override it; compaction never drops the only record of the configuration in force.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {

namespace {

// leader_with_own_commit that then added n4 as a learner (index 2), committed and applied
// that too.
Node leader_after_add() {
  Node leader = leader_with_own_commit();
  REQUIRE(leader.propose_change(2 * kMs, {ChangeKind::AddLearner, 4}).accepted);
  leader.step(3 * kMs, reply_from(2, 2, 2));
  leader.take_ready();
  REQUIRE(leader.commit_index() == 2);
  REQUIRE(leader.last_applied() == 2);
  return leader;
}

const Configuration kThreeAndLearner{.voters = {1, 2, 3}, .learners = {4}};

InstallSnapshot install(Index index, Term term, Configuration configuration) {
  return InstallSnapshot{.term = term, .leader = 1, .last_included_index = index, .last_included_term = term,
                         .configuration = std::move(configuration), .offset = 0, .data = "a=1", .done = true};
}

}  // namespace

TEST_CASE("5.1: compaction never drops the only record of the configuration in force") {
  Node leader = leader_after_add();
  REQUIRE(leader.compact(2, "a=1"));
  CHECK(leader.snapshot()->metadata.configuration == kThreeAndLearner);
  CHECK(leader.configuration() == kThreeAndLearner);  // no configuration entry left in the log
  CHECK(leader.configuration_index() == 2);
  // The learner still gets entries, and still does not count toward a majority.
  leader.propose(4 * kMs, "b=2");
  leader.step(5 * kMs, reply_from(4, 2, 3));
  CHECK(leader.commit_index() == 2);
  leader.step(6 * kMs, reply_from(3, 2, 3));
  CHECK(leader.commit_index() == 3);
}

TEST_CASE("5.1 and 4.1: a server restarted from a snapshot taken after an add takes the snapshot's configuration") {
  Node leader = leader_after_add();
  leader.step(4 * kMs, reply_from(4, 2, 2));
  REQUIRE(leader.propose_change(4 * kMs, {ChangeKind::Promote, 4}).accepted);
  leader.step(5 * kMs, reply_from(2, 2, 3));
  leader.step(5 * kMs, reply_from(4, 2, 3));
  leader.take_ready();
  REQUIRE(leader.commit_index() == 3);
  REQUIRE(leader.compact(3, "a=1"));
  const Node restarted(config_for(1, 3), PersistentState{{2, 1}, {}, leader.snapshot()}, 0);
  CHECK(restarted.configuration().voters == std::vector<NodeId>{1, 2, 3, 4});  // not the initial n1..n3
  CHECK(restarted.configuration().quorum() == 3);
  CHECK(restarted.configuration_index() == 3);
  SUBCASE("a configuration entry after the snapshot overrides it") {
    const std::vector<LogEntry> log{LogEntry{2, encode_configuration({.voters = {1, 3, 4}, .learners = {}})}};
    const Node later(config_for(1, 3), PersistentState{{2, 1}, log, leader.snapshot()}, 0);
    CHECK(later.configuration().voters == std::vector<NodeId>{1, 3, 4});
    CHECK(later.configuration_index() == 4);
  }
}

TEST_CASE("5.1 and 4.1: a learner in the snapshot stays a learner, and does not campaign after a restart") {
  Node leader = leader_after_add();
  REQUIRE(leader.compact(2, "a=1"));
  // n4 itself, restarted from that snapshot (as if installed), knows it is a learner.
  Node learner(config_for(4, 3), PersistentState{{2, kNobody}, {}, leader.snapshot()}, 0);
  CHECK(learner.configuration() == kThreeAndLearner);
  CHECK(learner.configuration().is_learner(4));
  learner.tick(learner.next_deadline());
  CHECK(learner.role() == Role::Follower);
  CHECK(learner.current_term() == 2);
  // The restarted leader replicates to it once it leads again.
  Node restarted(config_for(1, 3), PersistentState{{2, 1}, {}, leader.snapshot()}, 0);
  CHECK(restarted.configuration() == kThreeAndLearner);
}

TEST_CASE("Figure 13 with 4.1: a follower installing a snapshot taken after a remove takes the snapshot's configuration") {
  // n3 holds the initial configuration n1..n3 and an uncommitted entry adding n5 that the
  // snapshot's history does not have: both give way to the snapshot's configuration.
  std::vector<LogEntry> log = log_of_terms({1});
  log.push_back(LogEntry{1, encode_configuration({.voters = {1, 2, 3}, .learners = {5}})});
  Node follower(config_for(3, 3), PersistentState{{1, kNobody}, log}, 0);
  REQUIRE(follower.configuration().is_learner(5));
  const Configuration removed{.voters = {1, 3}, .learners = {}};
  follower.step(1 * kMs, Message{1, 3, install(11, 2, removed)});
  CHECK(follower.log().snapshot_index() == 11);
  CHECK(follower.configuration() == removed);
  CHECK(follower.configuration().quorum() == 2);
  CHECK(follower.configuration_index() == 11);
  const Ready ready = follower.take_ready();
  REQUIRE(ready.snapshot != nullptr);
  CHECK(ready.snapshot->metadata.configuration == removed);  // what the host persists
  // Restarted from what it persisted, it comes back with the same configuration.
  const Node restarted(config_for(3, 3), PersistentState{{2, kNobody}, {}, ready.snapshot}, 0);
  CHECK(restarted.configuration() == removed);
}

TEST_CASE("Figure 13 receiver 6 with 4.1: a configuration entry kept after an installed snapshot overrides the snapshot's") {
  std::vector<LogEntry> log = log_of_terms(repeat(2, 11));
  log.push_back(LogEntry{2, encode_configuration({.voters = {1, 3}, .learners = {}})});
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, log}, 0);
  follower.step(1 * kMs, Message{1, 3, install(11, 2, {.voters = {1, 2, 3}, .learners = {4}})});
  CHECK(follower.log().snapshot_index() == 11);
  CHECK(follower.log().last_index() == 12);
  CHECK(follower.configuration().voters == std::vector<NodeId>{1, 3});
  CHECK(follower.configuration_index() == 12);
  // When a new leader truncates that entry, the snapshot's configuration is in force again.
  follower.step(2 * kMs, Message{2, 3, AppendEntries{3, 2, 11, 2, {LogEntry{3, "x=1"}}, 11}});
  CHECK(follower.configuration() == Configuration{.voters = {1, 2, 3}, .learners = {4}});
  CHECK(follower.configuration_index() == 11);
}

}  // namespace raft::test
