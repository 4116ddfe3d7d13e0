#include "sim/lincheck/search.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <optional>

namespace sim::lincheck {

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Linearizable: return "linearizable";
    case Verdict::NotLinearizable: return "not linearizable";
    case Verdict::Undecided: return "undecided";
  }
  return "undecided";
}

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// The call and return events of every operation in time order, as a doubly linked list
// over arrays (node 0 is the head). A call comes before a return at the same time:
// operations that touch are concurrent (Porcupine's byTime order).
class EventList {
 public:
  explicit EventList(const std::vector<RegisterOperation>& operations) {
    const std::size_t count = operations.size();
    struct Event {
      Time time;
      bool is_return;
      std::uint32_t operation;
    };
    std::vector<Event> events;
    events.reserve(2 * count);
    for (std::uint32_t id = 0; id < count; ++id) {
      events.push_back({operations[id].invoked, false, id});
      events.push_back({operations[id].returned, true, id});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      if (a.time != b.time) return a.time < b.time;
      if (a.is_return != b.is_return) return !a.is_return;
      return a.operation < b.operation;
    });
    const std::size_t nodes = events.size() + 1;
    next_.resize(nodes);
    previous_.resize(nodes);
    operation_.resize(nodes, kNone);
    is_call_.resize(nodes, false);
    call_of_.resize(count);
    return_of_.resize(count);
    for (std::uint32_t node = 0; node < nodes; ++node) {
      next_[node] = node + 1 < nodes ? node + 1 : kNone;
      previous_[node] = node == 0 ? kNone : node - 1;
    }
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const std::uint32_t node = i + 1;
      operation_[node] = events[i].operation;
      is_call_[node] = !events[i].is_return;
      (events[i].is_return ? return_of_ : call_of_)[events[i].operation] = node;
    }
  }

  std::uint32_t first() const { return next_[0]; }
  std::uint32_t next(std::uint32_t node) const { return next_[node]; }
  bool is_call(std::uint32_t node) const { return is_call_[node]; }
  std::uint32_t operation(std::uint32_t node) const { return operation_[node]; }
  // Nodes are numbered in time order, so a larger node is a later event.
  std::uint32_t call_of(std::uint32_t operation) const { return call_of_[operation]; }

  // Takes an operation's call and return out of the list, or puts them back (in the
  // reverse order of taking, as the search's stack guarantees).
  void lift(std::uint32_t operation) {
    unlink(call_of_[operation]);
    unlink(return_of_[operation]);
  }
  void unlift(std::uint32_t operation) {
    relink(return_of_[operation]);
    relink(call_of_[operation]);
  }

 private:
  void unlink(std::uint32_t node) {
    next_[previous_[node]] = next_[node];
    if (next_[node] != kNone) previous_[next_[node]] = previous_[node];
  }
  void relink(std::uint32_t node) {
    next_[previous_[node]] = node;
    if (next_[node] != kNone) previous_[next_[node]] = node;
  }

  std::vector<std::uint32_t> next_, previous_, operation_, call_of_, return_of_;
  std::vector<bool> is_call_;
};

// Which operations are linearized, as a bitset, and its canonical short form for the
// cache: the register value, F (one past the latest operation linearized, in call
// order) and the operations before F not yet linearized. Those are concurrent with the
// operation at F - 1 (the search reached its call before their returns), so the form
// stays as short as the history is concurrent, however long the history.
class LinearizedSet {
 public:
  explicit LinearizedSet(std::size_t count) : bits_((count + 63) / 64, 0) {}

  void add(std::uint32_t id) {
    bits_[id / 64] |= std::uint64_t{1} << (id % 64);
    frontiers_.push_back(std::max(frontier(), id + 1));
    while (lowest_missing_ < frontier() && contains(lowest_missing_)) ++lowest_missing_;
  }
  void remove(std::uint32_t id) {  // the last one added
    bits_[id / 64] &= ~(std::uint64_t{1} << (id % 64));
    frontiers_.pop_back();
    lowest_missing_ = std::min(lowest_missing_, id);
  }
  bool contains(std::uint32_t id) const { return (bits_[id / 64] >> (id % 64)) & 1; }
  std::uint32_t frontier() const { return frontiers_.empty() ? 0 : frontiers_.back(); }

