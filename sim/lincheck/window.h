// The smallest window of operations that cannot be ordered: a violation's explanation.
// Starting from a key's whole history, operations are left out in chunks, then one by
// one (delta debugging), as long as what remains still cannot be ordered. Only sound
// removals are tried: a read (no order of the rest could need it), and a write whose
// value no remaining read returned (an order with it stays an order without it). So the
// window alone being impossible proves the whole history impossible.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/lincheck/history.h"
#include "sim/lincheck/search.h"

namespace sim::lincheck {

struct Window {
  std::vector<std::size_t> operations;  // indices into the history, in invocation order
  bool minimal = false;                 // no single operation more can be left out
};

Window smallest_window(const History& history, const std::vector<std::size_t>& key_operations,
                       std::size_t stuck, Budget& budget);

// Shared with checker.cpp: searches the history's operations at `indices` (one key's).
Verdict check_indices(const History& history, const std::vector<std::size_t>& indices, Budget& budget,
                      SearchResult* result = nullptr);

}  // namespace sim::lincheck
