// core/random.h: the only source of randomness in the core, reproducible from a seed.
#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "core/random.h"

namespace raft {
namespace {

std::vector<std::uint64_t> first_outputs(std::uint64_t seed, int count) {
  Prng random(seed);
  std::vector<std::uint64_t> outputs;
  for (int i = 0; i < count; ++i) outputs.push_back(random.next());
  return outputs;
}

}  // namespace

TEST_CASE("prng: the same seed gives the same sequence; other seeds, other sequences") {
  CHECK(first_outputs(1, 100) == first_outputs(1, 100));
  CHECK(first_outputs(0, 100) == first_outputs(0, 100));
  CHECK(first_outputs(1, 100) != first_outputs(2, 100));
  CHECK(first_outputs(0, 100) != first_outputs(1, 100));
  // Seed 0 is a fine seed: SplitMix64 never leaves xoshiro's state all zero.
  const auto zero = first_outputs(0, 100);
  CHECK(std::set<std::uint64_t>(zero.begin(), zero.end()).size() == 100);
}

TEST_CASE("prng: the sequence is xoshiro256** seeded by SplitMix64, fixed across builds and standard libraries") {
  // Reference values computed outside this code base (an independent implementation of
  // both published algorithms). A change here changes every recorded run.
  std::uint64_t state = 0;
  CHECK(splitmix64(state) == 0xE220A8397B1DCDAFULL);  // SplitMix64's first output for seed 0
  Prng random(42);
  CHECK(random.next() == 0x15780B2E0C2EC716ULL);
  CHECK(random.next() == 0x6104D9866D113A7EULL);
  CHECK(random.next() == 0xAE17533239E499A1ULL);
}

TEST_CASE("prng: below(bound) stays in [0, bound) and reaches every value") {
  Prng random(7);
  for (std::uint64_t bound : {1ULL, 2ULL, 3ULL, 7ULL, 10ULL}) {
    CAPTURE(bound);
    std::vector<int> seen(bound, 0);
    for (int i = 0; i < 2000; ++i) {
      const std::uint64_t value = random.below(bound);
      REQUIRE(value < bound);
      ++seen[value];
    }
    for (std::uint64_t value = 0; value < bound; ++value) CHECK(seen[value] > 2000 / static_cast<int>(bound) / 2);
  }
  CHECK(random.below(0) == 0);
  const std::uint64_t huge = (1ULL << 63) + 12345;
  for (int i = 0; i < 1000; ++i) CHECK(random.below(huge) < huge);
}

TEST_CASE("prng: between(low, high) includes both ends") {
  Prng random(11);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t value = random.between(-2, 2);
    REQUIRE(value >= -2);
    REQUIRE(value <= 2);
    seen.insert(value);
  }
  CHECK(seen == std::set<std::int64_t>{-2, -1, 0, 1, 2});
  CHECK(random.between(5, 5) == 5);
  CHECK(random.between(9, 3) == 9);  // an empty range gives its low end
}

TEST_CASE("prng: chance(numerator, denominator) is never true at 0, always true at 1, and near the ratio in between") {
  Prng random(3);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) {
    CHECK_FALSE(random.chance(0, 5));
    CHECK_FALSE(random.chance(0, 1));
    CHECK(random.chance(5, 5));
    CHECK(random.chance(1, 1));
    CHECK(random.chance(7, 5));
    hits += random.chance(1, 4) ? 1 : 0;
  }
  CHECK(hits > 2300);
  CHECK(hits < 2700);
}

TEST_CASE("prng: derived seeds give independent streams") {
  CHECK(derive_seed(1, 0) == derive_seed(1, 0));
  CHECK(derive_seed(1, 0) != derive_seed(1, 1));
  CHECK(derive_seed(1, 1) != derive_seed(2, 1));
  std::set<std::uint64_t> seeds;
  for (std::uint64_t stream = 0; stream < 1000; ++stream) seeds.insert(derive_seed(99, stream));
  CHECK(seeds.size() == 1000);
}

}  // namespace raft
