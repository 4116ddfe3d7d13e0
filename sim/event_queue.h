// The simulator's agenda: events ordered by (time, sequence number). The sequence
// number is the order of scheduling, so two events at the same time always fire in the
// order they were scheduled: the documented tie-break that makes runs reproducible.
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
  ClientRetry,  // a client operation's retry timer (payload: operation id and attempt)
};

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
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.top(); }
  Event pop() {
    Event event = heap_.top();
    heap_.pop();
    return event;
  }
  std::size_t size() const { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  std::priority_queue<Event, std::vector<Event>, Later> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace sim
