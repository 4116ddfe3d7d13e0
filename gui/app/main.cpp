// raftsim-gui: the classroom front end. The loop follows Dear ImGui's
// example_glfw_opengl3: set up; per frame poll, new frame, draw panels, render, swap;
// clean up in reverse. Between frames the controller applies the panels' commands.
//
//   raftsim-gui [--scenario FILE] [--seed N] [--at TIME] ...   (the flags: gui/app/options.cpp)
#include <glad/gl.h>
// GLFW after glad, so that it does not pull in the system GL header first.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/app.h"
#include "gui/app/key_queue.h"
#include "gui/app/options.h"
#include "gui/app/screenshot.h"
#include "gui/default_lesson.h"
#include "gui/model/seek_benchmark.h"

namespace {

void print_seek_benchmark(gui::Session& session, std::size_t count) {
  const gui::SeekFigures figures = gui::measure_seeks(session, count);
  std::printf("seeks %zu over %.3f s of virtual time (%zu ops, %zu checkpoints): mean %.2f ms, median %.2f ms, worst %.2f ms (to %.3f s)\n",
              figures.seeks, static_cast<double>(session.horizon()) / raft::kSecond, figures.ops, figures.checkpoints,
              figures.mean_ms, figures.median_ms, figures.worst_ms, static_cast<double>(figures.worst_at) / raft::kSecond);
}

gui::Origin origin_of(const gui::Options& options) {
  gui::Origin origin;
  if (options.scenario.empty()) {
    origin.title = "the classroom lesson";
    origin.scenario = sim::parse_scenario(gui::kDefaultLesson, "classroom-election.scenario");
  } else {
    origin = gui::file_origin(options.scenario);
  }
  origin.seed_override = options.seed;
  return origin;
}

// No display: play the scenario in the terminal, narration and all.
int headless_replay(const gui::Origin& origin, const gui::Options& options) {
  std::fprintf(stderr, "raftsim-gui: no display; replaying %s headless\n", gui::printable(origin.title).c_str());
  if (!options.screenshot.empty()) {
    std::fprintf(stderr, "raftsim-gui: a screenshot needs a display (try xvfb-run)\n");
    return 4;
  }
  sim::ScenarioPlayer player(origin.scenario, origin.seed_override);
  while (!player.finished()) {
    player.step();
    for (const sim::Note& note : player.take_notes()) {
      const double seconds = static_cast<double>(note.time) / raft::kSecond;
      if (note.kind == sim::Note::Kind::Say) std::printf("%8.3fs  %s\n", seconds, note.text.c_str());
      if (note.kind == sim::Note::Kind::ExpectFailed) {
        std::printf("%8.3fs  FAILED %s: expected %s, got %s\n", seconds, note.text.c_str(), note.expected.c_str(),
                    note.actual.c_str());
      }
    }
  }
  const auto status = player.status();
  std::printf("%s\n", status == sim::PlayStatus::Passed ? "passed" : "failed");
  return status == sim::PlayStatus::Passed ? 0 : status == sim::PlayStatus::InvariantViolated ? 3 : 1;
}

void glfw_error(int code, const char* description) { std::fprintf(stderr, "GLFW error %d: %s\n", code, description); }

}  // namespace

