// Every decision explains itself: each rule of Figure 2 records, at the line where it
// decides, the reason it decided so (core/reason.h). These tests name the rule and
// assert the exact reason, numbers and sentence.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

// Server 1 of `size`, a follower in `term` that voted for `vote`, holding `log`.
Node server(std::size_t size, Term term, NodeId vote, std::vector<LogEntry> log = {}) {
  return Node(config_for(1, size), PersistentState{{term, vote}, std::move(log)}, 0);
}

Message request_vote(NodeId candidate, Term term, Index last_index, Term last_term) {
  return Message{candidate, 1, RequestVote{term, candidate, last_index, last_term}};
}

Message append(NodeId leader, Term term, Index prev_index, Term prev_term, std::vector<LogEntry> entries = {},
               Index leader_commit = 0) {
  return Message{leader, 1, AppendEntries{term, leader, prev_index, prev_term, std::move(entries), leader_commit}};
}

std::vector<Cause> causes(const std::vector<Decision>& decisions) {
  std::vector<Cause> found;
  for (const Decision& decision : decisions) found.push_back(decision.reason.cause);
  return found;
}

// The reasons of the decisions, without the servers counted.
std::vector<Reason> reasons(const std::vector<Decision>& decisions) {
  std::vector<Reason> found;
  for (const Decision& decision : decisions) found.push_back(decision.reason);
  return found;
}

template <class Reply>
Reply only_reply(const Ready& ready) {
  const auto replies = payloads<Reply>(ready.messages);
  REQUIRE(replies.size() == 1);
  return replies[0];
}

}  // namespace

// ---- RequestVote receiver -----------------------------------------------------------------

TEST_CASE("reason, RequestVote 1: reply false if term < currentTerm: stale term") {
  Node node = server(5, 4, kNobody);
  node.step(10 * kMs, request_vote(3, 3, 0, 0));
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::VoteDeniedStaleTerm, .peer = 3, .term = 4, .their_term = 3};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{expected});
  CHECK(only_reply<RequestVoteReply>(ready).reason == expected);
  CHECK(explain(expected) == "denies n3 its vote: stale term 3 (ours is 4)");
}

TEST_CASE("reason, RequestVote 2: one vote per term: already voted for n3 in term 4") {
  Node node = server(5, 4, 3);
  node.step(10 * kMs, request_vote(2, 4, 0, 0));
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::VoteDeniedAlreadyVoted, .peer = 2, .other = 3, .term = 4};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{expected});
  CHECK(only_reply<RequestVoteReply>(ready).reason == expected);
  CHECK(explain(expected) == "denies n2 its vote: already voted for n3 in term 4");
}

TEST_CASE("reason, RequestVote 2 (5.4.1): the candidate's log is older: last 1/t1 against 2/t1") {
  Node node = server(5, 4, kNobody, log_of_terms({1, 1}));
  node.step(10 * kMs, request_vote(3, 4, 1, 1));
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::VoteDeniedLogOlder, .peer = 3, .term = 4, .theirs = {1, 1}, .ours = {2, 1}};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{expected});
  CHECK_FALSE(only_reply<RequestVoteReply>(ready).vote_granted);
  CHECK(only_reply<RequestVoteReply>(ready).reason == expected);
  CHECK(explain(expected) == "denies n3 its vote: n3's log is older (last 1/t1 against our 2/t1)");
}

TEST_CASE("reason, RequestVote 2: granted: the candidate's log is at least as up-to-date; the timer restarts") {
  Node node = server(5, 4, kNobody, log_of_terms({1, 1}));
  node.step(10 * kMs, request_vote(3, 4, 2, 1));
  const Ready ready = node.take_ready();
  const Reason granted{.cause = Cause::VoteGranted, .peer = 3, .term = 4, .theirs = {2, 1}, .ours = {2, 1}};
  const Reason timer{.cause = Cause::TimerResetByVote, .peer = 3, .term = 4,
                     .count = static_cast<std::uint64_t>(node.election_timeout())};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{granted, timer});
  CHECK(only_reply<RequestVoteReply>(ready).reason == granted);
  CHECK(explain(granted) == "grants n3 its vote in term 4: n3's log (last 2/t1) is at least as up-to-date as ours (2/t1)");
  CHECK(explain(timer).rfind("election timer reset (", 0) == 0);
  CHECK(explain(timer).find(" ms): granted a vote to n3") != std::string::npos);
}

