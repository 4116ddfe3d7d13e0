#include "sim/check/invariants.h"

#include <sstream>

#include "core/quorum.h"
#include "sim/scenario/scenario.h"

namespace sim {

using raft::Role;

namespace {

Violation make(std::string invariant, std::string detail, std::vector<NodeId> nodes, Index index = 0,
               Term term = 0) {
  return Violation{std::move(invariant), std::move(detail), std::move(nodes), index, term, 0, 0, 0};
}

std::string name(NodeId node) { return "n" + std::to_string(node); }

// The first index at which `storage` differs from the committed prefix `hashes`.
Index first_difference(const Storage& storage, const raft::ChunkedVector<std::uint64_t>& hashes) {
  Index index = 1;
  while (index <= hashes.size() && index <= storage.last_index() &&
         storage.prefix_hash(index) == hashes[index - 1]) {
    ++index;
  }
  return index;
}

// The term a node holds at `index`: from its log in memory where it holds the entry,
// else from its durable storage (the ghost keeps the terms a snapshot replaced); 0 if
// the index is beyond both.
Term term_held(const CheckedNode& node, Index index) {
  if (node.raft != nullptr) {
    const raft::Log& log = node.raft->log();
    if (log.holds(index) || index == log.snapshot_index()) return log.term_at(index);
    if (index > log.last_index()) return 0;
  }
  return index <= node.storage->last_index() ? node.storage->term_at(index) : 0;
}

}  // namespace

std::string format_violation(const Violation& violation) {
  std::ostringstream out;
  out << (violation.liveness ? "LIVENESS RULE BROKEN: " : "INVARIANT VIOLATED: ") << violation.invariant << "\n  " << violation.detail << "\n  nodes:";
  for (NodeId node : violation.nodes) out << ' ' << name(node);
  if (violation.index != 0) out << "  index: " << violation.index;
  if (violation.term != 0) out << "  term: " << violation.term;
  out << "\n  at virtual time " << format_duration(violation.time) << " (" << violation.time << "us), event #"
      << violation.event << ", seed " << violation.seed;
  return out.str();
}

InvariantChecker::InvariantChecker(int nodes) : seen_(static_cast<std::size_t>(nodes) + 1) {}

std::optional<Violation> InvariantChecker::after_event(NodeId node, const CheckedNode& state, Time now) {
  if (state.raft == nullptr) return std::nullopt;
  const raft::Node& raft = *state.raft;
  Seen& seen = seen_[node];
  const Term term = raft.current_term();

  if (term < seen.term) {
    return make("Term Monotonic", name(node) + "'s current term went back from " + std::to_string(seen.term) +
                                      " to " + std::to_string(term), {node}, 0, term);
  }
  if (term == seen.term && seen.voted_for != 0 && raft.voted_for() != seen.voted_for && seen.restarted) {
    // Not a second vote (yet): a vote lost in a restart, which makes a second one possible.
    const bool on_disk = state.storage->hard_state().voted_for == seen.voted_for;
    return make("One Vote Per Term", name(node) + " voted for " + name(seen.voted_for) + " in term " +
                                         std::to_string(term) + " and lost that vote when it restarted (" +
                                         (on_disk ? "its disk holds the vote, but it was not restored"
                                                  : "the vote never reached its disk") +
                                         "); it now has " +
                                         (raft.voted_for() == 0 ? std::string("no vote") : "a vote for " + name(raft.voted_for())),
                {node, seen.voted_for}, 0, term);
  }
  if (term == seen.term && seen.voted_for != 0 && raft.voted_for() != seen.voted_for) {
    return make("One Vote Per Term", name(node) + " voted for " + name(seen.voted_for) + " and then for " +
                                         name(raft.voted_for()) + " in term " + std::to_string(term),
                {node, seen.voted_for, raft.voted_for()}, 0, term);
  }
  const bool granted = raft.voted_for() != 0 && raft.voted_for() != node &&
                       (term != seen.term || raft.voted_for() != seen.voted_for);
  if (granted && now >= 0 && raft.election_due() < now + raft.config().election_timeout_min) {
    // Followers (Figure 2, 5.2): granting a vote restarts the election timer, so that a
    // voter gives the candidate it chose a full timeout to win and send its heartbeat.
    Violation violation = make("Timer Restarted On Vote", name(node) + " granted its vote to " + name(raft.voted_for()) +
                                                              " in term " + std::to_string(term) +
                                                              " but its election timer still fires in " +
                                                              format_duration(raft.election_due() - now) +
                                                              ", sooner than the shortest timeout (" +
                                                              format_duration(raft.config().election_timeout_min) + ")",
                               {node, raft.voted_for()}, 0, term);
    violation.liveness = true;
    return violation;
  }
  if (raft.commit_index() < seen.commit_index) {
    return make("Commit Index Monotonic", name(node) + "'s commit index went back from " +
                                              std::to_string(seen.commit_index) + " to " +
                                              std::to_string(raft.commit_index()),
                {node}, raft.commit_index(), term);
  }
  if (raft.last_applied() > raft.commit_index()) {
    return make("Applied Within Committed", name(node) + " has applied up to index " +
                                                std::to_string(raft.last_applied()) + " but committed only up to " +
                                                std::to_string(raft.commit_index()),
                {node}, raft.last_applied(), term);
  }
  if (raft.commit_index() > state.storage->last_index()) {
    return make("Commit Within Durable Log", name(node) + " has commit index " + std::to_string(raft.commit_index()) +
                                                 " but holds only " + std::to_string(state.storage->last_index()) +
                                                 " entries durably",
                {node}, raft.commit_index(), term);
  }
  if (state.storage->last_index() != raft.log().last_index() ||
      state.storage->term_at(raft.log().last_index()) != raft.log().last_term()) {
    // The host persists every Ready before it sends or applies anything (Figure 2).
    return make("Durable Log Matches Memory", name(node) + " holds " + std::to_string(raft.log().last_index()) +
                                                  " entries in memory but " + std::to_string(state.storage->last_index()) +
                                                  " on disk, or a different last entry",
                {node}, std::min(raft.log().last_index(), state.storage->last_index()), term);
  }
  if (raft.role() == Role::Leader) {
    const auto [entry, inserted] = leader_of_term_.emplace(term, node);
    if (!inserted && entry->second != node) {
      return make("Election Safety", name(entry->second) + " and " + name(node) + " were both elected leader of term " +
                                         std::to_string(term),
                  {entry->second, node}, 0, term);
    }
    const bool elected = seen.role != Role::Leader || seen.term != term;
    if (elected) {
      if (auto violation = check_leader_complete(node, state)) return violation;
    }
    if (auto violation = check_membership(node, state, elected)) return violation;
  }
  const Index commit = raft.commit_index();
  if (raft.role() == Role::Leader && commit > seen.commit_index && commit > committed_hash_.size() &&
      state.storage->term_at(commit) != term) {
    // The commit rule (5.4.2, Figure 8): a leader counts replicas only for entries of its
    // own term; older entries commit indirectly, below one of those. Counted here when it
    // commits something new: a restarted leader that counts its way back up to what the
    // cluster already committed breaks the rule harmlessly, and a lesson with this
    // mistake should go on to the overwrite the rule prevents.
    return make("Commit Rule", name(node) + ", leader of term " + std::to_string(term) + ", advanced its commit index to " +
                                   std::to_string(commit) + ", an entry of term " +
                                   std::to_string(state.storage->term_at(commit)) +
                                   ", by counting replicas of an earlier term's entry",
                {node}, commit, state.storage->term_at(commit));
  }
  seen = Seen{term, raft.voted_for(), seen.commit_index, raft.role(), false};
  if (commit > seen.commit_index) {
    seen.commit_index = commit;
    return extend_committed(node, state, commit);
  }
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::check_leader_complete(NodeId node, const CheckedNode& state) const {
  // Leader Completeness: a leader's log holds every entry committed before its term (5.4).
  // Entries committed in its term or a later one need not be there: a candidate may win a
  // term after a later term has committed entries (its votes arrived late), and is deposed
  // as soon as it hears of that term.
  const Term term = state.raft->current_term();
  Index length = committed_hash_.size();
  while (length > 0 && committed_in_term_[length - 1] >= term) --length;
  if (length == 0) return std::nullopt;
  const Storage& storage = *state.storage;
  if (storage.last_index() >= length && storage.prefix_hash(length) == committed_hash_[length - 1]) return std::nullopt;
  const Index missing = first_difference(storage, committed_hash_);
  return make("Leader Completeness", name(node) + " leads term " + std::to_string(term) +
                                         " but lacks committed entry " + std::to_string(missing) + " (term " +
                                         std::to_string(committed_term_[missing - 1]) + ")",
              {node}, missing, committed_term_[missing - 1]);
}

std::optional<Violation> InvariantChecker::check_membership(NodeId node, const CheckedNode& state, bool elected) const {
  const raft::Node& raft = *state.raft;
  // Election Safety under any configuration: two leaders of one term are caught above,
  // whatever their configurations. A learner never campaigns, so never leads (4.2.1); a
  // removed server may, until it learns that its removal is committed (4.2.2).
  if (elected && raft.configuration().is_learner(node)) {
    return make("Learner Never Leads", name(node) + " became leader of term " + std::to_string(raft.current_term()) +
                                         " but is a learner of its configuration (" +
                                         raft::describe_configuration(raft.configuration()) + ")",
                {node}, 0, raft.current_term());
  }
  // The single-server change rule (4.2): a leader starts a change only once the last one is
  // committed, so its log holds at most one configuration entry past what the cluster has
  // committed (a restarted leader's own commit index starts again from 0: not that).
  const Index committed = std::max(raft.commit_index(), committed_length());
  if (const std::size_t pending = raft.configurations_after(committed); pending > 1) {
    return make("One Change At A Time", name(node) + ", leader of term " + std::to_string(raft.current_term()) + ", has " +
                                            std::to_string(pending) +
                                            " configuration entries past the committed prefix (index " +
                                            std::to_string(committed) + ")",
                {node}, raft.configuration_index(), raft.current_term());
  }
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::extend_committed(NodeId node, const CheckedNode& state, Index commit) {
  // State Machine Safety: every node commits the same entry at each index.
  const Storage& storage = *state.storage;
  const Index known = committed_hash_.size();
  const Index shared = std::min(known, commit);
  if (shared > 0 && storage.prefix_hash(shared) != committed_hash_[shared - 1]) {
    const Index index = first_difference(storage, committed_hash_);
    return make("State Machine Safety", name(node) + " committed entry " + std::to_string(index) + " of term " +
                                            std::to_string(storage.term_at(index)) +
                                            " where another node committed term " +
                                            std::to_string(committed_term_[index - 1]),
                {node}, index, committed_term_[index - 1]);
  }
  if (commit <= known) return std::nullopt;
  const Term committing_term = state.raft->current_term();
  committing_voters_ = state.raft->configuration().voters;
  for (Index index = known + 1; index <= commit; ++index) {
    committed_hash_.push_back(storage.prefix_hash(index));
    committed_term_.push_back(storage.term_at(index));
    committed_in_term_.push_back(committing_term);
  }
  global_checks_due_ = true;
  last_committing_term_ = committing_term;
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::global_checks(const std::vector<CheckedNode>& all) {
  global_checks_due_ = false;
  // Leaders of later terms, elected already, must hold what was just committed.
  for (NodeId other = 1; other < all.size(); ++other) {
    const CheckedNode& leader = all[other];
    if (leader.raft == nullptr || leader.raft->role() != Role::Leader) continue;
    if (leader.raft->current_term() <= last_committing_term_) continue;
    if (auto violation = check_leader_complete(other, leader)) return violation;
  }
  return check_quorum_holds_committed(all);
}

std::optional<Violation> InvariantChecker::before_log_write(NodeId node, const CheckedNode& state,
                                                            const raft::LogWrite& write) {
  const Storage& storage = *state.storage;
  // Leader Append-Only: a leader never overwrites or deletes entries in its log.
  if (state.raft != nullptr && state.raft->role() == Role::Leader && write.keep_through < storage.last_index()) {
    return make("Leader Append-Only", name(node) + " is leader of term " + std::to_string(state.raft->current_term()) +
                                          " and deleted entries after index " + std::to_string(write.keep_through),
                {node}, write.keep_through + 1, state.raft->current_term());
  }
  // A committed entry is never deleted.
  if (write.keep_through < seen_[node].commit_index) {
    return make("State Machine Safety", name(node) + " deleted entry " + std::to_string(write.keep_through + 1) +
                                            " after committing up to " + std::to_string(seen_[node].commit_index),
                {node}, write.keep_through + 1, 0);
  }
  // Log Matching: entries with the same index and term end identical prefixes.
  std::uint64_t hash = storage.prefix_hash(write.keep_through);
  Index index = write.keep_through;
  for (const raft::LogEntry& entry : write.entries) {
    ++index;
    hash = chain_hash(hash, entry);
    const std::optional<std::uint64_t> known = known_prefix(index, entry.term, hash);
    if (known && *known != hash) {
      return make("Log Matching", name(node) + "'s entry " + std::to_string(index) + " of term " +
                                      std::to_string(entry.term) +
                                      " matches another log's entry, but the logs differ before it",
                  {node}, index, entry.term);
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> InvariantChecker::known_prefix(Index index, Term term, std::uint64_t hash) {
  if (first_prefix_at_.size() < index) first_prefix_at_.resize(index);
  const PrefixSeen& first = first_prefix_at_[index - 1];
  if (first.term == term) return first.hash;
  if (first.term == 0) {
    first_prefix_at_.mutable_at(index - 1) = {term, hash};
    return std::nullopt;
  }
  const auto [known, inserted] = other_prefixes_.emplace(std::make_pair(index, term), hash);
  if (inserted) return std::nullopt;
  return known->second;
}

std::optional<Violation> InvariantChecker::check_quorum_holds_committed(const std::vector<CheckedNode>& all) {
  // Every committed entry is held durably by a majority, crashed nodes included.
  const Index length = committed_hash_.size();
  if (length == 0) return std::nullopt;
  std::size_t holders = 0;
  std::vector<NodeId> missing;
  std::vector<NodeId> voters = committing_voters_;
  if (voters.empty()) {
    for (NodeId node = 1; node < all.size(); ++node) voters.push_back(node);
  }
  for (NodeId node : voters) {
    if (node >= all.size()) continue;  // named by a configuration, not in this cluster: holds nothing
    const Storage& storage = *all[node].storage;
    if (storage.last_index() >= length && storage.prefix_hash(length) == committed_hash_[length - 1]) {
      ++holders;
    } else {
      missing.push_back(node);
    }
  }
  if (holders >= raft::majority(voters.size())) return std::nullopt;
  return make("Committed Entries On A Quorum", "only " + std::to_string(holders) + " of the " +
                                                   std::to_string(voters.size()) +
                                                   " voters of the configuration that committed it hold the committed "
                                                   "prefix up to index " +
                                                   std::to_string(length) + " durably",
              missing, length, committed_term_[length - 1]);
}

std::optional<Violation> InvariantChecker::on_acknowledged(Index index, Term term, const std::string& command) {
  const Index length = committed_hash_.size();
  if (index == 0 || index > length || committed_term_[index - 1] != term) {
    return make("Acknowledged Writes Durable", "the client was told \"" + command + "\" committed at index " +
                                                   std::to_string(index) + " (term " + std::to_string(term) +
                                                   "), but that is not what the cluster committed there",
                {}, index, term);
  }
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::on_restore(NodeId node, Index index, std::uint64_t prefix_hash) const {
  // A state machine restored from a snapshot through `index` must be the committed
  // prefix 1..index applied: the snapshot was taken from exactly that prefix.
  if (index == 0 || index > committed_hash_.size() || committed_hash_[index - 1] == prefix_hash) return std::nullopt;
  return make("State Machine Safety", name(node) + " restored its state machine from a snapshot through entry " +
                                          std::to_string(index) + " that was not built from the committed prefix",
              {node}, index, committed_term_[index - 1]);
}

std::optional<Violation> InvariantChecker::on_session_apply(NodeId node, const raft::ClientStamp& stamp, Index index) {
  if (stamp.client == 0 || stamp.sequence == 0) return std::nullopt;
  if (applied_at_.size() < stamp.client) applied_at_.resize(stamp.client);
  raft::ChunkedVector<Index>& applied = applied_at_[stamp.client - 1];
  if (applied.size() < stamp.sequence) applied.resize(stamp.sequence);
  const Index first = applied[stamp.sequence - 1];
  if (first == 0) {
    applied.mutable_at(stamp.sequence - 1) = index;
    return std::nullopt;
  }
  if (first == index) return std::nullopt;
  return make("Applied Once", name(node) + " applied write " + std::to_string(stamp.sequence) + " of client " +
                                  std::to_string(stamp.client) + " at entry " + std::to_string(index) +
                                  ", but it took effect at entry " + std::to_string(first) + " already",
              {node}, index, index <= committed_term_.size() ? committed_term_[index - 1] : 0);
}

void InvariantChecker::on_restart(NodeId node) {
  seen_[node].commit_index = 0;
  seen_[node].role = Role::Follower;
  seen_[node].restarted = true;
}

std::optional<Violation> InvariantChecker::before_apply(NodeId node, const CheckedNode& state) const {
  const raft::Node& raft = *state.raft;
  if (raft.commit_index() <= raft.log().last_index()) return std::nullopt;
  return make("Commit Within Log", name(node) + " has commit index " + std::to_string(raft.commit_index()) +
                                       " but its log holds only " + std::to_string(raft.log().last_index()) + " entries",
              {node}, raft.commit_index(), raft.current_term());
}

std::optional<Violation> InvariantChecker::on_apply(NodeId node, const CheckedNode& state,
                                                    const raft::CommittedEntry& entry) const {
  const raft::Node& raft = *state.raft;
  if (entry.index > raft.commit_index()) {
    return make("Applied Within Committed", name(node) + " applied entry " + std::to_string(entry.index) +
                                                " (term " + std::to_string(entry.entry.term) +
                                                ") before committing it (its commit index is " +
                                                std::to_string(raft.commit_index()) + ")",
                {node}, entry.index, entry.entry.term);
  }
  const Storage& storage = *state.storage;
  if (entry.index < storage.first_index() || entry.index > storage.last_index() ||
      !(storage.entry(entry.index) == entry.entry)) {
    return make("State Machine Safety", name(node) + " applied entry " + std::to_string(entry.index) + " (term " +
                                            std::to_string(entry.entry.term) + ") that its durable log does not hold",
                {node}, entry.index, entry.entry.term);
  }
  return std::nullopt;
}

std::optional<Violation> InvariantChecker::check_leader_progress(NodeId leader, const std::vector<CheckedNode>& all) const {
  const raft::Node& raft = *all[leader].raft;
  const raft::Log& log = raft.log();
  for (NodeId peer : raft.configuration().members()) {  // those it tracks (4.1)
    if (peer == leader || peer >= all.size()) continue;
    const raft::Progress& progress = raft.progress(peer);
    auto broken = [&](const std::string& what, Index index) {
      return make("Leader Progress", name(leader) + ", leader of term " + std::to_string(raft.current_term()) + ", " + what,
                  {leader, peer}, index, raft.current_term());
    };
    if (progress.next_index < 1) return broken("has nextIndex " + std::to_string(progress.next_index) + " for " + name(peer), 0);
    if (progress.match_index > log.last_index()) {
      return broken("has matchIndex " + std::to_string(progress.match_index) + " for " + name(peer) +
                        ", beyond its own log of " + std::to_string(log.last_index()) + " entries",
                    progress.match_index);
    }
    // A follower in the leader's term holds what the leader believes it holds.
    const CheckedNode& follower = all[peer];
    const Term follower_term = follower.raft ? follower.raft->current_term() : follower.storage->hard_state().current_term;
    if (follower_term != raft.current_term() || progress.match_index == 0) continue;
    const Index held = follower.raft ? follower.raft->log().last_index() : follower.storage->last_index();
    const Term held_term = progress.match_index > held ? 0 : term_held(follower, progress.match_index);
    const Term leader_term = term_held(all[leader], progress.match_index);
    if (held_term != leader_term) {
      return broken("believes " + name(peer) + " holds its entry " + std::to_string(progress.match_index) + " (term " +
                        std::to_string(leader_term) + "), but " + name(peer) +
                        (progress.match_index > held ? " holds only " + std::to_string(held) + " entries"
                                                     : " holds term " + std::to_string(held_term) + " there"),
                    progress.match_index);
    }
  }
  return std::nullopt;
}

}  // namespace sim
