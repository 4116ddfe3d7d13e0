#include "sim/experiments/command.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "sim/experiments/experiment.h"
#include "sim/experiments/report.h"

namespace sim::experiments {

namespace {

using raft::kMillisecond;
using raft::kSecond;

constexpr int kExitDone = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitViolation = 3;
constexpr int kExitNoCharts = 4;
constexpr int kExitStageFailed = 5;

// What distinguishes the three experiments: their variants, how a variant is named,
// and their chart.
struct Experiment {
  const char* name;
  const char* help;
  Label label;
};

constexpr Experiment kExperiments[] = {
    {"leader-failover",
     "Figure 16 of the Raft paper: crash the leader, time until a new one is heard, per election-timeout range",
     Label::Range},
    {"cluster-size", "Failover time against the number of servers (3 to 51), one timeout range", Label::Nodes},
    {"split-votes", "Split-vote rate against the spread of the election timeout, relative to the latency",
     Label::Range},
};

void error(const std::string& what, const std::string& hint) {
  std::cerr << "raftsim experiment: error: " << what << "\n  hint: " << hint << '\n';
}

// "3,5,7" -> {3, 5, 7}; each within [low, high]. On error says where.
bool parse_numbers(const std::string& flag, const std::string& text, int low, int high, std::vector<int>& numbers) {
  numbers.clear();
  std::size_t at = 0;
  while (true) {
    std::size_t end = at;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' && end - at < 7) ++end;
    if (end == at) {
      error(flag + " '" + text + "', column " + std::to_string(at + 1) + ": expected a whole number",
            "write numbers separated by commas, e.g. " + flag + " 3,5,7");
      return false;
    }
    const int value = std::stoi(text.substr(at, end - at));
    if (value < low || value > high) {
      error(flag + " '" + text + "', column " + std::to_string(at + 1) + ": " + std::to_string(value) +
                " is out of range",
            "each value must be from " + std::to_string(low) + " to " + std::to_string(high));
      return false;
    }
    numbers.push_back(value);
    at = end;
    if (at == text.size()) return true;
    if (text[at] != ',') {
      error(flag + " '" + text + "', column " + std::to_string(at + 1) + ": expected ',' or the end",
            "write numbers separated by commas, e.g. " + flag + " 3,5,7");
      return false;
    }
    ++at;
  }
}

bool parse_range_list(const std::string& flag, const std::string& text, std::vector<TimeoutRange>& ranges) {
  std::string why;
  if (parse_ranges(text, ranges, why)) return true;
  std::cerr << "raftsim experiment: error: " << flag << " '" << text << "', " << why << '\n';
  return false;
}

Time ms_to_time(double ms) { return static_cast<Time>(std::llround(ms * kMillisecond)); }

// The variants of the chosen experiment, or false on bad input (already reported).
bool make_variants(const std::string& name, const CommandOptions& options, std::vector<Variant>& variants) {
  FailoverSettings base;
  base.nodes = options.nodes;
  base.latency_min = ms_to_time(options.latency_min_ms);
  base.latency_max = ms_to_time(options.latency_max_ms);
  base.divergent_logs = !options.equal_logs;
  base.timer_jitter = ms_to_time(options.timer_jitter_ms);
  base.give_up_after = static_cast<Time>(std::llround(options.give_up_seconds * kSecond));
  if (name == "leader-failover") {
    std::vector<TimeoutRange> ranges = paper_ranges();
    if (!options.ranges.empty() && !parse_range_list("--ranges", options.ranges, ranges)) return false;
    for (const TimeoutRange& range : ranges) {
      variants.push_back({base});
      variants.back().settings.timeouts = range;
    }
  } else if (name == "cluster-size") {
    std::vector<TimeoutRange> range;
    std::vector<int> sizes;
    if (!parse_range_list("--range", options.range, range) || !parse_numbers("--sizes", options.sizes, 3, 101, sizes)) {
      return false;
    }
    if (range.size() != 1) {
      error("--range takes one range, not " + std::to_string(range.size()), "e.g. --range 150-300");
      return false;
    }
    for (int size : sizes) {
      variants.push_back({base});
      variants.back().settings.nodes = size;
      variants.back().settings.timeouts = range.front();
    }
  } else {
    std::vector<int> spreads;
    if (!parse_numbers("--spreads", options.spreads, 0, 100000, spreads)) return false;
    for (int spread : spreads) {
      variants.push_back({base});
      variants.back().settings.timeouts = {150 * kMillisecond, (150 + spread) * kMillisecond};
    }
  }
  for (const Variant& variant : variants) {
    if (const std::string why = check_settings(variant.settings); !why.empty()) {
      error(why, "widen the timeout range or narrow the latency (--latency-min, --latency-max)");
      return false;
    }
  }
  return true;
}

// A progress bar with the time left, on a terminal only; wall-clock time here only
// estimates how long the user waits, it never reaches a trial.
class ProgressBar {
 public:
  explicit ProgressBar(bool shown) : shown_(shown), started_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { finish(); }
  // Ends the bar's line, so what follows starts on a line of its own.
  void finish() {
    if (drawn_) std::cerr << '\n';
    drawn_ = false;
    shown_ = false;
  }
  void update(std::size_t done, std::size_t total) {
    if (!shown_ || total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    drawn_ = true;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * done / total);
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    std::string left = "estimating time left";
    if (done > 0) {
      const auto seconds = static_cast<long long>(elapsed * static_cast<double>(total - done) / static_cast<double>(done));
      left = std::to_string(seconds / 60) + ":" + (seconds % 60 < 10 ? "0" : "") + std::to_string(seconds % 60) + " left";
    }
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << (100 * done / total) << "%  "
              << done << '/' << total << " trials, " << left << "   " << std::flush;
  }

