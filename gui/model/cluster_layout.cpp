#include "gui/model/cluster_layout.h"

#include <algorithm>
#include <cmath>

#include "gui/model/cluster_view.h"

namespace gui {

namespace {

// The shortest distance between neighbours on a ring of half-width `aspect`, in units.
float neighbour_gap(int size, float aspect) {
  if (size < 2) return 2.0f;
  float gap = 4.0f;
  for (int id = 1; id <= size; ++id) {
    const Point a = node_position(static_cast<NodeId>(id), size, aspect);
    const Point b = node_position(static_cast<NodeId>(id % size + 1), size, aspect);
    gap = std::min(gap, std::hypot(a.x - b.x, a.y - b.y));
  }
  return gap;
}

}  // namespace

float Box::overlap_area(const Box& other) const {
  const float w = std::min(x1, other.x1) - std::max(x0, other.x0);
  const float h = std::min(y1, other.y1) - std::max(y0, other.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

ClusterFit fit_cluster(const Box& area, int size, float font) {
  ClusterFit fit;
  fit.centre_x = (area.x0 + area.x1) / 2;
  fit.centre_y = (area.y0 + area.y1) / 2;
  const float half_width = area.width() / 2 - label_room_beside(size, font);
  const float half_height = area.height() / 2 - label_room_above(size, font);
  // A wide panel (a projector's 16:9) spreads the ring into an ellipse, within reason.
  fit.aspect = std::clamp(half_width / std::max(half_height, 1.0f), 1.0f, 2.0f);
  const float gap = neighbour_gap(size, fit.aspect);
  // The ring left for nodes of radius r; neighbours keep at least their own width apart.
  const auto ring = [&](float r) {
    return std::max(std::min(half_height - node_halo(r), (half_width - node_halo(r)) / fit.aspect), 1.0f);
  };
  const auto fits = [&](float r) { return r <= ring(r) * gap * 0.3f; };
  // The largest radius up to the wanted one that fits (bisection: ring(r) shrinks as r grows).
  float low = 1.0f;
  float high = wanted_node_radius(font);
  if (fits(high)) {
    low = high;
  } else {
    for (int step = 0; step < 24; ++step) {
      const float middle = (low + high) / 2;
      (fits(middle) ? low : high) = middle;
    }
  }
  fit.node = low;
  fit.unit = ring(low);
  return fit;
}

float cluster_height_wanted(int size, float font, float width) {
  // As large as the text asks, or as the width allows (a taller panel would not help).
  float low = font, high = font * 200;
  const float wanted = std::min(wanted_node_radius(font), fit_cluster({0, 0, width, high}, size, font).node) * 0.99f;
  for (int step = 0; step < 20; ++step) {
    const float middle = (low + high) / 2;
    (fit_cluster({0, 0, width, middle}, size, font).node >= wanted ? high : low) = middle;
  }
  return high;
}

void node_pixel(const ClusterFit& fit, int id, int size, float& x, float& y) {
  const Point p = node_position(static_cast<NodeId>(id), size, fit.aspect);
  x = fit.centre_x + p.x * fit.unit;
  y = fit.centre_y + p.y * fit.unit;
}

std::vector<Box> place_labels(const std::vector<float>& xs, const std::vector<float>& ys, float node_radius,
                              float centre_x, float centre_y, const std::vector<LabelSize>& sizes,
                              const Box& bounds, const std::vector<Box>& obstacles, float* overlap) {
  float total_overlap = 0;
  const std::size_t count = xs.size();
  std::vector<Box> taken = obstacles;
  const float halo = node_halo(node_radius);
  for (std::size_t i = 0; i < count; ++i) {
    taken.push_back({xs[i] - halo, ys[i] - halo, xs[i] + halo, ys[i] + halo});
  }
  std::vector<Box> placed(count);
  for (std::size_t i = 0; i < count; ++i) {
    const float w = sizes[i].width, h = sizes[i].height;
    if (w <= 0 || h <= 0) {
      placed[i] = {xs[i], ys[i], xs[i], ys[i]};
      continue;
    }
    // Outwards from the ring's centre; straight down for a node at the centre.
    float dx = xs[i] - centre_x, dy = ys[i] - centre_y;
    const float length = std::hypot(dx, dy);
    if (length < 1) {
      dx = 0;
      dy = 1;
    } else {
      dx /= length;
      dy /= length;
    }
    // The box centre at distance `d` beyond the halo along (ux, uy).
    const auto along = [&](float ux, float uy, float d) {
      const float reach = std::min(ux != 0 ? w / 2 / std::fabs(ux) : 1e9f, uy != 0 ? h / 2 / std::fabs(uy) : 1e9f);
      const float cx = xs[i] + ux * (halo + reach + d);
      const float cy = ys[i] + uy * (halo + reach + d);
      return Box{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    };
    const float step = h * 1.05f;
    const float gap = h * 0.1f;
    std::vector<Box> candidates;
    // Outwards turned a little either way: past a neighbour's label.
    const float turn = 0.6f, c = std::cos(turn), s = std::sin(turn);
    for (float d : {gap, gap + step, gap + 2 * step}) {
      candidates.push_back(along(dx, dy, d));               // outwards
      candidates.push_back(along(dx * c - dy * s, dx * s + dy * c, d));
      candidates.push_back(along(dx * c + dy * s, -dx * s + dy * c, d));
      candidates.push_back(along(0, dy >= 0 ? 1 : -1, d));  // below (or above) the node
      candidates.push_back(along(dx >= 0 ? 1 : -1, 0, d));  // beside it, outwards
      candidates.push_back(along(0, dy >= 0 ? -1 : 1, d));  // the other side
    }
    candidates.push_back(along(-dx, -dy, gap));  // inwards
    candidates.push_back(along(-dx, -dy, gap + step));
    const Box* best = nullptr;
    float best_overlap = 0;
    for (const Box& candidate : candidates) {
      float overlap = bounds.contains(candidate) ? 0 : candidate.width() * candidate.height();
      for (const Box& other : taken) overlap += candidate.overlap_area(other);
      if (best == nullptr || overlap < best_overlap) {
        best = &candidate;
        best_overlap = overlap;
      }
      if (overlap == 0) break;
    }
    placed[i] = *best;
    taken.push_back(*best);
    total_overlap += best_overlap;
  }
  if (overlap != nullptr) *overlap = total_overlap;
  return placed;
}

LabelPlan plan_labels(const ClusterFit& fit, int size, const Box& bounds, const std::vector<Box>& obstacles,
                      float font_max, float font_min, const std::function<LabelSize(int id, float font)>& measure) {
  std::vector<float> xs(static_cast<std::size_t>(size)), ys(static_cast<std::size_t>(size));
  for (int id = 1; id <= size; ++id) node_pixel(fit, id, size, xs[id - 1], ys[id - 1]);
  LabelPlan plan;
  for (float font = font_max;; font = std::max(font * 0.88f, font_min)) {
    std::vector<LabelSize> sizes;
    for (int id = 1; id <= size; ++id) sizes.push_back(measure(id, font));
    float overlap = 0;
    plan.font = font;
    plan.boxes = place_labels(xs, ys, fit.node, fit.centre_x, fit.centre_y, sizes, bounds, obstacles, &overlap);
    plan.shown.assign(static_cast<std::size_t>(size), true);
    if (overlap == 0 || font <= font_min) break;
  }
  // Still crowded at the smallest text: leave out, in order, each label that covers
  // something already kept.
  std::vector<Box> kept = obstacles;
  for (int id = 1; id <= size; ++id) {
    const float r = node_halo(fit.node);
    kept.push_back({xs[id - 1] - r, ys[id - 1] - r, xs[id - 1] + r, ys[id - 1] + r});
  }
  for (std::size_t i = 0; i < plan.boxes.size(); ++i) {
    const Box& box = plan.boxes[i];
    bool clear = bounds.contains(box);
    for (const Box& other : kept) clear = clear && !box.overlaps(other);
    plan.shown[i] = clear;
    if (clear) kept.push_back(box);
  }
  return plan;
}

}  // namespace gui
