// The panels and shortcuts, driven headless: an ImGui context with no window and no
// OpenGL, keys pressed through ImGuiIO, and the commands checked on the session.
#include <GLFW/glfw3.h>
#include <doctest/doctest.h>
#include <imgui.h>

#include "gui/app/app.h"
#include "tests/gui/ui_harness.h"

using gui::UiCommand;
using raft::kMillisecond;
using gui::testing::Harness;

TEST_CASE("the keyboard plays, steps and steps back") {
  Harness ui(gui::new_cluster_origin(5, 3));
  CHECK_FALSE(ui.app().session().playing());
  ui.press(GLFW_KEY_SPACE);
  CHECK(ui.app().session().playing());
  ui.press(GLFW_KEY_SPACE);
  CHECK_FALSE(ui.app().session().playing());

  for (int i = 0; i < 10; ++i) ui.press(GLFW_KEY_RIGHT);
  const std::size_t position = ui.app().session().history().position();
  CHECK(position >= 10);
  ui.press(GLFW_KEY_LEFT);
  CHECK(ui.app().session().history().position() == position - 1);
  ui.press(GLFW_KEY_N);  // to the next new term, leader or commit
  CHECK(ui.simulator().summary(1).term + ui.simulator().summary(2).term + ui.simulator().summary(3).term +
            ui.simulator().summary(4).term + ui.simulator().summary(5).term > 0);
  ui.press(GLFW_KEY_HOME);
  CHECK(ui.app().session().history().position() == 0);

  const double speed = ui.app().session().speed();
  ui.press(GLFW_KEY_RIGHT_BRACKET);
  CHECK(ui.app().session().speed() > speed);
  ui.press(GLFW_KEY_LEFT_BRACKET);
  ui.press(GLFW_KEY_LEFT_BRACKET);
  CHECK(ui.app().session().speed() < speed);
}

TEST_CASE("the keyboard crashes, restarts, isolates, heals, writes and sets timers") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(800 * kMillisecond);
  ui.press(GLFW_KEY_2);
  CHECK(ui.app().selection().node == 2);
  ui.press(GLFW_KEY_C);
  CHECK_FALSE(ui.simulator().is_up(2));
  ui.press(GLFW_KEY_C);
  CHECK(ui.simulator().is_up(2));
  ui.press(GLFW_KEY_I);
  CHECK(ui.simulator().topology().is_partitioned());
  ui.press(GLFW_KEY_H);
  CHECK_FALSE(ui.simulator().topology().is_partitioned());
  ui.press(GLFW_KEY_W);
  REQUIRE(ui.simulator().history().size() == 1);
  CHECK(ui.simulator().history().front().command == "x=1");
  ui.press(GLFW_KEY_T);  // n2 campaigns
  CHECK(ui.simulator().node(2).role() == raft::Role::Candidate);
  ui.press(GLFW_KEY_A);
  const auto& records = ui.app().session().history().branch().records;
  CHECK(records.back().kind == sim::RecordKind::Timers);
  // Every one of these is in the recording, as a scenario line.
  const std::string recording = ui.app().session().recording();
  for (const char* line : {"crash n2", "restart n2", "isolate n2", "heal", "write x=1", "campaign n2", "timers align"}) {
    CAPTURE(line);
    CHECK(recording.find(line) != std::string::npos);
  }
}

TEST_CASE("help, legend and zoom are UI state, not commands") {
  Harness ui(gui::new_cluster_origin(3, 1));
  ui.press(GLFW_KEY_F1);
  CHECK(ui.app().selection().show_help);
  ui.press(GLFW_KEY_ESCAPE);
  CHECK_FALSE(ui.app().selection().show_help);
  ui.press(GLFW_KEY_L);
  CHECK_FALSE(ui.app().selection().show_legend);
  ui.press(GLFW_KEY_EQUAL, true);
  CHECK(ui.app().selection().zoom > 1.0f);
  CHECK(ui.app().session().history().position() == 0);  // nothing happened to the run
}

