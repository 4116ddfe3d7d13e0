// Section 5.3: "If desired, the protocol can be optimized to reduce the number of rejected
// AppendEntries RPCs. [...] the follower can include the term of the conflicting entry and
// the first index it stores for that term. With this information, the leader can decrement
// nextIndex to bypass all of the conflicting entries in that term; one AppendEntries RPC
// will be required for each term with conflicting entries, rather than one RPC per entry."
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

struct CatchUp {
  std::size_t appends = 0;     // AppendEntries delivered to the follower: round trips
  std::size_t rejections = 0;  // of which refused
};

// Server 1 (the leader's log), server 2 (the follower's), server 3 (a copy of the leader's,
// so that an election can be won without the follower's vote). Server 1 is elected; the
// network delivers until quiet. Counts the round trips between the leader and server 2.
CatchUp catch_up(const std::vector<Term>& leader_log, const std::vector<Term>& follower_log,
                 Cluster* out = nullptr) {
  const Term term = std::max(leader_log.empty() ? 0 : leader_log.back(),
                             follower_log.empty() ? 0 : follower_log.back());
  Cluster cluster({PersistentState{{term, kNobody}, log_of_terms(leader_log)},
                   PersistentState{{term, kNobody}, log_of_terms(follower_log)},
                   PersistentState{{term, kNobody}, log_of_terms(leader_log)}});
  cluster.isolate(2);  // only server 3 votes; server 2 meets the leader afterwards
  cluster.elect(1);
  cluster.heal(2);
  const std::size_t before = cluster.delivered().size();
  cluster.node(1).tick(cluster.node(1).heartbeat_due());  // the leader probes with a heartbeat
  cluster.flush(1);
  cluster.deliver_all();

  CatchUp counted;
  for (std::size_t i = before; i < cluster.delivered().size(); ++i) {
    const Message& message = cluster.delivered()[i];
    if (message.to == 2 && std::holds_alternative<AppendEntries>(message.payload)) ++counted.appends;
    if (const auto* reply = std::get_if<AppendEntriesReply>(&message.payload); reply && message.from == 2) {
      if (!reply->success) ++counted.rejections;
    }
  }
  // The follower now holds the leader's log (plus, possibly, extra entries that do not
  // conflict with it, which the next new entry replaces).
  const auto& ours = cluster.node(1).log().entries();
  const auto& theirs = cluster.node(2).log().entries();
  REQUIRE(theirs.size() >= ours.size());
  CHECK(std::vector<LogEntry>(theirs.begin(), theirs.begin() + static_cast<long>(ours.size())) == ours);
  if (out != nullptr) *out = std::move(cluster);
  return counted;
}

}  // namespace

TEST_CASE("5.3, Figure 7: when a leader comes to power, any of these followers is brought up to date in one round trip per conflicting term") {
  const std::vector<Term> leader = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
  struct Case {
    const char* name;
    std::vector<Term> follower;
    std::size_t rejections;  // with one-entry-at-a-time backtracking: in parentheses
  };
  const Case cases[] = {
      {"(a) missing one entry", {1, 1, 1, 4, 4, 5, 5, 6, 6}, 1},                // (1)
      {"(b) missing many entries", {1, 1, 1, 4}, 1},                             // (6)
      {"(c) one extra entry", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}, 0},             // (0)
      {"(d) extra entries of a later term", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, 0},
      {"(e) missing entries, extra of term 4", {1, 1, 1, 4, 4, 4, 4}, 2},        // (5)
      {"(f) extra entries of terms 2 and 3", {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, 2},  // (7)
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const CatchUp counted = catch_up(leader, c.follower);
    CHECK(counted.rejections == c.rejections);
    CHECK(counted.appends == c.rejections + 1);
  }
}

TEST_CASE("5.3: a follower far behind catches up with one refusal, then full messages") {
  // 200 entries to send, at most 64 per message: 1 refusal + ceil(199 / 64) = 4 appends.
  const CatchUp counted = catch_up(repeat(1, 200), {1});
  CHECK(counted.rejections == 1);
  CHECK(counted.appends == 1 + 4);
}

TEST_CASE("5.3: a follower with a long divergent suffix discards it in one round trip") {
  // The follower's 100 entries of term 2 were never committed; the leader has 20 of term 3.
  const CatchUp counted = catch_up(concat({1, 1, 1}, repeat(3, 20)), concat({1, 1, 1}, repeat(2, 100)));
  CHECK(counted.rejections == 1);  // one per entry would be 20
  CHECK(counted.appends == 2);
}

