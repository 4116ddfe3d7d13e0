#include "sim/live/live_check.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "core/random.h"
#include "sim/cli/commands.h"
#include "sim/io/output_file.h"
#include "sim/lincheck/checker.h"
#include "sim/lincheck/history_reader.h"
#include "sim/lincheck/report.h"
#include "sim/live/exit_codes.h"
#include "sim/live/http_client.h"
#include "sim/live/link_proxy.h"
#include "sim/live/live_faults.h"
#include "sim/live/live_workload.h"
#include "sim/scenario/scenario.h"

namespace sim::live {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t micros_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// After healing: one write through the leader, then every node must have applied it.
bool settle(LocalCluster& cluster, std::chrono::seconds limit) {
  const Clock::time_point start = Clock::now();
  bool written = false;
  while (Clock::now() - start < limit) {
    if (!written) written = http_put(cluster.member(1).http, "/kv/live-check-end", "done", 3000).status == 200;
    bool everywhere = written;
    for (auto& member : cluster.members())
      everywhere = everywhere && http_get(member->http, "/kv/live-check-end?local=1", 1000).body == "done";
    if (everywhere) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& member : cluster.members())  // what each node thinks, to tell why
    std::cout << "  node " << member->id << " /status: " << http_get(member->http, "/status", 1000).body.substr(0, 400) << "\n";
  return false;
}

// After settling: a read of each shared key through the log, into the history (so the
// checker sees any acknowledged write the healed cluster lost), and the same value on
// every node. The number of disagreements.
std::size_t read_shared_keys(LocalCluster& cluster, const LiveCheckOptions& options, Clock::time_point start,
                             std::vector<LiveOperation>& history) {
  std::size_t disagreements = 0;
  for (int k = 1; k <= options.keys; ++k) {
    LiveOperation read;
    read.client = options.clients + 1;
    read.node = 1;
    read.is_read = true;
    read.key = "k" + std::to_string(k);
    read.invoked_us = micros_since(start);
    const HttpAnswer answer = http_get(cluster.member(1).http, "/kv/" + read.key, 3000);
    read.completed_us = micros_since(start);
    read.status = answer.status;
    read.outcome = outcome_of(true, answer);
    read.why = answer.status == 0 ? answer.error : "the final read";
    if (answer.status == 200) read.value = answer.body;
    history.push_back(read);
    if (read.outcome != LiveOutcome::Ok) continue;
    for (auto& member : cluster.members()) {
      HttpAnswer local = http_get(member->http, "/kv/" + read.key + "?local=1", 3000);
      const std::optional<std::string> value = local.status == 200 ? std::optional<std::string>(local.body) : std::nullopt;
      const bool answered = local.status == 200 || local.status == 404;
      if (answered && value == read.value) continue;
      if (++disagreements <= 10)
        std::cout << "DISAGREE: " << read.key << " is " << (!answered ? "unreadable" : value ? "'" + *value + "'" : "absent")
                  << " on node " << member->id
                  << ", " << (read.value ? "'" + *read.value + "'" : "absent") << " through the log\n";
    }
  }
  return disagreements;
}

// Every acknowledged write of a unique key must be on every node: the check from before
// the linearizability checker, kept as a second, simpler witness. The number missing.
std::size_t missing_unique_writes(LocalCluster& cluster, const std::vector<LiveOperation>& history) {
  std::size_t missing = 0;
  for (const LiveOperation& op : history) {
    if (op.is_read || op.outcome != LiveOutcome::Ok || op.key.front() != 'c') continue;
    for (auto& member : cluster.members()) {
      HttpAnswer found = http_get(member->http, "/kv/" + op.key + "?local=1", 3000);
      if (found.status == 200 && found.body == op.value) continue;
      if (++missing <= 10)
        std::cout << "LOST: " << op.key << "=" << *op.value << " (acknowledged by node " << op.node << ") is "
                  << (found.status == 404 ? "absent" : "'" + found.body + "'") << " on node " << member->id << "\n";
    }
  }
  return missing;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

bool write_history(const std::string& path, const std::string& text) {
  OutputFile file;
  if (std::optional<std::string> error = file.open(path, "history")) return std::cerr << *error << "\n", false;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find('\n', begin);
    file.write_line(text.substr(begin, end - begin));
    begin = end + 1;
  }
  if (std::optional<std::string> error = file.close()) return std::cerr << *error << "\n", false;
  return true;
}

struct LinearizabilityVerdict {
  lincheck::Verdict verdict = lincheck::Verdict::Undecided;
  std::string report;
  double seconds = 0;
};

// The checker on the very text --history writes, read back by the reader `raftsim
// lincheck` uses: what is checked here is what a re-check of the file checks.
LinearizabilityVerdict check_linearizable(const std::string& text) {
  LinearizabilityVerdict verdict;
  try {
    const lincheck::History history = lincheck::parse_history(text, "live-check history");
    const auto start = Clock::now();  // the wall clock measures the check; it never enters it
    const lincheck::CheckResult result = lincheck::check_history(history);
    verdict.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    verdict.verdict = result.verdict;
    verdict.report = lincheck::describe(history, result, "  ");
  } catch (const ScenarioError& error) {
    verdict.report = "  the history cannot be read back (a bug): " + format_error(error) + "\n";
  }
  return verdict;
}

struct Counts {
  std::size_t reads = 0, writes = 0, ok = 0, unknown = 0, failed = 0;
  std::size_t retried = 0, retried_ok = 0, retry_attempts = 0, applied_before = 0;  // writes sent again in their session
  std::vector<double> latencies_ms;  // of acknowledged operations
};

Counts count(const std::vector<LiveOperation>& history) {
  Counts counts;
  for (const LiveOperation& op : history) {
    ++(op.is_read ? counts.reads : counts.writes);
    if (op.outcome == LiveOutcome::Ok) {
      ++counts.ok;
      counts.latencies_ms.push_back(static_cast<double>(op.completed_us - op.invoked_us) / 1000.0);
    }
    if (op.outcome == LiveOutcome::Unknown) ++counts.unknown;
    if (op.outcome == LiveOutcome::Failed) ++counts.failed;
    if (op.attempts > 1) {
      ++counts.retried;
      counts.retry_attempts += static_cast<std::size_t>(op.attempts - 1);
      if (op.outcome == LiveOutcome::Ok) ++counts.retried_ok;
      if (op.applied_before) ++counts.applied_before;
    }
  }
  return counts;
}

void print_figures(const Counts& counts, const FaultFigures& faults, double elapsed_s, std::uint64_t proxy_cuts) {
  std::printf("%zu operations (%zu reads, %zu writes): %zu acknowledged, %zu unknown (timed out or cut off: may or may not "
              "have taken effect), %zu failed (provably not applied)\n",
              counts.reads + counts.writes, counts.reads, counts.writes, counts.ok, counts.unknown, counts.failed);
  std::printf("sessions: %zu writes sent again after an unknown answer (%zu retries), %zu of them then acknowledged, "
              "%zu as applied before (a retry the session skipped)\n",
              counts.retried, counts.retry_attempts, counts.retried_ok, counts.applied_before);
  std::printf("faults: %d SIGKILL, %d pauses, %d restarts, %d partitions (%d links cut, %llu connections dropped or refused)\n",
              faults.kills, faults.pauses, faults.restarts, faults.partitions, faults.links_cut,
              static_cast<unsigned long long>(proxy_cuts));
  std::printf("throughput: %.0f acknowledged operations/s; latency with fsync: median %.1f ms, p99 %.1f ms, max %.1f ms\n",
              static_cast<double>(counts.ok) / elapsed_s, percentile(counts.latencies_ms, 0.5),
              percentile(counts.latencies_ms, 0.99), percentile(counts.latencies_ms, 1.0));
  if (!faults.elections_ms.empty())
    std::printf("new leader after the leader's SIGKILL: median %.0f ms, max %.0f ms (%zu elections)\n",
                percentile(faults.elections_ms, 0.5), percentile(faults.elections_ms, 1.0), faults.elections_ms.size());
}

// Starts the cluster with a proxy in front of every directed link (link_proxy.h).
std::string start_cluster(LocalCluster& cluster, LinkProxy& proxy) {
  std::string error = cluster.start();
  proxy.start();
  return error;
}

LocalClusterOptions routed_through(LocalClusterOptions options, LinkProxy& proxy) {
  options.route = [&proxy](int from, int to, const Address& raft, Address& via) { return proxy.add_link(from, to, raft, via); };
  return options;
}

int exit_code(lincheck::Verdict verdict, bool durable) {
  if (verdict == lincheck::Verdict::NotLinearizable) return kExitViolation;
  if (!durable) return kExitExpectationFailed;
  return verdict == lincheck::Verdict::Undecided ? kExitUndecided : kExitPassed;
}

}  // namespace

