#include "sim/experiments/report.h"

#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "sim/experiments/paper_figure16.h"

extern char** environ;

namespace sim::experiments {

namespace {

// Microseconds as milliseconds with exactly three decimals ("287.125"): exact, and the
// same on every machine and locale.
std::string exact_ms(Time micros) {
  const bool negative = micros < 0;
  const Time magnitude = negative ? -micros : micros;
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%03lld", negative ? "-" : "", static_cast<long long>(magnitude / 1000),
                static_cast<long long>(magnitude % 1000));
  return text;
}

std::string fixed(double value, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Line colours, one per variant, the same in every chart (and for the paper's curve).
constexpr std::array<const char*, 12> kColours = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                                  "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"};
const char* colour(std::size_t index) { return kColours[index % kColours.size()]; }

}  // namespace

void write_trials_csv(std::ostream& out, const std::vector<VariantOutcome>& outcomes) {
  out << "range,nodes,trial,seed,downtime_ms,rounds,split_vote,finished,new_leader,crash_phase_ms\n";
  for (const VariantOutcome& outcome : outcomes) {
    const std::string range = range_name(outcome.settings.timeouts);
    for (std::size_t t = 0; t < outcome.trials.size(); ++t) {
      const TrialResult& trial = outcome.trials[t];
      out << range << ',' << outcome.settings.nodes << ',' << t << ',' << trial.seed << ',' << exact_ms(trial.downtime)
          << ',' << trial.rounds << ',' << (trial.split_vote ? 1 : 0) << ',' << (trial.finished ? 1 : 0) << ','
          << trial.new_leader << ',' << exact_ms(trial.crash_phase) << '\n';
    }
  }
}

std::string variant_label(const FailoverSettings& settings, Label label) {
  return label == Label::Nodes ? std::to_string(settings.nodes) : range_name(settings.timeouts);
}

std::string summary_table(const std::vector<VariantOutcome>& outcomes, Label label) {
  std::ostringstream out;
  out << (label == Label::Nodes ? "| servers " : "| range (ms) ")
      << "| trials | mean (ms) | median | 90th pct | 99th pct | max | split votes | rounds (mean) | unfinished |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const VariantOutcome& outcome : outcomes) {
    const Summary& s = outcome.summary;
    // An unfinished trial counts as the give-up time, so a figure it reaches is only a
    // lower bound: marked ">=". (So is the mean, and the rounds, of such a variant.)
    const double give_up_ms = to_ms(outcome.settings.give_up_after);
    const auto at_least = [&](double ms, bool bound) { return (bound ? ">= " : "") + fixed(ms, 1); };
    const bool censored = s.unfinished > 0;
    out << "| " << variant_label(outcome.settings, label) << " | " << s.trials << " | " << at_least(s.mean_ms, censored)
        << " | " << at_least(s.median_ms, s.median_ms >= give_up_ms) << " | " << at_least(s.p90_ms, s.p90_ms >= give_up_ms)
        << " | " << at_least(s.p99_ms, s.p99_ms >= give_up_ms) << " | " << at_least(s.max_ms, s.max_ms >= give_up_ms)
        << " | " << fixed(100.0 * s.split_vote_share, 1) << "% | " << (censored ? ">= " : "") << fixed(s.mean_rounds, 2)
        << " | " << s.unfinished << " |\n";
  }
  return out.str();
}

void write_cdf_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes) {
  for (const VariantOutcome& outcome : outcomes) {
    out << "# " << range_name(outcome.settings.timeouts) << " ms, " << outcome.settings.nodes << " servers\n";
    std::vector<Time> downtimes;
    for (const TrialResult& trial : outcome.trials) {
      if (trial.finished) downtimes.push_back(trial.downtime);
    }
    const std::vector<CdfPoint> points = cdf(downtimes, outcome.trials.size());
    if (points.empty()) out << "NaN NaN\n";  // keeps the block numbering of the script
    if (!points.empty()) out << fixed(points.front().ms, 3) << " 0\n";  // the staircase starts at 0%
    for (const CdfPoint& point : points) out << fixed(point.ms, 3) << ' ' << fixed(point.fraction, 6) << '\n';
    out << "\n\n";
  }
}

