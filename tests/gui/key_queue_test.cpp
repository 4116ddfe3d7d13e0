// A presenter's clicker taps a key for about 10 ms, less than a frame: GLFW reports the
// press and the release between the same two frames. These tests feed those two GLFW
// key events to the app headless and check the tap's action happened (key_queue.h).
// tests/gui/key_tap_test.sh does the same to the real app under Xvfb with xdotool.
#include <GLFW/glfw3.h>
#include <doctest/doctest.h>

#include "tests/gui/ui_harness.h"

using gui::testing::Harness;

namespace {

// Press and release between two frames, as a 10 ms tap during a 16.7 ms frame.
void tap_within_one_frame(Harness& ui, int key, bool queued = true) {
  ui.glfw_key(key, GLFW_PRESS, queued);
  ui.glfw_key(key, GLFW_RELEASE, queued);
}

void frames(Harness& ui, int count) {
  for (int i = 0; i < count; ++i) ui.frame();
}

}  // namespace

TEST_CASE("a 10 ms tap of W within one frame writes") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(800 * raft::kMillisecond);
  tap_within_one_frame(ui, GLFW_KEY_W);
  frames(ui, 3);
  REQUIRE(ui.simulator().history().size() == 1);
  CHECK(ui.simulator().history().front().command == "x=1");
  CHECK_FALSE(ui.keys_pending());
}

TEST_CASE("without the queue, Dear ImGui 1.86 loses such a tap (why the queue exists)") {
  Harness ui(gui::new_cluster_origin(5, 3));
  ui.app().session().play_to(800 * raft::kMillisecond);
  tap_within_one_frame(ui, GLFW_KEY_W, /*queued=*/false);
  frames(ui, 3);
  CHECK(ui.simulator().history().empty());
}

TEST_CASE("two taps of Space within one frame play and pause: neither is lost") {
  Harness ui(gui::new_cluster_origin(5, 3));
  tap_within_one_frame(ui, GLFW_KEY_SPACE);
  ui.frame();
  CHECK(ui.app().session().playing());
  tap_within_one_frame(ui, GLFW_KEY_SPACE);
  tap_within_one_frame(ui, GLFW_KEY_SPACE);
  ui.frame();
  CHECK(ui.app().session().playing());  // the second tap's press waits for a later frame
  CHECK(ui.keys_pending());
  frames(ui, 4);
  CHECK(ui.app().session().playing());  // played, paused, played: three taps, three toggles
  CHECK_FALSE(ui.keys_pending());
}

TEST_CASE("a chord tapped within one frame keeps its modifier: Ctrl + zooms") {
  Harness ui(gui::new_cluster_origin(3, 1));
  ui.glfw_key(GLFW_KEY_LEFT_CONTROL, GLFW_PRESS);
  ui.glfw_key(GLFW_KEY_EQUAL, GLFW_PRESS);
  ui.glfw_key(GLFW_KEY_EQUAL, GLFW_RELEASE);
  ui.glfw_key(GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE);
  frames(ui, 3);
  CHECK(ui.app().selection().zoom == doctest::Approx(1.125));
  CHECK(ui.app().session().history().position() == 0);  // and '=' alone did nothing else
}

TEST_CASE("the queue hands on a key's second change one frame later, in order") {
  gui::KeyQueue queue;
  std::vector<std::pair<int, int>> seen;
  auto deliver = [&](const gui::KeyEvent& event) { seen.emplace_back(event.key, event.action); };
  queue.push({GLFW_KEY_A, 0, GLFW_PRESS, 0});
  queue.push({GLFW_KEY_B, 0, GLFW_PRESS, 0});
  queue.push({GLFW_KEY_A, 0, GLFW_REPEAT, 0});
  queue.push({GLFW_KEY_A, 0, GLFW_RELEASE, 0});
  queue.push({GLFW_KEY_B, 0, GLFW_RELEASE, 0});
  queue.deliver_frame(deliver);
  CHECK(seen == std::vector<std::pair<int, int>>{
                    {GLFW_KEY_A, GLFW_PRESS}, {GLFW_KEY_B, GLFW_PRESS}, {GLFW_KEY_A, GLFW_REPEAT}});
  queue.deliver_frame(deliver);
  CHECK(seen.size() == 5);  // A up and B up: each key changes once in this frame
  CHECK_FALSE(queue.pending());
}

TEST_CASE("a backlog beyond its bound is delivered at once: the queue stays bounded") {
  gui::KeyQueue queue;
  for (std::size_t i = 0; i < gui::KeyQueue::kBacklogMax; ++i) {
    queue.push({GLFW_KEY_A, 0, i % 2 == 0 ? GLFW_PRESS : GLFW_RELEASE, 0});
  }
  std::size_t delivered = 0;
  queue.deliver_frame([&](const gui::KeyEvent&) { ++delivered; });
  CHECK(delivered == 1);  // within the bound: one change of A per frame
  queue.push({GLFW_KEY_A, 0, GLFW_PRESS, 0});
  queue.push({GLFW_KEY_A, 0, GLFW_RELEASE, 0});  // now past the bound
  queue.deliver_frame([&](const gui::KeyEvent&) { ++delivered; });
  CHECK(delivered == gui::KeyQueue::kBacklogMax + 2);
  CHECK_FALSE(queue.pending());
}
