#include "sim/record_codec.h"

#include <cassert>
#include <limits>
#include <type_traits>

namespace sim {

namespace {

// ---- Writing ------------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}

  // LEB128: seven bits a byte, low bits first, the high bit set on all but the last.
  void number(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>(value | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(value));
  }
  template <class Enum>
  void choice(Enum value) {
    number(static_cast<std::uint64_t>(value));
  }
  void text(const std::string& value) {
    number(value.size());
    out_.insert(out_.end(), value.begin(), value.end());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

void write(Writer& w, const raft::LogPosition& position) {
  w.number(position.index);
  w.number(position.term);
}

void write(Writer& w, const raft::Reason& reason) {
  w.choice(reason.cause);
  w.choice(reason.role);
  w.choice(reason.rpc);
  w.number(reason.peer);
  w.number(reason.other);
  w.number(reason.term);
  w.number(reason.their_term);
  write(w, reason.theirs);
  write(w, reason.ours);
  w.number(reason.count);
}

void write(Writer& w, const std::vector<NodeId>& nodes) {
  w.number(nodes.size());
  for (const NodeId node : nodes) w.number(node);
}

// A snapshot's configuration (dissertation 5.1): its voters, then its learners.
void write(Writer& w, const raft::Configuration& configuration) {
  write(w, configuration.voters);
  write(w, configuration.learners);
}

void write(Writer& w, const raft::RequestVote& rpc) {
  w.number(rpc.term);
  w.number(rpc.candidate);
  w.number(rpc.last_log_index);
  w.number(rpc.last_log_term);
  w.number(rpc.pre_vote);
  w.number(rpc.forced);
}

void write(Writer& w, const raft::TimeoutNow& rpc) {
  w.number(rpc.term);
  w.number(rpc.leader);
}

void write(Writer& w, const raft::RequestVoteReply& rpc) {
  w.number(rpc.term);
  w.number(rpc.vote_granted);
  w.number(rpc.pre_vote);
  write(w, rpc.reason);
}

// Who wrote an entry (dissertation 6.3); client 0 (no session) costs one byte.
void write_stamp(Writer& w, const raft::ClientStamp& stamp) {
  w.number(stamp.client);
  if (stamp.client == 0) return;
  w.number(stamp.sequence);
  w.number(stamp.first_unanswered);
  w.number(static_cast<std::uint64_t>(stamp.proposed_at));
}

void write(Writer& w, const raft::AppendEntries& rpc) {
  w.number(rpc.term);
  w.number(rpc.leader);
  w.number(rpc.prev_log_index);
  w.number(rpc.prev_log_term);
  w.number(rpc.entries.size());
  for (const raft::LogEntry& entry : rpc.entries) {
    w.number(entry.term);
    w.text(entry.command);
    write_stamp(w, entry.stamp);
  }
  w.number(rpc.leader_commit);
  w.number(rpc.read_round);
}

void write(Writer& w, const raft::AppendEntriesReply& rpc) {
  w.number(rpc.term);
  w.number(rpc.success);
  w.number(rpc.match_index);
  w.number(rpc.rejected_prev_index);
  w.number(rpc.conflict_index);
  w.number(rpc.conflict_term);
  write(w, rpc.reason);
  w.number(rpc.read_round);
}

void write(Writer& w, const raft::ReadIndex& rpc) {
  w.number(rpc.term);
  w.number(rpc.context);
}

void write(Writer& w, const raft::ReadIndexReply& rpc) {
  w.number(rpc.term);
  w.number(rpc.context);
  w.number(rpc.index);
}

void write(Writer& w, const raft::InstallSnapshot& rpc) {
  w.number(rpc.term);
  w.number(rpc.leader);
  w.number(rpc.last_included_index);
  w.number(rpc.last_included_term);
  write(w, rpc.configuration);
  w.number(rpc.offset);
  w.text(rpc.data);
  w.number(rpc.done);
}

void write(Writer& w, const raft::InstallSnapshotReply& rpc) {
  w.number(rpc.term);
  w.number(rpc.last_included_index);
  w.number(rpc.next_offset);
  w.number(rpc.installed);
  w.number(rpc.match_index);
  write(w, rpc.reason);
}

void write(Writer& w, const raft::Message& message) {
  w.number(message.from);
  w.number(message.to);
  w.number(message.payload.index());
  std::visit([&](const auto& rpc) { write(w, rpc); }, message.payload);
}

void write(Writer& w, const ClientRequest& request) {
  w.number(request.operation);
  w.text(request.command);
  write_stamp(w, request.stamp);
  w.number(request.read);
  w.choice(request.way);
}

void write(Writer& w, const ClientReply& reply) {
  w.number(reply.operation);
  w.choice(reply.status);
  w.number(reply.leader_hint);
  w.number(reply.index);
  w.number(reply.term);
  w.number(reply.found);
  w.text(reply.value);
}

void write(Writer& w, const NodeSummary& node) {
  w.number(node.up);
  w.choice(node.role);
  w.number(node.term);
  w.number(node.voted_for);
  w.number(node.leader);
  w.number(node.last_index);
  w.number(node.commit_index);
}

// ---- Reading ------------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::uint64_t number() {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      assert(at_ < bytes_.size() && shift < 64);
      const std::uint8_t byte = bytes_[at_++];
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  }
  template <class Int>
  Int narrow() {
    const std::uint64_t value = number();
    assert(value <= std::numeric_limits<Int>::max());
    return static_cast<Int>(value);
  }
  template <class Enum>
  Enum choice() {
    return static_cast<Enum>(narrow<std::underlying_type_t<Enum>>());
  }
  bool flag() { return number() != 0; }
  std::string text() {
    const auto size = narrow<std::size_t>();
    assert(size <= bytes_.size() - at_);
    std::string value(reinterpret_cast<const char*>(bytes_.data() + at_), size);
    at_ += size;
    return value;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

raft::ClientStamp read_stamp(Reader& r) {
  raft::ClientStamp stamp;
  stamp.client = r.narrow<std::uint32_t>();
  if (stamp.client == 0) return stamp;
  stamp.sequence = r.number();
  stamp.first_unanswered = r.number();
  stamp.proposed_at = static_cast<raft::Time>(r.number());
  return stamp;
}

raft::LogPosition read_position(Reader& r) {
  raft::LogPosition position;
  position.index = r.number();
  position.term = r.number();
  return position;
}

std::vector<NodeId> read_nodes(Reader& r) {
  std::vector<NodeId> nodes(r.narrow<std::size_t>());
  for (NodeId& node : nodes) node = r.narrow<NodeId>();
  return nodes;
}

raft::Configuration read_configuration(Reader& r) {
  raft::Configuration configuration;
  configuration.voters = read_nodes(r);
  configuration.learners = read_nodes(r);
  return configuration;
}

raft::Reason read_reason(Reader& r) {
  raft::Reason reason;
  reason.cause = r.choice<raft::Cause>();
  reason.role = r.choice<raft::Role>();
  reason.rpc = r.choice<raft::Rpc>();
  reason.peer = r.narrow<NodeId>();
  reason.other = r.narrow<NodeId>();
  reason.term = r.number();
  reason.their_term = r.number();
  reason.theirs = read_position(r);
  reason.ours = read_position(r);
  reason.count = r.number();
  return reason;
}

raft::Payload read_payload(Reader& r) {
  switch (r.number()) {
    case 0: {
      raft::RequestVote rpc;
      rpc.term = r.number();
      rpc.candidate = r.narrow<NodeId>();
      rpc.last_log_index = r.number();
      rpc.last_log_term = r.number();
      rpc.pre_vote = r.flag();
      rpc.forced = r.flag();
      return rpc;
    }
    case 1: {
      raft::RequestVoteReply rpc;
      rpc.term = r.number();
      rpc.vote_granted = r.flag();
      rpc.pre_vote = r.flag();
      rpc.reason = read_reason(r);
      return rpc;
    }
    case 2: {
      raft::AppendEntries rpc;
      rpc.term = r.number();
      rpc.leader = r.narrow<NodeId>();
      rpc.prev_log_index = r.number();
      rpc.prev_log_term = r.number();
      rpc.entries.resize(r.narrow<std::size_t>());
      for (raft::LogEntry& entry : rpc.entries) {
        entry.term = r.number();
        entry.command = r.text();
        entry.stamp = read_stamp(r);
      }
      rpc.leader_commit = r.number();
      rpc.read_round = r.number();
      return rpc;
    }
    case 7: {
      raft::ReadIndex rpc;
      rpc.term = r.number();
      rpc.context = r.number();
      return rpc;
    }
    case 8: {
      raft::ReadIndexReply rpc;
      rpc.term = r.number();
      rpc.context = r.number();
      rpc.index = r.number();
      return rpc;
    }
    case 4: {
      raft::TimeoutNow rpc;
      rpc.term = r.number();
      rpc.leader = r.narrow<NodeId>();
      return rpc;
    }
    case 5: {
      raft::InstallSnapshot rpc;
      rpc.term = r.number();
      rpc.leader = r.narrow<NodeId>();
      rpc.last_included_index = r.number();
      rpc.last_included_term = r.number();
      rpc.configuration = read_configuration(r);
      rpc.offset = r.number();
      rpc.data = r.text();
      rpc.done = r.flag();
      return rpc;
    }
    case 6: {
      raft::InstallSnapshotReply rpc;
      rpc.term = r.number();
      rpc.last_included_index = r.number();
      rpc.next_offset = r.number();
      rpc.installed = r.flag();
      rpc.match_index = r.number();
      rpc.reason = read_reason(r);
      return rpc;
    }
    default: {
      raft::AppendEntriesReply rpc;
      rpc.term = r.number();
      rpc.success = r.flag();
      rpc.match_index = r.number();
      rpc.rejected_prev_index = r.number();
      rpc.conflict_index = r.number();
      rpc.conflict_term = r.number();
      rpc.reason = read_reason(r);
      rpc.read_round = r.number();
      return rpc;
    }
  }
}

Envelope read_envelope(Reader& r, std::size_t kind) {
  switch (kind) {
    case 0: {
      raft::Message message;
      message.from = r.narrow<NodeId>();
      message.to = r.narrow<NodeId>();
      message.payload = read_payload(r);
      return message;
    }
    case 1: {
      ClientRequest request;
      request.operation = r.number();
      request.command = r.text();
      request.stamp = read_stamp(r);
      request.read = r.flag();
      request.way = r.choice<ReadWay>();
      return request;
    }
    default: {
      ClientReply reply;
      reply.operation = r.number();
      reply.status = r.choice<ClientStatus>();
      reply.leader_hint = r.narrow<NodeId>();
      reply.index = r.number();
      reply.term = r.number();
      reply.found = r.flag();
      reply.value = r.text();
      return reply;
    }
  }
}

NodeSummary read_summary(Reader& r) {
  NodeSummary node;
  node.up = r.flag();
  node.role = r.choice<raft::Role>();
  node.term = r.number();
  node.voted_for = r.narrow<NodeId>();
  node.leader = r.narrow<NodeId>();
  node.last_index = r.number();
  node.commit_index = r.number();
  return node;
}

}  // namespace

RecordHead head_of(const Record& record) {
  return RecordHead{record.sequence, record.time, record.kind, record.node, record.from, record.to};
}

void encode_record_body(const Record& record, std::vector<std::uint8_t>& out) {
  Writer w(out);
  w.number(record.message_id);
  w.text(record.reason);
  // 0: no message; otherwise 1 + the envelope's alternative.
  w.number(record.message ? record.message->index() + 1 : 0);
  if (record.message) std::visit([&](const auto& message) { write(w, message); }, *record.message);
  w.number(record.changes.size());
  for (const NodeChange& change : record.changes) {
    w.number(change.node);
    write(w, change.before);
    write(w, change.after);
    w.number(change.removed_from);
    w.number(change.removed_to);
  }
  w.number(record.decisions.size());
  for (const NodeDecision& made : record.decisions) {
    w.number(made.node);
    write(w, made.decision.reason);
    write(w, made.decision.nodes);
  }
}

Record decode_record(const RecordHead& head, std::span<const std::uint8_t> body) {
  Record record;
  record.sequence = head.sequence;
  record.time = head.time;
  record.kind = head.kind;
  record.node = head.node;
  record.from = head.from;
  record.to = head.to;
  Reader r(body);
  record.message_id = r.number();
  record.reason = r.text();
  if (const std::uint64_t message = r.number(); message != 0) record.message = read_envelope(r, message - 1);
  record.changes.resize(r.narrow<std::size_t>());
  for (NodeChange& change : record.changes) {
    change.node = r.narrow<NodeId>();
    change.before = read_summary(r);
    change.after = read_summary(r);
    change.removed_from = r.number();
    change.removed_to = r.number();
  }
  record.decisions.resize(r.narrow<std::size_t>());
  for (NodeDecision& made : record.decisions) {
    made.node = r.narrow<NodeId>();
    made.decision.reason = read_reason(r);
    made.decision.nodes = read_nodes(r);
  }
  assert(r.done());
  return record;
}

}  // namespace sim
