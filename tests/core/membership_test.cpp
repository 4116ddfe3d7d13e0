// Membership changes, one server at a time (dissertation chapter 4): configuration entries
// in force once appended (4.1), learners (4.2.1), removing the leader (4.2.2), disruptive
// servers (4.2.3), and the rule of 2015 that a leader commits an entry of its term first.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {

namespace {

AppendEntries append_of(Term term, Index prev, Term prev_term, std::vector<LogEntry> entries, Index commit = 0) {
  return AppendEntries{term, 1, prev, prev_term, std::move(entries), commit};
}

}  // namespace

TEST_CASE("4.1: a configuration entry's text names its voters and learners, and only it decodes") {
  const Configuration configuration{.voters = {1, 2, 3}, .learners = {4}};
  const std::string text = encode_configuration(configuration);
  CHECK(text == "config voters 1 2 3 learners 4");
  CHECK(decode_configuration(text) == configuration);
  CHECK_FALSE(decode_configuration("a=1").has_value());
  CHECK_FALSE(decode_configuration("config voters 2 1").has_value());  // not ascending
  CHECK_FALSE(decode_configuration("config voters 1 2 learners 2").has_value());
  CHECK(configuration.quorum() == 2);
}

TEST_CASE("4.2: single-server changes: add a learner, promote a learner, remove a member, never the last voter") {
  const Configuration three{.voters = {1, 2, 3}, .learners = {}};
  const auto added = changed(three, {ChangeKind::AddLearner, 4});
  REQUIRE(added);
  CHECK(added->learners == std::vector<NodeId>{4});
  CHECK_FALSE(changed(three, {ChangeKind::AddLearner, 2}));
  CHECK_FALSE(changed(three, {ChangeKind::Promote, 3}));
  CHECK(changed(*added, {ChangeKind::Promote, 4})->voters == std::vector<NodeId>{1, 2, 3, 4});
  CHECK(changed(three, {ChangeKind::Remove, 2})->voters == std::vector<NodeId>{1, 3});
  CHECK_FALSE(changed(Configuration{.voters = {1}, .learners = {}}, {ChangeKind::Remove, 1}));
}

TEST_CASE("4.1: a server uses the newest configuration in its log, committed or not, and falls back when it is removed") {
  Node follower(config_for(2, 3), PersistentState{}, 0);
  const LogEntry change{1, encode_configuration({.voters = {1, 2, 3}, .learners = {4}})};
  follower.step(1 * kMs, Message{1, 2, append_of(1, 0, 0, {change})});
  CHECK(follower.commit_index() == 0);
  CHECK(follower.configuration().is_learner(4));
  CHECK(follower.configuration_index() == 1);
  // A leader of term 2 replaces that entry: the initial configuration is in force again.
  follower.step(2 * kMs, Message{1, 2, append_of(2, 0, 0, {LogEntry{2, "x=1"}})});
  CHECK(follower.configuration_index() == 0);
  CHECK_FALSE(follower.configuration().contains(4));
}

TEST_CASE("4.1: a new leader does not change the configuration before it has committed an entry of its term") {
  Node leader = leader_with_log(3, 2, log_of_terms({1}));
  const ChangeResult refused = leader.propose_change(0, {ChangeKind::AddLearner, 4});
  CHECK_FALSE(refused.accepted);
  CHECK(refused.reason.cause == Cause::ChangeRefusedNoOwnCommit);
  CHECK(leader.log().last_index() == 1);
  SUBCASE("with the mistake of 2015 it does") {
    leader.add_bugs([] { BugSet bugs; bugs.add(Bug::ChangeBeforeOwnCommit); return bugs; }());
    const ChangeResult started = leader.propose_change(0, {ChangeKind::AddLearner, 4});
    CHECK(started.accepted);
    CHECK(started.reason.bug == Bug::ChangeBeforeOwnCommit);
  }
}

TEST_CASE("4.2: a leader starts no change while another is not committed") {
  Node leader = leader_with_own_commit();
  const ChangeResult first = leader.propose_change(2 * kMs, {ChangeKind::AddLearner, 4});
  REQUIRE(first.accepted);
  CHECK(first.index == 2);
  const ChangeResult second = leader.propose_change(2 * kMs, {ChangeKind::Remove, 3});
  CHECK_FALSE(second.accepted);
  CHECK(second.reason.cause == Cause::ChangeRefusedPending);
  leader.step(3 * kMs, reply_from(2, 2, 2));
  CHECK(leader.commit_index() == 2);
  CHECK(leader.propose_change(3 * kMs, {ChangeKind::Remove, 3}).accepted);
}

