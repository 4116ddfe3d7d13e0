// The logs: one row per node, one cell per entry coloured by term, commit and applied
// indexes marked, entries that disagree with the reference log hatched in red.
#include <algorithm>
#include <string>

#include "gui/app/draw.h"
#include "gui/app/panels.h"

namespace gui {

void LogPanel::draw(const Frame& frame) {
  const Theme& theme = frame.theme;
  const LogView& logs = frame.logs;
  const float font = theme.font_size;
  const float label_width = font * 9.5f;
  // Cells grow to use the width when the logs are short (readable from the back row).
  const float room = (ImGui::GetContentRegionAvail().x - label_width) / static_cast<float>(std::max<Index>(logs.longest, 1) + 2);
  const float grow = std::clamp(room / (font * 3.6f), 1.0f, 1.5f);
  const float cell_width = font * 3.6f * grow;
  const float row_gap = font * 0.45f;
  const float header = font * 1.3f;
  const float fit = (ImGui::GetContentRegionAvail().y - header - font) / static_cast<float>(std::max<std::size_t>(logs.rows.size(), 1)) - row_gap;
  // Compact rows (many nodes, little height): the value only; its term is in its colour.
  const bool compact = fit < font * 1.9f;
  const float cell_height = compact ? std::max(font * 1.3f, fit) : std::min(font * 2.3f * std::min(grow, 1.2f), fit);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const auto columns = static_cast<float>(std::max<Index>(logs.longest, 1));
  const ImVec2 content(label_width + columns * cell_width + font, header + static_cast<float>(logs.rows.size()) * (cell_height + row_gap));
  ImGui::Dummy(content);
  // Follow the end of the logs as they grow, unless the user scrolled away.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float view_width = ImGui::GetWindowWidth() - style.ScrollbarSize - 2 * style.WindowPadding.x;
  if (content.x <= view_width) {
    if (ImGui::GetScrollX() != 0) ImGui::SetScrollX(0);  // everything fits: no scrolling
  } else if (content.x != last_width_ && ImGui::GetScrollX() >= ImGui::GetScrollMaxX() - cell_width * 2) {
    ImGui::SetScrollX(content.x);
  }
  last_width_ = content.x;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float scroll = ImGui::GetScrollX();
  const float visible_left = origin.x + scroll + label_width;
  const float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowWidth();

  // Index numbers along the top.
  for (Index index = 1; index <= logs.longest; ++index) {
    const float x = origin.x + label_width + static_cast<float>(index - 1) * cell_width;
    if (x + cell_width < visible_left || x > visible_right) continue;
    draw_text_centred(draw, theme.regular, font * 0.85f, ImVec2(x + cell_width / 2, origin.y + header / 2), theme.muted,
                      std::to_string(index).c_str());
  }

  for (std::size_t r = 0; r < logs.rows.size(); ++r) {
    const LogRow& row = logs.rows[r];
    const float y = origin.y + header + static_cast<float>(r) * (cell_height + row_gap);
    for (const LogCell& cell : row.cells) {
      const float x = origin.x + label_width + static_cast<float>(cell.index - 1) * cell_width;
      if (x + cell_width < visible_left || x > visible_right) continue;
      const ImVec2 a(x + 2, y), b(x + cell_width - 2, y + cell_height);
      // Committed entries solid, the rest pale: not yet safe.
      const ImU32 fill = cell.committed ? theme.term(cell.term) : with_alpha(theme.term(cell.term), 0.45f);
      // Square corners: software OpenGL pays per triangle, and rounded ones cost dozens.
      draw->AddRectFilled(a, b, row.up ? fill : with_alpha(fill, 0.5f));
      if (cell.divergent) {
        draw->PushClipRect(a, b, true);
        for (float h = -cell_height; h < cell_width; h += font * 0.5f) {
          draw->AddLine(ImVec2(x + h, y + cell_height), ImVec2(x + h + cell_height, y), IM_COL32(210, 40, 40, 110), 2);
        }
        draw->PopClipRect();
        draw->AddRect(a, b, theme.bad, 0, 0, 2.5f);
      } else {
        draw->AddRect(a, b, cell.committed ? IM_COL32(90, 90, 100, 255) : IM_COL32(170, 170, 175, 255), 0, 0,
                      cell.committed ? 1.5f : 1.0f);
      }
      if (cell.cluster_committed && !cell.committed && row.up) {
        // Committed in the cluster, though this node has not learnt it yet: a dotted border.
        draw_dashed_line(draw, ImVec2(a.x, b.y - 1), ImVec2(b.x, b.y - 1), theme.good, 2.0f, font * 0.25f);
      }
      std::string value = cell.command;
      if (value.size() > 6) value = value.substr(0, 5) + "~";
      const float text = font * 0.9f * std::min(grow, 1.2f);
      draw_text_centred(draw, theme.regular, text, ImVec2(x + cell_width / 2, y + cell_height * (compact ? 0.5f : 0.36f)),
                        theme.ink, value.c_str());
      if (!compact) {
        draw_text_centred(draw, theme.regular, text * 0.8f, ImVec2(x + cell_width / 2, y + cell_height * 0.76f),
                          IM_COL32(60, 60, 70, 255), ("t" + std::to_string(cell.term)).c_str());
      }
    }
    // The commit index: a thick bar after the last committed entry; applied: a notch.
    if (row.up && row.commit_index > 0) {
      const float x = origin.x + label_width + static_cast<float>(row.commit_index) * cell_width;
      draw->AddRectFilled(ImVec2(x - 2.5f, y - 3), ImVec2(x + 2.5f, y + cell_height + 3), theme.good, 2);
    }
    if (row.up && row.last_applied > 0) {
      const float x = origin.x + label_width + (static_cast<float>(row.last_applied) - 0.5f) * cell_width;
      const float s = font * 0.3f;
      draw->AddTriangleFilled(ImVec2(x, y + cell_height - s * 0.2f), ImVec2(x - s, y + cell_height + s),
                              ImVec2(x + s, y + cell_height + s), IM_COL32(60, 60, 70, 255));
    }
    // The row label, drawn last so it stays readable over scrolled cells.
    const float lx = origin.x + scroll;
    draw->AddRectFilled(ImVec2(lx, y - 2), ImVec2(lx + label_width - 4, y + cell_height + 2), theme.canvas);
    const NodeView& node = frame.cluster.nodes[row.node];
    const ImU32 colour = row.up ? theme.role(node.role) : theme.crashed;
    draw->AddRectFilled(ImVec2(lx, y), ImVec2(lx + font * 0.45f, y + cell_height), colour, 2);
    const std::string name = "n" + std::to_string(row.node);
    const float name_size = compact ? std::min(font * 1.15f, cell_height * 0.95f) : font * 1.15f;
    draw->AddText(theme.large, name_size, ImVec2(lx + font * 0.8f, y + (compact ? (cell_height - name_size) / 2 : cell_height * 0.1f)),
                  theme.ink, name.c_str());
    char sub[64];
    std::snprintf(sub, sizeof sub, "commit %llu, applied %llu", static_cast<unsigned long long>(row.commit_index),
                  static_cast<unsigned long long>(row.last_applied));
    if (compact) {
      std::snprintf(sub, sizeof sub, "c%llu a%llu", static_cast<unsigned long long>(row.commit_index),
                    static_cast<unsigned long long>(row.last_applied));
    }
    const float sub_y = compact ? y + (cell_height - font * 0.72f) / 2 : y + cell_height * 0.6f;
    draw->AddText(theme.regular, font * 0.72f, ImVec2(lx + font * (compact ? 3.0f : 0.8f), sub_y), theme.muted,
                  row.up ? sub : compact ? "crashed" : "crashed: durable log");
    if (!compact && row.up && (node.is_leader || (row.is_reference && !row.cells.empty()))) {
      draw->AddText(theme.regular, font * 0.8f, ImVec2(lx + font * 3.4f, y + cell_height * 0.12f),
                    node.is_leader ? theme.leader : theme.muted, node.is_leader ? "leader" : "most up to date");
    }
  }
  if (ImGui::IsWindowHovered() && ImGui::GetIO().MousePos.y < origin.y + header) {
    ImGui::SetTooltip("Cells: value and term (t).  Pale: not committed.  Green bar: commit index.\n"
                      "Triangle: last applied.  Dashed green: committed by the cluster, not yet known here.\n"
                      "Red hatching: disagrees with the %s log; it will be overwritten.",
                      logs.reference ? ("n" + std::to_string(logs.reference) + "'s").c_str() : "reference");
  }
}

}  // namespace gui
