#include "gui/model/session.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace gui {

namespace {

// At most this many units per frame; beyond it playback falls behind rather than freeze.
constexpr std::size_t kUnitsPerTick = 20000;
// StepToChange gives up after this many units.
constexpr int kUnitsPerChange = 100000;

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
  const auto& records = history.branch().records;
  std::vector<const std::string*> lines;
  std::optional<Time> moment;
  for (std::size_t i = history.visible_records(); i-- > 0 && static_cast<int>(lines.size()) < lines_max;) {
    const sim::Record& record = records[i];
    if (moment && record.time != *moment) break;
    if (record.kind != sim::RecordKind::Say) continue;
    moment = record.time;
    lines.push_back(&record.reason);
  }
  std::string text;
  for (std::size_t i = lines.size(); i-- > 0;) text += *lines[i] + (i == 0 ? "" : "\n");
  return text;
}

Origin new_cluster_origin(int nodes, std::uint64_t seed) {
  const std::string text = "cluster " + std::to_string(nodes) + "\nseed " + std::to_string(seed) +
                           "\n# Slow enough to watch each message travel.\nlatency 10ms 30ms\n";
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
  shown_ = history_->state().simulator().now();
  carry_ = 0;
}

Time Session::horizon() const { return std::max(history_->branch().horizon, shown_); }

std::string Session::recording() const { return record_scenario(*history_, shown_); }

void Session::pause(const std::string& why) {
  playing_ = false;
  if (!why.empty()) status_ = why;
}

// Carries out every unit due by `time`, then shows `time`.
void Session::play_to(Time time, std::size_t unit_limit) {
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
    if (!history_->advance()) break;
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
  if (!playing_) return;
  const double advance = wall_seconds * speed_ * static_cast<double>(raft::kSecond) + carry_;
  const auto whole = static_cast<Time>(std::floor(advance));
  carry_ = advance - static_cast<double>(whole);
  play_to(shown_ + whole, kUnitsPerTick);
}

void Session::apply(const UiCommand& command) {
  using Kind = UiCommand::Kind;
  History& history = *history_;
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
    case Kind::StepToChange: {
      playing_ = false;
      bool found = false;
      for (int units = 0; units < kUnitsPerChange && !found && history.next_time(); ++units) {
        const std::size_t seen = history.visible_records();
        if (!history.advance()) break;
        const auto& records = history.branch().records;
        const std::size_t visible = history.visible_records();
        for (std::size_t i = seen; i < visible && !found; ++i) found = is_state_change(records[i]);
      }
      shown_ = history.state().simulator().now();
      history.note_shown(shown_);
      if (!found) status_ = "No new term, leader or commit came.";
      break;
    }
    case Kind::Seek: {
      const Time time = std::clamp<Time>(command.time, 0, horizon());
      history.seek_time(time);
      shown_ = std::max(time, history.state().simulator().now());
      carry_ = 0;
      break;
    }
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
      break;
    case Kind::NewCluster:
      load(new_cluster_origin(std::clamp(command.nodes, 1, 15), command.seed));
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
  }
}

}  // namespace gui
