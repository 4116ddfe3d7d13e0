// How long the time slider takes to jump: `raftsim-gui --seek-benchmark N` prints it.
// The thread's CPU time is only measured here; it never enters the simulation.
#pragma once

#include <cstddef>

#include "gui/model/session.h"

namespace gui {

struct SeekFigures {
  std::size_t seeks = 0;
  double worst_ms = 0;
  double mean_ms = 0;
  double median_ms = 0;
  Time worst_at = 0;  // the virtual time whose seek took longest
  std::size_t ops = 0;
  std::size_t checkpoints = 0;
};

// Seeks `count` times to moments spread evenly over [0, horizon], in a scrambled order
// so that each is a far jump (a restore from a checkpoint plus a replay), then back to
// where the session was. Times are the CPU time of the seek (the thread's, not the
// wall clock's), so that other programs on the machine do not count.
SeekFigures measure_seeks(Session& session, std::size_t count);

}  // namespace gui
