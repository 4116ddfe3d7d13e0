// The client's reads (dissertation 6.4) and the nodes' side of them. A read goes one of
// three ways (ReadWay): through the log, as an entry "read KEY" that the state machine
// answers when it applies it (the write path, with the value in the answer); or asked of
// the core (raft::Node::read), which answers with a ReadState once it has confirmed its
// leadership (ReadIndex) or trusted its lease, and the node has applied far enough.
#include "sim/cluster/simulator.h"

namespace sim {

namespace {

constexpr char kLogReadPrefix[] = "read ";

}  // namespace

const char* read_way_name(ReadWay way) {
  switch (way) {
    case ReadWay::Log: return "log";
    case ReadWay::ReadIndex: return "readindex";
    case ReadWay::Lease: return "lease";
  }
  return "?";
}

std::optional<ReadWay> read_way_named(const std::string& name) {
  for (ReadWay way : {ReadWay::Log, ReadWay::ReadIndex, ReadWay::Lease}) {
    if (name == read_way_name(way)) return way;
  }
  return std::nullopt;
}

// A log entry the client proposed as a read: "read KEY" (a write always holds '=').
std::optional<std::string> log_read_key(const std::string& command) {
  const std::string prefix = kLogReadPrefix;
  if (command.compare(0, prefix.size(), prefix) != 0 || command.find('=') != std::string::npos) return std::nullopt;
  return command.substr(prefix.size());
}

std::uint64_t Simulator::read(const std::string& key, NodeId via, std::optional<ReadWay> way) {
  const std::uint64_t id = add_operation(key, via, now_);
  ClientOperation& operation = operations_.mutable_at(id - 1);
  operation.read = true;
  operation.way = way.value_or(config_.reads);
  begin(RecordKind::ClientWrite, 0).reason = "read " + key + " with " + read_way_name(operation.way);
  start_write(id);
  finish();
  return id;
}

// A write carries its session stamp (dissertation 6.3); a read changes nothing, so a read
// entry applied twice is harmless and carries none.
ClientRequest Simulator::request_of(const ClientOperation& operation) {
  if (!operation.read) {
    const raft::ClientStamp stamp{operation.client, operation.sequence, first_unanswered(operation.client), 0};
    return ClientRequest{operation.id, operation.command, stamp, false, ReadWay::Log};
  }
  const std::string command = operation.way == ReadWay::Log ? kLogReadPrefix + operation.command : operation.command;
  return ClientRequest{operation.id, command, {}, true, operation.way};
}

// A read entry of the log, answered with the value at its place if it is the client's.
void Simulator::apply_log_read(NodeId id, const raft::CommittedEntry& committed, const std::string& key) {
  const auto read = take_pending(id, committed.index);
  if (!read) return;
  if (committed.entry.term != read->term) return overwritten(id, *read, committed.index);
  answer(id, read_answer(id, read->operation, key, committed.index));
}

// ReadIndex or lease: the core decides; a refusal names the leader to ask instead.
void Simulator::handle_client_read(NodeId id, const ClientRequest& request) {
  SimNode& node = nodes_[id];
  track(id);
  const raft::ReadMode mode = request.way == ReadWay::Lease ? raft::ReadMode::Lease : raft::ReadMode::ReadIndex;
  const raft::ReadResult result = node.raft->read(node_time(id), request.operation, mode);
  if (result.accepted) node.reads_waiting[request.operation] = request.command;
  process_ready(id);
  if (!result.accepted) send(id, kClient, ClientReply{request.operation, ClientStatus::NotLeader, result.leader_hint, 0, 0, false, {}});
}

// The core's ReadStates: this node has applied through each read's index.
void Simulator::serve_reads(NodeId id, const std::vector<raft::ReadState>& reads) {
  SimNode& node = nodes_[id];
  for (const raft::ReadState& read : reads) {
    const auto waiting = node.reads_waiting.find(read.context);
    if (waiting == node.reads_waiting.end()) continue;  // asked before a crash: forgotten
    send(id, kClient, read_answer(id, read.context, waiting->second, read.index));
    node.reads_waiting.erase(waiting);
  }
}

ClientReply Simulator::read_answer(NodeId id, std::uint64_t operation, const std::string& key, Index index) {
  const SimNode& node = nodes_[id];
  ClientReply reply{operation, ClientStatus::Ok, id, index, node.raft ? node.raft->current_term() : 0, false, {}};
  const auto value = node.kv.find(key);
  reply.found = value != node.kv.end();
  if (reply.found) reply.value = value->second;
  return reply;
}

}  // namespace sim
