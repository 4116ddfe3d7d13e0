#include "gui/model/recorder.h"

#include <algorithm>

namespace gui {

namespace {

using Kind = sim::Command::Kind;

class Writer {
 public:
  void line(const std::string& text) { out_ += text + "\n"; }
  void steps(std::uint64_t count) { pending_steps_ += count; }
  void flush() {
    if (pending_steps_ > 0) line("step " + std::to_string(pending_steps_));
    pending_steps_ = 0;
  }
  std::string take() {
    flush();
    return std::move(out_);
  }

 private:
  std::string out_;
  std::uint64_t pending_steps_ = 0;
};

bool failed_expectation(const Branch& branch, const sim::Command& command) {
  if (command.kind != Kind::Expect) return false;
  return std::any_of(branch.notes.begin(), branch.notes.end(), [&](const Branch::TimedNote& note) {
    return note.note.kind == sim::Note::Kind::ExpectFailed && note.note.location.line == command.location.line;
  });
}

}  // namespace

std::string record_scenario(const History& history, Time shown_time) {
  const Branch& branch = history.branch();
  const Origin& origin = history.origin();
  const auto& commands = origin.scenario.commands;
  const std::size_t position = history.position();
  const auto& start = *branch.checkpoints.front().state;
  Writer out;

  out.line("# Recorded by raftsim-gui from " + origin.title + ", branch \"" + branch.name + "\".");
  out.line("# `raftsim run` of this file reaches the state the GUI showed at " +
           sim::format_duration(shown_time) + ".");

  // The scenario's setup, then its commands as far as they were played.
  std::size_t last_unit = position;  // the last op the scenario drove, if any
  for (std::size_t i = 0; i < position; ++i) {
    if (branch.ops[i].kind == Op::Kind::ScenarioUnit) last_unit = i;
  }
  std::size_t played = start.command;
  if (last_unit < position) played = branch.ops[last_unit].command;
  std::size_t setup = 0;
  while (setup < commands.size() && is_setup(commands[setup])) ++setup;
  played = std::max(played, setup);  // the setup is always written
  const std::size_t verbatim = played;
  bool seed_written = false;
  for (std::size_t i = 0; i < verbatim && i < commands.size(); ++i) {
    const sim::Command& command = commands[i];
    if (command.kind == Kind::Seed && origin.seed_override) {
      out.line("seed " + std::to_string(*origin.seed_override));
      seed_written = true;
    } else if (failed_expectation(branch, command)) {
      out.line("# (failed here) " + command.text);
    } else {
      out.line(command.text);
    }
    if (i + 1 == setup && origin.seed_override && !seed_written) {
      out.line("seed " + std::to_string(*origin.seed_override));
      seed_written = true;
    }
  }
  if (setup == 0 && origin.seed_override && !seed_written) out.line("seed " + std::to_string(*origin.seed_override));

  // A command the user interrupted: the events it had fired, counted by playing the
  // commands before it alone (they end where it began).
  std::size_t next_op = 0;
  Time now = start.simulator().now();
  std::uint64_t events = start.simulator().stats().events;
  if (last_unit < position) {
    next_op = last_unit + 1;
    now = branch.ops[last_unit].time;
    events = branch.ops[last_unit].events;
    if (played < commands.size()) {
      sim::Scenario before = origin.scenario;
      before.commands.resize(played);
      sim::ScenarioPlayer player(before, origin.seed_override);
      player.play_to_end();
      const std::uint64_t started_events = player.simulator().stats().events;
      out.line("# The user took over here" +
               std::string(events > started_events ? ", during: " + commands[played].text : "."));
      if (events > started_events) out.steps(events - started_events);
    }
  }

  // The user's part: events, clock moves and actions.
  Time last_comment = -1;
  for (std::size_t i = next_op; i < position; ++i) {
    const Op& op = branch.ops[i];
    switch (op.kind) {
      case Op::Kind::ScenarioUnit:
      case Op::Kind::Event:
        out.steps(op.events - events);
        break;
      case Op::Kind::RunUntil:
        out.flush();  // `run` fires any events due on the way, as run_until() did
        if (op.time > now) out.line("run " + duration_text(op.time - now));
        break;
      case Op::Kind::Act:
        out.flush();
        if (op.time != last_comment) out.line("# at " + sim::format_duration(op.time));
        last_comment = op.time;
        out.line(scenario_line(branch.actions[op.action]));
        break;
    }
    now = op.time;
    events = op.events;
  }
  out.flush();
  if (shown_time > now) out.line("run " + duration_text(shown_time - now));
  return out.take();
}

}  // namespace gui
