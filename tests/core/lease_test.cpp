// Leader leases (dissertation 6.4.1) and the followers' side of them: check-quorum's lease
// (4.2.3, 6.2) kept across a restart. A leader serves reads without a round for the
// shortest election timeout after a round a majority answered, because each of them
// withholds its vote that long; a server that restarts cannot remember when it answered,
// so with lease reads it withholds its vote that long after it starts.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.h"

namespace raft::test {
namespace {

constexpr Extensions kCheckQuorum{.noop = true, .check_quorum = true};
constexpr Time kRestartedAt = 1000 * kMs;

Config lease_config(NodeId id, bool lease_reads) {
  Config config = config_for(id, 3, 1, kCheckQuorum);
  config.lease_reads = lease_reads;
  return config;
}

// n3 of three, restarted at kRestartedAt from term 2, having followed n1.
Node restarted(bool lease_reads) {
  return Node(lease_config(3, lease_reads), PersistentState{{2, 1}, log_of_terms({1, 2})}, kRestartedAt);
}

Message vote_request(Term term, bool pre_vote = false, bool forced = false) {
  return Message{2, 3, RequestVote{.term = term, .candidate = 2, .last_log_index = 2, .last_log_term = 2,
                                   .pre_vote = pre_vote, .forced = forced}};
}

const Decision* find_decision(const Ready& ready, Cause cause) {
  const auto found = std::find_if(ready.decisions.begin(), ready.decisions.end(),
                                  [cause](const Decision& decision) { return decision.reason.cause == cause; });
  return found == ready.decisions.end() ? nullptr : &*found;
}

bool granted(Node& node) {
  const auto replies = payloads<RequestVoteReply>(node.take_ready().messages);
  return !replies.empty() && replies.back().vote_granted;
}

// n1 of three leading term 1, its no-op committed by n2's answer to round 1 at `answered`:
// its lease runs from when that round began (time 0).
Node leader_with_lease(bool lease_reads, Time answered) {
  Node node(lease_config(1, lease_reads), PersistentState{}, 0);
  node.campaign(0);
  node.step(0, Message{2, 1, RequestVoteReply{.term = 1, .vote_granted = true}});
  REQUIRE(node.role() == Role::Leader);
  node.take_ready();
  node.step(answered, Message{2, 1, AppendEntriesReply{.term = 1, .success = true, .match_index = 1, .read_round = 1}});
  REQUIRE(node.commit_index() == 1);
  node.take_ready();
  return node;
}

}  // namespace

TEST_CASE("6.4.1: with lease reads, a server that has just started ignores votes for a later term for the shortest election timeout") {
  Node node = restarted(true);
  node.step(kRestartedAt + 100 * kMs, vote_request(3));
  CHECK(node.current_term() == 2);  // no term change, no vote, no reply
  CHECK(node.voted_for() == 1);
  Ready ready = node.take_ready();
  CHECK(ready.messages.empty());
  const Decision* ignored = find_decision(ready, Cause::VoteIgnoredAfterStart);
  REQUIRE(ignored != nullptr);
  CHECK(explain(*ignored) ==
        "ignores n2's RequestVote for term 3: it started 100 ms ago, within the shortest election timeout, and may "
        "have heard from a leader just before (check-quorum's lease outlives a restart)");
  // A pre-vote is held off alike; a forced campaign (a transfer's TimeoutNow) is not.
  node.step(kRestartedAt + 120 * kMs, vote_request(3, /*pre_vote=*/true));
  CHECK(node.take_ready().messages.empty());
  // Once the shortest election timeout has passed since it started, it votes again.
  node.step(kRestartedAt + 150 * kMs, vote_request(3));
  CHECK(granted(node));
  CHECK(node.voted_for() == 2);
}

TEST_CASE("6.4.1: a forced campaign passes a restarted server's lease, as it passes a follower's") {
  Node node = restarted(true);
  node.step(kRestartedAt + 10 * kMs, vote_request(3, false, /*forced=*/true));
  CHECK(granted(node));
}

TEST_CASE("6.4.1: without lease reads, a restarted server votes at once: check-quorum alone keeps no lease across a restart") {
  for (const bool check_quorum : {false, true}) {
    CAPTURE(check_quorum);
    Config config = lease_config(3, false);
    config.check_quorum = check_quorum;
    Node node(config, PersistentState{{2, 1}, log_of_terms({1, 2})}, kRestartedAt);
    node.step(kRestartedAt + 10 * kMs, vote_request(3));
    CHECK(granted(node));
  }
}

TEST_CASE("6.4.1: a server that heard from a leader since it started counts its lease from the leader, not from its start") {
  Node node = restarted(true);
  node.step(kRestartedAt + 140 * kMs, Message{1, 3, AppendEntries{2, 1, 2, 2, {}, 2}});  // a heartbeat of n1
  node.take_ready();
  node.step(kRestartedAt + 200 * kMs, vote_request(3));
  Ready ready = node.take_ready();
  CHECK(ready.messages.empty());
  CHECK(find_decision(ready, Cause::VoteIgnoredInLease) != nullptr);
}

TEST_CASE("bugs: vote-right-after-restart grants a vote at once after a restart, lease reads or not") {
  Config config = lease_config(3, true);
  config.bugs.add(Bug::VoteRightAfterRestart);
  Node node(config, PersistentState{{2, 1}, log_of_terms({1, 2})}, kRestartedAt);
  node.step(kRestartedAt + 10 * kMs, vote_request(3));
  CHECK(granted(node));
}

TEST_CASE("6.4.1: a leader serves a read on its lease only with lease reads; otherwise it runs a round") {
  for (const bool lease_reads : {false, true}) {
    CAPTURE(lease_reads);
    Node node = leader_with_lease(lease_reads, 10 * kMs);
    node.read(20 * kMs, 7, ReadMode::Lease);
    Ready ready = node.take_ready();
    CHECK((find_decision(ready, Cause::ReadServedInLease) != nullptr) == lease_reads);
    CHECK((find_decision(ready, Cause::ReadLeaseExpired) != nullptr) == !lease_reads);
    CHECK(payloads<AppendEntries>(ready.messages).empty() == lease_reads);  // a round's heartbeats, or none
  }
}

TEST_CASE("6.4.1: the lease ends the shortest election timeout after the round a majority answered began") {
  Node node = leader_with_lease(true, 10 * kMs);
  CHECK(node.read_lease_until() == 150 * kMs);
  node.read(150 * kMs, 7, ReadMode::Lease);
  CHECK(find_decision(node.take_ready(), Cause::ReadLeaseExpired) != nullptr);
}

}  // namespace raft::test
