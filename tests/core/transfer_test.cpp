// Dissertation 3.10, leadership transfer: the leader catches the target up, then sends it
// TimeoutNow; the target campaigns at once; proposals pause meanwhile; a transfer that
// cannot finish within an election timeout is abandoned. Every step explains itself.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

std::vector<Cause> causes(const std::vector<Decision>& decisions) {
  std::vector<Cause> found;
  for (const Decision& decision : decisions) found.push_back(decision.reason.cause);
  return found;
}

bool decided(const std::vector<Decision>& decisions, Cause cause) {
  for (const Decision& decision : decisions) {
    if (decision.reason.cause == cause) return true;
  }
  return false;
}

// A 3-server cluster led by n1 in which n3 missed `missed` entries while cut off.
Cluster with_lagging_n3(int missed) {
  Cluster cluster(3);
  cluster.elect(1);
  cluster.isolate(3);
  for (int i = 1; i <= missed; ++i) cluster.propose(1, "x=" + std::to_string(i));
  cluster.deliver_all();
  cluster.heal(3);
  return cluster;
}

}  // namespace

TEST_CASE("3.10: the target is caught up before TimeoutNow") {
  Cluster cluster = with_lagging_n3(4);
  const Index last = cluster.node(1).log().last_index();
  REQUIRE(cluster.node(3).log().last_index() < last);

  const Reason started = cluster.node(1).transfer_leadership(cluster.now(), 3);
  CHECK(started.cause == Cause::TransferStarted);
  CHECK(started.theirs.index == 0);  // n1 has not heard from n3 since it was cut off
  CHECK(started.ours.index == last);
  cluster.flush(1);

  // Deliver one message at a time: when TimeoutNow reaches n3, n3 already holds every
  // entry of the leader's, so it can win.
  std::size_t catch_up_appends = 0;
  bool timeout_now_seen = false;
  while (!timeout_now_seen && cluster.deliver_next()) {
    const Message& message = cluster.delivered().back();
    if (message.to == 3 && std::holds_alternative<AppendEntries>(message.payload)) ++catch_up_appends;
    if (std::holds_alternative<TimeoutNow>(message.payload)) {
      timeout_now_seen = true;
      CHECK(message.from == 1);
      CHECK(cluster.node(3).log().last_index() == last);
    }
  }
  CHECK(timeout_now_seen);
  CHECK(catch_up_appends >= 1);
  cluster.deliver_all();
  CHECK(cluster.leader() == 3);
  CHECK(cluster.node(1).role() == Role::Follower);
  CHECK(cluster.node(1).transfer_target() == kNobody);
  CHECK(cluster.node(3).log().last_index() >= last);
}

TEST_CASE("3.10: a caught-up target is told to time out at once") {
  Cluster cluster(3);
  cluster.elect(1);
  cluster.propose(1, "x=1");
  cluster.deliver_all();
  Node& leader = cluster.node(1);
  REQUIRE(leader.progress(2).match_index == leader.log().last_index());
  leader.transfer_leadership(cluster.now(), 2);
  const Ready ready = leader.take_ready();
  CHECK(causes(ready.decisions) == std::vector<Cause>{Cause::TransferStarted, Cause::TimeoutNowSent});
  const auto sent = payloads<TimeoutNow>(ready.messages);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] == TimeoutNow{leader.current_term(), 1});
  CHECK(explain(ready.decisions[1]) == "sends TimeoutNow to n2: n2's log matches ours up to index 1 (ours ends at 1), "
                                       "so it can win an election at once");
}

TEST_CASE("3.10: on TimeoutNow the target starts an election at once, marked as forced") {
  Node follower(config_for(2, 3), PersistentState{{4, 1}, log_of_terms({4})}, 0);
  follower.step(10 * kMs, Message{1, 2, TimeoutNow{4, 1}});
  CHECK(follower.role() == Role::Candidate);
  CHECK(follower.current_term() == 5);
  const Ready ready = follower.take_ready();
  REQUIRE_FALSE(ready.decisions.empty());
  const Reason& why = ready.decisions[0].reason;
  CHECK(why.cause == Cause::TimeoutNowReceived);
  CHECK(explain(why) == "told by leader n1 to time out now (TimeoutNow): becomes candidate for term 5 "
                        "without waiting for its election timer (no pre-vote; a lease does not hold its votes off)");
  const auto votes = payloads<RequestVote>(ready.messages);
  REQUIRE(votes.size() == 2);
  for (const RequestVote& vote : votes) CHECK(vote.forced);
  // A campaign its own timer started is not marked.
  Node other(config_for(2, 3), PersistentState{{4, 1}, {}}, 0);
  other.tick(other.election_due());
  REQUIRE(other.role() == Role::Candidate);
  for (const RequestVote& vote : payloads<RequestVote>(other.take_ready().messages)) CHECK_FALSE(vote.forced);
}

// etcd-io/raft's campaignTransfer: the leader asked for this election, so the target runs
// no pre-vote (9.6) and the followers' lease (check-quorum, 6.2) does not hold it off.
TEST_CASE("3.10 with pre-vote and check-quorum: the target skips the pre-vote and its votes pass the lease") {
  Cluster cluster(3, 1, Extensions{.pre_vote = true, .check_quorum = true});
  cluster.elect(1);
  cluster.run_for(200 * kMs);
  REQUIRE(cluster.leader() == 1);
  const Term term = cluster.node(1).current_term();
  CHECK(cluster.node(1).transfer_leadership(cluster.now(), 2).cause == Cause::TransferStarted);
  cluster.flush(1);
  bool vote_seen = false;
  bool n3_granted = false;  // n3 heard from n1 moments ago: within its lease, yet it answers
  while (cluster.deliver_next()) {
    const Message& message = cluster.delivered().back();
    if (const auto* vote = std::get_if<RequestVote>(&message.payload)) {
      vote_seen = true;
      CHECK_FALSE(vote->pre_vote);
      CHECK(vote->forced);
    }
    const auto* reply = std::get_if<RequestVoteReply>(&message.payload);
    if (reply && message.from == 3 && reply->vote_granted) n3_granted = true;
  }
  CHECK(vote_seen);
  CHECK(n3_granted);
  CHECK(cluster.leader() == 2);
  CHECK(cluster.node(2).current_term() == term + 1);
}

