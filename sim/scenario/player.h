// Plays a scenario on a Simulator, one small step at a time, so the CLI (which plays
// to the end) and the GUI (which plays, pauses and steps) run scenarios identically.
// A ScenarioPlayer is a plain value: copy it to keep a checkpoint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/simulator.h"
#include "sim/scenario/scenario.h"

namespace sim {

enum class PlayStatus : std::uint8_t {
  Running,            // commands remain
  Passed,             // every command ran and every expectation held
  ExpectationFailed,  // exit code 1
  InvariantViolated,  // exit code 3
};

// Something a scenario produced besides simulator records: narration, and the result
// of each expectation (or of each `run until`).
struct Note {
  enum class Kind : std::uint8_t { Say, ExpectPassed, ExpectFailed, Info };
  Kind kind = Kind::Info;  // Info: a random pick, or a command skipped for want of a node
  Time time = 0;
  SourceLocation location;
  std::string text;      // narration, or the expectation as written
  std::string expected;  // for expectations
  std::string actual;
  std::string cluster;   // for failures: one line per node describing its state
  std::uint64_t after_record = 0;  // the simulator's record count when it happened (for ordering)
};

// Builds the cluster configuration from the scenario's setup commands.
ClusterConfig cluster_config_of(const Scenario& scenario, std::optional<std::uint64_t> seed_override,
                                const OptionSwitches& switches = {});

// How the player names nodes in its notes: "n3"; " (n1,n3,n4)", or "" for no nodes.
std::string node_name(NodeId node);
std::string listed(const std::vector<NodeId>& nodes);

class ScenarioPlayer {
 public:
  ScenarioPlayer(Scenario scenario, std::optional<std::uint64_t> seed_override = std::nullopt,
                 const OptionSwitches& switches = {});

  // One unit of progress: fires one simulator event, or carries out the next
  // instantaneous command. Does nothing once finished.
  void step();
  // One iteration of step(): carries out the next instantaneous command, begins a lasting
  // one, or advances a lasting one by one event (or to its deadline). step() repeats it
  // until an event has fired. Lets the GUI show each command at its own moment.
  void step_command();
  // When step_command() would act: now() for an instantaneous command or a lasting one
  // not yet begun; for a lasting command under way, its next event or deadline
  // (nullopt: a `step` command with no event left waits forever).
  std::optional<Time> next_command_time();
  // Plays until the next thing to happen lies after virtual time `until` (events and
  // commands at exactly `until` are carried out), or the scenario finishes.
  void play_until(Time until);
  void play_to_end();

  bool finished() const { return status_ != PlayStatus::Running; }
  PlayStatus status() const { return status_; }
  Simulator& simulator() { return simulator_; }
  const Simulator& simulator() const { return simulator_; }
  const Scenario& scenario() const { return scenario_; }
  // The command being carried out (or next), for highlighting; nullptr when finished.
  const Command* current_command() const;
  // The narration most recently said (for captions).
  const std::string& caption() const { return caption_; }
  std::size_t expectations_passed() const { return passed_; }
  const std::optional<Note>& failure() const { return failure_; }
  // Log entries read by `committed` and `stored` conditions so far: the tests count this
  // work to prove that checking a condition after every event stays linear in the log.
  std::uint64_t entries_examined() const { return entries_examined_; }
  // Nodes looked at by waits (`run until`) checking their condition after every event:
  // work that counts against the limit on events (sim/scenario/limits.h).
  std::uint64_t node_checks() const { return node_checks_; }

  std::vector<Note> take_notes();

