#include "sim/simulator.h"

#include "sim/scenario.h"  // format_duration

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

// 200000 ppm -> "20%", 5000 -> "0.5%", as a scenario writes it.
std::string format_percent(std::uint32_t ppm) {
  std::string text = std::to_string(ppm / 10000);
  if (const std::uint32_t fraction = ppm % 10000; fraction != 0) {
    std::string decimals = std::to_string(fraction);
    decimals.insert(0, 4 - decimals.size(), '0');
    while (decimals.back() == '0') decimals.pop_back();
    text += "." + decimals;
  }
  return text + "%";
}

std::pair<std::string, std::string> split_key_value(const std::string& command) {
  const auto equals = command.find('=');
  if (equals == std::string::npos) return {command, ""};
  return {command.substr(0, equals), command.substr(equals + 1)};
}

}  // namespace

Simulator::Simulator(const ClusterConfig& config)
    : config_(config),
      network_random_(raft::derive_seed(config.seed, 0)),
      nodes_(static_cast<std::size_t>(config.nodes) + 1),
      topology_(config.nodes),
      checker_(config.nodes) {
  assert(config.nodes >= 1);
  for (NodeId node = 1; node <= static_cast<NodeId>(config_.nodes); ++node) {
    nodes_[node].raft.emplace(node_config(node), raft::PersistentState{}, now_);
    arm_timer(node);
  }
}

raft::Config Simulator::node_config(NodeId node) const {
  raft::Config config;
  config.id = node;
  for (NodeId member = 1; member <= static_cast<NodeId>(config_.nodes); ++member) config.members.push_back(member);
  config.election_timeout_min = config_.election_timeout_min;
  config.election_timeout_max = config_.election_timeout_max;
  config.heartbeat_interval = config_.heartbeat_interval;
  config.seed = node_seed(config_.seed, node, nodes_[node].incarnation);
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
      if (node.raft->next_deadline() > event.time) {
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
      const ClientOperation& operation = operations_[event.payload - 1];
      return operation.outcome != Outcome::Pending || operation.attempts != event.extra;
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
  node.tick(now_);
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
  } else {
    ++stats_.client_messages_sent;
  }
  // A message doomed at sending still travels, then vanishes where it would arrive.
  const char* doomed = nullptr;
  if (!topology_.can_reach(from, to)) {
    doomed = topology_.group_of(from) != topology_.group_of(to) ? "partition" : "link cut";
  } else if (network_random_.chance(config_.network.loss_ppm, kMillion)) {
    doomed = "lost";
  }
  if (doomed == nullptr && network_random_.chance(config_.network.duplicate_ppm, kMillion)) {
    ++stats_.messages_duplicated;
    schedule_delivery(from, to, envelope, nullptr);
  }
  schedule_delivery(from, to, std::move(envelope), doomed);
}

void Simulator::schedule_delivery(NodeId from, NodeId to, Envelope envelope, const char* doomed) {
  const Time latency = network_random_.between(config_.network.latency_min, config_.network.latency_max);
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
  // A link cut or partitioned after sending loses what is still on it.
  if (doomed == nullptr && !topology_.can_reach(message.from, to)) {
    doomed = topology_.group_of(message.from) != topology_.group_of(to) ? "partition" : "link cut";
  }
  if (doomed == nullptr && to != kClient && !nodes_[to].raft) doomed = "node down";

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
  if (to == kClient) {
    handle_client_reply(std::get<ClientReply>(message.envelope));
  } else if (auto* rpc = std::get_if<raft::Message>(&message.envelope)) {
    track(to);
    nodes_[to].raft->step(now_, *rpc);
    process_ready(to);
  } else {
    handle_client_request(to, std::get<ClientRequest>(message.envelope));
  }
  finish();
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
  raft::Ready ready = node.raft->take_ready();
  // 1. Persist, so that nothing sent below promises more than the disk holds.
  if (ready.hard_state) node.storage.save(*ready.hard_state);
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
  // 3. Apply.
  for (const raft::CommittedEntry& committed : ready.committed) apply(id, committed);
  arm_timer(id);
}

void Simulator::apply(NodeId id, const raft::CommittedEntry& committed) {
  SimNode& node = nodes_[id];
  auto [key, value] = split_key_value(committed.entry.command);
  node.kv[key] = value;
  const auto write = take_pending(id, committed.index);
  if (!write) return;
  // The entry at our index is ours only if its term is the one we proposed it in.
  if (committed.entry.term == write->term) {
    answer(id, ClientReply{write->operation, ClientStatus::Ok, id, committed.index, write->term});
  } else {
    overwritten(id, *write, committed.index);
  }
}

