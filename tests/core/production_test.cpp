// Beyond Figure 2, as production Raft runs it: the leader's no-op (paper section 8;
// dissertation 6.4), pre-vote (dissertation 9.6), and check-quorum with the leader lease
// (dissertation 6.2 and 9.6). Each test is named after the rule it checks.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.h"

namespace raft::test {
namespace {

constexpr Extensions kNoop{.noop = true};
constexpr Extensions kPreVote{.pre_vote = true};
constexpr Extensions kCheckQuorum{.check_quorum = true};
constexpr Extensions kAll{.noop = true, .pre_vote = true, .check_quorum = true};

bool decided(const Ready& ready, Cause cause) {
  return std::any_of(ready.decisions.begin(), ready.decisions.end(),
                     [cause](const Decision& decision) { return decision.reason.cause == cause; });
}

}  // namespace

// ---- The no-op -------------------------------------------------------------------------

TEST_CASE("defaults: a Config left as it is runs Raft as production does: a leader's no-op, check-quorum, no pre-vote") {
  Config config;  // only the members and the id set: every option at its default
  config.id = 1;
  config.members = {1, 2, 3};
  Node node(config, PersistentState{{1, kNobody}, log_of_terms({1})}, 0);
  // No pre-vote: when its timer fires, the server is a candidate for term 2 at once.
  Time now = 0;
  while (node.role() == Role::Follower && now <= config.election_timeout_max) node.tick(now += kMs);
  CHECK(node.role() == Role::Candidate);
  CHECK(node.current_term() == 2);
  node.step(now, Message{2, 1, RequestVoteReply{2, true}});
  REQUIRE(node.role() == Role::Leader);
  // The no-op of its term.
  CHECK(node.log().last_index() == 2);
  CHECK(is_noop(node.log().at(2)));
  // Check-quorum: heard from no one for an election timeout, the leader steps down.
  const Time elected = now;
  while (node.role() == Role::Leader && now <= elected + 2 * config.election_timeout_max) node.tick(now += kMs);
  CHECK(node.role() == Role::Follower);
}

TEST_CASE("section 8: a leader appends a blank no-op entry of its term at the start of its term") {
  Node node(config_for(1, 3, 1, kNoop), PersistentState{{1, kNobody}, log_of_terms({1, 1})}, 0);
  node.campaign(0);
  for (NodeId voter = 2; node.role() != Role::Leader; ++voter) node.step(0, Message{voter, 1, RequestVoteReply{2, true}});
  REQUIRE(node.log().last_index() == 3);
  CHECK(node.log().at(3).term == 2);
  CHECK(is_noop(node.log().at(3)));
  const Ready ready = node.take_ready();
  CHECK(decided(ready, Cause::NoopAppended));
  // Its first AppendEntries carry the no-op.
  const auto appends = payloads<AppendEntries>(ready.messages);
  REQUIRE(appends.size() == 2);
  CHECK(appends[0].prev_log_index == 2);
  REQUIRE(appends[0].entries.size() == 1);
  CHECK(is_noop(appends[0].entries[0]));
}

TEST_CASE("section 8 and Figure 8: committing the no-op commits the entries of earlier terms before it") {
  // Without a client write, an entry of an earlier term waits (Figure 8); the no-op of
  // the new term commits it as soon as a majority holds the no-op.
  for (const bool noop : {false, true}) {
    CAPTURE(noop);
    Cluster cluster({PersistentState{{1, kNobody}, log_of_terms({1})}, PersistentState{{1, kNobody}, log_of_terms({1})},
                     PersistentState{{1, kNobody}, {}}},
                    1, Extensions{.noop = noop});
    cluster.elect(1);
    cluster.run_for(100 * kMs);
    CHECK(cluster.node(1).commit_index() == (noop ? 2u : 0u));
  }
}

TEST_CASE("section 8: a cluster of one commits its leader's no-op at once") {
  Cluster cluster(1, 1, kNoop);
  cluster.elect(1);
  CHECK(cluster.node(1).commit_index() == 1);
  CHECK(cluster.applied(1).size() == 1);
}

// ---- Pre-vote --------------------------------------------------------------------------

TEST_CASE("9.6: with pre-vote, a server whose timer fires asks for pre-votes for term + 1 and keeps its term") {
  Node node(config_for(1, 3, 1, kPreVote), PersistentState{{4, kNobody}, log_of_terms({1, 4})}, 0);
  node.tick(node.election_due());
  CHECK(node.role() == Role::PreCandidate);
  CHECK(node.current_term() == 4);
  CHECK(node.voted_for() == kNobody);
  const Ready ready = node.take_ready();
  CHECK_FALSE(ready.hard_state.has_value());  // nothing to persist: no term, no vote
  CHECK(decided(ready, Cause::PreVoteStarted));
  const auto asks = payloads<RequestVote>(ready.messages);
  REQUIRE(asks.size() == 2);
  for (const RequestVote& ask : asks) {
    CHECK(ask.pre_vote);
    CHECK(ask.term == 5);
    CHECK(ask.last_log_index == 2);
    CHECK(ask.last_log_term == 4);
  }
}

TEST_CASE("9.6: a server grants a pre-vote by the RequestVote rules, and changes neither its term nor its vote") {
  Node voter(config_for(2, 3, 1, kPreVote), PersistentState{{4, kNobody}, log_of_terms({1, 4})}, 0);
  const Time timer = voter.election_due();
  voter.step(10 * kMs, Message{1, 2, RequestVote{5, 1, 2, 4, true}});
  CHECK(voter.current_term() == 4);
  CHECK(voter.voted_for() == kNobody);
  CHECK(voter.election_due() == timer);  // a pre-vote does not reset the timer
  Ready ready = voter.take_ready();
  CHECK_FALSE(ready.hard_state.has_value());
  const auto replies = payloads<RequestVoteReply>(ready.messages);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].pre_vote);
  CHECK(replies[0].vote_granted);
  CHECK(replies[0].term == 5);  // the term asked for
  CHECK(replies[0].reason.cause == Cause::PreVoteGranted);

  SUBCASE("5.4.1: an older log is denied a pre-vote as it would be a vote") {
    voter.step(20 * kMs, Message{3, 2, RequestVote{5, 3, 1, 1, true}});
    const auto denied = payloads<RequestVoteReply>(voter.take_ready().messages);
    REQUIRE(denied.size() == 1);
    CHECK_FALSE(denied[0].vote_granted);
    CHECK(denied[0].term == 4);  // a denial carries the voter's own term
    CHECK(denied[0].reason.cause == Cause::PreVoteDeniedLogOlder);
  }
}

