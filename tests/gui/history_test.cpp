// The time machine: stepping back, scrubbing and branches reproduce moments exactly.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "fingerprint.h"
#include "gui/model/session.h"

using gui::Action;
using gui::Session;
using gui::UiCommand;
using gui_test::fingerprint;
using raft::kMillisecond;

TEST_CASE("stepping forward then back returns to the identical moment") {
  Session session(gui::new_cluster_origin(5, 42));
  session.play_to(400 * kMillisecond);
  const std::string before = fingerprint(session.simulator());
  const std::size_t position = session.history().position();
  for (int i = 0; i < 300; ++i) session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));  // crosses checkpoints
  CHECK(fingerprint(session.simulator()) != before);
  for (int i = 0; i < 300; ++i) session.apply(UiCommand::simple(UiCommand::Kind::StepBack));
  CHECK(session.history().position() == position);
  CHECK(fingerprint(session.simulator()) == before);
}

TEST_CASE("scrubbing back and forth shows the same state as playing straight there") {
  Session straight(gui::new_cluster_origin(5, 7));
  straight.play_to(2000 * kMillisecond);
  Session scrubbed(gui::new_cluster_origin(5, 7));
  scrubbed.play_to(3000 * kMillisecond);
  scrubbed.apply(UiCommand::seek(500 * kMillisecond));
  scrubbed.apply(UiCommand::seek(2000 * kMillisecond));
  CHECK(scrubbed.shown() == 2000 * kMillisecond);
  // The same events have fired; the clock may differ (straight has not moved it past
  // the last event), so compare everything but `now`.
  CHECK(scrubbed.simulator().stats().events == straight.simulator().stats().events);
  CHECK(scrubbed.simulator().summary(1) == straight.simulator().summary(1));
  CHECK(scrubbed.history().visible_records() == straight.history().visible_records());
}

TEST_CASE("acting at an earlier moment forks a branch and keeps the old one") {
  Session session(gui::new_cluster_origin(3, 1));
  session.play_to(1000 * kMillisecond);
  const std::string end_of_main = fingerprint(session.simulator());
  session.apply(UiCommand::seek(400 * kMillisecond));
  session.apply(UiCommand::act(Action::crash(1)));
  REQUIRE(session.history().branches().size() == 2);
  CHECK(session.history().branch_index() == 1);
  CHECK_FALSE(session.simulator().is_up(1));
  CHECK(session.history().branch().fork_time == 400 * kMillisecond);

  // Back to main: it still leads to the same end.
  session.apply(UiCommand::switch_branch(0));
  session.apply(UiCommand::seek(1000 * kMillisecond));
  CHECK(session.simulator().is_up(1));
  session.play_to(1000 * kMillisecond);
  CHECK(fingerprint(session.simulator()) == end_of_main);
}

TEST_CASE("acting while a scenario plays takes over in a new branch; the lesson stays in the old one") {
  Session session(gui::Origin{"lesson", sim::parse_scenario("cluster 3\nrun 2s\ncrash n2\nrun 1s\n", "lesson"), {}});
  session.play_to(500 * kMillisecond);
  CHECK(session.state().scripted);
  session.apply(UiCommand::act(Action::write("x=1")));
  CHECK_FALSE(session.state().scripted);
  CHECK(session.history().branches().size() == 2);
  session.apply(UiCommand::switch_branch(0));
  CHECK(session.state().scripted);
  session.play_to(2500 * kMillisecond);
  CHECK_FALSE(session.simulator().is_up(2));  // the lesson went on
}

TEST_CASE("next change stops at a new term, a new leader or a commit") {
  Session session(gui::new_cluster_origin(5, 3));
  session.apply(UiCommand::simple(UiCommand::Kind::StepToChange));
  bool changed = false;
  for (raft::NodeId node = 1; node <= 5; ++node) changed |= session.simulator().summary(node).term > 0;
  CHECK(changed);
  const auto& records = session.history().branch().records;
  REQUIRE(session.history().visible_records() > 0);
  CHECK(gui::is_state_change(records[session.history().visible_records() - 1]));
}

TEST_CASE("playback turns wall-clock time into virtual time at the chosen speed only") {
  Session session(gui::new_cluster_origin(3, 1));
  session.apply(UiCommand::set_speed(0.1));
  session.apply(UiCommand::simple(UiCommand::Kind::Play));
  for (int frame = 0; frame < 60; ++frame) session.tick(1.0 / 60);
  CHECK(session.shown() >= 99 * kMillisecond);
  CHECK(session.shown() <= 101 * kMillisecond);
  session.apply(UiCommand::simple(UiCommand::Kind::Pause));
  session.tick(1.0);
  CHECK(session.shown() <= 101 * kMillisecond);
}

TEST_CASE("the Session tab's commands: new cluster, reset, open and save") {
  Session session(gui::new_cluster_origin(5, 42));
  session.apply(UiCommand::new_cluster(7, 9));
  CHECK(session.simulator().size() == 7);
  CHECK(session.history().origin().title.find("seed 9") != std::string::npos);
  session.play_to(600 * kMillisecond);
  const std::string at_600 = fingerprint(session.simulator());

  // Reset goes back to the start of the branch; playing again reaches the same moment.
  session.apply(UiCommand::simple(UiCommand::Kind::Reset));
  CHECK(session.shown() == 0);
  CHECK(session.history().position() == 0);
  session.play_to(600 * kMillisecond);
  CHECK(fingerprint(session.simulator()) == at_600);

  // Save writes the recording; opening it plays to the identical state.
  session.apply(UiCommand::act(Action::crash(2)));
  session.play_to(900 * kMillisecond);
  sim::Simulator shown = session.simulator();  // the moment on screen: the clock at 900 ms
  shown.run_until(session.shown());
  const std::string at_900 = fingerprint(shown);
  const std::string path = "gui_history_test_saved.scenario";
  session.apply(UiCommand::save(path));
  CHECK(session.status().find("Saved") != std::string::npos);
  Session reopened(gui::new_cluster_origin(3, 1));
  reopened.apply(UiCommand::open(path));
  CHECK(reopened.simulator().size() == 7);
  reopened.play_to(900 * kMillisecond);
  CHECK(fingerprint(reopened.simulator()) == at_900);
  std::remove(path.c_str());

  // A file that does not exist is reported and changes nothing.
  reopened.apply(UiCommand::open("no/such/file.scenario"));
  CHECK(reopened.simulator().size() == 7);
  CHECK_FALSE(reopened.status().empty());
}

TEST_CASE("the network sliders' actions reach the simulator") {
  Session session(gui::new_cluster_origin(3, 1));
  session.play_to(300 * kMillisecond);
  session.apply(UiCommand::act(Action::loss(200000)));
  session.apply(UiCommand::act(Action::duplicate(5000)));
  session.apply(UiCommand::act(Action::latency(1 * kMillisecond, 10 * kMillisecond)));
  CHECK(session.recording().find("loss 20%") != std::string::npos);
  CHECK(session.recording().find("duplicate 0.5%") != std::string::npos);
  CHECK(session.recording().find("latency 1ms 10ms") != std::string::npos);
  // Every message sent from now on takes 1 to 10 ms.
  session.play_to(600 * kMillisecond);
  for (const sim::InFlightMessage* message : session.simulator().in_flight()) {
    if (message->sent_at > 300 * kMillisecond) CHECK(message->deliver_at - message->sent_at <= 10 * kMillisecond);
  }
}