void Simulator::overwritten(NodeId id, const SimNode::PendingWrite& write, Index index) {
  // If we proposed the same write again later, that proposal may still win.
  if (nodes_[id].pending_by_operation.contains(write.operation)) return;
  answer(id, ClientReply{write.operation, ClientStatus::Failed, id, index, write.term});
}

void Simulator::add_pending(NodeId id, Index index, std::uint64_t operation, Term term) {
  SimNode& node = nodes_[id];
  // An older write still pending at this index lost its entry when the log was cut back.
  if (const auto stale = take_pending(id, index)) overwritten(id, *stale, index);
  node.pending_writes[index] = {operation, term};
  node.pending_by_operation.emplace(operation, index);
}

std::optional<Simulator::SimNode::PendingWrite> Simulator::take_pending(NodeId id, Index index) {
  SimNode& node = nodes_[id];
  const auto pending = node.pending_writes.find(index);
  if (pending == node.pending_writes.end()) return std::nullopt;
  const SimNode::PendingWrite write = pending->second;
  node.pending_writes.erase(pending);
  auto [first, last] = node.pending_by_operation.equal_range(write.operation);
  for (auto entry = first; entry != last; ++entry) {
    if (entry->second == index) {
      node.pending_by_operation.erase(entry);
      break;
    }
  }
  return write;
}

void Simulator::answer(NodeId id, const ClientReply& reply) {
  // Remembered, so that a resend crossing this answer gets the same one rather than a
  // redirect that would commit the write elsewhere after all.
  nodes_[id].answered.emplace(reply.operation, reply);
  send(id, kClient, reply);
}

void Simulator::arm_timer(NodeId id) {
  SimNode& node = nodes_[id];
  const Time deadline = node.raft->next_deadline();
  // One timer event per node; a later deadline is picked up when that event fires.
  if (node.timer_at != -1 && node.timer_at <= deadline) return;
  node.timer_at = deadline;
  queue_.push(deadline, EventType::Timer, id, node.incarnation);
}

void Simulator::crash(NodeId id) {
  SimNode& node = nodes_[id];
  if (!node.raft) return;
  begin(RecordKind::Crash, id).reason = "volatile state lost; term, vote and log kept";
  track(id);
  // Volatile state is gone; storage stays.
  node.raft.reset();
  node.kv.clear();
  for (const auto& [index, pending] : node.pending_writes) operations_[pending.operation - 1].ambiguous = true;
  node.pending_writes.clear();
  node.pending_by_operation.clear();
  node.answered.clear();
  ++node.incarnation;
  node.timer_at = -1;
  drop_in_flight_of(id, "node crashed");
  finish();
}

void Simulator::restart(NodeId id) {
  SimNode& node = nodes_[id];
  if (node.raft) return;
  begin(RecordKind::Restart, id).reason = "recovered term " + std::to_string(node.storage.hard_state().current_term) +
                                           ", vote and " + std::to_string(node.storage.last_index()) + " log entries";
  track(id);
  // Recover exactly what was persisted, through the same path as a fresh start.
  node.raft.emplace(node_config(id), node.storage.load(), now_);
  checker_.on_restart(id);
  arm_timer(id);
  finish();
}

void Simulator::campaign(NodeId id) {
  if (!nodes_[id].raft) return;
  begin(RecordKind::Campaign, id);
  track(id);
  nodes_[id].raft->campaign(now_);
  process_ready(id);
  finish();
}

void Simulator::set_election_timer(NodeId id, Time from_now) {
  if (!nodes_[id].raft) return;
  begin(RecordKind::Timers, id).reason = "election timer set to fire in " + format_duration(from_now);
  nodes_[id].raft->restart_election_timer(now_, from_now);
  arm_timer(id);
  finish();
}

void Simulator::align_timers() {
  begin(RecordKind::Timers, 0).reason = "election timers aligned";
  for (NodeId id = 1; id <= static_cast<NodeId>(config_.nodes); ++id) {
    if (!nodes_[id].raft || nodes_[id].raft->role() == Role::Leader) continue;
    nodes_[id].raft->restart_election_timer(now_, config_.election_timeout_min);
    arm_timer(id);
  }
  finish();
}