TEST_CASE("every panel and tab draws, in every state a lesson goes through") {
  Harness ui(gui::Origin{"split", sim::load_scenario(RAFTSIM_SOURCE_DIR "/gui/lessons/split-brain.scenario"), {}});
  ui.app().selection().show_help = true;
  for (const char* tab : {"node", "network", "client", "session"}) {
    ui.app().select_tab(tab);
    for (raft::NodeId node = 0; node <= 5; ++node) {
      ui.app().selection().node = node;
      ui.frame();
      ui.app().session().play_to(ui.app().session().shown() + 90 * kMillisecond);
    }
  }
  CHECK(ui.app().session().shown() >= 1800 * kMillisecond);
}

namespace {

void mouse(Harness& ui, ImVec2 at, bool down) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  io.MouseDown[0] = down;
  ui.frame();
}

ImVec2 pixel_of_node(Harness& ui, raft::NodeId node) {
  const float aspect = ui.app().cluster_aspect();
  return ui.app().cluster_panel().to_pixel(gui::node_position(node, ui.simulator().size(), aspect));
}

}  // namespace

TEST_CASE("the mouse selects a node, drags it into another's group, and drops a message") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(600 * kMillisecond);

  // Click n4: it is selected.
  mouse(ui, pixel_of_node(ui, 4), false);
  mouse(ui, pixel_of_node(ui, 4), true);
  mouse(ui, pixel_of_node(ui, 4), false);
  CHECK(ui.app().selection().node == 4);

  // Isolate n3, then drag n4 onto n3: {n3, n4} against the rest.
  ui.press(GLFW_KEY_3);
  ui.press(GLFW_KEY_I);
  mouse(ui, pixel_of_node(ui, 4), false);
  mouse(ui, pixel_of_node(ui, 4), true);
  const ImVec2 from = pixel_of_node(ui, 4), to = pixel_of_node(ui, 3);
  mouse(ui, ImVec2((from.x + to.x) / 2, (from.y + to.y) / 2), true);
  mouse(ui, to, true);
  mouse(ui, to, false);
  const sim::Topology& topology = ui.simulator().topology();
  CHECK(topology.group_of(3) == topology.group_of(4));
  CHECK(topology.group_of(3) != topology.group_of(1));
  CHECK(ui.app().session().recording().find("partition") != std::string::npos);

  // Click a message that can be dropped: it is gone, and recorded as `drop next`.
  ui.press(GLFW_KEY_H);
  while (ui.simulator().in_flight().size() < 3) ui.press(GLFW_KEY_RIGHT);
  const gui::ClusterView view =
      gui::build_cluster_view(ui.simulator(), ui.app().session().shown(), ui.app().cluster_aspect(),
                              ui.app().cluster_node_radius());
  const gui::MessageView* chosen = nullptr;
  for (const gui::MessageView& message : view.messages) {
    if (message.droppable && gui::message_at(view, message.position, view.node_radius * 0.3f) == &message) {
      chosen = &message;
      break;
    }
  }
  REQUIRE(chosen != nullptr);
  const ImVec2 at = ui.app().cluster_panel().to_pixel(chosen->position);
  mouse(ui, at, false);
  mouse(ui, at, true);
  mouse(ui, at, false);
  CHECK(ui.simulator().find_message(chosen->id) == nullptr);
  CHECK(ui.app().session().recording().find("drop next " + chosen->kind_name) != std::string::npos);
}

TEST_CASE("in a lesson, Right and Page Down go on to the next caption, Left and Page Up go back one") {
  const std::string lesson =
      "cluster 3\nseed 1\nsay \"One.\"\nrun 100ms\nsay \"Two.\"\nsay \"Three.\"\nrun 100ms\nsay \"Four.\"\nrun 50ms\n";
  Harness ui(gui::Origin{"lesson", sim::parse_scenario(lesson, "lesson"), {}});
  gui::Session& session = ui.app().session();
  const auto newest = [&session] { return session.caption().lines.back(); };
  REQUIRE(session.narrating());
  CHECK(newest() == "One.");  // shown on opening

  ui.press(GLFW_KEY_PAGE_DOWN);  // go on: plays...
  CHECK(session.playing());
  ui.press(GLFW_KEY_PAGE_DOWN);  // ...and a second press goes straight to the next caption
  CHECK_FALSE(session.playing());
  CHECK(newest() == "Two.");
  ui.press(GLFW_KEY_RIGHT);
  ui.press(GLFW_KEY_RIGHT);
  CHECK(newest() == "Three.");
  CHECK(session.caption().lines.size() == 2);  // said at the same moment as "Two."
  ui.press(GLFW_KEY_LEFT);
  CHECK(newest() == "Two.");
  ui.press(GLFW_KEY_PAGE_UP);
  CHECK(newest() == "One.");

  // Period always steps one event; P turns the pauses off, and Right steps events again.
  const std::size_t position = session.history().position();
  ui.press(GLFW_KEY_PERIOD);
  CHECK(session.history().position() == position + 1);
  ui.press(GLFW_KEY_P);
  CHECK_FALSE(session.pause_at_captions());
  CHECK_FALSE(session.narrating());
  ui.press(GLFW_KEY_RIGHT);
  CHECK(session.history().position() == position + 2);
  ui.press(GLFW_KEY_LEFT);
  CHECK(session.history().position() == position + 1);
}

