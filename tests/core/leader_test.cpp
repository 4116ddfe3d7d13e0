// Figure 2, "Rules for Servers", Leaders; sections 5.2, 5.3 and 5.4.2.
#include <doctest/doctest.h>

#include <set>

#include "harness.h"

namespace raft::test {

TEST_CASE("Figure 2: upon election, the leader sends initial empty AppendEntries RPCs (heartbeat) to each server") {
  Node node(config_for(1, 3), PersistentState{{2, kNobody}, log_of_terms({1, 2})}, 0);
  node.campaign(0);
  node.take_ready();
  node.step(5 * kMs, Message{3, 1, RequestVoteReply{3, true}});
  REQUIRE(node.role() == Role::Leader);
  CHECK(node.leader() == 1);
  const Ready ready = node.take_ready();
  std::set<NodeId> recipients;
  for (const Message& message : ready.messages) {
    recipients.insert(message.to);
    const auto* append = std::get_if<AppendEntries>(&message.payload);
    REQUIRE(append != nullptr);
    CHECK(append->term == 3);
    CHECK(append->leader == 1);
    CHECK(append->prev_log_index == 2);
    CHECK(append->prev_log_term == 2);
    CHECK(append->entries.empty());
    CHECK(append->leader_commit == 0);
  }
  CHECK(recipients == std::set<NodeId>{2, 3});
  // From now on, it keeps the heartbeat timer.
  CHECK(node.next_deadline() == 5 * kMs + node.config().heartbeat_interval);
}

TEST_CASE("5.3: when a leader first comes to power, it initializes all nextIndex values to the index just after the last one in its log") {
  const Node leader = leader_with_log(5, 4, log_of_terms({1, 1, 2, 3, 3}));
  for (NodeId peer = 2; peer <= 5; ++peer) {
    CAPTURE(peer);
    CHECK(leader.progress(peer).next_index == 6);
    CHECK(leader.progress(peer).match_index == 0);
  }
}

TEST_CASE("5.2: leaders send periodic heartbeats to all followers in order to maintain their authority") {
  Node leader = leader_with_log(3, 1, {});
  const Time interval = leader.config().heartbeat_interval;
  for (int beat = 1; beat <= 10; ++beat) {
    const Time due = leader.heartbeat_due();
    CHECK(due == beat * interval);
    CHECK(leader.next_deadline() == due);
    leader.tick(due - 1);
    CHECK_FALSE(leader.has_ready());
    leader.tick(due);
    const auto heartbeats = messages_of<AppendEntries>(leader.take_ready().messages);
    REQUIRE(heartbeats.size() == 2);
    CHECK(heartbeats[0].to == 2);
    CHECK(heartbeats[1].to == 3);
  }
  // A leader never times out into an election, however long it has led.
  CHECK(leader.role() == Role::Leader);
  CHECK(leader.current_term() == 1);
}

TEST_CASE("5.3: the leader appends the command to its log as a new entry, then issues AppendEntries RPCs in parallel to each of the other servers") {
  Node leader = leader_with_log(3, 2, log_of_terms({1}));
  const ProposeResult result = leader.propose(0, "x=1");
  CHECK(result.accepted);
  CHECK(result.index == 2);
  CHECK(result.term == 2);
  CHECK(leader.log().at(2) == LogEntry{2, "x=1"});
  const Ready ready = leader.take_ready();
  REQUIRE(ready.log_write.has_value());
  CHECK(ready.log_write->keep_through == 1);
  CHECK(ready.log_write->entries == std::vector<LogEntry>{{2, "x=1"}});
  const auto appends = payloads<AppendEntries>(ready.messages);
  REQUIRE(appends.size() == 2);
  for (const AppendEntries& append : appends) {
    // "The leader includes the index and term of the entry in its log that immediately
    // precedes the new entries."
    CHECK(append.prev_log_index == 1);
    CHECK(append.prev_log_term == 1);
    CHECK(append.entries == std::vector<LogEntry>{{2, "x=1"}});
  }
  CHECK(leader.commit_index() == 0);  // not yet on a majority
}

TEST_CASE("5.3: a log entry is committed once the leader that created the entry has replicated it on a majority of the servers") {
  Node leader = leader_with_log(5, 1, {});
  leader.propose(0, "a");
  leader.take_ready();
  leader.step(0, Message{2, 1, AppendEntriesReply{1, true, 1, 0, 0, 0}});
  CHECK(leader.commit_index() == 0);  // 2 of 5
  CHECK(leader.take_ready().committed.empty());
  leader.step(0, Message{4, 1, AppendEntriesReply{1, true, 1, 0, 0, 0}});
  CHECK(leader.commit_index() == 1);  // 3 of 5
  const Ready ready = leader.take_ready();
  REQUIRE(ready.committed.size() == 1);
  CHECK(ready.committed[0].index == 1);
  CHECK(ready.committed[0].entry == LogEntry{1, "a"});
  CHECK(leader.progress(2).match_index == 1);
  CHECK(leader.progress(2).next_index == 2);

  // "The leader keeps track of the highest index it knows to be committed, and it includes
  // that index in future AppendEntries RPCs (including heartbeats)."
  leader.tick(leader.heartbeat_due());
  for (const AppendEntries& append : payloads<AppendEntries>(leader.take_ready().messages)) {
    CHECK(append.leader_commit == 1);
  }
}

TEST_CASE("Figure 2: if there exists an N > commitIndex such that a majority of matchIndex[i] >= N and log[N].term == currentTerm, set commitIndex = N") {
  Node leader = leader_with_log(5, 1, {});
  for (const char* command : {"a", "b", "c", "d"}) leader.propose(0, command);
  leader.take_ready();
  auto ack = [&](NodeId from, Index match) {
    leader.step(0, Message{from, 1, AppendEntriesReply{1, true, match, 0, 0, 0}});
  };
  ack(2, 4);
  CHECK(leader.commit_index() == 0);  // matches {4, 4, 0, 0, 0}
  ack(3, 1);
  CHECK(leader.commit_index() == 1);  // {4, 4, 1, 0, 0}
  ack(4, 3);
  CHECK(leader.commit_index() == 3);  // {4, 4, 1, 3, 0}
  ack(5, 2);
  CHECK(leader.commit_index() == 3);  // {4, 4, 1, 3, 2}
  ack(3, 4);
  CHECK(leader.commit_index() == 4);  // {4, 4, 4, 3, 2}
  // An older acknowledgement arriving late changes nothing.
  ack(3, 1);
  CHECK(leader.progress(3).match_index == 4);
  CHECK(leader.commit_index() == 4);
  const Ready ready = leader.take_ready();
  REQUIRE(ready.committed.size() == 4);
  for (Index index = 1; index <= 4; ++index) CHECK(ready.committed[index - 1].index == index);
}

TEST_CASE("5.4.2: Raft never commits log entries from previous terms by counting replicas") {
  // A new leader of term 3 holds entries of terms 1 and 2 that no one knows committed.
  Node leader = leader_with_log(3, 3, log_of_terms({1, 2}));
  leader.step(0, Message{2, 1, AppendEntriesReply{3, true, 2, 0, 0, 0}});
  leader.step(0, Message{3, 1, AppendEntriesReply{3, true, 2, 0, 0, 0}});
  // Every server holds them, yet they are not committed by counting.
  CHECK(leader.progress(2).match_index == 2);
  CHECK(leader.progress(3).match_index == 2);
  CHECK(leader.commit_index() == 0);
  CHECK(leader.take_ready().committed.empty());

  // "Only log entries from the leader's current term are committed by counting replicas;
  // once an entry from the current term has been committed in this way, then all prior
  // entries are committed indirectly because of the Log Matching Property."
  leader.propose(0, "now");
  leader.step(0, Message{2, 1, AppendEntriesReply{3, true, 3, 0, 0, 0}});
  CHECK(leader.commit_index() == 3);
  const Ready ready = leader.take_ready();
  REQUIRE(ready.committed.size() == 3);
  CHECK(ready.committed[0].entry.term == 1);
  CHECK(ready.committed[1].entry.term == 2);
  CHECK(ready.committed[2].entry == LogEntry{3, "now"});
}

TEST_CASE("5.1: if a client contacts a follower, the follower redirects it to the leader") {
  Node node(config_for(1, 3), {}, 0);
  ProposeResult result = node.propose(0, "x");
  CHECK_FALSE(result.accepted);
  CHECK(result.leader_hint == kNobody);  // no leader known yet

  node.step(0, Message{3, 1, AppendEntries{1, 3, 0, 0, {}, 0}});
  result = node.propose(0, "x");
  CHECK_FALSE(result.accepted);
  CHECK(result.leader_hint == 3);
  CHECK(node.log().last_index() == 0);  // nothing appended

  node.campaign(0);  // a candidate knows no leader
  result = node.propose(0, "x");
  CHECK_FALSE(result.accepted);
  CHECK(result.leader_hint == kNobody);
  CHECK(node.log().last_index() == 0);
}

TEST_CASE("5.2: a leader that is asked to campaign stays leader") {
  Node leader = leader_with_log(3, 2, {});
  leader.campaign(0);
  CHECK(leader.role() == Role::Leader);
  CHECK(leader.current_term() == 2);
  CHECK_FALSE(leader.has_ready());
}

}  // namespace raft::test
