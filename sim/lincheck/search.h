// The search for a linearization of one key's operations: Wing and Gong's algorithm
// with Lowe's memoization, as Porcupine runs it (github.com/anishathalye/porcupine,
// checker.go). Operations are call and return events in time order; the search
// linearizes a call whose operation the register allows, lifts it out of the list and
// starts again from the front; reaching a return whose call is still in the list means
// the last choice was wrong, so it backtracks. A cache of (operations linearized,
// register value) pairs already explored keeps it from exploring a state twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/lincheck/history.h"

namespace sim::lincheck {

// One key's operation, its value interned: 0 is "no value", 1, 2, ... the values seen.
struct RegisterOperation {
  Time invoked = 0;
  Time returned = kNever;
  bool is_write = false;
  std::uint32_t value = 0;
};

// Bounded work and memory: a search that would pass either is Undecided, never a hang.
struct Budget {
  std::uint64_t steps = 20'000'000;  // events visited: 0.1 to 1 us each, so seconds at most
  std::uint64_t cache_bytes = 512ull << 20;  // the memoization cache
};

enum class Verdict : std::uint8_t { Linearizable, NotLinearizable, Undecided };
const char* verdict_name(Verdict verdict);

struct SearchResult {
  Verdict verdict = Verdict::Undecided;
  // Linearizable: the operations in the order found (an unknown-outcome write that
  // never needed to take effect is not in it). Otherwise empty.
  std::vector<std::size_t> order;
  // NotLinearizable: the operation whose response no ordering of what came before could
  // reach, the furthest the search got.
  std::size_t stuck = 0;
  std::uint64_t steps = 0;
  std::uint64_t cache_bytes = 0;
};

// Searches `operations` (one key's), spending at most `budget`, which is reduced by
// what was spent.
SearchResult search_linearization(const std::vector<RegisterOperation>& operations, Budget& budget);

}  // namespace sim::lincheck
