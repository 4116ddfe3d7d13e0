#include "sim/lincheck/checker.h"

#include <algorithm>
#include <map>

#include "sim/lincheck/window.h"

namespace sim::lincheck {

namespace {

// One key's operations, as indices into the history, in the order given.
std::map<std::string, std::vector<std::size_t>> partition_by_key(const History& history) {
  std::map<std::string, std::vector<std::size_t>> keys;
  for (std::size_t i = 0; i < history.operations.size(); ++i) keys[history.operations[i].key].push_back(i);
  return keys;
}

// A write with an unknown outcome whose value no read of the key returned can always be
// left out: any order that keeps it still works without it (no read sees its value), so
// dropping it changes no verdict and keeps the search's state short.
bool observable(const Operation& operation, const std::vector<std::string>& values_read) {
  if (operation.kind == OperationKind::Read || operation.returned != kNever) return true;
  return std::binary_search(values_read.begin(), values_read.end(), *operation.value);
}

// The key's operations as register operations, their values numbered (0: no value).
std::vector<RegisterOperation> as_register(const History& history, const std::vector<std::size_t>& indices) {
  std::map<std::string, std::uint32_t> numbers;
  std::vector<RegisterOperation> operations;
  operations.reserve(indices.size());
  for (const std::size_t index : indices) {
    const Operation& operation = history.operations[index];
    std::uint32_t number = 0;
    if (operation.value) number = numbers.emplace(*operation.value, numbers.size() + 1).first->second;
    operations.push_back({operation.invoked, operation.returned, operation.kind == OperationKind::Write, number});
  }
  return operations;
}

// Linearization points from an order: each as early as its invocation allows and no
// earlier than the one before it (the order respects real time, so it is no later than
// its response).
void place_points(const History& history, const std::vector<std::size_t>& indices, const std::vector<std::size_t>& order,
                  std::vector<Time>& points) {
  Time previous = 0;
  for (const std::size_t position : order) {
    const std::size_t index = indices[position];
    previous = std::max(previous, history.operations[index].invoked);
    points[index] = previous;
  }
}

// The key's operations worth searching: all but the unknown-outcome writes never observed.
std::vector<std::size_t> key_operations(const History& history, const std::vector<std::size_t>& all) {
  std::vector<std::string> values_read;
  for (const std::size_t index : all) {
    const Operation& operation = history.operations[index];
    if (operation.kind == OperationKind::Read && operation.value) values_read.push_back(*operation.value);
  }
  std::sort(values_read.begin(), values_read.end());
  std::vector<std::size_t> kept;
  for (const std::size_t index : all) {
    if (observable(history.operations[index], values_read)) kept.push_back(index);
  }
  return kept;
}
}  // namespace

Verdict check_indices(const History& history, const std::vector<std::size_t>& indices, Budget& budget,
                      SearchResult* out) {
  SearchResult result = search_linearization(as_register(history, indices), budget);
  const Verdict verdict = result.verdict;
  if (out != nullptr) *out = std::move(result);
  return verdict;
}

CheckResult check_history(const History& history, Budget budget) {
  CheckResult result;
  result.points.assign(history.operations.size(), kNever);
  const std::uint64_t steps_at_start = budget.steps;
  for (const auto& [key, all] : partition_by_key(history)) {
    ++result.keys;
    const std::vector<std::size_t> indices = key_operations(history, all);
    SearchResult search;
    check_indices(history, indices, budget, &search);
    if (search.verdict == Verdict::Linearizable) {
      place_points(history, indices, search.order, result.points);
      continue;
    }
    if (search.verdict == Verdict::Undecided) {
      // Remembered, but the other keys are still searched: a violation outranks it.
      if (result.verdict == Verdict::Linearizable) {
        result.verdict = Verdict::Undecided;
        result.key = key;
      }
      continue;
    }
    result.verdict = Verdict::NotLinearizable;
    result.key = key;
    result.stuck = indices[search.stuck];
    const Window window = smallest_window(history, indices, result.stuck, budget);
    result.window = window.operations;
    result.window_minimal = window.minimal;
    break;
  }
  if (result.verdict != Verdict::Linearizable) result.points.clear();
  result.steps = steps_at_start - budget.steps;
  return result;
}

}  // namespace sim::lincheck
