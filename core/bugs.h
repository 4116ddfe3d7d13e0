// The classic Raft implementation mistakes, as named switches. Every one is off by
// default; a host turns them on per server (Config::bugs) to show a class what the rule
// it breaks is for, and to prove that the checker (sim/check/invariants.cpp, sim/check/chaos.cpp)
// catches it. Each bug is one small deviation, marked `Bug::`, at the very line of the
// rule of Figure 2 it breaks; the rule itself is written as the paper states it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace raft {

enum class Bug : std::uint8_t {
  // RequestVote receiver (Figure 2; 5.2, 5.4.1).
  VoteWithoutLogCheck,      // grants a vote without the up-to-date check
  VoteByLogLength,          // judges "up to date" by log length alone, ignoring last terms
  VoteTwice,                // grants a second vote in a term
  VoteNotRecorded,          // grants a vote but never sets votedFor
  VoteNotPersisted,         // sets votedFor but does not hand it to the host to persist
  VoteNotRestored,          // forgets votedFor on restart although it was persisted
  // Candidates (5.2).
  VoteCountNotReset,        // keeps the votes of an earlier election
  CountStaleVoteReply,      // counts a vote granted in an older term
  NoTimerResetOnVote,       // does not restart the election timer on granting a vote
  NoTimerResetOnHeartbeat,  // does not restart the election timer on a heartbeat
  // AppendEntries receiver (Figure 2; 5.1, 5.3).
  AcceptStaleAppend,        // accepts an AppendEntries of an older term
  HeartbeatSkipsLogCheck,   // accepts a heartbeat without the prevLogIndex/prevLogTerm check
  OverwriteInPlace,         // replaces a conflicting entry but keeps the entries after it
  TruncateMatchingSuffix,   // deletes entries after the new ones even when they all match
  CommitWithoutMin,         // sets commitIndex = leaderCommit, without min(.., last new entry)
  // Leaders (5.3, 5.4.2).
  IgnoreHigherTermInReply,  // a leader or candidate ignores a higher term in a reply
  CountStaleAppendReply,    // counts an AppendEntries reply of an older term
  NextIndexBelowOne,        // decrements nextIndex on every rejection, with no floor at 1
  MatchFromStaleReply,      // matchIndex = nextIndex now - 1 + entries, not what was sent
  MatchFromOwnLog,          // matchIndex = the leader's own last index on any success
  CommitOldTermByCount,     // commits an earlier term's entry by counting replicas (Figure 8)
  LeaderCommitIsLastIndex,  // sends its last log index as leaderCommit
  MajorityRoundedDown,      // a majority of (n+1)/2 instead of n/2+1 (wrong for even n)
  // All servers and the host.
  ApplyBeforeCommit,        // applies entries as soon as they are in the log
  TruncationNotPersisted,   // deletes entries in memory but never tells the host
  // The host's state machine (dissertation 6.3), not the core: a switch the simulator reads.
  ForgetSessionsOnSnapshot,  // writes its snapshot without the client sessions
  // Linearizable reads (dissertation 6.4, 6.4.1).
  ReadWithoutConfirmingLeadership,  // a leader serves a read at once, without a heartbeat round
  LeaseLongerThanElectionTimeout,   // a lease of twice the longest election timeout
  VoteRightAfterRestart,            // a restarted server votes at once, forgetting check-quorum's lease
  // Membership changes (dissertation 4.1).
  ChangeBeforeOwnCommit,    // starts a configuration change before committing an entry of its term
  Count,
};

inline constexpr std::size_t kBugCount = static_cast<std::size_t>(Bug::Count);

struct BugInfo {
  Bug bug;
  std::string_view name;         // as written after `--bug` and `bug` (kebab-case)
  std::string_view description;  // one line: what the server does wrong
  std::string_view rule;         // the rule it breaks, where the paper states it
};