int run_live_check(LiveCheckOptions options) {
  bool temporary = false;
  if (options.cluster.data.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "raftsim-live-check-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return std::cerr << "raftsim live-check: error: cannot make a temporary directory\n", kExitBadDataDir;
    options.cluster.data = pattern;
    temporary = true;
  }
  std::cout << "live-check: " << options.cluster.nodes << " nodes, " << options.clients << " clients on " << options.keys
            << " shared keys, " << options.seconds << " s, seed " << options.seed
            << (options.faults ? ", with faults" : ", no faults") << ", data in " << options.cluster.data << "\n" << std::flush;
  LinkProxy proxy;
  LocalCluster cluster(routed_through(options.cluster, proxy));
  if (std::string error = start_cluster(cluster, proxy); !error.empty())
    return std::cerr << "raftsim live-check: error: " << error << "\n", kExitCannotListen;
  if (!wait_for_new_leader(cluster, 0, std::chrono::seconds(30))) {
    std::cout << "FAILED: no leader within 30 s; the logs are in " << options.cluster.data << "\n";
    return finish(kExitExpectationFailed);
  }

  Workload workload;
  WorkloadOptions shape;
  shape.keys = options.keys;
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> clients;
  for (int client = 1; client <= options.clients; ++client)
    clients.emplace_back(run_client, client, std::ref(cluster), std::cref(shape), options.seed, start, std::ref(workload));

  FaultFigures faults;
  raft::Prng random(raft::derive_seed(options.seed, 1));
  const auto end = start + std::chrono::milliseconds(static_cast<std::int64_t>(options.seconds * 1000));
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(random.between(500, 1500)));
    if (options.faults && Clock::now() < end) one_fault(cluster, proxy, random, faults);
  }
  workload.stop = true;
  for (std::thread& client : clients) client.join();
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();

  proxy.heal_all();
  for (auto& member : cluster.members()) member->process.signal(SIGCONT);
  for (auto& member : cluster.members())
    if (!member->process.running()) cluster.restart(member->id);
  const bool settled = settle(cluster, std::chrono::seconds(60));
  std::vector<LiveOperation>& history = workload.history;
  const std::size_t disagreements = settled ? read_shared_keys(cluster, options, start, history) : 0;
  const std::size_t missing = missing_unique_writes(cluster, history);
  cluster.stop_all();
  const std::uint64_t proxy_cuts = proxy.connections_cut();
  proxy.stop();

  const std::string text = history_text(history);
  if (!options.history.empty() && !write_history(options.history, text)) return finish(kExitOutputFailed);
  const Counts counts = count(history);
  print_figures(counts, faults, elapsed_s, proxy_cuts);
  const LinearizabilityVerdict linearizable = check_linearizable(text);
  std::printf("lincheck (%.0f ms): %s", linearizable.seconds * 1000, linearizable.report.c_str());

  const bool durable = settled && missing == 0 && disagreements == 0 && counts.ok > 0;
  if (!settled) std::printf("FAILED: the healed cluster did not apply a final write on every node within 60 s\n");
  if (counts.ok == 0) std::printf("FAILED: no operation was acknowledged\n");
  if (missing != 0) std::printf("FAILED: %zu acknowledged writes missing on some node\n", missing);
  if (disagreements != 0) std::printf("FAILED: the nodes disagree on %zu keys' values\n", disagreements);
  if (linearizable.verdict == lincheck::Verdict::NotLinearizable) std::printf("FAILED: the history is not linearizable\n");
  const int code = exit_code(linearizable.verdict, durable);
  if (code == kExitPassed) std::printf("passed: the history is linearizable, and every acknowledged write is on every node\n");
  else std::printf("the logs are in %s\n", options.cluster.data.c_str());
  if (code == kExitPassed && temporary) std::filesystem::remove_all(options.cluster.data);
  return finish(code);
}

}  // namespace sim::live
