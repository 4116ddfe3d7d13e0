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
// `needed` is how many servers make a majority (majority(n) unless a bug says otherwise).
inline Index quorum_index(std::vector<Index> match_indexes, std::size_t needed) {
  if (match_indexes.empty() || needed == 0) return 0;
  const std::size_t position = std::min(needed, match_indexes.size()) - 1;
  std::nth_element(match_indexes.begin(), match_indexes.begin() + static_cast<long>(position),
                   match_indexes.end(), std::greater<Index>());
  return match_indexes[position];
}
inline Index quorum_index(std::vector<Index> match_indexes) {
  const std::size_t needed = majority(match_indexes.size());
  return quorum_index(std::move(match_indexes), needed);
}

}  // namespace raft