// One row per bug, in enum order: `raftsim bugs`, --help, the docs and the sweep read it.
inline constexpr std::array<BugInfo, kBugCount> kBugs = {{
    {Bug::VoteWithoutLogCheck, "vote-without-log-check", "grants a vote without checking that the candidate's log is up to date", "RequestVote receiver 2 (5.4.1)"},
    {Bug::VoteByLogLength, "vote-by-log-length", "judges a candidate's log by its length alone, ignoring the last terms", "RequestVote receiver 2 (5.4.1)"},
    {Bug::VoteTwice, "vote-twice", "grants a second vote in a term it already voted in", "RequestVote receiver 2 (5.2)"},
    {Bug::VoteNotRecorded, "vote-not-recorded", "grants a vote but never sets votedFor", "RequestVote receiver 2 (5.2)"},
    {Bug::VoteNotPersisted, "vote-not-persisted", "sets votedFor in memory but never hands it to the host to persist", "Persistent state (Figure 2)"},
    {Bug::VoteNotRestored, "vote-not-restored", "forgets its persisted votedFor when it restarts", "Persistent state (Figure 2)"},
    {Bug::VoteCountNotReset, "vote-count-not-reset", "keeps the votes of its earlier elections when it starts a new one", "Candidates (5.2)"},
    {Bug::CountStaleVoteReply, "count-stale-vote-reply", "counts a vote granted in an older term toward the current election", "Candidates (5.2)"},
    {Bug::NoTimerResetOnVote, "no-timer-reset-on-vote", "does not restart its election timer when it grants a vote", "Followers (5.2)"},
    {Bug::NoTimerResetOnHeartbeat, "no-timer-reset-on-heartbeat", "does not restart its election timer when the leader's heartbeat (an empty AppendEntries) arrives", "Followers (5.2)"},
    {Bug::AcceptStaleAppend, "accept-stale-append", "accepts an AppendEntries from a leader of an older term", "AppendEntries receiver 1 (5.1)"},
    {Bug::HeartbeatSkipsLogCheck, "heartbeat-skips-log-check", "accepts a heartbeat (and its leaderCommit) without the prevLogIndex/prevLogTerm check", "AppendEntries receiver 2 (5.3)"},
    {Bug::OverwriteInPlace, "overwrite-in-place", "replaces a conflicting entry but keeps the entries that follow it", "AppendEntries receiver 3 (5.3)"},
    {Bug::TruncateMatchingSuffix, "truncate-matching-suffix", "deletes the entries after the new ones even when they match (a late AppendEntries undoes a newer one)", "AppendEntries receiver 3, 4 (5.3)"},
    {Bug::CommitWithoutMin, "commit-without-min", "sets commitIndex to leaderCommit without min(leaderCommit, index of last new entry)", "AppendEntries receiver 5 (5.3)"},
    {Bug::IgnoreHigherTermInReply, "ignore-higher-term-in-reply", "a leader or candidate ignores a higher term in a reply and stays in its role", "All servers (5.1)"},
    {Bug::CountStaleAppendReply, "count-stale-append-reply", "a leader counts an AppendEntries reply sent in an older term", "Leaders (5.3)"},
    {Bug::NextIndexBelowOne, "next-index-below-one", "decrements nextIndex on every rejection, stale or duplicate, with no floor at 1", "Leaders (5.3)"},
    {Bug::MatchFromStaleReply, "match-from-stale-reply", "sets matchIndex from its current nextIndex plus the entries acknowledged, not from what was sent", "Leaders (5.3)"},
    {Bug::MatchFromOwnLog, "match-from-own-log", "sets matchIndex to its own last log index on any successful reply", "Leaders (5.3)"},
    {Bug::CommitOldTermByCount, "commit-old-term-by-count", "commits an entry of an earlier term by counting its replicas", "Leaders (5.4.2, Figure 8)"},
    {Bug::LeaderCommitIsLastIndex, "leader-commit-is-last-index", "sends its last log index as leaderCommit instead of its commitIndex", "AppendEntries arguments (5.3)"},
    {Bug::MajorityRoundedDown, "majority-rounded-down", "counts (n+1)/2 servers as a majority (half of an even cluster)", "Elections and commitment (5.2, 5.3)"},
    {Bug::ApplyBeforeCommit, "apply-before-commit", "applies entries to the state machine as soon as they are in its log", "All servers (5.3)"},
    {Bug::TruncationNotPersisted, "truncation-not-persisted", "deletes conflicting entries in memory but never tells the host to delete them", "Persistent state (Figure 2)"},
    {Bug::ForgetSessionsOnSnapshot, "forget-sessions-on-snapshot", "writes its state machine's snapshot without the client sessions, so a node restored from it applies a retried write again", "Client sessions (dissertation 6.3)"},
    {Bug::ReadWithoutConfirmingLeadership, "read-without-confirming-leadership", "a leader serves a read from its own state at once, without a heartbeat round confirming it still leads", "Read-only queries (dissertation 6.4)"},
    {Bug::LeaseLongerThanElectionTimeout, "lease-longer-than-election-timeout", "a leader's read lease lasts twice the longest election timeout, so a new leader can be elected while it serves reads", "Leases (dissertation 6.4.1)"},
    {Bug::VoteRightAfterRestart, "vote-right-after-restart", "a server that restarts grants votes at once, though it may have answered a leader's heartbeat just before it crashed, so a new leader can be elected while the old one's read lease holds (as etcd does)", "Leases (dissertation 6.4.1, 4.2.3)"},
    {Bug::ChangeBeforeOwnCommit, "change-before-own-commit", "a new leader starts a membership change before it has committed an entry of its own term (the 2015 single-server change bug)", "Membership changes (dissertation 4.1)"},
}};

inline const BugInfo& bug_info(Bug bug) { return kBugs[static_cast<std::size_t>(bug)]; }

inline std::optional<Bug> bug_named(std::string_view name) {
  for (const BugInfo& info : kBugs) {
    if (info.name == name) return info.bug;
  }
  return std::nullopt;
}

// A set of bugs, one bit each: a server's, or the whole cluster's.
class BugSet {
 public:
  bool has(Bug bug) const { return (bits_ >> static_cast<unsigned>(bug)) & 1U; }
  void add(Bug bug) { bits_ |= std::uint32_t{1} << static_cast<unsigned>(bug); }
  void add(BugSet other) { bits_ |= other.bits_; }
  bool empty() const { return bits_ == 0; }
  friend bool operator==(const BugSet&, const BugSet&) = default;

 private:
  static_assert(kBugCount <= 32, "one bit per bug");
  std::uint32_t bits_ = 0;
};

}  // namespace raft
