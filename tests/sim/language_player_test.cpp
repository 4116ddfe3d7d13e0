// The scenario language's forms for a course's test suite, played: names bound by `as`
// follow their node; random picks qualify, come from the run's seed and skip when no
// node qualifies; repeat blocks repeat; restart all, connect, per-link latency, the
// client's give-up time and write until committed act on the simulator; `within D
// since mark` and the new conditions hold exactly when they should.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "helpers.h"

using namespace simtest;
using sim::Note;
using sim::PlayStatus;
using sim::ScenarioPlayer;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ScenarioPlayer played(const std::string& text, std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioPlayer player(scenario(text), seed, simtest::kFigure2);
  player.play_to_end();
  return player;
}

int down_count(const sim::Simulator& sim) {
  int down = 0;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) down += sim.is_up(node) ? 0 : 1;
  return down;
}

std::vector<std::string> infos(ScenarioPlayer& player) {
  std::vector<std::string> texts;
  for (const Note& note : player.take_notes()) {
    if (note.kind == Note::Kind::Info) texts.push_back(note.text);
  }
  return texts;
}

}  // namespace

TEST_CASE("player: a name bound by 'as' is the node it named then, though the leader has changed") {
  ScenarioPlayer player = played(
      "cluster 5\nseed 4\nrun until leader within 2s\ncrash leader as Old\nrun until leader within 2s\n"
      "expect not leader Old\nrestart Old\nrun 1s\nexpect Old role follower\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(down_count(player.simulator()) == 0);
}

TEST_CASE("player: random picks qualify, skip when none does, and are the same for the same seed") {
  const std::string text =
      "cluster 5\nrun until leader within 2s\nrestart random crashed\ncrash random up as A\ncrash random up\n"
      "crash random follower\nexpect A role leader\n";
  ScenarioPlayer player(scenario(text), 11);
  player.play_until(10 * raft::kSecond);
  const std::vector<std::string> notes = infos(player);
  REQUIRE(notes.size() == 4);
  CHECK(notes[0] == "restart random crashed: skipped, no node qualifies as 'random crashed'");
  CHECK(notes[1].rfind("crash random up as A: random up is n", 0) == 0);
  CHECK(contains(notes[1], "(of (n1,n2,n3,n4,n5))"));
  CHECK(down_count(player.simulator()) == 3);
  // The follower picked is one of those up then, and no earlier pick.
  CHECK(contains(notes[3], "random follower is n"));
  // The same seed picks the same nodes; some other seed picks others.
  std::set<std::vector<std::string>> picks;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    ScenarioPlayer again(scenario(text), seed);
    again.play_to_end();
    picks.insert(infos(again));
  }
  ScenarioPlayer same(scenario(text), 11);
  same.play_to_end();
  CHECK(infos(same) == notes);
  CHECK(picks.size() > 1);
}

TEST_CASE("player: a name whose binding line was skipped fails where it is used") {
  ScenarioPlayer player = played("cluster 3\nrestart random crashed as R\nrun 100ms\ncrash R\n");
  REQUIRE(player.status() == PlayStatus::ExpectationFailed);
  CHECK(player.failure()->location.line == 4);
  CHECK(player.failure()->actual == "R is not bound: the line binding it was skipped");
}

TEST_CASE("player: repeat runs its block N times, nested blocks multiply, and the script goes on after") {
  ScenarioPlayer player = played(
      "cluster 3\nseed 2\nrun until leader within 2s\nrepeat 3\n  write x=1\n  repeat 2\n    write y=1\n    run 10ms\n"
      "  end\nend\nwrite z=1\nrun 1s\n");
  CHECK(player.status() == PlayStatus::Passed);
  const auto& history = player.simulator().history();
  REQUIRE(history.size() == 10);
  std::map<std::string, int> writes;
  for (std::size_t i = 0; i < history.size(); ++i) ++writes[history[i].command];
  CHECK(writes["x=1"] == 3);
  CHECK(writes["y=1"] == 6);
  CHECK(writes["z=1"] == 1);
  CHECK(history[9].command == "z=1");
}

TEST_CASE("player: an expectation failing inside a repeat stops the run at its line") {
  ScenarioPlayer player = played("cluster 3\nrepeat 5\n  run 100ms\n  expect no-leader\nend\n");
  REQUIRE(player.status() == PlayStatus::ExpectationFailed);
  CHECK(player.failure()->location.line == 4);
  CHECK(player.simulator().now() > 100 * raft::kMillisecond);
}

TEST_CASE("player: run between runs a random time within its range, drawn from the seed") {
  std::set<Time> lengths;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    ScenarioPlayer player = played("cluster 3\nrun between 100ms 200ms\n", seed);
    CHECK(player.status() == PlayStatus::Passed);
    const Time now = player.simulator().now();
    CHECK(now >= 100 * raft::kMillisecond);
    CHECK(now <= 200 * raft::kMillisecond);
    lengths.insert(now);
    CHECK(played("cluster 3\nrun between 100ms 200ms\n", seed).simulator().now() == now);
  }
  CHECK(lengths.size() > 5);
}

