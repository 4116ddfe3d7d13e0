#include "gui/app/timeline_strip.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/app/draw.h"

namespace gui {

namespace {

// One colour per leader: pale, readable under dark text, distinct for neighbours, and
// none of the role colours (blue, orange, green, grey), which mean something else.
ImU32 leader_colour(NodeId leader) {
  static constexpr ImU32 kColours[] = {
      IM_COL32(200, 180, 235, 255), IM_COL32(150, 215, 205, 255), IM_COL32(240, 170, 200, 255),
      IM_COL32(225, 205, 150, 255), IM_COL32(215, 225, 140, 255), IM_COL32(235, 190, 170, 255),
      IM_COL32(180, 200, 200, 255), IM_COL32(230, 160, 230, 255), IM_COL32(190, 230, 200, 255),
      IM_COL32(230, 215, 190, 255),
  };
  return kColours[static_cast<std::size_t>(leader - 1) % (sizeof kColours / sizeof kColours[0])];
}

std::string seconds_text(Time time) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(time) / raft::kSecond);
  return text;
}

// How much of the lesson's time line still describes the branch shown: all of it on
// the lesson's own line; elsewhere, up to where the teacher took over.
Time lesson_until(const Session& session) {
  const Time span = session.timeline().span();
  const std::optional<std::size_t> left = session.departure();
  if (!left) return span;
  return std::min(span, session.history().branch().ops[*left].time);
}

struct Strip : StripPlacement {
  Time time(float pixel) const {
    const double at = std::clamp((pixel - min.x) / std::max(max.x - min.x, 1.0f), 0.0f, 1.0f);
    return static_cast<Time>(at * static_cast<double>(horizon));
  }
};

void draw_bands(ImDrawList* draw, const Strip& strip, const LessonTimeline& timeline, Time until, const Theme& theme) {
  const ImU32 none = IM_COL32(205, 205, 208, 255);
  for (const TermBand& band : timeline.bands()) {
    if (band.start >= until) break;
    const Time end = std::min(band.end, until);
    const Time led = band.leader ? std::clamp(band.leader_since, band.start, end) : end;
    const float a = strip.x(band.start), b = strip.x(led), c = strip.x(end);
    if (c - a < 1.0f) continue;  // a chaos run's thousands of terms: only those a pixel wide
    if (b > a) draw->AddRectFilled(ImVec2(a, strip.min.y), ImVec2(b, strip.max.y), none);
    if (c <= b) continue;
    draw->AddRectFilled(ImVec2(b, strip.min.y), ImVec2(c, strip.max.y), leader_colour(band.leader));
    draw->AddLine(ImVec2(b, strip.min.y), ImVec2(b, strip.max.y), IM_COL32(255, 255, 255, 255), 1.0f);
    // Its leader's name where it fits: "term 2: n5", or just "n5".
    const float size = theme.font_size * 0.85f;
    for (const std::string& label : {"term " + std::to_string(band.term) + ": n" + std::to_string(band.leader),
                                     "n" + std::to_string(band.leader)}) {
      const ImVec2 extent = theme.regular->CalcTextSizeA(size, 1e9f, 0, label.c_str());
      if (extent.x + 6 > c - b) continue;
      draw_text_centred(draw, theme.regular, size, ImVec2((b + c) / 2, (strip.min.y + strip.max.y) / 2), theme.ink,
                        label.c_str());
      break;
    }
  }
}

// The caption whose tick is under the mouse (within a few pixels), if any.
std::optional<std::size_t> caption_under(const Strip& strip, const LessonTimeline& timeline, Time until, float mouse_x) {
  std::optional<std::size_t> best;
  float best_distance = 6.0f;
  const auto& captions = timeline.captions();
  for (std::size_t i = 0; i < captions.size() && captions[i].time <= until; ++i) {
    const float distance = std::abs(strip.x(captions[i].time) - mouse_x);
    if (distance < best_distance) {  // ties keep the first line of a moment
      best_distance = distance;
      best = i;
    }
  }
  return best;
}

