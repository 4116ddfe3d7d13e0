// Where things go on a projector: the ring and nodes scale with the text, labels never
// cover one another at 3, 5, 9 and 25 nodes, long logs keep what matters in view, and
// annotations describe what is true now (a doomed message, a cell that differs).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/model/cluster_layout.h"
#include "gui/model/cluster_view.h"
#include "gui/model/log_view.h"
#include "gui/model/session.h"
#include "gui/model/text_scale.h"

using gui::Box;
using gui::UiCommand;
using raft::kMillisecond;

namespace {

// A label of `lines` lines, the longest `chars` characters, in text of `font` pixels
// (DejaVu Sans averages a little under 0.6 of the size per character).
gui::LabelSize label(int chars, int lines, float font) {
  return {static_cast<float>(chars) * font * 0.6f + font * 0.5f, static_cast<float>(lines) * font * 1.15f + 4};
}

struct Drawn {
  gui::ClusterFit fit;
  std::vector<float> xs, ys;
  gui::LabelPlan plan;
  std::vector<Box> obstacles;
};

// The cluster of `size` nodes in `area`, labelled as the app labels it: a leader's
// "LEADER / term 12", a crashed node's "disk: term 12 / voted n25", followers' "term 12 /
// voted n25" when the nodes are too small to hold their term, else one line.
Drawn lay_out(const Box& area, int size, float font) {
  Drawn drawn;
  drawn.fit = gui::fit_cluster(area, size, font);
  for (int id = 1; id <= size; ++id) {
    float x = 0, y = 0;
    gui::node_pixel(drawn.fit, id, size, x, y);
    drawn.xs.push_back(x);
    drawn.ys.push_back(y);
  }
  const bool small = drawn.fit.node < font * 1.6f;
  const auto measure = [&](int id, float label_font) {
    if (id == 1) return label(7, small ? 2 : 1, label_font);
    if (id == 2) return label(13, 2, label_font);
    return small ? label(9, 2, label_font) : label(9, 1, label_font);
  };
  // The clock, top right.
  drawn.obstacles.push_back({area.x1 - font * 9, area.y0, area.x1, area.y0 + font * 2.7f});
  drawn.plan = gui::plan_labels(drawn.fit, size, area, drawn.obstacles, font, font * 0.7f, measure);
  return drawn;
}

Box node_box(const Drawn& drawn, std::size_t i) {
  const float r = drawn.fit.node;
  return {drawn.xs[i] - r, drawn.ys[i] - r, drawn.xs[i] + r, drawn.ys[i] + r};
}

}  // namespace

TEST_CASE("zoom makes the cluster drawing larger, not smaller: nodes grow with the text") {
  const Box panel{0, 0, 1150, 560};
  const gui::ClusterFit normal = gui::fit_cluster(panel, 5, 18);
  const gui::ClusterFit zoomed = gui::fit_cluster(panel, 5, 36);
  CHECK(zoomed.node > normal.node * 1.25f);
  CHECK(normal.node == doctest::Approx(gui::wanted_node_radius(18)));
  // The ring and its nodes stay inside the panel, with room for labels around them.
  for (const auto& [fit, font] : {std::pair{normal, 18.0f}, std::pair{zoomed, 36.0f}}) {
    CHECK(fit.unit + gui::node_halo(fit.node) + gui::label_room_above(5, font) <= panel.height() / 2 + 0.01f);
    CHECK(fit.unit * fit.aspect + gui::node_halo(fit.node) + gui::label_room_beside(5, font) <= panel.width() / 2 + 0.01f);
  }
}

TEST_CASE("zoom makes the text larger in lecture mode on a projector's screens, up to what fits") {
  // Lecture mode builds its text at 1.25 times the user's zoom (Selection::text_zoom).
  const auto lecture = [](int width, int height, float zoom) {
    return gui::text_scale(width, height, zoom * 1.25f, gui::lines_min(true, width, height, 5));
  };
  for (const auto& [width, height] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
    CAPTURE(width);
    CHECK(lecture(width, height, 1.5f) > lecture(width, height, 1.0f));
    CHECK(lecture(width, height, 2.0f) >= lecture(width, height, 1.5f));
    // Never past the lines the layout needs (an eighth's rounding aside).
    CHECK(lecture(width, height, 3.0f) * 18.0f <= height / gui::kLinesMinLecture * 1.05f);
    // Never smaller than the window alone gives it, whatever the lines.
    CHECK(gui::text_scale(width, height, 1.0f, 200.0f) >= gui::text_scale(width, height, 0.5f, 200.0f));
  }
  // At 1280x720 the classroom's cap was reached at lecture zoom 1 (Ctrl + did nothing).
  CHECK(gui::text_scale(1280, 720, 1.25f, gui::kLinesMinClassroom) ==
        gui::text_scale(1280, 720, 2.5f, gui::kLinesMinClassroom));
  // A crowd's 25 log rows need the lines: its text stops where the classroom's does.
  CHECK(gui::lines_min(true, 1280, 720, 25) == gui::kLinesMinClassroom);
  CHECK(gui::lines_min(false, 1280, 720, 5) == gui::kLinesMinClassroom);
  // So do a narrow window's stacked cluster and logs (4:3).
  CHECK(gui::lines_min(true, 1024, 768, 5) == gui::kLinesMinClassroom);
  CHECK(gui::lines_min(true, 1280, 720, 9) == gui::kLinesMinLecture);
  // The classroom layout is as it was: 18 px at 1500x950, zoom 1.
  CHECK(gui::text_scale(1500, 950, 1.0f, gui::kLinesMinClassroom) == 1.0f);
  CHECK(gui::text_scale(1920, 1080, 1.0f, gui::kLinesMinClassroom) == 1.125f);
}

