// A parsed scenario file: one Command per line. The language is documented in
// docs/scenarios.md; the parser is in scenario_parser.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bugs.h"
#include "sim/envelope.h"

namespace sim {

struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// Bad input: where, what was expected, and a hint. Exit code 2.
struct ScenarioError : std::runtime_error {
  ScenarioError(SourceLocation where, const std::string& message, std::string hint = "")
      : std::runtime_error(message), location(std::move(where)), hint(std::move(hint)) {}
  SourceLocation location;
  std::string hint;
};
std::string format_error(const ScenarioError& error);

// A node named in a command: `n3`, or `leader` (resolved when the command runs).
struct NodeRef {
  NodeId id = 0;
  bool leader = false;
};

enum class Comparison : std::uint8_t { Equal, AtLeast, AtMost, Greater, Less };
bool compare(std::int64_t actual, Comparison comparison, std::int64_t expected);
const char* comparison_symbol(Comparison comparison);

// A fact about the cluster that can be expected now or waited for (`run until`).
struct Condition {
  enum class Kind : std::uint8_t {
    Leader,        // exactly one leader (among live nodes with the highest term); `node` if given
    NoLeader,      // no live node believes it leads
    Role,          // node's role
    Term,          // node's term (or every live node's, when node.id == 0 && !node.leader)
    Committed,     // `value` in the committed prefix of all live nodes, or of at least `count`
    NotCommitted,  // `value` committed on no node
    Stored,        // `value` in the durable log of every node, or of at least `count` (crashed ones too)
    LogsAgree,     // all live logs agree on their committed prefixes
    Stable,        // leader and term unchanged over a span
    Messages,      // Raft messages sent over a span compare with `count`
  };
  Kind kind = Kind::Leader;
  bool negated = false;     // `not COND`
  std::optional<NodeRef> node;
  raft::Role role = raft::Role::Follower;
  Comparison comparison = Comparison::Equal;
  std::int64_t count = 0;   // term, message count, or k for `on k`
  bool on_all = true;       // Committed: on all live nodes (else on at least `count`)
  std::string value;        // Committed / NotCommitted: the command, "key=value"
  Time span = 0;            // Stable / Messages: run this long and check (0: since `mark`)
};

struct Command {
  enum class Kind : std::uint8_t {
    // Setup (before the first action)
    Cluster, Seed, ElectionTimeout, Heartbeat,
    // Network settings (any time)
    Latency, Loss, Duplicate,
    // Time
    Run, RunUntil, Step,
    // Faults
    Crash, Restart, Partition, Isolate, Cut, Heal, DropNext,
    // Client and teaching actions
    Write, Stream, Campaign, SetTimer, AlignTimers, SpreadTimers,
    // Narration and checks
    Say, Mark, Expect,
    // Teaching: a classic mistake switched on (core/bugs.h), for a node or every node
    Bug,
  };
  Kind kind = Kind::Run;
  SourceLocation location;
  std::string text;                   // the source line, trimmed (for messages)
  std::int64_t number = 0;            // cluster size, step count, write rate (per second)
  std::uint64_t seed = 0;             // seed (0 to 2^64-1)
  raft::Bug bug = raft::Bug::Count;   // bug: which one (nodes: empty for every node)
  Time duration = 0;                  // run, within, stream duration, set-timer
  Time low = 0, high = 0;             // election-timeout / latency range
  std::uint32_t ppm = 0;              // loss / duplicate
  std::vector<NodeRef> nodes;         // crash/restart/isolate/campaign targets; cut from->to
  std::vector<std::vector<NodeRef>> groups;  // partition
  std::string value;                  // write value, stream key, say text, drop-next kind
  std::optional<NodeRef> via;         // write/stream via a node
  Condition condition;                // run until / expect
};

struct Scenario {
  std::string file;
  std::vector<Command> commands;
};

// Throws ScenarioError on the first problem; nothing is run. The limits of sim/limits.h
// apply (size, line and word length, client writes).
Scenario parse_scenario(const std::string& text, const std::string& file_name);
// Reads a file incrementally, refusing it at its first byte past a limit (scenario_reader.cpp).
std::string read_scenario_text(const std::string& path);
Scenario load_scenario(const std::string& path);

// Human-readable durations: 1500000 -> "1.5s", 2000 -> "2ms".
std::string format_duration(Time time);

}  // namespace sim
