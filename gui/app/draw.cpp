#include "gui/app/draw.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace gui {

ImU32 with_alpha(ImU32 colour, float alpha) {
  const auto a = static_cast<unsigned>(static_cast<float>((colour >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
  return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void draw_message_glyph(ImDrawList* draw, ImVec2 c, float s, MessageKind kind, ImU32 colour, bool outline_it) {
  const ImU32 outline = IM_COL32(255, 255, 255, (colour >> IM_COL32_A_SHIFT) & 0xFF);
  const ImU32 white = outline;
  const auto diamond = [&](float d) {
    return std::array<ImVec2, 4>{ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d), ImVec2(c.x - d, c.y)};
  };
  switch (message_style(kind).glyph) {
    case Glyph::Disc:
      draw->AddCircleFilled(c, s, colour, 12);
      if (outline_it) draw->AddCircle(c, s, outline, 12, 1.5f);
      break;
    case Glyph::Diamond: {
      const auto q = diamond(s * 1.25f);
      draw->AddQuadFilled(q[0], q[1], q[2], q[3], colour);
      if (outline_it) draw->AddQuad(q[0], q[1], q[2], q[3], outline, 1.5f);
      break;
    }
    case Glyph::Ring:
      draw->AddCircleFilled(c, s, white, 12);
      draw->AddCircle(c, s, colour, 12, std::max(2.0f, s * 0.35f));
      break;
    case Glyph::HollowDiamond: {
      const auto q = diamond(s * 1.25f);
      draw->AddQuadFilled(q[0], q[1], q[2], q[3], white);
      draw->AddQuad(q[0], q[1], q[2], q[3], colour, std::max(2.0f, s * 0.35f));
      break;
    }
    case Glyph::Star: {
      const float d = s * 1.5f;
      draw->AddTriangleFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d * 0.87f, c.y + d * 0.5f),
                              ImVec2(c.x - d * 0.87f, c.y + d * 0.5f), colour);
      draw->AddTriangleFilled(ImVec2(c.x, c.y + d), ImVec2(c.x + d * 0.87f, c.y - d * 0.5f),
                              ImVec2(c.x - d * 0.87f, c.y - d * 0.5f), colour);
      if (outline_it) draw->AddCircle(c, d, outline, 12, 1.5f);
      break;
    }
    case Glyph::Square:
      draw->AddRectFilled(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), colour);
      break;
    case Glyph::OpenSquare:
      draw->AddRect(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), colour, 0, 0, 2.5f);
      break;
    case Glyph::Bar:
      draw->AddRectFilled(ImVec2(c.x - s * 1.5f, c.y - s * 0.7f), ImVec2(c.x + s * 1.5f, c.y + s * 0.7f), colour, s * 0.3f);
      if (outline_it) {
        draw->AddRect(ImVec2(c.x - s * 1.5f, c.y - s * 0.7f), ImVec2(c.x + s * 1.5f, c.y + s * 0.7f), outline, s * 0.3f, 0, 1.5f);
      }
      break;
    case Glyph::Triangle: {
      const float d = s * 1.25f;
      draw->AddTriangleFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y + d * 0.8f), ImVec2(c.x - d, c.y + d * 0.8f), colour);
      break;
    }
    case Glyph::Rhomb: {
      const auto q = diamond(s * 1.3f);
      draw->AddQuadFilled(q[0], q[1], q[2], q[3], colour);
      break;
    }
    case Glyph::OpenRhomb: {
      const auto q = diamond(s * 1.3f);
      draw->AddQuad(q[0], q[1], q[2], q[3], colour, std::max(2.0f, s * 0.35f));
      break;
    }
  }
}

void draw_dashed_circle(ImDrawList* draw, ImVec2 centre, float radius, ImU32 colour, float thickness, int dashes) {
  constexpr float kPi = 3.14159265358979f;
  const float step = kPi / static_cast<float>(dashes);
  for (int dash = 0; dash < dashes; ++dash) {
    const float start = -kPi / 2 + 2 * step * static_cast<float>(dash);
    draw->PathArcTo(centre, radius, start, start + step, 6);
    draw->PathStroke(colour, 0, thickness);
  }
}

void draw_dashed_line(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, float dash) {
  const float dx = to.x - from.x;
  const float dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1) return;
  const int pieces = static_cast<int>(length / dash);
  for (int i = 0; i < pieces; i += 2) {
    const float a = static_cast<float>(i) / static_cast<float>(pieces);
    const float b = std::min(1.0f, static_cast<float>(i + 1) / static_cast<float>(pieces));
    draw->AddLine(ImVec2(from.x + dx * a, from.y + dy * a), ImVec2(from.x + dx * b, from.y + dy * b), colour, thickness);
  }
}

void draw_text_centred(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, ImU32 colour, const char* text) {
  const ImVec2 extent = font->CalcTextSizeA(size, 1e9f, 0, text);
  draw->AddText(font, size, ImVec2(std::round(centre.x - extent.x / 2), std::round(centre.y - extent.y / 2)), colour, text);
}

}  // namespace gui
