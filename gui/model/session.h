// The controller's model: one History, the moment shown, and playback. Panels never
// change it directly: they push UiCommands, which the app applies between frames.
// Wall-clock time only sets the playback speed; it never enters the simulation.
#pragma once

#include <cstdint>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/action.h"
#include "gui/model/history.h"
#include "gui/model/lesson_timeline.h"
#include "gui/model/narration.h"
#include "gui/model/recorder.h"

namespace gui {

// The core's options beyond Figure 2 for a new cluster, with raft::Config's defaults.
struct CoreOptions {
  bool noop = true;
  bool pre_vote = false;
  bool check_quorum = true;
};

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
    NewCluster,     // `nodes`, `seed`, `options`
    Open,           // the scenario file at `path`
    Save,           // the recording, to `path`
    Continue,         // the narration goes on: play to the next caption (playing: jump there)
    PreviousCaption,  // back one caption (to the start of the one shown, if played past it)
    JumpToCaption,    // to the lesson's caption number `caption` (0: the first)
    PauseAtCaptions,  // `on`: whether playback stops at each caption of a lesson
  };
  Kind kind = Kind::Pause;
  Time time = 0;
  double speed = 0;
  Action action = {};
  std::size_t branch = 0;
  int nodes = 0;
  std::uint64_t seed = 0;
  CoreOptions options = {};
  std::string path = {};
  std::size_t caption = 0;
  bool on = false;

  static UiCommand simple(Kind kind) { return {.kind = kind}; }
  static UiCommand seek(Time time) { return {.kind = Kind::Seek, .time = time}; }
  static UiCommand set_speed(double speed) { return {.kind = Kind::SetSpeed, .speed = speed}; }
  static UiCommand act(Action action) { return {.kind = Kind::Act, .action = std::move(action)}; }
  static UiCommand switch_branch(std::size_t branch) { return {.kind = Kind::SwitchBranch, .branch = branch}; }
  static UiCommand new_cluster(int nodes, std::uint64_t seed, CoreOptions options = {}) {
    return {.kind = Kind::NewCluster, .nodes = nodes, .seed = seed, .options = options};
  }
  static UiCommand open(std::string path) { return {.kind = Kind::Open, .path = std::move(path)}; }
  static UiCommand save(std::string path) { return {.kind = Kind::Save, .path = std::move(path)}; }
  static UiCommand jump_to_caption(std::size_t caption) { return {.kind = Kind::JumpToCaption, .caption = caption}; }
  static UiCommand pause_at_captions(bool on) { return {.kind = Kind::PauseAtCaptions, .on = on}; }
};

// Playback speeds offered, slowest first (virtual seconds per wall-clock second).
const std::vector<double>& speed_steps();
std::string speed_text(double speed);  // "1/20x", "real time", "5x"

// Whether a record marks a moment worth stopping at: a new term, a new leader, a commit.
bool is_state_change(const sim::Record& record);

// The narration on screen as text: caption_view()'s lines, one per line. Empty before
// the first `say`.
std::string current_caption(const History& history, int lines_max = 3);

// A new cluster as a scenario: "cluster 5", "seed 42", readable latency, and the options
// that differ from the defaults ("prevote on").
Origin new_cluster_origin(int nodes, std::uint64_t seed, CoreOptions options = {});
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
  // With `stop_at_caption`, stops (and pauses) right after a caption of the lesson.
  void play_to(Time time, std::size_t unit_limit = SIZE_MAX, bool stop_at_caption = false);
  // Computes the lesson's time line ahead by at most `units` units; true while unfinished.
  bool compute_ahead(std::size_t units) { return timeline_->compute(units); }

  const History& history() const { return *history_; }
  // How many runs this session has loaded (1 for the first): a run's identity.
  std::uint64_t loads() const { return loads_; }
  const State& state() const { return history_->state(); }
  const sim::Simulator& simulator() const { return history_->state().simulator(); }
  Time shown() const { return shown_; }
  // The time slider's range on this branch: on the lesson's own line, all of the lesson.
  Time horizon() const;
  // The whole lesson, computed ahead (captions, terms and leaders).
  const LessonTimeline& timeline() const { return *timeline_; }
  // The branch shown is the lesson's own line (the first branch, not yet acted on).
  bool on_lesson_line() const { return history_->branch_index() == 0 && !root_departure_; }
  // Where this branch left the lesson (the teacher's first own op), if it did.
  std::optional<std::size_t> departure() const;
  // The caption at the moment shown, dimmed once the run has left the lesson.
  CaptionView caption() const;
  bool pause_at_captions() const { return pause_at_captions_; }
  // Work is under way between frames (the lesson's time line, or playing ahead to a
  // moment dragged to): keep drawing frames.
  bool busy() const { return catch_up_.has_value() || !timeline_->done(); }
  // A lesson is being narrated: it has captions, playback stops at each (the toggle is
  // on), and the run shown is still the lesson's. Right and Left then move by caption.
  bool narrating() const;
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
  void show_time_reached();
  // Advances until one more lesson caption has appeared (then shows it) and returns true;
  // otherwise (after `units_max` units, when nothing more happens, or once `keep_going`
  // says no) goes back to where it started and returns false.
  bool advance_to_caption(std::size_t units_max, const std::function<bool(History&)>& keep_going);
  // On opening (and Reset): the first caption, when nothing happens before it.
  void show_opening_caption();
  void step_to_change();
  void continue_narration();
  void previous_caption();
  void jump_to_caption(std::size_t caption);
  void seek(Time time);
  // Plays towards catch_up_ as far as one frame allows.
  void catch_up();
  // Keeps root_departure_ up to date with the first branch's new ops.
  void scan_root();

  std::unique_ptr<History> history_;
  std::uint64_t loads_ = 0;
  std::unique_ptr<LessonTimeline> timeline_;
  bool lesson_says_ = false;          // the scenario has `say` lines
  bool pause_at_captions_ = true;
  std::size_t root_scanned_ = 0;      // ops of the first branch scanned for the teacher's own
  std::optional<std::size_t> root_departure_;
  std::optional<Time> catch_up_;      // a moment past what was played, dragged to
  Time shown_ = 0;
  bool playing_ = false;
  double speed_ = kDefaultSpeed;
  double carry_ = 0;  // fractions of a microsecond not yet shown
  bool behind_ = false;
  std::string status_;
  std::string error_;
};

}  // namespace gui
