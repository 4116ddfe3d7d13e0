// sim/scenario/player.*: a scenario played on a simulator: expectations pass or fail with the
// file, line, expected and actual; actions that cannot be done fail; `run until` waits
// and gives up after its limit; spans run time; narration becomes notes and captions.
#include <doctest/doctest.h>

#include "helpers.h"

using namespace simtest;
using sim::Note;
using sim::PlayStatus;
using sim::ScenarioPlayer;

namespace {

ScenarioPlayer played(const std::string& text, std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioPlayer player(scenario(text), seed, simtest::kFigure2);
  player.play_to_end();
  return player;
}

}  // namespace

TEST_CASE("player: a scenario whose expectations hold passes and counts them") {
  ScenarioPlayer player = played(
      "cluster 3\n"
      "seed 7\n"
      "run until leader within 2s\n"
      "write x=1\n"
      "run until committed x=1 on all within 1s\n"
      "expect logs-agree\n"
      "expect not-committed y=1\n"
      "expect no-leader\n" /* fails: there is a leader */);
  CHECK(player.status() == PlayStatus::ExpectationFailed);
  CHECK(player.expectations_passed() == 4);
  ScenarioPlayer passing = played(
      "cluster 3\nseed 7\nrun until leader within 2s\nwrite x=1\nrun until committed x=1 on all within 1s\n"
      "expect logs-agree\nexpect not-committed y=1\nexpect leader\nexpect term >= 1\n");
  CHECK(passing.status() == PlayStatus::Passed);
  CHECK(passing.expectations_passed() == 6);
  CHECK(passing.finished());
  CHECK(passing.current_command() == nullptr);
  CHECK_FALSE(passing.failure());
}

TEST_CASE("player: a failed expectation records its line, what was expected, what was found and the cluster") {
  ScenarioPlayer player = played(
      "cluster 3\n"
      "seed 1\n"
      "run 50ms\n"
      "expect leader\n"
      "run 10s\n");
  REQUIRE(player.status() == PlayStatus::ExpectationFailed);
  REQUIRE(player.failure());
  const Note& failure = *player.failure();
  CHECK(failure.kind == Note::Kind::ExpectFailed);
  CHECK(failure.location.file == "test.scenario");
  CHECK(failure.location.line == 4);
  CHECK(failure.text == "expect leader");
  CHECK(failure.expected == "one leader");
  CHECK(failure.actual == "no working leader");
  CHECK(failure.time == 50 * kMs);
  CHECK(failure.cluster.find("n1: follower, term 0") != std::string::npos);
  CHECK(player.simulator().now() == 50 * kMs);  // stopped there: the last line never ran
}

TEST_CASE("player: run until gives up after its limit with the condition and limit in the failure") {
  ScenarioPlayer player = played("cluster 3\nloss 100%\nrun until leader within 1.5s\n");
  REQUIRE(player.status() == PlayStatus::ExpectationFailed);
  CHECK(player.failure()->expected == "one leader within 1.5s");
  CHECK(player.simulator().now() == 1500 * kMs);
}

TEST_CASE("player: run until stops at the first event after which the condition holds") {
  ScenarioPlayer player(scenario("cluster 5\nseed 3\nrun until leader within 5s\n"));
  player.play_to_end();
  REQUIRE(player.status() == PlayStatus::Passed);
  const Time stopped = player.simulator().now();
  // The same run, one event at a time, first has a leader exactly then.
  sim::Simulator simulator(cluster(5, 3));
  while (!simulator.leader()) REQUIRE(simulator.step());
  CHECK(simulator.now() == stopped);
  CHECK(simulator.stats().events == player.simulator().stats().events);
}

TEST_CASE("player: run D moves the clock exactly D; step N fires exactly N events") {
  ScenarioPlayer run = played("cluster 3\nrun 1234us\n");
  CHECK(run.status() == PlayStatus::Passed);
  CHECK(run.simulator().now() == 1234);
  CHECK(run.simulator().stats().events == 0);  // no timer is due that early
  ScenarioPlayer longer = played("cluster 3\nrun 2s\n");
  CHECK(longer.simulator().now() == 2 * kSecond);
  CHECK(longer.simulator().stats().events > 0);
  ScenarioPlayer steps = played("cluster 3\nrun 1234us\nstep 5\nstep\n");
  CHECK(steps.status() == PlayStatus::Passed);
  CHECK(steps.simulator().stats().events == 6);
  // The clock is at the sixth event, the same as stepping the simulator by hand.
  sim::Simulator simulator(cluster(3, 1));
  for (int i = 0; i < 6; ++i) REQUIRE(simulator.step());
  CHECK(steps.simulator().now() == simulator.now());
}