TEST_CASE("player: restart all restarts every crashed node; connect undoes one node's isolation only") {
  ScenarioPlayer restarted = played("cluster 5\ncrash n1\ncrash n4\nrestart all\n");
  CHECK(restarted.status() == PlayStatus::Passed);
  CHECK(down_count(restarted.simulator()) == 0);
  ScenarioPlayer connected = played("cluster 5\nisolate n1\nisolate n2\ncut n1 -> n3\nconnect n1\n");
  const sim::Topology& topology = connected.simulator().topology();
  CHECK(topology.can_reach(1, 3));
  CHECK(topology.can_reach(5, 1));
  CHECK_FALSE(topology.can_reach(1, 2));
  CHECK_FALSE(topology.can_reach(2, 3));
}

TEST_CASE("player: latency A -> B delays one direction of one link; the global latency the others") {
  ScenarioPlayer player = played("cluster 3\nlatency n1 -> n2 1s\nlatency 2ms\ncampaign n1\n");
  int slow = 0;
  for (const sim::InFlightMessage* message : player.simulator().in_flight()) {
    const Time took = message->deliver_at - message->sent_at;
    if (message->from == 1 && message->to == 2) {
      CHECK(took == raft::kSecond);
      ++slow;
    } else {
      CHECK(took == 2 * raft::kMillisecond);
    }
  }
  CHECK(slow == 1);
}

TEST_CASE("player: the client's give-up time is set by 'client give-up'; a write until committed never gives up") {
  ScenarioPlayer player = played(
      "cluster 3\nclient give-up 1s\ncrash n1\ncrash n2\ncrash n3\nwrite x=1\nwrite y=1 until committed\nrun 3s\n"
      "restart all\nrun until committed y=1 on all within 5s\n");
  CHECK(player.status() == PlayStatus::Passed);
  const auto& history = player.simulator().history();
  REQUIRE(history.size() == 2);
  CHECK(history[0].outcome == sim::Outcome::Unknown);
  CHECK(history[0].completed_at >= raft::kSecond);
  CHECK(history[0].completed_at < raft::kSecond + 200 * raft::kMillisecond);
  CHECK(history[1].outcome == sim::Outcome::Acknowledged);
}

TEST_CASE("player: a write until committed given to a deposed leader is proposed again until it commits") {
  // n1 leads, takes the writes, and is cut off before it replicates them; the others
  // elect a new leader, which writes nothing, so n1's entries are never overwritten. A
  // plain write pinned to n1 waits on its entry and gives up; the one until committed is
  // redirected to the new leader and commits.
  const std::string text =
      "cluster 3\nseed 5\nclient give-up 2s\ncampaign n1\nrun until leader n1 within 1s\nisolate n1\nwrite x=1 via n1\n"
      "write y=1 via n1 until committed\nrun until leader within 2s\nconnect n1\n"
      "run until committed y=1 on all within 5s\nrun 2s\nexpect not-committed x=1\n";
  ScenarioPlayer player = played(text);
  CHECK(player.status() == PlayStatus::Passed);
  const auto& history = player.simulator().history();
  CHECK(history[0].outcome == sim::Outcome::Unknown);
  CHECK(history[1].outcome == sim::Outcome::Acknowledged);
}

TEST_CASE("player: 'within D since mark' counts D from the mark, across commands") {
  ScenarioPlayer late = played("cluster 3\nmark\nrun 2s\nrun until no-leader within 1s since mark\n");
  REQUIRE(late.status() == PlayStatus::ExpectationFailed);
  CHECK(late.failure()->expected == "no leader within 1s since the mark");
  CHECK(late.simulator().now() == 2 * raft::kSecond);  // the deadline had passed: checked once, now
  ScenarioPlayer in_time = played("cluster 3\nmark\nrun 100ms\nrun until leader within 2s since mark\n");
  CHECK(in_time.status() == PlayStatus::Passed);
  ScenarioPlayer too_slow = played("cluster 3\nmark\nrun 100ms\nrun until leader n1 within 1s since mark\n", 3);
  if (too_slow.status() == PlayStatus::ExpectationFailed) CHECK(too_slow.simulator().now() == raft::kSecond);
}