TEST_CASE("9.6: a pre-candidate that wins a majority of pre-votes starts a real election for term + 1") {
  Node node(config_for(1, 3, 1, kPreVote), PersistentState{{4, kNobody}, log_of_terms({1, 4})}, 0);
  node.tick(node.election_due());
  node.take_ready();
  node.step(node.election_due(), Message{2, 1, RequestVoteReply{.term = 5, .vote_granted = true, .pre_vote = true}});
  CHECK(node.role() == Role::Candidate);
  CHECK(node.current_term() == 5);
  CHECK(node.voted_for() == 1);
  const Ready ready = node.take_ready();
  CHECK(decided(ready, Cause::PreVoteWon));
  for (const RequestVote& ask : payloads<RequestVote>(ready.messages)) {
    CHECK_FALSE(ask.pre_vote);
    CHECK(ask.term == 5);
  }
}

TEST_CASE("9.6: a server partitioned away rejoins without disrupting the leader, with pre-vote") {
  for (const bool pre_vote : {false, true}) {
    CAPTURE(pre_vote);
    Cluster cluster(3, 1, Extensions{.pre_vote = pre_vote});
    cluster.elect(1);
    cluster.propose(1, "x=1");
    cluster.run_for(100 * kMs);
    const Term term = cluster.node(1).current_term();
    cluster.isolate(3);
    cluster.run_for(2 * kSecond);  // n3 times out again and again, alone
    cluster.heal(3);
    cluster.run_for(1 * kSecond);
    // Without pre-vote n3's term ran ahead, and its return deposed the leader.
    CHECK((cluster.node(1).role() == Role::Leader && cluster.node(1).current_term() == term) == pre_vote);
    CHECK(cluster.leader() != kNobody);
  }
}

TEST_CASE("9.6: a pre-candidate denied by a server of a later term adopts that term, so it can still win later") {
  // The trap: a server that fell behind in term asks for pre-votes for a term the others
  // have passed; their denial tells it their term, and its next pre-vote asks for one past it.
  Node node(config_for(1, 3, 1, kPreVote), PersistentState{{2, kNobody}, log_of_terms({1, 2, 2})}, 0);
  node.tick(node.election_due());
  node.take_ready();
  node.step(node.election_due(), Message{2, 1, RequestVoteReply{.term = 7, .vote_granted = false, .pre_vote = true}});
  CHECK(node.role() == Role::Follower);
  CHECK(node.current_term() == 7);
  node.tick(node.election_due());
  const auto asks = payloads<RequestVote>(node.take_ready().messages);
  REQUIRE_FALSE(asks.empty());
  CHECK(asks[0].term == 8);
}