// ---- AppendEntries receiver ---------------------------------------------------------------

TEST_CASE("reason, AppendEntries 1: reply false if term < currentTerm: stale term") {
  Node node = server(5, 4, kNobody);
  node.step(10 * kMs, append(2, 3, 0, 0));
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::AppendRejectedStaleTerm, .peer = 2, .term = 4, .their_term = 3};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{expected});
  CHECK(only_reply<AppendEntriesReply>(ready).reason == expected);
  CHECK(explain(expected) == "rejects n2's heartbeat: stale term 3 (ours is 4)");
}

TEST_CASE("reason, AppendEntries 2: no entry at prevLogIndex: no entry at index 7") {
  Node node = server(5, 3, kNobody, log_of_terms({1, 1, 2, 2, 3}));
  node.step(10 * kMs, append(2, 3, 7, 3, log_of_terms({3})));
  const Ready ready = node.take_ready();
  CHECK(causes(ready.decisions) == std::vector<Cause>{Cause::TimerResetByAppend, Cause::AppendRejectedNoEntry});
  const Reason expected{.cause = Cause::AppendRejectedNoEntry, .peer = 2, .term = 3, .theirs = {7, 3}, .ours = {5, 3},
                        .count = 1};
  CHECK(ready.decisions[1].reason == expected);
  const auto reply = only_reply<AppendEntriesReply>(ready);
  CHECK(reply.reason == expected);
  CHECK(reply.conflict_index == 6);
  CHECK(explain(expected) ==
        "rejects n2's AppendEntries: no entry at index 7 (our log ends at 5/t3); hint: retry from index 6");
}

TEST_CASE("reason, AppendEntries 2: the entry at prevLogIndex has another term: entry 7 has term 2, the leader says 3") {
  Node node = server(5, 3, kNobody, log_of_terms({1, 1, 1, 1, 2, 2, 2}));
  node.step(10 * kMs, append(2, 3, 7, 3));
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::AppendRejectedMismatch, .peer = 2, .term = 3, .theirs = {7, 3}, .ours = {5, 2}};
  CHECK(ready.decisions.back().reason == expected);
  const auto reply = only_reply<AppendEntriesReply>(ready);
  CHECK(reply.reason == expected);
  CHECK(reply.conflict_term == 2);
  CHECK(reply.conflict_index == 5);
  CHECK(explain(expected) ==
        "rejects n2's heartbeat: entry 7 has term 2, the leader says 3; hint: our term 2 begins at index 5");
}

TEST_CASE("reason, AppendEntries 3-5: accepted, conflicting entries removed, commit learned from leaderCommit") {
  Node node = server(5, 3, kNobody, log_of_terms({1, 2, 2}));
  node.step(10 * kMs, append(2, 3, 1, 1, log_of_terms({3, 3}), 5));
  const Ready ready = node.take_ready();
  CHECK(causes(ready.decisions) == std::vector<Cause>{Cause::TimerResetByAppend, Cause::AppendAccepted,
                                                      Cause::EntriesTruncated, Cause::CommitLearned});
  const Reason accepted{.cause = Cause::AppendAccepted, .peer = 2, .term = 3, .theirs = {1, 1}, .ours = {3, 3},
                        .count = 2};
  CHECK(ready.decisions[1].reason == accepted);
  CHECK(only_reply<AppendEntriesReply>(ready).reason == accepted);
  CHECK(explain(accepted) ==
        "accepts n2's AppendEntries: we hold entry 1/t1 as the leader does; our log matches the leader's through index 3");
  const Reason truncated{.cause = Cause::EntriesTruncated, .peer = 2, .term = 3, .theirs = {2, 3}, .ours = {3, 2}};
  CHECK(ready.decisions[2].reason == truncated);
  CHECK(explain(truncated) == "removes entries 2..3: entry 2 has term 2, leader n2's has term 3");
  const Reason learned{.cause = Cause::CommitLearned, .peer = 2, .term = 3, .ours = {3, 3}, .count = 5};
  CHECK(ready.decisions[3].reason == learned);
  CHECK(explain(learned) ==
        "commits through entry 3: leader n2 has committed through 5, and our log matches the leader's through 3");
  CHECK(explain(ready.decisions[0]).find("): AppendEntries from leader n2") != std::string::npos);
}

