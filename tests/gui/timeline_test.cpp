// The whole lesson on the time line: computed ahead a little at a time, the slider spans
// it, its captions sit where the run says them, its terms are bands with their leaders,
// the teacher can jump to any caption, and the preview is bounded.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fingerprint.h"
#include "gui/model/session.h"

using gui::LessonTimeline;
using gui::Session;
using gui::UiCommand;
using raft::kMillisecond;
using raft::kSecond;

namespace {

gui::Origin lesson(const std::string& text) { return gui::Origin{"lesson", sim::parse_scenario(text, "lesson"), {}}; }

const std::string kElections =
    "cluster 5\nseed 7\n"
    "say \"Five followers.\"\n"
    "run until leader within 3s\n"
    "say \"A leader.\"\n"
    "run 300ms\n"
    "crash leader\n"
    "say \"The leader crashed.\"\n"
    "run until leader within 3s\n"
    "say \"A new leader.\"\n"
    "run 200ms\n";

// Every say of the lesson as played for real, with its time.
std::vector<std::pair<gui::Time, std::string>> played_says(const std::string& text) {
  sim::ScenarioPlayer player(sim::parse_scenario(text, "lesson"));
  std::vector<std::pair<gui::Time, std::string>> says;
  while (!player.finished()) {
    player.step();
    for (const sim::Note& note : player.take_notes()) {
      if (note.kind == sim::Note::Kind::Say) says.emplace_back(note.time, note.text);
    }
  }
  return says;
}

}  // namespace

TEST_CASE("the time line holds every caption at the time the run says it, and spans the whole lesson") {
  LessonTimeline timeline(lesson(kElections));
  // A little at a time: a frame's share never computes the whole lesson.
  CHECK(timeline.compute(10));
  const gui::Time early = timeline.span();
  while (timeline.compute(50)) CHECK(timeline.span() >= early);
  CHECK(timeline.end() == LessonTimeline::End::LessonOver);
  CHECK(timeline.limit_text().empty());

  const auto says = played_says(kElections);
  REQUIRE(timeline.captions().size() == says.size());
  for (std::size_t i = 0; i < says.size(); ++i) {
    CHECK(timeline.captions()[i].time == says[i].first);
    CHECK(timeline.captions()[i].text == says[i].second);
  }
  sim::ScenarioPlayer player(sim::parse_scenario(kElections, "lesson"));
  player.play_to_end();
  CHECK(timeline.span() == player.simulator().now());
}

TEST_CASE("the time line has a band per term, with the leader of each and when it was elected") {
  LessonTimeline timeline(lesson(kElections));
  while (timeline.compute(1000)) {}
  const auto& bands = timeline.bands();
  REQUIRE(bands.size() >= 3);  // term 0 (no leader), the first leader's term, the second's
  CHECK(bands.front().term == 0);
  CHECK(bands.front().leader == 0);
  CHECK(bands.front().start == 0);
  for (std::size_t i = 1; i < bands.size(); ++i) {
    CHECK(bands[i].term > bands[i - 1].term);
    CHECK(bands[i].start == bands[i - 1].end);  // contiguous
  }
  CHECK(bands.back().end == timeline.span());

  // Each leader, as the real run elects it: the terms with a leader, in order.
  sim::ScenarioPlayer player(sim::parse_scenario(kElections, "lesson"));
  std::vector<std::pair<raft::Term, raft::NodeId>> elected;
  while (!player.finished()) {
    player.step();
    for (raft::NodeId node = 1; node <= 5; ++node) {
      const sim::NodeSummary summary = player.simulator().summary(node);
      if (summary.up && summary.role == raft::Role::Leader &&
          (elected.empty() || elected.back().first != summary.term)) {
        elected.emplace_back(summary.term, node);
      }
    }
  }
  std::vector<std::pair<raft::Term, raft::NodeId>> banded;
  for (const gui::TermBand& band : bands) {
    if (band.leader != 0) banded.emplace_back(band.term, band.leader);
    if (band.leader != 0) CHECK(band.leader_since >= band.start);
  }
  CHECK(banded == elected);
  CHECK(elected.size() == 2);
  // band_at finds the band of a moment.
  const gui::TermBand* second = gui::band_at(bands, bands.back().leader_since);
  REQUIRE(second != nullptr);
  CHECK(second->leader == bands.back().leader);
}

