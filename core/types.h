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

struct LogEntry {
  Term term = 0;
  std::string command;  // opaque to Raft; the host's state machine interprets it
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

enum class Role : std::uint8_t { Follower, Candidate, Leader };

inline const char* role_name(Role role) {
  switch (role) {
    case Role::Follower: return "follower";
    case Role::Candidate: return "candidate";
    case Role::Leader: return "leader";
  }
  return "?";
}

}  // namespace raft
