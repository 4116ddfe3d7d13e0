#include "gui/model/history.h"

#include <algorithm>
#include <cassert>

namespace gui {

namespace {

std::size_t command_index(const sim::ScenarioPlayer& player) {
  const sim::Command* command = player.current_command();
  const auto& commands = player.scenario().commands;
  if (command == nullptr) return commands.size();
  return static_cast<std::size_t>(command - commands.data());
}

}  // namespace

bool is_setup(const sim::Command& command) {
  using Kind = sim::Command::Kind;
  return command.kind == Kind::Cluster || command.kind == Kind::Seed ||
         command.kind == Kind::ElectionTimeout || command.kind == Kind::Heartbeat || command.kind == Kind::Option;
}

State::State(sim::ScenarioPlayer p) : player(std::move(p)) {
  scripted = !player.finished();
  command = command_index(player);
}

History::History(Origin origin) : origin_(std::move(origin)) {
  state_ = std::make_unique<State>(sim::ScenarioPlayer(origin_.scenario, origin_.seed_override));
  state_->simulator().set_recording(true);
  Branch main;
  main.name = "main";
  main.checkpoints.push_back({0, std::make_shared<const State>(*state_)});
  branches_.push_back(std::move(main));
}

std::size_t History::visible_records() const {
  return branch().records.count_through(state_->simulator().record_count());
}

std::size_t History::visible_notes() const {
  const auto& notes = branch().notes;
  return static_cast<std::size_t>(
      std::lower_bound(notes.begin(), notes.end(), position_,
                       [](const Branch::TimedNote& note, std::size_t op) { return note.op < op; }) -
      notes.begin());
}

Op History::make_op(Op::Kind kind, std::uint32_t action) const {
  return Op{kind, state_->simulator().now(), state_->simulator().stats().events, action,
            static_cast<std::uint32_t>(state_->command)};
}

void History::execute(const Op& op, const Branch& branch) {
  State& state = *state_;
  switch (op.kind) {
    case Op::Kind::ScenarioUnit: {
      state.player.step_command();  // one command, each at its own moment
      state.command = command_index(state.player);
      if (state.player.finished()) state.scripted = false;
      break;
    }
    case Op::Kind::Event:
      state.simulator().step();
      break;
    case Op::Kind::RunUntil:
      state.scripted = false;
      state.simulator().run_until(op.time);
      break;
    case Op::Kind::Act:
      state.scripted = false;
      apply(branch.actions[op.action], state.simulator());
      break;
  }
}

void History::after_op(bool collect) {
  Branch& branch = branches_[current_];
  std::vector<sim::Record> records = state_->simulator().take_records();
  std::vector<sim::Note> notes = state_->player.take_notes();
  if (!collect) return;
  for (const auto& record : records) branch.records.push_back(record);
  for (auto& note : notes) branch.notes.push_back({position_ - 1, std::move(note)});
}

void History::append(Op op) {
  Branch& branch = branches_[current_];
  assert(position_ == branch.ops.size());
  branch.ops.push_back(op);
  ++position_;
  after_op(true);
  branch.horizon = std::max(branch.horizon, op.time);
  maybe_checkpoint();
}

// After kCheckpointEvery ops or events since the last checkpoint, whichever comes first.
void History::maybe_checkpoint() {
  Branch& branch = branches_[current_];
  const std::size_t last = branch.checkpoints.back().ops;
  const std::uint64_t events_then = last == 0 ? 0 : branch.ops[last - 1].events;
  const std::uint64_t events_now = state_->simulator().stats().events;
  if (position_ - last < kCheckpointEvery && events_now - events_then < kCheckpointEvery) return;
  branch.checkpoints.push_back({position_, std::make_shared<const State>(*state_)});
}

// A scenario unit is one command, or one event of a lasting command.
std::optional<Time> History::next_unit_time() {
  sim::Simulator& simulator = state_->simulator();
  if (simulator.stopped()) return std::nullopt;
  if (!state_->scripted) return simulator.next_event_time();
  return state_->player.next_command_time();
}

std::optional<Time> History::next_time() {
  if (!at_end()) return branch().ops[position_].time;
  return next_unit_time();
}

bool History::advance() {
  if (!at_end()) {
    execute(branch().ops[position_], branch());
    ++position_;
    after_op(false);
    return true;
  }
  State& state = *state_;
  if (state.simulator().stopped()) return false;
  if (state.scripted) {
    execute(Op{Op::Kind::ScenarioUnit}, branch());
    append(make_op(Op::Kind::ScenarioUnit));
    return true;  // every unit moves the scenario on (a command begun, done, or an event)
  }
  if (!state.simulator().next_event_time()) return false;
  execute(Op{Op::Kind::Event}, branch());
  append(make_op(Op::Kind::Event));
  return true;
}

void History::run_until(Time time) {
  if (time <= state_->simulator().now()) return;
  if (!at_end() || state_->scripted) fork("clock moved", time);
  clock_to(time);
}

void History::clock_to(Time time) {
  const Op op{Op::Kind::RunUntil, time};
  execute(op, branch());
  append(make_op(Op::Kind::RunUntil));
}

bool History::act(const Action& action, Time at) {
  if (!applicable(action, state_->simulator())) return false;
  if (!at_end() || state_->scripted) fork(scenario_line(action), at);
  if (at > state_->simulator().now()) clock_to(at);
  Branch& branch = branches_[current_];
  branch.actions.push_back(action);
  const auto index = static_cast<std::uint32_t>(branch.actions.size() - 1);
  execute(Op{Op::Kind::Act, 0, 0, index}, branch);
  append(make_op(Op::Kind::Act, index));
  return true;
}

void History::note_shown(Time time) {
  Branch& branch = branches_[current_];
  if (at_end()) branch.horizon = std::max(branch.horizon, time);
}

void History::fork(const std::string& why, Time at) {
  const Branch& old = branches_[current_];
  Branch fresh;
  fresh.name = "branch " + std::to_string(branches_.size() + 1) + ": " + why;
  fresh.parent = current_;
  fresh.fork_ops = position_;
  fresh.fork_time = std::max(at, state_->simulator().now());
  // The past is shared, not copied: the ops, records and notes up to now.
  fresh.ops = old.ops;
  fresh.ops.resize(position_);
  fresh.actions = old.actions;
  for (const auto& checkpoint : old.checkpoints) {
    if (checkpoint.ops <= position_) fresh.checkpoints.push_back(checkpoint);
  }
  fresh.records = old.records;
  fresh.records.shrink_to(visible_records());
  fresh.notes = old.notes;
  fresh.notes.resize(visible_notes());
  fresh.horizon = state_->simulator().now();
  branches_[current_].position = position_;
  branches_[current_].shown_time = state_->simulator().now();
  branches_.push_back(std::move(fresh));
  current_ = branches_.size() - 1;
}

void History::restore(std::size_t ops) {
  const Branch& branch = branches_[current_];
  assert(ops <= branch.ops.size());
  auto checkpoint = std::upper_bound(branch.checkpoints.begin(), branch.checkpoints.end(), ops,
                                     [](std::size_t n, const Checkpoint& c) { return n < c.ops; });
  assert(checkpoint != branch.checkpoints.begin());
  --checkpoint;
  state_ = std::make_unique<State>(*checkpoint->state);
  position_ = checkpoint->ops;
  while (position_ < ops) {
    execute(branch.ops[position_], branch);
    ++position_;
    after_op(false);
  }
}

void History::seek_ops(std::size_t ops) {
  ops = std::min(ops, branch().ops.size());
  if (ops == position_) return;
  // Replaying forward from here is cheaper than from a checkpoint when close enough.
  if (ops > position_ && ops - position_ < kCheckpointEvery) {
    while (position_ < ops) advance();
    return;
  }
  restore(ops);
}

void History::seek_time(Time time) {
  const auto& ops = branch().ops;
  const auto end = std::upper_bound(ops.begin(), ops.end(), time,
                                    [](Time t, const Op& op) { return t < op.time; });
  seek_ops(static_cast<std::size_t>(end - ops.begin()));
}

void History::switch_branch(std::size_t index, Time shown_time_of_current) {
  if (index >= branches_.size() || index == current_) return;
  branches_[current_].position = position_;
  branches_[current_].shown_time = shown_time_of_current;
  current_ = index;
  restore(branches_[current_].position);
}

}  // namespace gui
