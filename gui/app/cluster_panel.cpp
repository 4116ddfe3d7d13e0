// The cluster view: what a class looks at most of the time.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/caption.h"
#include "gui/app/cluster_nodes.h"
#include "gui/app/draw.h"
#include "gui/app/legend.h"
#include "gui/app/panels.h"

namespace gui {

namespace {

std::string seconds_text(Time time) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(time) / raft::kSecond);
  return text;
}

// Partition groups as pale blobs behind their nodes.
void draw_groups(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme) {
  if (!view.partitioned || view.groups < 2) return;  // single cut links are drawn on the links
  const float r = view.node_radius * canvas.radius * 1.6f;
  for (const NodeView& a : view.nodes) {
    if (a.id == 0) continue;
    draw->AddCircleFilled(canvas.at(a.position), r, theme.group(a.group), 48);
    for (const NodeView& b : view.nodes) {
      if (b.id <= a.id || b.group != a.group) continue;
      draw->AddLine(canvas.at(a.position), canvas.at(b.position), theme.group(a.group), 2 * r);
    }
  }
}

void draw_links(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme) {
  const float r = view.node_radius * canvas.radius;
  const float thick = std::max(1.5f, r * 0.04f);
  // A crowd's full mesh (300 links for 25 nodes) would hide everything else: there the
  // links that work are left out, and a partition shows as its groups' blobs.
  const bool crowd = view.size > 9;
  for (const LinkView& link : view.links) {
    const ImVec2 a = canvas.at(view.nodes[link.a].position);
    const ImVec2 b = canvas.at(view.nodes[link.b].position);
    if (link.a_to_b && link.b_to_a) {
      if (!crowd) draw->AddLine(a, b, theme.link, thick);
      continue;
    }
    if (!link.a_to_b && !link.b_to_a) {
      if (!crowd || !view.partitioned || view.groups < 2) {
        draw_dashed_line(draw, a, b, with_alpha(theme.blocked, 0.45f), thick, r * 0.15f);
      }
      continue;
    }
    // One way cut: the sender's half of the line as usual; the half that reaches the node
    // that no longer hears red and dashed, ending in a red bar in front of it.
    const ImVec2 from = link.a_to_b ? b : a;  // the cut direction ends at...
    const ImVec2 to = link.a_to_b ? a : b;    // ...the node that no longer hears
    const ImVec2 middle((from.x + to.x) / 2, (from.y + to.y) / 2);
    draw->AddLine(from, middle, theme.link, thick);
    draw_dashed_line(draw, middle, to, theme.blocked, thick * 1.5f, r * 0.15f);
    const float dx = from.x - to.x, dy = from.y - to.y;
    const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
    const ImVec2 unit(dx / length, dy / length);
    const ImVec2 wall(to.x + unit.x * r * 1.5f, to.y + unit.y * r * 1.5f);
    const ImVec2 across(-unit.y * r * 0.45f, unit.x * r * 0.45f);
    draw->AddLine(ImVec2(wall.x - across.x, wall.y - across.y), ImVec2(wall.x + across.x, wall.y + across.y),
                  theme.blocked, thick * 3.0f);
  }
}

// The client: an icon at the centre of the ring, with a faint line to each node it is
// talking to, so that its requests are seen going where they go.
// Returns the box it covers (empty when the client is idle).
Box draw_client(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme) {
  std::vector<bool> talking(view.nodes.size(), false);
  bool any = false;
  for (const MessageView& message : view.messages) {
    const NodeId node = message.from == 0 ? message.to : message.to == 0 ? message.from : 0;
    if (node != 0) talking[node] = any = true;
  }
  if (!any) return {};
  const ImVec2 c = canvas.at(view.client);
  const float s = view.client_radius * canvas.radius;
  for (const NodeView& node : view.nodes) {
    if (node.id != 0 && talking[node.id]) {
      draw_dashed_line(draw, c, canvas.at(node.position), IM_COL32(120, 120, 130, 160), std::max(1.0f, s * 0.06f), s * 0.2f);
    }
  }
  draw->AddRectFilled(ImVec2(c.x - s, c.y - s * 0.7f), ImVec2(c.x + s, c.y + s * 0.7f), IM_COL32(245, 245, 240, 255), s * 0.2f);
  draw->AddRect(ImVec2(c.x - s, c.y - s * 0.7f), ImVec2(c.x + s, c.y + s * 0.7f), IM_COL32(60, 60, 70, 255), s * 0.2f, 0,
                std::max(1.5f, s * 0.06f));
  draw_text_centred(draw, theme.regular, std::min(s * 0.55f, theme.font_size), c, theme.ink, "client");
  return {c.x - s, c.y - s * 0.7f, c.x + s, c.y + s * 0.7f};
}

