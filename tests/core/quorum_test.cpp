// core/quorum.h: the commit-index arithmetic, checked against a deliberately naive version.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/quorum.h"
#include "core/random.h"

namespace raft {
namespace {

// Try every candidate N from the largest down; the first one that a majority of the
// members has reached is the answer.
Index naive_quorum_index(const std::vector<Index>& match_indexes) {
  const Index highest = match_indexes.empty() ? 0 : *std::max_element(match_indexes.begin(), match_indexes.end());
  for (Index n = highest; n > 0; --n) {
    std::size_t reached = 0;
    for (Index match : match_indexes) reached += match >= n ? 1 : 0;
    if (reached * 2 > match_indexes.size()) return n;
  }
  return 0;
}

}  // namespace

TEST_CASE("quorum: a majority is more than half of the servers") {
  CHECK(majority(1) == 1);
  CHECK(majority(2) == 2);
  CHECK(majority(3) == 2);
  CHECK(majority(4) == 3);
  CHECK(majority(5) == 3);
  CHECK(majority(6) == 4);
  CHECK(majority(7) == 4);
}

TEST_CASE("quorum: the largest index stored on a majority, on examples") {
  CHECK(quorum_index({}) == 0);
  CHECK(quorum_index({7}) == 7);
  CHECK(quorum_index({7, 3}) == 3);
  CHECK(quorum_index({5, 0, 0}) == 0);
  CHECK(quorum_index({5, 4, 0}) == 4);
  CHECK(quorum_index({1, 5, 3}) == 3);
  CHECK(quorum_index({9, 9, 1, 1}) == 1);  // half is not a majority
  CHECK(quorum_index({9, 9, 9, 1}) == 9);
  CHECK(quorum_index({2, 8, 4, 6, 10}) == 6);
}

TEST_CASE("quorum: quorum_index agrees with a naive version on many random inputs") {
  Prng random(2024);
  for (int trial = 0; trial < 20000; ++trial) {
    const std::size_t size = random.below(9);  // 0..8 servers
    const std::uint64_t spread = 1 + random.below(trial % 2 == 0 ? 4 : 1000);  // many ties, or few
    std::vector<Index> match_indexes;
    for (std::size_t i = 0; i < size; ++i) match_indexes.push_back(random.below(spread));
    CAPTURE(trial);
    REQUIRE(quorum_index(match_indexes) == naive_quorum_index(match_indexes));
  }
}

}  // namespace raft
