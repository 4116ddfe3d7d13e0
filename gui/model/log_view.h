// What the log view draws: one row per node, one cell per entry, with the commit and
// applied indexes and which entries disagree with the reference log (the leader's, or
// the most up-to-date one when there is no leader): those will be overwritten.
#pragma once

#include <string>
#include <vector>

#include "sim/simulator.h"

namespace gui {

using raft::Index;
using raft::NodeId;
using raft::Term;

struct LogCell {
  Index index = 0;
  Term term = 0;
  std::string command;
  bool committed = false;   // index <= the node's commit index
  bool divergent = false;   // differs from the reference log at this index
  bool cluster_committed = false;  // in the cluster's committed prefix (by the checker)
};

struct LogRow {
  NodeId node = 0;
  bool up = false;
  bool is_reference = false;
  Index commit_index = 0;   // 0 for a crashed node (it forgot)
  Index last_applied = 0;
  std::vector<LogCell> cells;
};

struct LogView {
  std::vector<LogRow> rows;  // rows[0] is node 1
  Index longest = 0;         // the longest log, in entries
  NodeId reference = 0;      // whose log the others are compared with (0: none)
  Term max_term = 0;
};

// Live nodes show their log; crashed nodes show what they persisted.
LogView build_log_view(const sim::Simulator& simulator);

}  // namespace gui
