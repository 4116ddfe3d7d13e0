// `raftsim bench`: a fixed workload, timed on the wall clock. The wall clock only
// measures the run; it never enters it.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>

#include "sim/cluster/simulator.h"

namespace sim {

struct BenchOptions {
  int nodes = 5;
  Time duration = 3600 * raft::kSecond;
  Time write_interval = 100 * raft::kMillisecond;
  ClusterConfig cluster;  // seed, timeouts, latency, loss, check_invariants
};

struct BenchResult {
  Stats stats;
  Time simulated = 0;  // the virtual time reached (all of it, unless stopped early)
  Index committed = 0;
  std::uint64_t writes_acknowledged = 0;
  double wall_seconds = 0;
  long peak_memory_kb = 0;
  bool violated = false;
  bool stopped_at_event_limit = false;  // kMaxEvents fired before the end
};

// The client writes of a run (one every write_interval), and an estimate of its events
// (heartbeats and their replies, and a few events per write on every node), checked
// against the limits of sim/scenario/limits.h before any work.
std::int64_t bench_writes(const BenchOptions& options);
std::uint64_t estimated_bench_events(const BenchOptions& options);

// Runs the workload in slices of 1% of its virtual time, calling `progress` with the
// virtual time done after each (the slices fire the same events as one run would).
BenchResult run_bench(const BenchOptions& options, const std::function<void(Time done)>& progress = {});
void print_bench(std::ostream& out, const BenchOptions& options, const BenchResult& result);

}  // namespace sim
