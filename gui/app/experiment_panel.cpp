// Figure 16, live: see experiment_panel.h.
#include "gui/app/experiment_panel.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gui/app/draw.h"
#include "sim/experiments/experiment.h"
#include "sim/experiments/paper_figure16.h"

namespace gui {

namespace {

namespace ex = sim::experiments;

struct Pace {
  const char* name;
  int trials_per_second;  // 0: as fast as the worker can
};
constexpr Pace kPaces[] = {{"20 trials/s", 20}, {"100 trials/s", 100}, {"500 trials/s", 500}, {"as fast as possible", 0}};

const std::vector<ex::TimeoutRange>& ranges() {
  static const std::vector<ex::TimeoutRange> all = ex::paper_ranges();
  return all;
}

std::string ms_text(double ms) {
  char text[32];
  if (ms >= 1000) {
    std::snprintf(text, sizeof text, "%g s", ms / 1000);
  } else {
    std::snprintf(text, sizeof text, "%g ms", ms);
  }
  return text;
}

// Maps milliseconds (log scale) and fractions into the chart's rectangle.
struct Axes {
  ImVec2 origin;  // bottom left
  ImVec2 size;
  double log_low = 1;
  double log_high = 3;
  ImVec2 at(double ms, double fraction) const {
    const double x = (std::log10(std::max(ms, 1e-3)) - log_low) / (log_high - log_low);
    return ImVec2(origin.x + static_cast<float>(std::clamp(x, 0.0, 1.0)) * size.x,
                  origin.y - static_cast<float>(fraction) * size.y);
  }
};

}  // namespace

void ExperimentPanel::start() {
  ex::FailoverSettings settings;
  settings.nodes = servers_;
  settings.timeouts = ranges()[static_cast<std::size_t>(range_)];
  settings.timer_jitter = ex::kRealServerTimerJitter;  // as docs/experiments.md's Figure 16
  settings.give_up_after = 60 * raft::kSecond;  // a class waits a minute at most
  experiment_.start(settings, trials_, 1, kPaces[pace_].trials_per_second);
  started_ = true;
  final_drawn_ = false;
}

void ExperimentPanel::draw(const Frame& frame) {
  if (!started_) start();
  const LiveExperiment::Progress progress = experiment_.progress();
  if (!progress.running) final_drawn_ = true;
  ImGui::TextWrapped("Figure 16 of the Raft paper, live: the leader of %d servers crashes, over and over; how long until "
                     "every server hears a new one?", servers_);
  const float field = frame.theme.font_size * 7;
  ImGui::SetNextItemWidth(field);
  const std::string current = ex::range_name(ranges()[static_cast<std::size_t>(range_)]) + " ms";
  if (ImGui::BeginCombo("timeout", current.c_str())) {
    for (std::size_t i = 0; i < ranges().size(); ++i) {
      const std::string name = ex::range_name(ranges()[i]) + " ms";
      if (ImGui::Selectable(name.c_str(), static_cast<int>(i) == range_)) range_ = static_cast<int>(i);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::SliderInt("servers", &servers_, 3, 9);
  ImGui::SetNextItemWidth(field);
  ImGui::SliderInt("trials", &trials_, 20, 1000);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::Combo("pace", &pace_, [](void*, int i, const char** name) { *name = kPaces[i].name; return true; }, nullptr,
               static_cast<int>(std::size(kPaces)));
  if (progress.running) {
    if (ImGui::Button("Stop")) experiment_.stop();
  } else if (ImGui::Button("Run")) {
    start();
  }
  ImGui::SameLine();
  std::vector<raft::Time> sorted = progress.downtimes;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.empty()) {
    ImGui::Text("%d of %d trials", progress.done, progress.total);
  } else {
    // The split-vote share to a tenth of a percent, as the command line's table prints it.
    ImGui::Text("%d of %d trials: median %s, worst %s, split votes %.1f%%", progress.done, progress.total,
                ms_text(std::round(ex::to_ms(ex::nearest_rank(sorted, 50)))).c_str(),
                ms_text(std::round(ex::to_ms(sorted.back()))).c_str(),
                progress.done > 0 ? 100.0 * progress.split_votes / progress.done : 0.0);
  }
  const ImVec2 room = ImGui::GetContentRegionAvail();
  draw_chart(frame, progress, ImVec2(room.x, std::max(room.y, frame.theme.font_size * 8)));
}

void ExperimentPanel::draw_chart(const Frame& frame, const LiveExperiment::Progress& progress, ImVec2 size) const {
  const float font = frame.theme.font_size;
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::string range = ex::range_name(ranges()[static_cast<std::size_t>(range_)]);
  const ex::PaperCurve* paper = servers_ == 5 ? ex::paper_curve(range) : nullptr;

  // The x axis covers both curves, in whole decades.
  double low = 1e9, high = 1;
  for (raft::Time t : progress.downtimes) {
    low = std::min(low, ex::to_ms(t));
    high = std::max(high, ex::to_ms(t));
  }
  if (paper) {
    low = std::min(low, static_cast<double>(paper->ms.front()));
    high = std::max(high, static_cast<double>(paper->ms.back()));
  }
  if (low > high) low = 10, high = 1000;
  Axes axes;
  // Two lines of legend above the plot, so that it never hides a curve.
  axes.origin = ImVec2(corner.x + font * 2.6f, corner.y + size.y - font * 2.6f);
  axes.size = ImVec2(size.x - font * 3.4f, size.y - font * 5.6f);
  axes.log_low = std::floor(std::log10(std::max(low, 1.0)));
  axes.log_high = std::max(axes.log_low + 1, std::ceil(std::log10(high * 1.0001)));

  // Grid and labels: decades across, quarters up.
  for (double decade = axes.log_low; decade <= axes.log_high; ++decade) {
    const ImVec2 bottom = axes.at(std::pow(10, decade), 0);
    draw->AddLine(bottom, ImVec2(bottom.x, bottom.y - axes.size.y), frame.theme.link);
    const std::string label = ms_text(std::pow(10, decade));
    draw->AddText(ImVec2(bottom.x - ImGui::CalcTextSize(label.c_str()).x / 2, bottom.y + font * 0.2f), frame.theme.muted,
                  label.c_str());
  }
  for (int quarter = 0; quarter <= 4; ++quarter) {
    const ImVec2 left = axes.at(std::pow(10, axes.log_low), quarter / 4.0);
    draw->AddLine(left, ImVec2(left.x + axes.size.x, left.y), frame.theme.link);
    const std::string label = std::to_string(quarter * 25) + "%";
    draw->AddText(ImVec2(left.x - ImGui::CalcTextSize(label.c_str()).x - font * 0.3f, left.y - font * 0.5f),
                  frame.theme.muted, label.c_str());
  }
  const char* x_title = "time without a leader (log scale)";
  draw->AddText(ImVec2(axes.origin.x + (axes.size.x - ImGui::CalcTextSize(x_title).x) / 2, axes.origin.y + font * 1.3f),
                frame.theme.ink, x_title);

  // The paper's curve, dashed.
  const ImU32 paper_colour = frame.theme.muted;
  if (paper) {
    for (std::size_t i = 1; i < paper->ms.size(); ++i) {
      draw_dashed_line(draw, axes.at(paper->ms[i - 1], ex::kPaperCurveFractions[i - 1]),
                       axes.at(paper->ms[i], ex::kPaperCurveFractions[i]), paper_colour, 2.0f, font * 0.4f);
    }
  }
  // Ours: a staircase over the trials run so far.
  std::vector<raft::Time> sorted = progress.downtimes;
  std::sort(sorted.begin(), sorted.end());
  const ImU32 ours = frame.theme.leader;
  if (!sorted.empty() && progress.done > 0) {
    std::vector<ImVec2> points;
    points.push_back(axes.at(ex::to_ms(sorted.front()), 0));
    for (const ex::CdfPoint& point : ex::cdf(sorted, static_cast<std::size_t>(progress.done))) {
      points.push_back(ImVec2(axes.at(point.ms, 0).x, points.back().y));
      points.push_back(axes.at(point.ms, point.fraction));
    }
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), ours, ImDrawFlags_None, 2.5f);
  }

  // Legend, above the plot.
  const std::string ours_label = "raftsim, " + range + " ms, " + std::to_string(servers_) +
                                 " servers, timers up to " + ms_text(ex::to_ms(ex::kRealServerTimerJitter)) + " late";
  const std::string paper_label = paper ? "the paper's Figure 16 (digitised)"
                                        : "the paper measured " + range + " ms with 5 servers only";
  const ImVec2 key(axes.origin.x, corner.y + font * 0.1f);
  draw->AddLine(ImVec2(key.x, key.y + font * 0.5f), ImVec2(key.x + font * 1.5f, key.y + font * 0.5f), ours, 2.5f);
  draw->AddText(ImVec2(key.x + font * 2, key.y), frame.theme.ink, ours_label.c_str());
  if (paper) {
    draw_dashed_line(draw, ImVec2(key.x, key.y + font * 1.7f), ImVec2(key.x + font * 1.5f, key.y + font * 1.7f),
                     paper_colour, 2.0f, font * 0.4f);
  }
  draw->AddText(ImVec2(key.x + font * 2, key.y + font * 1.2f), frame.theme.muted, paper_label.c_str());
}

}  // namespace gui