 private:
  bool shown_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
};

bool write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) write(out);
  if (!out) {
    error("cannot write '" + path.string() + "'", "check that its folder exists and is writable");
    return false;
  }
  return true;
}

// Writes the CSV, the table, the chart data and script; draws the chart.
int write_outputs(const Experiment& experiment, const CommandOptions& options,
                  const std::vector<VariantOutcome>& outcomes, const std::string& table) {
  const std::filesystem::path folder(options.out);
  const std::string base = experiment.name;
  const std::filesystem::path csv = options.csv.empty() ? folder / (base + ".csv") : std::filesystem::path(options.csv);
  const std::filesystem::path script = folder / (base + ".gp");
  bool written = write_file(csv, [&](std::ostream& out) { write_trials_csv(out, outcomes); }) &&
                 write_file(folder / (base + "-summary.md"), [&](std::ostream& out) { out << table; }) &&
                 write_file(folder / (base + "-summary.dat"), [&](std::ostream& out) { write_summary_data(out, outcomes); });
  if (written && experiment.label == Label::Range && std::string(experiment.name) == "leader-failover") {
    written = write_file(folder / (base + "-cdf.dat"), [&](std::ostream& out) { write_cdf_data(out, outcomes); }) &&
              write_file(folder / (base + "-paper.dat"), [&](std::ostream& out) { write_paper_data(out, outcomes); }) &&
              write_file(script, [&](std::ostream& out) { out << failover_chart_script(outcomes, base); });
  } else if (written && experiment.label == Label::Nodes) {
    written = write_file(script, [&](std::ostream& out) { out << cluster_size_chart_script(base); });
  } else if (written) {
    const double latency_mean_ms = (options.latency_min_ms + options.latency_max_ms) / 2;
    written = write_file(script, [&](std::ostream& out) { out << split_vote_chart_script(base, latency_mean_ms); });
  }
  if (!written) return kExitBadInput;
  std::cout << "wrote " << csv.string() << ", " << (folder / (base + "-summary.md")).string() << " and "
            << script.string() << '\n';
  if (options.no_charts) return kExitDone;
  if (const std::string why = run_gnuplot(folder.string(), base + ".gp"); !why.empty()) {
    error("the charts were not drawn: " + why, "install gnuplot (apt-get install gnuplot-nox), then run: cd " +
                                                   folder.string() + " && gnuplot " + base + ".gp");
    return kExitNoCharts;
  }
  std::cout << "drew " << (folder / (base + ".png")).string() << " and " << (folder / (base + ".svg")).string() << '\n';
  return kExitDone;
}

int run(const Experiment& experiment, const CommandOptions& options) {
  std::vector<Variant> variants;
  if (!make_variants(experiment.name, options, variants)) return kExitBadInput;
  std::error_code failed;
  if (!options.csv.empty() && std::filesystem::is_directory(options.csv, failed)) {
    error("cannot write '" + options.csv + "': it is a folder", "name a file for --csv");
    return kExitBadInput;
  }
  std::filesystem::create_directories(options.out, failed);
  if (failed || !std::filesystem::is_directory(options.out)) {
    error("cannot create the output folder '" + options.out + "'", "name a folder you can write to with --out");
    return kExitBadInput;
  }
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::cout << "raftsim experiment " << experiment.name << ": " << variants.size() << " settings x " << options.trials
            << " trials, " << (experiment.label == Label::Nodes ? std::string("3 to 51") : std::to_string(options.nodes))
            << " servers, one-way latency " << options.latency_min_ms << "-" << options.latency_max_ms
            << " ms, heartbeat = minimum timeout / 2, timer jitter 0-" << options.timer_jitter_ms << " ms, seed "
            << options.seed << ", " << jobs << " workers\n"
            << std::flush;
  ProgressBar bar(!options.quiet && isatty(STDERR_FILENO));
  const std::vector<VariantOutcome> outcomes =
      run_variants(variants, options.trials, options.seed, jobs, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  bar.finish();
  const std::string table = summary_table(outcomes, experiment.label);
  std::cout << table;
  for (const VariantOutcome& outcome : outcomes) {
    for (const TrialResult& trial : outcome.trials) {
      if (trial.violated) {
        std::cout << "a safety invariant was violated in trial seed " << trial.seed << ":\n" << trial.problem << '\n';
        return kExitViolation;
      }
    }
  }
  const int code = write_outputs(experiment, options, outcomes, table);
  for (const VariantOutcome& outcome : outcomes) {
    for (const TrialResult& trial : outcome.trials) {
      if (!trial.staged) {
        std::cerr << "raftsim experiment: " << variant_label(outcome.settings, experiment.label) << ", trial seed "
                  << trial.seed << ": " << trial.problem << '\n';
        return code == kExitDone ? kExitStageFailed : code;
      }
    }
  }
  return code;
}

}  // namespace

