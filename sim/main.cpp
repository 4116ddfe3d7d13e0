// raftsim: run, check, benchmark and stress Raft scenarios from the command line.
//
// Exit codes: 0 every expectation held; 1 an expectation failed; 2 bad input (a bad
// scenario file or bad arguments; nothing is run); 3 a safety invariant was violated.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/bench.h"
#include "sim/chaos.h"
#include "sim/experiments/command.h"
#include "sim/player.h"
#include "sim/scenario.h"
#include "sim/timeline.h"
#include "sim/trace.h"

namespace {

using namespace sim;

constexpr int kExitPassed = 0;
constexpr int kExitExpectationFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitViolation = 3;

// "1 entry", "2 entries".
std::string count(std::uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool colour_wanted() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

// The program as the user invoked it, so a "reproduce with" line can be pasted as is.
std::string program_name = "raftsim";

std::string reproduce_command(const std::string& file, std::uint64_t seed) {
  return program_name + " run " + file + " --seed " + std::to_string(seed);
}

// A seed: a whole number from 0 to 2^64-1, written in decimal digits only (CLI11 would
// quietly wrap "-1" or clamp an overflow).
struct SeedValidator : CLI::Validator {
  SeedValidator() : CLI::Validator("SEED") {
    func_ = [](const std::string& text) -> std::string {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return "a seed is a whole number from 0 to 18446744073709551615, not '" + text + "'";
      }
      return "";
    };
  }
};

// A finite number (CLI11's Range lets NaN through).
struct FiniteValidator : CLI::Validator {
  FiniteValidator() : CLI::Validator("NUMBER") {
    func_ = [](const std::string& text) -> std::string {
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return "'" + text + "' is not a finite number";
      return "";
    };
  }
};

int exit_code_of(PlayStatus status) {
  switch (status) {
    case PlayStatus::Passed: return kExitPassed;
    case PlayStatus::ExpectationFailed: return kExitExpectationFailed;
    case PlayStatus::InvariantViolated: return kExitViolation;
    case PlayStatus::Running: break;
  }
  return kExitExpectationFailed;
}

void print_failure(std::ostream& out, const Note& failure) {
  out << failure.location.file << ':' << failure.location.line << ": expectation failed: " << failure.text << '\n'
      << "  expected: " << failure.expected << '\n'
      << "  actual:   " << failure.actual << '\n'
      << "  at virtual time " << format_duration(failure.time) << "; the cluster then:\n";
  std::istringstream lines(failure.cluster);
  for (std::string line; std::getline(lines, line);) out << "    " << line << '\n';
}

struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string trace;
  std::string history;
  bool quiet = false;
  bool verbose = false;
};

// Opens `path` for writing unless it is empty; says what is wrong if it cannot.
bool open_output(std::ofstream& out, const std::string& path, const char* what) {
  if (path.empty()) return true;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::cerr << "raftsim: error: the " << what << " file '" << path << "' is a folder\n  hint: name a file in it\n";
    return false;
  }
  out.open(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "raftsim: error: cannot write the " << what << " file '" << path << "'\n"
              << "  hint: check that its folder exists and is writable\n";
    return false;
  }
  return true;
}

