#include "sim/lincheck/window.h"

#include <algorithm>
#include <set>
#include <string>

namespace sim::lincheck {

namespace {

// The operations of `current` that may soundly be left out: every read, and the writes
// whose value no read of `current` returned.
std::vector<std::size_t> removable(const History& history, const std::vector<std::size_t>& current) {
  std::set<std::string> values_read;
  for (const std::size_t index : current) {
    const Operation& operation = history.operations[index];
    if (operation.kind == OperationKind::Read && operation.value) values_read.insert(*operation.value);
  }
  std::vector<std::size_t> found;
  for (const std::size_t index : current) {
    const Operation& operation = history.operations[index];
    if (operation.kind == OperationKind::Read || !values_read.contains(*operation.value)) found.push_back(index);
  }
  return found;
}

class Shrinker {
 public:
  Shrinker(const History& history, std::vector<std::size_t> current, Budget& budget)
      : history_(history), current_(std::move(current)), budget_(budget) {}

  // Leaves out `chunk` if the rest still cannot be ordered; true if it did. A write of
  // the chunk whose value a remaining read returned stays (leaving it out is unsound).
  bool try_leave_out(const std::vector<std::size_t>& chunk) {
    const std::set<std::size_t> out(chunk.begin(), chunk.end());
    std::set<std::string> still_read;
    for (const std::size_t index : current_) {
      const Operation& operation = history_.operations[index];
      if (!out.contains(index) && operation.kind == OperationKind::Read && operation.value) still_read.insert(*operation.value);
    }
    std::vector<std::size_t> trial;
    for (const std::size_t index : current_) {
      const Operation& operation = history_.operations[index];
      const bool needed = operation.kind == OperationKind::Write && still_read.contains(*operation.value);
      if (!out.contains(index) || needed) trial.push_back(index);
    }
    if (trial.size() == current_.size() || out_of_budget()) return false;
    const Verdict verdict = check_indices(history_, trial, budget_);
    if (verdict == Verdict::Undecided) exhausted_ = true;
    if (verdict != Verdict::NotLinearizable) return false;
    current_ = std::move(trial);
    return true;
  }

  bool out_of_budget() const { return exhausted_ || budget_.steps == 0; }
  const std::vector<std::size_t>& current() const { return current_; }

 private:
  const History& history_;
  std::vector<std::size_t> current_;
  Budget& budget_;
  bool exhausted_ = false;
};

}  // namespace

Window smallest_window(const History& history, const std::vector<std::size_t>& key_operations, std::size_t stuck,
                       Budget& budget) {
  Shrinker shrinker(history, key_operations, budget);
  // What began after the stuck operation's response is seldom part of the reason.
  std::vector<std::size_t> later;
  for (const std::size_t index : key_operations) {
    if (history.operations[index].invoked > history.operations[stuck].returned) later.push_back(index);
  }
  if (!later.empty()) shrinker.try_leave_out(later);

  Window window;
  std::size_t parts = 2;
  while (!shrinker.out_of_budget()) {
    const std::vector<std::size_t> candidates = removable(history, shrinker.current());
    if (candidates.empty()) {
      window.minimal = true;
      break;
    }
    parts = std::min(parts, candidates.size());
    bool left_out = false;
    for (std::size_t part = 0; part < parts; ++part) {
      const std::size_t begin = candidates.size() * part / parts;
      const std::size_t end = candidates.size() * (part + 1) / parts;
      left_out |= shrinker.try_leave_out({candidates.begin() + begin, candidates.begin() + end});
    }
    if (left_out) continue;
    if (parts == candidates.size()) {
      window.minimal = !shrinker.out_of_budget();
      break;
    }
    parts = std::min(parts * 2, candidates.size());
  }
  window.operations = shrinker.current();
  std::stable_sort(window.operations.begin(), window.operations.end(), [&history](std::size_t a, std::size_t b) {
    return history.operations[a].invoked < history.operations[b].invoked;
  });
  return window;
}

}  // namespace sim::lincheck
