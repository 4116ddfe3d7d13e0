#include "gui/model/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

namespace gui {

namespace {

// At most this many units per frame; beyond it playback falls behind rather than freeze.
constexpr std::size_t kUnitsPerTick = 20000;
// The lesson's time line computed on opening; the rest a frame at a time.
constexpr std::size_t kUnitsAheadOnOpen = 20000;

bool has_say(const sim::Scenario& scenario) {
  return std::any_of(scenario.commands.begin(), scenario.commands.end(),
                     [](const sim::Command& command) { return command.kind == sim::Command::Kind::Say; });
}

}  // namespace

const std::vector<double>& speed_steps() {
  static const std::vector<double> steps = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                                            0.5,   1.0,   2.0,   5.0,  10.0, 20.0, 50.0, 100.0};
  return steps;
}

std::string speed_text(double speed) {
  if (std::abs(speed - 1.0) < 1e-9) return "real time";
  std::ostringstream out;
  if (speed < 1.0) {
    out << "1/" << std::lround(1.0 / speed) << "x";
  } else {
    out << std::lround(speed) << "x";
  }
  return out.str();
}

bool is_state_change(const sim::Record& record) {
  for (const sim::NodeChange& change : record.changes) {
    if (change.after.term != change.before.term) return true;
    if (change.after.role == raft::Role::Leader && change.before.role != raft::Role::Leader) return true;
    if (change.after.commit_index > change.before.commit_index) return true;
  }
  return false;
}

std::string current_caption(const History& history, int lines_max) {
  std::string text;
  for (const std::string& line : caption_view(history, std::nullopt, lines_max).lines) {
    text += (text.empty() ? "" : "\n") + line;
  }
  return text;
}

Origin new_cluster_origin(int nodes, std::uint64_t seed, CoreOptions options) {
  std::string text = "cluster " + std::to_string(nodes) + "\nseed " + std::to_string(seed) + "\n";
  auto on_off = [](bool on) { return on ? " on\n" : " off\n"; };
  text += std::string("noop") + on_off(options.noop) + "prevote" + on_off(options.pre_vote) + "check-quorum" +
          on_off(options.check_quorum);
  text += "# Slow enough to watch each message travel.\nlatency 10ms 30ms\n";
  Origin origin;
  origin.title = "a new cluster (" + std::to_string(nodes) + " nodes, seed " + std::to_string(seed) + ")";
  origin.scenario = sim::parse_scenario(text, "new cluster");
  return origin;
}

Origin file_origin(const std::string& path) {
  Origin origin;
  origin.title = path;
  origin.scenario = sim::load_scenario(path);
  return origin;
}

Session::Session(Origin origin) { load(std::move(origin)); }

void Session::load(Origin origin) {
  history_ = std::make_unique<History>(std::move(origin));
  ++loads_;
  timeline_ = std::make_unique<LessonTimeline>(history_->origin());
  timeline_->compute(kUnitsAheadOnOpen);
  lesson_says_ = has_say(history_->origin().scenario);
  root_scanned_ = 0;
  root_departure_.reset();
  shown_ = history_->state().simulator().now();
  carry_ = 0;
  show_opening_caption();
}

Time Session::horizon() const {
  const Time lesson = on_lesson_line() ? timeline_->span() : 0;
  return std::max({history_->branch().horizon, shown_, lesson});
}

std::optional<std::size_t> Session::departure() const {
  return departure_op(history_->branches(), history_->branch_index(), root_departure_);
}

CaptionView Session::caption() const { return caption_view(*history_, departure()); }

bool Session::narrating() const {
  if (!pause_at_captions_ || !lesson_says_) return false;
  const std::optional<std::size_t> left = departure();
  return !left || history_->position() <= *left;
}

void Session::scan_root() {
  if (root_departure_) return;
  const Branch& root = history_->branches().front();
  root_departure_ = first_own_op(root, root_scanned_);
  root_scanned_ = root.ops.size();
}

void Session::show_time_reached() {
  shown_ = history_->state().simulator().now();
  history_->note_shown(shown_);
  carry_ = 0;
}

std::string Session::recording() const { return record_scenario(*history_, shown_); }

void Session::pause(const std::string& why) {
  playing_ = false;
  if (!why.empty()) status_ = why;
}

// Carries out every unit due by `time`, then shows `time`.
void Session::play_to(Time time, std::size_t unit_limit, bool stop_at_caption) {
  behind_ = false;
  const sim::PlayStatus status_before = history_->state().player.status();
  std::size_t units = 0;
  for (;;) {
    const std::optional<Time> next = history_->next_time();
    if (!next || *next > time) break;
    if (++units > unit_limit) {
      behind_ = true;
      time = history_->state().simulator().now();
      break;
    }
    const std::size_t notes = history_->visible_notes();
    if (!history_->advance()) break;
    if (stop_at_caption && caption_appeared_since(*history_, notes)) {
      // The narration waits for the teacher.
      time = history_->state().simulator().now();
      carry_ = 0;
      pause("Paused at a caption: Space, Right or Page Down goes on; Left or Page Up goes back.");
      break;
    }
  }
  shown_ = std::max(time, history_->state().simulator().now());
  history_->note_shown(shown_);
  const State& state = history_->state();
  if (state.simulator().violation()) {
    pause("Invariant violated: " + state.simulator().violation()->invariant);
  } else if (status_before == sim::PlayStatus::Running && state.player.status() == sim::PlayStatus::ExpectationFailed &&
             state.player.failure()) {
    pause("Expectation failed: " + state.player.failure()->text + " (expected " + state.player.failure()->expected +
          ", got " + state.player.failure()->actual + ")");
  } else if (status_before == sim::PlayStatus::Running && state.player.status() == sim::PlayStatus::Passed) {
    status_ = "The scenario is over: every expectation held. Play on, or act.";
  }
}

