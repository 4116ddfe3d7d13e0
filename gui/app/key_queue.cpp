#include "gui/app/key_queue.h"

#include <GLFW/glfw3.h>

#include <vector>

namespace gui {

void KeyQueue::deliver_frame(const std::function<void(const KeyEvent&)>& deliver) {
  std::vector<int> changed;  // keys pressed or released this frame (a handful at most)
  const bool catch_up = events_.size() > kBacklogMax;
  while (!events_.empty()) {
    const KeyEvent event = events_.front();
    // A repeat changes nothing (ImGui makes its own repeats from the held state).
    const bool change = event.action != GLFW_REPEAT && !catch_up;
    if (change) {
      for (int key : changed) {
        if (key == event.key) return;  // its second change waits for the next frame
      }
      changed.push_back(event.key);
    }
    events_.pop_front();
    deliver(event);
  }
}

}  // namespace gui