CLI::App* add_experiment_command(CLI::App& app, CommandOptions& options) {
  CLI::App* command = app.add_subcommand("experiment", "Reproduce the Raft paper's election measurements, with charts");
  command->require_subcommand(1);
  command->footer("Exit codes: 0 done, 2 bad input, 3 an invariant was violated, 4 charts not drawn (no gnuplot), "
                  "5 a trial could not set up its stage. See docs/experiments.md.");
  for (const Experiment& experiment : kExperiments) {
    CLI::App* sub = command->add_subcommand(experiment.name, experiment.help);
    sub->option_defaults()->always_capture_default();
    const std::string name = experiment.name;
    if (name == "leader-failover") {
      sub->add_option("--ranges", options.ranges,
                      "Election-timeout ranges in ms, e.g. 150-155,12-24 (default: the paper's eleven)");
    }
    if (name == "cluster-size") {
      sub->add_option("--sizes", options.sizes, "Cluster sizes, comma-separated");
      sub->add_option("--range", options.range, "Election-timeout range, ms");
    } else {
      sub->add_option("--nodes", options.nodes, "Servers in the cluster")->check(CLI::Range(3, 101));
    }
    if (name == "split-votes") {
      sub->add_option("--spreads", options.spreads, "Timeout spreads in ms above a 150 ms minimum, comma-separated");
    }
    sub->add_option("--trials", options.trials, "Trials per setting, each its own seed")->check(CLI::Range(1, 1000000));
    sub->add_option("--jobs,-j", options.jobs, "Worker threads (0: one per core); the result does not depend on it")
        ->check(CLI::Range(0, 1024));
    sub->add_option("--seed", options.seed, "Seed of the run; trial t uses a seed derived from it and t");
    sub->add_option("--latency-min", options.latency_min_ms, "Shortest one-way latency, ms")->check(CLI::Range(0.0, 10000.0));
    sub->add_option("--latency-max", options.latency_max_ms, "Longest one-way latency, ms")->check(CLI::Range(0.0, 10000.0));
    sub->add_option("--timer-jitter", options.timer_jitter_ms,
                    "Each election timer fires up to this many ms late, uniformly (a real server's jitter; 0: exact)")
        ->check(CLI::Range(0.0, 10000.0));
    sub->add_option("--give-up", options.give_up_seconds, "Virtual seconds after the crash to wait for a leader")
        ->check(CLI::Range(0.001, 100000.0));
    sub->add_option("--csv", options.csv, "Write the trials here (default: OUT/NAME.csv)");
    sub->add_option("--out", options.out, "Folder for the table, chart data, gnuplot script and charts");
    sub->add_flag("--equal-logs", options.equal_logs,
                  "Every follower holds the leader's whole log (the paper's worst case gives some shorter logs)");
    sub->add_flag("--no-charts", options.no_charts, "Write the gnuplot script and data but do not run gnuplot");
    sub->add_flag("--quiet,-q", options.quiet, "No progress bar");
  }
  return command;
}

int run_experiment_command(const CLI::App& command, const CommandOptions& options) {
  for (const double value :
       {options.latency_min_ms, options.latency_max_ms, options.give_up_seconds, options.timer_jitter_ms}) {
    if (!std::isfinite(value)) {
      error("a latency, --timer-jitter or --give-up is not a finite number", "write a number of milliseconds (seconds for --give-up)");
      return kExitBadInput;
    }
  }
  if (options.latency_max_ms < options.latency_min_ms) {
    error("--latency-max " + std::to_string(options.latency_max_ms) + " is below --latency-min " +
              std::to_string(options.latency_min_ms),
          "the latency is drawn uniformly from [min, max]");
    return kExitBadInput;
  }
  for (const Experiment& experiment : kExperiments) {
    if (command.got_subcommand(experiment.name)) return run(experiment, options);
  }
  return kExitBadInput;
}

}  // namespace sim::experiments
