// The simulator's agenda: events ordered by (time, sequence number). The sequence
// number is the order of scheduling, so two events at the same time always fire in the
// order they were scheduled: the documented tie-break that makes runs reproducible.
//
// A series (a client's stream of writes) is kept as one entry that yields its events
// one by one, not as thousands of events: a copy of the queue (a GUI checkpoint) then
// stays small. Its events take consecutive sequence numbers when it is pushed, so they
// fire exactly as if each had been pushed on its own.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "core/types.h"

namespace sim {

using raft::NodeId;
using raft::Time;

enum class EventType : std::uint8_t {
  Deliver,      // a message arrives (payload: in-flight message id)
  Timer,        // a node's election or heartbeat timer may be due (payload: node incarnation)
  ClientWrite,  // a scheduled client write begins (payload: client operation id)
  ClientRetry,  // a client operation's retry timer or redirect pause (payload: operation id; extra: see below)
};

// A ClientRetry's extra: 0 for the retry timer (a wait for an answer, see sim/client/client.h),
// or this bit plus the attempt it belongs to for the pause after "not leader".
inline constexpr std::uint64_t kRetryAfterRedirect = std::uint64_t{1} << 32;
inline constexpr std::uint32_t retry_attempt(std::uint64_t extra) { return static_cast<std::uint32_t>(extra); }

struct Event {
  Time time = 0;
  std::uint64_t sequence = 0;
  EventType type = EventType::Deliver;
  NodeId node = 0;
  std::uint64_t payload = 0;
  std::uint64_t extra = 0;
};

class EventQueue {
 public:
  void push(Time time, EventType type, NodeId node, std::uint64_t payload, std::uint64_t extra = 0) {
    heap_.push(Event{time, next_sequence_++, type, node, payload, extra});
  }
  // Events of `type` at origin + i * kSecond / per_second for i = first..end-1, the
  // first with payload `payload`, the next with payload + 1, and so on.
  void push_series(Time origin, std::int64_t per_second, std::uint64_t first, std::uint64_t end, EventType type,
                   NodeId node, std::uint64_t payload) {
    if (first >= end) return;
    Series series{origin, per_second, first, end, Event{0, next_sequence_, type, node, payload, 0}};
    series.next.time = series.time_of(first);
    series_.push_back(series);
    next_sequence_ += end - first;
  }
  bool empty() const { return heap_.empty() && series_.empty(); }
  const Event& top() const {
    const std::size_t series = series_first();
    return series < series_.size() ? series_[series].next : heap_.top();
  }
  Event pop() {
    const std::size_t series = series_first();
    if (series < series_.size()) return take_from(series);
    Event event = heap_.top();
    heap_.pop();
    return event;
  }
  std::size_t size() const {
    std::size_t count = heap_.size();
    for (const Series& series : series_) count += series.end - series.index;
    return count;
  }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  struct Series {
    Time origin = 0;
    std::int64_t per_second = 1;
    std::uint64_t index = 0;  // of the next event
    std::uint64_t end = 0;
    Event next;
    Time time_of(std::uint64_t i) const { return origin + static_cast<Time>(i) * raft::kSecond / per_second; }
  };
  // The series whose next event comes before every other event; series_.size() if none.
  std::size_t series_first() const {
    std::size_t earliest = series_.size();
    for (std::size_t s = 0; s < series_.size(); ++s) {
      if (earliest == series_.size() || Later{}(series_[earliest].next, series_[s].next)) earliest = s;
    }
    if (earliest < series_.size() && !heap_.empty() && !Later{}(heap_.top(), series_[earliest].next)) {
      return series_.size();
    }
    return earliest;
  }
  Event take_from(std::size_t index) {
    Series& series = series_[index];
    const Event event = series.next;
    if (++series.index == series.end) {
      series_.erase(series_.begin() + static_cast<std::ptrdiff_t>(index));
      return event;
    }
    series.next.time = series.time_of(series.index);
    ++series.next.sequence;
    ++series.next.payload;
    return event;
  }

  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  std::vector<Series> series_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace sim
