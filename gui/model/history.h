// The time machine behind the GUI's time slider, step back and branches.
//
// A run is a start state plus a list of Ops, each one deterministic unit of progress:
// one scenario unit, one simulator event, a jump of the clock, or one user Action.
// Replaying the ops from the start reproduces every moment exactly (the simulator is
// deterministic), so going back in time is: copy the nearest earlier checkpoint (the
// Simulator and ScenarioPlayer are plain values) and replay forward.
//
// Memory stays proportional to the run, not to its square: a checkpoint is taken every
// kCheckpointEvery ops or simulator events, and the copies share every log, history and
// record chunk that did not change (core/chunked_vector.h). A branch shares its parent's
// ops, records and notes the same way; records are kept encoded (record_store.h). So a seek replays fewer than kCheckpointEvery ops
// and events (plus at most one long op), and a checkpoint costs what changed since the
// last one plus a pointer per chunk.
//
// Acting at an earlier moment forks a new Branch sharing the past; the branch left
// behind keeps its future and can be returned to. Acting while a scenario is still
// playing also forks: the scenario stops driving the new branch (the user took over),
// and the old branch can still play the rest of the lesson.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chunked_vector.h"
#include "gui/model/action.h"
#include "gui/model/record_store.h"
#include "sim/scenario/player.h"

namespace gui {

// One moment of a run.
struct State {
  sim::ScenarioPlayer player;
  bool scripted = true;              // the scenario drives the run (not finished, not taken over)
  std::size_t command = 0;           // index of the scenario's current command (size(): done)

  explicit State(sim::ScenarioPlayer p);
  sim::Simulator& simulator() { return player.simulator(); }
  const sim::Simulator& simulator() const { return player.simulator(); }
};

struct Op {
  enum class Kind : std::uint8_t {
    ScenarioUnit,  // ScenarioPlayer::step(): one event or one instantaneous command
    Event,         // Simulator::step(): the earliest event
    RunUntil,      // Simulator::run_until(time): the clock moves to `time`
    Act,           // a user Action (actions[action]) at now()
  };
  Kind kind = Kind::Event;
  Time time = 0;             // the simulator's now() after the op
  std::uint64_t events = 0;  // simulator events fired so far, after the op
  std::uint32_t action = 0;  // Act: index into Branch::actions
  std::uint32_t command = 0; // the scenario's current command after the op
};

struct Checkpoint {
  std::size_t ops = 0;  // the state after this many ops
  std::shared_ptr<const State> state;
};

struct Branch {
  std::string name;
  raft::ChunkedVector<Op> ops;
  std::vector<Action> actions;
  std::vector<Checkpoint> checkpoints;  // sorted by ops; the first is the start state
  RecordStore records;                       // everything the simulator reported, in order
  struct TimedNote {
    std::size_t op = 0;  // produced by ops[op]
    sim::Note note;
  };
  raft::ChunkedVector<TimedNote> notes;      // narration and expectation results
  Time horizon = 0;          // the furthest virtual time shown on this branch
  std::size_t position = 0;  // where the branch was left (ops applied)
  Time shown_time = 0;       // and the time shown then
  std::optional<std::size_t> parent;
  std::size_t fork_ops = 0;  // ops shared with the parent
  Time fork_time = 0;
};

// What a Scenario file or a fresh cluster starts from.
struct Origin {
  std::string title;        // "scenarios/election.scn" or "new cluster: 5 nodes, seed 42"
  sim::Scenario scenario;
  std::optional<std::uint64_t> seed_override;
};

class History {
 public:
  // Checkpoint spacing, in ops and in simulator events: a seek's replay is bounded by it.
  static constexpr std::size_t kCheckpointEvery = 4096;

  explicit History(Origin origin);

  // ---- Where we are -------------------------------------------------------------
  const State& state() const { return *state_; }
  const Branch& branch() const { return branches_[current_]; }
  std::size_t branch_index() const { return current_; }
  const std::vector<Branch>& branches() const { return branches_; }
  const Origin& origin() const { return origin_; }
  std::size_t position() const { return position_; }
  bool at_end() const { return position_ == branch().ops.size(); }
  // The records up to now (the simulator's record count bounds them).
  std::size_t visible_records() const;
  std::size_t visible_notes() const;

  // ---- Moving forward -----------------------------------------------------------
  // When the next unit of progress would happen (the replayed op's time, or the next
  // event / scenario deadline); nullopt if nothing will ever happen by itself.
  std::optional<Time> next_time();
  // Carries out one unit: replays the branch's next op, or makes a new one at the end.
  // False if there is nothing to do (no events, stopped on a violation).
  bool advance();
  // Moves the clock to `time` (>= now) without acting. At the end of a branch only.
  void run_until(Time time);
  // Acts at now(). At an earlier moment, or while scripted, forks a new branch first.
  // Returns false (and does nothing) if the action does not apply.
  bool act(const Action& action, Time at);
  // Remembers the furthest time shown on the branch (the time slider's range).
  void note_shown(Time time);

  // ---- Moving back --------------------------------------------------------------
  void seek_ops(std::size_t ops);
  // The last moment at or before `time`: every op with time <= `time` applied.
  void seek_time(Time time);
  void switch_branch(std::size_t index, Time shown_time_of_current);

 private:
  // Executes `op` on the current state. New ops at the end also collect the
  // simulator's records and the scenario's notes.
  void execute(const Op& op, const Branch& branch);
  void append(Op op);
  void clock_to(Time time);
  void after_op(bool collect);
  void maybe_checkpoint();
  void restore(std::size_t ops);
  void fork(const std::string& why, Time at);
  std::optional<Time> next_unit_time();
  Op make_op(Op::Kind kind, std::uint32_t action = 0) const;

  Origin origin_;
  std::vector<Branch> branches_;
  std::size_t current_ = 0;
  std::size_t position_ = 0;
  std::unique_ptr<State> state_;
};

// The scenario command kinds that only set up the cluster (no unit of their own).
bool is_setup(const sim::Command& command);

}  // namespace gui