TEST_CASE("reason, AppendEntries: a heartbeat from the current leader restarts the timer") {
  Node node = server(5, 3, kNobody);
  node.step(10 * kMs, append(2, 3, 0, 0));
  const Ready ready = node.take_ready();
  const Reason timer{.cause = Cause::TimerResetByHeartbeat, .peer = 2, .term = 3,
                     .count = static_cast<std::uint64_t>(node.election_timeout())};
  CHECK(ready.decisions[0].reason == timer);
  CHECK(explain(ready.decisions[1]) == "accepts n2's heartbeat: nothing precedes it");
}

// ---- Rules for Servers --------------------------------------------------------------------

TEST_CASE("reason, all servers: a higher term makes a leader step down: saw term 5 from n2 in a RequestVote") {
  Node leader = leader_with_log(5, 4, {});
  leader.step(10 * kMs, request_vote(2, 5, 0, 0));
  const Ready ready = leader.take_ready();
  const Reason expected{.cause = Cause::HigherTermSeen, .role = Role::Leader, .rpc = Rpc::RequestVote, .peer = 2,
                        .term = 4, .their_term = 5};
  CHECK(ready.decisions[0].reason == expected);
  CHECK(explain(expected) == "steps down from leader to follower: saw term 5 from n2 in a RequestVote (ours was 4)");
  CHECK(causes(ready.decisions) == std::vector<Cause>{Cause::HigherTermSeen, Cause::TimerStartedAsFollower,
                                                      Cause::VoteGranted, Cause::TimerResetByVote});
  CHECK(explain(ready.decisions[1]).find("no longer leader") != std::string::npos);
}

TEST_CASE("reason, all servers: a follower adopts a higher term seen in a reply") {
  Node node = server(3, 2, kNobody);
  node.step(10 * kMs, Message{3, 1, AppendEntriesReply{.term = 6}});
  const Ready ready = node.take_ready();
  const Reason expected{.cause = Cause::HigherTermSeen, .rpc = Rpc::AppendEntriesReply, .peer = 3, .term = 2,
                        .their_term = 6};
  CHECK(reasons(ready.decisions) == std::vector<Reason>{expected});
  CHECK(explain(expected) == "adopts term 6: saw term 6 from n3 in a reply to an AppendEntries (ours was 2)");
}

