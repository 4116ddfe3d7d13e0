// `raftsim lincheck HISTORY.jsonl`: is a client history linearizable? And
// `raftsim bench-lincheck`: the checker's speed on long generated histories.
#include <chrono>
#include <iomanip>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/io/safe_text.h"
#include "sim/lincheck/checker.h"
#include "sim/lincheck/history_reader.h"
#include "sim/lincheck/report.h"
#include "sim/lincheck/synthetic.h"
#include "sim/scenario/scenario.h"

namespace sim {

namespace {

int exit_code_of(lincheck::Verdict verdict) {
  switch (verdict) {
    case lincheck::Verdict::Linearizable: return kExitPassed;
    case lincheck::Verdict::NotLinearizable: return kExitViolation;
    case lincheck::Verdict::Undecided: return kExitUndecided;
  }
  return kExitUndecided;
}

}  // namespace

int lincheck_command(const std::string& path, std::uint64_t max_steps) {
  lincheck::History history;
  try {
    history = lincheck::load_history(path);
  } catch (const ScenarioError& error) {
    std::cerr << format_error(error) << '\n';
    return kExitBadInput;
  }
  lincheck::Budget budget;
  budget.steps = max_steps;
  const lincheck::CheckResult result = lincheck::check_history(history, budget);
  std::cout << printable(path) << ": " << lincheck::describe(history, result);
  return finish(exit_code_of(result.verdict));
}

int bench_lincheck_command(const LincheckBenchOptions& options) {
  std::cout << "raftsim bench-lincheck: generated linearizable histories, " << count(options.clients, "client", "clients")
            << ", " << count(options.keys, "key", "keys") << ", " << options.reads_percent << "% reads, " << options.unknown_percent
            << "% of writes with no answer, seed " << options.seed << "\n";
  int worst = kExitPassed;
  for (const std::size_t operations : options.sizes) {
    lincheck::SyntheticShape shape;
    shape.seed = options.seed;
    shape.operations = operations;
    shape.clients = options.clients;
    shape.keys = options.keys;
    shape.reads_percent = options.reads_percent;
    shape.unknown_percent = options.unknown_percent;
    const lincheck::History history = lincheck::synthetic_history(shape);
    // The wall clock measures the check; it never enters it.
    const auto start = std::chrono::steady_clock::now();
    const lincheck::CheckResult result = lincheck::check_history(history);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << std::setw(9) << operations << " operations: " << lincheck::verdict_name(result.verdict) << " in "
              << std::fixed << std::setprecision(3) << seconds * 1000 << " ms (" << result.steps << " search steps, "
              << std::setprecision(0) << (seconds > 0 ? operations / seconds : 0) << " operations/s)\n";
    std::cout.unsetf(std::ios::fixed);
    // A generated history is linearizable by construction: anything else is a bug.
    if (result.verdict != lincheck::Verdict::Linearizable) worst = kExitViolation;
  }
  return finish(worst);
}

}  // namespace sim
