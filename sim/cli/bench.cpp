#include "sim/cli/bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"

namespace sim {

std::int64_t bench_writes(const BenchOptions& options) { return options.duration / options.write_interval; }

std::uint64_t estimated_bench_events(const BenchOptions& options) {
  RunShape shape;
  shape.nodes = options.nodes;
  shape.heartbeat = options.cluster.heartbeat_interval;
  shape.election_timeout_min = options.cluster.election_timeout_min;
  shape.span = options.duration;
  shape.writes = bench_writes(options);
  return estimated_events(shape);
}

BenchResult run_bench(const BenchOptions& options, const std::function<void(Time done)>& progress) {
  ClusterConfig config = options.cluster;
  config.nodes = options.nodes;
  const auto start = std::chrono::steady_clock::now();

  Simulator simulator(config);
  std::uint64_t count = 0;
  for (Time at = options.write_interval; at <= options.duration; at += options.write_interval) {
    simulator.schedule_write(at, "k" + std::to_string(count % 100) + "=" + std::to_string(count));
    ++count;
  }
  BenchResult result;
  const Time slice = std::max<Time>(1, options.duration / 100);
  for (Time done = 0; done < options.duration && !simulator.stopped();) {
    done = std::min(options.duration, done + slice);
    simulator.run_until(done);
    if (progress) progress(done);
    if (simulator.stats().events > kMaxEvents) {
      result.stopped_at_event_limit = true;
      break;
    }
  }

  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stats = simulator.stats();
  result.simulated = simulator.now();
  // The longest commit index any live node reached (the checker's record is off with --no-check).
  for (NodeId node = 1; node <= static_cast<NodeId>(simulator.size()); ++node) {
    if (simulator.is_up(node)) result.committed = std::max(result.committed, simulator.node(node).commit_index());
  }
  for (const ClientOperation& operation : simulator.history()) {
    if (operation.outcome == Outcome::Acknowledged) ++result.writes_acknowledged;
  }
  result.violated = simulator.stopped();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  result.peak_memory_kb = usage.ru_maxrss;
  return result;
}

void print_bench(std::ostream& out, const BenchOptions& options, const BenchResult& result) {
  const double virtual_seconds = static_cast<double>(options.duration) / raft::kSecond;
  char line[256];
  auto print = [&](const char* label, const char* value) { out << "  " << label << value << '\n'; };
  out << "raftsim bench: " << options.nodes << " nodes, " << virtual_seconds << " s virtual, a write every "
      << format_duration(options.write_interval) << ", latency "
      << format_duration(options.cluster.network.latency_min) << ".."
      << format_duration(options.cluster.network.latency_max) << ", loss "
      << options.cluster.network.loss_ppm / 10000.0 << "%, invariant checks "
      << (options.cluster.check_invariants ? "on" : "off") << ", seed " << options.cluster.seed << '\n'
      << "  options: " << describe_options(options.cluster) << '\n';
  const double simulated_seconds = static_cast<double>(result.simulated) / raft::kSecond;
  std::snprintf(line, sizeof line, "%.0f", simulated_seconds);
  print("virtual seconds        ", line);
  std::snprintf(line, sizeof line, "%llu", static_cast<unsigned long long>(result.stats.events));
  print("events processed       ", line);
  std::snprintf(line, sizeof line, "%llu", static_cast<unsigned long long>(result.stats.messages_delivered));
  print("messages delivered     ", line);
  std::snprintf(line, sizeof line, "%llu (%llu writes acknowledged)", static_cast<unsigned long long>(result.committed),
                static_cast<unsigned long long>(result.writes_acknowledged));
  print("entries committed      ", line);
  std::snprintf(line, sizeof line, "%llu", static_cast<unsigned long long>(result.stats.leader_changes));
  print("leaders elected        ", line);
  std::snprintf(line, sizeof line, "%.3f", result.wall_seconds);
  print("wall seconds           ", line);
  std::snprintf(line, sizeof line, "%.0f", static_cast<double>(result.stats.events) / result.wall_seconds);
  print("events per wall second ", line);
  std::snprintf(line, sizeof line, "%.0fx", simulated_seconds / result.wall_seconds);
  print("virtual/wall speed-up  ", line);
  std::snprintf(line, sizeof line, "%.1f MB", static_cast<double>(result.peak_memory_kb) / 1024.0);
  print("peak memory (RSS)      ", line);
  if (result.violated) out << "  INVARIANT VIOLATED during the benchmark\n";
  if (result.stopped_at_event_limit) {
    out << "  STOPPED at the limit of " << kMaxEvents << " events, before the end of its virtual time\n";
  }
}

}  // namespace sim
