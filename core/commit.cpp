// Commitment (Raft paper 5.3 and 5.4.2, Figure 8; dissertation 3.6.2): when the leader may
// advance its commit index, and what every server may apply.

#include "core/node.h"

#include <algorithm>

#include "core/quorum.h"

namespace raft {

void Node::maybe_commit() {
  // If there exists an N > commitIndex such that a majority of matchIndex[i] >= N and
  // log[N].term == currentTerm: set commitIndex = N (5.3, 5.4). Entries of earlier terms
  // are never committed by counting replicas (Figure 8).
  std::vector<Index> matches;
  matches.reserve(cluster_size());
  for (NodeId member : configuration_.voters) {  // the configuration in force (4.1)
    matches.push_back(member == config_.id ? log_.last_index() : progress_[member].match_index);
  }
  const Index candidate = quorum_index(std::move(matches), quorum());
  if (candidate <= commit_index_) return;
  Reason reason{.term = current_term(), .ours = {candidate, log_.term_at(candidate)}, .count = cluster_size()};
  if (log_.term_at(candidate) != current_term() && !config_.has_bug(Bug::CommitOldTermByCount)) {
    reason.cause = Cause::CommitWaitsForTerm;
    decide(reason, members_holding(candidate));
    return;
  }
  commit_index_ = candidate;
  reason.cause = Cause::CommitAdvanced;
  if (log_.term_at(candidate) != current_term()) reason.bug = Bug::CommitOldTermByCount;
  decide(reason, members_holding(candidate));
  advance_reads();  // reads waiting for an entry of this term (core/read_index.cpp)
}

// The members known to hold entry `index` (the leader's own log included), in id order.
std::vector<NodeId> Node::members_holding(Index index) const {
  std::vector<NodeId> holders;
  for (NodeId member : configuration_.voters) {  // the configuration in force (4.1)
    const Index match = member == config_.id ? log_.last_index() : progress_[member].match_index;
    if (match >= index) holders.push_back(member);
  }
  std::sort(holders.begin(), holders.end());
  return holders;
}

// All servers: apply what is committed (5.3), and nothing more.
Index Node::apply_through() const {
  if (config_.has_bug(Bug::ApplyBeforeCommit)) return log_.last_index();  // BUG: whatever the log holds
  return commit_index_;
}

}  // namespace raft
