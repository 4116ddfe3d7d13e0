#include "gui/app/caption.h"

#include <algorithm>
#include <string>

namespace gui {

namespace {

float caption_text_size(const Theme& theme) { return theme.font_size * 1.35f; }
float caption_pad(const Theme& theme) { return theme.font_size * 0.6f; }

// The height of the caption box for `text` in a panel `width` wide.
float caption_height(const std::string& text, float width, const Theme& theme) {
  if (text.empty()) return 0;
  const float wrap = width - 16 - 2 * caption_pad(theme);
  const ImVec2 extent = theme.regular->CalcTextSizeA(caption_text_size(theme), 1e9f, wrap, text.c_str());
  return extent.y + 2 * caption_pad(theme);
}

}  // namespace

float caption_band_height(const Frame& frame, float width) {
  const std::string caption = current_caption(frame.session.history());
  if (caption.empty()) return 0;
  const Theme& theme = frame.theme;
  return std::max(theme.font_size * 3.4f, caption_height(caption, width, theme) + theme.font_size * 0.6f);
}

void draw_caption(ImDrawList* draw, ImVec2 min, ImVec2 max, const Frame& frame) {
  const std::string text = current_caption(frame.session.history());
  if (text.empty()) return;
  const Theme& theme = frame.theme;
  const float size = caption_text_size(theme);
  const float pad = caption_pad(theme);
  const float wrap = max.x - min.x - 2 * pad;
  const ImVec2 extent = theme.regular->CalcTextSizeA(size, 1e9f, wrap, text.c_str());
  const float height = extent.y + 2 * pad;
  draw->AddRectFilled(ImVec2(min.x, max.y - height), max, theme.caption_band, 6);
  draw->AddRect(ImVec2(min.x, max.y - height), max, IM_COL32(220, 200, 120, 255), 6);
  draw->AddText(theme.regular, size, ImVec2(min.x + pad, max.y - height + pad), theme.ink, text.c_str(), nullptr, wrap);
}

}  // namespace gui
