// Log compaction and InstallSnapshot, named after the rules of the Raft paper's section 7
// and Figure 13, and the dissertation's chapter 5.
#include <doctest/doctest.h>

#include "harness.h"

namespace raft::test {
namespace {

const std::string kState = "0123456789abcdefghijklmnopqrstuvwxyzABCD";  // 40 bytes

// A leader of term 2 in a 3-node cluster whose log 1..10 (term 1) plus its own entry 11
// is committed and applied, then compacted through 11 into a snapshot of kState; chunks
// of 16 bytes.
Node leader_with_snapshot() {
  Config config = config_for(1, 3);
  config.snapshot_chunk_bytes = 16;
  Node node(config, PersistentState{{1, kNobody}, log_of_terms(repeat(1, 10))}, 0);
  node.campaign(0);
  node.step(0, Message{2, 1, RequestVoteReply{2, true}});
  REQUIRE(node.role() == Role::Leader);
  node.propose(0, "x=1");
  node.step(0, Message{2, 1, AppendEntriesReply{.term = 2, .success = true, .match_index = 11}});
  node.take_ready();
  REQUIRE(node.last_applied() == 11);
  REQUIRE(node.compact(11, kState));
  node.take_ready();
  return node;
}

// Follower n3 rejects the leader's first AppendEntries (prevLogIndex 10): its log is
// empty, so the leader backs nextIndex off to 1, which its snapshot replaced.
std::vector<InstallSnapshot> snapshot_chunks_after_empty_follower_rejects(Node& leader) {
  leader.step(0, Message{3, 1, AppendEntriesReply{.term = 2, .success = false, .rejected_prev_index = 10,
                                                  .conflict_index = 1}});
  return payloads<InstallSnapshot>(leader.take_ready().messages);
}

InstallSnapshot chunk(std::uint64_t offset, std::string data, bool done, Term term = 2) {
  return InstallSnapshot{.term = term, .leader = 1, .last_included_index = 11, .last_included_term = 2,
                         .configuration = {.voters = {1, 2, 3}, .learners = {}}, .offset = offset, .data = std::move(data), .done = done};
}

InstallSnapshotReply reply_to(Node& follower, const InstallSnapshot& request) {
  follower.step(0, Message{1, follower.id(), request});
  const auto replies = payloads<InstallSnapshotReply>(follower.take_ready().messages);
  REQUIRE(replies.size() == 1);
  return replies[0];
}

}  // namespace

TEST_CASE("Dissertation 5.1: compaction keeps the last included index and term, and indexes work across the boundary") {
  Log log(log_of_terms({1, 1, 2, 2, 3}));
  log.compact_through(3);
  CHECK(log.snapshot_index() == 3);
  CHECK(log.snapshot_term() == 2);
  CHECK(log.first_index() == 4);
  CHECK(log.last_index() == 5);
  CHECK(log.term_at(3) == 2);  // the consistency check at the boundary still works
  CHECK(log.term_at(4) == 2);
  CHECK(log.matches(3, 2));
  CHECK_FALSE(log.holds(3));
  CHECK(log.at(5).term == 3);
  CHECK(log.slice(4, 10).size() == 2);
  CHECK(log.is_up_to_date(5, 3));
  CHECK(log.first_index_of_term(2, 5) == 3);  // no further back than the snapshot's entry
  log.truncate_after(4);
  CHECK(log.last_index() == 4);
}

TEST_CASE("Dissertation 5.1: a server snapshots only entries its state machine has applied") {
  Node node = leader_with_snapshot();
  CHECK(node.log().snapshot_index() == 11);
  CHECK(node.snapshot()->metadata.last_included_term == 2);
  CHECK(node.snapshot()->metadata.configuration == Configuration{.voters = {1, 2, 3}, .learners = {}});
  node.propose(0, "y=2");  // index 12: not committed, not applied
  CHECK_FALSE(node.compact(12, "too early"));
  CHECK_FALSE(node.compact(11, "again"));  // nothing new since the last snapshot
  CHECK(node.log().snapshot_index() == 11);
}

TEST_CASE("Dissertation 5.1: a snapshot is persisted in the Ready with a reason, before the log write") {
  Config config = config_for(1, 1);
  Node node(config, PersistentState{}, 0);
  node.campaign(0);
  node.propose(0, "a=1");
  node.propose(0, "b=2");
  node.take_ready();
  REQUIRE(node.compact(2, "state"));
  const Ready ready = node.take_ready();
  REQUIRE(ready.snapshot != nullptr);
  CHECK_FALSE(ready.restore_snapshot);  // our own state machine is the snapshot's source
  CHECK(ready.snapshot->metadata.last_included_index == 2);
  REQUIRE(ready.decisions.size() == 1);
  CHECK(ready.decisions[0].reason.cause == Cause::LogCompacted);
  CHECK(ready.decisions[0].reason.count == 2);
}

TEST_CASE("Raft paper 7: the leader sends InstallSnapshot to a follower that needs an entry it has discarded") {
  Node leader = leader_with_snapshot();
  const auto chunks = snapshot_chunks_after_empty_follower_rejects(leader);
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].last_included_index == 11);
  CHECK(chunks[0].last_included_term == 2);
  CHECK(chunks[0].offset == 0);
  CHECK(chunks[0].data == kState.substr(0, 16));
  CHECK_FALSE(chunks[0].done);
}