TEST_CASE("4.2.1: a learner receives entries but neither votes nor counts toward a majority") {
  Node leader = leader_with_own_commit();
  REQUIRE(leader.propose_change(2 * kMs, {ChangeKind::AddLearner, 4}).accepted);
  const Ready ready = leader.take_ready();
  bool sent_to_learner = false;
  for (const Message& message : ready.messages) sent_to_learner |= message.to == 4 && std::holds_alternative<AppendEntries>(message.payload);
  CHECK(sent_to_learner);
  leader.step(3 * kMs, reply_from(4, 2, 2));  // the learner alone holds entry 2 with the leader
  CHECK(leader.commit_index() == 1);
  leader.step(4 * kMs, reply_from(3, 2, 2));
  CHECK(leader.commit_index() == 2);
  // A learner never campaigns: its timer only starts over.
  Node learner(config_for(4, 3), PersistentState{{2, kNobody}, leader.log().entries().to_vector()}, 0);
  CHECK(learner.configuration().is_learner(4));
  learner.tick(learner.next_deadline());
  CHECK(learner.role() == Role::Follower);
  CHECK(learner.current_term() == 2);
}

TEST_CASE("4.2.1: a learner is promoted only once it has caught up with the leader's commit index") {
  Node leader = leader_with_own_commit();
  REQUIRE(leader.propose_change(2 * kMs, {ChangeKind::AddLearner, 4}).accepted);
  leader.step(3 * kMs, reply_from(2, 2, 2));
  REQUIRE(leader.commit_index() == 2);
  const ChangeResult early = leader.propose_change(3 * kMs, {ChangeKind::Promote, 4});
  CHECK(early.reason.cause == Cause::ChangeRefusedNotCaughtUp);
  leader.step(4 * kMs, reply_from(4, 2, 2));
  const ChangeResult promoted = leader.propose_change(4 * kMs, {ChangeKind::Promote, 4});
  CHECK(promoted.accepted);
  CHECK(leader.configuration().is_voter(4));
  CHECK(leader.configuration().quorum() == 3);
}

TEST_CASE("4.2.2: a leader that removes itself replicates without counting itself, and steps down once the change commits") {
  Node leader = leader_with_own_commit();
  REQUIRE(leader.propose_change(2 * kMs, {ChangeKind::Remove, 1}).accepted);
  CHECK(leader.role() == Role::Leader);
  CHECK(leader.configuration().voters == std::vector<NodeId>{2, 3});
  leader.step(3 * kMs, reply_from(2, 2, 2));
  CHECK(leader.commit_index() == 1);  // n2 alone is not a majority of n2, n3: n1 does not count
  CHECK(leader.role() == Role::Leader);
  leader.step(4 * kMs, reply_from(3, 2, 2));
  CHECK(leader.commit_index() == 2);
  CHECK(leader.role() == Role::Follower);
  // Out of the configuration, it does not campaign.
  leader.tick(leader.next_deadline());
  CHECK(leader.role() == Role::Follower);
  CHECK(leader.current_term() == 2);
}

TEST_CASE("4.2.3: a server that heard from a leader within the minimum election timeout ignores a removed server's RequestVote") {
  Node follower(config_for(2, 3), PersistentState{}, 0);
  const LogEntry removal{1, encode_configuration({.voters = {1, 2}, .learners = {}})};
  follower.step(10 * kMs, Message{1, 2, append_of(1, 0, 0, {removal})});
  follower.take_ready();
  const Message campaign{3, 2, RequestVote{5, 3, 0, 0}};
  follower.step(50 * kMs, campaign);
  CHECK(follower.current_term() == 1);
  const Ready ready = follower.take_ready();
  CHECK(ready.messages.empty());
  REQUIRE(ready.decisions.size() == 1);
  CHECK(ready.decisions[0].reason.cause == Cause::VoteIgnoredLeaderLease);
  // After the minimum election timeout without the leader, it listens again.
  follower.step(200 * kMs, campaign);
  CHECK(follower.current_term() == 5);
}

TEST_CASE("4.1: a restarted server rebuilds its configuration from the log it persisted") {
  std::vector<LogEntry> log = log_of_terms({1});
  log.push_back(LogEntry{1, encode_configuration({.voters = {1, 2, 3}, .learners = {4}})});
  log.push_back(LogEntry{1, encode_configuration({.voters = {1, 2, 3, 4}, .learners = {}})});
  const Node restarted(config_for(4, 3), PersistentState{{1, kNobody}, log}, 0);
  CHECK(restarted.configuration().is_voter(4));
  CHECK(restarted.configuration_index() == 3);
  CHECK(restarted.configurations_after(1) == 2);
}

}  // namespace raft::test
