#include "sim/cluster/envelope.h"

#include <sstream>

namespace sim {

const char* envelope_kind(const Envelope& envelope) {
  if (const auto* message = std::get_if<raft::Message>(&envelope)) {
    if (const auto* append = std::get_if<raft::AppendEntries>(&message->payload)) {
      return append->entries.empty() ? "Heartbeat" : "AppendEntries";
    }
    if (const auto* reply = std::get_if<raft::AppendEntriesReply>(&message->payload)) {
      return reply->success ? "AppendEntriesReply" : "AppendEntriesReject";
    }
    if (const auto* vote = std::get_if<raft::RequestVoteReply>(&message->payload)) {
      if (vote->pre_vote) return vote->vote_granted ? "PreVoteGranted" : "PreVoteDenied";
      return vote->vote_granted ? "VoteGranted" : "VoteDenied";
    }
    return raft::message_kind(*message);
  }
  return std::holds_alternative<ClientRequest>(envelope) ? "ClientRequest" : "ClientReply";
}

const std::vector<std::string>& rpc_kind_names() {
  static const std::vector<std::string> names = {"RequestVote", "VoteGranted", "VoteDenied", "AppendEntries",
                                                 "Heartbeat", "AppendEntriesReply", "AppendEntriesReject",
                                                 "TimeoutNow", "PreVote", "PreVoteGranted", "PreVoteDenied",
                                                 "InstallSnapshot", "InstallSnapshotReply", "ReadIndex",
                                                 "ReadIndexReply"};
  return names;
}

int rpc_kind_number(const std::string& name) {
  const auto& names = rpc_kind_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int rpc_kind_number(const Envelope& envelope) {
  // Numbered as rpc_kind_names(), without building a name for every message sent.
  const auto* message = std::get_if<raft::Message>(&envelope);
  if (message == nullptr) return -1;
  if (const auto* append = std::get_if<raft::AppendEntries>(&message->payload)) return append->entries.empty() ? 4 : 3;
  if (const auto* reply = std::get_if<raft::AppendEntriesReply>(&message->payload)) return reply->success ? 5 : 6;
  if (const auto* vote = std::get_if<raft::RequestVoteReply>(&message->payload)) {
    if (vote->pre_vote) return vote->vote_granted ? 9 : 10;
    return vote->vote_granted ? 1 : 2;
  }
  if (std::holds_alternative<raft::TimeoutNow>(message->payload)) return 7;
  if (std::holds_alternative<raft::InstallSnapshot>(message->payload)) return 11;
  if (std::holds_alternative<raft::InstallSnapshotReply>(message->payload)) return 12;
  if (std::holds_alternative<raft::ReadIndex>(message->payload)) return 13;
  if (std::holds_alternative<raft::ReadIndexReply>(message->payload)) return 14;
  return raft::is_pre_vote(*message) ? 8 : 0;  // PreVote, RequestVote
}

const char* client_status_name(ClientStatus status) {
  switch (status) {
    case ClientStatus::Ok: return "ok";
    case ClientStatus::NotLeader: return "not-leader";
    case ClientStatus::Failed: return "failed";
    case ClientStatus::Transferring: return "transferring";
    case ClientStatus::SessionExpired: return "session-expired";
  }
  return "?";
}

namespace {

void describe_rpc(std::ostringstream& out, const raft::RequestVote& rpc) {
  out << "term=" << rpc.term << " last=" << rpc.last_log_index << "/t" << rpc.last_log_term;
  if (rpc.forced) out << " forced";
}
void describe_rpc(std::ostringstream& out, const raft::TimeoutNow& rpc) { out << "term=" << rpc.term; }
void describe_rpc(std::ostringstream& out, const raft::RequestVoteReply& rpc) {
  out << "term=" << rpc.term << (rpc.vote_granted ? " granted" : " denied");
}
void describe_rpc(std::ostringstream& out, const raft::AppendEntries& rpc) {
  out << "term=" << rpc.term << " prev=" << rpc.prev_log_index << "/t" << rpc.prev_log_term
      << " entries=" << rpc.entries.size();
  if (!rpc.entries.empty()) {
    out << " [" << rpc.prev_log_index + 1;
    if (rpc.entries.size() > 1) out << ".." << rpc.prev_log_index + rpc.entries.size();
    out << "]";
  }
  out << " commit=" << rpc.leader_commit;
}
void describe_rpc(std::ostringstream& out, const raft::AppendEntriesReply& rpc) {
  out << "term=" << rpc.term;
  if (rpc.success) {
    out << " ok match=" << rpc.match_index;
  } else {
    out << " reject prev=" << rpc.rejected_prev_index << " hint=" << rpc.conflict_index;
    if (rpc.conflict_term != 0) out << "/t" << rpc.conflict_term;
  }
}

void describe_rpc(std::ostringstream& out, const raft::InstallSnapshot& rpc) {
  out << "term=" << rpc.term << " last=" << rpc.last_included_index << "/t" << rpc.last_included_term
      << " offset=" << rpc.offset << " bytes=" << rpc.data.size() << (rpc.done ? " done" : "");
}
void describe_rpc(std::ostringstream& out, const raft::InstallSnapshotReply& rpc) {
  out << "term=" << rpc.term << " last=" << rpc.last_included_index;
  if (rpc.installed) {
    out << " installed match=" << rpc.match_index;
  } else {
    out << " next-offset=" << rpc.next_offset;
  }
}

void describe_rpc(std::ostringstream& out, const raft::ReadIndex& rpc) {
  out << "term=" << rpc.term << " read=" << rpc.context;
}
void describe_rpc(std::ostringstream& out, const raft::ReadIndexReply& rpc) {
  out << "term=" << rpc.term << " read=" << rpc.context << " index=" << rpc.index;
}

}  // namespace

std::string describe(const Envelope& envelope) {
  std::ostringstream out;
  out << envelope_kind(envelope) << ' ';
  if (const auto* message = std::get_if<raft::Message>(&envelope)) {
    std::visit([&](const auto& rpc) { describe_rpc(out, rpc); }, message->payload);
  } else if (const auto* request = std::get_if<ClientRequest>(&envelope)) {
    out << "op=" << request->operation << ' ' << request->command;
  } else {
    const auto& reply = std::get<ClientReply>(envelope);
    out << "op=" << reply.operation << ' ' << client_status_name(reply.status);
    const bool redirect = reply.status == ClientStatus::NotLeader || reply.status == ClientStatus::Transferring;
    if (redirect && reply.leader_hint != 0) out << " leader=n" << reply.leader_hint;
    if (reply.status == ClientStatus::Ok) out << " index=" << reply.index;
  }
  return out.str();
}

}  // namespace sim
