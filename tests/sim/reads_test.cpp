// Reads in the simulator (dissertation 6.4, 6.4.1): through the log, by ReadIndex (a
// heartbeat round before the answer), within the leader's lease (no round), forwarded by
// a follower; and the node clocks that drift while the simulator keeps true time.
#include <doctest/doctest.h>

#include <sstream>

#include "helpers.h"
#include "sim/lincheck/checker.h"
#include "sim/lincheck/from_client.h"
#include "sim/record/timeline.h"

using namespace simtest;
using sim::ReadWay;
using sim::Simulator;

namespace {

// A 3-node cluster with a leader, x=1 committed and applied everywhere.
Simulator settled(ReadWay way) {
  sim::ClusterConfig config = cluster(3, 7);
  config.noop = true;
  config.check_quorum = true;
  config.reads = way;
  Simulator simulator(config);
  REQUIRE(run_until_leader(simulator));
  simulator.write("x=1");
  simulator.run_until(simulator.now() + 300 * kMs);
  return simulator;
}

const sim::ClientOperation& last(const Simulator& simulator) {
  return simulator.history()[simulator.history().size() - 1];
}

}  // namespace

TEST_CASE("reads: every way returns the value committed before it began, and the history is linearizable") {
  for (ReadWay way : {ReadWay::Log, ReadWay::ReadIndex, ReadWay::Lease}) {
    CAPTURE(sim::read_way_name(way));
    Simulator simulator = settled(way);
    const auto leader = simulator.leader();
    REQUIRE(leader);
    for (NodeId via : {*leader, *leader % 3 + 1}) {  // the leader, and a follower forwarding it
      simulator.read("x", via);
      simulator.run_until(simulator.now() + 200 * kMs);
      CHECK(last(simulator).outcome == sim::Outcome::Acknowledged);
      CHECK(last(simulator).found);
      CHECK(last(simulator).value == "1");
    }
    simulator.read("absent", *leader);
    simulator.run_until(simulator.now() + 200 * kMs);
    CHECK(last(simulator).outcome == sim::Outcome::Acknowledged);
    CHECK_FALSE(last(simulator).found);
    const auto result = sim::lincheck::check_history(sim::lincheck::history_of(simulator.history()));
    CHECK(result.verdict == sim::lincheck::Verdict::Linearizable);
  }
}

TEST_CASE("reads: the timeline says what the client asked and what it read, never that a read was written") {
  Simulator simulator = settled(ReadWay::ReadIndex);
  const auto leader = simulator.leader();
  REQUIRE(leader);
  simulator.set_recording(true);
  simulator.read("x", *leader, ReadWay::Lease);
  simulator.read("absent", *leader);
  simulator.run_until(simulator.now() + 200 * kMs);
  std::ostringstream out;
  sim::Timeline timeline(out, sim::Verbosity::Normal, false);
  for (const sim::Record& record : simulator.take_records()) timeline.print(record, simulator);
  const std::string text = out.str();
  const std::string n = "n" + std::to_string(*leader);
  CHECK(text.find("client reads x (lease)") != std::string::npos);
  CHECK(text.find("client reads absent (readindex)") != std::string::npos);
  CHECK(text.find("client read x = 1, answered by " + n + " (lease, as of index ") != std::string::npos);
  CHECK(text.find("client read absent not found, answered by " + n + " (readindex, as of index ") != std::string::npos);
  CHECK(text.find("writes read") == std::string::npos);
  CHECK(text.find("acknowledged") == std::string::npos);
}

TEST_CASE("node clocks: a node's clock runs at its own rate from when it is set, and timers convert back") {
  Simulator simulator(cluster(3, 1));
  simulator.run_until(100 * kMs);
  simulator.set_drift(1, -500'000);  // half speed
  simulator.set_drift(2, +250'000);
  simulator.run_until(300 * kMs);
  CHECK(simulator.node_time(1) == 200 * kMs);
  CHECK(simulator.node_time(2) == 350 * kMs);
  CHECK(simulator.node_time(3) == 300 * kMs);
}
