// The RPCs of Figure 2, TimeoutNow (dissertation 3.10) and InstallSnapshot (Figure 13), as plain values. A "reply" is a message of its own,
// because the core is message-driven: it never blocks waiting for an answer.
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

#include "core/configuration.h"
#include "core/reason.h"
#include "core/types.h"

namespace raft {

// Invoked by candidates to gather votes (Figure 2, "RequestVote RPC"). A pre-vote
// (dissertation 9.6) is the same question asked for the term the sender would start
// (its own plus one) without starting it: nobody changes term or records a vote for it.
struct RequestVote {
  Term term = 0;
  NodeId candidate = kNobody;
  Index last_log_index = 0;
  Term last_log_term = 0;
  bool pre_vote = false;
  // A campaign the server was told to run, not one its timer started: by the leader's
  // TimeoutNow (a leadership transfer, dissertation 3.10) or by a teacher's `campaign`.
  // As etcd-io/raft's campaignTransfer: it runs no pre-vote, and check-quorum's lease
  // (dissertation 6.2, 9.6) does not hold it off, since whoever leads asked for it.
  bool forced = false;
  friend bool operator==(const RequestVote&, const RequestVote&) = default;
};

// A granted pre-vote carries the term asked for; any other reply the voter's own term.
struct RequestVoteReply {
  Term term = 0;
  bool vote_granted = false;
  Reason reason{};  // why the vote was granted or denied, decided by the voter
  bool pre_vote = false;
  friend bool operator==(const RequestVoteReply&, const RequestVoteReply&) = default;
};

// Invoked by the leader to replicate entries; with no entries it is a heartbeat.
struct AppendEntries {
  Term term = 0;
  NodeId leader = kNobody;
  Index prev_log_index = 0;
  Term prev_log_term = 0;
  std::vector<LogEntry> entries;
  Index leader_commit = 0;
  // The leader's latest heartbeat round (dissertation 6.4, as etcd-io/raft piggybacks a
  // read context on heartbeats): a reply echoing it confirms the sender still led when
  // that round began, for ReadIndex and the lease (core/read_index.cpp). 0: none.
  std::uint64_t read_round = 0;
  friend bool operator==(const AppendEntries&, const AppendEntries&) = default;
};

// On success, match_index is the last index known to agree with the leader.
// On failure, the follower hints where to retry (fast backtracking, Raft thesis 5.3):
// conflict_term is the term of its entry at prev_log_index (0 if its log is too short),
// conflict_index the first index it holds of that term (or its last index + 1).
struct AppendEntriesReply {
  Term term = 0;
  bool success = false;
  Index match_index = 0;
  Index rejected_prev_index = 0;  // echoes prev_log_index of the rejected request
  Index conflict_index = 0;
  Term conflict_term = 0;
  Reason reason{};  // why the append was accepted or rejected, decided by the follower
  std::uint64_t read_round = 0;  // echoes the request's
  friend bool operator==(const AppendEntriesReply&, const AppendEntriesReply&) = default;
};

// Sent by a leader handing over leadership to a caught-up follower: "start an election
// now, without waiting for your timer" (dissertation 3.10; core/leadership_transfer.cpp).
struct TimeoutNow {
  Term term = 0;
  NodeId leader = kNobody;
  friend bool operator==(const TimeoutNow&, const TimeoutNow&) = default;
};

// Invoked by the leader to send chunks of a snapshot to a follower that needs entries the
// leader has compacted away (Raft paper 7, Figure 13; dissertation 5.3). Leaders always
// send chunks in order.
struct InstallSnapshot {
  Term term = 0;
  NodeId leader = kNobody;
  Index last_included_index = 0;  // the snapshot replaces all entries up through this index
  Term last_included_term = 0;
  Configuration configuration;  // the snapshot's configuration, voters and learners (its metadata)
  std::uint64_t offset = 0;  // byte offset where this chunk is positioned in the snapshot
  std::string data;          // raw bytes of the chunk, starting at offset
  bool done = false;         // true if this is the last chunk
  friend bool operator==(const InstallSnapshot&, const InstallSnapshot&) = default;
};

// Figure 13's reply is the term alone. Ours also says how far the transfer got, so the
// leader sends the next chunk or, once installed, resumes AppendEntries after it.
struct InstallSnapshotReply {
  Term term = 0;
  Index last_included_index = 0;  // echoes the snapshot's
  std::uint64_t next_offset = 0;  // the bytes held: the chunk wanted next
  bool installed = false;         // the snapshot is installed (or was covered already)
  Index match_index = 0;          // if installed: the last index known to agree with the leader
  Reason reason{};
  friend bool operator==(const InstallSnapshotReply&, const InstallSnapshotReply&) = default;
};

// A follower asked for a linearizable read forwards it to the leader, which confirms it
// still leads and answers with the commit index it recorded (dissertation 6.4).
struct ReadIndex {
  Term term = 0;
  std::uint64_t context = 0;  // the host's name for the read (the simulator: its operation)
  friend bool operator==(const ReadIndex&, const ReadIndex&) = default;
};

// index: the read may be served once the asker has applied through it. Sent only once
// the leader has confirmed its leadership; a leader that cannot sends nothing.
struct ReadIndexReply {
  Term term = 0;
  std::uint64_t context = 0;
  Index index = 0;
  friend bool operator==(const ReadIndexReply&, const ReadIndexReply&) = default;
};

// (The order is the wire order and the record codec's: new kinds go at the end.)
using Payload = std::variant<RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, TimeoutNow,
                             InstallSnapshot, InstallSnapshotReply, ReadIndex, ReadIndexReply>;

struct Message {
  NodeId from = kNobody;
  NodeId to = kNobody;
  Payload payload;
  friend bool operator==(const Message&, const Message&) = default;
};

inline Term term_of(const Message& message) {
  return std::visit([](const auto& rpc) { return rpc.term; }, message.payload);
}

inline bool is_pre_vote(const Message& message) {
  if (const auto* request = std::get_if<RequestVote>(&message.payload)) return request->pre_vote;
  if (const auto* reply = std::get_if<RequestVoteReply>(&message.payload)) return reply->pre_vote;
  return false;
}

// The kind of RPC, as a Reason names it.
inline Rpc rpc_of(const Message& message) {
  if (is_pre_vote(message)) return message.payload.index() == 0 ? Rpc::PreVote : Rpc::PreVoteReply;
  constexpr Rpc kByPayload[] = {Rpc::RequestVote,  Rpc::RequestVoteReply, Rpc::AppendEntries,
                                Rpc::AppendEntriesReply, Rpc::TimeoutNow, Rpc::InstallSnapshot,
                                Rpc::InstallSnapshotReply, Rpc::ReadIndex, Rpc::ReadIndexReply};
  static_assert(std::size(kByPayload) == std::variant_size_v<Payload>, "a Payload alternative with no Rpc");
  return kByPayload[message.payload.index()];
}

inline const char* message_kind(const Message& message) {
  constexpr const char* kNames[] = {"RequestVote",        "RequestVoteReply", "AppendEntries",
                                    "AppendEntriesReply", "TimeoutNow",       "InstallSnapshot",
                                    "InstallSnapshotReply", "ReadIndex",        "ReadIndexReply"};
  if (is_pre_vote(message)) return message.payload.index() == 0 ? "PreVote" : "PreVoteReply";
  return kNames[message.payload.index()];
}

}  // namespace raft