  void cache_key(std::uint32_t state, std::vector<std::uint32_t>& key) const {
    key.assign({state, frontier()});
    const std::uint32_t end = frontier();
    for (std::uint32_t word = lowest_missing_ / 64; word * 64 < end; ++word) {
      std::uint64_t missing = ~bits_[word];
      while (missing != 0) {
        const std::uint32_t id = word * 64 + static_cast<std::uint32_t>(std::countr_zero(missing));
        if (id >= end) break;
        if (id >= lowest_missing_) key.push_back(id);
        missing &= missing - 1;
      }
    }
  }

 private:
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint32_t> frontiers_;  // frontier() after each add, a stack
  std::uint32_t lowest_missing_ = 0;
};

// The configurations explored: keys (LinearizedSet::cache_key) back to back in one
// array, found through an open-addressing table of their hashes. No allocation per key,
// and never iterated, so its order cannot matter.
class MemoCache {
 public:
  MemoCache() : slots_(1024, kEmpty) {}

  // True if `key` is new (it is remembered from now on).
  bool insert(const std::vector<std::uint32_t>& key) {
    const std::uint64_t hash = hash_of(key);
    std::size_t slot = hash & (slots_.size() - 1);
    for (; slots_[slot] != kEmpty; slot = (slot + 1) & (slots_.size() - 1)) {
      const Entry& entry = entries_[slots_[slot]];
      if (entry.hash == hash && std::equal(key.begin(), key.end(), arena_.begin() + entry.offset,
                                           arena_.begin() + entry.offset + entry.length)) {
        return false;
      }
    }
    slots_[slot] = entries_.size();
    entries_.push_back({hash, arena_.size(), static_cast<std::uint32_t>(key.size())});
    arena_.insert(arena_.end(), key.begin(), key.end());
    if (entries_.size() * 2 > slots_.size()) grow();
    return true;
  }

  std::uint64_t bytes() const {
    return arena_.capacity() * sizeof(std::uint32_t) + entries_.capacity() * sizeof(Entry) +
           slots_.size() * sizeof(std::uint64_t);
  }

 private:
  static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
  struct Entry {
    std::uint64_t hash;
    std::uint64_t offset;
    std::uint32_t length;
  };

  static std::uint64_t hash_of(const std::vector<std::uint32_t>& key) {
    std::uint64_t hash = 0x9E3779B97F4A7C15ull ^ key.size();
    for (const std::uint32_t word : key) {
      hash ^= word;
      hash *= 0xBF58476D1CE4E5B9ull;
      hash ^= hash >> 31;
    }
    return hash;
  }

  void grow() {
    slots_.assign(slots_.size() * 2, kEmpty);
    for (std::uint64_t index = 0; index < entries_.size(); ++index) {
      std::size_t slot = entries_[index].hash & (slots_.size() - 1);
      while (slots_[slot] != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = index;
    }
  }

  std::vector<std::uint32_t> arena_;
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> slots_;
};

// A register: a write sets the value; a read must return the value it holds.
bool step(std::uint32_t& state, const RegisterOperation& operation) {
  if (operation.is_write) {
    state = operation.value;
    return true;
  }
  return operation.value == state;
}

}  // namespace

