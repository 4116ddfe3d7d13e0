// The logs: one row per node, one cell per entry coloured by term, commit and applied
// indexes marked, entries that differ from the reference log hatched in red. Every row
// stays in view; long logs are folded around what matters (log_columns), and one
// click shows every entry instead.
#include <algorithm>
#include <string>

#include "gui/app/draw.h"
#include "gui/app/panels.h"

namespace gui {

namespace {

// Where columns stand: x of each column's left edge, and its width.
struct Columns {
  std::vector<LogColumn> columns;
  std::vector<float> left;
  float cell = 0;     // an entry's width
  float gap = 0;      // a fold's width
  float right = 0;    // after the last column

  // The x at the right edge of entry `index` (its commit bar), inside a fold: in proportion.
  float after(Index index) const {
    const auto it = std::upper_bound(columns.begin(), columns.end(), index,
                                     [](Index i, const LogColumn& column) { return i < column.first; });
    if (it == columns.begin()) return left.empty() ? 0 : left.front();
    const auto c = static_cast<std::size_t>(it - columns.begin() - 1);
    const LogColumn& column = columns[c];
    if (!column.gap) return left[c] + cell;
    const float share = static_cast<float>(index - column.first + 1) / static_cast<float>(column.count());
    return left[c] + gap * share;
  }
};

Columns lay_out_columns(std::vector<LogColumn> list, float x0, float cell, float gap) {
  Columns result;
  result.cell = cell;
  result.gap = gap;
  float x = x0;
  for (const LogColumn& column : list) {
    result.left.push_back(x);
    x += column.gap ? gap : cell;
  }
  result.columns = std::move(list);
  result.right = x;
  return result;
}

void hatch(ImDrawList* draw, ImVec2 a, ImVec2 b, float step, ImU32 colour) {
  draw->PushClipRect(a, b, true);
  const float height = b.y - a.y;
  for (float h = -height; h < b.x - a.x; h += step) {
    draw->AddLine(ImVec2(a.x + h, b.y), ImVec2(a.x + h + height, a.y), colour, 2);
  }
  draw->PopClipRect();
}

}  // namespace

void LogPanel::draw(const Frame& frame) {
  const Theme& theme = frame.theme;
  const LogView& logs = frame.logs;
  const float font = theme.font_size;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const auto rows = static_cast<float>(std::max<std::size_t>(logs.rows.size(), 1));
  const float header = font * 1.3f;
  const float row_gap = std::max(2.0f, font * 0.25f);
  // Every row in view: rows share the height, down to a line of small text each (then
  // the panel scrolls rather than cut a row off).
  const float fit = (avail.y - header - font * 0.8f) / rows - row_gap;
  const float cell_height = std::clamp(fit, font * 0.8f, font * 2.2f);
  rows_fit_ = fit >= font * 0.8f;
  const bool compact = cell_height < font * 1.9f;  // the value only; its term is in its colour
  const float text = std::min(font * 0.9f, cell_height * (compact ? 0.72f : 0.4f));
  const float label_width = font * (compact ? 7.5f : 9.0f);
  const float min_cell = font * 3.0f;

  // Which entries get a column: all of them (scrolling sideways) or those that matter.
  const float room = avail.x - label_width - font * 0.5f;
  const int fitting = std::max(3, static_cast<int>(room / min_cell));
  std::vector<LogColumn> list;
  if (show_all_) {
    for (Index index = 1; index <= logs.longest; ++index) list.push_back({index, index, false});
  } else {
    list = log_columns(logs, fitting);
  }
  const float cell_width = show_all_ ? font * 3.6f
                                     : std::clamp(room / static_cast<float>(std::max<std::size_t>(list.size(), 1)),
                                                  min_cell, font * 4.8f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const Columns columns = lay_out_columns(std::move(list), origin.x + label_width, cell_width, cell_width);
  const ImVec2 content(columns.right - origin.x + (show_all_ ? font : 0), header + rows * (cell_height + row_gap));
  ImGui::Dummy(content);
  if (show_all_) {
    // Follow the end of the logs as they grow, unless the user scrolled away.
    if (content.x != last_width_ && ImGui::GetScrollX() >= ImGui::GetScrollMaxX() - cell_width * 2) {
      ImGui::SetScrollX(content.x);
    }
  } else if (ImGui::GetScrollX() != 0) {
    ImGui::SetScrollX(0);
  }
  last_width_ = content.x;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float scroll = ImGui::GetScrollX();
  const float visible_left = origin.x + scroll + label_width;
  const float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowWidth();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsWindowHovered();
  std::string tooltip;

  // Index numbers along the top; a fold says how many entries it holds.
  for (std::size_t c = 0; c < columns.columns.size(); ++c) {
    const LogColumn& column = columns.columns[c];
    const float x = columns.left[c];
    const float width = column.gap ? columns.gap : columns.cell;
    if (x + width < visible_left || x > visible_right) continue;
    const std::string label =
        column.gap ? std::to_string(column.first) + "-" + std::to_string(column.last) : std::to_string(column.first);
    const float size = std::min(font * 0.85f, width * 0.9f / std::max<float>(1, static_cast<float>(label.size()) * 0.6f));
    draw_text_centred(draw, theme.regular, size, ImVec2(x + width / 2, origin.y + header / 2),
                      column.gap ? theme.ink : theme.muted, label.c_str());
  }

  for (std::size_t r = 0; r < logs.rows.size(); ++r) {
    const LogRow& row = logs.rows[r];
    const float y = origin.y + header + static_cast<float>(r) * (cell_height + row_gap);
    const auto cell_at = [&](Index index) -> const LogCell* {
      return index >= 1 && index <= row.cells.size() ? &row.cells[index - 1] : nullptr;
    };
    for (std::size_t c = 0; c < columns.columns.size(); ++c) {
      const LogColumn& column = columns.columns[c];
      const float x = columns.left[c];
      const float width = column.gap ? columns.gap : columns.cell;
      if (x + width < visible_left || x > visible_right) continue;
      const ImVec2 a(x + 2, y), b(x + width - 2, y + cell_height);
      const bool under_mouse = hovered && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y;
      if (column.gap) {
        // A fold: how many of this row's entries it holds, hatched red if any differs.
        const Index held = row.cells.size() >= column.first ? std::min<Index>(row.cells.size(), column.last) - column.first + 1 : 0;
        if (held == 0) continue;
        Index differing = 0;
        for (Index index = column.first; index <= column.first + held - 1; ++index) differing += cell_at(index)->divergent;
        draw->AddRectFilled(a, b, IM_COL32(232, 232, 236, 255));
        if (differing > 0) hatch(draw, a, b, font * 0.5f, IM_COL32(210, 40, 40, 110));
        draw->AddRect(a, b, differing > 0 ? theme.bad : IM_COL32(170, 170, 175, 255), 0, 0, differing > 0 ? 2.5f : 1.0f);
        const std::string count = "+" + std::to_string(held);
        draw_text_centred(draw, theme.regular, text, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), theme.ink, count.c_str());
        if (under_mouse) {
          tooltip = "n" + std::to_string(row.node) + ": entries " + std::to_string(column.first) + " to " +
                    std::to_string(column.first + held - 1) + " folded (" + std::to_string(held) + " entries";
          tooltip += differing > 0 ? ", " + std::to_string(differing) + " of them differ from " + reference_name(logs) + ")"
                                   : ")";
          tooltip += ".\nClick to show every entry.";
          if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) show_all_ = true;
        }
        continue;
      }
      const LogCell* cell = cell_at(column.first);
      if (cell == nullptr) continue;
      // Committed entries solid, the rest pale: not yet safe; compacted ones grey (in the snapshot).
      const ImU32 fill = cell->compacted ? IM_COL32(200, 200, 205, 255)
                         : cell->committed ? theme.term(cell->term)
                                           : with_alpha(theme.term(cell->term), 0.45f);
      // Square corners: software OpenGL pays per triangle, and rounded ones cost dozens.
      draw->AddRectFilled(a, b, row.up ? fill : with_alpha(fill, 0.5f));
      if (cell->divergent) {
        hatch(draw, a, b, font * 0.5f, IM_COL32(210, 40, 40, 110));
        draw->AddRect(a, b, theme.bad, 0, 0, 2.5f);
      } else {
        draw->AddRect(a, b, cell->committed ? IM_COL32(90, 90, 100, 255) : IM_COL32(170, 170, 175, 255), 0, 0,
                      cell->committed ? 1.5f : 1.0f);
      }
      if (cell->cluster_committed && !cell->committed && row.up) {
        // Committed in the cluster, though this node has not learnt it yet: a dotted border.
        draw_dashed_line(draw, ImVec2(a.x, b.y - 1), ImVec2(b.x, b.y - 1), theme.good, 2.0f, font * 0.25f);
      }
      const std::string value = cell_label(*cell);
      draw_text_centred(draw, theme.regular, text, ImVec2(x + width / 2, y + cell_height * (compact ? 0.5f : 0.36f)),
                        cell->noop ? IM_COL32(110, 110, 120, 255) : theme.ink, value.c_str());
      if (!compact) {
        draw_text_centred(draw, theme.regular, text * 0.8f, ImVec2(x + width / 2, y + cell_height * 0.76f),
                          IM_COL32(60, 60, 70, 255), ("t" + std::to_string(cell->term)).c_str());
      }
      if (under_mouse) tooltip = describe_cell(logs, row, *cell);
    }
    // The snapshot boundary: a dark double bar after the snapshot's last entry.
    if (row.snapshot_index > 0) {
      const float x = columns.after(row.snapshot_index);
      draw->AddRectFilled(ImVec2(x - 4, y - 5), ImVec2(x - 2, y + cell_height + 5), theme.ink);
      draw->AddRectFilled(ImVec2(x + 1, y - 5), ImVec2(x + 3, y + cell_height + 5), theme.ink);
    }
    // The commit index: a thick bar after the last committed entry; applied: a notch.
    if (row.up && row.commit_index > 0) {
      const float x = columns.after(row.commit_index);
      const float w = std::max(2.5f, font * 0.14f);
      draw->AddRectFilled(ImVec2(x - w, y - 3), ImVec2(x + w, y + cell_height + 3), theme.good, 2);
    }
    if (row.up && row.last_applied > 0) {
      const float x = columns.after(row.last_applied) - columns.cell / 2;
      const float s = font * 0.3f;
      draw->AddTriangleFilled(ImVec2(x, y + cell_height - s * 0.2f), ImVec2(x - s, y + cell_height + s),
                              ImVec2(x + s, y + cell_height + s), IM_COL32(60, 60, 70, 255));
    }
    // The row label, drawn last so it stays readable over scrolled cells.
    const float lx = origin.x + scroll;
    draw->AddRectFilled(ImVec2(lx, y - 2), ImVec2(lx + label_width - 4, y + cell_height + 2), theme.canvas);
    const NodeView& node = frame.cluster.nodes[row.node];
    const ImU32 colour = row.up ? theme.role(node.role) : theme.crashed;
    draw->AddRectFilled(ImVec2(lx, y), ImVec2(lx + font * 0.4f, y + cell_height), colour, 2);
    const std::string name = "n" + std::to_string(row.node);
    const float name_size = std::min(font * 1.15f, cell_height * 0.9f);
    const float name_y = compact ? y + (cell_height - name_size) / 2 : y + cell_height * 0.08f;
    draw->AddText(theme.large, name_size, ImVec2(lx + font * 0.7f, name_y), theme.ink, name.c_str());
    const std::string sub = row.up ? "commit " + std::to_string(row.commit_index) : compact ? "crashed" : "crashed: on disk";
    // A lecture's class reads the commit index from the back row: a little larger.
    const float sub_size = std::min(font * (frame.selection.lecture ? 0.85f : 0.75f), cell_height * 0.7f);
    const float name_width = theme.large->CalcTextSizeA(name_size, 1e9f, 0, "n25").x;
    const ImVec2 sub_at = compact ? ImVec2(lx + font * 0.9f + name_width, y + (cell_height - sub_size) / 2)
                                  : ImVec2(lx + font * 0.7f, y + cell_height * 0.58f);
    draw->AddText(theme.regular, sub_size, sub_at, theme.muted, sub.c_str());
    if (!compact && row.up && (node.is_leader || (row.is_reference && !row.cells.empty()))) {
      draw->AddText(theme.regular, font * 0.75f, ImVec2(lx + font * 0.9f + name_width, y + cell_height * 0.12f),
                    node.is_leader ? theme.leader : theme.muted, node.is_leader ? "leader" : "most up to date");
    }
  }

  // Folding on and off, top left, over the row labels.
  ImGui::SetCursorScreenPos(ImVec2(origin.x + scroll, origin.y));
  if (logs.longest > static_cast<Index>(fitting) || show_all_) {
    if (ImGui::SmallButton(show_all_ ? "Fold" : "All entries")) show_all_ = !show_all_;
    if (ImGui::IsItemHovered()) {
      tooltip = show_all_ ? "Fold the logs around what matters: the entries that differ, the commit points, "
                            "the entries in flight, the end"
                          : "Show every entry (scroll sideways)";
    }
  }
  if (hovered && tooltip.empty() && mouse.y < origin.y + header && mouse.y >= origin.y) {
    tooltip = "Cells: value and term (t).  Pale: not committed.  Green bar: commit index.\n"
              "Triangle: last applied.  Dashed green: committed by the cluster, not yet known here.\n"
              "Red hatching: differs from " + reference_name(logs) + " at that index.\n"
              "Grey +N: N entries folded; click to show every entry.";
  }
  if (!tooltip.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(font * 30);
    ImGui::TextUnformatted(tooltip.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace gui
