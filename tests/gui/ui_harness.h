// The app driven headless, for tests: an ImGui context with no window and no OpenGL,
// frames drawn at 1600x1000, keys pressed through ImGuiIO as the GLFW backend would.
#pragma once

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <memory>

#include "gui/app/app.h"
#include "gui/app/key_queue.h"

namespace gui::testing {

class Harness {
 public:
  explicit Harness(gui::Origin origin) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 1000);
    app_ = std::make_unique<gui::App>(std::move(origin));
    app_->theme().update(1600, 1000, 1.0f, gui::kLinesMinClassroom);
    frame();
  }
  ~Harness() {
    app_.reset();
    ImGui::DestroyContext();
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  gui::App& app() { return *app_; }
  const sim::Simulator& simulator() { return app_->session().simulator(); }

  // One frame, as main.cpp draws it: the queued key events this frame may see, then
  // the panels, then the controller.
  void frame() {
    ImGuiIO& io = ImGui::GetIO();
    keys_.deliver_frame([](const KeyEvent& event) { backend_key(event); });
    io.DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    app_->draw(1600, 1000);
    ImGui::Render();
    app_->apply_commands();
  }
  // A key event as GLFW's key callback reports it, between two frames. With
  // `queued` false it goes straight to ImGui, as it did before the KeyQueue.
  void glfw_key(int key, int action, bool queued = true) {
    if (queued) keys_.push({key, 0, action, 0});
    else backend_key({key, 0, action, 0});
  }
  bool keys_pending() const { return keys_.pending(); }

  // ImGui 1.86's ImGui_ImplGlfw_KeyCallback (it needs a real window, so it is redone
  // here): the key's state, then the modifiers from the keys' states.
  static void backend_key(const KeyEvent& event) {
    ImGuiIO& io = ImGui::GetIO();
    if (event.action == GLFW_PRESS) io.KeysDown[event.key] = true;
    if (event.action == GLFW_RELEASE) io.KeysDown[event.key] = false;
    io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
    io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
    io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
    io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
  }

  void press(int key, bool ctrl = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[key] = true;
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = io.KeyShift = false;
    frame();
  }

 private:
  std::unique_ptr<gui::App> app_;
  KeyQueue keys_;
};

}  // namespace gui::testing