TEST_CASE("reason, candidates: the election timer fires: becomes candidate, restarts the timer") {
  Node node = server(3, 2, kNobody);
  const Time waited = node.election_timeout();
  node.tick(node.election_due());
  const Ready ready = node.take_ready();
  const Reason fired{.cause = Cause::ElectionTimeout, .term = 3, .count = static_cast<std::uint64_t>(waited)};
  CHECK(ready.decisions[0].reason == fired);
  CHECK(ready.decisions[1].reason.cause == Cause::TimerResetByElection);
  CHECK(ready.decisions[1].reason.term == 3);
  const Reason told{.cause = Cause::ToldToCampaign, .term = 4};
  node.campaign(node.election_due() - 1);
  CHECK(node.take_ready().decisions[0].reason == told);
  CHECK(explain(told) == "told to campaign: becomes candidate for term 4");
  CHECK(explain(Reason{.cause = Cause::ElectionTimeout, .term = 3, .count = 213'500}) ==
        "election timer fired (no leader heard for 213.5 ms): becomes candidate for term 3");
}

TEST_CASE("reason, candidates: votes from a majority: becomes leader, naming its voters") {
  Node node = server(5, 3, kNobody);
  node.campaign(0);
  node.take_ready();
  node.step(1 * kMs, Message{4, 1, RequestVoteReply{.term = 4, .vote_granted = true}});
  CHECK(node.take_ready().decisions.empty());  // a vote that does not decide anything
  node.step(2 * kMs, Message{2, 1, RequestVoteReply{.term = 4, .vote_granted = true}});
  const Decision won{Reason{.cause = Cause::ElectionWon, .term = 4, .count = 5}, {1, 2, 4}};
  CHECK(node.take_ready().decisions == std::vector<Decision>{won});
  CHECK(explain(won) == "becomes leader of term 4: votes from n1, n2, n4, a majority of 5");
}

TEST_CASE("reason, candidates: AppendEntries from the new leader: step down, the leader of the term is found") {
  Node node = server(3, 3, kNobody);
  node.campaign(0);
  node.take_ready();
  node.step(1 * kMs, append(2, 4, 0, 0));
  const Ready ready = node.take_ready();
  const Reason found{.cause = Cause::LeaderOfTermFound, .peer = 2, .term = 4};
  CHECK(ready.decisions[0].reason == found);
  CHECK(explain(found) == "steps down from candidate to follower: n2 won term 4 (its AppendEntries arrived)");
}

TEST_CASE("reason, leaders: commit once a majority holds an entry of the current term: entry on n1, n2, n4") {
  Node leader = leader_with_log(5, 3, log_of_terms({1, 3}));
  leader.step(1 * kMs, Message{2, 1, AppendEntriesReply{.term = 3, .success = true, .match_index = 2}});
  CHECK(leader.take_ready().decisions.empty());  // two of five: not yet
  leader.step(2 * kMs, Message{4, 1, AppendEntriesReply{.term = 3, .success = true, .match_index = 2}});
  const Decision committed{Reason{.cause = Cause::CommitAdvanced, .term = 3, .ours = {2, 3}, .count = 5}, {1, 2, 4}};
  CHECK(leader.take_ready().decisions == std::vector<Decision>{committed});
  CHECK(explain(committed) ==
        "commits through entry 2: it is on n1, n2, n4, a majority of 5, and of the current term 3");
}

TEST_CASE("reason, leaders (Figure 8): an entry of an earlier term is not committed by counting replicas") {
  Node leader = leader_with_log(3, 4, log_of_terms({1, 2}));
  leader.step(1 * kMs, Message{3, 1, AppendEntriesReply{.term = 4, .success = true, .match_index = 2}});
  const Decision waits{Reason{.cause = Cause::CommitWaitsForTerm, .term = 4, .ours = {2, 2}, .count = 3}, {1, 3}};
  CHECK(leader.take_ready().decisions == std::vector<Decision>{waits});
  CHECK(leader.commit_index() == 0);
  CHECK(explain(waits) ==
        "does not commit entry 2 yet: it is on n1, n3, a majority of 3, but of term 2, not the current term 4 (Figure 8)");
}

TEST_CASE("reason: every cause has a code and a sentence") {
  for (int cause = 0; cause <= static_cast<int>(Cause::ProposalRefusedTransferring); ++cause) {
    const Reason reason{.cause = static_cast<Cause>(cause), .peer = 2, .term = 1, .count = 1};
    CHECK(std::string(cause_code(reason.cause)).size() > 3);
    CHECK(explain(reason, {1, 2}).size() > 10);
  }
  CHECK(std::string(cause_code(Cause::VoteDeniedLogOlder)) == "vote-denied-log-older");
}

}  // namespace raft::test