void Simulator::spread_timers() {
  begin(RecordKind::Timers, 0).reason = "election timers spread";
  std::vector<NodeId> waiting;
  for (NodeId id = 1; id <= static_cast<NodeId>(config_.nodes); ++id) {
    if (nodes_[id].raft && nodes_[id].raft->role() != Role::Leader) waiting.push_back(id);
  }
  const Time range = config_.election_timeout_max - config_.election_timeout_min;
  for (std::size_t position = 0; position < waiting.size(); ++position) {
    const Time offset = waiting.size() > 1 ? range * static_cast<Time>(position) / static_cast<Time>(waiting.size() - 1) : 0;
    nodes_[waiting[position]].raft->restart_election_timer(now_, config_.election_timeout_min + offset);
    arm_timer(waiting[position]);
  }
  finish();
}

// ---- Network faults -------------------------------------------------------------------

void Simulator::partition(const std::vector<std::vector<NodeId>>& groups) {
  Record& record = begin(RecordKind::Network, 0);
  topology_.partition(groups);
  record.reason = "partition";
  std::size_t named = 0;
  for (const auto& group : groups) {
    record.reason += record.reason == "partition" ? " " : " | ";
    for (std::size_t i = 0; i < group.size(); ++i) record.reason += (i ? ",n" : "n") + std::to_string(group[i]);
    named += group.size();
  }
  if (named < static_cast<std::size_t>(config_.nodes)) record.reason += " | the others";
  finish();
}

void Simulator::isolate(NodeId node) {
  begin(RecordKind::Network, node).reason = "isolate n" + std::to_string(node);
  topology_.isolate(node);
  finish();
}

void Simulator::cut(NodeId from, NodeId to) {
  begin(RecordKind::Network, from).reason = "cut n" + std::to_string(from) + " -> n" + std::to_string(to);
  topology_.cut(from, to);
  finish();
}

void Simulator::heal() {
  begin(RecordKind::Network, 0).reason = "heal";
  topology_.heal();
  finish();
}

void Simulator::set_latency(Time minimum, Time maximum) {
  begin(RecordKind::Network, 0).reason =
      "latency " + format_duration(minimum) + ".." + format_duration(maximum);
  config_.network.latency_min = minimum;
  config_.network.latency_max = maximum;
  finish();
}

void Simulator::set_loss(std::uint32_t ppm) {
  begin(RecordKind::Network, 0).reason = "loss " + format_percent(ppm);
  config_.network.loss_ppm = ppm;
  finish();
}

void Simulator::set_duplication(std::uint32_t ppm) {
  begin(RecordKind::Network, 0).reason = "duplication " + format_percent(ppm);
  config_.network.duplicate_ppm = ppm;
  finish();
}

void Simulator::say(const std::string& text) {
  begin(RecordKind::Say, 0).reason = text;
  finish();
}

// ---- Client ---------------------------------------------------------------------------

std::uint64_t Simulator::write(const std::string& command, NodeId via) {
  return schedule_write(now_, command, via);
}

std::uint64_t Simulator::schedule_write(Time at, const std::string& command, NodeId via) {
  ClientOperation operation;
  operation.id = operations_.size() + 1;
  operation.command = command;
  operation.via = via;
  operation.pinned = via != 0;
  operation.invoked_at = std::max(at, now_);
  operations_.push_back(operation);
  if (at > now_) {
    queue_.push(at, EventType::ClientWrite, 0, operation.id);
  } else {
    // Begin at once rather than as a queued event, so the write is in flight right now.
    begin(RecordKind::ClientWrite, 0).reason = command;
    start_write(operation.id);
    finish();
  }
  return operation.id;
}

void Simulator::start_write(std::uint64_t id) {
  ClientOperation& operation = operations_[id - 1];
  send_to_node(id, operation.pinned ? operation.via : client_leader_guess_);
}

void Simulator::send_to_node(std::uint64_t id, NodeId target) {
  ClientOperation& operation = operations_[id - 1];
  if (operation.attempts > 0 && target != operation.target) operation.ambiguous = true;
  operation.target = target;
  ++operation.attempts;
  send(kClient, target, ClientRequest{id, operation.command});
  queue_.push(now_ + config_.client.retry_after, EventType::ClientRetry, 0, id, operation.attempts);
}

void Simulator::client_retry(const Event& event) {
  ClientOperation& operation = operations_[event.payload - 1];
  Record& record = begin(RecordKind::ClientRetry, 0);
  if (now_ - operation.invoked_at >= config_.client.give_up_after) {
    operation.outcome = Outcome::Unknown;
    operation.completed_at = now_;
    record.reason = "gave up on " + operation.command;
  } else {
    // Unanswered: a pinned write tries the same node again, others the next node.
    NodeId target = operation.target;
    if (!operation.pinned) target = target % static_cast<NodeId>(config_.nodes) + 1;
    record.reason = "retry " + operation.command + " at n" + std::to_string(target);
    send_to_node(operation.id, target);
  }
  finish();
}

