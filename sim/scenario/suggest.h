// "Did you mean": the nearest of some names to a word a user mistyped.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The name nearest to `word` if it is a near miss (fewer than `within` edits); else "".
// Long words are not measured: a user's 10 MB argument costs nothing.
template <typename Names>
std::string nearest_name(std::string_view word, const Names& names, std::size_t within = 4) {
  std::string best;
  if (word.size() > 200) return best;
  for (const auto& name : names) {
    // An edit distance is at least the difference in length: skip far ones unmeasured.
    const std::size_t length = std::string_view(name).size();
    if ((word.size() > length ? word.size() - length : length - word.size()) >= within) continue;
    const std::size_t distance = edit_distance(word, name);
    if (distance < within) {
      within = distance;
      best = std::string(name);
    }
  }
  return best;
}

}  // namespace sim