TEST_CASE("9.6: a server with a lower term but the most up-to-date log still wins after the leader dies") {
  // The leader n1 is gone. n2 is in term 6 with a shorter log, so it cannot win (n3 denies
  // it); n3 holds the longer log in the lower term 3. With pre-vote and check-quorum on,
  // n2 must answer n3's pre-vote for term 4 with its own term, or n3 asks forever.
  Cluster cluster({PersistentState{{6, kNobody}, log_of_terms({1})}, PersistentState{{6, kNobody}, log_of_terms({1})},
                   PersistentState{{3, kNobody}, log_of_terms({1, 3, 3})}},
                  1, kAll);
  cluster.crash(1);
  cluster.run_for(5 * kSecond);
  REQUIRE(cluster.leader() == 3);
  CHECK(cluster.node(3).current_term() > 6);
}

// ---- Check-quorum and the lease --------------------------------------------------------

TEST_CASE("6.2: with check-quorum, a leader that hears from no majority within an election timeout steps down") {
  for (const bool check_quorum : {false, true}) {
    CAPTURE(check_quorum);
    Cluster cluster(3, 1, Extensions{.check_quorum = check_quorum});
    cluster.elect(1);
    cluster.isolate(1);
    cluster.run_for(2 * kSecond);
    // Without check-quorum an isolated leader lingers as leader of its old term.
    CHECK((cluster.node(1).role() == Role::Leader) == !check_quorum);
  }
}

TEST_CASE("6.2: the leader that steps down for lack of a quorum says whom it heard from") {
  Config config = config_for(1, 5, 1, kCheckQuorum);
  Node node(config, PersistentState{{1, kNobody}, {}}, 0);
  node.campaign(0);
  node.step(0, Message{2, 1, RequestVoteReply{2, true}});
  node.step(0, Message{3, 1, RequestVoteReply{2, true}});
  REQUIRE(node.role() == Role::Leader);
  node.take_ready();
  node.step(10 * kMs, Message{2, 1, AppendEntriesReply{.term = 2, .success = true}});
  node.tick(node.quorum_check_due());
  CHECK(node.role() == Role::Follower);
  CHECK(node.current_term() == 2);
  const Ready ready = node.take_ready();
  const auto lost = std::find_if(ready.decisions.begin(), ready.decisions.end(),
                                 [](const Decision& d) { return d.reason.cause == Cause::QuorumLost; });
  REQUIRE(lost != ready.decisions.end());
  CHECK(lost->nodes == std::vector<NodeId>{2});
  CHECK(explain(*lost) ==
        "steps down from leader to follower: heard from only n2 in the last election timeout, not a majority of 5 "
        "(check-quorum)");
}

TEST_CASE("9.6: a server that heard from a leader within the minimum election timeout ignores a RequestVote") {
  Node node(config_for(2, 3, 1, kCheckQuorum), PersistentState{{2, kNobody}, {}}, 0);
  node.step(10 * kMs, Message{1, 2, AppendEntries{2, 1, 0, 0, {}, 0}});
  node.take_ready();
  node.step(100 * kMs, Message{3, 2, RequestVote{3, 3, 0, 0}});
  CHECK(node.current_term() == 2);
  CHECK(node.voted_for() == kNobody);
  Ready ready = node.take_ready();
  CHECK(ready.messages.empty());
  CHECK(decided(ready, Cause::VoteIgnoredInLease));
  // Past the shortest election timeout since the leader was heard, the vote counts again.
  node.step(10 * kMs + 150 * kMs, Message{3, 2, RequestVote{3, 3, 0, 0}});
  CHECK(node.current_term() == 3);
  CHECK(node.voted_for() == 3);
}

TEST_CASE("9.6: with pre-vote and check-quorum, an isolated leader is replaced; the cluster is not left leaderless") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    Cluster cluster(5, seed, kAll);
    cluster.elect(1);
    cluster.run_for(200 * kMs);
    cluster.isolate(1);
    cluster.run_for(3 * kSecond);
    const NodeId leader = cluster.leader();
    CHECK(leader != kNobody);
    CHECK(leader != 1);
    CHECK(cluster.node(1).role() != Role::Leader);
  }
}

}  // namespace raft::test