TEST_CASE("Figure 13: the leader sends the snapshot in chunks, each at its offset, the last one done") {
  Node leader = leader_with_snapshot();
  auto chunks = snapshot_chunks_after_empty_follower_rejects(leader);
  std::string received;
  for (int round = 0; round < 3; ++round) {
    REQUIRE(chunks.size() == 1);
    CHECK(chunks[0].offset == received.size());
    received += chunks[0].data;
    CHECK(chunks[0].done == (round == 2));
    leader.step(0, Message{3, 1, InstallSnapshotReply{.term = 2, .last_included_index = 11, .next_offset = received.size()}});
    chunks = payloads<InstallSnapshot>(leader.take_ready().messages);
  }
  CHECK(received == kState);
  // Installed: AppendEntries resume after the snapshot.
  leader.step(0, Message{3, 1, InstallSnapshotReply{.term = 2, .last_included_index = 11, .next_offset = 40,
                                                    .installed = true, .match_index = 11}});
  CHECK(leader.progress(3).match_index == 11);
  CHECK(leader.progress(3).next_index == 12);
}

TEST_CASE("Figure 13: a chunk in flight is not resent for new entries, only at the next heartbeat") {
  Node leader = leader_with_snapshot();
  REQUIRE(snapshot_chunks_after_empty_follower_rejects(leader).size() == 1);
  leader.propose(0, "y=2");
  CHECK(payloads<InstallSnapshot>(leader.take_ready().messages).empty());
  leader.tick(leader.next_deadline());
  const auto resent = payloads<InstallSnapshot>(leader.take_ready().messages);
  REQUIRE(resent.size() == 1);
  CHECK(resent[0].offset == 0);
}

TEST_CASE("Figure 13 receiver 1: reply immediately if term < currentTerm") {
  Node follower(config_for(3, 3), PersistentState{{5, kNobody}, {}}, 0);
  const InstallSnapshotReply reply = reply_to(follower, chunk(0, kState, true));
  CHECK(reply.term == 5);
  CHECK_FALSE(reply.installed);
  CHECK(reply.reason.cause == Cause::SnapshotRejectedStaleTerm);
  CHECK(follower.log().snapshot_index() == 0);
}

TEST_CASE("Figure 13 receiver 2-4: chunks are written at their offset; the follower waits for more until done") {
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, {}}, 0);
  InstallSnapshotReply reply = reply_to(follower, chunk(0, kState.substr(0, 16), false));
  CHECK(reply.next_offset == 16);
  CHECK(reply.reason.cause == Cause::SnapshotChunkStored);
  CHECK_FALSE(reply.installed);
  // A chunk that does not continue the snapshot where it ends is ignored.
  reply = reply_to(follower, chunk(32, kState.substr(32), true));
  CHECK(reply.reason.cause == Cause::SnapshotChunkOutOfOrder);
  CHECK(reply.next_offset == 16);
  CHECK(follower.log().snapshot_index() == 0);
  reply = reply_to(follower, chunk(16, kState.substr(16, 16), false));
  CHECK(reply.next_offset == 32);
  reply = reply_to(follower, chunk(32, kState.substr(32), true));
  CHECK(reply.installed);
  CHECK(reply.match_index == 11);
  REQUIRE(follower.snapshot() != nullptr);
  CHECK(follower.snapshot()->data == kState);
}