void write_paper_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes) {
  for (const VariantOutcome& outcome : outcomes) {
    const PaperCurve* curve = paper_curve(range_name(outcome.settings.timeouts));
    out << "# the paper's Figure 16, " << range_name(outcome.settings.timeouts) << " ms"
        << (curve ? " (digitised)" : ": not in the paper") << '\n';
    if (curve) {
      for (std::size_t i = 0; i < curve->ms.size(); ++i) {
        out << curve->ms[i] << ' ' << fixed(kPaperCurveFractions[i], 2) << '\n';
      }
    } else {
      out << "NaN NaN\n";  // keeps the block numbering aligned with the CDF file
    }
    out << "\n\n";
  }
}

void write_summary_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes) {
  out << "# nodes spread_ms mean_ms median_ms p90_ms p99_ms max_ms split_vote_percent mean_rounds\n";
  for (const VariantOutcome& outcome : outcomes) {
    const Summary& s = outcome.summary;
    const FailoverSettings& settings = outcome.settings;
    out << settings.nodes << ' ' << exact_ms(settings.timeouts.max - settings.timeouts.min) << ' '
        << fixed(s.mean_ms, 3) << ' ' << fixed(s.median_ms, 3) << ' ' << fixed(s.p90_ms, 3) << ' '
        << fixed(s.p99_ms, 3) << ' ' << fixed(s.max_ms, 3) << ' ' << fixed(100.0 * s.split_vote_share, 3) << ' '
        << fixed(s.mean_rounds, 3) << '\n';
  }
}

namespace {

// The part of every script that draws into both files.
std::string both_formats(const std::string& base, const std::string& size, const std::string& body) {
  return "# Drawn by gnuplot; written by raftsim experiment (sim/experiments/report.cpp).\n"
         "do for [format in \"png svg\"] {\n"
         "  if (format eq \"png\") {\n"
         "    set terminal pngcairo size " + size + " font \"DejaVu Sans,11\" linewidth 1.2\n"
         "  } else {\n"
         "    set terminal svg size " + size + " font \"DejaVu Sans,11\" linewidth 1.2 background \"#ffffff\"\n"
         "  }\n"
         "  set output \"" + base + ".\".format\n" + body +
         "  unset output\n"
         "}\n";
}

// One panel of Figure 16: our CDF (solid steps) and the paper's (dashed) per range.
std::string failover_panel(const std::vector<VariantOutcome>& outcomes, const std::vector<std::size_t>& members,
                           const std::string& title, const std::string& base) {
  std::ostringstream out;
  out << "  set title \"" << title << "\"\n"
      << "  set logscale x\n  set format x \"%g\"\n  set xrange [10:*]\n"
      << "  set xlabel \"time without a leader (ms)\"\n"
      << "  set ylabel \"cumulative percent of trials\"\n"
      << "  set yrange [0:100]\n  set grid\n  set key outside right top\n"
      // Fixed margins keep both panels' time axes aligned whatever their keys' widths.
      << "  set lmargin at screen 0.08\n  set rmargin at screen 0.68\n";
  out << "  plot ";
  bool first = true;
  for (std::size_t i : members) {
    const std::string range = range_name(outcomes[i].settings.timeouts);
    if (!first) out << ", \\\n       ";
    first = false;
    const Summary& summary = outcomes[i].summary;
    std::string title = range + " ms";
    if (summary.unfinished > 0) {
      title += " (" + std::to_string(summary.unfinished) + " unfinished)";
    }
    out << '"' << base << "-cdf.dat\" index " << i << " using 1:($2*100) with steps lw 2 lc rgb \"" << colour(i)
        << "\" title \"" << title << "\"";
    if (paper_curve(range)) {
      out << ", \\\n       \"" << base << "-paper.dat\" index " << i << " using 1:($2*100) with lines dt 2 lw 1 lc rgb \""
          << colour(i) << "\" notitle";
    }
  }
  out << '\n';
  return out.str();
}

// ", timers up to 1 ms late" when the run had timer jitter (every variant shares it).
std::string jitter_note(const std::vector<VariantOutcome>& outcomes) {
  const Time jitter = outcomes.empty() ? 0 : outcomes.front().settings.timer_jitter;
  if (jitter <= 0) return "";
  std::ostringstream ms;
  ms << static_cast<double>(jitter) / raft::kMillisecond;
  return ", timers up to " + ms.str() + " ms late";
}

}  // namespace

