// Membership changes, one server at a time (dissertation chapter 4): the leader's
// single-server change and the rules that guard it, the configuration each server has in
// force as its log grows and shrinks, a removed leader stepping down, and servers outside
// the configuration kept from disrupting it. The configuration itself: configuration.h.

#include <algorithm>
#include <cassert>

#include "core/node.h"

namespace raft {

ChangeResult Node::propose_change(Time now, ConfigurationChange change) {
  Reason reason = judge_change(change);
  if (reason.cause != Cause::ChangeStarted) {
    decide(reason);
    return {.accepted = false, .reason = reason};
  }
  // The change is an entry like any other, replicated and committed as in 5.3; it is in
  // force here as soon as it is appended (4.1), so the new server gets entries from now on.
  const Index index = log_.last_index() + 1;
  reason.ours = LogPosition{index, current_term()};
  decide(reason);
  append_to_log(LogEntry{current_term(), encode_configuration(*changed(configuration_, change))});
  progress_[config_.id].match_index = index;
  if (change.kind == ChangeKind::AddLearner) progress_[change.node] = Progress{index, 0};
  // A smaller quorum may commit at once (removing a crashed voter; a leader alone).
  maybe_commit();
  broadcast_append();
  step_down_if_removed(now);
  return {.accepted = true, .index = index, .reason = reason};
}

// Each rule a leader applies before a change, in order, with the reason it gives.
Reason Node::judge_change(ConfigurationChange change) const {
  Reason reason{.peer = change.node, .term = current_term(), .count = static_cast<std::uint64_t>(change.kind)};
  if (role_ != Role::Leader) {
    reason.cause = Cause::ChangeRefusedNotLeader;
    reason.other = leader_;
    return reason;
  }
  // One change at a time: the next waits until the last is committed (4.2).
  if (configuration_index() > commit_index_) {
    reason.cause = Cause::ChangeRefusedPending;
    reason.ours = LogPosition{configuration_index(), log_.term_at(configuration_index())};
    return reason;
  }
  // A leader must commit an entry of its own term before it changes the configuration
  // (4.1, the 2015 correction): until then a change that an earlier leader began, and that
  // this leader's log lacks, may still be committed and overwrite this leader's change.
  if (log_.term_at(commit_index_) != current_term()) {
    if (!config_.has_bug(Bug::ChangeBeforeOwnCommit)) {
      reason.cause = Cause::ChangeRefusedNoOwnCommit;
      reason.ours = LogPosition{commit_index_, log_.term_at(commit_index_)};
      return reason;
    }
    reason.bug = Bug::ChangeBeforeOwnCommit;  // BUG: on as if it had
  }
  if (!changed(configuration_, change)) {
    reason.cause = Cause::ChangeRefusedInvalid;
    return reason;
  }
  // A learner becomes a voter only once it has caught up (4.2.1): a voter that lags would
  // be counted for commits it cannot yet make.
  if (change.kind == ChangeKind::Promote && progress(change.node).match_index < commit_index_) {
    reason.cause = Cause::ChangeRefusedNotCaughtUp;
    reason.theirs = LogPosition{progress(change.node).match_index, 0};
    reason.ours = LogPosition{commit_index_, log_.term_at(commit_index_)};
    return reason;
  }
  reason.cause = Cause::ChangeStarted;
  return reason;
}

// On start and restart: the configuration is in the snapshot and the log the server
// persisted (4.1, 5.1), so it is rebuilt from there; until a configuration entry arrives,
// the snapshot's (else the initial one) holds.
void Node::restore_configuration() {
  std::sort(config_.members.begin(), config_.members.end());
  configuration_ = base_configuration();
  for (Index index = log_.first_index(); index <= log_.last_index(); ++index) {
    if (!is_configuration(log_.at(index))) continue;
    if (std::optional<Configuration> restored = decode_configuration(log_.at(index).command)) {
      configuration_indexes_.push_back(index);
      configuration_ = std::move(*restored);
    }
  }
  const NodeId highest = std::max(configuration_.highest_id(), config_.id);
  votes_.assign(highest + 1, false);
  heard_.assign(highest + 1, false);
  progress_.assign(highest + 1, Progress{});
  round_answered_.assign(highest + 1, 0);
}

// The configuration before every entry the log holds: the snapshot's, whose metadata keeps
// the configuration (voters and learners) in force at its last entry (dissertation 5.1),
// else the initial one.
Configuration Node::base_configuration() const {
  if (snapshot_) return snapshot_->metadata.configuration;
  return Configuration{.voters = config_.members, .learners = {}};
}

// The configuration in force at `index` (at or after the snapshot's last entry): the
// newest configuration entry at or before it that the log holds, else the snapshot's.
Configuration Node::configuration_at(Index index) const {
  assert(index >= log_.snapshot_index());
  for (auto it = configuration_indexes_.rbegin(); it != configuration_indexes_.rend(); ++it) {
    if (*it <= index) return *decode_configuration(log_.at(*it).command);
  }
  return base_configuration();
}

// The log dropped its prefix through the snapshot's last entry (compaction, or a snapshot
// installed): configuration entries there are gone, and the snapshot's metadata now
// records what they decided (5.1). An installed snapshot may also have discarded the rest
// of the log (Figure 13, step 7): the configuration in force is recomputed from what is left.
void Node::forget_compacted_configurations() {
  const Index first = log_.first_index();
  const Index last = log_.last_index();
  std::erase_if(configuration_indexes_, [first, last](Index at) { return at < first || at > last; });
}

void Node::reload_configuration_after_snapshot() {
  forget_compacted_configurations();
  enter_configuration(configuration_at(log_.last_index()), configuration_index());
}

std::size_t Node::configurations_after(Index index) const {
  return static_cast<std::size_t>(std::count_if(configuration_indexes_.begin(), configuration_indexes_.end(),
                                                [index](Index at) { return at > index; }));
}

// The log grew by a configuration entry: it is in force from now on (4.1).
void Node::note_configuration_appended(Index index, const LogEntry& entry) {
  std::optional<Configuration> next = decode_configuration(entry.command);
  if (!next) return;  // looks like one but is not well formed: an ordinary entry
  configuration_indexes_.push_back(index);
  enter_configuration(std::move(*next), index);
}

// The log lost its newest configuration entries: the one before them is in force again
// (4.1: "a log entry can be removed ... the server must fall back to the previous one").
void Node::note_configuration_truncated(Index keep_through) {
  while (!configuration_indexes_.empty() && configuration_indexes_.back() > keep_through) {
    configuration_indexes_.pop_back();
  }
  const Index index = configuration_index();
  enter_configuration(configuration_at(index), index);
}

void Node::enter_configuration(Configuration configuration, Index index) {
  // Every server named in a configuration gets a slot for its vote and its progress.
  const NodeId highest = std::max(configuration.highest_id(), config_.id);
  if (votes_.size() <= highest) votes_.resize(highest + 1, false);
  if (heard_.size() <= highest) heard_.resize(highest + 1, false);
  if (progress_.size() <= highest) progress_.resize(highest + 1, Progress{log_.last_index() + 1, 0});
  if (round_answered_.size() <= highest) round_answered_.resize(highest + 1, 0);
  configuration_ = std::move(configuration);
  std::vector<NodeId> listed = configuration_.members();
  decide(Reason{.cause = Cause::ConfigurationInForce, .term = current_term(),
                .ours = {index, index == 0 ? 0 : log_.term_at(index)}, .count = configuration_.voters.size()},
         std::move(listed));
}

// A leader that removed itself keeps leading until the change commits, replicating without
// counting itself; then it steps down (4.2.2). One more round tells the others the commit.
void Node::step_down_if_removed(Time now) {
  if (role_ != Role::Leader || is_voter() || commit_index_ < configuration_index()) return;
  broadcast_append();
  decide(Reason{.cause = Cause::LeaderRemovedStepsDown, .term = current_term(),
                .ours = {configuration_index(), log_.term_at(configuration_index())}});
  become_follower(now, current_term(), kNobody);
}

// Disruptive servers (4.2.3): a server removed from the configuration (or not yet in it)
// that never hears the news times out and campaigns with ever higher terms. A server that
// heard from a leader within the minimum election timeout ignores its RequestVote, term
// and all; a leader always does. This is the minimal form: only candidates that are not
// voters here are ignored, so elections among members (and the lessons that force them)
// are untouched. Check-quorum's lease (roles.cpp, when on) extends it to every candidate.
bool Node::ignores_disruptive_vote(Time now, const Message& message) {
  const auto* request = std::get_if<RequestVote>(&message.payload);
  if (request == nullptr || configuration_.is_voter(request->candidate)) return false;
  const bool leader_recent = role_ == Role::Leader ||
                             (leader_ != kNobody && leader_heard_at_ >= 0 &&
                              now - leader_heard_at_ < config_.election_timeout_min);
  if (!leader_recent) return false;
  const Time since = role_ == Role::Leader ? 0 : now - leader_heard_at_;
  decide(Reason{.cause = Cause::VoteIgnoredLeaderLease, .peer = request->candidate, .term = current_term(),
                .their_term = request->term, .count = static_cast<std::uint64_t>(since)});
  return true;
}

// A server that its newest configuration leaves out may hold the longest log, and until
// that configuration is committed the others may still need it: if it stood aside, no one
// could be elected (the dissertation, 4.2.2, keeps such a server able to start elections).
// It campaigns as the new configuration counts: its own vote does not count.
bool Node::may_campaign() const {
  if (is_voter()) return true;
  if (configuration_index() <= commit_index_ || configuration_indexes_.empty()) return false;
  const Index previous = configuration_indexes_.size() >= 2 ? configuration_indexes_[configuration_indexes_.size() - 2]
                                                            : log_.snapshot_index();
  return configuration_at(previous).is_voter(config_.id);
}

// Learners and removed servers never campaign (4.2.1): their timer only starts over.
void Node::skip_campaign_as_non_voter(Time now) {
  draw_election_timeout(now);
  decide(Reason{.cause = Cause::NoCampaignNotVoter, .term = current_term(),
                .count = static_cast<std::uint64_t>(election_timeout_)});
}

}  // namespace raft
