// Figure 2, "Rules for Servers", All Servers: "If commitIndex > lastApplied: increment
// lastApplied, apply log[lastApplied] to state machine (5.3)."
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {

TEST_CASE("Figure 2: if commitIndex > lastApplied, increment lastApplied and apply log[lastApplied] to the state machine, in order") {
  Node node(config_for(1, 3), PersistentState{{1, kNobody}, log_of_terms({1, 1, 1, 1, 1})}, 0);
  CHECK(node.last_applied() == 0);
  CHECK_FALSE(node.has_ready());

  node.step(0, Message{2, 1, AppendEntries{1, 2, 5, 1, {}, 2}});
  CHECK(node.has_ready());
  Ready ready = node.take_ready();
  REQUIRE(ready.committed.size() == 2);
  CHECK(ready.committed[0].index == 1);
  CHECK(ready.committed[0].entry == node.log().at(1));
  CHECK(ready.committed[1].index == 2);
  CHECK(ready.committed[1].entry == node.log().at(2));
  CHECK(node.last_applied() == 2);

  // Each entry is handed out once.
  node.step(0, Message{2, 1, AppendEntries{1, 2, 5, 1, {}, 2}});
  CHECK(node.take_ready().committed.empty());

  // Commit moves twice before the host takes the Ready: it gets everything, in order.
  node.step(0, Message{2, 1, AppendEntries{1, 2, 5, 1, {}, 3}});
  node.step(0, Message{2, 1, AppendEntries{1, 2, 5, 1, {}, 5}});
  ready = node.take_ready();
  REQUIRE(ready.committed.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(ready.committed[i].index == 3 + i);
  CHECK(node.last_applied() == 5);
  CHECK(node.last_applied() == node.commit_index());
}

TEST_CASE("Figure 2: if commitIndex > lastApplied, a leader has a Ready to apply, even when it has nothing to send or persist") {
  // The host polls has_ready(); an entry the leader commits on a reply must not wait for
  // the next heartbeat or message to be applied.
  Node leader = leader_with_log(3, 2, {});
  const ProposeResult proposed = leader.propose(0, "x=1");
  REQUIRE(proposed.accepted);
  leader.take_ready();  // persists the entry, sends it
  CHECK_FALSE(leader.has_ready());
  leader.step(0, Message{2, 1, AppendEntriesReply{.term = 2, .success = true, .match_index = 1}});
  REQUIRE(leader.commit_index() == 1);
  CHECK(leader.has_ready());
  const Ready ready = leader.take_ready();
  CHECK(ready.messages.empty());
  REQUIRE(ready.committed.size() == 1);
  CHECK(ready.committed[0].index == 1);
  CHECK(ready.committed[0].entry.command == "x=1");
  CHECK_FALSE(leader.has_ready());
}

TEST_CASE("Figure 2: entries that arrive already committed are persisted and applied in the same Ready, persisted first") {
  // The host persists log_write before it applies `committed`, so the entries it applies
  // are durable even when they arrived in the same request.
  Node node(config_for(1, 3), {}, 0);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 0, 0, log_of_terms({1, 1, 1}), 2}});
  const Ready ready = node.take_ready();
  REQUIRE(ready.log_write.has_value());
  CHECK(ready.log_write->keep_through == 0);
  CHECK(ready.log_write->entries == log_of_terms({1, 1, 1}));
  REQUIRE(ready.committed.size() == 2);
  CHECK(ready.committed[1].entry == log_of_terms({1, 1, 1})[1]);
}

TEST_CASE("5.3: every server applies the same commands in the same order") {
  Cluster cluster(5, 3);
  cluster.run_for(1 * kSecond);
  const NodeId leader = cluster.leader();
  REQUIRE(leader != kNobody);
  for (int i = 0; i < 20; ++i) cluster.propose(leader, "cmd" + std::to_string(i));
  cluster.run_for(200 * kMs);  // heartbeats carry the final commit index to followers
  for (NodeId id = 1; id <= 5; ++id) {
    CAPTURE(id);
    const auto& applied = cluster.applied(id);
    REQUIRE(applied.size() == 20);
    for (int i = 0; i < 20; ++i) CHECK(applied[i].entry.command == "cmd" + std::to_string(i));
  }
}

}  // namespace raft::test