TEST_CASE("nodes never touch: with many nodes they shrink to fit the ring") {
  for (int size : {3, 5, 9, 25}) {
    const Drawn drawn = lay_out({0, 0, 1200, 600}, size, 20);
    for (int a = 0; a < size; ++a) {
      const int b = (a + 1) % size;
      if (a == b) continue;
      CHECK(std::hypot(drawn.xs[a] - drawn.xs[b], drawn.ys[a] - drawn.ys[b]) > 2.5f * drawn.fit.node);
    }
  }
}

TEST_CASE("no label covers another, a node or the clock, at 3, 5, 9 and 25 nodes, on a projector's screens") {
  // The cluster's share of the screen in lecture mode at 1280x720 and 1920x1080 (zoom 1
  // and 2), and of the normal layout; the text size is the app's for each.
  struct Screen {
    Box area;
    float font;
    bool roomy;          // every label must be shown at this size
    int nodes_max = 25;  // the text is this large only up to this many nodes
    float legible = 0.85f;  // the labels keep at least this share of the text size
  };
  const Screen screens[] = {
      {{0, 0, 1270, 430}, 17, true},  {{0, 0, 1910, 650}, 26, true},  {{0, 0, 760, 560}, 17, true},
      {{0, 0, 1140, 860}, 26, true},  {{0, 0, 1150, 500}, 20, true},  {{0, 0, 1910, 650}, 41, false},
      // Lecture mode side by side on 16:9, up to 9 nodes: zoom 1 and 2 at 1280x720 and
      // 1920x1080 (the ring's share once the toolbar and the caption band are off).
      {{0, 0, 750, 470}, 18, true, 9},  {{0, 0, 750, 465}, 22.5f, true, 9, 0.75f},  {{0, 0, 1120, 720}, 25, true, 9},
      {{0, 0, 1120, 680}, 34, true, 9, 0.75f},
  };
  for (const Screen& screen : screens) {
    for (int size : {3, 5, 9, 25}) {
      if (size > screen.nodes_max) continue;
      CAPTURE(size);
      CAPTURE(screen.area.x1);
      CAPTURE(screen.font);
      const Drawn drawn = lay_out(screen.area, size, screen.font);
      const std::vector<Box>& labels = drawn.plan.boxes;
      for (std::size_t i = 0; i < labels.size(); ++i) {
        CAPTURE(i);
        if (screen.roomy || size < 25) CHECK(drawn.plan.shown[i]);
        if (!drawn.plan.shown[i]) continue;
        CHECK(screen.area.contains(labels[i]));
        for (const Box& obstacle : drawn.obstacles) CHECK_FALSE(labels[i].overlaps(obstacle));
        for (std::size_t j = 0; j < labels.size(); ++j) {
          if (j != i && drawn.plan.shown[j]) CHECK_FALSE(labels[i].overlaps(labels[j]));
          CHECK_FALSE(labels[i].overlaps(node_box(drawn, j)));
        }
      }
      // Legible, not shrunk to nothing: a crowd of 25 takes text a little smaller.
      // Zoomed in lecture mode, the largest labels of a few nodes stay at least as large
      // as at zoom 1 (17 px at 1280x720, 25 px at 1920x1080), most grow with the text.
      if (screen.roomy) CHECK(drawn.plan.font >= screen.font * (size > 9 ? 0.69f : screen.legible));
    }
  }
}

namespace {

// A log view of `rows` nodes with `length` entries each, where row 0 is the reference
// and row 1 differs from `differ_from` to `differ_to`.
gui::LogView long_logs(int rows, raft::Index length, raft::Index differ_from, raft::Index differ_to) {
  gui::LogView view;
  view.reference = 1;
  view.reference_leads = true;
  view.longest = length;
  for (int r = 0; r < rows; ++r) {
    gui::LogRow row;
    row.node = static_cast<raft::NodeId>(r + 1);
    row.up = true;
    row.is_reference = r == 0;
    row.commit_index = r == 1 ? 1 : length;
    for (raft::Index index = 1; index <= length; ++index) {
      gui::LogCell cell;
      cell.index = index;
      cell.term = 2;
      cell.divergent = r == 1 && index >= differ_from && index <= differ_to;
      row.cells.push_back(cell);
    }
    view.rows.push_back(row);
  }
  view.cluster_committed = length;
  return view;
}

bool shows(const std::vector<gui::LogColumn>& columns, raft::Index index) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const gui::LogColumn& c) { return !c.gap && c.first == index; });
}