SearchResult search_linearization(const std::vector<RegisterOperation>& given, Budget& budget) {
  // Setting up costs a step an operation, charged first: the window's many small
  // searches of a long history stay within the budget too.
  if (budget.steps < given.size()) {
    budget.steps = 0;
    return SearchResult{};
  }
  // Internally operations are numbered in call order (LinearizedSet relies on it).
  std::vector<std::uint32_t> by_call(given.size());
  std::iota(by_call.begin(), by_call.end(), 0u);
  std::stable_sort(by_call.begin(), by_call.end(),
                   [&given](std::uint32_t a, std::uint32_t b) { return given[a].invoked < given[b].invoked; });
  std::vector<RegisterOperation> operations;
  operations.reserve(given.size());
  for (const std::uint32_t id : by_call) operations.push_back(given[id]);

  SearchResult result;
  result.steps = operations.size();
  EventList events(operations);
  LinearizedSet linearized(operations.size());
  MemoCache cache;
  std::vector<std::uint32_t> key;
  struct Call {
    std::uint32_t operation;
    std::uint32_t state_before;
    bool forced;  // a read taken as soon as it could be: no choice to revisit
  };
  std::vector<Call> calls;
  std::uint32_t state = 0;
  std::size_t answered_left = 0;  // operations with a known response not yet linearized
  for (const RegisterOperation& operation : operations) answered_left += operation.returned != kNever;
  std::uint32_t furthest_return = 0;
  const auto finish = [&](Verdict verdict) {
    result.verdict = verdict;
    if (verdict == Verdict::Linearizable) {
      for (const Call& call : calls) result.order.push_back(by_call[call.operation]);
    }
    result.cache_bytes = cache.bytes();
    budget.steps -= std::min(budget.steps, result.steps);
    budget.cache_bytes -= std::min(budget.cache_bytes, result.cache_bytes);
    return result;
  };
  // Linearizes `id` next, unless the register refuses it or the configuration it leads
  // to was explored before (and so leads nowhere: the search is depth first).
  const auto try_linearize = [&](std::uint32_t id, bool forced) {
    std::uint32_t after = state;
    if (!step(after, operations[id])) return false;
    linearized.add(id);
    linearized.cache_key(after, key);
    if (!cache.insert(key)) {
      linearized.remove(id);
      return false;
    }
    calls.push_back({id, state, forced});
    state = after;
    answered_left -= operations[id].returned != kNever;
    events.lift(id);
    return true;
  };
  // A read that may be linearized now (every operation that returned before it began is
  // linearized) and that returns the value held now is taken at once: it changes nothing,
  // so any order that places it later works with it here (Lowe's observation for pure
  // operations). False: the configuration was explored before, a dead end.
  const auto take_reads = [&] {
    for (std::uint32_t node = events.first(); node != kNone && events.is_call(node);) {
      const std::uint32_t id = events.operation(node);
      if (!operations[id].is_write && operations[id].value == state) {
        if (!try_linearize(id, true)) return false;
        node = events.first();
      } else {
        node = events.next(node);
      }
    }
    return true;
  };

  bool dead_end = !take_reads();
  std::uint32_t node = events.first();
  while (true) {
    // Every answered operation is placed: the unknown ones left need not take effect.
    if (!dead_end && answered_left == 0) return finish(Verdict::Linearizable);
    if (++result.steps > budget.steps || cache.bytes() > budget.cache_bytes) return finish(Verdict::Undecided);
    if (!dead_end && events.is_call(node)) {
      if (try_linearize(events.operation(node), false)) {
        dead_end = !take_reads();
        node = events.first();
      } else {
        node = events.next(node);
      }
      continue;
    }
    // A return whose call is still waiting (or a dead end): undo the latest choice and
    // try the next one; forced reads before it go with it.
    if (!dead_end) furthest_return = std::max(furthest_return, node);
    dead_end = false;
    std::optional<Call> undone;
    while (!calls.empty() && !undone) {
      const Call call = calls.back();
      calls.pop_back();
      state = call.state_before;
      linearized.remove(call.operation);
      answered_left += operations[call.operation].returned != kNever;
      events.unlift(call.operation);
      if (!call.forced) undone = call;
    }
    if (!undone) break;
    node = events.next(events.call_of(undone->operation));
  }
  result.stuck = by_call[events.operation(furthest_return == 0 ? events.first() : furthest_return)];
  return finish(Verdict::NotLinearizable);
}

}  // namespace sim::lincheck
