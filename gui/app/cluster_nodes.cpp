#include "gui/app/cluster_nodes.h"

#include <algorithm>
#include <cmath>

#include "gui/app/draw.h"

namespace gui {

namespace {

constexpr float kPi = 3.14159265358979f;

// Room inside a node for its term beneath its id.
bool roomy(float radius, const Theme& theme) { return radius >= theme.font_size * 1.6f; }

struct LabelLine {
  std::string text;
  ImU32 colour;
  bool bold = false;
};

// What a node says beside it, a short line each, so that a crowd's labels stay narrow.
std::vector<LabelLine> label_of(const NodeView& node, const ClusterView& view, const Theme& theme, bool inside_term) {
  std::vector<LabelLine> lines;
  const std::string term = "term " + std::to_string(node.term);
  if (!node.up) {
    // What survives on its disk, and what it will restart from.
    lines.push_back({"disk: " + term, theme.muted});
    lines.push_back({node.voted_for ? "voted " + node_name(node.voted_for) : "no vote", theme.muted});
    return lines;
  }
  if (!inside_term) lines.push_back({term, theme.ink});
  // Learners and servers outside the configuration say so first: they never campaign.
  if (node.place == Place::Learner) lines.push_back({"learner", theme.ink, true});
  if (node.place == Place::Outside) lines.push_back({"not a member", theme.muted, true});
  if (node.is_leader) {
    lines.insert(lines.begin(), {"LEADER", theme.leader, true});
  } else if (node.role == raft::Role::Candidate) {
    lines.push_back({std::to_string(node.votes) + " of " + std::to_string(view.voters) + " votes", theme.ink});
  } else if (node.role == raft::Role::PreCandidate) {
    lines.push_back({std::to_string(node.votes) + " of " + std::to_string(view.voters) + " pre-votes", theme.ink});
  } else if (node.stale_leader) {
    lines.push_back({"leader without", theme.bad});
    lines.push_back({"a majority", theme.bad});
  } else if (node.role == raft::Role::Follower) {
    lines.push_back({node.voted_for ? "voted " + node_name(node.voted_for) : "no vote", theme.ink});
  }
  return lines;
}

float line_height(float size) { return std::round(size * 1.15f); }

LabelSize measure(const std::vector<LabelLine>& lines, const Theme& theme, float size) {
  LabelSize extent;
  for (const LabelLine& line : lines) {
    ImFont* font = line.bold ? theme.large : theme.regular;
    extent.width = std::max(extent.width, font->CalcTextSizeA(size, 1e9f, 0, line.text.c_str()).x);
  }
  if (lines.empty()) return {};
  return {extent.width + size * 0.5f, line_height(size) * static_cast<float>(lines.size()) + 2};
}

}  // namespace

std::string node_name(NodeId node) { return node == 0 ? "client" : "n" + std::to_string(node); }

void draw_node(ImDrawList* draw, const Canvas& canvas, const NodeView& node, const ClusterView& view,
               const Theme& theme, bool selected) {
  const ImVec2 c = canvas.at(node.position);
  const float r = view.node_radius * canvas.radius;
  const float ring = std::max(2.0f, r * 0.13f);
  const bool room = roomy(r, theme);
  // The id fills the node; the term beneath it when there is room (else in the label).
  const float id_size = room ? r * 0.6f : r * 0.85f;
  const float term_size = r * 0.36f;
  const int segments = r > 30 ? 48 : 24;

  if (node.is_leader) draw->AddCircleFilled(c, r + ring * 2.6f, with_alpha(theme.leader, 0.25f), segments);
  if (selected) draw->AddCircle(c, r + ring * 3.2f, IM_COL32(40, 90, 220, 255), segments, std::max(2.0f, ring * 0.6f));

  if (!node.up) {
    draw->AddCircleFilled(c, r, theme.crashed, segments);
    const float x = r * 0.55f;
    draw->AddLine(ImVec2(c.x - x, c.y - x), ImVec2(c.x + x, c.y + x), IM_COL32(150, 150, 150, 255), ring);
    draw->AddLine(ImVec2(c.x - x, c.y + x), ImVec2(c.x + x, c.y - x), IM_COL32(150, 150, 150, 255), ring);
    draw_text_centred(draw, theme.large, id_size, ImVec2(c.x, c.y - (room ? r * 0.2f : 0)), theme.ink,
                      node_name(node.id).c_str());
    if (room) draw_text_centred(draw, theme.regular, term_size, ImVec2(c.x, c.y + r * 0.42f), theme.ink, "crashed");
    return;
  }

  // The timer: a track, and an arc that shrinks as the timer runs down.
  const ImU32 track = IM_COL32(225, 225, 228, 255);
  const ImU32 timer = node.role == raft::Role::Leader ? with_alpha(theme.leader, 0.7f) : IM_COL32(60, 60, 70, 255);
  draw->AddCircle(c, r + ring * 0.9f, track, segments, ring);
  if (node.timer_left > 0.001f) {
    const float start = -kPi / 2;
    draw->PathArcTo(c, r + ring * 0.9f, start, start + 2 * kPi * node.timer_left, segments);
    draw->PathStroke(timer, 0, ring);
  }

  // A voter is filled with its role's colour; a learner only tinted with it, inside a
  // dashed outline; a server outside the configuration is white with a dashed grey one.
  const bool voter = node.place == Place::Voter;
  if (voter) {
    draw->AddCircleFilled(c, r, theme.role(node.role), segments);
  } else {
    const bool learner = node.place == Place::Learner;
    draw->AddCircleFilled(c, r, learner ? with_alpha(theme.role(node.role), 0.35f) : IM_COL32(255, 255, 255, 255), segments);
    draw_dashed_circle(draw, c, r - ring * 0.3f, learner ? theme.role(node.role) : theme.muted, ring * 0.6f, 12);
  }
  if (node.stale_leader) draw->AddCircle(c, r, theme.bad, segments, ring * 0.6f);
  const ImU32 text = node.role == raft::Role::Candidate || !voter ? theme.ink : IM_COL32(255, 255, 255, 255);
  draw_text_centred(draw, theme.large, id_size, ImVec2(c.x, c.y - (room ? r * 0.2f : 0)), text,
                    node_name(node.id).c_str());
  if (room) {
    const std::string term = "term " + std::to_string(node.term);
    draw_text_centred(draw, theme.regular, term_size, ImVec2(c.x, c.y + r * 0.42f), text, term.c_str());
  }
}

void draw_node_labels(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme,
                      const Box& bounds, const std::vector<Box>& obstacles) {
  const float r = view.node_radius * canvas.radius;
  const bool inside_term = roomy(r, theme);
  std::vector<std::vector<LabelLine>> labels(static_cast<std::size_t>(view.size));
  for (int id = 1; id <= view.size; ++id) labels[id - 1] = label_of(view.nodes[id], view, theme, inside_term);

  ClusterFit fit;
  fit.centre_x = canvas.centre.x;
  fit.centre_y = canvas.centre.y;
  fit.unit = canvas.radius;
  fit.aspect = view.aspect;
  fit.node = r;
  // Labels as large as the text, smaller only when a crowd needs it.
  const float largest = std::min(theme.font_size, std::max(r * 0.75f, theme.font_size * 0.8f));
  const LabelPlan plan = plan_labels(fit, view.size, bounds, obstacles, largest, theme.font_size * 0.7f,
                                     [&](int id, float size) { return measure(labels[id - 1], theme, size); });
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!plan.shown[i] || labels[i].empty()) continue;
    const Box& box = plan.boxes[i];
    draw->AddRectFilled(ImVec2(box.x0, box.y0), ImVec2(box.x1, box.y1), IM_COL32(255, 255, 255, 215), 3);
    float y = box.y0 + 1;
    for (const LabelLine& line : labels[i]) {
      draw_text_centred(draw, line.bold ? theme.large : theme.regular, plan.font,
                        ImVec2((box.x0 + box.x1) / 2, y + line_height(plan.font) / 2), line.colour, line.text.c_str());
      y += line_height(plan.font);
    }
  }
}

}  // namespace gui
