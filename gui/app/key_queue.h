// Key presses that a frame cannot lose. Dear ImGui 1.86 reads the keyboard as a state
// (io.KeysDown[]) sampled once a frame, and its GLFW backend writes that state from
// GLFW's key callback at once. A presenter's clicker taps a key for about 10 ms, less
// than a 60 Hz frame: the press and the release both land between two frames, the
// state is back to "up" when ImGui looks, and the press is lost. (ImGui 1.87 added an
// input queue for this reason; Debian has 1.86.)
//
// So the app takes GLFW's key events first and queues them; before each frame it hands
// them on to ImGui's own callback, but never two changes of one key in the same frame:
// a press and its release are seen in two consecutive frames. Chords stay together
// (Ctrl down, S down, S up, Ctrl up: the first frame sees Ctrl and S down).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>

namespace gui {

struct KeyEvent {
  int key = 0;       // GLFW_KEY_*
  int scancode = 0;
  int action = 0;    // GLFW_PRESS, GLFW_RELEASE or GLFW_REPEAT
  int mods = 0;
};

class KeyQueue {
 public:
  // Beyond this many waiting events (keys mashed faster than frames for seconds), a
  // frame takes them all, as ImGui alone would: memory and lag stay bounded.
  static constexpr std::size_t kBacklogMax = 256;

  // From GLFW's key callback.
  void push(const KeyEvent& event) { events_.push_back(event); }

  // Before ImGui::NewFrame(): hands `deliver` the events this frame may see, in order,
  // and keeps the rest (from the second change of any key on) for the next frames.
  void deliver_frame(const std::function<void(const KeyEvent&)>& deliver);

  // Events still waiting: the app must draw another frame rather than sleep.
  bool pending() const { return !events_.empty(); }
  std::size_t size() const { return events_.size(); }

 private:
  std::deque<KeyEvent> events_;
};

}  // namespace gui
