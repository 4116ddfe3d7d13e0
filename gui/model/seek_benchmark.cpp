#include "gui/model/seek_benchmark.h"

#include <chrono>
#include <numeric>

namespace gui {

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
  double total_ms = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t slot = (i * stride) % count;
    const Time at = static_cast<Time>(static_cast<double>(horizon) * static_cast<double>(slot + 1) /
                                      static_cast<double>(count));
    const auto start = std::chrono::steady_clock::now();
    session.apply(UiCommand::seek(at));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    total_ms += ms;
    if (ms > figures.worst_ms) {
      figures.worst_ms = ms;
      figures.worst_at = at;
    }
  }
  figures.seeks = count;
  figures.mean_ms = total_ms / static_cast<double>(count);
  session.apply(UiCommand::seek(back_to));
  return figures;
}

}  // namespace gui
