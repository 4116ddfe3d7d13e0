// The nodes of the cluster view and the labels beside them, every size derived from
// the node's radius (itself derived from the text size: see fit_cluster).
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "gui/app/theme.h"
#include "gui/model/cluster_layout.h"
#include "gui/model/cluster_view.h"

namespace gui {

// From view units to pixels and back.
struct Canvas {
  ImVec2 centre;
  float radius = 1;  // pixels per unit
  ImVec2 at(Point p) const { return ImVec2(centre.x + p.x * radius, centre.y + p.y * radius); }
  Point unit(ImVec2 pixel) const { return {(pixel.x - centre.x) / radius, (pixel.y - centre.y) / radius}; }
};

std::string node_name(NodeId node);

// A node: its circle coloured by role, its timer ring, its id (and term, when there is
// room inside), a leader's halo, a crash's cross.
void draw_node(ImDrawList* draw, const Canvas& canvas, const NodeView& node, const ClusterView& view,
               const Theme& theme, bool selected);

// What each node says beside it (its vote, a candidate's votes, LEADER, a stale leader's
// plight, a crashed node's disk), placed so that no label covers another, a node or an
// obstacle (the clock, the legend), all within `bounds`.
void draw_node_labels(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme,
                      const Box& bounds, const std::vector<Box>& obstacles);

}  // namespace gui
