// The client's history on a time axis: a bar per operation from invocation to response,
// a row per client, the linearization points, and the violating window in red.
#include <algorithm>
#include <cmath>

#include "gui/app/panels.h"
#include "sim/scenario/scenario.h"  // format_duration

namespace gui {

namespace {

// A tick step of 1, 2 or 5 times a power of ten microseconds, about `wanted` long.
Time tick_step(Time wanted) {
  Time step = 1;
  while (true) {
    for (const Time factor : {1, 2, 5}) {
      if (step * factor >= wanted) return step * factor;
    }
    step *= 10;
  }
}

ImU32 fill_of(const HistoryBar& bar, const Theme& theme) {
  if (bar.in_window) return theme.bad;
  switch (bar.state) {
    case HistoryBar::State::Acknowledged: return theme.follower;
    case HistoryBar::State::Failed: return IM_COL32(205, 205, 210, 255);
    case HistoryBar::State::Open: return IM_COL32(160, 160, 170, 255);
  }
  return theme.muted;
}

}  // namespace

void HistoryPanel::draw(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  const std::uint64_t fingerprint = history_fingerprint(simulator.history());
  if (!built_ || fingerprint != fingerprint_) {
    chart_ = history_chart(simulator.history());
    fingerprint_ = fingerprint;
    built_ = true;
  }
  const Theme& theme = frame.theme;
  const float font = theme.font_size;
  const bool violated = chart_.verdict == sim::lincheck::Verdict::NotLinearizable;
  const ImU32 verdict_colour = violated ? theme.bad : chart_.verdict == sim::lincheck::Verdict::Linearizable ? theme.good : theme.muted;
  ImGui::PushStyleColor(ImGuiCol_Text, verdict_colour);
  ImGui::TextWrapped("%s", chart_.bars.empty() ? "No client operations yet." : chart_.verdict_text.c_str());
  ImGui::PopStyleColor();
  ImGui::TextDisabled("Bars: invocation to response (grey: no answer yet or given up; pale: failed).");
  ImGui::TextDisabled("Ticks: linearization points. Red: operations that cannot be ordered.");
  if (chart_.bars.empty()) return;
  if (chart_.operations > chart_.bars.size()) {
    ImGui::TextDisabled("Showing the latest %zu of %zu operations.", chart_.bars.size(), chart_.operations);
  }

  // The axis: the operations' span, with a margin; open bars run to the present.
  bool any_open = false;
  Time begin = chart_.bars.front().invoked;
  for (const HistoryBar& bar : chart_.bars) {
    any_open |= bar.returned == sim::lincheck::kNever;
    begin = std::min(begin, bar.invoked);
  }
  const Time last = std::max(any_open ? simulator.now() : chart_.end, begin + 1);
  const Time margin = std::max<Time>((last - begin) / 40, 1);
  begin = std::max<Time>(begin - margin, 0);
  const Time end = last + margin;
  const float label_width = font * 4.2f;
  const float row_height = font * 1.5f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x - label_width - font * 0.5f, font * 4);
  const float rows = static_cast<float>(chart_.row_labels.size());
  const float chart_height = rows * row_height;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float left = origin.x + label_width;
  const auto x_of = [&](Time time) {
    const Time clamped = std::clamp(time, begin, end);
    return left + width * static_cast<float>(static_cast<double>(clamped - begin) / static_cast<double>(end - begin));
  };
  for (std::size_t row = 0; row < chart_.row_labels.size(); ++row) {
    const float y = origin.y + static_cast<float>(row) * row_height;
    if (row % 2 == 0) draw->AddRectFilled(ImVec2(left, y), ImVec2(left + width, y + row_height), IM_COL32(240, 240, 243, 255));
    draw->AddText(ImVec2(origin.x, y + (row_height - font) / 2), theme.ink, chart_.row_labels[row].c_str());
  }
  // Time ticks along the bottom, about every 6 characters' width.
  const float axis_y = origin.y + chart_height;
  const Time step = tick_step(static_cast<Time>(static_cast<double>(end - begin) * font * 6 / width) + 1);
  for (Time tick = (begin + step - 1) / step * step; tick <= end; tick += step) {
    const float x = x_of(tick);
    draw->AddLine(ImVec2(x, axis_y), ImVec2(x, axis_y + font * 0.3f), theme.muted);
    draw->AddText(ImVec2(x + 2, axis_y + font * 0.2f), theme.muted, sim::format_duration(tick).c_str());
  }
  draw->AddLine(ImVec2(left, axis_y), ImVec2(left + width, axis_y), theme.muted);

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const HistoryBar* hovered = nullptr;
  for (const HistoryBar& bar : chart_.bars) {
    const float y = origin.y + static_cast<float>(bar.row) * row_height;
    const float x0 = x_of(bar.invoked);
    const float x1 = std::max(x0 + 2.0f, x_of(bar.returned == sim::lincheck::kNever ? end : bar.returned));
    const ImVec2 a(x0, y + row_height * 0.2f), b(x1, y + row_height * 0.8f);
    draw->AddRectFilled(a, b, fill_of(bar, theme), 2);
    if (bar.state == HistoryBar::State::Open) draw->AddTriangleFilled(ImVec2(x1, a.y), ImVec2(x1, b.y), ImVec2(x1 + font * 0.35f, (a.y + b.y) / 2), fill_of(bar, theme));
    // The label inside the bar when it fits.
    const ImVec2 text = ImGui::CalcTextSize(bar.label.c_str());
    if (text.x + 6 < x1 - x0) {
      draw->AddText(ImVec2(x0 + 3, y + (row_height - text.y) / 2), IM_COL32(255, 255, 255, 255), bar.label.c_str());
    }
    if (bar.point >= 0) {
      const float px = x_of(bar.point);
      draw->AddLine(ImVec2(px, y + row_height * 0.05f), ImVec2(px, y + row_height * 0.95f), theme.ink, 2.0f);
    }
    if (mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y) hovered = &bar;
  }
  ImGui::Dummy(ImVec2(label_width + width, chart_height + font * 1.4f));
  if (hovered != nullptr && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", hovered->details.c_str());
}

}  // namespace gui
