// What travels on the simulated network: Raft RPCs between nodes, and the client's
// requests and the nodes' answers to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/messages.h"

namespace sim {

using raft::Index;
using raft::NodeId;
using raft::Term;
using raft::Time;

// The client is an endpoint of its own; nodes are numbered 1..N.
inline constexpr NodeId kClient = 0;

// How a read is served (dissertation 6.4): as an entry of the log, by ReadIndex (a
// heartbeat round), or within the leader's lease (no round; trusts the clocks).
enum class ReadWay : std::uint8_t { Log, ReadIndex, Lease };
const char* read_way_name(ReadWay way);  // "log", "readindex", "lease"
std::optional<ReadWay> read_way_named(const std::string& name);

struct ClientRequest {
  std::uint64_t operation = 0;
  std::string command;  // "key=value"; a read: its key, or "read KEY" through the log
  // Who asks (dissertation 6.3): the client, its number for this write, and the lowest
  // number it still awaits an answer for. proposed_at is the leader's to fill.
  raft::ClientStamp stamp{};
  bool read = false;
  ReadWay way = ReadWay::Log;
  friend bool operator==(const ClientRequest&, const ClientRequest&) = default;
};

enum class ClientStatus : std::uint8_t {
  Ok,         // committed and applied; the write is durable
  NotLeader,  // try leader_hint (0 if unknown)
  Failed,     // the entry was overwritten by another leader's: it never committed
  Transferring,  // the leader is handing leadership over (dissertation 3.10): retry shortly
  SessionExpired,  // the client's session expired (dissertation 6.3): the write's fate is unknown
};

struct ClientReply {
  std::uint64_t operation = 0;
  ClientStatus status = ClientStatus::Ok;
  NodeId leader_hint = 0;
  Index index = 0;
  Term term = 0;
  bool found = false;  // a read's answer: whether the key had a value, and which
  std::string value;
  friend bool operator==(const ClientReply&, const ClientReply&) = default;
};

using Envelope = std::variant<raft::Message, ClientRequest, ClientReply>;

// A short name for the kind of message: "RequestVote", "AppendEntries", "Heartbeat",
// "ClientRequest", ... (an AppendEntries with no entries is called a heartbeat).
const char* envelope_kind(const Envelope& envelope);

// The Raft message kinds envelope_kind names, numbered from 0 (for counters and the
// scenario language): RequestVote, VoteGranted, VoteDenied, AppendEntries, Heartbeat,
// AppendEntriesReply, AppendEntriesReject, TimeoutNow, PreVote, PreVoteGranted, PreVoteDenied,
// InstallSnapshot, InstallSnapshotReply, ReadIndex, ReadIndexReply (new kinds at the end: scenarios and records name
// them by these numbers).
inline constexpr int kRpcKinds = 15;
const std::vector<std::string>& rpc_kind_names();
int rpc_kind_number(const std::string& name);   // -1: not a Raft message kind
int rpc_kind_number(const Envelope& envelope);  // -1: a client message

// "ok", "not-leader", "failed", "transferring" (the trace's and describe()'s word).
const char* client_status_name(ClientStatus status);

// How a log entry reads in timelines, the GUI and failures: its command, or "no-op" for
// a leader's no-op (raft::is_noop), which no client wrote.
inline std::string entry_label(const raft::LogEntry& entry) { return raft::is_noop(entry) ? "no-op" : entry.command; }

// The key of a read the client sent through the log (an entry "read KEY"), else nullopt.
std::optional<std::string> log_read_key(const std::string& command);

// One line describing the message's fields, for timelines and tooltips.
std::string describe(const Envelope& envelope);

}  // namespace sim