void draw_messages(ImDrawList* draw, const Canvas& canvas, const ClusterView& view, const Theme& theme,
                   std::uint64_t hovered) {
  const float r = view.node_radius * canvas.radius;
  const float base = std::max(theme.font_size * 0.22f, r * 0.19f);
  // Crowded: no outlines and no anti-aliased fringes (a third of the triangles).
  const bool outlines = view.messages.size() < 150;
  const ImDrawListFlags flags = draw->Flags;
  if (!outlines) draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  // Client traffic on one line travels as a queue: one marker, the one furthest along,
  // with the count (a client resending 50 writes is not a solid bar).
  std::map<std::pair<NodeId, NodeId>, std::pair<const MessageView*, int>> client_queues;
  for (const MessageView& message : view.messages) {
    if (message.from != 0 && message.to != 0) continue;
    auto& [front, count] = client_queues[{message.from, message.to}];
    if (front == nullptr || message.progress > front->progress) front = &message;
    ++count;
  }
  for (const MessageView& message : view.messages) {
    int queued = 1;
    if (message.from == 0 || message.to == 0) {
      const auto& [front, count] = client_queues[{message.from, message.to}];
      if (front != &message) continue;
      queued = count;
    }
    const ImVec2 c = canvas.at(message.position);
    float size = base;
    size *= message_style(message.kind).size;
    if (message.id == hovered) size *= 1.5f;
    float alpha = 1.0f;
    if (message.doomed) alpha = std::max(0.25f, 1.0f - message.progress);  // fading away: it will be lost
    draw_message_glyph(draw, c, size, message.kind, with_alpha(theme.message(message.kind), alpha),
                       outlines || message.id == hovered);
    if (message.kind == MessageKind::AppendEntries && size >= theme.font_size * 0.4f) {
      const std::string count = std::to_string(message.entries);
      draw_text_centred(draw, theme.regular, size * 1.3f, c, with_alpha(IM_COL32(255, 255, 255, 255), alpha),
                        count.c_str());
    }
    if (queued > 1) {
      const std::string count = "x" + std::to_string(queued);
      draw->AddText(theme.regular, theme.font_size * 0.8f, ImVec2(c.x + size * 1.3f, c.y - size * 1.6f), theme.ink,
                    count.c_str());
    }
    if (message.doomed) {
      const float x = size * 1.1f;
      const float thick = std::max(2.0f, size * 0.3f);
      draw->AddLine(ImVec2(c.x - x, c.y - x), ImVec2(c.x + x, c.y + x), with_alpha(theme.bad, std::max(alpha, 0.6f)), thick);
      draw->AddLine(ImVec2(c.x - x, c.y + x), ImVec2(c.x + x, c.y - x), with_alpha(theme.bad, std::max(alpha, 0.6f)), thick);
    }
  }
  draw->Flags = flags;
}

// Where recently dropped messages vanished: a red cross that fades.
void draw_recent_drops(ImDrawList* draw, const Canvas& canvas, const Frame& frame) {
  const ClusterView& view = frame.cluster;
  const auto& records = frame.session.history().branch().records;
  const std::size_t visible = frame.session.history().visible_records();
  // Half a second of wall-clock time at the current speed, at least 5 ms of virtual time.
  const Time window = std::max<Time>(5 * raft::kMillisecond, static_cast<Time>(frame.session.speed() * 0.5 * raft::kSecond));
  const float r = view.node_radius * canvas.radius;
  for (std::size_t i = visible; i-- > 0;) {
    const sim::RecordHead& record = records.head(i);
    if (record.time < view.time - window) break;
    if (record.kind != sim::RecordKind::Drop && record.kind != sim::RecordKind::DropMessage) continue;
    if (record.from == 0 || record.to == 0 || record.from > static_cast<NodeId>(view.size) ||
        record.to > static_cast<NodeId>(view.size)) {
      continue;
    }
    const float age = static_cast<float>(view.time - record.time) / static_cast<float>(window);
    const Point a = view.nodes[record.from].position;
    const Point b = view.nodes[record.to].position;
    const float along = record.kind == sim::RecordKind::Drop ? 0.75f : 0.5f;
    const ImVec2 c = canvas.at({a.x + (b.x - a.x) * along, a.y + (b.y - a.y) * along});
    const float x = r * 0.16f * (1.0f + age);
    const ImU32 colour = with_alpha(frame.theme.bad, 1.0f - age);
    draw->AddLine(ImVec2(c.x - x, c.y - x), ImVec2(c.x + x, c.y + x), colour, 3.0f);
    draw->AddLine(ImVec2(c.x - x, c.y + x), ImVec2(c.x + x, c.y - x), colour, 3.0f);
  }
}

