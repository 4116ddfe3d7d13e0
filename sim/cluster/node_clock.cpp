// Clock drift (issue 10; dissertation 6.4.1): each node's timers, and a leader's lease, run
// on the node's own clock, which runs fast or slow by a rate in parts per million, while
// the simulator keeps true time. The conversion happens at the node boundary: every time
// handed to a core is its clock's reading, and every deadline it asks for is turned back
// into true time. Integer arithmetic only, so that a run stays deterministic.
#include <cassert>

#include "sim/cluster/simulator.h"

namespace sim {

namespace {

constexpr Time kPerMillion = 1'000'000;

// value * numerator / denominator, rounded toward zero, without overflowing for any time
// a run reaches (value >= 0, |numerator| and denominator below 2 * 10^6).
Time scaled(Time value, Time numerator, Time denominator) {
  return value / denominator * numerator + value % denominator * numerator / denominator;
}

}  // namespace

Time Simulator::NodeClock::at(Time true_time) const {
  const Time elapsed = true_time - base_true;
  return base_node + elapsed + scaled(elapsed, ppm, kPerMillion);
}

Time Simulator::NodeClock::true_time_of(Time node_time) const {
  if (node_time <= base_node) return base_true;
  Time guess = base_true + scaled(node_time - base_node, kPerMillion, kPerMillion + ppm);
  // The estimate is off by a tick or two from rounding: settle on the first true time.
  while (at(guess) < node_time) ++guess;
  while (guess > base_true && at(guess - 1) >= node_time) --guess;
  return guess;
}

void Simulator::set_drift(NodeId id, std::int32_t ppm) {
  assert(ppm > -static_cast<std::int32_t>(kPerMillion) && ppm < static_cast<std::int32_t>(kPerMillion));
  NodeClock& clock = nodes_[id].clock;
  begin(RecordKind::Timers, id).reason = "n" + std::to_string(id) + "'s clock runs " +
                                          (ppm >= 0 ? "+" : "") + std::to_string(ppm) + " ppm from now";
  clock.base_node = clock.at(now_);
  clock.base_true = now_;
  clock.ppm = ppm;
  // Its timer falls due at another true time now: the queued event is re-armed (an early
  // one is moved on when it fires).
  if (nodes_[id].raft) {
    nodes_[id].timer_at = -1;
    arm_timer(id);
  }
  finish();
}

}  // namespace sim