TEST_CASE("player: actions that cannot be done fail the scenario") {
  SUBCASE("crash leader with no leader") {
    ScenarioPlayer player = played("cluster 3\ncrash leader\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->expected == "a leader");
    CHECK(player.failure()->actual == "there is no leader");
    CHECK(player.failure()->location.line == 2);
  }
  SUBCASE("crash a node that is down") {
    ScenarioPlayer player = played("cluster 3\ncrash n2\ncrash n2\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->actual == "n2 is already down");
    CHECK(player.failure()->location.line == 3);
  }
  SUBCASE("restart a node that is up") {
    ScenarioPlayer player = played("cluster 3\nrestart n1\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->actual == "n1 is already up");
  }
  SUBCASE("drop next with nothing in flight") {
    ScenarioPlayer player = played("cluster 3\ndrop next n1 -> n2\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->actual == "none is in flight");
    CHECK(player.failure()->expected == "a message in flight from n1 to n2");
  }
  SUBCASE("drop next of a kind, with nothing of that kind in flight") {
    ScenarioPlayer player = played("cluster 3\ndrop next Heartbeat n1 -> n2\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->expected == "a Heartbeat message in flight from n1 to n2");
  }
  SUBCASE("drop next from the leader to itself") {
    ScenarioPlayer player = played("cluster 3\ncampaign n1\nrun until leader n1 within 1s\ndrop next leader -> n1\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->location.line == 4);
    CHECK(player.failure()->actual == "both ends are n1 (the leader)");
  }
  SUBCASE("campaign on a node that is down") {
    ScenarioPlayer player = played("cluster 3\ncrash n3\ncampaign n3\n");
    REQUIRE(player.status() == PlayStatus::ExpectationFailed);
    CHECK(player.failure()->actual == "n3 is down");
  }
}

TEST_CASE("player: teaching commands act on the simulator") {
  ScenarioPlayer player = played(
      "cluster 5\n"
      "campaign n4\n"
      "run until leader n4 within 100ms\n"
      "drop next Heartbeat n4 -> n1\n"
      "crash n4\n"
      "timeout n2 10ms\n"
      "run until leader n2 within 200ms\n"
      "expect n2 role leader\n"
      "expect n4 term 1\n"
      "expect n1 term 2\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 5);
}

TEST_CASE("player: timers align in a scenario gives a split vote") {
  ScenarioPlayer player = played(
      "cluster 5\n"
      "timers align\n"
      "run 151ms\n"
      "expect n1 role candidate\n"
      "expect n5 role candidate\n"
      "expect term 1\n"
      "expect no-leader\n");
  CHECK(player.status() == PlayStatus::Passed);
}

TEST_CASE("player: partitions and cuts by scenario") {
  ScenarioPlayer player = played(
      "cluster 5\n"
      "timers spread\n"
      "run until leader n1 within 1s\n"
      "partition n1,n2 | n3,n4,n5\n"
      "write x=1 via n1\n"
      "run until leader within 2s\n"
      "expect not-committed x=1\n"
      "heal\n"
      "run 1s\n"
      "expect not-committed x=1\n"
      "expect logs-agree\n"
      "expect n1 role follower\n");
  CHECK(player.status() == PlayStatus::Passed);
}

TEST_CASE("player: stored counts durable logs, crashed nodes included; committed does not count them") {
  ScenarioPlayer player = played(
      "cluster 5\n"
      "timers spread\n"
      "run until leader n1 within 1s\n"
      "run 100ms\n"
      "isolate n1\n"
      "write x=1 via n1\n"
      "run 50ms\n"
      "expect stored x=1 on 1\n"
      "expect not stored x=1 on 2\n"
      "expect not-committed x=1\n"
      "crash n1\n"
      "expect stored x=1 on 1\n"  // its storage survives the crash
      "heal\n"
      "write y=2\n"
      "run until committed y=2 within 2s\n"
      "expect stored y=2 on 4\n"
      "expect not stored y=2\n"  // n1 is down and never got it
      "restart n1\n"
      "run until stored y=2 within 2s\n"
      "expect not stored x=1 on 1\n");  // overwritten by the new leader's entries
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 10);
}

TEST_CASE("player: not COND passes when COND fails, and its failure says 'not (...)'") {
  ScenarioPlayer passing = played("cluster 3\nrun until leader within 2s\nexpect not no-leader\nexpect not term 0\n");
  CHECK(passing.status() == PlayStatus::Passed);
  CHECK(passing.expectations_passed() == 3);
  ScenarioPlayer failing = played("cluster 3\ntimers spread\nrun until leader within 2s\nexpect not n1 role leader\n");
  REQUIRE(failing.status() == PlayStatus::ExpectationFailed);
  CHECK(failing.failure()->expected == "not (n1 is leader)");
  CHECK(failing.failure()->actual == "n1 is leader");
  ScenarioPlayer waiting = played("cluster 3\ntimers spread\nrun until leader n1 within 2s\ncrash n1\n"
                                  "run until not leader n1 within 1s\nrun until leader within 2s\nexpect not leader n1\n");
  CHECK(waiting.status() == PlayStatus::Passed);
}

TEST_CASE("player: expect over a span runs time; 'since mark' counts from the mark") {
  ScenarioPlayer player = played(
      "cluster 3\n"
      "seed 2\n"
      "run until leader within 2s\n"
      "run 100ms\n"
      "expect stable for 2s\n"
      "expect messages >= 40 for 1s\n"  // 2 followers x 20 heartbeats x 2 messages = 80
      "expect messages <= 100 for 1s\n"
      "mark\n"
      "run 500ms\n"
      "expect stable since mark\n"
      "expect messages > 0 since mark\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 6);
  // 2s + 1s + 1s of spans after the leader and 600ms of runs.
  ScenarioPlayer reference = played("cluster 3\nseed 2\nrun until leader within 2s\n");
  CHECK(player.simulator().now() == reference.simulator().now() + 100 * kMs + 4 * kSecond + 500 * kMs);
}

TEST_CASE("player: expect stable fails when the leader changes during the span") {
  ScenarioPlayer player = played(
      "cluster 3\n"
      "run until leader within 2s\n"
      "mark\n"
      "crash leader\n"
      "run until leader within 2s\n"
      "expect stable since mark\n");
  REQUIRE(player.status() == PlayStatus::ExpectationFailed);
  CHECK(player.failure()->expected == "the same leader and term throughout");
}

TEST_CASE("player: narration becomes notes and the caption; notes come in record order") {
  ScenarioPlayer player(scenario("cluster 3\nsay \"first\"\nrun 200ms\nsay \"second\"\nexpect term >= 0\n"));
  player.simulator().set_recording(true);
  player.play_to_end();
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.caption() == "second");
  const std::vector<Note> notes = player.take_notes();
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].kind == Note::Kind::Say);
  CHECK(notes[0].text == "first");
  CHECK(notes[1].text == "second");
  CHECK(notes[1].time == 200 * kMs);
  CHECK(notes[2].kind == Note::Kind::ExpectPassed);
  CHECK(notes[0].after_record < notes[1].after_record);
  CHECK(notes[1].after_record <= notes[2].after_record);
  const auto says = of_kind(player.simulator().take_records(), sim::RecordKind::Say);
  REQUIRE(says.size() == 2);
  CHECK(says[0].sequence == notes[0].after_record);
  CHECK(sim::trace_line(notes[2]).find(R"("kind":"expect-passed")") != std::string::npos);
  CHECK(player.take_notes().empty());
}

TEST_CASE("player: current_command follows the script") {
  ScenarioPlayer player(scenario("cluster 3\nrun 1s\nheal\n"));
  REQUIRE(player.current_command() != nullptr);
  CHECK(player.current_command()->kind == sim::Command::Kind::Cluster);
  player.step();  // into the run
  REQUIRE(player.current_command() != nullptr);
  CHECK(player.current_command()->kind == sim::Command::Kind::Run);
  player.play_to_end();
  CHECK(player.current_command() == nullptr);
}

TEST_CASE("player: the seed override replaces the file's seed") {
  const std::string text = "seed 5\nrun until leader within 2s\n";
  ScenarioPlayer own = played(text);
  ScenarioPlayer same = played(text, 5);
  ScenarioPlayer other = played(text, 6);
  CHECK(own.simulator().config().seed == 5);
  CHECK(other.simulator().config().seed == 6);
  CHECK(own.simulator().now() == same.simulator().now());
  CHECK(describe_cluster(own.simulator()) == describe_cluster(same.simulator()));
}

TEST_CASE("player: a leader deposed without having heard yet is no leader: a majority has moved to a newer term") {
  // n2 campaigns for term 2; its RequestVote to n1 is dropped and the votes cannot come
  // back to it, so nobody wins term 2. n3 and n4 adopt term 2 while n1, its messages
  // 30 ms on the way, still leads term 1: only n1 and n5 would follow it.
  const std::string script =
      "cluster 5\nseed 1\ntimers spread\nrun until leader n1 within 1s\nlatency 30ms 30ms\nrun 100ms\n"
      "cut n3 -> n2\ncut n4 -> n2\ncut n5 -> n2\ncampaign n2\ndrop next RequestVote n2 -> n1\n"
      "run until n3 term == 2 within 40ms\nrun until n4 term == 2 within 40ms\n"
      "expect n1 role leader\nexpect n1 term == 1\n";
  ScenarioPlayer deposed = played(script + "expect no-leader\nexpect not leader n1\n");
  CHECK(deposed.status() == PlayStatus::Passed);
  CHECK(deposed.simulator().followers_of(1) == 2);
  ScenarioPlayer claims = played(script + "expect leader n1\n");
  REQUIRE(claims.failure());
  CHECK(claims.failure()->actual == "no working leader; n1 still believes it leads term 1, but only 2 of 5 would follow it");
  // Once it hears the new term, it steps down.
  ScenarioPlayer later = played(script + "run until n1 role follower within 200ms\nexpect n1 term == 2\n");
  CHECK(later.status() == PlayStatus::Passed);
}

TEST_CASE("player: a leader that a majority still follows counts, though a minority has moved on") {
  // n3 alone, cut off, campaigns into higher terms; the four others still follow n1.
  ScenarioPlayer player = played(
      "cluster 5\nseed 11\ntimers spread\nrun until leader n1 within 1s\nisolate n3\nrun 1s\n"
      "expect n3 term >= 3\nexpect leader n1\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.simulator().followers_of(1) == 4);
}
