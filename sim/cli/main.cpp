// raftsim: run, check, benchmark and stress Raft scenarios from the command line. This
// file reads the command line (CLI11); each command is in its own command_*.cpp.
//
// Exit codes: 0 every expectation held; 1 an expectation failed (chaos: liveness failed);
// 2 bad input (a bad scenario file or bad arguments; nothing is run); 3 a safety
// invariant was violated; 4 an output (a file, or standard output) could not be written.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/experiments/command.h"
#include "sim/live/command.h"
#include "sim/scenario/limits.h"
#include "sim/lincheck/search.h"
#include "sim/io/safe_text.h"
#include "sim/scenario/suggest.h"

namespace {

using namespace sim;

const char* const kExitCodes =
    "EXIT CODES\n"
    "  0  passed: every expectation held (chaos: every seed passed)\n"
    "  1  an expectation failed (chaos: the healed cluster did not settle on a leader in time)\n"
    "  2  bad input: a bad scenario file, bad arguments or a limit passed; nothing was run\n"
    "     (or, past the limit on events that its estimate missed, the run was stopped)\n"
    "  3  a safety invariant was violated\n"
    "  4  an output could not be written in full (a trace, a history, or standard output)\n"
    "  5  the linearizability checker ran out of its search budget: neither a pass nor a violation\n"
    "  6-8  node, cluster and live-check only: see 'raftsim node --help'\n";

// A validator that checks and reports, but adds nothing to the option's name in --help
// (CLI11 would print "FLOAT:(NUMBER) AND (FLOAT in [0.001 - 1e+06])"): the description
// states the range in words.
CLI::Validator quiet(CLI::Validator validator) {
  validator.description("");
  return validator;
}

// A seed: a whole number from 0 to 2^64-1, in decimal digits only (CLI11 would quietly
// wrap "-1" or clamp an overflow).
CLI::Validator seed_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        return parse_seed(text) ? "" : std::string(kSeedRange) + ", not '" + echo(text) + "'";
      },
      "");
}

// A finite number from `low` to `high` (CLI11's Range lets NaN through).
CLI::Validator number_from(double low, double high) {
  return CLI::Validator(
      [low, high](const std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return "'" + echo(text) + "' is not a number";
        if (value < low || value > high) {
          std::ostringstream range;
          range << "'" << echo(text) << "' is not from " << low << " to " << high;
          return range.str();
        }
        return "";
      },
      "");
}

// A bug's name (core/bugs.h), with a did-you-mean hint for a near miss.
CLI::Validator bug_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        if (raft::bug_named(text)) return "";
        std::vector<std::string_view> names;
        for (const raft::BugInfo& info : raft::kBugs) names.push_back(info.name);
        const std::string best = nearest_name(text, names);
        return "unknown bug '" + echo(text) + "'" + (best.empty() ? "" : "; did you mean '" + best + "'?") +
               " ('raftsim bugs' lists them)";
      },
      "");
}

// Adds `--bug NAME` (repeatable) to `command`, collecting the names in `names`.
void add_bug_option(CLI::App& command, std::vector<std::string>& names, const std::string& whom) {
  command.add_option("--bug", names, "Switch on the named mistake (see 'raftsim bugs') for " + whom + "; repeatable")
      ->type_name("NAME")->check(bug_validator())->allow_extra_args(false);
}

raft::BugSet bug_set(const std::vector<std::string>& names) {
  raft::BugSet bugs;
  for (const std::string& name : names) bugs.add(*raft::bug_named(name));
  return bugs;
}

// The core's options beyond Figure 2, as `--noop on|off`, `--prevote on|off` and
// `--check-quorum on|off` (docs/architecture.md); `whose` ends each help line, told the
// option's default (sim::ClusterConfig's).
// `reads_default` ends --reads's help line; empty: the command makes no reads, no --reads.
void add_option_switches(CLI::App& command, OptionSwitches& switches, const std::function<std::string(bool)>& whose,
                         const std::string& reads_default) {
  const auto on_off = quiet(CLI::IsMember({"on", "off"}));
  const ClusterConfig defaults;
  command.add_option_function<std::string>("--noop", [&switches](const std::string& v) { switches.noop = v == "on"; },
                                           "The leader's no-op entry at the start of its term, on or off (" + whose(defaults.noop) + ")")
      ->type_name("on|off")->check(on_off);
  command.add_option_function<std::string>("--prevote", [&switches](const std::string& v) { switches.pre_vote = v == "on"; },
                                           "Pre-vote before an election, on or off (" + whose(defaults.pre_vote) + ")")
      ->type_name("on|off")->check(on_off);
  command.add_option_function<std::string>("--check-quorum",
                                           [&switches](const std::string& v) { switches.check_quorum = v == "on"; },
                                           "Check-quorum and the leader lease, on or off (" + whose(defaults.check_quorum) + ")")
      ->type_name("on|off")->check(on_off);
  if (reads_default.empty()) return;
  command.add_option_function<std::string>("--reads", [&switches](const std::string& v) { switches.reads = read_way_named(v); },
                                           "How reads are served unless they say: log, readindex or lease (" + reads_default + ")")
      ->type_name("log|readindex|lease")->check(quiet(CLI::IsMember({"log", "readindex", "lease"})));
}

