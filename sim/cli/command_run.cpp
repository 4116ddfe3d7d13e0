// `raftsim run FILE`: one scenario, its timeline, and optionally its trace and history.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/io/output_file.h"
#include "sim/io/safe_text.h"
#include "sim/lincheck/verdict.h"
#include "sim/record/timeline.h"
#include "sim/record/trace.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/player.h"

namespace sim {

std::string program_name = "raftsim";

std::string count(std::uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string reproduce_command(const std::string& file, std::uint64_t seed, raft::BugSet bugs,
                              const OptionSwitches& switches, std::optional<std::uint64_t> snapshot_every) {
  std::string command = printable(program_name) + " run " + printable(file) + " --seed " + std::to_string(seed);
  for (const raft::BugInfo& info : raft::kBugs) {
    if (bugs.has(info.bug)) command += " --bug " + std::string(info.name);
  }
  if (snapshot_every) command += " --snapshot-every " + std::to_string(*snapshot_every);
  return command + switches.flags();
}

// Every option that shapes the run, so the line replays it exactly.
static std::string reproduce_of(const RunOptions& options, std::uint64_t seed) {
  return reproduce_command(options.file, seed, options.bugs, options.switches, options.snapshot_every);
}

int finish(int exit_code) {
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "raftsim: error: writing to standard output failed\n"
              << "  hint: the results were not all written; send them to a file or a pipe that takes them\n";
    return kExitOutputFailed;
  }
  return exit_code;
}

namespace {

bool colour_wanted() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

int exit_code_of(PlayStatus status) {
  switch (status) {
    case PlayStatus::Passed: return kExitPassed;
    case PlayStatus::ExpectationFailed: return kExitExpectationFailed;
    case PlayStatus::InvariantViolated: return kExitViolation;
    case PlayStatus::Running: break;
  }
  return kExitExpectationFailed;
}

// The output files, checked against the scenario and each other and opened before
// anything runs: a bad path is bad input, not a half-run or a lost scenario.
bool open_outputs(const RunOptions& options, OutputFile& trace, OutputFile& history) {
  for (const auto& clash : {same_file_clash(options.trace, "trace", options.file, "scenario"),
                            same_file_clash(options.history, "history", options.file, "scenario"),
                            same_file_clash(options.history, "history", options.trace, "trace")}) {
    if (clash) {
      std::cerr << *clash << '\n';
      return false;
    }
  }
  for (auto [file, path, what] : {std::tuple{&trace, &options.trace, "trace"}, std::tuple{&history, &options.history, "history"}}) {
    if (path->empty()) continue;
    if (const auto error = file->open(*path, what)) {
      std::cerr << *error << '\n';
      return false;
    }
  }
  return true;
}

// Closes both files; true if every byte was written (else each error is printed).
bool close_outputs(OutputFile& trace, OutputFile& history) {
  bool written = true;
  for (OutputFile* file : {&trace, &history}) {
    if (const auto error = file->close()) {
      std::cerr << *error << '\n';
      written = false;
    }
  }
  return written;
}

void print_result(const ScenarioPlayer& player, const RunOptions& options) {
  const Simulator& simulator = player.simulator();
  const Stats& stats = simulator.stats();
  const std::uint64_t seed = simulator.config().seed;
  switch (player.status()) {
    case PlayStatus::Passed:
      std::cout << "PASSED: " << count(player.expectations_passed(), "expectation", "expectations") << " held; "
                << format_duration(simulator.now()) << " virtual, " << stats.events << " events, "
                << stats.raft_messages_sent << " Raft messages, " << count(simulator.committed_length(), "entry", "entries")
                << " committed\n";
      break;
    case PlayStatus::ExpectationFailed:
      print_failure(std::cout, *player.failure());
      std::cout << "FAILED; reproduce with: " << reproduce_of(options, seed) << '\n';
      break;
    case PlayStatus::InvariantViolated:
      std::cout << format_violation(*simulator.violation()) << '\n'
                << "reproduce with: " << reproduce_of(options, seed) << '\n';
      break;
    case PlayStatus::Running: break;
  }
}

}  // namespace

void print_failure(std::ostream& out, const Note& failure) {
  out << printable(failure.location.file) << ':' << failure.location.line << ": expectation failed: "
      << printable(failure.text) << '\n'
      << "  expected: " << printable(failure.expected) << '\n'
      << "  actual:   " << printable(failure.actual) << '\n'
      << "  at virtual time " << format_duration(failure.time) << "; the cluster then:\n";
  std::istringstream lines(failure.cluster);
  for (std::string line; std::getline(lines, line);) out << "    " << line << '\n';
}

int run_command(const RunOptions& options) {
  Scenario scenario;
  try {
    scenario = load_scenario(options.file);
  } catch (const ScenarioError& error) {
    std::cerr << format_error(error) << '\n';
    return kExitBadInput;
  }
  OutputFile trace;
  OutputFile history;
  if (!open_outputs(options, trace, history)) return kExitBadInput;
  ScenarioPlayer player(std::move(scenario), options.seed, options.switches);
  Simulator& simulator = player.simulator();
  simulator.set_recording(true);
  for (const raft::BugInfo& info : raft::kBugs) {
    if (options.bugs.has(info.bug)) simulator.add_bug(0, info.bug);
  }
  if (options.snapshot_every) simulator.set_snapshot_every(*options.snapshot_every);
  if (const auto warning = timing_warning(simulator.config())) std::cerr << "raftsim: warning: " << *warning << '\n';
  // The header is flushed at once: a full disk shows before the run, not after it.
  if (trace.is_open() && !(trace.write_line(trace_header(options.file, simulator.config())) && trace.flush())) {
    close_outputs(trace, history);
    return kExitOutputFailed;
  }
  const Verbosity verbosity = options.quiet ? Verbosity::Quiet : options.verbose ? Verbosity::Verbose : Verbosity::Normal;
  Timeline timeline(std::cout, verbosity, colour_wanted());
  if (!options.quiet) {
    std::cout << "raftsim: " << printable(options.file) << ": " << simulator.size() << " nodes, seed "
              << simulator.config().seed << " (reproduce with: " << reproduce_of(options, simulator.config().seed)
              << "); " << describe_options(simulator.config()) << "\n";
  }
  bool over_limit = false;
  while (!player.finished() && !trace.failed() && !(over_limit = past_event_limit(player))) {
    player.step();
    // Records and notes in the order they happened.
    const std::vector<Record> records = simulator.take_records();
    const std::vector<Note> notes = player.take_notes();
    auto note = notes.begin();
    auto print_notes_up_to = [&](std::uint64_t sequence) {
      for (; note != notes.end() && note->after_record <= sequence; ++note) {
        if (trace.is_open() && note->kind != Note::Kind::Say) trace.write_line(trace_line(*note));
        timeline.print(*note);
      }
    };
    for (const Record& record : records) {
      print_notes_up_to(record.sequence - 1);
      if (trace.is_open()) trace.write_line(trace_line(record));
      timeline.print(record, simulator);
    }
    print_notes_up_to(UINT64_MAX);
  }
  if (trace.is_open()) trace.write_line(trace_result(player));
  for (const ClientOperation& operation : simulator.history()) {
    if (!history.is_open() || !history.write_line(history_line(operation))) break;
  }
  const bool written = close_outputs(trace, history);
  if (over_limit) {
    std::cerr << format_error(event_limit_error(player)) << '\n';
    return finish(written ? kExitBadInput : kExitOutputFailed);
  }
  if (!player.finished()) return finish(written ? exit_code_of(player.status()) : kExitOutputFailed);
  int exit_code = exit_code_of(player.status());
  if (player.status() != PlayStatus::InvariantViolated) {
    // The client's history, judged in memory: a violation is a safety violation.
    const lincheck::RunVerdict verdict = lincheck::check_run(simulator.history());
    if (verdict.result.verdict == lincheck::Verdict::NotLinearizable) {
      std::cout << "SAFETY VIOLATION: the client's history is not linearizable\n" << verdict.report
                << "reproduce with: " << reproduce_of(options, simulator.config().seed) << '\n';
      return finish(written ? kExitViolation : kExitOutputFailed);
    }
    std::cout << "linearizability:" << verdict.report.substr(1);
    if (verdict.result.verdict == lincheck::Verdict::Undecided && exit_code == kExitPassed) exit_code = kExitUndecided;
  }
  print_result(player, options);
  return finish(written ? exit_code : kExitOutputFailed);
}

}  // namespace sim