void caption_tooltip(const Frame& frame, std::size_t index) {
  const auto& captions = frame.session.timeline().captions();
  const Time moment = captions[index].time;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(frame.theme.font_size * 32);
  ImGui::TextDisabled("Caption %zu of %zu, at %s", index + 1, captions.size(), seconds_text(moment).c_str());
  for (std::size_t i = index; i < captions.size() && captions[i].time == moment; ++i) {
    ImGui::TextUnformatted(captions[i].text.c_str());
  }
  ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.8f, 1), "Click to go to this caption");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void band_tooltip(const Frame& frame, Time time) {
  ImGui::BeginTooltip();
  ImGui::TextDisabled("At %s", seconds_text(time).c_str());
  if (const TermBand* band = band_at(frame.session.timeline().bands(), time)) {
    if (band->leader != 0 && time >= band->leader_since) {
      ImGui::Text("Term %llu: leader n%d (elected at %s)", static_cast<unsigned long long>(band->term),
                  static_cast<int>(band->leader), seconds_text(band->leader_since).c_str());
    } else {
      ImGui::Text("Term %llu: no leader yet", static_cast<unsigned long long>(band->term));
    }
  }
  ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.8f, 1), "Click to go to this moment");
  const std::string limit = frame.session.timeline().limit_text();
  if (!limit.empty()) ImGui::TextDisabled("%s", limit.c_str());
  ImGui::EndTooltip();
}

}  // namespace

StripPlacement draw_timeline_strip(const Frame& frame, float height) {
  const Session& session = frame.session;
  const LessonTimeline& timeline = session.timeline();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  ImGui::InvisibleButton("##lesson", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const Strip strip{{ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), std::max<Time>(session.horizon(), 1)}};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const Theme& theme = frame.theme;

  draw->AddRectFilled(strip.min, strip.max, IM_COL32(238, 238, 240, 255));
  if (timeline.captions().empty() && timeline.span() == 0) {
    draw_text_centred(draw, theme.regular, height * 0.8f, ImVec2((strip.min.x + strip.max.x) / 2, (strip.min.y + strip.max.y) / 2),
                      theme.muted, "No lesson: a scenario's captions and terms show here");
    return strip;
  }
  const Time until = lesson_until(session);
  draw_bands(draw, strip, timeline, until, theme);
  if (!timeline.done()) {
    const float from = strip.x(timeline.span());
    draw_dashed_line(draw, ImVec2(from, (strip.min.y + strip.max.y) / 2), ImVec2(strip.max.x, (strip.min.y + strip.max.y) / 2),
                     theme.muted, 2.0f, 6.0f);
  }

  // A tick per caption; the one on screen in blue.
  const std::size_t seen = captions_seen(session.history());
  const std::optional<std::size_t> under = hovered ? caption_under(strip, timeline, until, ImGui::GetIO().MousePos.x)
                                                   : std::nullopt;
  const auto& captions = timeline.captions();
  for (std::size_t i = 0; i < captions.size() && captions[i].time <= until; ++i) {
    const float x = strip.x(captions[i].time);
    const bool current = session.on_lesson_line() && i + 1 == seen;
    const ImU32 colour = current || under == i ? IM_COL32(40, 90, 220, 255) : theme.ink;
    draw->AddLine(ImVec2(x, strip.min.y), ImVec2(x, strip.max.y), colour, current || under == i ? 3.0f : 1.5f);
    draw->AddTriangleFilled(ImVec2(x - 4, strip.min.y), ImVec2(x + 4, strip.min.y), ImVec2(x, strip.min.y + 5), colour);
  }

  if (!hovered) return strip;
  if (under) {
    caption_tooltip(frame, *under);
    if (clicked) frame.emit(UiCommand::jump_to_caption(*under));
    return strip;
  }
  const Time time = strip.time(ImGui::GetIO().MousePos.x);
  band_tooltip(frame, time);
  if (clicked) frame.emit(UiCommand::seek(time));
  return strip;
}

}  // namespace gui
