// The four RPCs of Figure 2, and TimeoutNow (dissertation 3.10), as plain values. A "reply" is a message of its own,
// because the core is message-driven: it never blocks waiting for an answer.
#pragma once

#include <variant>
#include <vector>

#include "core/reason.h"
#include "core/types.h"

namespace raft {

// Invoked by candidates to gather votes (Figure 2, "RequestVote RPC").
struct RequestVote {
  Term term = 0;
  NodeId candidate = kNobody;
  Index last_log_index = 0;
  Term last_log_term = 0;
  // Sent by a candidate that campaigns because the leader told it to (TimeoutNow), as
  // etcd-io/raft's campaignTransfer marks it: a leader lease (check-quorum's "ignore votes
  // while a leader is heard from") and pre-vote must let such a campaign through, since
  // the leader itself asked for it. Nothing reads it yet.
  bool transfer = false;
  friend bool operator==(const RequestVote&, const RequestVote&) = default;
};

struct RequestVoteReply {
  Term term = 0;
  bool vote_granted = false;
  Reason reason{};  // why the vote was granted or denied, decided by the voter
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
  friend bool operator==(const AppendEntriesReply&, const AppendEntriesReply&) = default;
};

// Sent by a leader handing over leadership to a caught-up follower: "start an election
// now, without waiting for your timer" (dissertation 3.10; core/leadership_transfer.cpp).
struct TimeoutNow {
  Term term = 0;
  NodeId leader = kNobody;
  friend bool operator==(const TimeoutNow&, const TimeoutNow&) = default;
};

// (The order is the wire order and Rpc's in core/reason.h: new kinds go at the end.)
using Payload = std::variant<RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, TimeoutNow>;

struct Message {
  NodeId from = kNobody;
  NodeId to = kNobody;
  Payload payload;
  friend bool operator==(const Message&, const Message&) = default;
};

inline Term term_of(const Message& message) {
  return std::visit([](const auto& rpc) { return rpc.term; }, message.payload);
}

inline const char* message_kind(const Message& message) {
  constexpr const char* kNames[] = {"RequestVote", "RequestVoteReply", "AppendEntries",
                                    "AppendEntriesReply", "TimeoutNow"};
  return kNames[message.payload.index()];
}

}  // namespace raft
