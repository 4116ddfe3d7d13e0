#include "gui/model/lesson_timeline.h"

#include <algorithm>

namespace gui {

namespace {

std::string seconds(Time time) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", static_cast<double>(time) / raft::kSecond);
  return text;
}

}  // namespace

LessonTimeline::LessonTimeline(const Origin& origin, TimelineLimits limits) : limits_(limits) {
  player_.emplace(origin.scenario, origin.seed_override);
  if (player_->finished()) end_ = End::LessonOver;
  observe();
}

bool LessonTimeline::compute(std::size_t units) {
  for (std::size_t unit = 0; unit < units && end_ == End::Computing; ++unit) {
    sim::ScenarioPlayer& player = *player_;
    if (player.finished()) {
      end_ = End::LessonOver;
    } else if (!player.next_command_time()) {
      end_ = End::Waiting;
    } else if (player.simulator().stats().events >= limits_.events_max) {
      end_ = End::EventLimit;
    } else if (*player.next_command_time() > limits_.span_max) {
      end_ = End::TimeLimit;
    } else {
      player.step_command();  // the same units as History's, so the same moments
      observe();
    }
  }
  if (done()) player_.reset();
  return !done();
}

// Reads what the last unit said and where the terms stand.
void LessonTimeline::observe() {
  sim::ScenarioPlayer& player = *player_;
  const sim::Simulator& simulator = player.simulator();
  const Time now = simulator.now();
  span_ = std::max(span_, now);
  for (sim::Note& note : player.take_notes()) {
    if (note.kind == sim::Note::Kind::Say) captions_.push_back({note.time, std::move(note.text)});
  }
  raft::Term term = 0;
  NodeId leader = 0;
  for (NodeId node = 1; node <= static_cast<NodeId>(simulator.size()); ++node) {
    const sim::NodeSummary summary = simulator.summary(node);
    if (summary.term > term) {
      term = summary.term;
      leader = 0;
    }
    if (summary.up && summary.term == term && summary.role == raft::Role::Leader) leader = node;
  }
  if (bands_.empty() || term > bands_.back().term) {
    if (!bands_.empty()) bands_.back().end = now;
    bands_.push_back({term, now, now, 0, 0});
  }
  TermBand& band = bands_.back();
  band.end = now;
  if (leader != 0 && band.leader == 0) {
    band.leader = leader;
    band.leader_since = now;
  }
}

std::string LessonTimeline::limit_text() const {
  switch (end_) {
    case End::EventLimit:
      return "The time line stops at " + seconds(span_) + ": the preview computes at most " +
             std::to_string(limits_.events_max) + " events.";
    case End::TimeLimit:
      return "The time line stops at " + seconds(span_) + ": the preview computes at most " + seconds(limits_.span_max) + ".";
    case End::Waiting:
      return "The time line stops at " + seconds(span_) + ": the scenario waits for an event that never comes.";
    case End::Computing:
    case End::LessonOver: return "";
  }
  return "";
}

const TermBand* band_at(const std::vector<TermBand>& bands, Time time) {
  auto it = std::upper_bound(bands.begin(), bands.end(), time,
                             [](Time t, const TermBand& band) { return t < band.start; });
  if (it == bands.begin()) return nullptr;
  --it;
  return time <= it->end ? &*it : nullptr;
}

}  // namespace gui
