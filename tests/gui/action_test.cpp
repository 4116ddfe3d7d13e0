// Every GUI action is one line of the scenario language, and the parser agrees.
#include <doctest/doctest.h>

#include "gui/model/action.h"
#include "sim/scenario/player.h"
#include "sim/scenario/scenario.h"

using gui::Action;
using raft::kMillisecond;

namespace {

sim::Command parse_line(const std::string& line) {
  const sim::Scenario scenario = sim::parse_scenario("cluster 5\n" + line + "\n", "test");
  REQUIRE(scenario.commands.size() == 2);
  return scenario.commands[1];
}

}  // namespace

TEST_CASE("each action is written as the scenario command that does the same") {
  using Kind = sim::Command::Kind;
  const struct {
    Action action;
    std::string line;
    Kind kind;
  } cases[] = {
      {Action::crash(2), "crash n2", Kind::Crash},
      {Action::restart(2), "restart n2", Kind::Restart},
      {Action::campaign(3), "campaign n3", Kind::Campaign},
      {Action::isolate(3), "isolate n3", Kind::Isolate},
      {Action::transfer(4), "transfer n4", Kind::Transfer},
      {Action::add_server(4), "add n4", Kind::AddServer},
      {Action::promote_server(4), "promote n4", Kind::PromoteServer},
      {Action::remove_server(2), "remove n2", Kind::RemoveServer},
      {Action::snapshot(2), "snapshot n2", Kind::Snapshot},
      {Action::read("x"), "read x", Kind::Read},
      {Action::read("x", 3), "read x via n3", Kind::Read},
      {Action::partition({{1, 2}, {3, 4, 5}}), "partition n1,n2 | n3,n4,n5", Kind::Partition},
      {Action::cut(1, 2), "cut n1 -> n2", Kind::Cut},
      {Action::heal(), "heal", Kind::Heal},
      {Action::latency(1 * kMillisecond, 10 * kMillisecond), "latency 1ms 10ms", Kind::Latency},
      {Action::loss(200000), "loss 20%", Kind::Loss},
      {Action::duplicate(5000), "duplicate 0.5%", Kind::Duplicate},
      {Action::write("x=1"), "write x=1", Kind::Write},
      {Action::write("x=1", 3), "write x=1 via n3", Kind::Write},
      {Action::set_timer(2, 200 * kMillisecond), "timeout n2 200ms", Kind::SetTimer},
      {Action::align_timers(), "timers align", Kind::AlignTimers},
      {Action::spread_timers(), "timers spread", Kind::SpreadTimers},
      {Action::drop(1, 2, "Heartbeat", 7), "drop next Heartbeat n1 -> n2", Kind::DropNext},
      {Action::say("Leaders \"win\" votes"), "say \"Leaders \\\"win\\\" votes\"", Kind::Say},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(gui::scenario_line(c.action) == c.line);
    const sim::Command command = parse_line(c.line);
    CHECK(command.kind == c.kind);
  }
  CHECK(parse_line("say \"Leaders \\\"win\\\" votes\"").value == "Leaders \"win\" votes");
  CHECK(parse_line("partition n1,n2 | n3,n4,n5").groups.size() == 2);
}

TEST_CASE("durations and percentages are written exactly") {
  CHECK(gui::duration_text(1500 * kMillisecond) == "1.5s");
  CHECK(gui::duration_text(123457) == "123.457ms");
  CHECK(gui::duration_text(250) == "250us");
  CHECK(gui::percent_text(200000) == "20%");
  CHECK(gui::percent_text(1) == "0.0001%");
  CHECK(gui::percent_text(1000000) == "100%");
  CHECK(parse_line("run " + gui::duration_text(123457)).duration == 123457);
  CHECK(parse_line("loss " + gui::percent_text(123)).ppm == 123);
}

TEST_CASE("an action applies only when it makes sense") {
  sim::ClusterConfig config;
  config.nodes = 3;
  sim::Simulator simulator(config);
  CHECK(gui::applicable(Action::crash(1), simulator));
  CHECK_FALSE(gui::applicable(Action::restart(1), simulator));  // it is up
  CHECK_FALSE(gui::applicable(Action::crash(4), simulator));    // no such node
  CHECK_FALSE(gui::applicable(Action::write("no-equals-sign"), simulator));
  CHECK(gui::apply(Action::crash(1), simulator));
  CHECK_FALSE(simulator.is_up(1));
  CHECK(gui::applicable(Action::restart(1), simulator));
  CHECK_FALSE(gui::apply(Action::drop(1, 2, "Heartbeat", 99), simulator));  // nothing in flight
}

