#include "gui/app/legend.h"

#include <algorithm>

#include "gui/app/draw.h"

namespace gui {

namespace {

// The legend is looked up, not read aloud: its text a little smaller than the panels'.
float text_of(const Theme& theme) { return theme.font_size * 0.9f; }
float line_of(const Theme& theme) { return text_of(theme) * 1.25f; }
float padding_of(const Theme& theme) { return text_of(theme) * 0.5f; }
float text_at(const Theme& theme) { return text_of(theme) * 1.4f; }  // from the row's left: after its mark

// A node as the ring draws it (cluster_nodes.cpp), small.
void draw_node_mark(ImDrawList* draw, ImVec2 c, float r, NodeMark mark, const Theme& theme) {
  const float thick = std::max(1.5f, r * 0.25f);
  switch (mark) {
    case NodeMark::Follower: draw->AddCircleFilled(c, r, theme.follower, 16); break;
    case NodeMark::PreCandidate: draw->AddCircleFilled(c, r, theme.pre_candidate, 16); break;
    case NodeMark::Candidate: draw->AddCircleFilled(c, r, theme.candidate, 16); break;
    case NodeMark::Leader: draw->AddCircleFilled(c, r, theme.leader, 16); break;
    case NodeMark::Crashed: {
      draw->AddCircleFilled(c, r, theme.crashed, 16);
      const float x = r * 0.55f;
      draw->AddLine(ImVec2(c.x - x, c.y - x), ImVec2(c.x + x, c.y + x), IM_COL32(150, 150, 150, 255), thick * 0.7f);
      draw->AddLine(ImVec2(c.x - x, c.y + x), ImVec2(c.x + x, c.y - x), IM_COL32(150, 150, 150, 255), thick * 0.7f);
      break;
    }
    case NodeMark::Learner:  // tinted with its role's colour, inside a dashed outline
      draw->AddCircleFilled(c, r, with_alpha(theme.follower, 0.35f), 16);
      draw_dashed_circle(draw, c, r - thick * 0.5f, theme.follower, thick, 6);
      break;
    case NodeMark::NotMember:  // white, a dashed grey outline
      draw->AddCircleFilled(c, r, IM_COL32(255, 255, 255, 255), 16);
      draw_dashed_circle(draw, c, r - thick * 0.5f, theme.muted, thick, 6);
      break;
  }
}

}  // namespace

Legend make_legend(std::vector<LegendRow> rows, const Theme& theme, float height_max, float width_max) {
  std::vector<float> widths;
  for (const LegendRow& row : rows) {
    widths.push_back(text_at(theme) + theme.regular->CalcTextSizeA(text_of(theme), 1e9f, 0, row.label).x);
  }
  Legend legend{std::move(rows), {}};
  legend.layout = lay_out_legend(widths, line_of(theme), padding_of(theme), height_max, width_max);
  return legend;
}

float legend_room(const Legend& legend, const Theme& theme) {
  return legend.shown() ? kLegendInset + legend.layout.width + theme.font_size * 0.5f : 0;
}

void draw_legend(ImDrawList* draw, ImVec2 at, const Legend& legend, const Theme& theme) {
  if (!legend.shown()) return;
  const LegendLayout& layout = legend.layout;
  const ImVec2 end(at.x + layout.width, at.y + layout.height);
  draw->AddRectFilled(at, end, IM_COL32(255, 255, 255, 225), 6);
  draw->AddRect(at, end, IM_COL32(210, 210, 215, 255), 6);
  const float line = line_of(theme);
  const float padding = padding_of(theme);
  const float mark = text_of(theme) * 0.35f;  // a glyph's radius
  float column_x = at.x;
  for (std::size_t first = 0, column = 0; first < legend.rows.size(); first += layout.per_column, ++column) {
    float y = at.y + padding;
    const float x = column_x + padding;
    for (std::size_t i = first; i < std::min(legend.rows.size(), first + layout.per_column); ++i, y += line) {
      const LegendRow& row = legend.rows[i];
      const ImVec2 centre(x + mark * 1.3f, y + line / 2);
      if (row.message) {
        draw_message_glyph(draw, centre, mark, *row.message, theme.message(*row.message));
      } else {
        draw_node_mark(draw, centre, mark * 1.3f, row.node, theme);
      }
      draw->AddText(theme.regular, text_of(theme), ImVec2(x + text_at(theme), y + (line - text_of(theme)) / 2),
                    theme.ink, row.label);
    }
    column_x += layout.column_widths[column];
  }
}

}  // namespace gui
