// raftsim-gui: the classroom front end. The loop follows Dear ImGui's
// example_glfw_opengl3: set up; per frame poll, new frame, draw panels, render, swap;
// clean up in reverse. Between frames the controller applies the panels' commands.
//
//   raftsim-gui [--scenario FILE] [--seed N] [--at TIME] [--screenshot OUT.png] [--exit]
//               [--size WxH] [--zoom Z] [--select N] [--tab NAME] [--play] [--speed X]
//               [--benchmark FRAMES]
#include <glad/gl.h>
// GLFW after glad, so that it does not pull in the system GL header first.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/app.h"
#include "gui/app/screenshot.h"
#include "gui/default_lesson.h"

namespace {

struct Options {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::optional<gui::Time> at;
  std::string screenshot;
  bool exit = false;
  int width = 1600;
  int height = 1000;
  float zoom = 1.0f;
  int select = 0;
  std::string tab;
  bool play = false;
  double speed = gui::Session::kDefaultSpeed;
  int benchmark_frames = 0;
  bool help = false;
};

void usage() {
  std::puts(
      "usage: raftsim-gui [options]\n"
      "  --scenario FILE     open a scenario (default: the built-in classroom lesson)\n"
      "  --seed N            override the scenario's seed\n"
      "  --at TIME           play to virtual time TIME first (e.g. 1.5s, 300ms)\n"
      "  --screenshot FILE   render to a PNG (with --exit: headless documentation)\n"
      "  --exit              quit after the first frames (with --screenshot)\n"
      "  --size WxH          window size (default 1600x1000)\n"
      "  --zoom Z            text and widget zoom (default 1)\n"
      "  --select N          inspect node N\n"
      "  --tab NAME          side tab: node, network, client, session or experiment\n"
      "  --play              start playing\n"
      "  --speed X           virtual seconds per real second (default 0.05)\n"
      "  --benchmark FRAMES  play FRAMES frames as fast as possible and report frame times\n"
      "  --help-overlay      show the keyboard shortcuts\n");
}

gui::Time parse_time(const std::string& text) {
  // The scenario language's own durations: "1.5s", "300ms", "250us".
  const sim::Scenario parsed = sim::parse_scenario("run " + text + "\n", "--at");
  return parsed.commands.front().duration;
}

bool parse(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--scenario") options.scenario = value();
    else if (arg == "--seed") options.seed = std::stoull(value());
    else if (arg == "--at") options.at = parse_time(value());
    else if (arg == "--screenshot") options.screenshot = value();
    else if (arg == "--exit") options.exit = true;
    else if (arg == "--size") {
      const std::string size = value();
      if (std::sscanf(size.c_str(), "%dx%d", &options.width, &options.height) != 2) throw std::runtime_error("--size WxH");
    } else if (arg == "--zoom") options.zoom = std::stof(value());
    else if (arg == "--select") options.select = std::stoi(value());
    else if (arg == "--tab") options.tab = value();
    else if (arg == "--play") options.play = true;
    else if (arg == "--speed") options.speed = std::stod(value());
    else if (arg == "--benchmark") options.benchmark_frames = std::stoi(value());
    else if (arg == "--help-overlay") options.help = true;
    else if (arg == "--help" || arg == "-h") {
      usage();
      return false;
    } else {
      throw std::runtime_error("unknown option " + arg + " (see --help)");
    }
  }
  return true;
}

gui::Origin origin_of(const Options& options) {
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
int headless_replay(const gui::Origin& origin, const Options& options) {
  std::fprintf(stderr, "raftsim-gui: no display; replaying %s headless\n", origin.title.c_str());
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
  Options options;
  gui::Origin origin;
  try {
    if (!parse(argc, argv, options)) return 0;
    origin = origin_of(options);
  } catch (const sim::ScenarioError& error) {
    std::fprintf(stderr, "%s\n", sim::format_error(error).c_str());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "raftsim-gui: %s\n", error.what());
    return 2;
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
  ImGui_ImplOpenGL3_Init("#version 330 core");

  gui::App app(origin);
  app.selection().zoom = options.zoom;
  app.selection().node = static_cast<gui::NodeId>(std::max(options.select, 0));
  app.selection().show_help = options.help;
  if (!options.tab.empty()) app.select_tab(options.tab);
  app.session().apply(gui::UiCommand::set_speed(options.speed));
  if (options.at) app.session().play_to(*options.at);
  if (options.play || benchmark) app.session().apply(gui::UiCommand::simple(gui::UiCommand::Kind::Play));

  // ---- Frames -----------------------------------------------------------------------
  const bool one_shot = options.exit || !options.screenshot.empty();
  int frames = 0;
  int redraws_left = 3;  // after input, a few frames for ImGui to settle
  double last = glfwGetTime();
  std::vector<double> frame_ms;
  std::vector<double> cpu_ms;
  std::size_t triangles = 0;  // simulation, views and ImGui, before OpenGL draws
  std::vector<std::size_t> in_flight;
  int status = 0;
  while (!glfwWindowShouldClose(window)) {
    const auto frame_start = std::chrono::steady_clock::now();
    if (one_shot || benchmark) {
      glfwPollEvents();
    } else if (app.session().playing() || app.wants_redraw() || redraws_left > 0) {
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
    app.theme().update(width, height, app.selection().zoom);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
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

    // Headless documentation: a few frames so the layout settles, then the picture.
    if (one_shot && frames >= 4) {
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
