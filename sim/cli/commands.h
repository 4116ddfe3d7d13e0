// The four commands of the `raftsim` program (main.cpp reads the command line; each
// command is in its own file), and the exit codes they share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/chaos.h"
#include "sim/cli/bench.h"
#include "sim/scenario/player.h"

namespace sim {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitExpectationFailed = 1;  // for chaos: liveness failed
inline constexpr int kExitBadInput = 2;           // nothing was run
inline constexpr int kExitViolation = 3;
inline constexpr int kExitOutputFailed = 4;       // a write to a file or to standard output failed
// The linearizability checker ran out of its search budget (sim/lincheck/search.h):
// neither a pass nor a violation.
inline constexpr int kExitUndecided = 5;

// The program as the user invoked it, so a "reproduce with" line can be pasted as is.
extern std::string program_name;

struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string trace;
  std::string history;
  bool quiet = false;
  bool verbose = false;
  raft::BugSet bugs;  // --bug: mistakes every node makes from the start (core/bugs.h)
  OptionSwitches switches;  // --noop, --prevote, --check-quorum: over the file's settings
  // --snapshot-every N: the snapshot threshold from the start (the file's lines may change it)
  std::optional<std::uint64_t> snapshot_every;
};
int run_command(const RunOptions& options);


int check_command(const std::vector<std::string>& paths, std::optional<std::uint64_t> seed);

int bench_command(const BenchOptions& options);

struct ChaosRange {
  std::uint64_t first = 1;
  std::uint64_t count = 1;
};
// `trace`: a file for the trace of the one seed run (empty: none).
int chaos_command(const ChaosRange& seeds, const ChaosOptions& options, const std::string& trace = "");

// `raftsim lincheck HISTORY`: 0 linearizable, 3 not, 5 undecided, 2 bad input.
int lincheck_command(const std::string& path, std::uint64_t max_steps);

struct LincheckBenchOptions {
  std::vector<std::size_t> sizes = {10'000, 100'000};
  std::uint64_t seed = 1;
  std::uint32_t clients = 16;
  std::uint32_t keys = 8;
  std::uint32_t reads_percent = 50;
  std::uint32_t unknown_percent = 2;
};
int bench_lincheck_command(const LincheckBenchOptions& options);

// `raftsim bugs`: every named bug with its one-line description and the rule it breaks.
int bugs_command();

// Shared by the commands: "1 entry", "2 entries"; the reproduce line; the end of every
// command, which checks that standard output took every byte (else kExitOutputFailed).
std::string count(std::uint64_t n, const std::string& one, const std::string& many);
std::string reproduce_command(const std::string& file, std::uint64_t seed, raft::BugSet bugs = {},
                              const OptionSwitches& switches = {},
                              std::optional<std::uint64_t> snapshot_every = std::nullopt);
int finish(int exit_code);
// A failed expectation: where, what was expected and found, and the cluster then.
void print_failure(std::ostream& out, const Note& failure);

}  // namespace sim
