// Narration that waits for the teacher: playback pauses at each caption, lines said at
// one moment appear one at a time, back one caption, the first caption on opening,
// "next change" lands after its caption, and a dimmed caption once the teacher acts.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gui/model/session.h"

using gui::Action;
using gui::Session;
using gui::UiCommand;
using raft::kMillisecond;
using Kind = UiCommand::Kind;

namespace {

gui::Origin lesson(const std::string& text) { return gui::Origin{"lesson", sim::parse_scenario(text, "lesson"), {}}; }

// The caption's lines, joined with " / " to compare at a glance.
std::string shown_lines(const Session& session) {
  std::string text;
  for (const std::string& line : session.caption().lines) text += (text.empty() ? "" : " / ") + line;
  return text;
}

// Plays (as the app does, a frame at a time) until playback stops by itself.
void play_until_paused(Session& session) {
  session.apply(UiCommand::simple(Kind::Play));
  for (int frame = 0; frame < 10000 && session.playing(); ++frame) session.tick(1.0 / 60);
}

const std::string kTwoMoments =
    "cluster 3\nseed 1\n"
    "say \"First.\"\n"
    "run 100ms\n"
    "say \"Round trip 1.\"\n"
    "say \"Round trip 2.\"\n"
    "say \"Round trip 3.\"\n"
    "say \"Round trip 4.\"\n"
    "run 100ms\n"
    "say \"Last.\"\n"
    "run 50ms\n";

}  // namespace

TEST_CASE("a lesson opens on its first caption when nothing happens before it") {
  Session session(lesson(kTwoMoments));
  CHECK(shown_lines(session) == "First.");
  CHECK(session.shown() == 0);
  CHECK(session.simulator().stats().events == 0);
  CHECK(session.narrating());

  // A lesson that starts with events opens at its start: the class must see them.
  Session later(lesson("cluster 3\nrun 100ms\nsay \"After the start.\"\n"));
  CHECK(shown_lines(later).empty());
  CHECK(later.history().position() == 0);

  // Home goes back to the first caption too.
  play_until_paused(session);
  session.apply(UiCommand::simple(Kind::Reset));
  CHECK(shown_lines(session) == "First.");
}

TEST_CASE("playback pauses at each caption, and lines said at one moment appear one at a time") {
  Session session(lesson(kTwoMoments));
  std::vector<std::string> seen;
  for (int press = 0; press < 6; ++press) {
    play_until_paused(session);
    seen.push_back(shown_lines(session));
    if (press < 4) CHECK(session.shown() == 100 * kMillisecond);
  }
  CHECK(seen == std::vector<std::string>{"Round trip 1.", "Round trip 1. / Round trip 2.",
                                         "Round trip 1. / Round trip 2. / Round trip 3.",
                                         "Round trip 2. / Round trip 3. / Round trip 4.", "Last.", "Last."});
  CHECK(session.shown() >= 200 * kMillisecond);
  CHECK(session.caption().lines.back() == "Last.");
}

TEST_CASE("Right and Page Down continue; pressed while playing they finish the way to the next caption") {
  Session session(lesson(kTwoMoments));
  session.apply(UiCommand::simple(Kind::Continue));
  CHECK(session.playing());
  session.tick(0.5);  // 25 ms of the lesson at the default speed: on the way
  CHECK(session.shown() < 100 * kMillisecond);
  session.apply(UiCommand::simple(Kind::Continue));
  CHECK_FALSE(session.playing());
  CHECK(session.shown() == 100 * kMillisecond);
  CHECK(shown_lines(session) == "Round trip 1.");
}

TEST_CASE("the toggle off: playback runs through the captions") {
  Session session(lesson(kTwoMoments));
  session.apply(UiCommand::pause_at_captions(false));
  CHECK_FALSE(session.narrating());
  session.apply(UiCommand::simple(Kind::Play));
  for (int frame = 0; frame < 300; ++frame) session.tick(1.0 / 60);  // 5 s: 250 ms of the lesson
  CHECK(session.playing());
  CHECK(session.shown() >= 200 * kMillisecond);
}

