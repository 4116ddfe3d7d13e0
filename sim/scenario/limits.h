// The limits of raftsim's input, part of its contract (docs/scenarios.md, "Limits"):
// every one is checked before any work, and a refusal names the limit. Together they
// keep any input, of any size or content, to a few seconds and a few hundred MB
// before it is refused or run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/cluster/simulator.h"

namespace sim {

// A scenario file: its size, one line, one word (outside double quotes).
inline constexpr std::uint64_t kMaxScenarioBytes = 1024 * 1024;
inline constexpr std::size_t kMaxLineBytes = 4096;
inline constexpr std::size_t kMaxWordBytes = 256;
// Client writes, all `write` lines and `stream`s of a scenario together, or those of one
// `raftsim bench`, times the cluster size: every write is scheduled from the start and
// becomes a log entry on every node (in memory and in storage, with no snapshots). The
// costliest use of them, every write at the same moment on 5 nodes, runs in about 2.5 s
// and 50 MB (docs/scenarios.md, "Limits"); one node, 250000 writes, in about 1.5 s.
inline constexpr std::int64_t kMaxLogEntries = 250'000;
inline constexpr std::int64_t max_writes(int nodes) { return kMaxLogEntries / (nodes < 1 ? 1 : nodes); }

// Events, the work of a run: the same limit for a scenario and for `raftsim bench`,
// about five seconds of work. Estimated before any work from the run's shape (below);
// the run stops at the limit should the estimate fall short (a cluster that cannot keep
// a leader holds elections, which cost more than heartbeats).
inline constexpr std::uint64_t kMaxEvents = 10'000'000;
// A wait (`run until`) checks its condition on every node after every event: this many
// node checks cost about one event (measured on 1001 nodes waiting on `term >= N`: some
// 50 ns a node, the condition's leader included, against under 0.7 us an event), and
// count as one against kMaxEvents.
inline constexpr std::uint64_t kNodeChecksPerEvent = 8;

// What a run's work is estimated from.
struct RunShape {
  int nodes = 5;
  Time heartbeat = 50 * raft::kMillisecond;
  Time election_timeout_min = 150 * raft::kMillisecond;
  Time span = 0;              // virtual time run (`run`, `within` of `run until`, `for` spans)
  std::int64_t writes = 0;    // client writes
  std::uint64_t steps = 0;    // `step N`: N events each
  Time watched = 0;           // of `span`: waits (`run until`) that check a condition after every event
};
// A round (a heartbeat, or an election when timeouts are shorter) is a timer event, a
// message to every other node and its reply; a write costs about three events on every
// node; a step is one event. Saturates rather than overflows.
std::uint64_t estimated_events(const RunShape& shape);

// A scenario's run past the limit, its estimate before the run having fallen short:
// `raftsim run` and `check` stop it there, with this error at the command under way
// (exit code 2, as `bench` at the same limit).
class ScenarioPlayer;
struct ScenarioError;
bool past_event_limit(const ScenarioPlayer& player, std::uint64_t limit = kMaxEvents);
ScenarioError event_limit_error(const ScenarioPlayer& player, std::uint64_t limit = kMaxEvents);

// `repeat N`: at most this many times; and the commands a scenario carries out, each
// line counted as often as its repeats run it, so that nested repeats stay bounded.
inline constexpr std::int64_t kMaxRepeat = 100'000;
inline constexpr std::int64_t kMaxCommandsRun = 1'000'000;
// `write ... until committed ... within D` proposes its value again this often until it
// is committed where it should be (as a course test's one() does): 1 + D / this writes.
inline constexpr raft::Time kReproposeEvery = 2 * raft::kSecond;

// One seed range everywhere, in files and on the command line.
inline constexpr const char* kSeedRange = "a seed is a whole number from 0 to 18446744073709551615";
// Reads a seed in decimal digits only (no sign, no spaces); nullopt if it is not one.
std::optional<std::uint64_t> parse_seed(const std::string& text);

// A warning about a configuration that runs but misbehaves (a heartbeat no shorter
// than the election timeout keeps followers campaigning), or nullopt. `run` and
// `bench` print the same words.
std::optional<std::string> timing_warning(const ClusterConfig& config);

}  // namespace sim
