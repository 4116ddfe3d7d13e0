// Linearizable histories made to measure, for the checker's tests and benchmark: each
// client runs one operation at a time, each operation takes effect at a point drawn
// between its invocation and its response, and every read returns what the register
// holds at its point. Some writes end with no answer (outcome unknown): half of them took
// effect, half did not. Deterministic: one seed, our own PRNG (core/random.h).
#pragma once

#include <cstdint>

#include "sim/lincheck/history.h"

namespace sim::lincheck {

struct SyntheticShape {
  std::uint64_t seed = 1;
  std::size_t operations = 10'000;
  std::uint32_t clients = 8;
  std::uint32_t keys = 4;
  std::uint32_t reads_percent = 50;
  std::uint32_t unknown_percent = 2;  // of the writes
  Time longest = 10'000;              // an operation takes 1 us to this long
};

History synthetic_history(const SyntheticShape& shape);

}  // namespace sim::lincheck
