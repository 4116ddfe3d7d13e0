// Basic vocabulary of the Raft core: ids, terms, indexes, virtual time, log entries.
#pragma once

#include <cstdint>
#include <string>

namespace raft {

// Members are numbered 1..N; 0 means "nobody" (no vote, no known leader).
using NodeId = std::uint32_t;
inline constexpr NodeId kNobody = 0;

using Term = std::uint64_t;
using Index = std::uint64_t;  // log indexes start at 1; 0 is "before the first entry"

// Virtual time in microseconds. The core never reads a clock: the host passes `now` in.
using Time = std::int64_t;
inline constexpr Time kMillisecond = 1000;
inline constexpr Time kSecond = 1000 * kMillisecond;

// Who wrote a command, for the state machine's client sessions (dissertation 6.3): the
// client's id and its sequence number for the request, the lowest sequence number it
// has not yet had an answer for (answers below it may be forgotten), and the leader's
// clock when it proposed the entry (sessions expire by these stamps, which every replica
// reads from the same log). Opaque to Raft, like the command; client 0: no session.
struct ClientStamp {
  std::uint32_t client = 0;
  std::uint64_t sequence = 0;
  std::uint64_t first_unanswered = 0;
  Time proposed_at = 0;
  friend bool operator==(const ClientStamp&, const ClientStamp&) = default;
};

struct LogEntry {
  Term term = 0;
  std::string command;  // opaque to Raft; the host's state machine interprets it
  ClientStamp stamp{};  // opaque to Raft as well; set by the host that proposes it
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

// The no-op a new leader appends at the start of its term (paper section 8; dissertation
// 6.4) carries no command: no client wrote it, none is told of it, and the state machine
// skips it. Committing it commits every earlier entry with it (Figure 8).
inline bool is_noop(const LogEntry& entry) { return entry.command.empty(); }

// A pre-candidate (dissertation 9.6) asks whether it could win before it bumps its term.
enum class Role : std::uint8_t { Follower, Candidate, Leader, PreCandidate };
// The last role: a host that numbers roles on a wire checks against it (new roles go last).
inline constexpr Role kLastRole = Role::PreCandidate;

inline const char* role_name(Role role) {
  switch (role) {
    case Role::Follower: return "follower";
    case Role::Candidate: return "candidate";
    case Role::Leader: return "leader";
    case Role::PreCandidate: return "pre-candidate";
  }
  return "?";
}

}  // namespace raft
