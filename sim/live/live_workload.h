// live-check's clients (docs/live.md, "live-check"): concurrent reads and writes over
// HTTP on a small shared key space, and writes of unique keys, each operation recorded
// with its real invocation and response times and what its answer proves: done,
// definitely not done, or unknown. The history they make is the linearizability
// checker's input, in the format of docs/trace.md ("The client's history").
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/live/http_client.h"
#include "sim/live/local_cluster.h"

namespace sim::live {

enum class LiveOutcome : std::uint8_t { Ok, Failed, Unknown };

struct LiveOperation {
  int client = 0;
  int node = 0;                       // the node it was sent to
  bool is_read = false;
  std::string key;
  std::optional<std::string> value;   // a write's value; a read's answer (nullopt: 404, no value)
  std::int64_t invoked_us = 0, completed_us = 0;  // since the workload began
  int status = 0;                     // the HTTP status, 0 if none came
  LiveOutcome outcome = LiveOutcome::Unknown;
  std::string why;                    // the answer's first line, or the client's error
  int attempts = 1;                   // a write is retried, in its session, while its outcome is unknown
  bool applied_before = false;        // a retry answered "applied before": its session skipped it
};

// What an HTTP answer proves about the operation it answers (docs/live.md lists them):
// 200 (and 404 on a read) it took effect; 503, 400, 413 or a connection never made, it
// did not; anything else (504, a lost connection, the client's timeout) it may or may not.
LiveOutcome outcome_of(bool is_read, const HttpAnswer& answer);

// A write is sent again, with the same session stamp (client_session.h), while no answer
// has settled it: the servers apply it once however often it commits. One operation of
// the history, from its first invocation to its last answer: acknowledged if any attempt
// was, failed only if every attempt provably failed, unknown otherwise.
// Up to 20 attempts, 100 ms apart: long enough to outlast an election after a SIGKILL.
inline constexpr int kMaxWriteAttempts = 20;
inline constexpr std::chrono::milliseconds kRetryPause{100};

struct WorkloadOptions {
  int keys = 3;                 // the shared keys k1..kN
  int reads_percent = 40;       // of operations; of the rest, 1 in 4 writes a unique key
  int timeout_ms = 4000;        // the client's own timeout per request
};

struct Workload {
  std::mutex lock;
  std::vector<LiveOperation> history;  // in the order the answers came
  std::atomic<bool> stop{false};
};

// One client until `workload.stop`: each operation through a node picked at random.
void run_client(int client, LocalCluster& cluster, const WorkloadOptions& options, std::uint64_t seed,
                std::chrono::steady_clock::time_point start, Workload& workload);

// The history as JSON Lines (docs/trace.md), ordered by invocation, ops numbered from 1.
std::string history_text(std::vector<LiveOperation> history);

const char* outcome_name(LiveOutcome outcome);

}  // namespace sim::live