TEST_CASE("the Transfer button asks the leader to hand over; a refusal is an event that says why") {
  sim::ClusterConfig config;
  config.nodes = 3;
  sim::Simulator simulator(config);
  simulator.set_recording(true);
  CHECK_FALSE(gui::applicable(Action::transfer(4), simulator));  // no such node
  REQUIRE(gui::apply(Action::transfer(2), simulator));            // no leader yet: refused, explained
  auto records = simulator.take_records();
  REQUIRE_FALSE(records.empty());
  CHECK(records.back().kind == sim::RecordKind::Transfer);
  CHECK(records.back().reason == "refused: no leader to hand leadership to n2 from");
  simulator.run_until(2 * raft::kSecond);
  const auto leader = simulator.leader();
  REQUIRE(leader);
  const raft::NodeId target = *leader % 3 + 1;
  REQUIRE(gui::apply(Action::transfer(target), simulator));
  CHECK(simulator.node(*leader).transfer_target() == target);
  simulator.run_until(simulator.now() + 100 * kMillisecond);
  CHECK(simulator.leader() == target);
}

TEST_CASE("each client write route records the line that does exactly what its label says") {
  sim::ScenarioPlayer player(sim::parse_scenario("cluster 5\nseed 4\nrun until leader within 5s\n", "test"));
  player.play_to_end();
  const sim::Simulator& simulator = player.simulator();
  REQUIRE(simulator.leader());
  const std::string leader = "n" + std::to_string(*simulator.leader());

  using gui::WriteRoute;
  const struct {
    WriteRoute route;
    std::string label;
    std::string line;
  } cases[] = {
      {WriteRoute::find_leader(), "the client finds the leader", "write x=1"},
      {WriteRoute::current_leader(), "via the current leader (" + leader + ")", "write x=1 via " + leader},
      {WriteRoute::to(4), "via n4", "write x=1 via n4"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(gui::route_label(c.route, simulator) == c.label);
    const std::optional<gui::NodeId> node = gui::route_node(c.route, simulator);
    REQUIRE(node);
    const std::optional<Action> read = gui::client_read("x=1", c.route, simulator);
    REQUIRE(read);
    CHECK(read->via == *node);  // the read goes where the write goes
    const std::optional<Action> write = gui::client_write(gui::next_write_value(simulator), c.route, simulator);
    REQUIRE(write);
    CHECK(gui::applicable(*write, simulator));
    CHECK(write->via == *node);
    CHECK(gui::scenario_line(*write) == c.line);
    // The parser reads the line back as the same write along the same route.
    const sim::Command command = parse_line(c.line);
    CHECK(command.value == "x=1");
    CHECK(command.via.has_value() == (c.route.kind != WriteRoute::Kind::FindLeader));
    if (command.via) CHECK(command.via->kind == sim::NodeRef::Kind::Id);  // a node by number, never `via leader`
  }
}

TEST_CASE("with no leader, the current-leader route says so and writes nothing") {
  sim::ScenarioPlayer player(sim::parse_scenario("cluster 5\nseed 4\n", "test"));  // time 0: no leader yet
  const sim::Simulator& simulator = player.simulator();
  REQUIRE_FALSE(simulator.leader());
  CHECK(gui::route_label(gui::WriteRoute::current_leader(), simulator) == "via the current leader (there is none now)");
  CHECK_FALSE(gui::route_node(gui::WriteRoute::current_leader(), simulator));
  CHECK_FALSE(gui::client_write("x=1", gui::WriteRoute::current_leader(), simulator));
  CHECK_FALSE(gui::client_read("x=1", gui::WriteRoute::current_leader(), simulator));
  CHECK(gui::next_write_value(simulator) == "x=1");
}

TEST_CASE("the client panel's read asks for the key it would write, the same way") {
  sim::ClusterConfig config;
  config.nodes = 3;
  sim::Simulator simulator(config);
  const auto read = gui::client_read("x=1", gui::WriteRoute::to(2), simulator);
  REQUIRE(read);
  CHECK(gui::scenario_line(*read) == "read x via n2");
  CHECK(gui::apply(*read, simulator));
  CHECK(simulator.history().size() == 1);
  CHECK(simulator.history()[0].read);
  CHECK_FALSE(gui::applicable(Action::read("x=1"), simulator));  // a key holds no '='
  CHECK_FALSE(gui::applicable(Action::snapshot(9), simulator));
}
