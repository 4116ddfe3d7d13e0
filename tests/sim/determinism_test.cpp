// One seed reproduces the whole run: the same scenario and seed give the same trace, line
// for line; another seed gives another run; and playing a scenario one step at a time
// (as the GUI does) or in chunks reaches the same state and records as playing it through.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace simtest;
using sim::PlayStatus;
using sim::ScenarioPlayer;
using sim::Simulator;

namespace {

const std::string kLesson = std::string(RAFTSIM_SIM_FIXTURES) + "/lesson.scenario";

// Everything observable about a finished (or paused) play.
struct Outcome {
  std::vector<std::string> trace;  // records, then notes, as trace lines
  std::vector<std::string> notes;
  std::string cluster;
  PlayStatus status = PlayStatus::Running;
  Time now = 0;
  std::uint64_t events = 0;
  std::size_t passed = 0;
  std::vector<std::string> history;
};

void collect(ScenarioPlayer& player, Outcome& outcome) {
  for (const sim::Record& record : player.simulator().take_records()) outcome.trace.push_back(sim::trace_line(record));
  for (const sim::Note& note : player.take_notes()) outcome.notes.push_back(sim::trace_line(note));
}

Outcome finish(ScenarioPlayer& player, Outcome outcome) {
  collect(player, outcome);
  outcome.cluster = describe_cluster(player.simulator());
  outcome.status = player.status();
  outcome.now = player.simulator().now();
  outcome.events = player.simulator().stats().events;
  outcome.passed = player.expectations_passed();
  for (const sim::ClientOperation& operation : player.simulator().history()) {
    outcome.history.push_back(operation.command + " " + sim::outcome_name(operation.outcome) + " @" +
                              std::to_string(operation.completed_at));
  }
  return outcome;
}

ScenarioPlayer lesson_player(std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioPlayer player(sim::load_scenario(kLesson), seed);
  player.simulator().set_recording(true);
  return player;
}

Outcome play_through(std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioPlayer player = lesson_player(seed);
  player.play_to_end();
  return finish(player, {});
}

Outcome play_by_steps(std::optional<std::uint64_t> seed) {
  ScenarioPlayer player = lesson_player(seed);
  Outcome outcome;
  int steps = 0;
  while (!player.finished()) {
    player.step();
    ++steps;
    if (steps % 7 == 0) collect(player, outcome);  // take records as a GUI frame would
  }
  return finish(player, std::move(outcome));
}

Outcome play_in_chunks(std::optional<std::uint64_t> seed, Time chunk) {
  ScenarioPlayer player = lesson_player(seed);
  Outcome outcome;
  Time until = 0;
  while (!player.finished()) {
    until += chunk;
    player.play_until(until);
    collect(player, outcome);
  }
  return finish(player, std::move(outcome));
}

void check_same(const Outcome& a, const Outcome& b) {
  CHECK(a.status == b.status);
  CHECK(a.now == b.now);
  CHECK(a.events == b.events);
  CHECK(a.passed == b.passed);
  CHECK(a.cluster == b.cluster);
  CHECK(a.history == b.history);
  CHECK(a.notes == b.notes);
  REQUIRE(a.trace.size() == b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) {
    if (a.trace[i] != b.trace[i]) {
      FAIL_CHECK("traces differ at line " << i + 1 << ":\n  " << a.trace[i] << "\n  " << b.trace[i]);
      break;
    }
  }
}

}  // namespace

TEST_CASE("determinism: the lesson fixture passes (so the comparisons below compare a real run)") {
  const Outcome outcome = play_through();
  CHECK(outcome.status == PlayStatus::Passed);
  CHECK(outcome.passed == 8);
  CHECK(outcome.trace.size() > 500);
}

TEST_CASE("determinism: the same scenario and seed give the same trace, line for line") {
  const Outcome first = play_through();
  const Outcome second = play_through();
  check_same(first, second);
  const Outcome with_seed = play_through(42);  // the file's own seed, given explicitly
  check_same(first, with_seed);
}

TEST_CASE("determinism: another seed gives another run") {
  const Outcome base = play_through(42);
  for (std::uint64_t seed : {1ULL, 2ULL, 43ULL, 1000000007ULL}) {
    CAPTURE(seed);
    const Outcome other = play_through(seed);
    CHECK(other.trace != base.trace);
  }
}

TEST_CASE("determinism: stepping one event at a time reaches the same state and records as playing through") {
  for (std::uint64_t seed : {42ULL, 3ULL, 17ULL}) {
    CAPTURE(seed);
    check_same(play_through(seed), play_by_steps(seed));
  }
}

TEST_CASE("determinism: playing in chunks of virtual time reaches the same state and records as playing through") {
  for (Time chunk : {Time{1}, Time{999}, 16 * kMs, 250 * kMs, 10 * kSecond}) {
    CAPTURE(chunk);
    check_same(play_through(42), play_in_chunks(42, chunk));
  }
}

TEST_CASE("determinism: a copied player is a checkpoint; the copy plays on to the same end") {
  ScenarioPlayer player = lesson_player();
  player.play_until(1500 * kMs);
  ScenarioPlayer checkpoint = player;
  // Records up to the checkpoint are in both; take them from both so each holds the rest.
  Outcome head;
  collect(player, head);
  checkpoint.simulator().take_records();
  checkpoint.take_notes();
  player.play_to_end();
  while (!checkpoint.finished()) checkpoint.step();
  check_same(finish(player, {}), finish(checkpoint, {}));
}

TEST_CASE("determinism: two simulators with the same configuration and inputs give the same records") {
  auto run = [](std::uint64_t seed) {
    sim::ClusterConfig config = cluster(5, seed);
    config.network.loss_ppm = 50'000;
    config.network.duplicate_ppm = 20'000;
    Simulator simulator(config);
    simulator.set_recording(true);
    for (int i = 0; i < 30; ++i) simulator.schedule_write(200 * kMs + i * 97 * kMs, "k=" + std::to_string(i));
    simulator.run_until(2 * kSecond);
    simulator.crash(3);
    simulator.partition({{1, 2}});
    simulator.run_until(4 * kSecond);
    simulator.restart(3);
    simulator.heal();
    simulator.run_until(6 * kSecond);
    return lines_of(simulator.take_records());
  };
  const auto first = run(5);
  CHECK(first.size() > 1000);
  CHECK(first == run(5));
  CHECK(first != run(6));
}

TEST_CASE("determinism: trace lines have a fixed field order") {
  Simulator simulator(cluster(3, 1));
  simulator.set_recording(true);
  simulator.campaign(2);
  simulator.run_until(20 * kMs);
  const auto lines = lines_of(simulator.take_records());
  REQUIRE(lines.size() >= 2);
  CHECK(lines[0] ==
        R"({"seq":1,"t_us":0,"kind":"campaign","node":2,"changes":[{"node":2,"role":["follower","candidate"],"term":[0,1],"voted_for":[0,2]}],)"
        R"("decisions":[{"node":2,"cause":"told-to-campaign","text":"told to campaign: becomes candidate for term 1"},)"
        R"({"node":2,"cause":"timer-reset-by-election","text":"election timer reset (240.312 ms): started an election for term 1"}]})");
  for (const std::string& line : lines) {
    CHECK(line.rfind(R"({"seq":)", 0) == 0);
    CHECK(line.find('\n') == std::string::npos);
  }
}