void Session::tick(double wall_seconds) {
  if (!timeline_->done()) timeline_->compute(kUnitsPerTick / 4);  // a share of the frame budget
  scan_root();
  if (catch_up_) {
    catch_up();
    return;
  }
  if (!playing_) return;
  const double advance = wall_seconds * speed_ * static_cast<double>(raft::kSecond) + carry_;
  const auto whole = static_cast<Time>(std::floor(advance));
  carry_ = advance - static_cast<double>(whole);
  play_to(shown_ + whole, kUnitsPerTick, narrating());
}

void Session::apply(const UiCommand& command) {
  using Kind = UiCommand::Kind;
  History& history = *history_;
  if (command.kind != Kind::SetSpeed) catch_up_.reset();  // anything else the teacher does wins
  switch (command.kind) {
    case Kind::TogglePlay: playing_ = !playing_; break;
    case Kind::Play: playing_ = true; break;
    case Kind::Pause: playing_ = false; break;
    case Kind::StepEvent:
      playing_ = false;
      if (history.next_time() && history.advance()) {
        shown_ = history.state().simulator().now();
        history.note_shown(shown_);
      } else {
        status_ = "Nothing more will happen: no event is pending.";
      }
      break;
    case Kind::StepBack:
      playing_ = false;
      if (history.position() > 0) {
        history.seek_ops(history.position() - 1);
        shown_ = history.state().simulator().now();
      }
      break;
    case Kind::StepToChange: step_to_change(); break;
    case Kind::Seek: seek(command.time); break;
    case Kind::SetSpeed: speed_ = std::clamp(command.speed, speed_steps().front(), speed_steps().back()); break;
    case Kind::Act: {
      const std::size_t branches = history.branches().size();
      const bool scripted = history.state().scripted;
      if (!history.act(command.action, shown_)) {
        status_ = "Cannot do that now: " + scenario_line(command.action);
        break;
      }
      shown_ = std::max(shown_, history.state().simulator().now());
      if (history.branches().size() > branches) {
        status_ = scripted ? "You took over from the scenario: new branch \"" + history.branch().name + "\""
                           : "History forked: new branch \"" + history.branch().name + "\"";
      } else {
        status_ = scenario_line(command.action);
      }
      break;
    }
    case Kind::SwitchBranch:
      if (command.branch < history.branches().size()) {
        history.switch_branch(command.branch, shown_);
        shown_ = std::max(history.branch().shown_time, history.state().simulator().now());
        playing_ = false;
      }
      break;
    case Kind::Reset:
      history.seek_ops(0);
      shown_ = history.state().simulator().now();
      playing_ = false;
      show_opening_caption();
      break;
    case Kind::NewCluster:
      load(new_cluster_origin(std::clamp(command.nodes, 1, 15), command.seed, command.options));
      playing_ = false;
      status_ = "New cluster: " + std::to_string(command.nodes) + " nodes, seed " + std::to_string(command.seed);
      break;
    case Kind::Open:
      try {
        load(file_origin(command.path));
        playing_ = false;
        status_ = "Opened " + command.path;
        error_.clear();
      } catch (const sim::ScenarioError& error) {
        error_ = sim::format_error(error);
        status_ = "Could not open " + command.path + "; the run is unchanged.";
      } catch (const std::exception& error) {
        error_ = std::string("Cannot open ") + command.path + ": " + error.what();
        status_ = "Could not open " + command.path + "; the run is unchanged.";
      }
      break;
    case Kind::Save: {
      std::ofstream file(command.path);
      file << recording();
      if (file) {
        status_ = "Saved the recording to " + command.path;
        error_.clear();
      } else {
        status_ = "Could not save the recording.";
        error_ = "Cannot write " + command.path + "\n  hint: check that its folder exists and is writable";
      }
      break;
    }
    case Kind::Continue: continue_narration(); break;
    case Kind::PreviousCaption: previous_caption(); break;
    case Kind::JumpToCaption: jump_to_caption(command.caption); break;
    case Kind::PauseAtCaptions:
      pause_at_captions_ = command.on;
      status_ = command.on ? "Playback stops at each caption of the lesson." : "Playback runs through the captions.";
      break;
  }
  scan_root();
}

void Session::seek(Time time) {
  History& history = *history_;
  time = std::clamp<Time>(time, 0, horizon());
  const auto& ops = history.branch().ops;
  if (time > (ops.empty() ? 0 : ops.back().time)) {
    // Past what was played (the lesson computed ahead): played for real now, a frame's
    // share at a time, so a long lesson never freezes the window.
    history.seek_ops(ops.size());
    catch_up_ = time;
    catch_up();
    return;
  }
  history.seek_time(time);
  shown_ = std::max(time, history.state().simulator().now());
  carry_ = 0;
}

void Session::catch_up() {
  const Time target = *catch_up_;
  play_to(target, kUnitsPerTick);
  carry_ = 0;
  if (!behind_) {
    catch_up_.reset();
    return;
  }
  char text[96];
  std::snprintf(text, sizeof text, "Playing ahead to t = %.3f s ...", static_cast<double>(target) / raft::kSecond);
  status_ = text;
}

}  // namespace gui