TEST_CASE("the preview stops at its bound and says so") {
  LessonTimeline by_time(lesson("cluster 3\nrun 10s\nsay \"Never seen.\"\n"), {.events_max = 1'000'000, .span_max = 2 * kSecond});
  while (by_time.compute(1000)) {}
  CHECK(by_time.end() == LessonTimeline::End::TimeLimit);
  CHECK(by_time.span() <= 2 * kSecond);
  CHECK(by_time.captions().empty());
  CHECK(by_time.limit_text().find("stops at") != std::string::npos);

  LessonTimeline by_events(lesson("cluster 3\nrun 10s\n"), {.events_max = 500, .span_max = 3600 * kSecond});
  while (by_events.compute(1000)) {}
  CHECK(by_events.end() == LessonTimeline::End::EventLimit);
  CHECK(by_events.limit_text().find("500 events") != std::string::npos);
}

TEST_CASE("the slider spans the lesson computed ahead; scrubbing past what was played plays it exactly") {
  Session session(lesson(kElections));
  while (session.compute_ahead(1000)) {}
  const gui::Time span = session.timeline().span();
  CHECK(session.horizon() == span);
  CHECK(session.history().branch().horizon < span);  // not yet played

  session.apply(UiCommand::seek(span));
  CHECK(session.shown() == span);
  Session straight(lesson(kElections));
  straight.play_to(span);
  CHECK(gui_test::fingerprint(session.simulator()) == gui_test::fingerprint(straight.simulator()));
}

TEST_CASE("the teacher can jump to any caption, from any branch") {
  Session session(lesson(kElections));
  while (session.compute_ahead(1000)) {}
  const auto& captions = session.timeline().captions();
  REQUIRE(captions.size() == 4);
  for (std::size_t i : {2u, 0u, 3u, 1u}) {
    session.apply(UiCommand::jump_to_caption(i));
    CHECK(session.shown() == captions[i].time);
    CHECK(session.caption().lines.back() == captions[i].text);
    CHECK_FALSE(session.playing());
  }
  // From a branch where the teacher took over, a later caption is on the lesson's line.
  session.apply(UiCommand::jump_to_caption(1));
  session.apply(UiCommand::act(gui::Action::heal()));
  REQUIRE(session.history().branch_index() == 1);
  CHECK_FALSE(session.on_lesson_line());
  session.apply(UiCommand::jump_to_caption(3));
  CHECK(session.history().branch_index() == 0);
  CHECK(session.caption().lines.back() == "A new leader.");
  CHECK_FALSE(session.caption().left_lesson);
}

TEST_CASE("dragging far past what was played catches up a frame's share at a time") {
  const std::string long_lesson = "cluster 5\nseed 3\nsay \"A long lesson.\"\nrun 200s\n";
  Session session(lesson(long_lesson));
  while (session.compute_ahead(100000)) {}
  REQUIRE(session.horizon() == 200 * kSecond);
  session.apply(UiCommand::seek(150 * kSecond));
  CHECK(session.busy());
  CHECK(session.shown() < 150 * kSecond);  // not all in one frame
  int frames = 0;
  for (; frames < 1000 && session.busy(); ++frames) session.tick(1.0 / 60);
  CHECK(frames > 0);
  CHECK_FALSE(session.busy());
  CHECK(session.shown() == 150 * kSecond);
  CHECK_FALSE(session.playing());
  Session straight(lesson(long_lesson));
  straight.play_to(150 * kSecond);
  CHECK(gui_test::fingerprint(session.simulator()) == gui_test::fingerprint(straight.simulator()));

  // Anything the teacher does meanwhile wins over the catching up.
  Session interrupted(lesson(long_lesson));
  while (interrupted.compute_ahead(100000)) {}
  interrupted.apply(UiCommand::seek(150 * kSecond));
  REQUIRE(interrupted.busy());
  interrupted.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  CHECK_FALSE(interrupted.busy());
  CHECK(interrupted.shown() < 150 * kSecond);
}