 private:
  struct Check {
    bool holds = false;
    std::string actual;
  };
  // Carries out an instantaneous command, or starts a lasting one; true when done.
  bool begin_command(const Command& command);
  // One event of a lasting command (run, run until, step, expect over a span); true when done.
  bool advance_command(const Command& command);
  // When the current lasting command's next event or deadline falls.
  std::optional<Time> next_moment();
  void finish_command();
  void pass(const Command& command, const std::string& actual);
  void fail(const Command& command, const std::string& expected, const std::string& actual);
  // The node `ref` names now (binding it if it says `as NAME`); nullopt when none: the
  // command has then failed (no leader, an unbound name) or is skipped (no node to pick).
  std::optional<NodeId> resolve(const Command& command, const NodeRef& ref);
  // `write ... by client N` names a client that `clients` declared; fails the line if not.
  bool known_client(const Command& command);
  std::optional<NodeId> pick(const Command& command, const NodeRef& ref);
  // A node named in a condition (nK or a bound name); nullopt if the name is unbound.
  std::optional<NodeId> node_of(const NodeRef& ref) const;
  std::string text_of(const NodeRef& ref) const { return node_expression_text(ref, scenario_.names); }
  std::string expected_text(const Condition& condition) const;
  std::string expected_text_of(const Condition& condition) const;
  void info(const std::string& text);
  void change_membership(const Command& command, NodeId node);
  Check evaluate(const Condition& condition) const;
  struct Mark;
  Mark mark_now() const;
  Check evaluate_about_nodes(const Condition& condition) const;
  // Where a search for one value has got to in each node's log. `run until committed`
  // checks after every event; a log only grows at its end (a truncation shows as a
  // different term at the entry last read, and restarts the search), so each entry is
  // read once instead of the whole log at every event.
  struct ValueSearch {
    std::string value;
    struct Progress {
      Index read = 0;      // entries 1..read have been read
      Term read_term = 0;  // the term of entry `read` then
      Index found = 0;     // the first index holding the value (0: none up to `read`)
    };
    std::vector<Progress> nodes;  // by node id - 1
  };
  // The first index of `value` among entries 1..up_to of `node`'s log of last_index
  // entries (0 if none); entry_at(i) is its entry i.
  // entry_at(index) is null for an entry compacted into a snapshot.
  template <typename EntryAt>
  Index find_value(ValueSearch& search, NodeId node, const std::string& value, Index up_to, Index last_index,
                   EntryAt entry_at) const;

  Scenario scenario_;
  Simulator simulator_;
  std::size_t next_ = 0;         // index of the current command
  bool in_progress_ = false;     // the current command has begun (run, run until, step)
  Time deadline_ = 0;            // end of a run / limit of a run until
  std::int64_t steps_left_ = 0;
  Time repropose_at_ = 0;        // write ... until committed ... within D: the next proposal
  raft::Prng choices_;                    // random node picks and `run between`, from the run's seed
  std::vector<std::optional<NodeId>> bound_;  // by binding number (Scenario::names)
  std::vector<NodeId> picked_;            // nodes the current command has named so far
  struct Round {
    std::size_t repeat = 0;  // the index of the `repeat` line
    std::int64_t left = 0;   // rounds left, this one included
  };
  std::vector<Round> rounds_;  // of the open `repeat` blocks, innermost last
  Command counted_;            // the current command with '$' replaced by its round
  // The current command as it runs: with '$' replaced by the innermost repeat's round.
  const Command& command_now();
  // `mark` and spans: what was true at the start of the span.
  struct Mark {
    Time time = 0;
    std::uint64_t messages = 0;
    std::uint64_t leader_changes = 0;
    std::uint64_t elections = 0;
    std::optional<NodeId> leader;
    Term term = 0;
    MessageCounts messages_by_kind;
  };
  Mark mark_;
  Mark span_start_;
  PlayStatus status_ = PlayStatus::Running;
  std::string caption_;
  std::size_t passed_ = 0;
  std::optional<Note> failure_;
  std::vector<Note> notes_;
  mutable ValueSearch committed_search_;
  mutable ValueSearch stored_search_;
  mutable std::uint64_t entries_examined_ = 0;
  std::uint64_t node_checks_ = 0;
};

}  // namespace sim
