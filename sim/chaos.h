// The randomized chaos run behind `raftsim chaos` and the seed sweep test: a safety
// phase of random faults and client writes with every invariant checked, then a
// liveness phase with faults healed in which the cluster must elect a leader and
// commit a new write within a bound.
#pragma once

#include <cstdint>
#include <string>

#include "sim/simulator.h"

namespace sim {

struct ChaosOptions {
  int nodes = 5;
  Time safety_phase = 20 * raft::kSecond;
  Time liveness_bound = 10 * raft::kSecond;
};

struct ChaosResult {
  bool passed = false;
  bool violated = false;  // a safety invariant failed (else, if not passed, liveness did)
  std::string failure;  // what went wrong, with the command that reproduces it
  std::uint64_t events = 0;
  std::uint64_t faults = 0;
  std::uint64_t writes_acknowledged = 0;
  Time liveness_time = 0;  // how long the healed cluster took to commit a new write
};

ChaosResult run_chaos(std::uint64_t seed, const ChaosOptions& options = {});

}  // namespace sim