TEST_CASE("player: committed at, commit, terms agree and leaders") {
  ScenarioPlayer player = played(
      "cluster 5\nseed 9\nrun until leader within 2s\nwrite x=1\nrun until committed x=1 on all within 2s\nwrite y=2\n"
      "run until committed y=2 on all within 2s\n"
      "expect committed x=1 at 1\nexpect committed y=2 at 2\nexpect not committed x=1 at 2\nexpect n3 commit == 2\n"
      "expect n3 commit >= 1\nexpect not n3 commit > 2\nexpect terms agree\nexpect leaders == 1\n"
      "isolate leader as Old\nrun until leader within 3s\nexpect leaders == 2\nexpect not terms agree\n"
      "expect Old role leader\nconnect Old\nrun until leaders <= 1 within 1s\nrun until terms agree within 1s\n"
      "crash n2\nexpect committed x=1 at 1 on 4\nexpect not n2 commit >= 0\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 19);
}

TEST_CASE("player: messages delivered count what arrived; sent counts what was lost too; by kind and by node") {
  ScenarioPlayer player = played(
      "cluster 3\nseed 2\ncampaign n1\nrun until leader n1 within 2s\nisolate n3\nmark\nrun 1s\n"
      "expect messages delivered to n3 == 0 since mark\nexpect messages sent to n3 > 0 since mark\n"
      "expect messages delivered Heartbeat to n2 >= 15 since mark\n"
      "expect messages delivered AppendEntries <= 0 since mark\n"
      "expect messages sent from n3 > 0 since mark\nexpect messages delivered from n3 == 0 since mark\n"
      "expect messages sent RequestVote from n3 > 0 since mark\nexpect messages delivered RequestVote == 0 since mark\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 9);
}

TEST_CASE("player: '$' in a value is the round of the innermost repeat, in writes and in conditions") {
  ScenarioPlayer player = played(
      "cluster 3\nseed 3\nrun until leader within 2s\nrepeat 2\n  repeat 3\n    write x=$\n"
      "    run until committed x=$ on all within 2s\n  end\nend\nexpect committed x=3 at 3\n");
  CHECK(player.status() == PlayStatus::Passed);
  const auto& history = player.simulator().history();
  REQUIRE(history.size() == 6);
  CHECK(history[0].command == "x=1");
  CHECK(history[2].command == "x=3");
  CHECK(history[3].command == "x=1");
  ScenarioPlayer failing = played("cluster 3\nrepeat 2\n  expect committed v=$$\nend\n");
  REQUIRE(failing.status() == PlayStatus::ExpectationFailed);
  CHECK(failing.failure()->expected == "v=11 committed on all live nodes");
  CHECK(failing.failure()->text == "expect committed v=$$");
}

TEST_CASE("player: random leader picks a node in the leader role, of any term, and skips when there is none") {
  ScenarioPlayer player = played(
      "cluster 3\nseed 6\ncrash random leader\nrun until leader within 2s\nisolate leader as Old\n"
      "run until leader within 2s\ncrash random leader as Gone\nexpect leaders == 1\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(down_count(player.simulator()) == 1);
}

TEST_CASE("player: an if block runs only when its condition holds; chance draws from the seed") {
  ScenarioPlayer player = played(
      "cluster 5\ncrash n1\nif up < 5\n  crash n2\nend\nif up < 3\n  crash n3\nend\nif not up < 3\n  write x=1\nend\nrun 1s\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK_FALSE(player.simulator().is_up(2));
  CHECK(player.simulator().is_up(3));
  CHECK(player.simulator().history().size() == 1);
  // chance 30% in 1000 rounds: about 300 writes; the same for the same seed.
  const std::string text = "cluster 3\nrepeat 1000\n  if chance 30%\n    write x=1\n  end\nend\n";
  const std::size_t writes = played(text, 4).simulator().history().size();
  CHECK(writes > 240);
  CHECK(writes < 360);
  CHECK(played(text, 4).simulator().history().size() == writes);
  CHECK(played("cluster 3\nrepeat 50\n  if chance 0%\n    write x=1\n  end\n  if chance 100%\n    write y=1\n  end\nend\n")
            .simulator().history().size() == 50);
}

TEST_CASE("player: else runs when the if does not, and is skipped when it does") {
  const std::string text = "cluster 3\nrepeat 4\n  if n1 down\n    restart n1\n    write up=$\n  else\n    crash n1\n    write down=$\n  end\nend\n";
  ScenarioPlayer player = played(text);
  CHECK(player.status() == PlayStatus::Passed);
  const auto& history = player.simulator().history();
  REQUIRE(history.size() == 4);
  CHECK(history[0].command == "down=1");
  CHECK(history[1].command == "up=2");
  CHECK(history[2].command == "down=3");
  CHECK(history[3].command == "up=4");
  CHECK(player.simulator().is_up(1));
}

TEST_CASE("player: pick binds a name and does nothing else; connected counts the main group") {
  ScenarioPlayer player = played(
      "cluster 5\npick random up as S\nexpect S up\nexpect connected == 5\nisolate S\nexpect connected == 4\n"
      "expect up == 5\nisolate n1\nisolate n2\nisolate n3\nisolate n4\nisolate n5\nexpect connected == 0\nconnect S\n"
      "expect connected == 1\n");
  CHECK(player.status() == PlayStatus::Passed);
  CHECK(player.expectations_passed() == 6);
}