int run_command(const RunOptions& options) {
  Scenario scenario;
  try {
    scenario = load_scenario(options.file);
  } catch (const ScenarioError& error) {
    std::cerr << format_error(error) << '\n';
    return kExitBadInput;
  }
  // Output files are opened before anything runs: a bad path is bad input, not a half-run.
  std::ofstream trace;
  std::ofstream history;
  if (!open_output(trace, options.trace, "trace") || !open_output(history, options.history, "history")) {
    return kExitBadInput;
  }
  ScenarioPlayer player(std::move(scenario), options.seed);
  Simulator& simulator = player.simulator();
  simulator.set_recording(true);
  const std::uint64_t seed = simulator.config().seed;
  if (trace) trace << trace_header(options.file, simulator.config()) << '\n';
  const Verbosity verbosity = options.quiet ? Verbosity::Quiet : options.verbose ? Verbosity::Verbose : Verbosity::Normal;
  Timeline timeline(std::cout, verbosity, colour_wanted());
  if (!options.quiet) {
    std::cout << "raftsim: " << options.file << ": " << simulator.size() << " nodes, seed " << seed
              << " (reproduce with: " << reproduce_command(options.file, seed) << ")\n";
  }
  while (!player.finished()) {
    player.step();
    // Records and notes in the order they happened.
    const std::vector<Record> records = simulator.take_records();
    const std::vector<Note> notes = player.take_notes();
    auto note = notes.begin();
    auto print_notes_up_to = [&](std::uint64_t sequence) {
      for (; note != notes.end() && note->after_record <= sequence; ++note) {
        if (trace && note->kind != Note::Kind::Say) trace << trace_line(*note) << '\n';
        timeline.print(*note);
      }
    };
    for (const Record& record : records) {
      print_notes_up_to(record.sequence - 1);
      if (trace) trace << trace_line(record) << '\n';
      timeline.print(record, simulator);
    }
    print_notes_up_to(UINT64_MAX);
  }
  if (trace) trace << trace_result(player) << '\n';
  if (history) {
    for (const ClientOperation& operation : simulator.history()) history << history_line(operation) << '\n';
  }
  const Stats& stats = simulator.stats();
  switch (player.status()) {
    case PlayStatus::Passed:
      std::cout << "PASSED: " << count(player.expectations_passed(), "expectation", "expectations") << " held; "
                << format_duration(simulator.now()) << " virtual, " << stats.events << " events, "
                << stats.raft_messages_sent << " Raft messages, " << count(simulator.committed_length(), "entry", "entries")
                << " committed\n";
      break;
    case PlayStatus::ExpectationFailed:
      print_failure(std::cout, *player.failure());
      std::cout << "FAILED; reproduce with: " << reproduce_command(options.file, seed) << '\n';
      break;
    case PlayStatus::InvariantViolated:
      std::cout << format_violation(*simulator.violation()) << '\n'
                << "reproduce with: " << reproduce_command(options.file, seed) << '\n';
      break;
    case PlayStatus::Running: break;
  }
  return exit_code_of(player.status());
}

// Files named on the command line, with folders expanded to their *.scenario files.
std::vector<std::string> scenario_files(const std::vector<std::string>& paths, std::vector<std::string>& missing) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".scenario") found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path, error)) {
      files.push_back(path);
    } else {
      missing.push_back(path);
    }
  }
  return files;
}