TEST_CASE("3.10: a TimeoutNow from a deposed leader's older term is ignored") {
  Node follower(config_for(2, 3), PersistentState{{6, kNobody}, {}}, 0);
  follower.step(10 * kMs, Message{1, 2, TimeoutNow{5, 1}});
  CHECK(follower.role() == Role::Follower);
  CHECK(follower.current_term() == 6);
  const Ready ready = follower.take_ready();
  REQUIRE(ready.decisions.size() == 1);
  CHECK(explain(ready.decisions[0]) == "ignores n1's TimeoutNow: stale term 5 (ours is 6)");
}

TEST_CASE("3.10: proposals pause during a transfer") {
  Cluster cluster = with_lagging_n3(2);
  cluster.crash(3);  // so that the transfer cannot finish
  Node& leader = cluster.node(1);
  leader.transfer_leadership(cluster.now(), 3);
  leader.take_ready();
  const Index last = leader.log().last_index();
  const ProposeResult refused = leader.propose(cluster.now(), "y=1");
  CHECK_FALSE(refused.accepted);
  CHECK(refused.transferring_to == 3);
  CHECK(refused.leader_hint == 1);
  CHECK(leader.log().last_index() == last);
  const Ready ready = leader.take_ready();
  REQUIRE(ready.decisions.size() == 1);
  CHECK(explain(ready.decisions[0]) ==
        "refuses a client command: leadership is being handed to n3 (the client retries shortly)");
}

TEST_CASE("3.10: a transfer that cannot finish within an election timeout is abandoned") {
  Cluster cluster = with_lagging_n3(2);
  cluster.crash(3);
  Node& leader = cluster.node(1);
  const Time started_at = cluster.now();
  leader.transfer_leadership(started_at, 3);
  cluster.flush(1);
  const Time allowed = leader.config().election_timeout_max;
  CHECK(leader.transfer_deadline() == started_at + allowed);

  cluster.run_for(allowed - 1);
  CHECK(cluster.node(1).transfer_target() == 3);
  CHECK_FALSE(cluster.node(1).propose(cluster.now(), "y=1").accepted);
  cluster.flush(1);

  // The deadline is one of the leader's: the host ticks it then.
  cluster.node(1).tick(started_at + allowed);
  const Ready ready = cluster.node(1).take_ready();
  REQUIRE(decided(ready.decisions, Cause::TransferAbandoned));
  for (const Decision& decision : ready.decisions) {
    if (decision.reason.cause != Cause::TransferAbandoned) continue;
    CHECK(explain(decision) == "abandons the transfer to n3: it did not take over within 300 ms, an election timeout; "
                               "n3's log matches ours up to index 0 (ours ends at 2); client commands are accepted again");
  }
  CHECK(cluster.node(1).role() == Role::Leader);
  CHECK(cluster.node(1).transfer_target() == kNobody);
  CHECK(cluster.node(1).propose(started_at + allowed, "y=2").accepted);
}

TEST_CASE("3.10: a leader's next deadline includes the end of the time a transfer may take") {
  Config config = config_for(1, 3);
  config.heartbeat_interval = 10 * kSecond;  // longer than an election timeout, to see the other deadline
  Node leader(config, PersistentState{{1, kNobody}, {}}, 0);
  leader.campaign(0);
  leader.step(1 * kMs, Message{2, 1, RequestVoteReply{2, true}});
  REQUIRE(leader.role() == Role::Leader);
  leader.transfer_leadership(2 * kMs, 3);
  CHECK(leader.next_deadline() == 2 * kMs + config.election_timeout_max);
}

TEST_CASE("3.10: transfers that cannot be are refused, each with its reason") {
  Cluster cluster(3);
  cluster.elect(1);
  Node& leader = cluster.node(1);
  const Time now = cluster.now();
  CHECK(explain(leader.transfer_leadership(now, 1)) ==
        "refuses to hand leadership to n1: it is us, and we already lead term " + std::to_string(leader.current_term()));
  CHECK(explain(leader.transfer_leadership(now, 7)) ==
        "refuses to hand leadership to n7: no such server in this cluster of 3");
  CHECK(explain(cluster.node(2).transfer_leadership(now, 3)) ==
        "refuses to hand leadership to n3: only the leader can, and we are a follower (the leader we know is n1)");
  CHECK(leader.transfer_leadership(now, 2).cause == Cause::TransferStarted);
  CHECK(explain(leader.transfer_leadership(now, 3)) ==
        "refuses to hand leadership to n3: a transfer to n2 is already under way (it ends when that one takes over or "
        "is abandoned)");
  CHECK(leader.transfer_target() == 2);
}

TEST_CASE("3.10: the transfer ends when the leader steps down") {
  Cluster cluster(3);
  cluster.elect(1);
  Node& leader = cluster.node(1);
  leader.transfer_leadership(cluster.now(), 2);
  leader.take_ready();  // the TimeoutNow is lost
  leader.step(cluster.now(), Message{3, 1, RequestVote{leader.current_term() + 1, 3, 0, 0}});
  CHECK(leader.role() == Role::Follower);
  CHECK(leader.transfer_target() == kNobody);
  CHECK(decided(leader.take_ready().decisions, Cause::TransferEnded));
}

}  // namespace raft::test
