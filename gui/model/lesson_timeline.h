// The whole lesson on the time line. A run is deterministic, so the lesson's main line
// can be played ahead, on a copy of the scenario, before the class sees it: where each
// caption falls, and which term (and leader) holds when. The time slider spans it all
// and the teacher can jump to any caption.
//
// The preview is computed a few thousand units at a time (compute()), so a frame never
// waits for a long lesson; it stops when the scenario's commands are done, or at a
// bound on events or virtual time (and says which).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/history.h"

namespace gui {

// A `say` of the lesson: when, and what.
struct TimelineCaption {
  Time time = 0;
  std::string text;
};

// One term of the cluster (the highest term any server holds), from when the first
// server reached it until the next term began; and who led it, from when.
struct TermBand {
  raft::Term term = 0;
  Time start = 0;
  Time end = 0;
  NodeId leader = 0;     // 0: no leader was elected in this term
  Time leader_since = 0;
};

// Bounds of the preview: a lesson is minutes long; a chaos scenario may never end.
// Two million events take about a second to compute, spread over frames.
struct TimelineLimits {
  std::uint64_t events_max = 2'000'000;
  Time span_max = 3600 * raft::kSecond;
};

class LessonTimeline {
 public:

  enum class End : std::uint8_t {
    Computing,   // not finished yet
    LessonOver,  // every command of the scenario was carried out
    EventLimit,  // stopped at TimelineLimits::events_max events
    TimeLimit,   // stopped at TimelineLimits::span_max of virtual time
    Waiting,     // the scenario waits for an event that will never come
  };

  explicit LessonTimeline(const Origin& origin, TimelineLimits limits = {});

  // Carries the preview on by at most `units` scenario units. True while unfinished.
  bool compute(std::size_t units);
  bool done() const { return end_ != End::Computing; }
  End end() const { return end_; }
  // The virtual time computed so far (all of the lesson once done).
  Time span() const { return span_; }
  const std::vector<TimelineCaption>& captions() const { return captions_; }
  const std::vector<TermBand>& bands() const { return bands_; }
  // Why the time line stops where it does, for the teacher ("" while computing or when
  // the lesson is simply over).
  std::string limit_text() const;

 private:
  void observe();

  TimelineLimits limits_;
  std::optional<sim::ScenarioPlayer> player_;  // released once done
  End end_ = End::Computing;
  Time span_ = 0;
  std::vector<TimelineCaption> captions_;
  std::vector<TermBand> bands_;
};

// The band holding virtual time `time`, if any.
const TermBand* band_at(const std::vector<TermBand>& bands, Time time);

}  // namespace gui
