// Commit-index arithmetic, kept apart so it can be tested against a naive version.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/types.h"

namespace raft {

inline std::size_t majority(std::size_t cluster_size) { return cluster_size / 2 + 1; }

// The largest index N such that a majority of `match_indexes` are >= N.
// (`match_indexes` holds one value per member, the leader's own last index included.)
inline Index quorum_index(std::vector<Index> match_indexes) {
  if (match_indexes.empty()) return 0;
  const std::size_t position = majority(match_indexes.size()) - 1;
  std::nth_element(match_indexes.begin(), match_indexes.begin() + static_cast<long>(position),
                   match_indexes.end(), std::greater<Index>());
  return match_indexes[position];
}

}  // namespace raft