void check_covers_in_order(const std::vector<gui::LogColumn>& columns, raft::Index longest) {
  raft::Index next = 1;
  for (const gui::LogColumn& column : columns) {
    CHECK(column.first == next);
    CHECK(column.last >= column.first);
    CHECK((column.gap || column.first == column.last));
    next = column.last + 1;
  }
  CHECK(next == longest + 1);
}

}  // namespace

TEST_CASE("short logs show every entry, one column each") {
  const gui::LogView view = long_logs(3, 8, 0, 0);
  const auto columns = gui::log_columns(view, 20);
  CHECK(columns.size() == 8);
  check_covers_in_order(columns, 8);
  CHECK(std::none_of(columns.begin(), columns.end(), [](const gui::LogColumn& c) { return c.gap; }));
}

TEST_CASE("long logs keep the entries that differ, the commit points and the end in view, the rest folded") {
  // Lesson 05: n2 holds 50 entries (2..51) that differ from the leader's 151.
  const gui::LogView view = long_logs(5, 151, 2, 51);
  for (int budget : {8, 14, 20, 40}) {
    CAPTURE(budget);
    const auto columns = gui::log_columns(view, budget);
    CHECK(columns.size() <= static_cast<std::size_t>(budget));
    check_covers_in_order(columns, 151);
    CHECK(shows(columns, 151));  // the end of the logs
    CHECK(shows(columns, 2));    // where the difference starts
    CHECK(shows(columns, 1));    // n2's commit point
    std::size_t gaps = 0;
    for (const auto& column : columns) gaps += column.gap ? 1 : 0;
    CHECK(gaps >= 1);
    CHECK(columns.size() >= static_cast<std::size_t>(budget) - 1);  // the room is used
  }
}

TEST_CASE("entries in flight stay in view") {
  gui::LogView view = long_logs(3, 300, 0, 0);
  view.in_flight = {120, 130};
  const auto columns = gui::log_columns(view, 16);
  CHECK(shows(columns, 120));
  CHECK(shows(columns, 130));
  CHECK(shows(columns, 300));
  check_covers_in_order(columns, 300);
}

TEST_CASE("a cell that differs says what it differs from; nothing is predicted") {
  const gui::LogView view = long_logs(3, 10, 4, 5);
  const std::string text = gui::describe_cell(view, view.rows[1], view.rows[1].cells[3]);
  CHECK(text.find("Differs from the leader n1's log") != std::string::npos);
  CHECK(text.find("will") == std::string::npos);
  const std::string same = gui::describe_cell(view, view.rows[1], view.rows[1].cells[0]);
  CHECK(same.find("The same as in the leader n1's log") != std::string::npos);
}

TEST_CASE("a message on a link that a partition cuts is marked doomed at once, not deliverable") {
  gui::Session session(gui::new_cluster_origin(5, 3));
  session.play_to(800 * kMillisecond);
  // Run until some node has requests in flight to two others.
  while (session.simulator().in_flight().size() < 2) session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  const sim::InFlightMessage message = *session.simulator().in_flight().front();
  gui::ClusterView before = gui::build_cluster_view(session.simulator(), session.shown());
  REQUIRE(before.messages.front().id == message.id);
  CHECK(before.messages.front().doomed == nullptr);
  CHECK(before.messages.front().droppable);
  session.apply(UiCommand::act(gui::Action::isolate(message.to)));
  const gui::ClusterView after = gui::build_cluster_view(session.simulator(), session.shown());
  REQUIRE(after.messages.front().id == message.id);
  REQUIRE(after.messages.front().doomed != nullptr);
  CHECK(std::string(after.messages.front().doomed) == "partition");
  CHECK_FALSE(after.messages.front().droppable);
  // Healing before it would arrive does not save it: the mark was true.
  session.apply(UiCommand::act(gui::Action::heal()));
  const gui::ClusterView healed = gui::build_cluster_view(session.simulator(), session.shown());
  REQUIRE(!healed.messages.empty());
  CHECK(healed.messages.front().doomed != nullptr);
}

TEST_CASE("a log cell shows its command in six characters; a configuration entry says what it is") {
  gui::LogCell cell;
  cell.command = "x=1";
  CHECK(gui::cell_label(cell) == "x=1");
  cell.command = "key=value";
  CHECK(gui::cell_label(cell) == "key=v~");
  cell.command = "config voters 1 2 3 learners 4";
  CHECK(gui::cell_label(cell) == "config");
  gui::LogView view;
  gui::LogRow row;
  row.node = 2;
  row.up = true;
  CHECK(gui::describe_cell(view, row, cell).find("A configuration entry") != std::string::npos);
  CHECK(gui::describe_cell(view, row, cell).find("config voters 1 2 3 learners 4") != std::string::npos);
}
