// Figure 2, "AppendEntries RPC", receiver implementation; section 5.3.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

// Follower 1 of three at `term`, holding `terms` as its log.
Node follower_with(std::vector<Term> terms, Term term = 2) {
  return Node(config_for(1, 3), PersistentState{{term, kNobody}, log_of_terms(terms)}, 0);
}

AppendEntriesReply only_reply(const Ready& ready) {
  const auto replies = payloads<AppendEntriesReply>(ready.messages);
  REQUIRE(replies.size() == 1);
  REQUIRE(ready.messages.size() == 1);
  CHECK(ready.messages[0].to == 2);
  return replies[0];
}

}  // namespace

TEST_CASE("5.3: if the follower does not find an entry in its log with the same index and term, then it refuses the new entries") {
  struct Case {
    Index prev_log_index;
    Term prev_log_term;
    bool success;
    Term conflict_term;
    Index conflict_index;
  };
  // The follower holds [1 2].
  const Case cases[] = {
      {0, 0, true, 0, 0},   // the empty prefix always matches
      {1, 1, true, 0, 0},   //
      {2, 2, true, 0, 0},   //
      {1, 2, false, 1, 1},  // term mismatch: hint at the follower's term 1 from index 1
      {2, 1, false, 2, 2},  // term mismatch: its term 2 starts at index 2
      {3, 2, false, 0, 3},  // the log is too short: "retry from my last index + 1"
      {9, 5, false, 0, 3},  //
  };
  for (const Case& c : cases) {
    CAPTURE(c.prev_log_index);
    CAPTURE(c.prev_log_term);
    Node node = follower_with({1, 2});
    node.step(0, Message{2, 1, AppendEntries{2, 2, c.prev_log_index, c.prev_log_term, log_of_terms({2, 2, 2, 2}), 0}});
    const Ready ready = node.take_ready();
    const AppendEntriesReply reply = only_reply(ready);
    CHECK(reply.term == 2);
    CHECK(reply.success == c.success);
    if (c.success) {
      CHECK(reply.match_index == c.prev_log_index + 4);
      CHECK(node.log().last_index() == c.prev_log_index + 4);
    } else {
      CHECK(reply.rejected_prev_index == c.prev_log_index);
      CHECK(reply.conflict_term == c.conflict_term);
      CHECK(reply.conflict_index == c.conflict_index);
      CHECK(terms_of(node.log().entries()) == std::vector<Term>{1, 2});  // refused: log untouched
      CHECK_FALSE(ready.log_write.has_value());
    }
    // Refused or not, the sender is the leader of this term.
    CHECK(node.leader() == 2);
  }
}

TEST_CASE("5.3 (fast backtracking): a refusing follower names the term of its conflicting entry and the first index it holds for that term") {
  // The follower's log, as in Figure 7 (f): 1 1 1 2 2 2 3 3 3 3 3.
  Node node = follower_with({1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, 8);
  node.step(0, Message{2, 1, AppendEntries{8, 2, 10, 6, {}, 0}});
  AppendEntriesReply reply = only_reply(node.take_ready());
  CHECK_FALSE(reply.success);
  CHECK(reply.conflict_term == 3);
  CHECK(reply.conflict_index == 7);

  node.step(0, Message{2, 1, AppendEntries{8, 2, 5, 4, {}, 0}});
  reply = only_reply(node.take_ready());
  CHECK(reply.conflict_term == 2);
  CHECK(reply.conflict_index == 4);
}

TEST_CASE("Figure 2: if an existing entry conflicts with a new one, delete the existing entry and all that follow it; append any new entries not already in the log") {
  struct Case {
    Index prev_log_index;
    Term prev_log_term;
    std::vector<Term> entries;
    std::vector<Term> log_after;
    std::optional<Index> keep_through;  // the log write: keep 1..keep_through, then append
    std::vector<Term> written;
  };
  // The follower holds [1 2 2]; the leader is in term 3.
  const Case cases[] = {
      // appends after its last entry
      {3, 2, {3}, {1, 2, 2, 3}, 3, {3}},
      {3, 2, {3, 3}, {1, 2, 2, 3, 3}, 3, {3, 3}},
      // entries it already has are not written again
      {1, 1, {2, 2}, {1, 2, 2}, std::nullopt, {}},
      {1, 1, {2, 2, 3}, {1, 2, 2, 3}, 3, {3}},
      // a conflict truncates the entry and all that follow it
      {1, 1, {3}, {1, 3}, 1, {3}},
      {1, 1, {2, 3, 3, 3}, {1, 2, 3, 3, 3}, 2, {3, 3, 3}},
      {0, 0, {3}, {3}, 0, {3}},
      // an empty request changes nothing
      {2, 2, {}, {1, 2, 2}, std::nullopt, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.prev_log_index);
    const std::string entries = describe(c.entries);
    CAPTURE(entries);
    Node node = follower_with({1, 2, 2}, 3);
    std::vector<LogEntry> new_entries;
    for (Term term : c.entries) new_entries.push_back(LogEntry{term, "new"});
    node.step(0, Message{2, 1, AppendEntries{3, 2, c.prev_log_index, c.prev_log_term, new_entries, 0}});
    const Ready ready = node.take_ready();
    const AppendEntriesReply reply = only_reply(ready);
    CHECK(reply.success);
    CHECK(reply.match_index == c.prev_log_index + c.entries.size());
    CHECK(terms_of(node.log().entries()) == c.log_after);
    REQUIRE(ready.log_write.has_value() == c.keep_through.has_value());
    if (ready.log_write) {
      CHECK(ready.log_write->keep_through == *c.keep_through);
      CHECK(terms_of(ready.log_write->entries) == c.written);
      for (const LogEntry& written : ready.log_write->entries) CHECK(written.command == "new");
    }
  }
}

TEST_CASE("5.3: a delayed, shorter AppendEntries from the same leader does not delete entries that follow it") {
  // "If the follower receives an AppendEntries request that includes log entries already
  // present in its log, it ignores those entries" and never truncates what matches.
  Node node = follower_with({}, 1);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 0, 0, log_of_terms({1, 1, 1}), 0}});
  node.take_ready();
  node.step(0, Message{2, 1, AppendEntries{1, 2, 0, 0, log_of_terms({1}), 0}});
  const Ready ready = node.take_ready();
  CHECK(node.log().last_index() == 3);
  CHECK_FALSE(ready.log_write.has_value());
  // It acknowledges only what this request proved to match.
  CHECK(only_reply(ready).match_index == 1);
}

