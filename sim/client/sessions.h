// Client sessions (dissertation 6.3): the state machine's memory of each client, so that
// a write retried after a leader change, a crash or a lost answer is applied once.
//
// Each client numbers its writes 1, 2, 3, ... and every log entry carries the client's id
// and sequence number (raft::ClientStamp). Per client the table keeps the answers it
// gave (the index and term where each write was applied), and a floor: the lowest
// sequence number the client still awaits an answer for, carried in its entries. A
// client that has had every answer below the floor will never ask about them again, so
// their answers are dropped; an entry below the floor is a late duplicate, never applied.
//
// Expiry, the same on every replica: the leader stamps each entry with its clock when it
// proposes it, and the table's clock is the largest stamp applied so far (a deposed
// leader's older stamp never winds it back). Applying an entry first expires every
// session whose last entry is older than the timeout by that clock. The table remembers
// which clients expired: their later entries are refused (dissertation 6.3: the client
// hears its session expired), since the answers that would recognise a retry are gone
// and applying it could apply a write twice. A simulated client never registers again.
// Everything here is a function of the committed log, so every replica decides the same.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/types.h"

namespace sim {

struct SessionAnswer {
  raft::Index index = 0;  // where the write was applied
  raft::Term term = 0;    // the term of that entry
  friend bool operator==(const SessionAnswer&, const SessionAnswer&) = default;
};

struct ClientSession {
  std::uint64_t floor = 1;                          // lowest sequence still awaited
  raft::Time last_active = 0;                       // stamp of its latest entry applied
  std::map<std::uint64_t, SessionAnswer> answers;   // by sequence, at or above the floor
  friend bool operator==(const ClientSession&, const ClientSession&) = default;
};

enum class SessionDecision : std::uint8_t {
  Apply,      // new: apply it (and record_applied it)
  Duplicate,  // applied before (or below the floor): skip it, answer as before
  Expired,    // the client's session expired: refuse it
};

class SessionTable {
 public:
  // What to do with a committed entry, once expired sessions are dropped. An entry with
  // no client (client 0) is always applied.
  SessionDecision decide(const raft::ClientStamp& stamp, raft::Time timeout);
  // After applying a new entry: remember its answer.
  void record_applied(const raft::ClientStamp& stamp, raft::Index index, raft::Term term);
  // The answer already given to this write, if the table still holds it.
  std::optional<SessionAnswer> answer(std::uint32_t client, std::uint64_t sequence) const;
  // True if the write was applied (or is below the client's floor: answered for good).
  bool settled(std::uint32_t client, std::uint64_t sequence) const;

  const std::map<std::uint32_t, ClientSession>& sessions() const { return sessions_; }
  bool expired(std::uint32_t client) const { return expired_.contains(client); }
  raft::Time clock() const { return clock_; }
  void clear() { *this = SessionTable{}; }

  // One line per session, appended to the state machine's snapshot (sim/client/state_machine.h).
  std::string encode() const;
  static std::optional<SessionTable> decode(const std::string& text);
  friend bool operator==(const SessionTable&, const SessionTable&) = default;

 private:
  void expire(raft::Time timeout);

  std::map<std::uint32_t, ClientSession> sessions_;  // ordered: encoding is deterministic
  raft::Time clock_ = 0;                             // the largest stamp applied
  std::set<std::uint32_t> expired_;                  // clients whose session expired
};

}  // namespace sim