std::string failover_chart_script(const std::vector<VariantOutcome>& outcomes, const std::string& base) {
  std::vector<TimeoutRange> ranges;
  for (const VariantOutcome& outcome : outcomes) ranges.push_back(outcome.settings.timeouts);
  std::vector<std::size_t> randomness, scale;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (on_randomness_panel(ranges[i], ranges)) randomness.push_back(i);
    if (on_scale_panel(ranges[i])) scale.push_back(i);
  }
  const int nodes = outcomes.empty() ? 0 : outcomes.front().settings.nodes;
  const std::size_t trials = outcomes.empty() ? 0 : outcomes.front().trials.size();
  const int panels = (randomness.empty() ? 0 : 1) + (scale.empty() ? 0 : 1);
  std::string body = "  set multiplot layout " + std::to_string(std::max(panels, 1)) +
                     ",1 title \"Time to detect and replace a crashed leader: " + std::to_string(nodes) +
                     " servers, " + std::to_string(trials) + " trials per line" + jitter_note(outcomes) +
                     "\\n(solid: raftsim; dashed: the paper's Figure 16)\"\n";
  if (!randomness.empty()) {
    body += failover_panel(outcomes, randomness, "Varying the randomness of the election timeout", base);
  }
  if (!scale.empty()) {
    body += failover_panel(outcomes, scale, "Scaling the minimum election timeout (range X-2X)", base);
  }
  body += "  unset multiplot\n";
  return both_formats(base, std::to_string(1000) + "," + std::to_string(panels > 1 ? 1000 : 520), body);
}

std::string cluster_size_chart_script(const std::string& base) {
  const std::string body =
      "  set title \"Time to elect a new leader against cluster size (the worst case of Figure 16, 150-300 ms)\"\n"
      "  set xlabel \"servers in the cluster\"\n"
      "  set ylabel \"time without a leader (ms)\"\n"
      "  set y2label \"trials with a split vote (%)\"\n"
      "  set ytics nomirror\n  set y2tics\n  set yrange [0:*]\n  set y2range [0:*]\n  set grid\n"
      "  set key inside right bottom box opaque\n"
      "  plot \"" + base + "-summary.dat\" using 1:4 with linespoints lw 2 pt 7 lc rgb \"#1f77b4\" title \"median\", \\\n"
      "       \"\" using 1:5 with linespoints lw 2 pt 5 lc rgb \"#ff7f0e\" title \"90th percentile\", \\\n"
      "       \"\" using 1:6 with linespoints lw 2 pt 9 lc rgb \"#d62728\" title \"99th percentile\", \\\n"
      "       \"\" using 1:8 axes x1y2 with linespoints dt 2 lw 1 pt 6 lc rgb \"#2ca02c\" title \"split votes (right axis)\"\n";
  return both_formats(base, "1000,600", body);
}

std::string split_vote_chart_script(const std::string& base, double latency_mean_ms) {
  const std::string latency = fixed(latency_mean_ms, 3);
  const std::string body =
      "  set title \"Split votes against the spread of the election timeout (minimum 150 ms, mean one-way latency " +
      fixed(latency_mean_ms, 1) + " ms)\"\n"
      "  set xlabel \"timeout spread (max - min) / mean one-way latency\"\n"
      "  set ylabel \"trials with a split vote (%)\"\n"
      "  set y2label \"election rounds per failover (mean, log scale)\"\n"
      "  set ytics nomirror\n  set y2tics\n  set yrange [0:100]\n  set logscale y2\n  set y2range [1:*]\n"
      "  set grid\n  set key inside right center box opaque\n"
      "  plot \"" + base + "-summary.dat\" using ($2/" + latency + "):8 with linespoints lw 2 pt 7 lc rgb \"#d62728\" title \"split votes\", \\\n"
      "       \"\" using ($2/" + latency + "):9 axes x1y2 with linespoints dt 2 lw 1 pt 6 lc rgb \"#1f77b4\" title \"rounds (right axis)\"\n";
  return both_formats(base, "1000,600", body);
}

std::string run_gnuplot(const std::string& folder, const std::string& script) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, folder.c_str());
  std::string program = "gnuplot";
  std::string argument = script;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return spawned == ENOENT ? "gnuplot is not installed (Debian package gnuplot-nox)"
                             : std::string("cannot start gnuplot: ") + std::strerror(spawned);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::string("waiting for gnuplot: ") + std::strerror(errno);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return "gnuplot is not installed (Debian package gnuplot-nox)";
  return "gnuplot failed on " + script + " (its messages are above)";
}

}  // namespace sim::experiments