TEST_CASE("Figure 2: if leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)") {
  struct Case {
    Index prev_log_index;
    std::size_t entries;
    Index leader_commit;
    Index commit_after;
  };
  // The follower holds [1 1 1] and has committed nothing.
  const Case cases[] = {
      {3, 0, 3, 3},  // a heartbeat carrying the commit index
      {3, 0, 2, 2},  //
      {1, 0, 3, 1},  // only entries through prevLogIndex are known to match the leader
      {1, 1, 3, 2},  //
      {3, 2, 4, 4},  // new entries, partly committed
      {3, 2, 9, 5},  //
      {3, 2, 0, 0},  // nothing committed yet
  };
  for (const Case& c : cases) {
    CAPTURE(c.prev_log_index);
    CAPTURE(c.entries);
    CAPTURE(c.leader_commit);
    Node node = follower_with({1, 1, 1}, 1);
    node.step(0, Message{2, 1, AppendEntries{1, 2, c.prev_log_index, 1, log_of_terms(std::vector<Term>(c.entries, 1)), c.leader_commit}});
    CHECK(node.commit_index() == c.commit_after);
  }
}

TEST_CASE("5.3: the commit index of a follower never decreases") {
  Node node = follower_with({1, 1, 1}, 1);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 3, 1, {}, 3}});
  CHECK(node.commit_index() == 3);
  // A delayed heartbeat from earlier, and an older prefix: neither lowers it.
  node.step(0, Message{2, 1, AppendEntries{1, 2, 3, 1, {}, 1}});
  CHECK(node.commit_index() == 3);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 1, 1, {}, 3}});
  CHECK(node.commit_index() == 3);
}

TEST_CASE("5.3: the commit index of a follower never decreases, even when a delayed AppendEntries carries a higher leaderCommit than its last new entry") {
  // Taken literally, "set commitIndex = min(leaderCommit, index of last new entry)" would
  // lower it here: a catch-up message for index 2, sent when the leader had committed 4,
  // arrives (reordered or duplicated) after the follower committed 3.
  const std::vector<LogEntry> log = log_of_terms({1, 1, 1, 1});
  Node node = follower_with({1, 1, 1, 1}, 1);
  node.step(0, Message{2, 1, AppendEntries{1, 2, 2, 1, {log[2]}, 3}});
  REQUIRE(node.commit_index() == 3);
  REQUIRE(node.take_ready().committed.size() == 3);

  node.step(0, Message{2, 1, AppendEntries{1, 2, 1, 1, {log[1]}, 4}});
  CHECK(node.commit_index() == 3);  // not min(4, 2) = 2, and not 4 either
  CHECK(terms_of(node.log().entries()) == std::vector<Term>{1, 1, 1, 1});
  const Ready ready = node.take_ready();
  const AppendEntriesReply reply = only_reply(ready);
  CHECK(reply.success);
  CHECK(reply.match_index == 2);
  CHECK(ready.committed.empty());
}

TEST_CASE("5.2: a follower remains in follower state as long as it receives valid RPCs from a leader; heartbeats reset its election timer") {
  Node node = follower_with({}, 1);
  Time now = 0;
  for (int heartbeat = 0; heartbeat < 100; ++heartbeat) {
    now += 100 * kMs;  // less than any election timeout (at least 150 ms)
    CHECK(now < node.election_due());
    node.tick(now);
    node.step(now, Message{2, 1, AppendEntries{1, 2, 0, 0, {}, 0}});
    CHECK(node.election_due() == now + node.election_timeout());
  }
  CHECK(node.role() == Role::Follower);
  CHECK(node.current_term() == 1);
  CHECK(node.leader() == 2);
  // Silence: it times out and campaigns.
  node.tick(node.election_due());
  CHECK(node.role() == Role::Candidate);
}

TEST_CASE("5.2: a heartbeat is an AppendEntries that carries no log entries; a follower refusing one still learns the leader and resets its timer") {
  Node node = follower_with({1}, 1);
  node.step(100 * kMs, Message{2, 1, AppendEntries{1, 2, 5, 1, {}, 0}});
  CHECK_FALSE(only_reply(node.take_ready()).success);
  CHECK(node.leader() == 2);
  CHECK(node.election_due() == 100 * kMs + node.election_timeout());
}

}  // namespace raft::test