TEST_CASE("Figure 13 receiver 6: if an existing entry has the snapshot's last index and term, the entries after it are kept") {
  std::vector<Term> terms = concat(repeat(1, 10), {2, 2});
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, log_of_terms(terms)}, 0);
  const InstallSnapshotReply reply = reply_to(follower, chunk(0, kState, true));
  CHECK(reply.reason.cause == Cause::SnapshotInstalledKeptLog);
  CHECK(follower.log().snapshot_index() == 11);
  CHECK(follower.log().last_index() == 12);
  CHECK(follower.commit_index() == 11);
  CHECK(follower.last_applied() == 11);
}

TEST_CASE("Figure 13 receiver 7-8: else the entire log is discarded and the state machine is reset from the snapshot") {
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, log_of_terms({1, 1, 1})}, 0);
  follower.step(0, Message{1, 3, chunk(0, kState, true)});
  const Ready ready = follower.take_ready();
  REQUIRE(ready.snapshot != nullptr);
  CHECK(ready.restore_snapshot);
  CHECK(ready.snapshot->data == kState);
  // The durable log is rewritten from the snapshot on: nothing kept below or after it.
  REQUIRE(ready.log_write.has_value());
  CHECK(ready.log_write->keep_through == 11);
  CHECK(ready.log_write->entries.empty());
  CHECK(ready.committed.empty());  // the snapshot is the state machine through 11
  CHECK(follower.log().last_index() == 11);
  CHECK(follower.log().last_term() == 2);
  CHECK(follower.commit_index() == 11);
}

TEST_CASE("Figure 13: a snapshot of entries the follower has committed already is not installed") {
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, log_of_terms(concat(repeat(1, 10), {2, 2}))}, 0);
  follower.step(0, Message{1, 3, AppendEntries{2, 1, 12, 2, {}, 12}});
  follower.take_ready();
  REQUIRE(follower.commit_index() == 12);
  const InstallSnapshotReply reply = reply_to(follower, chunk(0, kState, true));
  CHECK(reply.reason.cause == Cause::SnapshotAlreadyCovered);
  CHECK(reply.installed);
  CHECK(follower.log().snapshot_index() == 0);
}

TEST_CASE("Dissertation 5.1: a restarted server recovers from its snapshot plus the log after it") {
  auto snapshot = std::make_shared<const Snapshot>(Snapshot{{11, 2, {.voters = {1, 2, 3}, .learners = {}}}, kState});
  Node node(config_for(2, 3), PersistentState{{2, 1}, log_of_terms({2, 3}), snapshot}, 0);
  CHECK(node.log().snapshot_index() == 11);
  CHECK(node.log().first_index() == 12);
  CHECK(node.log().last_index() == 13);
  CHECK(node.log().term_at(11) == 2);
  CHECK(node.commit_index() == 11);   // a snapshot holds committed entries only
  CHECK(node.last_applied() == 11);   // the host restores its state machine from it
  CHECK(node.snapshot() == snapshot);
  CHECK_FALSE(node.take_ready().log_write.has_value());  // nothing new to persist
}

TEST_CASE("Log Matching across the boundary: an AppendEntries whose prevLogIndex lies in our snapshot is accepted") {
  auto snapshot = std::make_shared<const Snapshot>(Snapshot{{11, 2, {.voters = {1, 2, 3}, .learners = {}}}, kState});
  Node follower(config_for(3, 3), PersistentState{{2, kNobody}, {}, snapshot}, 0);
  // Entries 10..12: 10 and 11 are in the snapshot (committed, so they match); 12 is new.
  follower.step(0, Message{1, 3, AppendEntries{2, 1, 9, 1, log_of_terms({1, 2, 2}), 11}});
  const auto replies = payloads<AppendEntriesReply>(follower.take_ready().messages);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].success);
  CHECK(replies[0].match_index == 12);
  CHECK(follower.log().last_index() == 12);
  CHECK(follower.log().snapshot_index() == 11);
}

}  // namespace raft::test
