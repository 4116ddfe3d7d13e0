// A recorded session, replayed as `raftsim run` replays it, reaches the identical state.
#include <doctest/doctest.h>

#include "fingerprint.h"
#include "gui/model/cluster_view.h"
#include "gui/model/session.h"

using gui::Action;
using gui::Session;
using gui::UiCommand;
using gui_test::fingerprint;
using gui_test::replay_fingerprint;
using raft::kMillisecond;

namespace {

void check_replays(const Session& session) {
  const std::string recording = session.recording();
  CAPTURE(recording);
  // The GUI may show a moment between two events; the recording ends with `run` to it.
  sim::Simulator shown = session.simulator();
  shown.set_recording(false);
  shown.run_until(session.shown());
  CHECK(replay_fingerprint(recording) == fingerprint(shown));
}

}  // namespace

TEST_CASE("an interactive session on a new cluster replays identically") {
  Session session(gui::new_cluster_origin(5, 11));
  session.play_to(412'345);  // between two events
  session.apply(UiCommand::act(Action::write("x=1")));
  session.play_to(700 * kMillisecond);
  for (int i = 0; i < 7; ++i) session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  session.apply(UiCommand::act(Action::partition({{1, 2}, {3, 4, 5}})));
  session.play_to(1300 * kMillisecond);
  session.apply(UiCommand::act(Action::loss(100000)));
  session.apply(UiCommand::act(Action::cut(3, 4)));
  session.play_to(1500 * kMillisecond);
  session.apply(UiCommand::act(Action::heal()));
  session.apply(UiCommand::act(Action::align_timers()));
  session.apply(UiCommand::act(Action::say("Healed.")));
  session.play_to(2100 * kMillisecond + 17);
  check_replays(session);
}

TEST_CASE("crash, restart, campaign, timers and a dropped message replay identically") {
  Session session(gui::new_cluster_origin(5, 2));
  session.play_to(600 * kMillisecond);
  const auto leader = session.simulator().leader();
  REQUIRE(leader);
  session.apply(UiCommand::act(Action::crash(*leader)));
  session.play_to(650 * kMillisecond);
  const raft::NodeId other = *leader % 5 + 1;
  session.apply(UiCommand::act(Action::campaign(other)));
  session.apply(UiCommand::act(Action::set_timer(*leader % 5 + 2, 40 * kMillisecond)));
  // Drop the first droppable message in flight.
  session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  const gui::ClusterView view = gui::build_cluster_view(session.simulator(), session.shown());
  for (const gui::MessageView& message : view.messages) {
    if (message.droppable) {
      session.apply(UiCommand::act(Action::drop(message.from, message.to, message.kind_name, message.id)));
      CHECK(session.simulator().find_message(message.id) == nullptr);
      break;
    }
  }
  session.play_to(900 * kMillisecond);
  session.apply(UiCommand::act(Action::restart(*leader)));
  session.apply(UiCommand::act(Action::spread_timers()));
  session.apply(UiCommand::act(Action::write("y=2", other)));
  session.play_to(1600 * kMillisecond);
  check_replays(session);
}

TEST_CASE("a scenario interrupted in the middle of a command replays identically") {
  const std::string lesson =
      "cluster 5\nseed 4\nlatency 5ms 20ms\nsay \"Watch.\"\nrun until leader within 2s\nwrite x=1\n"
      "run until committed x=1 on all within 1s\nrun 1s\ncrash leader\nrun 1s\n";
  for (const raft::Time at : {raft::Time{120 * kMillisecond}, raft::Time{333'333}, raft::Time{1400 * kMillisecond}}) {
    CAPTURE(at);
    Session session(gui::Origin{"lesson", sim::parse_scenario(lesson, "lesson"), {}});
    session.play_to(at);
    session.apply(UiCommand::act(Action::crash(2)));
    session.play_to(at + 500 * kMillisecond);
    check_replays(session);
  }
}

TEST_CASE("a scenario played to its end and then continued replays identically") {
  Session session(gui::Origin{"lesson", sim::parse_scenario("cluster 3\nrun until leader within 2s\n", "l"), {}});
  session.play_to(3000 * kMillisecond);
  CHECK_FALSE(session.state().scripted);
  session.apply(UiCommand::act(Action::write("z=9")));
  session.play_to(3200 * kMillisecond);
  check_replays(session);
}

TEST_CASE("the recording follows the current branch, up to the moment shown") {
  Session session(gui::new_cluster_origin(3, 5));
  session.play_to(800 * kMillisecond);
  session.apply(UiCommand::act(Action::write("a=1")));
  session.play_to(1200 * kMillisecond);
  session.apply(UiCommand::seek(500 * kMillisecond));
  session.apply(UiCommand::act(Action::crash(3)));  // a new branch
  session.play_to(700 * kMillisecond);
  const std::string recording = session.recording();
  CHECK(recording.find("crash n3") != std::string::npos);
  CHECK(recording.find("write a=1") == std::string::npos);
  check_replays(session);
}

TEST_CASE("the client's three write routes are recorded as their labels say, and replay identically") {
  Session session(gui::new_cluster_origin(5, 7));
  session.play_to(900 * kMillisecond);
  REQUIRE(session.simulator().leader());
  const std::string leader = "n" + std::to_string(*session.simulator().leader());
  using gui::WriteRoute;
  for (const WriteRoute route : {WriteRoute::find_leader(), WriteRoute::current_leader(), WriteRoute::to(2)}) {
    const auto write = gui::client_write(gui::next_write_value(session.simulator()), route, session.simulator());
    REQUIRE(write);
    session.apply(UiCommand::act(*write));
    session.play_to(session.shown() + 50 * kMillisecond);
  }
  const std::string recording = session.recording();
  CAPTURE(recording);
  CHECK(recording.find("\nwrite x=1\n") != std::string::npos);
  CHECK(recording.find("\nwrite x=2 via " + leader + "\n") != std::string::npos);
  CHECK(recording.find("\nwrite x=3 via n2\n") != std::string::npos);
  check_replays(session);
}