TEST_CASE("the help overlay lists the caption keys from the shortcut table") {
  bool page_down = false;
  bool toggle = false;
  for (const gui::ShortcutRow& row : gui::shortcut_rows()) {
    page_down |= std::string(row.keys).find("Page Down") != std::string::npos;
    toggle |= std::string(row.keys) == "P";
  }
  CHECK(page_down);
  CHECK(toggle);
}

TEST_CASE("clicking a caption's tick on the time line goes to that caption; clicking a band goes to that moment") {
  const std::string lesson =
      "cluster 3\nseed 1\nsay \"One.\"\nrun 300ms\nsay \"Two.\"\nrun 300ms\nsay \"Three.\"\nrun 300ms\n";
  Harness ui(gui::Origin{"lesson", sim::parse_scenario(lesson, "lesson"), {}});
  gui::Session& session = ui.app().session();
  while (session.compute_ahead(1000)) {}
  ui.frame();
  const gui::StripPlacement& strip = ui.app().toolbar_panel().strip();
  REQUIRE(strip.horizon == session.timeline().span());
  const float y = (strip.min.y + strip.max.y) / 2;

  const gui::Time third = session.timeline().captions()[2].time;
  mouse(ui, ImVec2(strip.x(third), y), false);
  mouse(ui, ImVec2(strip.x(third), y), true);
  mouse(ui, ImVec2(strip.x(third), y), false);
  CHECK(session.shown() == third);
  CHECK(session.caption().lines.back() == "Three.");

  // Between the ticks: that moment.
  const float between = strip.x(450 * kMillisecond);
  mouse(ui, ImVec2(between, y), false);
  mouse(ui, ImVec2(between, y), true);
  mouse(ui, ImVec2(between, y), false);
  CHECK(session.shown() > 400 * kMillisecond);
  CHECK(session.shown() < 500 * kMillisecond);
  CHECK(session.caption().lines.back() == "Two.");
}

TEST_CASE("F5 toggles lecture mode: the side panels go, the cluster and the logs take the window") {
  Harness ui(gui::Origin{"split", sim::load_scenario(RAFTSIM_SOURCE_DIR "/gui/lessons/split-brain.scenario"), {}});
  ui.app().session().play_to(1400 * kMillisecond);
  ui.frame();
  const auto centre_x = [&] { return ui.app().cluster_panel().to_pixel(gui::Point{0, 0}).x; };
  const auto node_size = [&] {  // in pixels (the app keeps it in view units)
    const float unit = ui.app().cluster_panel().to_pixel(gui::Point{0, 1}).y - ui.app().cluster_panel().to_pixel(gui::Point{0, 0}).y;
    return ui.app().cluster_node_radius() * unit;
  };
  CHECK_FALSE(ui.app().selection().lecture);
  CHECK(centre_x() < 1600 * 0.45f);  // the left column, beside the side panels
  const float classroom_node = node_size();
  ui.press(GLFW_KEY_F5);
  ui.frame();
  CHECK(ui.app().selection().lecture);
  // A wide window (16:10): the cluster on the left 60% the whole height, the logs beside it.
  CHECK(centre_x() == doctest::Approx(1600 * 0.6f / 2).epsilon(0.02));
  // The harness keeps one text size: as large, not smaller (both may be the radius the text
  // asks for, computed along different paths: a rounding apart).
  CHECK(node_size() >= classroom_node * 0.999f);
  ui.press(GLFW_KEY_F5);
  ui.frame();
  CHECK_FALSE(ui.app().selection().lecture);
  CHECK(centre_x() < 1600 * 0.45f);
}
