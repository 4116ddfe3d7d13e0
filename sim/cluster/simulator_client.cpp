// The simulated client and the nodes' side of it: writes, retries, redirects, and the
// answers a leader gives once an entry is applied (or was overwritten).
#include <algorithm>

#include "sim/cluster/simulator.h"
#include "sim/scenario/scenario.h"  // format_duration

namespace sim {

using raft::Role;

namespace {

std::pair<std::string, std::string> split_key_value(const std::string& command) {
  const auto equals = command.find('=');
  if (equals == std::string::npos) return {command, ""};
  return {command.substr(0, equals), command.substr(equals + 1)};
}

}  // namespace

void Simulator::apply(NodeId id, const raft::CommittedEntry& committed) {
  SimNode& node = nodes_[id];
  if (config_.check_invariants) report(checker_.on_apply(id, {&*node.raft, &node.storage}, committed));
  // The state machine skips a leader's no-op and a configuration entry (Raft's own
  // entries: no client wrote them); a write still pending at its index was overwritten,
  // and hears so below.
  if (raft::is_noop(committed.entry) || raft::is_configuration(committed.entry)) {
    if (const auto write = take_pending(id, committed.index)) overwritten(id, *write, committed.index);
    return;
  }
  // A read through the log changes nothing; it answers with the value at its place.
  if (const auto read_key = log_read_key(committed.entry.command)) return apply_log_read(id, committed, *read_key);
  apply_write(id, committed);
}

// A client's write, applied once however often it was proposed (dissertation 6.3): the
// session table says whether this client's write was applied before.
void Simulator::apply_write(NodeId id, const raft::CommittedEntry& committed) {
  SimNode& node = nodes_[id];
  const raft::ClientStamp& stamp = committed.entry.stamp;
  const SessionDecision decision = node.sessions.decide(stamp, config_.client.session_timeout);
  if (decision == SessionDecision::Apply) {
    auto [key, value] = split_key_value(committed.entry.command);
    node.kv[key] = value;
    node.sessions.record_applied(stamp, committed.index, committed.entry.term);
    if (config_.check_invariants) report(checker_.on_session_apply(id, stamp, committed.index));
  }
  if (decision == SessionDecision::Duplicate) ++stats_.duplicates_skipped;
  const auto write = take_pending(id, committed.index);
  if (!write) return;
  // The entry at our index is ours only if its term is the one we proposed it in.
  if (committed.entry.term != write->term) {
    overwritten(id, *write, committed.index);
    return;
  }
  switch (decision) {
    case SessionDecision::Apply:
      answer(id, ClientReply{write->operation, ClientStatus::Ok, id, committed.index, write->term, false, {}});
      break;
    case SessionDecision::Duplicate:
      // Applied before: the answer is the first one (where it took effect). Below the
      // client's floor the client has had its answer and asks no more.
      if (const auto first = node.sessions.answer(stamp.client, stamp.sequence)) {
        answer(id, ClientReply{write->operation, ClientStatus::Ok, id, first->index, first->term, false, {}});
      }
      break;
    case SessionDecision::Expired:
      answer(id, ClientReply{write->operation, ClientStatus::SessionExpired, id, committed.index, write->term, false, {}});
      break;
  }
}

void Simulator::overwritten(NodeId id, const SimNode::PendingWrite& write, Index index) {
  // If we proposed the same write again later, that proposal may still win.
  if (nodes_[id].pending_by_operation.contains(write.operation)) return;
  answer(id, ClientReply{write.operation, ClientStatus::Failed, id, index, write.term, false, {}});
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
  nodes_[id].answered.remember(reply);
  send(id, kClient, reply);
}

// ---- Client ---------------------------------------------------------------------------

std::uint64_t Simulator::write(const std::string& command, NodeId via, bool until_committed, std::uint32_t client) {
  const std::uint64_t id = add_operation(command, via, now_, client);
  operations_.mutable_at(id - 1).until_committed = until_committed;
  // Begun at once rather than as a queued event, so the write is in flight right now.
  begin(RecordKind::ClientWrite, 0).reason = command + (until_committed ? " until committed" : "");
  start_write(id);
  finish();
  return id;
}

void Simulator::set_client_give_up(Time after) {
  begin(RecordKind::Network, 0).reason = "client gives up after " + format_duration(after);
  config_.client.give_up_after = after;
  finish();
}

void Simulator::set_clients(std::uint32_t clients) {
  begin(RecordKind::Network, 0).reason = std::to_string(clients) + " clients, each with its own session";
  config_.client.clients = clients;
  if (clients_.size() < clients) clients_.resize(clients);
  next_client_ = 0;
  finish();
}

std::uint64_t Simulator::add_operation(const std::string& command, NodeId via, Time invoked_at, std::uint32_t client) {
  ClientOperation operation;
  operation.id = operations_.size() + 1;
  // Round-robin unless the write names its client; each client numbers its own writes.
  if (client == 0) {
    client = next_client_ % config_.client.clients + 1;
    next_client_ = client % config_.client.clients;
  }
  if (clients_.size() < client) clients_.resize(client);
  ClientCursor& cursor = clients_[client - 1];
  cursor.operations.push_back(operation.id);
  operation.client = client;
  operation.sequence = cursor.operations.size();
  operation.command = command;
  operation.via = via;
  operation.pinned = via != 0;
  operation.invoked_at = invoked_at;
  operations_.push_back(operation);
  return operation.id;
}

std::uint64_t Simulator::schedule_write(Time at, const std::string& command, NodeId via, std::uint32_t client) {
  const std::uint64_t id = add_operation(command, via, std::max(at, now_), client);
  if (at > now_) {
    queue_.push(at, EventType::ClientWrite, 0, id);
  } else {
    // Begin at once rather than as a queued event, so the write is in flight right now.
    begin(RecordKind::ClientWrite, 0).reason = command;
    start_write(id);
    finish();
  }
  return id;
}

std::uint64_t Simulator::stream_writes(const std::string& key, std::int64_t per_second, std::uint64_t count,
                                       NodeId via) {
  if (count == 0 || per_second <= 0) return 0;
  const Time origin = now_;
  const std::uint64_t first = write(key + "=1", via);
  for (std::uint64_t i = 1; i < count; ++i) {
    add_operation(key + "=" + std::to_string(i + 1), via, origin + static_cast<Time>(i) * raft::kSecond / per_second);
  }
  queue_.push_series(origin, per_second, 1, count, EventType::ClientWrite, 0, first + 1);
  return first;
}

void Simulator::start_write(std::uint64_t id) {
  ClientOperation& operation = operations_.mutable_at(id - 1);
  send_to_node(id, operation.pinned ? operation.via : client_leader_guess_);
}

void Simulator::send_to_node(std::uint64_t id, NodeId target) {
  ClientOperation& operation = operations_.mutable_at(id - 1);
  if (operation.attempts > 0 && target != operation.target) operation.ambiguous = true;
  operation.target = target;
  ++operation.attempts;
  send(kClient, target, request_of(operation));
  // No later than the moment to give up, so that it is given up on exactly then (a
  // write until committed never gives up: its waits only double).
  operation.retry_at = now_ + retry_wait(config_.client, operation.timeouts);
  if (!operation.until_committed) {
    operation.retry_at = std::min(operation.retry_at, std::max(now_, operation.invoked_at + config_.client.give_up_after));
  }
  if (!operation.retry_queued) {
    queue_.push(operation.retry_at, EventType::ClientRetry, 0, id);
    operation.retry_queued = true;
  }
}

std::uint64_t Simulator::first_unanswered(std::uint32_t client) {
  ClientCursor& cursor = clients_[client - 1];
  while (cursor.first_pending < cursor.operations.size() &&
         operations_[cursor.operations[cursor.first_pending] - 1].outcome != Outcome::Pending) {
    ++cursor.first_pending;
  }
  return cursor.first_pending + 1;
}

void Simulator::retry_after_redirect(const ClientOperation& operation) {
  queue_.push(now_ + config_.client.redirect_backoff, EventType::ClientRetry, 0, operation.id,
              operation.attempts | kRetryAfterRedirect);
}

void Simulator::client_retry(const Event& event) {
  ClientOperation& operation = operations_.mutable_at(event.payload - 1);
  Record& record = begin(RecordKind::ClientRetry, 0);
  if (!operation.until_committed && now_ - operation.invoked_at >= config_.client.give_up_after) {
    operation.outcome = Outcome::Unknown;
    operation.completed_at = now_;
    record.reason = "gave up on " + operation.command;
  } else {
    // Unanswered: a pinned write tries the same node again, others the next node.
    if ((event.extra & kRetryAfterRedirect) == 0) {
      ++operation.timeouts;
      operation.retry_queued = false;
    }
    NodeId target = operation.target;
    if (!operation.pinned) target = target % static_cast<NodeId>(config_.nodes) + 1;
    record.reason = "retry " + operation.command + " at n" + std::to_string(target);
    send_to_node(operation.id, target);
  }
  finish();
}

void Simulator::handle_client_request(NodeId id, const ClientRequest& request) {
  if (request.read && request.way != ReadWay::Log) return handle_client_read(id, request);
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
  // A write resubmitted until committed is not left waiting on an entry from an older
  // term that no leader may ever overwrite: the node redirects it to the leader.
  const bool resubmitted = operations_[request.operation - 1].until_committed;
  if (held_in_current_term || (held_in_older_term && raft.role() != Role::Leader && !resubmitted)) return;
  // A write resubmitted until committed is proposed again after a Failed answer (the
  // client's "propose until agreed"); every other resend gets the answer already given.
  // The state machine applied this write already (its session remembers): the same
  // answer again, from wherever it took effect (dissertation 6.3).
  if (const auto applied = node.sessions.answer(request.stamp.client, request.stamp.sequence)) {
    send(id, kClient, ClientReply{request.operation, ClientStatus::Ok, id, applied->index, applied->term, false, {}});
    return;
  }
  const ClientReply* answered = node.answered.find(request.operation);
  if (answered && !(answered->status == ClientStatus::Failed && resubmitted)) {
    send(id, kClient, *answered);
    return;
  }
  track(id);
  // The leader stamps the entry with its own clock: sessions expire by these stamps.
  raft::ClientStamp stamp = request.stamp;
  stamp.proposed_at = node_time(id);
  const raft::ProposeResult result = node.raft->propose(node_time(id), request.command, stamp);
  if (result.accepted) {
    if (held_in_older_term) operations_.mutable_at(request.operation - 1).ambiguous = true;
    add_pending(id, result.index, request.operation, result.term);
    process_ready(id);
  } else {
    // A leader handing over leadership refuses for now (dissertation 3.10).
    const bool transferring = result.transferring_to != raft::kNobody;
    const ClientStatus status = transferring ? ClientStatus::Transferring : ClientStatus::NotLeader;
    process_ready(id);  // the refusal is a decision of the core, with its reason
    send(id, kClient, ClientReply{request.operation, status, result.leader_hint, 0, 0, false, {}});
  }
}

void Simulator::handle_client_reply(const ClientReply& reply) {
  ClientOperation& operation = operations_.mutable_at(reply.operation - 1);
  if (operation.outcome != Outcome::Pending) return;  // a duplicate or late answer
  switch (reply.status) {
    case ClientStatus::Ok:
      operation.outcome = Outcome::Acknowledged;
      operation.completed_at = now_;
      operation.index = reply.index;
      operation.term = reply.term;
      client_leader_guess_ = reply.leader_hint;
      operation.found = reply.found;
      operation.value = reply.value;
      if (operation.read) break;  // a read committed nothing of its own
      if (config_.check_invariants) report(checker_.on_acknowledged(reply.index, reply.term, operation.command));
      break;
    case ClientStatus::Failed:
      if (!operation.ambiguous && !operation.until_committed) {
        operation.outcome = Outcome::Failed;
        operation.completed_at = now_;
      } else {
        // Another proposal of this write may still commit: keep trying.
        retry_after_redirect(operation);
      }
      break;
    case ClientStatus::SessionExpired:
      // An earlier proposal may have taken effect before the session expired.
      operation.outcome = Outcome::Unknown;
      operation.completed_at = now_;
      break;
    case ClientStatus::Transferring:
      // The leader is handing over: ask again after a short pause, as when no leader is
      // known, by which time the new leader (or the old one, if it gave up) accepts it.
      retry_after_redirect(operation);
      break;
    case ClientStatus::NotLeader:
      // The node does not hold the write (see handle_client_request), so following its
      // hint at once is safe, pinned or not. Without a hint, a pinned write asks its
      // node again after a short pause; others try the next node.
      // Two servers that each name the other (a removed server's stale leader, 4.2.3)
      // would bounce the write forever: the second such hint counts as none.
      if (reply.leader_hint != 0 && reply.leader_hint != operation.hinted_by) {
        client_leader_guess_ = reply.leader_hint;
        operation.hinted_by = operation.target;
        send_to_node(operation.id, reply.leader_hint);
      } else {
        // The rotation goes on from the node that hinted here, not back to it.
        if (operation.hinted_by != 0) operation.target = operation.hinted_by;
        operation.hinted_by = 0;
        retry_after_redirect(operation);
      }
      break;
  }
}

}  // namespace sim