std::uint32_t percent_to_ppm(double percent) { return static_cast<std::uint32_t>(std::llround(percent * 10000.0)); }

struct BenchArguments {
  BenchOptions options;
  double seconds = 3600, loss_percent = 1, latency_min_ms = 1, latency_max_ms = 10;
  std::int64_t write_interval_ms = 100, timeout_min_ms = 150, timeout_max_ms = 300, heartbeat_ms = 50;
  bool no_check = false;
};

void add_bench_options(CLI::App& bench, BenchArguments& arguments) {
  BenchOptions& options = arguments.options;
  bench.add_option("--nodes", options.nodes, "Cluster size, from 1 to 1001 (default 5)")
      ->type_name("N")->check(quiet(CLI::Range(1, 1001)));
  bench.add_option("--duration", arguments.seconds, "Virtual time to simulate, in seconds, from 0.001 to 1000000 (default 3600)")
      ->type_name("SECONDS")->check(number_from(0.001, 1e6));
  bench.add_option("--write-interval", arguments.write_interval_ms,
                   "Time between two client writes, in milliseconds, from 1 to 1000000 (default 100)")
      ->type_name("MILLISECONDS")->check(quiet(CLI::Range(1, 1'000'000)));
  bench.add_option("--loss", arguments.loss_percent, "Messages lost, in percent, from 0 to 100 (default 1)")
      ->type_name("PERCENT")->check(number_from(0, 100));
  bench.add_option("--latency-min", arguments.latency_min_ms,
                   "Shortest network latency, in milliseconds, from 0 to 10000 (default 1)")
      ->type_name("MILLISECONDS")->check(number_from(0, 10000));
  bench.add_option("--latency-max", arguments.latency_max_ms,
                   "Longest network latency, in milliseconds, from 0 to 10000 (default 10)")
      ->type_name("MILLISECONDS")->check(number_from(0, 10000));
  bench.add_option("--election-timeout-min", arguments.timeout_min_ms,
                   "Shortest election timeout, in milliseconds, from 1 to 1000000 (default 150)")
      ->type_name("MILLISECONDS")->check(quiet(CLI::Range(1, 1'000'000)));
  bench.add_option("--election-timeout-max", arguments.timeout_max_ms,
                   "Longest election timeout, in milliseconds, from 1 to 1000000 (default 300)")
      ->type_name("MILLISECONDS")->check(quiet(CLI::Range(1, 1'000'000)));
  bench.add_option("--heartbeat", arguments.heartbeat_ms,
                   "The leader's heartbeat interval, in milliseconds, from 1 to 1000000 (default 50)")
      ->type_name("MILLISECONDS")->check(quiet(CLI::Range(1, 1'000'000)));
  bench.add_option("--seed", options.cluster.seed, "The seed of the run, from 0 to 18446744073709551615 (default 1)")
      ->type_name("SEED")->check(seed_validator());
  bench.add_flag("--no-check", arguments.no_check, "Turn the invariant checks off, to time the simulator alone");
}