int check_command(const std::vector<std::string>& paths, std::optional<std::uint64_t> seed) {
  std::vector<std::string> missing;
  const std::vector<std::string> files = scenario_files(paths, missing);
  int worst = kExitPassed;
  int passed = 0;
  int failed = 0;
  for (const std::string& path : missing) {
    std::cout << "FAIL " << path << "\n  " << path << ": error: no such file or folder\n";
    ++failed;
    worst = std::max(worst, kExitBadInput);
  }
  for (const std::string& file : files) {
    Scenario scenario;
    try {
      scenario = load_scenario(file);
    } catch (const ScenarioError& error) {
      std::cout << "FAIL " << file << " (bad file)\n  " << format_error(error) << '\n';
      ++failed;
      worst = std::max(worst, kExitBadInput);
      continue;
    }
    ScenarioPlayer player(std::move(scenario), seed);
    player.play_to_end();
    const Simulator& simulator = player.simulator();
    switch (player.status()) {
      case PlayStatus::Passed:
        ++passed;
        std::cout << "PASS " << file << "  (" << count(player.expectations_passed(), "expectation", "expectations") << ", "
                  << format_duration(simulator.now()) << " virtual, " << simulator.stats().events << " events)\n";
        break;
      case PlayStatus::ExpectationFailed: {
        ++failed;
        std::cout << "FAIL " << file << '\n';
        std::ostringstream details;
        print_failure(details, *player.failure());
        std::istringstream lines(details.str());
        for (std::string line; std::getline(lines, line);) std::cout << "  " << line << '\n';
        std::cout << "  reproduce with: " << reproduce_command(file, simulator.config().seed) << '\n';
        break;
      }
      default:
        ++failed;
        std::cout << "FAIL " << file << "\n" << format_violation(*simulator.violation()) << "\n  reproduce with: "
                  << reproduce_command(file, simulator.config().seed) << '\n';
        break;
    }
    worst = std::max(worst, exit_code_of(player.status()));
  }
  if (files.empty() && missing.empty()) {
    std::cout << "raftsim check: no .scenario files found\n";
    return kExitBadInput;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return worst;
}

std::uint32_t percent_to_ppm(double percent) { return static_cast<std::uint32_t>(std::llround(percent * 10000.0)); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"raftsim: a deterministic simulator and teaching tool for the Raft consensus algorithm"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "raftsim 0.1.0");
  const SeedValidator seed_number;
  const FiniteValidator finite;
  app.footer("Exit codes: 0 passed, 1 an expectation (or, for chaos, liveness) failed, 2 bad input, "
             "3 an invariant was violated.");

  RunOptions run;
  CLI::App* run_app = app.add_subcommand("run", "Run one scenario and print its timeline");
  run_app->add_option("file", run.file, "Scenario file")->required();
  run_app->add_option("--seed", run.seed, "Override the scenario's seed")->check(seed_number);
  run_app->add_option("--trace", run.trace, "Write a JSON Lines trace of every event to this file");
  run_app->add_option("--history", run.history, "Write the client's history (every write and its outcome) as JSON Lines");
  auto* quiet = run_app->add_flag("--quiet,-q", run.quiet, "Print only narration, failures and the result");
  run_app->add_flag("--verbose,-v", run.verbose, "Print every message delivered or dropped")->excludes(quiet);

  std::vector<std::string> check_paths;
  std::optional<std::uint64_t> check_seed;
  CLI::App* check_app = app.add_subcommand("check", "Run many scenarios; end with a line 'N passed, N failed'");
  check_app->add_option("paths", check_paths, "Scenario files or folders of *.scenario files")->required();
  check_app->add_option("--seed", check_seed, "Override every scenario's seed")->check(seed_number);

  BenchOptions bench;
  double bench_seconds = 3600, bench_loss = 1, latency_min_ms = 1, latency_max_ms = 10;
  std::int64_t write_interval_ms = 100, timeout_min_ms = 150, timeout_max_ms = 300, heartbeat_ms = 50;
  bool bench_no_check = false;
  CLI::App* bench_app = app.add_subcommand("bench", "Measure simulation speed on a fixed workload");
  bench_app->option_defaults()->always_capture_default();
  bench_app->add_option("--nodes", bench.nodes, "Cluster size")->check(CLI::Range(1, 1001));
  bench_app->add_option("--duration", bench_seconds, "Virtual seconds to simulate")->check(finite & CLI::Range(0.001, 1e6));
  bench_app->add_option("--write-interval", write_interval_ms, "Milliseconds between client writes")->check(CLI::Range(1, 1000000));
  bench_app->add_option("--loss", bench_loss, "Message loss, percent")->check(finite & CLI::Range(0.0, 100.0));
  bench_app->add_option("--latency-min", latency_min_ms, "Shortest latency, ms")->check(finite & CLI::Range(0.0, 10000.0));
  bench_app->add_option("--latency-max", latency_max_ms, "Longest latency, ms")->check(finite & CLI::Range(0.0, 10000.0));
  bench_app->add_option("--election-timeout-min", timeout_min_ms, "ms")->check(CLI::Range(1, 1000000));
  bench_app->add_option("--election-timeout-max", timeout_max_ms, "ms")->check(CLI::Range(1, 1000000));
  bench_app->add_option("--heartbeat", heartbeat_ms, "Heartbeat interval, ms")->check(CLI::Range(1, 1000000));
  bench_app->add_option("--seed", bench.cluster.seed, "Seed")->check(seed_number);
  bench_app->add_flag("--no-check", bench_no_check, "Turn the invariant checks off");

  std::uint64_t chaos_seeds = 1;
  std::uint64_t chaos_first = 1;
  ChaosOptions chaos;
  CLI::App* chaos_app = app.add_subcommand("chaos", "Random faults with invariants on, then a liveness check");
  chaos_app->option_defaults()->always_capture_default();
  auto* one_seed = chaos_app->add_option("--seed", chaos_first, "Run this one seed")->check(seed_number);
  chaos_app->add_option("--seeds", chaos_seeds, "Run this many seeds, from --first-seed on")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}))
      ->excludes(one_seed);
  chaos_app->add_option("--first-seed", chaos_first, "First seed of a sweep")->check(seed_number)->excludes(one_seed);
  chaos_app->add_option("--nodes", chaos.nodes, "Cluster size")->check(CLI::Range(1, 101));

  sim::experiments::CommandOptions experiment;
  CLI::App* experiment_app = sim::experiments::add_experiment_command(app, experiment);

  program_name = argv[0];
  const std::vector<std::string> commands = {"run", "check", "bench", "chaos", "experiment"};
  if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
    std::cerr << "raftsim: error: unknown command '" << argv[1] << "'\n  hint: the commands are run, check, bench, "
              << "chaos and experiment; see 'raftsim --help'\n";
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    const std::string command = argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " " : "";
    std::cerr << "raftsim: error: " << error.what() << "\n  hint: see 'raftsim " << command << "--help'\n";
    return kExitBadInput;
  }

  if (*run_app) return run_command(run);
  if (*check_app) return check_command(check_paths, check_seed);
  if (*experiment_app) return sim::experiments::run_experiment_command(*experiment_app, experiment);
  if (*bench_app) {
    if (latency_max_ms < latency_min_ms || timeout_max_ms < timeout_min_ms) {
      std::cerr << "raftsim: error: a minimum is larger than its maximum\n  hint: check --latency-min/--latency-max "
                   "and --election-timeout-min/--election-timeout-max\n";
      return kExitBadInput;
    }
    bench.duration = static_cast<Time>(std::llround(bench_seconds * raft::kSecond));
    bench.write_interval = write_interval_ms * raft::kMillisecond;
    bench.cluster.network.loss_ppm = percent_to_ppm(bench_loss);
    bench.cluster.network.latency_min = static_cast<Time>(std::llround(latency_min_ms * raft::kMillisecond));
    bench.cluster.network.latency_max = static_cast<Time>(std::llround(latency_max_ms * raft::kMillisecond));
    bench.cluster.election_timeout_min = timeout_min_ms * raft::kMillisecond;
    bench.cluster.election_timeout_max = timeout_max_ms * raft::kMillisecond;
    bench.cluster.heartbeat_interval = heartbeat_ms * raft::kMillisecond;
    bench.cluster.check_invariants = !bench_no_check;
    if (bench.cluster.heartbeat_interval >= bench.cluster.election_timeout_min) {
      std::cerr << "raftsim: warning: the heartbeat (" << heartbeat_ms << " ms) is not shorter than the election "
                << "timeout (" << timeout_min_ms << " ms): followers will keep starting elections\n";
    }
    const BenchResult result = run_bench(bench);
    print_bench(std::cout, bench, result);
    if (result.stats.leader_changes == 0) std::cerr << "raftsim: warning: no leader was ever elected\n";
    return result.violated ? kExitViolation : kExitPassed;
  }
  if (*chaos_app) {
    const std::uint64_t first = chaos_first;
    const std::uint64_t count = chaos_seeds;
    if (first + (count - 1) < first) {
      std::cerr << "raftsim: error: --first-seed " << first << " with --seeds " << count
                << " runs past the largest seed\n  hint: start lower\n";
      return kExitBadInput;
    }
    std::uint64_t passed = 0;
    std::uint64_t failed = 0;
    int worst = kExitPassed;
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t seed = first + i;
      const ChaosResult result = run_chaos(seed, chaos);
      if (!result.passed) worst = std::max(worst, result.violated ? kExitViolation : kExitExpectationFailed);
      if (result.passed) {
        ++passed;
        if (count == 1) {
          std::cout << "seed " << seed << ": passed (" << result.events << " events, " << result.faults
                    << " faults, " << result.writes_acknowledged << " writes acknowledged, recovered in "
                    << format_duration(result.liveness_time) << ")\n";
        }
      } else {
        ++failed;
        std::cout << "FAIL " << result.failure << '\n';
      }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return worst;  // 3 if an invariant was violated, 1 if only liveness failed
  }
  return kExitBadInput;
}
