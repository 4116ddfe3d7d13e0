// The limits of raftsim's input, part of its contract (docs/scenarios.md, "Limits"):
// every one is checked before any work, and a refusal names the limit. Together they
// keep any input, of any size or content, to a few seconds and a few hundred MB
// before it is refused or run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/simulator.h"

namespace sim {

// A scenario file: its size, one line, one word (outside double quotes).
inline constexpr std::uint64_t kMaxScenarioBytes = 1024 * 1024;
inline constexpr std::size_t kMaxLineBytes = 4096;
inline constexpr std::size_t kMaxWordBytes = 256;
// Client writes, all `write` lines and `stream`s of a scenario together, or those of one
// `raftsim bench`, times the cluster size: every write is scheduled from the start and
// becomes a log entry on every node (in memory and in storage, with no snapshots), about
// 150 bytes a node, so this caps memory near 300 MB (400000 writes on 5 nodes).
inline constexpr std::int64_t kMaxLogEntries = 2'000'000;
inline constexpr std::int64_t max_writes(int nodes) { return kMaxLogEntries / (nodes < 1 ? 1 : nodes); }
// `repeat N`: at most this many times; and the commands a scenario carries out, each
// line counted as often as its repeats run it, so that nested repeats stay bounded.
inline constexpr std::int64_t kMaxRepeat = 100'000;
inline constexpr std::int64_t kMaxCommandsRun = 1'000'000;
// `write ... until committed ... within D` proposes its value again this often until it
// is committed where it should be (as a course test's one() does): 1 + D / this writes.
inline constexpr raft::Time kReproposeEvery = 2 * raft::kSecond;
// `raftsim bench`: the events it may fire, about a minute of work (its estimate is
// checked first; the run stops at the limit should the estimate fall short).
inline constexpr std::uint64_t kMaxBenchEvents = 50'000'000;

// One seed range everywhere, in files and on the command line.
inline constexpr const char* kSeedRange = "a seed is a whole number from 0 to 18446744073709551615";
// Reads a seed in decimal digits only (no sign, no spaces); nullopt if it is not one.
std::optional<std::uint64_t> parse_seed(const std::string& text);

// A warning about a configuration that runs but misbehaves (a heartbeat no shorter
// than the election timeout keeps followers campaigning), or nullopt. `run` and
// `bench` print the same words.
std::optional<std::string> timing_warning(const ClusterConfig& config);

}  // namespace sim