// The bench options in the simulator's units; false (and a message) if they contradict.
bool resolve_bench(BenchArguments& arguments) {
  if (arguments.latency_max_ms < arguments.latency_min_ms || arguments.timeout_max_ms < arguments.timeout_min_ms) {
    std::cerr << "raftsim: error: a minimum is larger than its maximum\n  hint: check --latency-min/--latency-max "
                 "and --election-timeout-min/--election-timeout-max\n";
    return false;
  }
  BenchOptions& bench = arguments.options;
  bench.duration = static_cast<Time>(std::llround(arguments.seconds * raft::kSecond));
  bench.write_interval = arguments.write_interval_ms * raft::kMillisecond;
  bench.cluster.network.loss_ppm = percent_to_ppm(arguments.loss_percent);
  bench.cluster.network.latency_min = static_cast<Time>(std::llround(arguments.latency_min_ms * raft::kMillisecond));
  bench.cluster.network.latency_max = static_cast<Time>(std::llround(arguments.latency_max_ms * raft::kMillisecond));
  bench.cluster.election_timeout_min = arguments.timeout_min_ms * raft::kMillisecond;
  bench.cluster.election_timeout_max = arguments.timeout_max_ms * raft::kMillisecond;
  bench.cluster.heartbeat_interval = arguments.heartbeat_ms * raft::kMillisecond;
  bench.cluster.check_invariants = !arguments.no_check;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"raftsim: a deterministic simulator and teaching tool for the Raft consensus algorithm.\n"
               "Scenarios are described in docs/scenarios.md, traces in docs/trace.md."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "raftsim 0.1.0");
  app.footer(kExitCodes);

  RunOptions run;
  CLI::App* run_app = app.add_subcommand("run", "Run one scenario and print its timeline");
  run_app->footer(kExitCodes);
  run_app->add_option("FILE", run.file, "The scenario file to run (at most 1 MiB; see docs/scenarios.md)")
      ->type_name("")->required();
  run_app->add_option("--seed", run.seed, "Run with this seed instead of the file's, from 0 to 18446744073709551615")
      ->type_name("SEED")->check(seed_validator());
  run_app->add_option("--trace", run.trace,
                      "Write every event as JSON Lines to FILE (docs/trace.md); not the scenario or the history file")
      ->type_name("FILE");
  run_app->add_option("--history", run.history,
                      "Write the client's history (every write and read, with its outcome) as JSON Lines to FILE")
      ->type_name("FILE");
  auto* quiet_flag = run_app->add_flag("--quiet,-q", run.quiet, "Print only narration, failures and the result");
  run_app->add_flag("--verbose,-v", run.verbose, "Also print every message delivered or dropped")->excludes(quiet_flag);
  std::vector<std::string> run_bugs;
  add_bug_option(*run_app, run_bugs, "every node, from the start (the file's 'bug' lines add more)");
  add_option_switches(*run_app, run.switches,
                      [](bool on) { return std::string("default: the file's, else ") + (on ? "on" : "off"); },
                      "default: the file's 'reads' line, else log");
  run_app->add_option("--snapshot-every", run.snapshot_every,
                      "Each node snapshots its state machine once N applied entries follow its last snapshot, "
                      "from 0 (never) to 250000 (the file's 'snapshot-every' lines change it)")
      ->type_name("N")->check(quiet(CLI::Range(std::uint64_t{0}, std::uint64_t{250'000})));

  std::vector<std::string> check_paths;
  std::optional<std::uint64_t> check_seed;
  CLI::App* check_app = app.add_subcommand("check", "Run many scenarios; end with a line 'N passed, N failed'");
  check_app->footer(kExitCodes);
  check_app->add_option("PATH", check_paths, "Scenario files, or folders searched for *.scenario files")
      ->type_name("")->required();
  check_app->add_option("--seed", check_seed, "Run every scenario with this seed, from 0 to 18446744073709551615")
      ->type_name("SEED")->check(seed_validator());

  BenchArguments bench;
  CLI::App* bench_app = app.add_subcommand("bench", "Measure simulation speed on a fixed workload (progress on a terminal)");
  bench_app->footer(std::string("LIMITS\n  at most ") + std::to_string(kMaxLogEntries) +
                    " log entries (client writes times nodes) and about " + std::to_string(kMaxEvents) +
                    " events\n\n" + kExitCodes);
  add_bench_options(*bench_app, bench);
  std::vector<std::string> bench_bugs;
  add_bug_option(*bench_app, bench_bugs, "every node");
  OptionSwitches bench_switches;
  add_option_switches(*bench_app, bench_switches, [](bool on) { return std::string("default ") + (on ? "on" : "off"); }, "");

  ChaosRange chaos_seeds;
  ChaosOptions chaos;
  CLI::App* chaos_app = app.add_subcommand("chaos", "Random faults with invariants on, then a liveness check "
                                                    "(progress on a terminal)");
  chaos_app->footer(std::string(
                        "THE MIX\n"
                        "  Each seed draws its cluster size (3 to 7), fault-phase latency (up to 1 s, longer than an\n"
                        "  election timeout), entries per message (1, 4 or 64) and write bursts (1, 4 or 16) from the\n"
                        "  seed itself, and so whether the no-op, pre-vote and check-quorum are on, and log compaction\n"
                        "  (snapshot-every 0, 5, 20 or 100, and 'snapshot NODE' actions), membership changes with\n"
                        "  spare servers, how reads are served (log, readindex or lease) and a clock-drift bound that\n"
                        "  every node's clock keeps within; an option fixes one draw. Faults, writes and reads (some\n"
                        "  pinned to one node) follow. Then faults are healed and a leader must keep its term for 10\n"
                        "  election timeouts and commit 5 writes, within 20 election timeouts; every acknowledged write\n"
                        "  must be committed and the history linearizable. See docs/verification.md.\n\n"
                        "EXAMPLES\n"
                        "  raftsim chaos --seeds 500\n"
                        "  raftsim chaos --seed 42 --trace run.jsonl\n"
                        "  raftsim chaos --seeds 200 --bug vote-twice --nodes 4\n\n") +
                    kExitCodes);
  auto* one_seed = chaos_app->add_option("--seed", chaos_seeds.first, "Run this one seed, from 0 to 18446744073709551615")
                       ->type_name("SEED")->check(seed_validator());
  chaos_app->add_option("--seeds", chaos_seeds.count, "Run N seeds, from --first-seed on; N from 1 to 10000000 (default 1)")
      ->type_name("N")->check(quiet(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000})))->excludes(one_seed);
  chaos_app->add_option("--first-seed", chaos_seeds.first, "The first seed of a sweep, from 0 to 18446744073709551615 "
                                                           "(default 1)")
      ->type_name("SEED")->check(seed_validator())->excludes(one_seed);
  chaos_app->add_option("--nodes", chaos.nodes, "Cluster size, from 1 to 101 (default: drawn per seed, 3 to 7)")
      ->type_name("N")->check(quiet(CLI::Range(1, 101)));
  double chaos_latency_min_ms = -1, chaos_latency_max_ms = -1;
  chaos_app->add_option("--latency-min", chaos_latency_min_ms,
                        "Shortest network latency in the fault phase, in milliseconds, from 0 to 10000 (default: drawn per seed)")
      ->type_name("MILLISECONDS")->check(number_from(0, 10000));
  chaos_app->add_option("--latency-max", chaos_latency_max_ms,
                        "Longest network latency in the fault phase, in milliseconds, from 0 to 10000 (default: drawn per "
                        "seed, up to 1000, longer than an election timeout)")
      ->type_name("MILLISECONDS")->check(number_from(0, 10000));
  chaos_app->add_option("--entries-per-message", chaos.entries_per_message,
                        "The most log entries in one AppendEntries, from 1 to 1000 (default: drawn per seed: 1, 4 or 64)")
      ->type_name("N")->check(quiet(CLI::Range(std::size_t{1}, std::size_t{1000})));
  chaos_app->add_option("--burst", chaos.burst_max,
                        "The most client writes sent back to back in one burst, from 1 to 100 (default: drawn per seed: 1, 4 "
                        "or 16)")
      ->type_name("N")->check(quiet(CLI::Range(1, 100)));
  chaos_app->add_option("--snapshot-every", chaos.snapshot_every,
                        "Log compaction's threshold, from 0 (never by itself) to 250000 (default: drawn per seed: "
                        "0, 5, 20 or 100)")
      ->type_name("N")->check(quiet(CLI::Range(0, 250'000)));
  std::vector<std::string> chaos_bugs;
  add_bug_option(*chaos_app, chaos_bugs, "every node");
  add_option_switches(*chaos_app, chaos.switches, [](bool) { return std::string("default: drawn per seed"); },
                      "default: drawn per seed");
  std::string chaos_trace;
  chaos_app->add_option("--trace", chaos_trace,
                        "Write every event of the one seed run as JSON Lines to FILE (docs/trace.md); needs --seed")
      ->type_name("FILE")->needs(one_seed);

  sim::experiments::CommandOptions experiment;
  CLI::App* experiment_app = sim::experiments::add_experiment_command(app, experiment);

  std::string lincheck_file;
  CLI::App* lincheck_app = app.add_subcommand("lincheck", "Check that a client history (from run --history) is linearizable");
  lincheck_app->footer(
      "Exit code 0: linearizable; 3: not (a safety violation: the smallest window of operations that\n"
      "cannot be ordered is printed); 5: the search ran out of its budget; 2: a bad file. The history\n"
      "format, with reads, is in docs/trace.md; the checker in docs/verification.md.\n\n" +
      std::string(kExitCodes));
  lincheck_app->add_option("HISTORY", lincheck_file, "A history file: JSON Lines, one operation a line (at most 256 MiB)")
      ->type_name("")->required();
  std::uint64_t lincheck_steps = sim::lincheck::Budget{}.steps;
  lincheck_app->add_option("--max-steps", lincheck_steps,
                           "The search's budget, in events visited, from 1 to 1000000000 (default 20000000, seconds at most)")
      ->type_name("N")->check(quiet(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000})));

  LincheckBenchOptions lincheck_bench;
  CLI::App* bench_lincheck_app =
      app.add_subcommand("bench-lincheck", "Time the linearizability checker on long generated histories");
  bench_lincheck_app->footer(kExitCodes);
  bench_lincheck_app->add_option("--operations", lincheck_bench.sizes,
                                 "History lengths to time, from 1 to 2000000 (default 10000 100000); repeatable")
      ->type_name("N")->check(quiet(CLI::Range(std::size_t{1}, std::size_t{2'000'000})));
  bench_lincheck_app->add_option("--clients", lincheck_bench.clients, "Clients, each one operation at a time, from 1 to 1000 (default 16)")
      ->type_name("N")->check(quiet(CLI::Range(1, 1000)));
  bench_lincheck_app->add_option("--keys", lincheck_bench.keys, "Keys, from 1 to 1000000 (default 8)")
      ->type_name("N")->check(quiet(CLI::Range(1, 1'000'000)));
  bench_lincheck_app->add_option("--reads", lincheck_bench.reads_percent, "Reads, in percent of operations, from 0 to 100 (default 50)")
      ->type_name("PERCENT")->check(quiet(CLI::Range(0, 100)));
  bench_lincheck_app->add_option("--unknown", lincheck_bench.unknown_percent,
                                 "Writes with no answer (half took effect), in percent, from 0 to 100 (default 2)")
      ->type_name("PERCENT")->check(quiet(CLI::Range(0, 100)));
  bench_lincheck_app->add_option("--seed", lincheck_bench.seed, "The seed of the histories, from 0 to 18446744073709551615 (default 1)")
      ->type_name("SEED")->check(seed_validator());

  sim::live::CommandOptions live;
  const sim::live::LiveCommands live_commands = sim::live::add_live_commands(app, live);

  program_name = argv[0];
  CLI::App* bugs_app = app.add_subcommand("bugs", "List the classic Raft mistakes that --bug and 'bug' switch on");
  bugs_app->footer(kExitCodes);

  const std::vector<std::string> commands = {"run",  "check",    "bench",          "chaos", "experiment", "bugs",
                                             "lincheck", "bench-lincheck", "node", "cluster",    "live-check"};
  if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
    std::cerr << "raftsim: error: unknown command '" << echo(argv[1]) << "'\n  hint: the commands are run, check, bench, "
              << "chaos, experiment, bugs, lincheck, bench-lincheck, node, cluster and live-check; see 'raftsim --help'\n";
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return finish(app.exit(help));
  } catch (const CLI::CallForAllHelp& help) {
    return finish(app.exit(help));
  } catch (const CLI::CallForVersion& version) {
    return finish(app.exit(version));
  } catch (const CLI::ParseError& error) {
    const std::string command = argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " " : "";
    // CLI11 echoes the arguments: escaped, and shortened should one be a 10 MB word.
    std::cerr << "raftsim: error: " << echo(error.what(), 300) << "\n  hint: see 'raftsim " << echo(command)
              << "--help'\n";
    return kExitBadInput;
  }

  run.bugs = bug_set(run_bugs);
  bench.options.cluster.bugs = bug_set(bench_bugs);
  bench_switches.apply(bench.options.cluster);
  chaos.bugs = bug_set(chaos_bugs);
  if (chaos_latency_min_ms >= 0) chaos.latency_min = static_cast<Time>(std::llround(chaos_latency_min_ms * raft::kMillisecond));
  if (chaos_latency_max_ms >= 0) chaos.latency_max = static_cast<Time>(std::llround(chaos_latency_max_ms * raft::kMillisecond));
  if (const int code = sim::live::run_live_command(live_commands, live); code >= 0) return code;
  if (*bugs_app) return bugs_command();
  if (*lincheck_app) return lincheck_command(lincheck_file, lincheck_steps);
  if (*bench_lincheck_app) return bench_lincheck_command(lincheck_bench);
  if (*run_app) return run_command(run);
  if (*check_app) return check_command(check_paths, check_seed);
  if (*bench_app) return resolve_bench(bench) ? bench_command(bench.options) : kExitBadInput;
  if (*experiment_app) return sim::experiments::run_experiment_command(*experiment_app, experiment);
  if (*chaos_app) {
    if (chaos.latency_min >= 0 && chaos.latency_max >= 0 && chaos.latency_max < chaos.latency_min) {
      std::cerr << "raftsim: error: --latency-min is larger than --latency-max\n  hint: the minimum comes first\n";
      return kExitBadInput;
    }
    return chaos_command(chaos_seeds, chaos, chaos_trace);
  }
  return kExitBadInput;
}