TEST_CASE("5.3: if the leader holds the conflicting term too, it resumes just after its own last entry of that term") {
  // Both have term 2 from index 2; the follower has many more term-2 entries than the
  // leader, which moved on to term 3 after its third entry of term 2.
  Cluster cluster(0);
  const CatchUp counted = catch_up(concat({1, 2, 2, 2}, repeat(3, 30)), concat({1}, repeat(2, 50)), &cluster);
  CHECK(counted.rejections == 1);
  CHECK(counted.appends == 2);
  // The retry started right after the leader's last entry of term 2, not at the
  // follower's first entry of term 2: entries 2..4 were not sent again.
  const auto appends = payloads<AppendEntries>(cluster.delivered());
  REQUIRE_FALSE(appends.empty());
  CHECK(appends.back().prev_log_index == 4);
  CHECK(appends.back().entries.size() == 30);
  // The follower kept its matching entries 1..4 and replaced the rest.
  CHECK(terms_of(cluster.node(2).log().entries()) == concat({1, 2, 2, 2}, repeat(3, 30)));
  CHECK(cluster.node(2).log().at(3) == cluster.node(1).log().at(3));
}

TEST_CASE("5.3: the leader retries from the follower's hint, never below what the follower has acknowledged") {
  // Leader of term 3 with [1 1 1 1 1]; follower 2 holds only [1 1].
  Node leader = leader_with_log(3, 3, log_of_terms({1, 1, 1, 1, 1}));
  CHECK(leader.progress(2).next_index == 6);
  leader.step(0, Message{2, 1, AppendEntriesReply{3, false, 0, 5, 3, 0}});
  CHECK(leader.progress(2).next_index == 3);
  const auto retries = payloads<AppendEntries>(leader.take_ready().messages);
  REQUIRE(retries.size() == 1);
  CHECK(retries[0].prev_log_index == 2);
  CHECK(retries[0].prev_log_term == 1);
  CHECK(retries[0].entries.size() == 3);
}

TEST_CASE("5.3: given the follower's conflicting term, the leader skips all of it, or resumes after its own last entry of that term") {
  // Fields of a refusal: term, success, match_index, rejected_prev_index, conflict_index,
  // conflict_term.
  SUBCASE("a term the leader never saw: skip all of the follower's entries of it") {
    // Leader [1 1 3 3 3] of term 4; follower [1 1 2 2 2 2 2] refuses the probe at 5.
    Node leader = leader_with_log(3, 4, log_of_terms({1, 1, 3, 3, 3}));
    leader.step(0, Message{2, 1, AppendEntriesReply{4, false, 0, 5, 3, 2}});
    CHECK(leader.progress(2).next_index == 3);
  }
  SUBCASE("a term the leader holds too: resume after the leader's last entry of it") {
    // Leader [1 2 2 2 3 3 3] of term 4; follower [1 2 2 2 2 2 2] refuses the probe at 7.
    Node leader = leader_with_log(3, 4, log_of_terms({1, 2, 2, 2, 3, 3, 3}));
    leader.step(0, Message{2, 1, AppendEntriesReply{4, false, 0, 7, 2, 2}});
    CHECK(leader.progress(2).next_index == 5);
  }
}

TEST_CASE("5.3: refusals of an older probe are stale and ignored") {
  // Leader of term 3 with [1 1 1 1 1]; follower 2 holds only [1 1]. The leader's initial
  // heartbeat and its next one both probe at index 5, and both are refused.
  Node leader = leader_with_log(3, 3, log_of_terms({1, 1, 1, 1, 1}));
  const AppendEntriesReply refusal{3, false, 0, 5, 3, 0};

  leader.step(0, Message{2, 1, refusal});
  CHECK(leader.progress(2).next_index == 3);
  leader.take_ready();

  SUBCASE("a duplicate refusal arriving before the retry is answered") {
    leader.step(0, Message{2, 1, refusal});
    CHECK(leader.progress(2).next_index == 3);
    CHECK_FALSE(leader.has_ready());  // no extra message
  }
  SUBCASE("a duplicate refusal arriving after the follower caught up") {
    leader.step(0, Message{2, 1, AppendEntriesReply{3, true, 5, 2, 0, 0}});
    CHECK(leader.progress(2).match_index == 5);
    CHECK(leader.progress(2).next_index == 6);
    leader.take_ready();
    // The follower acknowledged everything through 5, so a refusal at 5 is old news.
    leader.step(0, Message{2, 1, refusal});
    CHECK(leader.progress(2).match_index == 5);
    CHECK(leader.progress(2).next_index == 6);
    CHECK_FALSE(leader.has_ready());
  }
}

}  // namespace raft::test