int main(int argc, char** argv) {
  gui::Options options;
  if (const auto code = gui::parse_options(argc, argv, options, std::cout, std::cerr)) return *code;
  gui::Origin origin;
  try {
    origin = origin_of(options);
  } catch (const sim::ScenarioError& error) {
    std::cerr << gui::printable(sim::format_error(error)) << '\n';
    return gui::kExitBadFlag;
  } catch (const std::exception& error) {
    std::cerr << "raftsim-gui: error: " << gui::printable(error.what()) << '\n';
    return gui::kExitBadFlag;
  }
  const std::string misfit =
      gui::check_against_scenario(options, sim::ScenarioPlayer(origin.scenario, origin.seed_override).simulator().size());
  if (!misfit.empty()) {
    std::cerr << "raftsim-gui: error: " << gui::printable(misfit) << "\n  hint: see 'raftsim-gui --help'\n";
    return gui::kExitBadFlag;
  }

  // ---- Set up: window, OpenGL 3.3 core, Dear ImGui -----------------------------------
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) return headless_replay(origin, options);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "raftsim: Raft in the classroom", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    return headless_replay(origin, options);
  }
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    std::fprintf(stderr, "raftsim-gui: cannot load OpenGL 3.3\n");
    return 4;
  }
  const bool benchmark = options.benchmark_frames > 0;
  glfwSwapInterval(benchmark ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; write no imgui.ini
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  // Key events go through our queue before ImGui's own callback (see key_queue.h): a
  // clicker's 10 ms tap must not fall between two frames.
  gui::KeyQueue keys;
  glfwSetWindowUserPointer(window, &keys);
  const GLFWkeyfun imgui_key = glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    static_cast<gui::KeyQueue*>(glfwGetWindowUserPointer(w))->push({key, scancode, action, mods});
  });
  ImGui_ImplOpenGL3_Init("#version 330 core");

  gui::App app(origin);
  app.selection().zoom = options.zoom;
  app.selection().node = static_cast<gui::NodeId>(std::max(options.select, 0));
  app.selection().show_help = options.help;
  app.selection().lecture = options.lecture;
  if (!options.tab.empty()) app.select_tab(options.tab);
  app.session().apply(gui::UiCommand::set_speed(options.speed));
  if (options.at) app.session().play_to(*options.at);
  if (options.seek_benchmark > 0) print_seek_benchmark(app.session(), static_cast<std::size_t>(options.seek_benchmark));
  if (options.exit || !options.screenshot.empty()) app.session().compute_ahead(SIZE_MAX);  // the whole time line
  if (options.play || benchmark) app.session().apply(gui::UiCommand::simple(gui::UiCommand::Kind::Play));

  // ---- Frames -----------------------------------------------------------------------
  const bool one_shot = options.exit || !options.screenshot.empty();
  int frames = 0;
  const double started_at = glfwGetTime();
  int redraws_left = 3;  // after input, a few frames for ImGui to settle
  double last = glfwGetTime();
  std::vector<double> frame_ms;
  std::vector<double> cpu_ms;
  std::size_t triangles = 0;  // simulation, views and ImGui, before OpenGL draws
  std::vector<std::size_t> in_flight;
  int status = 0;
  while (!glfwWindowShouldClose(window)) {
    const auto frame_start = std::chrono::steady_clock::now();
    if (one_shot || benchmark || keys.pending()) {
      glfwPollEvents();  // queued keys: the next frame shows the next of them at once
    } else if (app.session().playing() || app.session().busy() || app.wants_redraw() || redraws_left > 0) {
      // At most 60 frames a second, even where swapping does not wait for the display.
      glfwWaitEventsTimeout(std::max(0.0, 1.0 / 60 - (glfwGetTime() - last)));
    } else {
      glfwWaitEvents();  // idle: wait for input instead of redrawing (a cool laptop)
      redraws_left = 3;
    }
    const double now = glfwGetTime();
    const double elapsed = std::min(now - last, 0.1);
    last = now;
    if (!one_shot) app.session().tick(benchmark ? 1.0 / 60 : elapsed);

    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    app.theme().update(width, height, app.selection().text_zoom(),
                       app.selection().lines_min(width, height, app.session().simulator().size()));
    keys.deliver_frame([&](const gui::KeyEvent& e) { imgui_key(window, e.key, e.scancode, e.action, e.mods); });
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A picture for the docs shows no tooltip of wherever Xvfb left its pointer.
    if (one_shot) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    app.draw(static_cast<float>(width), static_cast<float>(height));
    ImGui::Render();
    const auto cpu_done = std::chrono::steady_clock::now();
    glViewport(0, 0, width, height);
    const ImVec4 background = ImGui::ColorConvertU32ToFloat4(app.theme().canvas);  // every window's
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frames;

    // Headless documentation: a few frames so the layout settles, then the picture; on
    // the Experiment tab, once its run has finished (a minute at most).
    const bool settled = !app.wants_redraw() || glfwGetTime() - started_at > 60;
    if (one_shot && frames >= 4 && settled) {
      if (!options.screenshot.empty() && !gui::save_screenshot(options.screenshot, width, height)) status = 1;
      if (options.exit || !options.screenshot.empty()) break;
    }
    glfwSwapBuffers(window);
    app.apply_commands();  // the controller, between frames
    redraws_left = std::max(0, redraws_left - 1);

    if (benchmark) {
      glFinish();
      frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count());
      cpu_ms.push_back(std::chrono::duration<double, std::milli>(cpu_done - frame_start).count());
      in_flight.push_back(app.session().simulator().in_flight().size());
      triangles += static_cast<std::size_t>(ImGui::GetDrawData()->TotalIdxCount / 3);
      if (static_cast<int>(frame_ms.size()) >= options.benchmark_frames) break;
    }
  }

  if (benchmark && !frame_ms.empty()) {
    std::vector<double> sorted = frame_ms;
    std::sort(sorted.begin(), sorted.end());
    double total = 0;
    for (double ms : frame_ms) total += ms;
    double cpu_total = 0;
    for (double ms : cpu_ms) cpu_total += ms;
    std::printf("simulation + views + ImGui (before any OpenGL): mean %.2f ms per frame\n",
                cpu_total / static_cast<double>(cpu_ms.size()));
    std::size_t messages = 0;
    for (std::size_t count : in_flight) messages += count;
    std::printf("triangles per frame: %zu\n", triangles / frame_ms.size());
    std::printf("renderer %s, %dx%d\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)), options.width,
                options.height);
    std::printf("frames %zu  mean %.2f ms  median %.2f ms  p95 %.2f ms  max %.2f ms  (%.0f fps)  "
                "nodes %d  messages in flight: mean %zu, max %zu\n",
                frame_ms.size(), total / static_cast<double>(frame_ms.size()), sorted[sorted.size() / 2],
                sorted[sorted.size() * 95 / 100], sorted.back(), 1000.0 * static_cast<double>(frame_ms.size()) / total,
                app.session().simulator().size(), messages / in_flight.size(),
                *std::max_element(in_flight.begin(), in_flight.end()));
  }

  // ---- Clean up, in reverse ---------------------------------------------------------
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
