// `raftsim bench`: a fixed workload, timed on the wall clock. The wall clock only
// measures the run; it never enters it.
#pragma once

#include <cstdint>
#include <ostream>

#include "sim/simulator.h"

namespace sim {

struct BenchOptions {
  int nodes = 5;
  Time duration = 3600 * raft::kSecond;
  Time write_interval = 100 * raft::kMillisecond;
  ClusterConfig cluster;  // seed, timeouts, latency, loss, check_invariants
};

struct BenchResult {
  Stats stats;
  Index committed = 0;
  std::uint64_t writes_acknowledged = 0;
  double wall_seconds = 0;
  long peak_memory_kb = 0;
  bool violated = false;
};

BenchResult run_bench(const BenchOptions& options);
void print_bench(std::ostream& out, const BenchOptions& options, const BenchResult& result);

}  // namespace sim