// The clock and a one-line summary, top right; returns the box they cover.
Box draw_clock(ImDrawList* draw, ImVec2 top_right, const Frame& frame) {
  const Theme& theme = frame.theme;
  const ClusterView& view = frame.cluster;
  const std::string clock = seconds_text(view.time);
  const float big = theme.font_size * 1.6f;
  const ImVec2 extent = theme.large->CalcTextSizeA(big, 1e9f, 0, clock.c_str());
  draw->AddText(theme.large, big, ImVec2(top_right.x - extent.x, top_right.y), theme.ink, clock.c_str());
  std::string summary = "no leader";
  for (const NodeView& node : view.nodes) {
    if (node.is_leader) summary = "leader " + node_name(node.id) + ", term " + std::to_string(node.term);
  }
  summary += frame.session.playing() ? "   playing " + speed_text(frame.session.speed()) : "   paused";
  if (frame.session.playing() && frame.session.behind()) summary += " (falling behind)";
  const ImVec2 line = theme.regular->CalcTextSizeA(theme.font_size, 1e9f, 0, summary.c_str());
  draw->AddText(theme.regular, theme.font_size, ImVec2(top_right.x - line.x, top_right.y + extent.y), theme.muted,
                summary.c_str());
  return {top_right.x - std::max(extent.x, line.x), top_right.y, top_right.x, top_right.y + extent.y + line.y};
}

// The clock's box before it is drawn, for a summary as long as it usually gets.
Box clock_estimate(const Theme& theme, float right) {
  const float big = theme.font_size * 1.6f;
  const ImVec2 clock = theme.large->CalcTextSizeA(big, 1e9f, 0, "10.000 s");
  const ImVec2 line = theme.regular->CalcTextSizeA(theme.font_size, 1e9f, 0, "leader n10, term 10   playing 1/20x");
  return {right - std::max(clock.x, line.x), 0, right, clock.y + line.y + 6};
}

