// The controller's model: one History, the moment shown, and playback. Panels never
// change it directly: they push UiCommands, which the app applies between frames.
// Wall-clock time only sets the playback speed; it never enters the simulation.
#pragma once

#include <cstdint>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/action.h"
#include "gui/model/history.h"
#include "gui/model/recorder.h"

namespace gui {

struct UiCommand {
  enum class Kind : std::uint8_t {
    TogglePlay, Play, Pause,
    StepEvent,      // one unit forward (one event)
    StepBack,       // one unit back
    StepToChange,   // forward to the next new term, new leader or commit
    Seek,           // to `time` on this branch
    SetSpeed,       // `speed`: virtual seconds per wall-clock second
    Act,            // `action` at the moment shown
    SwitchBranch,   // to `branch`
    Reset,          // back to the start of this branch
    NewCluster,     // `nodes`, `seed`
    Open,           // the scenario file at `path`
    Save,           // the recording, to `path`
  };
  Kind kind = Kind::Pause;
  Time time = 0;
  double speed = 0;
  Action action = {};
  std::size_t branch = 0;
  int nodes = 0;
  std::uint64_t seed = 0;
  std::string path = {};

  static UiCommand simple(Kind kind) { return {.kind = kind}; }
  static UiCommand seek(Time time) { return {.kind = Kind::Seek, .time = time}; }
  static UiCommand set_speed(double speed) { return {.kind = Kind::SetSpeed, .speed = speed}; }
  static UiCommand act(Action action) { return {.kind = Kind::Act, .action = std::move(action)}; }
  static UiCommand switch_branch(std::size_t branch) { return {.kind = Kind::SwitchBranch, .branch = branch}; }
  static UiCommand new_cluster(int nodes, std::uint64_t seed) {
    return {.kind = Kind::NewCluster, .nodes = nodes, .seed = seed};
  }
  static UiCommand open(std::string path) { return {.kind = Kind::Open, .path = std::move(path)}; }
  static UiCommand save(std::string path) { return {.kind = Kind::Save, .path = std::move(path)}; }
};

// Playback speeds offered, slowest first (virtual seconds per wall-clock second).
const std::vector<double>& speed_steps();
std::string speed_text(double speed);  // "1/20x", "real time", "5x"

// Whether a record marks a moment worth stopping at: a new term, a new leader, a commit.
bool is_state_change(const sim::Record& record);

// The narration on screen: the last `say` up to the moment shown, with the ones said at
// the same moment before it (lessons often split a sentence over two lines), at most
// `lines_max` of them, one per line. Empty before the first `say`.
std::string current_caption(const History& history, int lines_max = 3);

// A new cluster as a scenario: "cluster 5", "seed 42", readable latency.
Origin new_cluster_origin(int nodes, std::uint64_t seed);
// Throws sim::ScenarioError.
Origin file_origin(const std::string& path);

class Session {
 public:
  static constexpr double kDefaultSpeed = 0.05;

  explicit Session(Origin origin);

  void apply(const UiCommand& command);
  // Moves playback on by `wall_seconds` of real time.
  void tick(double wall_seconds);
  // Carries out every unit due by virtual time `time`, then shows `time`. With a limit,
  // stops after that many units (playback falls behind rather than freeze a frame).
  void play_to(Time time, std::size_t unit_limit = SIZE_MAX);

  const History& history() const { return *history_; }
  const State& state() const { return history_->state(); }
  const sim::Simulator& simulator() const { return history_->state().simulator(); }
  Time shown() const { return shown_; }
  // The time slider's range on this branch.
  Time horizon() const;
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  // The last thing worth telling the user (an error, "saved to ...", "forked ...").
  const std::string& status() const { return status_; }
  // A failure the user must read whole (a scenario that would not open, with its
  // located error and hint; a file that could not be written). Empty after a success.
  const std::string& error() const { return error_; }
  void dismiss_error() { error_.clear(); }
  // The recording of this branch up to the moment shown, as a scenario file.
  std::string recording() const;
  // Frames per second worth of time advanced in the last tick that could not be
  // simulated within the frame budget (playback falls behind at extreme speeds).
  bool behind() const { return behind_; }

 private:
  void load(Origin origin);
  void pause(const std::string& why);

  std::unique_ptr<History> history_;
  Time shown_ = 0;
  bool playing_ = false;
  double speed_ = kDefaultSpeed;
  double carry_ = 0;  // fractions of a microsecond not yet shown
  bool behind_ = false;
  std::string status_;
  std::string error_;
};

}  // namespace gui
