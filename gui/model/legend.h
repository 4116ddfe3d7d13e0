// The cluster view's legend: a row for each thing this run can draw, decided from the
// run's configuration and what has happened up to the moment shown, never from what may
// come (a lesson that never snapshots shows no InstallSnapshot row). And where its rows
// go: one column, or two when one would not fit.
#pragma once

#include <optional>
#include <vector>

#include "gui/model/message_kinds.h"
#include "sim/cluster/simulator.h"

namespace gui {

// How a node can look on the ring (cluster_nodes.cpp draws them).
enum class NodeMark : std::uint8_t { Follower, PreCandidate, Candidate, Leader, Crashed, Learner, NotMember };

struct LegendRow {
  std::optional<MessageKind> message;  // a message's glyph, else the node mark
  NodeMark node = NodeMark::Follower;
  const char* label = "";
  friend bool operator==(const LegendRow&, const LegendRow&) = default;
};

// What the run has, as the legend asks, at the moment shown.
struct RunFacts {
  bool pre_vote = false;   // the configuration says `prevote on`
  bool crashed = false;    // a node is down, or has crashed by now
  bool learners = false;   // the cluster's configuration has a learner now
  bool outsiders = false;  // a node is outside it now (a spare, a removed server)
  bool client = false;     // the client has asked something by now
  bool transfer = false;   // a leader is handing over now, or a TimeoutNow was sent
  bool snapshots = false;  // a node has taken a snapshot (so InstallSnapshot can be sent)
  bool reads = false;      // a read was forwarded to the leader (ReadIndex)
  friend bool operator==(const RunFacts&, const RunFacts&) = default;
};

// `crashed_before`: whether the run's records up to now hold a crash (RecordStore::first_of).
RunFacts run_facts(const sim::Simulator& simulator, bool crashed_before);

// The roles and places first, then the message kinds, each only if the run can draw it.
std::vector<LegendRow> legend_rows(const RunFacts& facts);

// The rows in columns: one if they fit `height_max`, else two (the first holds the extra
// row), else none. Nor any if the columns are wider than `width_max` (the ring needs the
// rest). `row_widths`: each row's width (its mark and its text), `line`: a row's height,
// `padding`: around the text, inside the box.
struct LegendLayout {
  int columns = 0;             // 0: no room; the legend is not shown
  std::size_t per_column = 0;  // rows in the first column
  std::vector<float> column_widths;
  float width = 0, height = 0;  // the box
};
LegendLayout lay_out_legend(const std::vector<float>& row_widths, float line, float padding, float height_max,
                            float width_max);

}  // namespace gui
