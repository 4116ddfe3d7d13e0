// A parsed scenario file: one Command per line. The language is documented in
// docs/scenarios.md. The parser is split by grammar rule: scenario_parser.cpp (the file:
// lines, blocks, names, limits), scenario_tokens.cpp (words on a line),
// scenario_values.cpp (durations, numbers, values), scenario_nodes.cpp (node
// expressions), scenario_conditions.cpp and scenario_commands.cpp (their tables).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bugs.h"
#include "sim/cluster/envelope.h"

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

// A node expression (docs/scenarios.md, "Node expressions"): `n3`, a bound name,
// `leader`, or a random pick, resolved when the command runs; `as NAME` binds the node
// it resolves to for the rest of the file.
struct NodeRef {
  enum class Kind : std::uint8_t {
    Id,              // n3
    Named,           // a name bound by `as NAME`
    Leader,          // the working leader (none: a failure)
    Random,          // any node (the others below: none qualifying skips the command)
    RandomFollower,  // a live node in the follower role
    RandomCrashed,   // a node that is down
    RandomUp,        // a live node
    RandomLeader,    // a live node in the leader role, of any term
  };
  Kind kind = Kind::Id;
  NodeId id = 0;     // Id
  int name = -1;     // Named: the binding's number (Scenario::names)
  int bind = -1;     // `as NAME`: the binding set when the command runs (-1: none)
  bool is_random() const { return kind >= Kind::Random; }
};
std::string node_expression_text(const NodeRef& ref, const std::vector<std::string>& names);

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
    Messages,      // Raft messages sent (or delivered) over a span compare with `count`
    CommittedAt,   // `value` is entry `index` of the committed prefix of all live nodes, or of `count`
    CommitIndex,   // node's commit index compares with `count`
    TermsAgree,    // every live node has the same current term
    Leaders,       // live nodes in the leader role (any term) compare with `count`
    Up,            // live nodes compare with `count`; or, with `node`, that node is up (count 1) or down (0)
    Chance,        // (if only) true with probability `count` parts per million, drawn from the seed
    Connected,     // nodes in the main group (no isolate or partition took them out) compare with `count`
    Member,        // node's place in the cluster's configuration: `count` 2 voter, 1 learner, 0 none
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
  Index index = 0;          // CommittedAt
  // Messages: delivered (else sent); of one kind (envelope.h's rpc kinds, -1: all);
  // from or to one node (nullopt: every node).
  bool delivered = false;
  int message_kind = -1;
  std::optional<NodeRef> from, to;
};

struct Command {
  enum class Kind : std::uint8_t {
    // Setup (before the first action)
    Cluster, Seed, ElectionTimeout, Heartbeat,
    Option,  // noop / prevote / check-quorum on|off: `value` names it, `number` is 1 for on
    // Network and client settings (any time)
    Latency, LinkLatency, Loss, Duplicate, ClientGiveUp,
    Clients,  // clients N: writes round-robin over N clients, each with its session (dissertation 6.3)
    // Time
    Run, RunBetween, RunUntil, Step,
    // Faults
    Crash, Restart, RestartAll, Partition, Isolate, Connect, Cut, Heal, DropNext,
    // Client and teaching actions
    Write, WriteUntil, Stream, Campaign, SetTimer, AlignTimers, SpreadTimers,
    Transfer,  // transfer NODE: the leader hands leadership to NODE (dissertation 3.10)
    // Narration and checks
    Say, Mark, Expect, Pick,
    // Blocks: `repeat N` ... `end`, `if COND` ... `end`
    Repeat, If, Else, End,
    // Teaching: a classic mistake switched on (core/bugs.h), for a node or every node
    Bug,
    // Log compaction (dissertation 5): the threshold (any time), the chunk size (setup),
    // and a snapshot now
    SnapshotEvery, SnapshotChunk, Snapshot,
    // Reads (dissertation 6.4): `read KEY [via NODE] [with WAY]`, the cluster's way
    // (`reads WAY`, setup), the drift bound a lease assumes (`max-drift PPM`, setup) and
    // a node's clock rate (`drift NODE +PPM|-PPM`, any time)
    Read, Reads, MaxDrift, Drift,
    // Membership changes (dissertation chapter 4), asked of the leader
    AddServer, PromoteServer, RemoveServer,
  };
  Kind kind = Kind::Run;
  SourceLocation location;
  std::string text;                   // the source line, trimmed (for messages)
  std::int64_t number = 0;            // cluster size, step count, write rate (per second), repeat count,
                                      // snapshot-every entries, snapshot-chunk bytes
  std::int64_t spares = 0;            // cluster N spare M: the last M nodes start outside the configuration
  std::size_t partner = 0;            // Repeat: its End; If: its Else or End; Else: its End; End: its Repeat or If
  std::uint64_t seed = 0;             // seed (0 to 2^64-1)
  raft::Bug bug = raft::Bug::Count;   // bug: which one (nodes: empty for every node)
  Time duration = 0;                  // run, within, stream duration, set-timer, give-up time
  bool since_mark = false;            // run until ... within D since mark: D counts from the mark
  Time low = 0, high = 0;             // election-timeout / latency / run between range
  std::uint32_t ppm = 0;              // loss / duplicate
  std::vector<NodeRef> nodes;         // crash/restart/isolate/connect/campaign targets; cut and latency from->to
  std::vector<std::vector<NodeRef>> groups;  // partition
  std::string value;                  // write value, stream key, say text, drop-next kind
  std::optional<NodeRef> via;         // write/stream via a node
  std::uint32_t client = 0;           // write ... by client N (0: the next in turn); clients N
  bool until_committed = false;       // write ... until committed: resubmitted, never given up
                                      // (WriteUntil: `condition` says where, `duration` how long)
  bool counted = false;               // a '$' in the value (or the condition's) stands for the repeat's round
  Condition condition;                // run until / expect
  std::optional<ReadWay> read_way;    // read ... with WAY; reads WAY
};

struct Scenario {
  std::string file;
  std::vector<Command> commands;
  std::vector<std::string> names;  // names bound by `as NAME`, by binding number
};

// Throws ScenarioError on the first problem; nothing is run. The limits of sim/scenario/limits.h
// apply (size, line and word length, client writes).
Scenario parse_scenario(const std::string& text, const std::string& file_name);
// Reads a file incrementally, refusing it at its first byte past a limit (scenario_reader.cpp).
std::string read_scenario_text(const std::string& path);
Scenario load_scenario(const std::string& path);

// Human-readable durations: 1500000 -> "1.5s", 2000 -> "2ms".
std::string format_duration(Time time);

}  // namespace sim
