// The client's history: every write it was asked to make, and what became of it.
// The history is what a linearizability or durability checker reads after a run.
// Both the history and a node's book of answers grow with the run, so they are kept in
// shared chunks (core/chunked_vector.h): a copy of the simulator shares them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/chunked_vector.h"
#include "sim/cluster/envelope.h"

namespace sim {

enum class Outcome : std::uint8_t {
  Pending,       // not yet answered
  Acknowledged,  // a leader answered Ok: the write is committed and must never be lost
  Failed,        // definitely not committed: its only proposal was overwritten
  Unknown,       // the client gave up without an answer: it may or may not commit
};

const char* outcome_name(Outcome outcome);

struct ClientOperation {
  std::uint64_t id = 0;
  // Its session (dissertation 6.3): which client made it (1..clients), and that client's
  // number for it (1, 2, 3, ...), the same on every resend.
  std::uint32_t client = 1;
  std::uint64_t sequence = 0;
  std::string command;       // "key=value"
  NodeId via = 0;            // the node it was first sent to (0: the client's guess)
  bool pinned = false;       // sent via a chosen node: retried there, never elsewhere
  NodeId target = 0;         // where the latest attempt went
  NodeId hinted_by = 0;      // the node whose "not leader" hint sent it there (0: none)
  Time invoked_at = 0;
  Time completed_at = -1;
  Outcome outcome = Outcome::Pending;
  std::uint32_t attempts = 0;
  // Retry timers that ran out with no answer. Each doubles the wait before the next, so
  // a write held long (a long queue, an outage) is resent a few times, not every 100ms:
  // n writes waiting behind one another cost n log n messages, not n squared.
  std::uint32_t timeouts = 0;
  // When the retry timer runs out: a resend moves it later. One timer event stands for
  // it (moved on when it comes too early), not one per resend, so that writes bounced
  // between nodes do not fill the event queue with stale timers.
  Time retry_at = -1;
  bool retry_queued = false;
  // Set once the write may have been proposed more than once (sent to a second node, or
  // its node crashed holding it): one proposal being overwritten then proves nothing,
  // so the client retries instead of reporting Failed.
  bool ambiguous = false;
  // `write ... until committed`: never given up, and resubmitted when a proposal fails,
  // until acknowledged (a course test's "propose until agreed").
  bool until_committed = false;
  Index index = 0;           // where it was committed, when acknowledged
  Term term = 0;
  // A read (sim/cluster/simulator_reads.cpp): `command` holds its key; found/value its answer.
  bool read = false;
  ReadWay way = ReadWay::Log;
  bool found = false;
  std::string value;
};

// Indexed by operation id - 1.
using ClientHistory = raft::ChunkedVector<ClientOperation>;

// The final answers a node gave, by operation, repeated to resends that cross them.
class AnswerBook {
 public:
  const ClientReply* find(std::uint64_t operation) const;
  void remember(const ClientReply& reply);  // the first answer for an operation stays
  void clear() { by_operation_.clear(); }

 private:
  raft::ChunkedVector<ClientReply> by_operation_;  // at operation id - 1; operation 0: none
};

struct ClientSettings {
  // No answer by then: try again. Each unanswered wait is twice the one before, up to
  // 16 times this (100ms, 200ms, 400ms, 800ms, then 1.6s).
  Time retry_after = 100 * raft::kMillisecond;
  Time redirect_backoff = 20 * raft::kMillisecond;  // "not leader" with no hint: next node after this
  Time give_up_after = 5 * raft::kSecond;       // no answer by then: outcome Unknown
  std::uint32_t clients = 1;                     // `clients N`: writes go round-robin unless one is named
  // A session with no entry for this long, by the leaders' stamps, expires (sim/client/sessions.h).
  Time session_timeout = 10 * 60 * raft::kSecond;
};

inline constexpr std::uint32_t kMaxClients = 1000;

// The wait before an unanswered write is resent, after `timeouts` unanswered waits.
Time retry_wait(const ClientSettings& settings, std::uint32_t timeouts);

}  // namespace sim
