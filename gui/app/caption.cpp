#include "gui/app/caption.h"

#include <algorithm>
#include <string>

#include "gui/app/draw.h"

namespace gui {

namespace {

float caption_text_size(const Theme& theme) { return theme.font_size * 1.35f; }
float caption_pad(const Theme& theme) { return theme.font_size * 0.6f; }
float note_text_size(const Theme& theme) { return theme.font_size * 1.05f; }

// What the band says, line by line: the caption, then (once the teacher took over) why
// it is dimmed.
struct CaptionText {
  CaptionView view;
  float text_width = 0;  // the width the lines wrap at

  float height(const Theme& theme) const {
    float height = 0;
    for (const std::string& line : view.lines) {
      height += theme.regular->CalcTextSizeA(caption_text_size(theme), 1e9f, text_width, line.c_str()).y;
    }
    if (view.left_lesson) {
      height += theme.font_size * 0.3f +
                theme.regular->CalcTextSizeA(note_text_size(theme), 1e9f, text_width, view.left_text.c_str()).y;
    }
    return height;
  }
};

CaptionText caption_text(const Frame& frame, const Theme& theme, float width) {
  return CaptionText{frame.session.caption(), width - 2 * caption_pad(theme)};
}

// The theme with the text made smaller, if need be, until the caption fits its band.
Theme fitted_theme(const Frame& frame, float width, float band) {
  Theme fitted = frame.theme;
  const auto fits = [&](const Theme& theme) {
    const CaptionText text = caption_text(frame, theme, width);
    return band <= 0 || text.height(theme) + 2 * caption_pad(theme) <= band - theme.font_size * 0.4f;
  };
  while (!fits(fitted) && fitted.font_size > frame.theme.font_size * 0.6f) fitted.font_size *= 0.92f;
  return fitted;
}

}  // namespace

float fixed_caption_band(const Theme& theme, float width) {
  const bool wide = width > caption_text_size(theme) * 45;
  const float lines = theme.regular->CalcTextSizeA(caption_text_size(theme), 1e9f, 0, wide ? "A\nA" : "A\nA\nA").y;
  return lines + 2 * caption_pad(theme) + theme.font_size * 0.6f;
}

void draw_caption(ImDrawList* draw, ImVec2 min, ImVec2 max, const Frame& frame, float band_height) {
  if (frame.session.caption().lines.empty()) return;
  const Theme theme = fitted_theme(frame, max.x - min.x, band_height);
  const CaptionText text = caption_text(frame, theme, max.x - min.x);
  const float pad = caption_pad(theme);
  const float height = text.height(theme) + 2 * pad;
  const bool dimmed = text.view.left_lesson;
  // Once the run has left the lesson the band fades, so the class sees it is history.
  const ImU32 band = dimmed ? IM_COL32(238, 238, 236, 235) : theme.caption_band;
  const ImU32 rim = dimmed ? IM_COL32(200, 200, 200, 255) : IM_COL32(220, 200, 120, 255);
  draw->AddRectFilled(ImVec2(min.x, max.y - height), max, band, 6);
  draw->AddRect(ImVec2(min.x, max.y - height), max, rim, 6);

  // Lines said at one moment appear one at a time: the newest in full ink, the ones
  // before it (the start of the same sentence, or the same list) a little lighter.
  ImVec2 at(min.x + pad, max.y - height + pad);
  const float size = caption_text_size(theme);
  for (std::size_t i = 0; i < text.view.lines.size(); ++i) {
    const bool newest = i + 1 == text.view.lines.size();
    const ImU32 ink = dimmed ? theme.muted : newest ? theme.ink : IM_COL32(85, 85, 95, 255);
    const std::string& line = text.view.lines[i];
    draw->AddText(theme.regular, size, at, ink, line.c_str(), nullptr, text.text_width);
    at.y += theme.regular->CalcTextSizeA(size, 1e9f, text.text_width, line.c_str()).y;
  }
  if (dimmed) {
    at.y += theme.font_size * 0.3f;
    draw->AddText(theme.regular, note_text_size(theme), at, IM_COL32(150, 60, 40, 255), text.view.left_text.c_str(),
                  nullptr, text.text_width);
  }
}

}  // namespace gui
