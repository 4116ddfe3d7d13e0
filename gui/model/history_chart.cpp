#include "gui/model/history_chart.h"

#include <algorithm>
#include <map>

#include "sim/io/safe_text.h"
#include "sim/lincheck/from_client.h"
#include "sim/lincheck/report.h"
#include "sim/scenario/scenario.h"  // format_duration

namespace gui {

namespace {

HistoryBar::State state_of(sim::Outcome outcome) {
  switch (outcome) {
    case sim::Outcome::Acknowledged: return HistoryBar::State::Acknowledged;
    case sim::Outcome::Failed: return HistoryBar::State::Failed;
    default: return HistoryBar::State::Open;
  }
}

// Gives each bar a lane of its client's: the first whose last bar ended before it began.
void assign_rows(HistoryChart& chart) {
  std::map<std::uint64_t, std::vector<Time>> lanes_by_client;  // each lane's latest end
  std::map<std::uint64_t, std::vector<std::size_t>> bars_by_client;
  for (std::size_t i = 0; i < chart.bars.size(); ++i) bars_by_client[chart.bars[i].client].push_back(i);
  int first_row = 0;
  for (auto& [client, indices] : bars_by_client) {
    std::vector<Time>& lanes = lanes_by_client[client];
    for (const std::size_t index : indices) {
      HistoryBar& bar = chart.bars[index];
      std::size_t lane = 0;
      while (lane < lanes.size() && lanes[lane] >= bar.invoked) ++lane;
      if (lane == lanes.size() && lanes.size() < static_cast<std::size_t>(kMaxLanesPerClient)) lanes.push_back(0);
      lane = std::min(lane, lanes.size() - 1);
      lanes[lane] = std::max(lanes[lane], bar.returned);
      bar.row = first_row + static_cast<int>(lane);
    }
    chart.row_labels.push_back("client " + std::to_string(client));
    for (std::size_t lane = 1; lane < lanes.size(); ++lane) chart.row_labels.push_back("");
    first_row += static_cast<int>(lanes.size());
  }
}

}  // namespace

HistoryChart history_chart(const sim::ClientHistory& operations) {
  HistoryChart chart;
  const sim::lincheck::History history = sim::lincheck::history_of(operations);
  const sim::lincheck::CheckResult result = sim::lincheck::check_history(history);
  chart.verdict = result.verdict;
  chart.verdict_text = sim::lincheck::describe(history, result);
  // The checker's findings by operation id (failed operations are not in its history).
  std::map<std::uint64_t, Time> points;
  std::map<std::uint64_t, bool> in_window;
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    if (result.points[i] != sim::lincheck::kNever) points[history.operations[i].id] = result.points[i];
  }
  for (const std::size_t index : result.window) in_window[history.operations[index].id] = true;

  chart.operations = operations.size();
  const std::size_t first = operations.size() > kMaxBars ? operations.size() - kMaxBars : 0;
  for (std::size_t i = first; i < operations.size(); ++i) {
    const sim::ClientOperation& operation = operations[i];
    HistoryBar bar;
    bar.id = operation.id;
    bar.client = operation.client;  // its session: a row per client
    bar.label = sim::echo(operation.command, 24);
    bar.invoked = operation.invoked_at;
    bar.state = state_of(operation.outcome);
    if (operation.completed_at >= 0 && bar.state != HistoryBar::State::Open) bar.returned = operation.completed_at;
    if (const auto found = points.find(operation.id); found != points.end()) bar.point = found->second;
    bar.in_window = in_window.contains(operation.id);
    bar.details = "op " + std::to_string(operation.id) + ": client " + std::to_string(operation.client) + "'s write #" +
                  std::to_string(operation.sequence) + ", " + sim::echo(operation.command, 60) + ", " +
                  sim::outcome_name(operation.outcome) + ", invoked " + sim::format_duration(operation.invoked_at) +
                  (operation.completed_at >= 0 ? ", outcome known " + sim::format_duration(operation.completed_at) : "") +
                  (bar.point >= 0 ? "; linearized at " + sim::format_duration(bar.point)
                                  : bar.state == HistoryBar::State::Failed ? "; took no effect" : "");
    chart.end = std::max({chart.end, bar.invoked, operation.completed_at});
    chart.bars.push_back(std::move(bar));
  }
  assign_rows(chart);
  return chart;
}

std::uint64_t history_fingerprint(const sim::ClientHistory& operations) {
  std::uint64_t settled = 0;
  for (const sim::ClientOperation& operation : operations) settled += operation.outcome != sim::Outcome::Pending;
  return (static_cast<std::uint64_t>(operations.size()) << 32) ^ settled;
}

}  // namespace gui
