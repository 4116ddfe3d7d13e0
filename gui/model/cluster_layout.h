// Where the cluster drawing goes on screen, in pixels: how large the ring and the nodes
// are for a panel and a text size, and where each node's labels stand so that no label
// covers a node, another label or the clock. Every size derives from the text size
// (the app's one scale factor: window size times zoom), so zooming makes everything
// larger together. Pure geometry: the app measures the text and draws.
#pragma once

#include <functional>
#include <vector>

namespace gui {

struct Box {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  bool overlaps(const Box& other) const { return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1; }
  bool contains(const Box& other) const {
    return other.x0 >= x0 && other.x1 <= x1 && other.y0 >= y0 && other.y1 <= y1;
  }
  float overlap_area(const Box& other) const;
};

struct ClusterFit {
  float centre_x = 0, centre_y = 0;  // the ring's centre, in pixels
  float unit = 1;                    // pixels per unit of ClusterView (the ring's half-height)
  float aspect = 1;                  // the ring's half-width over its half-height
  float node = 10;                   // node radius, in pixels
  float node_unit() const { return node / unit; }  // the same, in view units
};

// The node radius the text asks for: room inside for the id and the term.
inline float wanted_node_radius(float font) { return font * 2.3f; }
// The ring's room around each node: its timer ring and a leader's halo.
inline float node_halo(float node) { return node * 1.4f; }
// Room kept around the ring for labels. A few nodes put their one-line labels beside
// them (the ring is wide, so there is room at the sides); a crowd's two-line labels
// take turns at two distances outwards, above and below as well.
inline float label_room_above(int size, float font) { return font * (size > 9 ? 3.0f : size > 5 ? 1.2f : 0.7f); }
inline float label_room_beside(int size, float font) { return font * (size > 9 ? 4.0f : 6.5f); }

// The largest ring that fits `area` with its nodes and their labels, nodes as large as
// the text asks for unless neighbours would touch (then as large as the gap allows).
ClusterFit fit_cluster(const Box& area, int size, float font);

// The height a panel `width` wide needs for fit_cluster to give nodes of the wanted
// radius, or the largest that width allows (the layout gives the ring this much before
// the logs get the rest).
float cluster_height_wanted(int size, float font, float width);

// Where node `id` of `size` stands on the fitted ring, in pixels (node 1 at the top).
void node_pixel(const ClusterFit& fit, int id, int size, float& x, float& y);

struct LabelSize {
  float width = 0;
  float height = 0;
};

// Places one label box of size `sizes[i]` next to each node i (centres in pixels), so
// that it covers no node, no other label and no obstacle, and stays inside `bounds`.
// Tries beside the node, outwards first, then further out (labels of close neighbours
// take turns), then inwards; if nothing is free, the place that overlaps least.
// `overlap` receives the area covered twice (0: a clean placement).
std::vector<Box> place_labels(const std::vector<float>& xs, const std::vector<float>& ys, float node_radius,
                              float centre_x, float centre_y, const std::vector<LabelSize>& sizes,
                              const Box& bounds, const std::vector<Box>& obstacles, float* overlap = nullptr);

// The labels of every node of a fitted ring, in the largest text from `font_max` down
// to `font_min` that places them all cleanly. At the smallest, a label that would still
// cover something is left out (shown false): never two things on top of each other.
struct LabelPlan {
  float font = 0;
  std::vector<Box> boxes;   // boxes[i] for node i + 1
  std::vector<bool> shown;
};
LabelPlan plan_labels(const ClusterFit& fit, int size, const Box& bounds, const std::vector<Box>& obstacles,
                      float font_max, float font_min, const std::function<LabelSize(int id, float font)>& measure);

}  // namespace gui
