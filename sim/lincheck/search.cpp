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

// Operations in call order (LinearizedSet relies on it), and where each came from.
struct CallOrder {
  std::vector<RegisterOperation> operations;
  std::vector<std::uint32_t> given_index;
};

CallOrder in_call_order(const std::vector<RegisterOperation>& given) {
  CallOrder order;
  order.given_index.resize(given.size());
  std::iota(order.given_index.begin(), order.given_index.end(), 0u);
  std::stable_sort(order.given_index.begin(), order.given_index.end(),
                   [&given](std::uint32_t a, std::uint32_t b) { return given[a].invoked < given[b].invoked; });
  order.operations.reserve(given.size());
  for (const std::uint32_t index : order.given_index) order.operations.push_back(given[index]);
  return order;
}

// One search: the list of events, the operations linearized so far (a stack of calls,
// each with the register's value before it) and the configurations explored.
class RegisterSearch {
 public:
  explicit RegisterSearch(const std::vector<RegisterOperation>& given)
      : order_(in_call_order(given)), operations_(order_.operations), events_(operations_), linearized_(operations_.size()) {
    for (const RegisterOperation& operation : operations_) answered_left_ += operation.returned != kNever;
    result_.steps = operations_.size();  // setting up: a step an operation
  }

  SearchResult run(Budget& budget) {
    bool dead_end = !take_reads();
    std::uint32_t node = events_.first();
    while (true) {
      // Every answered operation is placed: the unknown ones left need not take effect.
      if (!dead_end && answered_left_ == 0) return finish(Verdict::Linearizable, budget);
      if (++result_.steps > budget.steps || cache_.bytes() > budget.cache_bytes) return finish(Verdict::Undecided, budget);
      if (!dead_end && events_.is_call(node)) {
        if (try_linearize(events_.operation(node), false)) {
          dead_end = !take_reads();
          node = events_.first();
        } else {
          node = events_.next(node);
        }
        continue;
      }
      // A return whose call is still waiting (or a dead end): undo the latest choice.
      if (!dead_end) furthest_return_ = std::max(furthest_return_, node);
      dead_end = false;
      const std::optional<std::uint32_t> undone = undo_latest_choice();
      if (!undone) break;
      node = events_.next(events_.call_of(*undone));  // and try the next one
    }
    const std::uint32_t stuck = furthest_return_ == 0 ? events_.first() : furthest_return_;
    result_.stuck = order_.given_index[events_.operation(stuck)];
    return finish(Verdict::NotLinearizable, budget);
  }

 private:
  struct Call {
    std::uint32_t operation;
    std::uint32_t state_before;
    bool forced;  // a read taken as soon as it could be: no choice to revisit
  };

  // Linearizes `id` next, unless the register refuses it or the configuration it leads
  // to was explored before (and so leads nowhere: the search is depth first).
  bool try_linearize(std::uint32_t id, bool forced) {
    std::uint32_t after = state_;
    if (!step(after, operations_[id])) return false;
    linearized_.add(id);
    linearized_.cache_key(after, key_);
    if (!cache_.insert(key_)) {
      linearized_.remove(id);
      return false;
    }
    calls_.push_back({id, state_, forced});
    state_ = after;
    answered_left_ -= operations_[id].returned != kNever;
    events_.lift(id);
    return true;
  }

  // A read that may be linearized now (every operation that returned before it began is
  // linearized) and that returns the value held now is taken at once: it changes
  // nothing, so any order that places it later works with it here (Lowe's observation
  // for pure operations). False: the configuration was explored before, a dead end.
  bool take_reads() {
    for (std::uint32_t node = events_.first(); node != kNone && events_.is_call(node);) {
      const std::uint32_t id = events_.operation(node);
      if (!operations_[id].is_write && operations_[id].value == state_) {
        if (!try_linearize(id, true)) return false;
        node = events_.first();
      } else {
        node = events_.next(node);
      }
    }
    return true;
  }

  // Undoes calls down to and including the latest choice (forced reads above it go with
  // it); returns its operation, or nullopt when no choice is left.
  std::optional<std::uint32_t> undo_latest_choice() {
    while (!calls_.empty()) {
      const Call call = calls_.back();
      calls_.pop_back();
      state_ = call.state_before;
      linearized_.remove(call.operation);
      answered_left_ += operations_[call.operation].returned != kNever;
      events_.unlift(call.operation);
      if (!call.forced) return call.operation;
    }
    return std::nullopt;
  }

  SearchResult finish(Verdict verdict, Budget& budget) {
    result_.verdict = verdict;
    if (verdict == Verdict::Linearizable) {
      for (const Call& call : calls_) result_.order.push_back(order_.given_index[call.operation]);
    }
    result_.cache_bytes = cache_.bytes();
    budget.steps -= std::min(budget.steps, result_.steps);
    budget.cache_bytes -= std::min(budget.cache_bytes, result_.cache_bytes);
    return std::move(result_);
  }

  CallOrder order_;
  const std::vector<RegisterOperation>& operations_;
  EventList events_;
  LinearizedSet linearized_;
  MemoCache cache_;
  std::vector<std::uint32_t> key_;  // reused for every cache key
  std::vector<Call> calls_;
  std::uint32_t state_ = 0;
  std::size_t answered_left_ = 0;   // operations with a known response not yet linearized
  std::uint32_t furthest_return_ = 0;
  SearchResult result_;
};

}  // namespace

SearchResult search_linearization(const std::vector<RegisterOperation>& given, Budget& budget) {
  // Setting up costs a step an operation, charged first: the window's many small
  // searches of a long history stay within the budget too.
  if (budget.steps < given.size()) {
    budget.steps = 0;
    return SearchResult{};
  }
  return RegisterSearch(given).run(budget);
}

}  // namespace sim::lincheck