void message_tooltip(const MessageView& message, const Frame& frame) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(frame.theme.font_size * 30);
  ImGui::Text("%s   %s -> %s", message_kind_label(message.kind), node_name(message.from).c_str(),
              node_name(message.to).c_str());
  ImGui::TextUnformatted(message.label.c_str());
  if (!message.reason.empty()) ImGui::TextColored(ImVec4(0.15f, 0.35f, 0.15f, 1), "Why: %s", message.reason.c_str());
  if (const sim::InFlightMessage* in_flight = frame.session.simulator().find_message(message.id)) {
    ImGui::TextDisabled("sent at %s, %s at %s", seconds_text(in_flight->sent_at).c_str(),
                        message.doomed ? "vanishes" : "arrives", seconds_text(in_flight->deliver_at).c_str());
  }
  if (message.doomed) {
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "Will be lost: %s", message.doomed);
  } else if (message.droppable) {
    ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.8f, 1), "Click to drop it");
  } else if (message.from != 0 && message.to != 0) {
    ImGui::TextDisabled("An older %s on this link must be dropped first", message.kind_name.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void node_tooltip(const NodeView& node) {
  ImGui::BeginTooltip();
  ImGui::Text("%s: %s, term %llu", node_name(node.id).c_str(), node.up ? raft::role_name(node.role) : "crashed",
              static_cast<unsigned long long>(node.term));
  if (node.up) {
    ImGui::Text("log %llu entries, commit %llu", static_cast<unsigned long long>(node.last_index),
                static_cast<unsigned long long>(node.commit_index));
  }
  ImGui::TextDisabled("Click to inspect; drag onto another node to join its group");
  ImGui::EndTooltip();
}

}  // namespace

// The caption band's height, whatever the caption says: three lines, two on a wide panel
// (about 80 characters a line).
float ClusterPanel::caption_band(const Theme& theme, float width) { return fixed_caption_band(theme, width); }

ClusterFit ClusterPanel::plan(ImVec2 size, const Theme& theme, Legend legend, int nodes, bool captions) {
  const ImVec2 padding = ImGui::GetStyle().WindowPadding;
  const ImVec2 content(size.x - 2 * padding.x, size.y - 2 * padding.y);
  caption_band_ = captions ? std::min(caption_band(theme, content.x), content.y / 3) : 0;
  const float ring_height = content.y - caption_band_;
  // The legend keeps a strip on the left to itself, if the layout found room for it
  // (App::draw lays it out) and the panel is as tall as it.
  legend_ = std::move(legend);
  if (kLegendInset + legend_.layout.height + theme.font_size * 0.25f > ring_height) legend_ = {};
  Box area{legend_room(legend_, theme), 0, content.x, ring_height};
  fit_ = fit_cluster(area, nodes, theme.font_size);
  // The clock stands top right: if a node would run into it, the ring starts below it.
  const Box clock = clock_estimate(theme, content.x - 10);
  for (int id = 1; id <= nodes; ++id) {
    float x = 0, y = 0;
    node_pixel(fit_, id, nodes, x, y);
    const float halo = node_halo(fit_.node);
    if (clock.overlaps({x - halo, y - halo, x + halo, y + halo})) {
      area.y0 = clock.y1;
      fit_ = fit_cluster(area, nodes, theme.font_size);
      break;
    }
  }
  return fit_;
}

void ClusterPanel::draw(const Frame& frame) {
  const Theme& theme = frame.theme;
  const ClusterView& view = frame.cluster;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 50 || size.y < 50) return;
  const ImVec2 end(origin.x + size.x, origin.y + size.y);
  ImGui::InvisibleButton("canvas", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);

  // The canvas colour is the window's own background (set by the app): no second fill.
  // The ring was fitted by plan(), in panel coordinates.
  Canvas canvas;
  canvas.centre = ImVec2(origin.x + fit_.centre_x, origin.y + fit_.centre_y);
  canvas.radius = fit_.unit;
  centre_ = canvas.centre;
  radius_ = canvas.radius;

  draw->PushClipRect(origin, end, true);
  draw_groups(draw, canvas, view, theme);
  draw_links(draw, canvas, view, theme);
  const Box client = draw_client(draw, canvas, view, theme);
  for (const NodeView& node : view.nodes) {
    if (node.id != 0) draw_node(draw, canvas, node, view, theme, node.id == frame.selection.node);
  }
  draw_messages(draw, canvas, view, theme, frame.selection.hovered_message);
  draw_recent_drops(draw, canvas, frame);
  const float legend = legend_room(legend_, theme);
  draw_legend(draw, ImVec2(origin.x + kLegendInset, origin.y + kLegendInset), legend_, theme);
  const Box clock = draw_clock(draw, ImVec2(end.x - 10, origin.y + 6), frame);
  const Box labels{origin.x + legend, origin.y, end.x, end.y - caption_band_};
  draw_node_labels(draw, canvas, view, theme, labels, {clock, client});
  draw_caption(draw, ImVec2(origin.x + 8, origin.y), ImVec2(end.x - 8, end.y - 6), frame, caption_band_);
  draw->PopClipRect();

  // Drag a node onto another to move it into that node's group (a partition), or onto
  // empty space to isolate it.
  const ImVec2 mouse_pixel = ImGui::GetIO().MousePos;
  const Point mouse = canvas.unit(mouse_pixel);
  if (dragging_ != 0 && dragging_ <= static_cast<NodeId>(view.size)) {
    const ImVec2 from = canvas.at(view.nodes[dragging_].position);
    const float r = view.node_radius * canvas.radius;
    const float dx = mouse_pixel.x - from.x, dy = mouse_pixel.y - from.y;
    const bool moved = dx * dx + dy * dy > r * r * 1.5f;
    const NodeId target = node_at(view, mouse);
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      if (moved) {
        draw_dashed_line(draw, from, mouse_pixel, IM_COL32(40, 90, 220, 255), 3, 10);
        draw->AddCircle(mouse_pixel, r, IM_COL32(40, 90, 220, 200), 48, 3);
        const char* hint = target && target != dragging_ ? "drop: join this node's group" : "drop here: isolate it";
        draw->AddText(theme.regular, theme.font_size, ImVec2(mouse_pixel.x + r, mouse_pixel.y - r), theme.ink, hint);
      }
    } else {
      if (moved && target && target != dragging_) {
        const auto groups = groups_after_move(view, dragging_, target);
        frame.act(groups.empty() ? Action::heal() : Action::partition(groups));
      } else if (moved && !target) {
        frame.act(Action::isolate(dragging_));
      }
      dragging_ = 0;
    }
  }

  // Hover and click: a message shows its fields and can be dropped; a node is selected.
  frame.selection.hovered_message = 0;
  if (!hovered) return;
  if (const MessageView* message = message_at(view, mouse, view.node_radius * 0.3f)) {
    frame.selection.hovered_message = message->id;
    message_tooltip(*message, frame);
    if (clicked && message->droppable) {
      frame.act(Action::drop(message->from, message->to, message->kind_name, message->id));
    }
    return;
  }
  if (const NodeId node = node_at(view, mouse)) {
    if (dragging_ == 0) node_tooltip(view.nodes[node]);
    if (clicked) {
      frame.selection.node = node;
      dragging_ = node;
    }
  }
}

}  // namespace gui
