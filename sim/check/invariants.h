// Raft's safety properties, checked after every event. Each check is incremental
// (O(1) or O(entries changed)), comparing the state before and after the event, so
// they stay cheap on long logs. The checker reads the simulator; it never changes it.
// What it remembers per log index is kept in shared chunks (core/chunked_vector.h), so
// a copy of the checker (in a GUI checkpoint) shares it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/chunked_vector.h"
#include "core/node.h"
#include "sim/cluster/envelope.h"
#include "sim/cluster/storage.h"

namespace sim {

struct Violation {
  std::string invariant;  // e.g. "Election Safety"
  std::string detail;     // what was seen, in a sentence
  std::vector<NodeId> nodes;
  Index index = 0;
  Term term = 0;
  Time time = 0;
  std::uint64_t event = 0;
  std::uint64_t seed = 0;
  // A rule that keeps the cluster live, not safe, was broken: `chaos` counts it with the
  // liveness failures (exit 1), not the safety violations (exit 3).
  bool liveness = false;
};

std::string format_violation(const Violation& violation);

// The view of a node that the checker needs (null `raft` when the node is down).
struct CheckedNode {
  const raft::Node* raft = nullptr;
  const Storage* storage = nullptr;
};

class InvariantChecker {
 public:
  explicit InvariantChecker(int nodes = 0);

  // After an event touching `node`: term, vote and commit monotonic, Election Safety,
  // Leader Completeness on election, State Machine Safety on commit, commit <= durable,
  // and the commit rule (a leader commits by counting replicas only in its own term).
  // When it extends the committed prefix it asks for global_checks() (needs_global_checks()).
  // With `now` (else -1): also that a vote granted in the event restarted the timer.
  std::optional<Violation> after_event(NodeId node, const CheckedNode& state, Time now = -1);
  bool needs_global_checks() const { return global_checks_due_; }
  // After the committed prefix grew: leaders of later terms hold it, and a majority does.
  std::optional<Violation> global_checks(const std::vector<CheckedNode>& all);
  // Before a node's durable log is rewritten: Leader Append-Only, Log Matching.
  std::optional<Violation> before_log_write(NodeId node, const CheckedNode& state,
                                            const raft::LogWrite& write);
  // After a durable log shrank or the committed prefix grew: a majority holds it.
  std::optional<Violation> check_quorum_holds_committed(const std::vector<CheckedNode>& all);
  // An acknowledged write must be in the committed prefix, at its index and term.
  std::optional<Violation> on_acknowledged(Index index, Term term, const std::string& command);
  // A state machine was reset to a snapshot through `index`, built from the prefix whose
  // hash is `prefix_hash` (the snapshot's ghost line): it must be the committed prefix.
  std::optional<Violation> on_restore(NodeId node, Index index, std::uint64_t prefix_hash) const;
  // A state machine applied a client's write (not skipped as a duplicate) at `index`: a
  // write is applied at one index only, the first where it was committed, on every node
  // (dissertation 6.3: a retried write never takes effect twice).
  std::optional<Violation> on_session_apply(NodeId node, const raft::ClientStamp& stamp, Index index);
  // A node restarted: its volatile state begins again (commit index from 0).
  void on_restart(NodeId node);
  // Before a node's Ready is taken: its commit index lies within its log (what it would
  // apply exists). Checked before anything is applied, where a faulty server would crash.
  std::optional<Violation> before_apply(NodeId node, const CheckedNode& state) const;
  // As a node applies an entry: it is committed there, and it is the entry its log holds
  // (so every state machine is built from the committed prefix alone).
  std::optional<Violation> on_apply(NodeId node, const CheckedNode& state, const raft::CommittedEntry& entry) const;
  // After an event at a leader: its bookkeeping of each follower (5.3) is true. nextIndex
  // >= 1, matchIndex within its own log, and a follower in its term holds what matchIndex
  // claims (the same entry at that index).
  std::optional<Violation> check_leader_progress(NodeId leader, const std::vector<CheckedNode>& all) const;

  Index committed_length() const { return committed_hash_.size(); }
  Term committed_term(Index index) const { return committed_term_[index - 1]; }

 private:
  struct Seen {
    Term term = 0;
    NodeId voted_for = 0;
    Index commit_index = 0;
    raft::Role role = raft::Role::Follower;
    bool restarted = false;  // since voted_for was seen: a changed vote was then lost in a restart
  };
  std::optional<Violation> extend_committed(NodeId node, const CheckedNode& state, Index commit);
  std::optional<Violation> check_leader_complete(NodeId node, const CheckedNode& state) const;
  // Membership (dissertation chapter 4): a leader is a voter of its configuration when
  // elected, and has at most one configuration entry past its commit index.
  std::optional<Violation> check_membership(NodeId node, const CheckedNode& state, bool elected) const;

  std::vector<Seen> seen_;
  std::map<Term, NodeId> leader_of_term_;
  // Log Matching: every (index, term) ever written to a durable log, and the hash of the
  // prefix it ended. Two logs agreeing on (index, term) must agree on the whole prefix.
  // The first term written at each index is kept by index; the rarer others in a map.
  struct PrefixSeen {
    Term term = 0;  // 0: nothing written at this index yet
    std::uint64_t hash = 0;
  };
  // The hash known for (index, term), remembering `hash` if none is; nullopt if new.
  std::optional<std::uint64_t> known_prefix(Index index, Term term, std::uint64_t hash);
  raft::ChunkedVector<PrefixSeen> first_prefix_at_;  // at index - 1
  std::map<std::pair<Index, Term>, std::uint64_t> other_prefixes_;
  // The committed prefix as the first node to commit each index saw it.
  raft::ChunkedVector<std::uint64_t> committed_hash_;
  raft::ChunkedVector<Term> committed_term_;
  raft::ChunkedVector<Term> committed_in_term_;  // the committing leader's term
  // Applied Once: per client (at client - 1), where each write (at sequence - 1) was
  // applied; 0 where none yet. Chunked: sequences are dense, and copies share them.
  std::vector<raft::ChunkedVector<Index>> applied_at_;
  bool global_checks_due_ = false;
  Term last_committing_term_ = 0;
  // The voters in force at the node that last extended the committed prefix (4.1): a
  // majority of them held it then, and keeps holding it (nobody deletes a committed entry).
  // Empty until something is committed: every node then counts.
  std::vector<NodeId> committing_voters_;
};

}  // namespace sim
