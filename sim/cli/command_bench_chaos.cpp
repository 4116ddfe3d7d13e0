// `raftsim bench` (a fixed workload, timed) and `raftsim chaos` (random faults over many
// seeds): the two long commands, with their limits checked first and their progress
// shown on a terminal.
#include <algorithm>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/scenario/limits.h"
#include "sim/io/output_file.h"
#include "sim/record/trace.h"
#include "sim/io/progress.h"
#include "sim/scenario/scenario.h"

namespace sim {

namespace {

void print_chaos_result(std::uint64_t seed, const ChaosResult& result) {
  if (!result.passed) {
    std::cout << "FAIL " << result.failure << '\n';
    return;
  }
  std::cout << "seed " << seed << ": passed (" << describe_mix(result.mix) << "; " << result.events << " events, "
            << result.faults << " faults, " << result.writes_acknowledged << " writes acknowledged, settled in "
            << format_duration(result.liveness_time) << ")\n";
}

// The limits of sim/scenario/limits.h, checked before any work; the error message if one is passed.
std::optional<std::string> bench_limit_error(const BenchOptions& options) {
  const std::int64_t writes = bench_writes(options);
  if (writes > max_writes(options.nodes)) {
    return "this benchmark would make " + std::to_string(writes) + " client writes on " + std::to_string(options.nodes) +
           " nodes, more than the limit of " + std::to_string(max_writes(options.nodes)) +
           "\n  hint: lengthen --write-interval or shorten --duration (the limit is " + std::to_string(kMaxLogEntries) +
           " log entries in all, writes times nodes)";
  }
  const std::uint64_t events = estimated_bench_events(options);
  if (events > kMaxEvents) {
    return "this benchmark would fire about " + std::to_string(events) + " events, more than the limit of " +
           std::to_string(kMaxEvents) +
           "\n  hint: shorten --duration, lengthen --heartbeat or --write-interval, or use fewer --nodes";
  }
  return std::nullopt;
}

}  // namespace

int bench_command(const BenchOptions& options) {
  if (const auto error = bench_limit_error(options)) {
    std::cerr << "raftsim: error: " << *error << '\n';
    return kExitBadInput;
  }
  if (const auto warning = timing_warning(options.cluster)) std::cerr << "raftsim: warning: " << *warning << '\n';
  BenchResult result;
  {
    Progress progress(std::cerr, Progress::terminal_wanted());
    result = run_bench(options, [&](Time done) {
      progress.update([&] {
        return "bench: " + format_duration(done) + " of " + format_duration(options.duration) + " virtual (" +
               std::to_string(done * 100 / options.duration) + "%)";
      });
    });
  }
  print_bench(std::cout, options, result);
  if (result.stats.leader_changes == 0) std::cerr << "raftsim: warning: no leader was ever elected\n";
  if (result.violated) return finish(kExitViolation);
  if (result.stopped_at_event_limit) {
    std::cerr << "raftsim: error: the benchmark stopped at the limit of " << kMaxEvents << " events (its estimate was "
              << estimated_bench_events(options) << ")\n  hint: shorten --duration, or use fewer --nodes\n";
    return finish(kExitBadInput);
  }
  return finish(kExitPassed);
}

namespace {

// `chaos --seed N --trace FILE`: the one seed, with every record written as it happens.
int chaos_traced(std::uint64_t seed, ChaosOptions options, const std::string& path) {
  OutputFile trace;
  if (const auto error = trace.open(path, "trace")) {
    std::cerr << *error << '\n';
    return kExitBadInput;
  }
  if (!(trace.write_line(trace_header("chaos seed " + std::to_string(seed), chaos_cluster(seed, options))) && trace.flush())) {
    trace.close();
    return kExitOutputFailed;
  }
  options.on_records = [&](std::vector<Record> records) {
    for (const Record& record : records) trace.write_line(trace_line(record));
  };
  const ChaosResult result = run_chaos(seed, options);
  trace.write_line(trace_chaos_result(result));
  if (const auto error = trace.close()) {
    std::cerr << *error << '\n';
    return kExitOutputFailed;
  }
  print_chaos_result(seed, result);
  std::cout << (result.passed ? "1 passed, 0 failed\n" : "0 passed, 1 failed\n");
  return finish(result.passed ? kExitPassed : result.violated ? kExitViolation : kExitExpectationFailed);
}

}  // namespace

int bugs_command() {
  std::size_t width = 0;
  for (const raft::BugInfo& info : raft::kBugs) width = std::max(width, info.name.size());
  for (const raft::BugInfo& info : raft::kBugs) {
    std::cout << info.name << std::string(width + 2 - info.name.size(), ' ') << info.description << " [" << info.rule
              << "]\n";
  }
  return finish(kExitPassed);
}

int chaos_command(const ChaosRange& seeds, const ChaosOptions& options, const std::string& trace) {
  if (!trace.empty()) return chaos_traced(seeds.first, options, trace);
  if (seeds.first + (seeds.count - 1) < seeds.first) {
    std::cerr << "raftsim: error: --first-seed " << seeds.first << " with --seeds " << seeds.count
              << " runs past the largest seed, 18446744073709551615\n  hint: start lower, or run fewer seeds\n";
    return kExitBadInput;
  }
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;
  int worst = kExitPassed;
  Progress progress(std::cerr, Progress::terminal_wanted() && seeds.count > 1);
  for (std::uint64_t i = 0; i < seeds.count; ++i) {
    const std::uint64_t seed = seeds.first + i;
    progress.update([&] {
      return "chaos: seed " + std::to_string(seed) + ", " + std::to_string(i) + " of " + std::to_string(seeds.count) +
             " done, " + std::to_string(failed) + " failed";
    });
    const ChaosResult result = run_chaos(seed, options);
    if (result.passed) {
      ++passed;
      if (seeds.count == 1) print_chaos_result(seed, result);
    } else {
      ++failed;
      worst = std::max(worst, result.violated ? kExitViolation : kExitExpectationFailed);
      progress.clear();
      print_chaos_result(seed, result);
    }
  }
  progress.clear();
  std::cout << passed << " passed, " << failed << " failed\n";
  return finish(worst);  // 3 if an invariant was violated, 1 if only liveness failed
}

}  // namespace sim
