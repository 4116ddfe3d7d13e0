// The linearizability checker: a history of reads and writes is linearizable when each
// key's operations are (a register per key, so the keys are checked one by one, as
// Porcupine partitions them), and each key's when some order of its operations that
// respects real time (one that returned before another began comes first) is legal for
// a register. Failed operations took no effect; an operation with an unknown outcome
// may take effect at any moment after its invocation, or never (docs/verification.md,
// "The linearizability checker").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/lincheck/history.h"
#include "sim/lincheck/search.h"

namespace sim::lincheck {

struct CheckResult {
  Verdict verdict = Verdict::Linearizable;
  std::size_t keys = 0;
  // Per operation of the history: where the order found places it (its linearization
  // point, between its invocation and its response), or kNever if it need not have
  // taken effect. Empty unless every key is linearizable.
  std::vector<Time> points;
  // NotLinearizable: the key, and the smallest window found of its operations (indices
  // into the history, in invocation order) that no order can explain, though every read
  // left out and every write left out that no read returns was left out soundly: the
  // window alone being impossible proves the history impossible. `stuck` is the
  // operation whose response the search could not reach.
  // Undecided: the key whose search ran out of budget.
  std::string key;
  std::vector<std::size_t> window;
  std::size_t stuck = 0;
  bool window_minimal = false;  // false: the budget ran out while shrinking it
  std::uint64_t steps = 0;       // work done: events visited by every search
};

CheckResult check_history(const History& history, Budget budget = {});

}  // namespace sim::lincheck
