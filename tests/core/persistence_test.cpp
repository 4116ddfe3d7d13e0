// Figure 2: "Persistent state on all servers (updated on stable storage before responding
// to RPCs): currentTerm, votedFor, log[]". The core hands the host what to persist in the
// same Ready as the messages that depend on it; the host persists first, then sends.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.h"

namespace raft::test {
namespace {

void persist(Store& store, const Ready& ready) {
  if (ready.hard_state) store.hard_state = *ready.hard_state;
  if (ready.log_write) {
    REQUIRE(ready.log_write->keep_through <= store.log.size());
    store.log.resize(ready.log_write->keep_through);
    store.log.insert(store.log.end(), ready.log_write->entries.begin(), ready.log_write->entries.end());
  }
}

// n2 asks `node` (n1) for its vote in term 5; the Ready that grants it must carry the
// vote for persisting, beside the reply that promises it.
Ready grant_vote_in_term_5(Node& node) {
  node.step(0, Message{2, 1, RequestVote{5, 2, 0, 0}});
  Ready ready = node.take_ready();
  REQUIRE(ready.hard_state.has_value());
  CHECK(*ready.hard_state == HardState{5, 2});
  const auto replies = payloads<RequestVoteReply>(ready.messages);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].vote_granted);
  return ready;
}

}  // namespace

TEST_CASE("Figure 2: a vote is on stable storage before it is granted") {
  Node node(config_for(1, 3), PersistentState{{4, kNobody}, {}}, 0);
  const Ready ready = grant_vote_in_term_5(node);

  SUBCASE("a refusal in the same term promises nothing new, so nothing is persisted") {
    node.step(0, Message{3, 1, RequestVote{5, 3, 0, 0}});
    const Ready refusal = node.take_ready();
    CHECK_FALSE(refusal.hard_state.has_value());
    CHECK_FALSE(payloads<RequestVoteReply>(refusal.messages)[0].vote_granted);
  }
}

TEST_CASE("Figure 2: a vote is on stable storage before it is granted, also in a term already on stable storage") {
  // The term is durable already; only votedFor changes, and it must be persisted too.
  Node node(config_for(1, 3), PersistentState{{5, kNobody}, {}}, 0);
  const Ready ready = grant_vote_in_term_5(node);

  // Restarted from what was persisted, it cannot vote for another candidate of term 5.
  Node restarted(config_for(1, 3), PersistentState{*ready.hard_state, {}}, 0);
  restarted.step(0, Message{3, 1, RequestVote{5, 3, 0, 0}});
  const auto after_restart = payloads<RequestVoteReply>(restarted.take_ready().messages);
  REQUIRE(after_restart.size() == 1);
  CHECK_FALSE(after_restart[0].vote_granted);
}

TEST_CASE("Figure 2: a candidate's new term and vote for itself are on stable storage before it asks for votes") {
  Node node(config_for(2, 3), PersistentState{{7, 3}, {}}, 0);
  node.tick(node.election_due());
  const Ready ready = node.take_ready();
  REQUIRE(ready.hard_state.has_value());
  CHECK(*ready.hard_state == HardState{8, 2});
  CHECK(payloads<RequestVote>(ready.messages).size() == 2);
}

TEST_CASE("Figure 2: entries are on stable storage before a follower acknowledges them") {
  Store store{{1, kNobody}, log_of_terms({1})};
  Node node(config_for(1, 3), PersistentState{store.hard_state, store.log}, 0);
  node.step(0, Message{2, 1, AppendEntries{2, 2, 1, 1, {LogEntry{2, "a"}, LogEntry{2, "b"}}, 0}});
  const Ready ready = node.take_ready();
  persist(store, ready);
  const auto replies = payloads<AppendEntriesReply>(ready.messages);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].success);
  CHECK(replies[0].match_index == 3);
  // What the reply acknowledges is exactly what the store now holds.
  CHECK(store.hard_state == HardState{2, kNobody});
  CHECK(terms_of(store.log) == std::vector<Term>{1, 2, 2});
}