TEST_CASE("back one caption: to the one before, or to the start of the one shown if played past it") {
  Session session(lesson(kTwoMoments));
  for (int press = 0; press < 2; ++press) play_until_paused(session);
  REQUIRE(shown_lines(session) == "Round trip 1. / Round trip 2.");
  session.apply(UiCommand::simple(Kind::PreviousCaption));
  CHECK(shown_lines(session) == "Round trip 1.");
  session.apply(UiCommand::simple(Kind::PreviousCaption));
  CHECK(shown_lines(session) == "First.");
  CHECK(session.shown() == 0);
  session.apply(UiCommand::simple(Kind::PreviousCaption));
  CHECK(shown_lines(session) == "First.");
  CHECK(session.status() == "This is the lesson's first caption.");

  // Played on past "Last.": back returns to the moment "Last." appeared.
  for (int press = 0; press < 5; ++press) play_until_paused(session);
  session.apply(UiCommand::pause_at_captions(false));
  session.play_to(240 * kMillisecond);
  session.apply(UiCommand::pause_at_captions(true));
  session.apply(UiCommand::simple(Kind::PreviousCaption));
  CHECK(shown_lines(session) == "Last.");
  CHECK(session.shown() == 200 * kMillisecond);
}

TEST_CASE("next change lands after the caption that explains it") {
  Session session(lesson("cluster 3\nseed 4\nrun until leader within 2s\nsay \"A leader is elected.\"\nrun 100ms\n"));
  bool leader = false;
  for (int press = 0; press < 50 && !leader; ++press) {
    session.apply(UiCommand::simple(Kind::StepToChange));
    for (raft::NodeId node = 1; node <= 3; ++node) leader |= session.simulator().summary(node).role == raft::Role::Leader;
  }
  REQUIRE(leader);
  CHECK(shown_lines(session) == "A leader is elected.");

  // Without narration it stops at the change itself, before the caption.
  Session plain(lesson("cluster 3\nseed 4\nrun until leader within 2s\nsay \"A leader is elected.\"\nrun 100ms\n"));
  plain.apply(UiCommand::pause_at_captions(false));
  leader = false;
  for (int press = 0; press < 50 && !leader; ++press) {
    plain.apply(UiCommand::simple(Kind::StepToChange));
    for (raft::NodeId node = 1; node <= 3; ++node) leader |= plain.simulator().summary(node).role == raft::Role::Leader;
  }
  CHECK(shown_lines(plain).empty());
  CHECK(plain.shown() == session.shown());
}

TEST_CASE("once the teacher acts, the lesson's caption is dimmed and says the run has left the lesson") {
  Session session(lesson(kTwoMoments));
  play_until_paused(session);
  CHECK_FALSE(session.caption().left_lesson);
  session.apply(UiCommand::act(Action::crash(1)));
  const gui::CaptionView caption = session.caption();
  CHECK(caption.left_lesson);
  CHECK(caption.lines == std::vector<std::string>{"Round trip 1."});
  CHECK(caption.left_text.find("You took over at 0.100 s") == 0);
  CHECK_FALSE(session.narrating());  // Right and Left step events again

  // The teacher's own caption is theirs: not dimmed.
  session.apply(UiCommand::act(Action::say("My own words.")));
  CHECK_FALSE(session.caption().left_lesson);
  CHECK(session.caption().lines.back() == "My own words.");

  // Back on the lesson's branch the caption is the lesson's again.
  session.apply(UiCommand::switch_branch(0));
  CHECK_FALSE(session.caption().left_lesson);
  CHECK(session.narrating());

  // Page Up from the teacher's branch returns into the lesson's captions.
  session.apply(UiCommand::switch_branch(1));
  session.apply(UiCommand::simple(Kind::PreviousCaption));
  CHECK_FALSE(session.caption().left_lesson);
  CHECK(shown_lines(session) == "Round trip 1.");
}

TEST_CASE("acting after the lesson is over, on its own branch, also leaves the lesson") {
  Session session(lesson("cluster 3\nseed 2\nsay \"Only line.\"\nrun 50ms\n"));
  session.play_to(300 * kMillisecond);
  REQUIRE_FALSE(session.state().scripted);
  CHECK_FALSE(session.caption().left_lesson);
  session.apply(UiCommand::act(Action::crash(2)));
  CHECK(session.history().branches().size() == 1);  // no fork: the lesson was over
  CHECK(session.caption().left_lesson);
}

TEST_CASE("going on past the last caption plays on, without searching the endless run for another") {
  Session session(lesson("cluster 3\nseed 2\nsay \"Only line.\"\nrun 50ms\n"));
  while (session.compute_ahead(1000)) {}
  session.apply(UiCommand::simple(Kind::Continue));
  session.tick(1.0 / 60);
  const std::size_t ops = session.history().branch().ops.size();
  session.apply(UiCommand::simple(Kind::Continue));  // pressed while playing: no caption left
  CHECK(session.playing());
  CHECK(session.history().branch().ops.size() == ops);  // nothing computed in search of one
  CHECK(shown_lines(session) == "Only line.");
}
