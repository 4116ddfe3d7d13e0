#include "gui/model/legend.h"

#include <algorithm>

namespace gui {

namespace {

std::uint64_t sent(const sim::Simulator& simulator, const char* kind) {
  return simulator.message_counts().total(false, sim::rpc_kind_number(kind), 0, 0);
}

bool has(const RunFacts& facts, Needs needs) {
  switch (needs) {
    case Needs::Nothing: return true;
    case Needs::PreVote: return facts.pre_vote;
    case Needs::Client: return facts.client;
    case Needs::Transfer: return facts.transfer;
    case Needs::Snapshots: return facts.snapshots;
    case Needs::Reads: return facts.reads;
  }
  return false;
}

}  // namespace

RunFacts run_facts(const sim::Simulator& simulator, bool crashed_before) {
  RunFacts facts;
  facts.pre_vote = simulator.config().pre_vote;
  facts.crashed = crashed_before;
  const raft::Configuration configuration = simulator.configuration();
  facts.learners = !configuration.learners.empty();
  for (sim::NodeId node = 1; node <= static_cast<sim::NodeId>(simulator.size()); ++node) {
    if (!simulator.is_up(node)) {
      facts.crashed = true;
    } else if (simulator.node(node).transfer_target() != raft::kNobody) {
      facts.transfer = true;  // handing over: a TimeoutNow comes once the target has caught up
    }
    if (!configuration.contains(node)) facts.outsiders = true;
  }
  const sim::Stats& stats = simulator.stats();
  facts.client = stats.client_messages_sent > 0 || simulator.history().size() > 0;
  facts.transfer = facts.transfer || sent(simulator, "TimeoutNow") > 0;
  facts.snapshots = stats.snapshots_taken > 0 || stats.snapshots_installed > 0 || sent(simulator, "InstallSnapshot") > 0;
  facts.reads = sent(simulator, "ReadIndex") > 0;
  return facts;
}

std::vector<LegendRow> legend_rows(const RunFacts& facts) {
  std::vector<LegendRow> rows;
  const auto node = [&rows](NodeMark mark, const char* label) { rows.push_back({std::nullopt, mark, label}); };
  node(NodeMark::Follower, "follower");
  if (facts.pre_vote) node(NodeMark::PreCandidate, "pre-candidate");
  node(NodeMark::Candidate, "candidate");
  node(NodeMark::Leader, "leader");
  if (facts.crashed) node(NodeMark::Crashed, "crashed");
  if (facts.learners) node(NodeMark::Learner, "learner");
  if (facts.outsiders) node(NodeMark::NotMember, "not a member");
  for (const MessageStyle& style : message_styles()) {
    if (has(facts, style.needs)) rows.push_back({style.kind, NodeMark::Follower, style.label});
  }
  return rows;
}

LegendLayout lay_out_legend(const std::vector<float>& row_widths, float line, float padding, float height_max,
                            float width_max) {
  LegendLayout layout;
  const std::size_t rows = row_widths.size();
  if (rows == 0) return layout;
  for (const int columns : {1, 2}) {
    const std::size_t per_column = (rows + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    const float height = line * static_cast<float>(per_column) + 2 * padding;
    if (height > height_max) continue;
    std::vector<float> widths;
    for (std::size_t first = 0; first < rows; first += per_column) {
      const auto end = row_widths.begin() + static_cast<std::ptrdiff_t>(std::min(rows, first + per_column));
      widths.push_back(*std::max_element(row_widths.begin() + static_cast<std::ptrdiff_t>(first), end) + 2 * padding);
    }
    float width = 0;
    for (const float column : widths) width += column;
    if (width > width_max) return layout;  // two columns are wider still
    layout.columns = columns;
    layout.per_column = per_column;
    layout.column_widths = std::move(widths);
    layout.width = width;
    layout.height = height;
    return layout;
  }
  return layout;
}

}  // namespace gui