TEST_CASE("Figure 2: the log write of each Ready describes exactly how the durable log must change") {
  // A follower receives a long random stream of AppendEntries (from leaders of rising
  // terms, some stale, some duplicated, some conflicting). The host takes a Ready only
  // now and then, so several truncations and appends may fall between two writes. After
  // every write, the store must equal the server's log.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    Prng random(seed);
    Store store;
    Node node(config_for(1, 3), {}, 0);
    Term term = 1;
    std::size_t writes = 0;
    std::size_t truncations = 0;
    for (int step = 0; step < 400; ++step) {
      if (random.chance(1, 10)) ++term;
      const Log& log = node.log();
      const Index prev = random.below(log.last_index() + 2);
      const Term prev_term = (prev <= log.last_index() && random.chance(4, 5)) ? log.term_at(prev) : random.below(term + 1);
      std::vector<LogEntry> entries;
      Term entry_term = std::max<Term>(prev_term, static_cast<Term>(random.between(1, static_cast<std::int64_t>(term))));
      if (entry_term > term) entry_term = term;
      const std::uint64_t count = random.below(5);
      for (std::uint64_t i = 0; i < count; ++i) {
        if (random.chance(1, 4) && entry_term < term) ++entry_term;
        entries.push_back(LogEntry{entry_term, "s" + std::to_string(step) + "." + std::to_string(i)});
      }
      const std::vector<LogEntry> old_log = log.entries().to_vector();
      const Term sender_term = random.chance(1, 10) && term > 1 ? term - 1 : term;
      node.step(0, Message{2, 1, AppendEntries{sender_term, 2, prev, prev_term, entries, 0}});
      const auto& new_log = node.log().entries();
      const std::size_t common = std::min(old_log.size(), new_log.size());
      if (new_log.size() < old_log.size() ||
          !std::equal(old_log.begin(), old_log.begin() + static_cast<long>(common), new_log.begin())) {
        ++truncations;
      }
      if (random.chance(1, 3)) {
        const Ready ready = node.take_ready();
        if (ready.log_write) ++writes;
        persist(store, ready);
        CHECK(store.log == node.log().entries());
        CHECK(store.hard_state == node.hard_state());
      }
    }
    const Ready ready = node.take_ready();
    persist(store, ready);
    CHECK(store.log == node.log().entries());
    CHECK(writes > 10);
    CHECK(truncations > 0);  // the stream did exercise conflicts
  }
}

TEST_CASE("Figure 2: a log write keeps the durable prefix and rewrites only from the first changed index") {
  Node node(config_for(1, 3), PersistentState{{1, kNobody}, log_of_terms({1, 1, 1, 1})}, 0);
  // Two requests before the host takes a Ready: a new entry at 5, then a conflict at 3.
  node.step(0, Message{2, 1, AppendEntries{1, 2, 4, 1, {LogEntry{1, "five"}}, 0}});
  node.step(0, Message{3, 1, AppendEntries{2, 3, 2, 1, {LogEntry{2, "x"}}, 0}});
  const Ready ready = node.take_ready();
  REQUIRE(ready.log_write.has_value());
  CHECK(ready.log_write->keep_through == 2);
  CHECK(ready.log_write->entries == std::vector<LogEntry>{{2, "x"}});
  CHECK_FALSE(node.has_ready());
}

TEST_CASE("Figure 2: a server restarted from its stable storage has the same term, vote and log, and commit index 0") {
  Cluster cluster(3, 5);
  cluster.elect(2);
  for (int i = 0; i < 5; ++i) cluster.propose(2, "c" + std::to_string(i));
  cluster.run_for(200 * kMs);
  REQUIRE(cluster.node(3).commit_index() == 5);

  const HardState hard_state = cluster.node(3).hard_state();
  const std::vector<LogEntry> log = cluster.node(3).log().entries().to_vector();
  cluster.crash(3);
  cluster.restart(3);
  Node& restarted = cluster.node(3);
  CHECK(restarted.hard_state() == hard_state);
  CHECK(restarted.current_term() == hard_state.current_term);
  CHECK(restarted.voted_for() == 2);
  CHECK(restarted.log().entries() == log);
  CHECK(restarted.commit_index() == 0);   // volatile: learned again from the leader
  CHECK(restarted.last_applied() == 0);
  CHECK(restarted.role() == Role::Follower);
  CHECK(restarted.leader() == kNobody);
  CHECK_FALSE(restarted.has_ready());     // what it restored is already durable

  // The next heartbeat tells it the commit index; it re-applies from the start.
  cluster.run_for(100 * kMs);
  CHECK(cluster.node(3).commit_index() == 5);
  CHECK(cluster.applied(3).size() == 5);
}

TEST_CASE("Figure 2: a server that restarts cannot vote twice in the same term") {
  Store store;
  {
    Node node(config_for(1, 3), {}, 0);
    node.step(0, Message{2, 1, RequestVote{1, 2, 0, 0}});
    persist(store, node.take_ready());
  }
  Node restarted(config_for(1, 3), PersistentState{store.hard_state, store.log}, 0);
  restarted.step(0, Message{3, 1, RequestVote{1, 3, 0, 0}});
  const auto replies = payloads<RequestVoteReply>(restarted.take_ready().messages);
  REQUIRE(replies.size() == 1);
  CHECK_FALSE(replies[0].vote_granted);
  CHECK(restarted.voted_for() == 2);
}

}  // namespace raft::test
