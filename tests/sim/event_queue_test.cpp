// sim/cluster/event_queue.h: the agenda. Events fire in (time, sequence) order; the sequence is
// the order of scheduling, so ties at one virtual time fire in the order scheduled.
#include <doctest/doctest.h>

#include <vector>

#include "core/random.h"
#include "sim/cluster/event_queue.h"

namespace {

using sim::Event;
using sim::EventQueue;
using sim::EventType;

std::vector<std::uint64_t> drain_payloads(EventQueue& queue) {
  std::vector<std::uint64_t> payloads;
  while (!queue.empty()) payloads.push_back(queue.pop().payload);
  return payloads;
}

}  // namespace

TEST_CASE("event queue: the earliest time fires first, whatever the order of scheduling") {
  EventQueue queue;
  queue.push(300, EventType::Timer, 1, 3);
  queue.push(100, EventType::Deliver, 2, 1);
  queue.push(200, EventType::ClientWrite, 0, 2);
  queue.push(50, EventType::ClientRetry, 0, 0);
  CHECK(queue.size() == 4);
  CHECK(queue.top().time == 50);
  std::vector<raft::Time> times;
  while (!queue.empty()) times.push_back(queue.pop().time);
  CHECK(times == std::vector<raft::Time>{50, 100, 200, 300});
  CHECK(queue.size() == 0);
}

TEST_CASE("event queue: events at the same time fire in the order they were scheduled") {
  EventQueue queue;
  for (std::uint64_t payload = 0; payload < 50; ++payload) queue.push(1000, EventType::Deliver, 1, payload);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t payload = 0; payload < 50; ++payload) expected.push_back(payload);
  CHECK(drain_payloads(queue) == expected);
}

TEST_CASE("event queue: sequence numbers count the pushes, and a tie is broken by them") {
  EventQueue queue;
  queue.push(10, EventType::Timer, 3, 0);    // sequence 0
  queue.push(5, EventType::Timer, 2, 0);     // sequence 1
  queue.push(10, EventType::Deliver, 1, 0);  // sequence 2
  const Event first = queue.pop();
  CHECK(first.time == 5);
  CHECK(first.sequence == 1);
  CHECK(first.node == 2);
  const Event second = queue.pop();
  CHECK(second.time == 10);
  CHECK(second.sequence == 0);
  CHECK(second.type == EventType::Timer);
  const Event third = queue.pop();
  CHECK(third.sequence == 2);
  CHECK(third.type == EventType::Deliver);
  CHECK(queue.empty());
}

TEST_CASE("event queue: every field of an event comes back as pushed") {
  EventQueue queue;
  queue.push(42, EventType::ClientRetry, 7, 123456789012345ULL, 99);
  const Event event = queue.pop();
  CHECK(event.time == 42);
  CHECK(event.type == EventType::ClientRetry);
  CHECK(event.node == 7);
  CHECK(event.payload == 123456789012345ULL);
  CHECK(event.extra == 99);
}

TEST_CASE("event queue: a later push at an earlier time still fires first; ties keep their order after interleaved pops") {
  EventQueue queue;
  queue.push(100, EventType::Deliver, 0, 1);
  queue.push(100, EventType::Deliver, 0, 2);
  CHECK(queue.pop().payload == 1);
  queue.push(100, EventType::Deliver, 0, 3);  // scheduled after 2: fires after 2
  queue.push(99, EventType::Deliver, 0, 4);   // earlier time: fires first
  CHECK(drain_payloads(queue) == std::vector<std::uint64_t>{4, 2, 3});
}

TEST_CASE("event queue: thousands of random events come out sorted by (time, sequence)") {
  EventQueue queue;
  raft::Prng random(2024);
  for (int i = 0; i < 5000; ++i) queue.push(static_cast<raft::Time>(random.below(200)), EventType::Deliver, 0, 0);
  Event previous = queue.pop();
  int ties = 0;
  while (!queue.empty()) {
    const Event event = queue.pop();
    REQUIRE(event.time >= previous.time);
    if (event.time == previous.time) {
      ++ties;
      REQUIRE(event.sequence > previous.sequence);
    }
    previous = event;
  }
  CHECK(ties > 4000);  // 5000 events on 200 times: ties are the rule, and all kept their order
}

TEST_CASE("event queue: a series fires exactly as its events pushed one by one would") {
  // Two overlapping series (3/s and 7/s, whose times do not divide evenly) among
  // ordinary events at colliding times; the same agenda built event by event.
  auto build = [](bool as_series) {
    EventQueue queue;
    queue.push(0, EventType::Timer, 1, 1000);
    if (as_series) {
      queue.push_series(0, 3, 1, 10, EventType::ClientWrite, 0, 1);
    } else {
      for (std::uint64_t i = 1; i < 10; ++i) queue.push(static_cast<raft::Time>(i) * raft::kSecond / 3, EventType::ClientWrite, 0, i);
    }
    queue.push(raft::kSecond, EventType::Deliver, 2, 2000);  // at the same time as the 3rd write, scheduled later
    if (as_series) {
      queue.push_series(raft::kSecond / 2, 7, 0, 12, EventType::ClientWrite, 0, 100);
    } else {
      for (std::uint64_t i = 0; i < 12; ++i) {
        queue.push(raft::kSecond / 2 + static_cast<raft::Time>(i) * raft::kSecond / 7, EventType::ClientWrite, 0, 100 + i);
      }
    }
    queue.push(2 * raft::kSecond, EventType::Timer, 3, 3000);
    return queue;
  };
  EventQueue series = build(true);
  EventQueue single = build(false);
  CHECK(series.size() == single.size());
  std::vector<Event> from_series;
  std::vector<Event> from_single;
  while (!series.empty()) from_series.push_back(series.pop());
  while (!single.empty()) from_single.push_back(single.pop());
  REQUIRE(from_series.size() == from_single.size());
  for (std::size_t i = 0; i < from_series.size(); ++i) {
    CAPTURE(i);
    CHECK(from_series[i].time == from_single[i].time);
    CHECK(from_series[i].sequence == from_single[i].sequence);
    CHECK(from_series[i].payload == from_single[i].payload);
    CHECK(from_series[i].type == from_single[i].type);
  }
}
