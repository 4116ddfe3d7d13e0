#include "gui/app/draw.h"

#include <algorithm>
#include <cmath>

namespace gui {

ImU32 with_alpha(ImU32 colour, float alpha) {
  const auto a = static_cast<unsigned>(static_cast<float>((colour >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
  return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void draw_message_glyph(ImDrawList* draw, ImVec2 c, float s, MessageKind kind, ImU32 colour, bool outline_it) {
  const ImU32 outline = IM_COL32(255, 255, 255, (colour >> IM_COL32_A_SHIFT) & 0xFF);
  switch (kind) {
    case MessageKind::RequestVote:
    case MessageKind::AppendEntries:
    case MessageKind::Heartbeat:
      draw->AddCircleFilled(c, s, colour, 12);
      if (outline_it) draw->AddCircle(c, s, outline, 12, 1.5f);
      break;
    case MessageKind::VoteGranted:
    case MessageKind::VoteDenied:
    case MessageKind::AppendOk:
    case MessageKind::AppendRejected: {
      const float d = s * 1.25f;
      draw->AddQuadFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d), ImVec2(c.x - d, c.y), colour);
      if (outline_it) {
        draw->AddQuad(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d), ImVec2(c.x - d, c.y), outline, 1.5f);
      }
      break;
    }
    case MessageKind::TimeoutNow: {
      // A star-like burst: "campaign now", unlike any routine message.
      const float d = s * 1.5f;
      draw->AddTriangleFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d * 0.87f, c.y + d * 0.5f),
                              ImVec2(c.x - d * 0.87f, c.y + d * 0.5f), colour);
      draw->AddTriangleFilled(ImVec2(c.x, c.y + d), ImVec2(c.x + d * 0.87f, c.y - d * 0.5f),
                              ImVec2(c.x - d * 0.87f, c.y - d * 0.5f), colour);
      if (outline_it) draw->AddCircle(c, d, outline, 12, 1.5f);
      break;
    }
    case MessageKind::ClientRequest:
      draw->AddRectFilled(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), colour);
      break;
    case MessageKind::ClientReply:
      draw->AddRect(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), colour, 0, 0, 2.5f);
      break;
    // A pre-vote and its answers: the vote's shapes, hollow (a question that changes nothing).
    case MessageKind::PreVote:
      draw->AddCircleFilled(c, s, IM_COL32(255, 255, 255, (colour >> IM_COL32_A_SHIFT) & 0xFF), 12);
      draw->AddCircle(c, s, colour, 12, std::max(2.0f, s * 0.35f));
      break;
    case MessageKind::PreVoteGranted:
    case MessageKind::PreVoteDenied: {
      const float d = s * 1.25f;
      const ImVec2 corners[] = {ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d), ImVec2(c.x - d, c.y)};
      draw->AddQuadFilled(corners[0], corners[1], corners[2], corners[3], IM_COL32(255, 255, 255, (colour >> IM_COL32_A_SHIFT) & 0xFF));
      draw->AddQuad(corners[0], corners[1], corners[2], corners[3], colour, std::max(2.0f, s * 0.35f));
      break;
    }
    case MessageKind::InstallSnapshot:  // a wide bar: a chunk of a larger whole
      draw->AddRectFilled(ImVec2(c.x - s * 1.5f, c.y - s * 0.7f), ImVec2(c.x + s * 1.5f, c.y + s * 0.7f), colour, s * 0.3f);
      if (outline_it) draw->AddRect(ImVec2(c.x - s * 1.5f, c.y - s * 0.7f), ImVec2(c.x + s * 1.5f, c.y + s * 0.7f), outline, s * 0.3f, 0, 1.5f);
      break;
    case MessageKind::InstallSnapshotReply: {
      const float d = s * 1.25f;
      draw->AddTriangleFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y + d * 0.8f), ImVec2(c.x - d, c.y + d * 0.8f), colour);
      break;
    }
    // A read's question and answer: a client's square, turned into a diamond.
    case MessageKind::ReadIndex:
    case MessageKind::ReadIndexReply: {
      const float d = s * 1.3f;
      const ImVec2 corners[] = {ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d), ImVec2(c.x - d, c.y)};
      if (kind == MessageKind::ReadIndex) {
        draw->AddQuadFilled(corners[0], corners[1], corners[2], corners[3], colour);
      } else {
        draw->AddQuad(corners[0], corners[1], corners[2], corners[3], colour, std::max(2.0f, s * 0.35f));
      }
      break;
    }
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
