#include "sim/cluster/simulator.h"

#include "sim/scenario/scenario.h"  // format_duration

#include <algorithm>
#include <cassert>
#include <sstream>

namespace sim {

using raft::Role;

namespace {

// Child seeds: stream 0 drives the network and client, stream (node, incarnation) a node.
std::uint64_t node_seed(std::uint64_t seed, NodeId node, std::uint32_t incarnation) {
  return raft::derive_seed(seed, (std::uint64_t{node} << 32) | incarnation);
}

}  // namespace

Simulator::Simulator(const ClusterConfig& config)
    : config_(config),
      network_random_(raft::derive_seed(config.seed, 0)),
      nodes_(static_cast<std::size_t>(config.nodes) + 1),
      topology_(config.nodes),
      checker_(config.nodes),
      message_counts_(config.nodes) {
  assert(config.nodes >= 1 && config.spares >= 0 && config.spares < config.nodes);
  for (NodeId node = 1; node <= static_cast<NodeId>(config_.nodes); ++node) {
    nodes_[node].bugs = config_.bugs;
    nodes_[node].raft.emplace(node_config(node), raft::PersistentState{}, node_time(node));
    arm_timer(node);
  }
}

bool set_option(ClusterConfig& config, const std::string& name, bool on) {
  if (name == "noop") config.noop = on;
  else if (name == "prevote") config.pre_vote = on;
  else if (name == "check-quorum") config.check_quorum = on;
  else return false;
  return true;
}

std::string describe_options(const ClusterConfig& config) {
  auto state = [](bool on) { return on ? " on" : " off"; };
  return std::string("noop") + state(config.noop) + ", prevote" + state(config.pre_vote) + ", check-quorum" +
         state(config.check_quorum) + ", reads " + read_way_name(config.reads);
}

std::string OptionSwitches::flags() const {
  std::string text;
  auto flag = [&text](const char* name, std::optional<bool> value) {
    if (value) text += std::string(" --") + name + (*value ? " on" : " off");
  };
  flag("noop", noop);
  flag("prevote", pre_vote);
  flag("check-quorum", check_quorum);
  if (reads) text += std::string(" --reads ") + read_way_name(*reads);
  return text;
}

raft::Config Simulator::node_config(NodeId node) const {
  raft::Config config;
  config.id = node;
  config.members = initial_configuration().voters;
  config.election_timeout_min = config_.election_timeout_min;
  config.election_timeout_max = config_.election_timeout_max;
  config.election_timer_jitter = config_.election_timer_jitter;
  config.heartbeat_interval = config_.heartbeat_interval;
  config.max_entries_per_message = config_.max_entries_per_message;
  config.noop = config_.noop;
  config.pre_vote = config_.pre_vote;
  config.check_quorum = config_.check_quorum;
  config.snapshot_chunk_bytes = config_.snapshot_chunk_bytes;
  config.max_drift_ppm = config_.max_drift_ppm;
  config.lease_reads = config_.reads == ReadWay::Lease;  // every server keeps the lease (core/check_quorum.cpp)
  config.bugs = nodes_[node].bugs;
  config.seed = node_seed(config_.seed, node, nodes_[node].incarnation);
  config.record_decisions = recording_;  // why a node acts is kept only with the records
  return config;
}

// ---- Time ---------------------------------------------------------------------------

bool Simulator::is_stale(const Event& event) {
  switch (event.type) {
    case EventType::Deliver: {
      const Slot& slot = slots_[event.payload];
      return !slot.used || slot.generation != event.extra;
    }
    case EventType::Timer: {
      SimNode& node = nodes_[event.node];
      if (!node.raft || node.incarnation != event.payload || node.timer_at != event.time) return true;
      if (node.clock.true_time_of(node.raft->next_deadline()) > event.time) {
        // The deadline moved later since this event was scheduled: wait for it instead.
        // (The caller pops this event next, so this happens once.)
        node.timer_at = -1;
        arm_timer(event.node);
        return true;
      }
      return false;
    }
    case EventType::ClientWrite: return false;
    case EventType::ClientRetry: {
      ClientOperation& operation = operations_.mutable_at(event.payload - 1);
      if (operation.outcome != Outcome::Pending) return true;
      if ((event.extra & kRetryAfterRedirect) != 0) return operation.attempts != retry_attempt(event.extra);
      if (event.time < operation.retry_at) {
        // Resent since this timer was set: wait for the later moment instead. (The caller
        // pops this event next.)
        queue_.push(operation.retry_at, EventType::ClientRetry, 0, operation.id);
        return true;
      }
      return false;
    }
  }
  return true;
}

void Simulator::skip_stale_events() {
  while (!queue_.empty() && is_stale(queue_.top())) queue_.pop();
}

bool Simulator::step() {
  if (violation_) return false;
  skip_stale_events();
  if (queue_.empty()) return false;
  const Event event = queue_.pop();
  now_ = event.time;
  ++stats_.events;
  fire(event);
  return true;
}

void Simulator::run_until(Time until) {
  while (!violation_) {
    skip_stale_events();
    if (queue_.empty() || queue_.top().time > until) break;
    step();
  }
  if (!violation_) now_ = std::max(now_, until);
}

std::optional<Time> Simulator::next_event_time() {
  skip_stale_events();
  if (queue_.empty()) return std::nullopt;
  return queue_.top().time;
}

void Simulator::fire(const Event& event) {
  switch (event.type) {
    case EventType::Deliver: deliver(event); break;
    case EventType::Timer: fire_timer(event); break;
    case EventType::ClientWrite:
      begin(RecordKind::ClientWrite, 0).reason = operations_[event.payload - 1].command;
      start_write(event.payload);
      finish();
      break;
    case EventType::ClientRetry: client_retry(event); break;
  }
}

void Simulator::fire_timer(const Event& event) {
  const NodeId id = event.node;
  nodes_[id].timer_at = -1;
  raft::Node& node = *nodes_[id].raft;
  begin(node.role() == Role::Leader ? RecordKind::Heartbeat : RecordKind::Timeout, id);
  track(id);
  node.tick(node_time(id));
  process_ready(id);
  finish();
}

// ---- Network ------------------------------------------------------------------------

std::uint32_t Simulator::take_slot() {
  if (free_slots_.empty()) {
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  return slot;
}

void Simulator::free_slot(std::uint32_t slot) {
  slots_[slot].used = false;
  ++slots_[slot].generation;
  slots_[slot].message.envelope = Envelope{};
  free_slots_.push_back(slot);
}

void Simulator::send(NodeId from, NodeId to, Envelope envelope) {
  if (std::holds_alternative<raft::Message>(envelope)) {
    ++stats_.raft_messages_sent;
    message_counts_.count(false, from, to, rpc_kind_number(envelope));
  } else {
    ++stats_.client_messages_sent;
  }
  // A message doomed at sending still travels, then vanishes where it would arrive.
  const char* doomed = nullptr;
  if (!topology_.can_reach(from, to)) {
    doomed = cut_reason(from, to);
  } else if (network_random_.chance(config_.network.loss_ppm, kMillion)) {
    doomed = "lost";
  }
  // Sent to a node that is down: lost, even if the node restarts before it would have
  // arrived (as a message in flight when its target crashes). Decided after the draws
  // above, so that the network's random sequence does not depend on it.
  const char* down = to != kClient && !nodes_[to].raft ? "node down" : nullptr;
  if (doomed == nullptr && network_random_.chance(config_.network.duplicate_ppm, kMillion)) {
    ++stats_.messages_duplicated;
    schedule_delivery(from, to, envelope, down);
  }
  schedule_delivery(from, to, std::move(envelope), doomed ? doomed : down);
}

void Simulator::schedule_delivery(NodeId from, NodeId to, Envelope envelope, const char* doomed) {
  const auto& links = config_.network.link_latency;
  const auto own = links.empty() ? links.end() : links.find({from, to});
  const auto [low, high] = own != links.end() ? own->second
                                              : std::pair{config_.network.latency_min, config_.network.latency_max};
  const Time latency = network_random_.between(low, high);
  const std::uint32_t index = take_slot();
  Slot& slot = slots_[index];
  slot.used = true;
  slot.message = InFlightMessage{next_message_id_++, from, to, now_, now_ + latency, std::move(envelope), doomed};
  queue_.push(now_ + latency, EventType::Deliver, to, index, slot.generation);
}

void Simulator::deliver(const Event& event) {
  const auto index = static_cast<std::uint32_t>(event.payload);
  InFlightMessage message = std::move(slots_[index].message);
  free_slot(index);
  const NodeId to = message.to;
  const char* doomed = message.doomed;
  // Cutting a link dooms what is on it (doom_messages_on_cut_links), so a live message
  // always finds its link open: healing never revives a doomed one.
  assert(doomed != nullptr || topology_.can_reach(message.from, to));
  // Likewise a crash dooms what is on its way to the node, and sending to a node that
  // is down dooms the message at once: a live message always finds its target up.
  assert(doomed != nullptr || to == kClient || nodes_[to].raft);

  Record& record = begin(doomed ? RecordKind::Drop : RecordKind::Deliver, to);
  record.from = message.from;
  record.to = to;
  record.message_id = message.id;
  if (recording_) record.message = message.envelope;
  if (doomed) {
    record.reason = doomed;
    ++stats_.messages_dropped;
    finish();
    return;
  }
  ++stats_.messages_delivered;
  if (to != kClient) message_counts_.count(true, message.from, to, rpc_kind_number(message.envelope));
  if (to == kClient) {
    handle_client_reply(std::get<ClientReply>(message.envelope));
  } else if (auto* rpc = std::get_if<raft::Message>(&message.envelope)) {
    track(to);
    nodes_[to].raft->step(node_time(to), *rpc);
    process_ready(to);
  } else {
    handle_client_request(to, std::get<ClientRequest>(message.envelope));
  }
  finish();
}

const char* Simulator::cut_reason(NodeId from, NodeId to) const {
  return topology_.group_of(from) != topology_.group_of(to) ? "partition" : "link cut";
}

void Simulator::doom_messages_on_cut_links() {
  // A message on a link at the moment it is cut is lost then, not when it would have
  // arrived: from this moment on the GUI can say so, and no later heal changes it.
  for (Slot& slot : slots_) {
    InFlightMessage& message = slot.message;
    if (slot.used && !message.doomed && !topology_.can_reach(message.from, message.to)) {
      message.doomed = cut_reason(message.from, message.to);
    }
  }
}

void Simulator::drop_in_flight_of(NodeId node, const char* reason) {
  for (Slot& slot : slots_) {
    if (slot.used && (slot.message.to == node || slot.message.from == node) && !slot.message.doomed) {
      slot.message.doomed = reason;
    }
  }
}

std::vector<const InFlightMessage*> Simulator::in_flight() const {
  std::vector<const InFlightMessage*> messages;
  for (const Slot& slot : slots_) {
    if (slot.used) messages.push_back(&slot.message);
  }
  std::sort(messages.begin(), messages.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return messages;
}

const InFlightMessage* Simulator::find_message(std::uint64_t message_id) const {
  for (const Slot& slot : slots_) {
    if (slot.used && slot.message.id == message_id) return &slot.message;
  }
  return nullptr;
}

bool Simulator::drop_message(std::uint64_t message_id) {
  for (std::uint32_t index = 0; index < slots_.size(); ++index) {
    Slot& slot = slots_[index];
    if (!slot.used || slot.message.id != message_id) continue;
    Record& record = begin(RecordKind::DropMessage, slot.message.to);
    record.from = slot.message.from;
    record.to = slot.message.to;
    record.message_id = message_id;
    record.reason = "dropped by hand";
    if (recording_) record.message = slot.message.envelope;
    ++stats_.messages_dropped;
    free_slot(index);
    finish();
    return true;
  }
  return false;
}

std::uint64_t Simulator::drop_next(NodeId from, NodeId to, const std::string& kind) {
  for (const InFlightMessage* message : in_flight()) {
    if (message->from != from || message->to != to || message->doomed) continue;
    if (!kind.empty() && kind != envelope_kind(message->envelope)) continue;
    const std::uint64_t id = message->id;
    drop_message(id);
    return id;
  }
  return 0;
}

// ---- Nodes --------------------------------------------------------------------------

void Simulator::process_ready(NodeId id) {
  SimNode& node = nodes_[id];
  // Commit within the log, checked before anything is applied: applying past the end of
  // the log is what a faulty server would crash on (always checked, it costs nothing).
  report(checker_.before_apply(id, {&*node.raft, &node.storage}));
  if (stopped()) return;
  raft::Ready ready = node.raft->take_ready();
  // 1. Persist, so that nothing sent below promises more than the disk holds.
  if (ready.hard_state) node.storage.save(*ready.hard_state);
  if (ready.snapshot) persist_snapshot(id, ready);
  if (ready.log_write) {
    const bool shrinks = ready.log_write->keep_through < node.storage.last_index();
    if (shrinks) {
      for (NodeChange& change : tracked_) {
        if (change.node != id) continue;
        change.removed_from = change.removed_from ? std::min(change.removed_from, ready.log_write->keep_through + 1)
                                                  : ready.log_write->keep_through + 1;
        change.removed_to = std::max(change.removed_to, node.storage.last_index());
      }
    }
    if (config_.check_invariants) report(checker_.before_log_write(id, {&*node.raft, &node.storage}, *ready.log_write));
    node.storage.write(*ready.log_write);
    if (shrinks && config_.check_invariants) report(checker_.check_quorum_holds_committed(checked_nodes()));
  }
  // 2. Send.
  for (raft::Message& message : ready.messages) {
    const NodeId to = message.to;
    send(id, to, Envelope{std::move(message)});
  }
  // 3. Apply: a leader's snapshot first, then the entries after it.
  if (ready.snapshot && ready.restore_snapshot) restore_state_machine(id, *ready.snapshot);
  for (const raft::CommittedEntry& committed : ready.committed) apply(id, committed);
  serve_reads(id, ready.reads);  // 4. reads the applied entries bring within reach
  if (!stopped()) maybe_snapshot(id);
  arm_timer(id);
  // Why: kept with the event's record (rendered to text only when someone reads it).
  if (recording_) {
    for (raft::Decision& decision : ready.decisions) current_.decisions.push_back(NodeDecision{id, std::move(decision)});
  }
}

void Simulator::arm_timer(NodeId id) {
  SimNode& node = nodes_[id];
  const Time deadline = std::max(now_, node.clock.true_time_of(node.raft->next_deadline()));
  // One timer event per node; a later deadline is picked up when that event fires.
  if (node.timer_at != -1 && node.timer_at <= deadline) return;
  node.timer_at = deadline;
  queue_.push(deadline, EventType::Timer, id, node.incarnation);
}

// ---- State ----------------------------------------------------------------------------

NodeSummary Simulator::summary(NodeId id) const {
  const SimNode& node = nodes_[id];
  if (!node.raft) {
    return NodeSummary{false, Role::Follower, node.storage.hard_state().current_term,
                       node.storage.hard_state().voted_for, 0, node.storage.last_index(), 0};
  }
  const raft::Node& raft = *node.raft;
  return NodeSummary{true, raft.role(), raft.current_term(), raft.voted_for(), raft.leader(),
                     raft.log().last_index(), raft.commit_index()};
}

std::vector<NodeId> Simulator::leaders() const {
  std::vector<NodeId> result;
  for (NodeId id = 1; id <= static_cast<NodeId>(config_.nodes); ++id) {
    if (nodes_[id].raft && nodes_[id].raft->role() == Role::Leader) result.push_back(id);
  }
  return result;
}

std::optional<NodeId> Simulator::leader() const {
  // The cluster's working leader: a node in the leader role that a majority of the
  // cluster (itself included) would still follow: live, able to exchange messages with
  // it, and in no newer term than its own (they would accept its AppendEntries, 5.1). A
  // leader cut off in a minority, or deposed without having heard yet (a majority has
  // moved to a newer term), does not count. At most one node qualifies: its followers
  // and the voters of any newer leader would have to overlap.
  for (NodeId candidate : leaders()) {
    if (followers_of(candidate) >= static_cast<int>(nodes_[candidate].raft->configuration().quorum())) return candidate;
  }
  return std::nullopt;
}

int Simulator::followers_of(NodeId leader) const {
  if (!nodes_[leader].raft) return 0;
  const Term term = nodes_[leader].raft->current_term();
  int followers = 0;
  for (NodeId other : nodes_[leader].raft->configuration().voters) {  // those that count (4.1)
    const bool would_follow = nodes_[other].raft && nodes_[other].raft->current_term() <= term &&
                              topology_.can_reach(leader, other) && topology_.can_reach(other, leader);
    if (would_follow) ++followers;
  }
  return followers;
}

// ---- Records and checks ----------------------------------------------------------------

Record& Simulator::begin(RecordKind kind, NodeId node) {
  ++record_sequence_;
  tracked_.clear();
  if (recording_) current_ = Record{};  // when not recording, current_ is scratch space
  current_.sequence = record_sequence_;
  current_.time = now_;
  current_.kind = kind;
  current_.node = node;
  return current_;
}

void Simulator::track(NodeId node) {
  for (const NodeChange& change : tracked_) {
    if (change.node == node) return;
  }
  tracked_.push_back(NodeChange{node, summary(node), {}});
}

void Simulator::finish() {
  for (NodeChange& change : tracked_) {
    change.after = summary(change.node);
    if (change.after.role == Role::Candidate && change.after.term != change.before.term) ++stats_.elections_started;
    if (change.after.role == Role::Leader && change.before.role != Role::Leader) ++stats_.leader_changes;
    if (config_.check_invariants && nodes_[change.node].raft) {
      const SimNode& node = nodes_[change.node];
      report(checker_.after_event(change.node, {&*node.raft, &node.storage}, node_time(change.node)));
      if (checker_.needs_global_checks()) report(checker_.global_checks(checked_nodes()));
      if (node.raft->role() == Role::Leader) report(checker_.check_leader_progress(change.node, checked_nodes()));
    }
  }
  if (!recording_) return;
  for (const NodeChange& change : tracked_) {
    if (!(change.before == change.after) || change.removed_from != 0) current_.changes.push_back(change);
  }
  records_.push_back(std::move(current_));
}

void Simulator::set_recording(bool on) {
  recording_ = on;
  for (SimNode& node : nodes_) {
    if (node.raft) node.raft->set_record_decisions(on);
  }
}

std::vector<Record> Simulator::take_records() {
  std::vector<Record> taken = std::move(records_);
  records_.clear();
  return taken;
}

std::vector<CheckedNode> Simulator::checked_nodes() const {
  std::vector<CheckedNode> all(nodes_.size());
  for (NodeId id = 1; id < nodes_.size(); ++id) {
    all[id] = CheckedNode{nodes_[id].raft ? &*nodes_[id].raft : nullptr, &nodes_[id].storage};
  }
  return all;
}

void Simulator::report(std::optional<Violation> violation) {
  if (!violation || violation_) return;
  violation->time = now_;
  violation->event = stats_.events;
  violation->seed = config_.seed;
  violation_ = std::move(violation);
}

std::string describe_cluster(const Simulator& simulator) {
  auto node_name = [](NodeId node) { return "n" + std::to_string(node); };
  const auto size = static_cast<NodeId>(simulator.size());
  // A big cluster shows its leaders, candidates and crashed nodes first, then as many
  // followers as fit, so a failure report stays readable.
  constexpr std::size_t kMaxLines = 16;
  std::vector<NodeId> shown;
  for (NodeId node = 1; node <= size; ++node) {
    const NodeSummary summary = simulator.summary(node);
    if (size <= kMaxLines || !summary.up || summary.role != raft::Role::Follower) shown.push_back(node);
  }
  for (NodeId node = 1; node <= size && shown.size() < kMaxLines; ++node) {
    if (std::find(shown.begin(), shown.end(), node) == shown.end()) shown.push_back(node);
  }
  if (shown.size() > kMaxLines) shown.resize(kMaxLines);
  std::sort(shown.begin(), shown.end());
  std::ostringstream out;
  for (NodeId node : shown) {
    const NodeSummary summary = simulator.summary(node);
    out << node_name(node) << ": ";
    if (!summary.up) {
      out << "down";
    } else {
      out << raft::role_name(summary.role);
    }
    out << ", term " << summary.term << ", voted for "
        << (summary.voted_for ? node_name(summary.voted_for) : std::string("nobody")) << ", log " << summary.last_index;
    const Storage& storage = simulator.storage(node);
    if (storage.last_index() > 0) out << " (last term " << storage.term_at(storage.last_index()) << ")";
    if (storage.snapshot_index() > 0) out << ", snapshot " << storage.snapshot_index();
    if (summary.up) out << ", commit " << summary.commit_index;
    out << '\n';
  }
  if (shown.size() < size) out << "... and " << size - shown.size() << " more nodes not shown\n";
  return out.str();
}

}  // namespace sim
