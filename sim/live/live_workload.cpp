#include "sim/live/live_workload.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <thread>

#include "core/random.h"
#include "sim/live/client_request.h"
#include "sim/live/client_session.h"

namespace sim::live {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t micros_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

HttpHeaders session_headers(int client, std::uint64_t sequence) {
  return {{kClientHeader, std::to_string(client)}, {kSequenceHeader, std::to_string(sequence)},
          {kFirstUnansweredHeader, std::to_string(sequence)}};
}

std::string first_line(const std::string& text) { return text.substr(0, std::min(text.find('\n'), std::size_t{120})); }

}  // namespace

LiveOutcome outcome_of(bool is_read, const HttpAnswer& answer) {
  if (answer.status == 200 || (is_read && answer.status == 404)) return LiveOutcome::Ok;
  // No connection was made (refused, or none in time): the request was never sent.
  if (answer.status == 0) return answer.error == "Connection" || answer.error == "ConnectionTimeout" ? LiveOutcome::Failed : LiveOutcome::Unknown;
  // A server answers 503 only when the request provably took no effect, 504 when it may
  // have (docs/live.md, "What an answer promises"); the checker holds it to that.
  if (answer.status == kStatusNotApplied) return LiveOutcome::Failed;
  if (answer.status == 400 || answer.status == 413) return LiveOutcome::Failed;  // refused as malformed
  return LiveOutcome::Unknown;  // 504 and anything unexpected
}

const char* outcome_name(LiveOutcome outcome) {
  switch (outcome) {
    case LiveOutcome::Ok: return "acknowledged";
    case LiveOutcome::Failed: return "failed";
    case LiveOutcome::Unknown: return "unknown";
  }
  return "unknown";
}

void run_client(int client, LocalCluster& cluster, const WorkloadOptions& options, std::uint64_t seed, Clock::time_point start,
                Workload& workload) {
  raft::Prng random(raft::derive_seed(seed, 100 + static_cast<std::uint64_t>(client)));
  const auto nodes = static_cast<std::uint64_t>(cluster.members().size());
  const auto keys = static_cast<std::uint64_t>(options.keys);
  std::uint64_t sequence = 0;  // of this client's writes, its session's numbering
  for (int n = 1; !workload.stop; ++n) {
    LiveOperation op;
    op.client = client;
    op.node = 1 + static_cast<int>(random.below(nodes));
    op.is_read = random.chance(static_cast<std::uint64_t>(options.reads_percent), 100);
    const bool unique_key = !op.is_read && random.chance(1, 4);
    op.key = unique_key ? "c" + std::to_string(client) + "-" + std::to_string(n) : "k" + std::to_string(1 + random.below(keys));
    if (!op.is_read) op.value = "c" + std::to_string(client) + "-" + std::to_string(n);  // unique: the checker tells writes apart
    if (!op.is_read) ++sequence;
    op.invoked_us = micros_since(start);
    HttpAnswer answer;
    bool unknown_before = false;  // an earlier attempt may have taken effect
    for (;; ++op.attempts) {
      const Address& http = cluster.member(op.node).http;
      answer = op.is_read ? http_get(http, "/kv/" + op.key, options.timeout_ms)
                          : http_put(http, "/kv/" + op.key, *op.value, options.timeout_ms, session_headers(client, sequence));
      op.outcome = outcome_of(op.is_read, answer);
      if (op.outcome == LiveOutcome::Failed && unknown_before) op.outcome = LiveOutcome::Unknown;
      unknown_before = op.outcome == LiveOutcome::Unknown;
      const bool settled = op.outcome != LiveOutcome::Unknown || answer.status == kStatusSessionExpired;
      if (op.is_read || settled || op.attempts == kMaxWriteAttempts || workload.stop) break;
      std::this_thread::sleep_for(kRetryPause);
      op.node = 1 + static_cast<int>(random.below(nodes));
    }
    op.completed_us = micros_since(start);
    op.status = answer.status;
    op.applied_before = answer.status == 200 && answer.body.starts_with("OK (applied before");
    if (op.outcome != LiveOutcome::Ok) op.why = answer.status == 0 ? answer.error : first_line(answer.body);
    if (op.is_read) op.value = answer.status == 200 ? std::optional<std::string>(answer.body) : std::nullopt;
    {
      std::lock_guard<std::mutex> guard(workload.lock);
      workload.history.push_back(op);
    }
    if (op.outcome != LiveOutcome::Ok) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a moment for an election
  }
}

std::string history_text(std::vector<LiveOperation> history) {
  std::stable_sort(history.begin(), history.end(),
                   [](const LiveOperation& a, const LiveOperation& b) { return a.invoked_us < b.invoked_us; });
  std::string text;
  std::uint64_t op = 0;
  for (const LiveOperation& operation : history) {
    nlohmann::json line{{"op", ++op}, {"client", operation.client}, {"kind", operation.is_read ? "read" : "write"},
                        {"key", operation.key}, {"via", operation.node}, {"invoked_us", operation.invoked_us},
                        {"outcome", outcome_name(operation.outcome)}, {"completed_us", operation.completed_us},
                        {"status", operation.status}};
    if (!operation.why.empty()) line["why"] = operation.why;
    line["value"] = operation.value ? nlohmann::json(*operation.value) : nlohmann::json(nullptr);
    text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return text;
}

}  // namespace sim::live
