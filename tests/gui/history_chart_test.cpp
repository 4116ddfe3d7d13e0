// The History tab's model: a bar per client operation, lanes where they overlap, and the
// checker's linearization points inside their bars.
#include <doctest/doctest.h>

#include "gui/model/history_chart.h"
#include "sim/cluster/simulator.h"

namespace {

sim::Simulator cluster_with_writes() {
  sim::ClusterConfig config;
  config.nodes = 3;
  config.seed = 7;
  sim::Simulator simulator(config);
  simulator.run_until(1 * raft::kSecond);
  // A burst: five writes in flight at once, then one more after they are answered.
  for (int i = 1; i <= 5; ++i) simulator.write("x=" + std::to_string(i));
  simulator.run_until(3 * raft::kSecond);
  simulator.write("y=1");
  simulator.run_until(4 * raft::kSecond);
  return simulator;
}

}  // namespace

TEST_CASE("a bar per write, overlapping writes in lanes of their own, each point inside its bar") {
  const sim::Simulator simulator = cluster_with_writes();
  const gui::HistoryChart chart = gui::history_chart(simulator.history());
  REQUIRE(chart.bars.size() == 6);
  CHECK(chart.verdict == sim::lincheck::Verdict::Linearizable);
  CHECK(chart.row_labels.front() == "client 1");
  CHECK(chart.row_labels.size() == 5);  // the burst's five writes overlap
  for (const gui::HistoryBar& bar : chart.bars) {
    CHECK(bar.state == gui::HistoryBar::State::Acknowledged);
    CHECK(bar.point >= bar.invoked);
    CHECK(bar.point <= bar.returned);
    CHECK_FALSE(bar.in_window);
  }
  CHECK(chart.bars.back().row == 0);  // y=1 began after every lane was free again
  CHECK(chart.bars.back().label == "y=1");
}

TEST_CASE("the chart is rebuilt when the history grows or an outcome changes") {
  sim::ClusterConfig config;
  config.nodes = 3;
  sim::Simulator simulator(config);
  simulator.run_until(1 * raft::kSecond);
  const std::uint64_t empty = gui::history_fingerprint(simulator.history());
  simulator.write("x=1");
  const std::uint64_t pending = gui::history_fingerprint(simulator.history());
  CHECK(pending != empty);
  simulator.run_until(2 * raft::kSecond);
  REQUIRE(simulator.history()[0].outcome == sim::Outcome::Acknowledged);
  CHECK(gui::history_fingerprint(simulator.history()) != pending);
}
