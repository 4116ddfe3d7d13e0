// Before the run is replaced, the app asks what the user would lose: branches of
// history and actions not in the last save. The model's side of that question.
#include <doctest/doctest.h>

#include "gui/model/discard.h"
#include "gui/model/session.h"

using gui::Action;
using gui::Session;
using gui::UiCommand;
using raft::kMillisecond;

TEST_CASE("a run with one branch and no action of the user's loses nothing") {
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(700 * kMillisecond);
  CHECK(gui::work_in(session.history()) == gui::RunWork{1, 0});
  CHECK(gui::discard_question(gui::work_in(session.history()), 0).empty());
}

TEST_CASE("actions not saved are counted, and a save covers them") {
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(700 * kMillisecond);
  session.apply(UiCommand::act(Action::crash(2)));
  session.apply(UiCommand::act(Action::heal()));
  CHECK(gui::work_in(session.history()) == gui::RunWork{1, 2});
  CHECK(gui::discard_question(gui::work_in(session.history()), 0) == "This discards 2 actions of yours (none saved).");

  const std::size_t saved = gui::actions_recorded(session.history());
  CHECK(saved == 2);
  CHECK(gui::discard_question(gui::work_in(session.history()), saved).empty());
  session.apply(UiCommand::act(Action::restart(2)));
  CHECK(gui::discard_question(gui::work_in(session.history()), saved) == "This discards 3 actions of yours (1 not saved).");
}

TEST_CASE("branches are counted, and a fork's shared past only once") {
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(700 * kMillisecond);
  session.apply(UiCommand::act(Action::crash(2)));
  session.play_to(900 * kMillisecond);
  session.apply(UiCommand::seek(800 * kMillisecond));
  session.apply(UiCommand::act(Action::isolate(3)));  // acting in the past forks
  REQUIRE(session.history().branches().size() == 2);
  const gui::RunWork work = gui::work_in(session.history());
  CHECK(work == gui::RunWork{2, 2});  // crash n2 (shared) and isolate n3
  // The save holds this branch: crash n2 and isolate n3; the other branch adds no action,
  // but it is a branch of history that would go.
  const std::size_t saved = gui::actions_recorded(session.history());
  CHECK(saved == 2);
  CHECK(gui::discard_question(work, saved) == "This discards 2 branches of history and 2 actions of yours (all saved).");
}

TEST_CASE("a lesson taken over has two branches: opening another asks") {
  gui::Origin lesson;
  lesson.title = "lesson";
  lesson.scenario = sim::parse_scenario("cluster 3\nseed 1\nrun 2s\n", "lesson");
  Session session(std::move(lesson));
  session.play_to(500 * kMillisecond);
  session.apply(UiCommand::act(Action::heal()));
  CHECK(gui::discard_question(gui::work_in(session.history()), 0) ==
        "This discards 2 branches of history and 1 action of yours (none saved).");
}

TEST_CASE("going back to the start replaces nothing: every branch and its future stay") {
  Session session(gui::new_cluster_origin(5, 3));
  session.play_to(700 * kMillisecond);
  session.apply(UiCommand::act(Action::crash(2)));
  session.play_to(1200 * kMillisecond);
  const std::size_t ops = session.history().branch().ops.size();
  session.apply(UiCommand::simple(UiCommand::Kind::Reset));
  CHECK(session.history().position() == 0);
  CHECK(session.history().branch().ops.size() == ops);  // the future is kept ...
  session.apply(UiCommand::seek(1200 * kMillisecond));
  CHECK_FALSE(session.simulator().is_up(2));  // ... and replays to the crash
}
