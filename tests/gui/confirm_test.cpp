// The app asks before it replaces the run, and shows a failure whole in a red box.
// Driven headless (tests/gui/ui_harness.h).
#include <GLFW/glfw3.h>
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <cstdio>
#include <fstream>

#include "tests/gui/ui_harness.h"

using gui::Action;
using gui::UiCommand;
using gui::testing::Harness;
using raft::kMillisecond;

TEST_CASE("a new cluster over a run with no work of the user's is started at once") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().submit(UiCommand::new_cluster(3, 9));
  ui.frame();
  CHECK(ui.app().question().empty());
  CHECK(ui.simulator().size() == 3);
}

TEST_CASE("opening a scenario over unsaved work waits for the answer") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(700 * kMillisecond);
  ui.press(GLFW_KEY_W);
  const std::string lesson = RAFTSIM_SOURCE_DIR "/gui/lessons/stress-9-nodes.scenario";
  ui.app().submit(UiCommand::open(lesson));
  ui.frame();  // applies the command: the question
  ui.frame();  // draws it
  CHECK(ui.app().question() == "Open " + lesson + "?\nThis discards 1 action of yours (none saved).");
  CHECK(ui.simulator().size() == 5);  // not yet
  const ImGuiWindow* modal = ImGui::FindWindowByName("Discard this run?");
  REQUIRE(modal != nullptr);
  CHECK(modal->Active);

  ui.press(GLFW_KEY_SPACE);  // the modal takes the keys: nothing plays behind it
  CHECK_FALSE(ui.app().session().playing());

  ui.press(GLFW_KEY_ESCAPE);  // Cancel
  CHECK(ui.app().question().empty());
  CHECK(ui.simulator().size() == 5);
  CHECK(ui.simulator().history().size() == 1);  // the write is still there

  ui.app().submit(UiCommand::open(lesson));
  ui.frame();
  ui.app().answer(true);  // Discard and go on
  CHECK(ui.simulator().size() == 9);
  CHECK(ui.app().question().empty());
}

TEST_CASE("after a save, starting over asks nothing") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(700 * kMillisecond);
  ui.press(GLFW_KEY_W);
  const std::string path = "gui_confirm_test_saved.scenario";
  ui.app().submit(UiCommand::save(path));
  ui.frame();
  ui.app().submit(UiCommand::new_cluster(3, 1));
  ui.frame();
  CHECK(ui.app().question().empty());
  CHECK(ui.simulator().size() == 3);
  std::remove(path.c_str());
}

TEST_CASE("a broken scenario's located error and hint show whole, wrapped, in a box that fits them") {
  Harness ui(gui::new_cluster_origin(5, 3));
  const std::string path = "gui_confirm_test_broken.scenario";
  std::ofstream(path) << "cluster 5\nseed 1\nfrobnicate n1 with a long tail of words that goes on and on and on\n";
  ui.app().submit(UiCommand::open(path));
  ui.frame();  // applies the command: the error
  for (int i = 0; i < 3; ++i) ui.frame();  // the box appears, then takes its height from the text
  const std::string& error = ui.app().session().error();
  CHECK(error.find(path + ":3:1: error: unknown command 'frobnicate'") == 0);
  CHECK(error.find("\n  hint: commands are: cluster") != std::string::npos);
  CHECK(ui.simulator().size() == 5);  // the run is unchanged

  const ImGuiWindow* box = ImGui::FindWindowByName("##error");
  REQUIRE(box != nullptr);
  CHECK(box->Active);
  // Everything in it is visible: the content fits the box, and the box the display.
  const ImVec2 padding = ImGui::GetStyle().WindowPadding;
  CHECK(box->ContentSize.x <= box->Size.x - 2 * padding.x + 1);
  CHECK(box->ContentSize.y <= box->Size.y - 2 * padding.y + 1);
  CHECK(box->ContentSize.y > 4 * ImGui::GetFontSize());  // the title, the error and its wrapped hint
  CHECK(box->Pos.y + box->Size.y <= ImGui::GetIO().DisplaySize.y);

  ui.press(GLFW_KEY_ESCAPE);  // Dismiss
  CHECK(ui.app().session().error().empty());
  ui.frame();
  CHECK_FALSE(ImGui::FindWindowByName("##error")->Active);
  std::remove(path.c_str());
}
