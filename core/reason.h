// Why a server did what it did: every decision of the core carries a Reason, made at the
// line where the rule of Figure 2 decides, so that nobody downstream (trace, timeline,
// GUI) has to guess it back from the state. A Reason is a cheap, trivially copyable value
// (a cause and the numbers the rule looked at) that replies carry; a Decision adds the
// list of servers a majority rule counted. explain() turns either into one short English
// sentence only when someone reads it.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "core/bugs.h"
#include "core/types.h"

namespace raft {

// Which rule decided. Each cause's sentence, and which fields of Reason it reads, is a
// row of the table in reason.cpp.
enum class Cause : std::uint8_t {
  None,
  // RequestVote receiver (Figure 2; 5.1, 5.2, 5.4.1).
  VoteGranted,             // peer (candidate), term, theirs (its last entry), ours
  VoteDeniedStaleTerm,     // peer, term (ours), their_term
  VoteDeniedAlreadyVoted,  // peer, term, other (whom we voted for)
  VoteDeniedLogOlder,      // peer, term, theirs (its last entry), ours (our last entry)
  // AppendEntries receiver (Figure 2; 5.1, 5.3).
  // (For an append, count is the number of entries it carries: 0 for a heartbeat.)
  AppendAccepted,          // peer (leader), term, count, theirs (prevLogIndex/Term), ours.index (match)
  AppendRejectedStaleTerm, // peer, count, term (ours), their_term
  AppendRejectedNoEntry,   // peer, count, term, theirs (prevLogIndex/Term), ours (our last entry)
  AppendRejectedMismatch,  // peer, count, term, theirs (prevLogIndex/Term), ours (our term there; index: where it begins)
  EntriesTruncated,        // peer, theirs (first index removed, leader's term), ours (our term there; index: old last)
  CommitLearned,           // peer, count (leaderCommit), ours (the new commit index and its term)
  // Rules for Servers (Figure 2).
  HigherTermSeen,          // peer, their_term, term (ours before), role (before), rpc
  LeaderOfTermFound,       // peer (leader), term: a candidate hears from the winner of its term (5.2)
  ElectionTimeout,         // term (the new one), count (the timeout, microseconds)
  ToldToCampaign,          // term (the new one)
  // (For these three, Decision::nodes lists the servers counted.)
  ElectionWon,             // term, count (cluster size); nodes: who voted
  CommitAdvanced,          // term, ours (the entry), count (cluster size); nodes: who hold it
  CommitWaitsForTerm,      // term (ours), ours (the entry, of an older term), count: Figure 8
  // The election timer (Figure 2, Followers; 5.2).
  TimerResetByHeartbeat,   // peer (leader), term, count (the new timeout, microseconds)
  TimerResetByAppend,      // peer (leader), term, count
  TimerResetByVote,        // peer (candidate), term, count
  TimerResetByElection,    // term, count
  TimerStartedAsFollower,  // term, count: a leader steps down and starts a timer it did not run
  // Leadership transfer (dissertation 3.10; core/leadership_transfer.cpp).
  // (For these, peer is the target; theirs.index its match index, ours our last entry.)
  TransferStarted,           // peer, term, theirs, ours
  TransferRefusedNotLeader,  // peer, term, other (whom we believe leads), role
  TransferRefusedToSelf,     // peer, term
  TransferRefusedUnknown,    // peer, count (cluster size)
  TransferRefusedBusy,       // peer, term, other (the target of the transfer under way)
  TimeoutNowSent,            // peer, term, theirs, ours
  TimeoutNowReceived,        // peer (the leader), term (the new one): campaigns at once, forced
  TimeoutNowStale,           // peer, term (ours), their_term
  TransferAbandoned,         // peer, term, theirs, ours, count (the time allowed, microseconds)
  TransferEnded,             // peer, term (the one we lose leadership in)
  ProposalRefusedTransferring,  // peer, term
  // The leader's no-op (paper section 8; dissertation 6.4).
  NoopAppended,            // term, ours (the no-op's index and term)
  // Pre-vote (dissertation 9.6): the same rules as a vote, for term + 1, changing nothing.
  PreVoteStarted,          // term (the one it would start), count (the timeout, microseconds; 0 if told)
  PreVoteGranted,          // peer, term (asked for), theirs, ours
  PreVoteDeniedStaleTerm,  // peer, term (ours), their_term (asked for)
  PreVoteDeniedAlreadyVoted, // peer, term, other (whom we voted for in that term)
  PreVoteDeniedLogOlder,   // peer, term (asked for), theirs, ours
  PreVoteWon,              // term (the one it now starts), count (cluster size); nodes: who granted
  // Check-quorum and the leader lease (dissertation 6.2 and 9.6).
  VoteIgnoredInLease,      // peer, rpc, their_term, other (the leader), count (microseconds since it was heard)
  QuorumLost,              // term, count (cluster size); nodes: whom it heard from in the last election timeout
  // Log compaction and InstallSnapshot (Raft paper 7, Figure 13; dissertation 5).
  LogCompacted,            // term, ours (the snapshot's last entry), count (entries dropped)
  SnapshotSendStarted,     // peer (follower), term, ours (the snapshot's last entry), theirs.index (its nextIndex), count (bytes)
  SnapshotChunkStored,     // peer (leader), term, theirs (the snapshot's last entry), count (bytes held)
  SnapshotChunkOutOfOrder, // peer, term, theirs, count (the offset we expect)
  SnapshotRejectedStaleTerm, // peer, term (ours), their_term
  SnapshotAlreadyCovered,  // peer, term, theirs, ours (our commit index and its term)
  SnapshotInstalled,       // peer, term, theirs, ours (our last entry before), count (entries discarded)
  SnapshotInstalledKeptLog,// peer, term, theirs, ours (our last entry, kept)
  SnapshotDelivered,       // peer (follower), term, theirs (the snapshot's last entry): nextIndex follows it
  TimerResetBySnapshot,    // peer (leader), term, count
  // Linearizable reads (dissertation 6.4, 6.4.1; core/read_index.cpp). peer: who asked
  // (ourselves for a client's read here); count: the heartbeat round or a time (us).
  ReadIndexRecorded,       // peer, term, ours (the commit index recorded), count (the round that must confirm it)
  ReadWaitsForTermCommit,  // peer, term, ours (the commit index, of an older term)
  ReadConfirmed,           // term, ours (the read index), count (the round); nodes: who answered the round
  ReadServedInLease,       // peer, term, ours (the read index), count (lease left, us)
  ReadLeaseExpired,        // peer, term, count (us since the lease ended; 0: no lease yet, or check-quorum or lease reads off)
  ReadRefusedNotLeader,    // term, other (whom we believe leads), role
  ReadForwarded,           // term, other (the leader asked)
  ReadIndexLearned,        // peer (the leader), term, ours (the read index)
  ReadsDropped,            // term, count (reads waiting): a leader steps down before confirming them
  // Membership changes (dissertation chapter 4; core/membership.cpp). For the Change*
  // causes, peer is the server changed and count the ChangeKind (core/configuration.h).
  ChangeStarted,              // peer, count, term, ours (the configuration entry)
  ChangeRefusedNotLeader,     // peer, count, other (the leader we know of, if any)
  ChangeRefusedPending,       // peer, count, ours (the uncommitted configuration entry)
  ChangeRefusedNoOwnCommit,   // peer, count, term, ours (our commit index and its term): 4.1's rule of 2015
  ChangeRefusedNotCaughtUp,   // peer, count, theirs.index (its matchIndex), ours.index (our commit index)
  ChangeRefusedInvalid,       // peer, count: already a member, not a learner, or the last voter
  ConfigurationInForce,       // ours.index (the entry; 0: the initial one), count (voters); nodes: voters, then learners
  LeaderRemovedStepsDown,     // term, ours (the committed configuration entry that removed us)
  NoCampaignNotVoter,         // term, count (the timeout): a learner or removed server never campaigns
  VoteIgnoredLeaderLease,     // peer (candidate), their_term, term, count (microseconds since the leader was heard)
  // Check-quorum's lease across a restart (dissertation 4.2.3 and 6.4.1; core/check_quorum.cpp).
  VoteIgnoredAfterStart,      // peer, rpc, their_term, term, count (microseconds since this server started)
};

// What kind of RPC carried something (for "saw term 5 from n2 in a RequestVote"); new
// kinds go at the end (core/messages.h: rpc_of maps the Payload's alternatives here).
enum class Rpc : std::uint8_t {
  RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, TimeoutNow, PreVote, PreVoteReply,
  InstallSnapshot, InstallSnapshotReply, ReadIndex, ReadIndexReply
};

// The last of each list: a host that numbers them on a wire checks against these. New
// causes and kinds go at the end, and move these.
inline constexpr Cause kLastCause = Cause::VoteIgnoredAfterStart;
inline constexpr Rpc kLastRpc = Rpc::ReadIndexReply;

// A position in a log: an index and the term of the entry there (0/0: the empty log).
struct LogPosition {
  Index index = 0;
  Term term = 0;
  friend bool operator==(const LogPosition&, const LogPosition&) = default;
};

struct Reason {
  Cause cause = Cause::None;
  Role role = Role::Follower;    // the role the server had before the decision
  Rpc rpc = Rpc::RequestVote;    // the message that carried what the rule looked at
  NodeId peer = kNobody;         // the other server: candidate, leader or sender
  NodeId other = kNobody;        // a third server: whom we had already voted for
  Term term = 0;                 // our term when deciding (or the new one)
  Term their_term = 0;           // a term someone else claimed
  LogPosition theirs{};          // a log position someone else claimed
  LogPosition ours{};            // ours, to compare
  std::uint64_t count = 0;       // entries carried, cluster size, a timeout (us), leaderCommit or bytes
  Bug bug = Bug::Count;          // a named bug (core/bugs.h) that bent this decision; Count: none
  friend bool operator==(const Reason&, const Reason&) = default;
};

static_assert(std::is_trivially_copyable_v<Reason>, "replies carry a Reason: keep it a plain value");

// A decision as the server records it in its Ready.
struct Decision {
  Reason reason;
  std::vector<NodeId> nodes{};  // the servers a majority rule counted (voters, holders), in id order
  friend bool operator==(const Decision&, const Decision&) = default;
};

// A stable, machine-readable name of the cause ("vote-denied-log-older"), for the trace.
const char* cause_code(Cause cause);

// One short sentence, from the point of view of the server that decided:
// "denied n3 its vote: its log is older (last 1/t1 against our 2/t1)".
std::string explain(const Reason& reason, const std::vector<NodeId>& nodes = {});
inline std::string explain(const Decision& decision) { return explain(decision.reason, decision.nodes); }

}  // namespace raft
