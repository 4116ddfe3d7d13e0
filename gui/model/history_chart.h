// The client's history as the History tab draws it, in the manner of Porcupine's
// visualisation: a row per client (more lanes where its operations overlap), a bar per
// operation from invocation to response, the linearization point the checker found,
// and the window of operations that cannot be ordered. No ImGui: the panel draws it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/client/client.h"
#include "sim/lincheck/checker.h"

namespace gui {

using raft::Time;

struct HistoryBar {
  enum class State : std::uint8_t { Acknowledged, Failed, Open };  // Open: unknown or pending
  std::uint64_t id = 0;
  std::uint64_t client = 1;
  int row = 0;                // the client's lane, counted over every client's rows
  std::string label;          // "x=1", "read x -> 1": escaped and short
  std::string details;        // a line for the tooltip
  Time invoked = 0;
  Time returned = sim::lincheck::kNever;  // kNever: drawn to the present
  State state = State::Open;
  Time point = -1;            // its linearization point (-1: none, or not linearizable)
  bool in_window = false;     // one of the operations that cannot be ordered
};

struct HistoryChart {
  std::vector<HistoryBar> bars;
  std::vector<std::string> row_labels;  // "client 1", then "" for its other lanes
  Time end = 0;                         // the latest time a bar reaches (responses; not now)
  std::size_t operations = 0;           // in the history: more than bars.size() past kMaxBars
  sim::lincheck::Verdict verdict = sim::lincheck::Verdict::Linearizable;
  std::string verdict_text;             // the checker's report, escaped
};

// The latest this many operations are drawn (a long lecture's stream would be a blur and
// a slow frame); the checker still judges the whole history.
inline constexpr std::size_t kMaxBars = 2000;

// At most this many lanes a client: past it, overlapping bars share the last lane.
inline constexpr int kMaxLanesPerClient = 8;

HistoryChart history_chart(const sim::ClientHistory& operations);

// What a chart was built from: rebuilt only when the history grows or an outcome changes.
std::uint64_t history_fingerprint(const sim::ClientHistory& operations);

}  // namespace gui
