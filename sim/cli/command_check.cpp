// `raftsim check PATH...`: many scenarios, one line each, then "N passed, N failed".
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/io/safe_text.h"
#include "sim/lincheck/verdict.h"
#include "sim/scenario/limits.h"

namespace sim {

namespace {

namespace fs = std::filesystem;

// What the paths named: scenario files, and the problems found looking for them.
struct Found {
  std::vector<std::string> files;
  struct Problem {
    std::string path;
    std::string error;
    std::string hint;
  };
  std::vector<Problem> problems;
};

// Collects the *.scenario files under `folder`, in name order. A folder that cannot be
// read is a problem to report, not a reason to stop (nor to crash). Links to folders are
// not followed, so a link cycle cannot loop.
void collect(const fs::path& folder, Found& found) {
  std::error_code error;
  fs::directory_iterator entries(folder, error);
  std::vector<fs::path> files;
  std::vector<fs::path> folders;
  for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
    const fs::directory_entry& entry = *entries;
    std::error_code type_error;
    if (entry.is_directory(type_error) && !entry.is_symlink(type_error)) {
      folders.push_back(entry.path());
    } else if (entry.path().extension() == ".scenario" && entry.is_regular_file(type_error)) {
      files.push_back(entry.path());
    }
  }
  if (error) {
    found.problems.push_back({folder.string(), "cannot read this folder: " + error.message(),
                              "make it readable (chmod u+rx FOLDER), or name the folders to check one by one"});
  }
  std::sort(files.begin(), files.end());
  std::sort(folders.begin(), folders.end());
  for (const fs::path& file : files) found.files.push_back(file.string());
  for (const fs::path& sub : folders) collect(sub, found);
}

Found scenario_files(const std::vector<std::string>& paths) {
  Found found;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::is_directory(status)) {
      const std::size_t before = found.files.size() + found.problems.size();
      collect(path, found);
      if (found.files.size() + found.problems.size() == before) {
        found.problems.push_back({path, "this folder holds no .scenario files (its subfolders were searched too)",
                                  "name a folder of scenarios, such as scenarios/, or the files themselves"});
      }
    } else if (fs::exists(status)) {
      found.files.push_back(path);
    } else {
      found.problems.push_back({path, "no such file or folder", "check the spelling of the name and of its folders"});
    }
  }
  return found;
}

}  // namespace

int check_command(const std::vector<std::string>& paths, std::optional<std::uint64_t> seed) {
  const Found found = scenario_files(paths);
  int worst = kExitPassed;
  int passed = 0;
  int failed = 0;
  for (const Found::Problem& problem : found.problems) {
    std::cout << "FAIL " << printable(problem.path) << "\n  " << printable(problem.path) << ": error: " << problem.error
              << "\n  hint: " << problem.hint << '\n';
    ++failed;
    worst = std::max(worst, kExitBadInput);
  }
  for (const std::string& file : found.files) {
    const std::string shown = printable(file);
    Scenario scenario;
    try {
      scenario = load_scenario(file);
    } catch (const ScenarioError& error) {
      std::cout << "FAIL " << shown << " (bad file)\n  " << format_error(error) << '\n';
      ++failed;
      worst = std::max(worst, kExitBadInput);
      continue;
    }
    ScenarioPlayer player(std::move(scenario), seed);
    // Notes are not shown here; dropping them as the run goes keeps a long repeat's
    // thousands of notes from piling up.
    while (!player.finished() && !past_event_limit(player)) {
      player.step();
      (void)player.take_notes();
    }
    const Simulator& simulator = player.simulator();
    if (!player.finished()) {
      std::cout << "FAIL " << shown << " (over the limit)\n  " << format_error(event_limit_error(player)) << '\n';
      ++failed;
      worst = std::max(worst, kExitBadInput);
      continue;
    }
    if (player.status() != PlayStatus::InvariantViolated) {
      // The client's history, judged in memory: a violation fails the scenario.
      const lincheck::RunVerdict verdict = lincheck::check_run(simulator.history());
      if (verdict.result.verdict != lincheck::Verdict::Linearizable) {
        ++failed;
        const bool violated = verdict.result.verdict == lincheck::Verdict::NotLinearizable;
        std::cout << "FAIL " << shown << (violated ? "\n  the client's history is not linearizable\n" : "\n") << verdict.report
                  << "  reproduce with: " << reproduce_command(file, simulator.config().seed) << '\n';
        worst = std::max(worst, violated ? kExitViolation : kExitUndecided);
        continue;
      }
    }
    switch (player.status()) {
      case PlayStatus::Passed:
        ++passed;
        std::cout << "PASS " << shown << "  (" << count(player.expectations_passed(), "expectation", "expectations") << ", "
                  << format_duration(simulator.now()) << " virtual, " << simulator.stats().events << " events)\n";
        break;
      case PlayStatus::ExpectationFailed: {
        ++failed;
        std::cout << "FAIL " << shown << '\n';
        std::ostringstream details;
        print_failure(details, *player.failure());
        std::istringstream lines(details.str());
        for (std::string line; std::getline(lines, line);) std::cout << "  " << line << '\n';
        std::cout << "  reproduce with: " << reproduce_command(file, simulator.config().seed) << '\n';
        worst = std::max(worst, kExitExpectationFailed);
        break;
      }
      default:
        ++failed;
        std::cout << "FAIL " << shown << "\n" << format_violation(*simulator.violation()) << "\n  reproduce with: "
                  << reproduce_command(file, simulator.config().seed) << '\n';
        worst = std::max(worst, kExitViolation);
        break;
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return finish(worst);
}

}  // namespace sim
