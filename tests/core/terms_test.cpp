// Section 5.1: terms act as a logical clock.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

// A follower (3-server cluster) restored at `term`.
Node follower_at(Term term, std::vector<LogEntry> log = {}) {
  return Node(config_for(1, 3), PersistentState{{term, kNobody}, std::move(log)}, 0);
}

Node candidate_at(Term term) {
  Node node = follower_at(term - 1);
  node.campaign(0);
  node.take_ready();
  REQUIRE(node.role() == Role::Candidate);
  REQUIRE(node.current_term() == term);
  return node;
}

// Every kind of message, carrying `term`, from server 2 to server 1.
std::vector<Message> every_kind_of_message(Term term) {
  return {
      Message{2, 1, RequestVote{term, 2, 0, 0}},
      Message{2, 1, RequestVoteReply{term, false}},
      Message{2, 1, AppendEntries{term, 2, 0, 0, {}, 0}},
      Message{2, 1, AppendEntriesReply{term, false, 0, 0, 0, 0}},
  };
}

}  // namespace

TEST_CASE("5.1: if a server's current term is smaller than the other's, it updates its current term to the larger value") {
  for (const Message& message : every_kind_of_message(7)) {
    CAPTURE(message_kind(message));
    Node node = follower_at(3);
    node.step(10 * kMs, message);
    CHECK(node.current_term() == 7);
    // The new term starts with no vote cast, and both are persisted.
    const Ready ready = node.take_ready();
    REQUIRE(ready.hard_state.has_value());
    CHECK(ready.hard_state->current_term == 7);
    if (!std::holds_alternative<RequestVote>(message.payload)) CHECK(ready.hard_state->voted_for == kNobody);
  }
}

TEST_CASE("5.1: if a candidate or leader discovers that its term is out of date, it immediately reverts to follower state") {
  for (const Message& message : every_kind_of_message(9)) {
    CAPTURE(message_kind(message));
    Node candidate = candidate_at(4);
    candidate.step(10 * kMs, message);
    CHECK(candidate.role() == Role::Follower);
    CHECK(candidate.current_term() == 9);

    Node leader = leader_with_log(3, 4, {});
    leader.step(10 * kMs, message);
    CHECK(leader.role() == Role::Follower);
    CHECK(leader.current_term() == 9);
    // It now keeps the election timer again, not the heartbeat.
    CHECK(leader.next_deadline() == leader.election_due());
  }
}

TEST_CASE("5.1: a follower that learns a new term from an AppendEntries knows the leader; from anything else it does not") {
  Node node = follower_at(1);
  node.step(0, Message{3, 1, AppendEntries{2, 3, 0, 0, {}, 0}});
  CHECK(node.leader() == 3);
  node.step(0, Message{2, 1, RequestVote{3, 2, 0, 0}});
  CHECK(node.leader() == kNobody);
}

TEST_CASE("5.1: if a server receives a request with a stale term number, it rejects the request") {
  SUBCASE("AppendEntries") {
    Node node = follower_at(5, log_of_terms({1, 2}));
    const Time due = node.election_due();
    node.step(10 * kMs, Message{2, 1, AppendEntries{4, 2, 2, 2, log_of_terms({1, 2, 4}), 3}});
    const Ready ready = node.take_ready();
    const auto replies = payloads<AppendEntriesReply>(ready.messages);
    REQUIRE(replies.size() == 1);
    CHECK_FALSE(replies[0].success);
    CHECK(replies[0].term == 5);  // tells the stale leader the current term
    // Nothing else changes: no new entries, no commit, no leader, the timer keeps running.
    CHECK(node.log().last_index() == 2);
    CHECK(node.commit_index() == 0);
    CHECK(node.leader() == kNobody);
    CHECK(node.election_due() == due);
    CHECK_FALSE(ready.log_write.has_value());
    CHECK_FALSE(ready.hard_state.has_value());
  }
  SUBCASE("RequestVote") {
    Node node = follower_at(5);
    const Time due = node.election_due();
    node.step(10 * kMs, Message{2, 1, RequestVote{4, 2, 10, 4}});
    const Ready ready = node.take_ready();
    const auto replies = payloads<RequestVoteReply>(ready.messages);
    REQUIRE(replies.size() == 1);
    CHECK_FALSE(replies[0].vote_granted);
    CHECK(replies[0].term == 5);
    CHECK(node.voted_for() == kNobody);
    CHECK(node.election_due() == due);
  }
}

TEST_CASE("5.1: replies from an older term are ignored") {
  SUBCASE("a stale vote does not count toward an election") {
    Node node = follower_at(2);  // 3 servers: needs one vote besides its own
    node.campaign(0);            // term 3
    node.step(0, Message{2, 1, RequestVoteReply{2, true}});
    CHECK(node.role() == Role::Candidate);
    CHECK(node.votes_granted() == 1);
  }
  SUBCASE("a stale acknowledgement does not count toward commitment") {
    Node leader = leader_with_log(3, 3, {});
    leader.propose(0, "x");
    leader.step(0, Message{2, 1, AppendEntriesReply{2, true, 1, 0, 0, 0}});
    CHECK(leader.commit_index() == 0);
    CHECK(leader.progress(2).match_index == 0);
  }
}

}  // namespace raft::test