void Simulator::handle_client_request(NodeId id, const ClientRequest& request) {
  SimNode& node = nodes_[id];
  const raft::Node& raft = *node.raft;
  // A node that already holds this write in its log answers when that entry is applied
  // (Ok, or Failed if it was overwritten); a resend changes nothing. Only a leader whose
  // earlier proposal dates from an older term proposes it again, and then the write has
  // two proposals in flight, so one of them failing proves nothing.
  bool held_in_current_term = false;
  bool held_in_older_term = false;
  auto [first, last] = node.pending_by_operation.equal_range(request.operation);
  for (auto entry = first; entry != last; ++entry) {
    const Term term = node.pending_writes.at(entry->second).term;
    (term == raft.current_term() ? held_in_current_term : held_in_older_term) = true;
  }
  if (held_in_current_term || (held_in_older_term && raft.role() != Role::Leader)) return;
  if (const auto answered = node.answered.find(request.operation); answered != node.answered.end()) {
    send(id, kClient, answered->second);
    return;
  }
  track(id);
  const raft::ProposeResult result = node.raft->propose(now_, request.command);
  if (result.accepted) {
    if (held_in_older_term) operations_[request.operation - 1].ambiguous = true;
    add_pending(id, result.index, request.operation, result.term);
    process_ready(id);
  } else {
    send(id, kClient, ClientReply{request.operation, ClientStatus::NotLeader, result.leader_hint, 0, 0});
  }
}

void Simulator::handle_client_reply(const ClientReply& reply) {
  ClientOperation& operation = operations_[reply.operation - 1];
  if (operation.outcome != Outcome::Pending) return;  // a duplicate or late answer
  switch (reply.status) {
    case ClientStatus::Ok:
      operation.outcome = Outcome::Acknowledged;
      operation.completed_at = now_;
      operation.index = reply.index;
      operation.term = reply.term;
      client_leader_guess_ = reply.leader_hint;
      if (config_.check_invariants) report(checker_.on_acknowledged(reply.index, reply.term, operation.command));
      break;
    case ClientStatus::Failed:
      if (!operation.ambiguous) {
        operation.outcome = Outcome::Failed;
        operation.completed_at = now_;
      } else {
        // Another proposal of this write may still commit: keep trying.
        queue_.push(now_ + config_.client.redirect_backoff, EventType::ClientRetry, 0, operation.id, operation.attempts);
      }
      break;
    case ClientStatus::NotLeader:
      // The node does not hold the write (see handle_client_request), so following its
      // hint at once is safe, pinned or not. Without a hint, a pinned write asks its
      // node again after a short pause; others try the next node.
      if (reply.leader_hint != 0) {
        client_leader_guess_ = reply.leader_hint;
        send_to_node(operation.id, reply.leader_hint);
      } else {
        queue_.push(now_ + config_.client.redirect_backoff, EventType::ClientRetry, 0, operation.id, operation.attempts);
      }
      break;
  }
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
  // The cluster's working leader: of the nodes that believe they lead and can exchange
  // messages with a majority (themselves included), the one with the newest term. A
  // leader cut off in a minority, or deposed without having heard, does not count.
  const auto nodes = static_cast<NodeId>(config_.nodes);
  std::optional<NodeId> newest;
  for (NodeId candidate : leaders()) {
    int reachable = 0;
    for (NodeId other = 1; other <= nodes; ++other) {
      if (nodes_[other].raft && topology_.can_reach(candidate, other) && topology_.can_reach(other, candidate)) {
        ++reachable;
      }
    }
    if (reachable < config_.nodes / 2 + 1) continue;
    if (!newest || nodes_[candidate].raft->current_term() > nodes_[*newest].raft->current_term()) newest = candidate;
  }
  return newest;
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
      report(checker_.after_event(change.node, {&*node.raft, &node.storage}));
      if (checker_.needs_global_checks()) report(checker_.global_checks(checked_nodes()));
    }
  }
  if (!recording_) return;
  for (const NodeChange& change : tracked_) {
    if (!(change.before == change.after) || change.removed_from != 0) current_.changes.push_back(change);
  }
  records_.push_back(std::move(current_));
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
    const auto& log = simulator.storage(node).log();
    if (!log.empty()) out << " (last term " << log.back().term << ")";
    if (summary.up) out << ", commit " << summary.commit_index;
    out << '\n';
  }
  if (shown.size() < size) out << "... and " << size - shown.size() << " more nodes not shown\n";
  return out.str();
}

}  // namespace sim
