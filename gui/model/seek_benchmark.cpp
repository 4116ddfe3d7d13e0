#include "gui/model/seek_benchmark.h"

#include <time.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace gui {

namespace {

// The CPU time this thread has used, in milliseconds: what a seek computes, without
// the time other programs on a busy machine took the processor away.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

}  // namespace

SeekFigures measure_seeks(Session& session, std::size_t count) {
  SeekFigures figures;
  figures.ops = session.history().branch().ops.size();
  figures.checkpoints = session.history().branch().checkpoints.size();
  if (count == 0) return figures;
  const Time back_to = session.shown();
  const Time horizon = session.horizon();
  // Visiting slot (i * stride) mod count, with stride coprime to count, jumps far each time.
  std::size_t stride = count / 2 + 1;
  while (std::gcd(stride, count) != 1) ++stride;
  std::vector<double> times_ms;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t slot = (i * stride) % count;
    const Time at = static_cast<Time>(static_cast<double>(horizon) * static_cast<double>(slot + 1) /
                                      static_cast<double>(count));
    const double start = thread_cpu_ms();
    session.apply(UiCommand::seek(at));
    const double ms = thread_cpu_ms() - start;
    times_ms.push_back(ms);
    if (ms > figures.worst_ms) {
      figures.worst_ms = ms;
      figures.worst_at = at;
    }
  }
  figures.seeks = count;
  figures.mean_ms = std::accumulate(times_ms.begin(), times_ms.end(), 0.0) / static_cast<double>(count);
  std::nth_element(times_ms.begin(), times_ms.begin() + static_cast<std::ptrdiff_t>(count / 2), times_ms.end());
  figures.median_ms = times_ms[count / 2];
  session.apply(UiCommand::seek(back_to));
  return figures;
}

}  // namespace gui
