// What an experiment writes: a CSV of every trial, a summary table, the data of the
// charts and the gnuplot scripts that draw them (PNG and SVG). gnuplot, not our code,
// draws: we write its data and script, then run it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/experiments/experiment.h"

namespace sim::experiments {

// Header: range,nodes,trial,seed,downtime_ms,rounds,split_vote,finished,new_leader,crash_phase_ms
void write_trials_csv(std::ostream& out, const std::vector<VariantOutcome>& outcomes);

// What names a variant in the table and the charts.
enum class Label { Range, Nodes };
std::string variant_label(const FailoverSettings& settings, Label label);

// A Markdown table, one row per variant: trials, mean, median, 90th and 99th
// percentile, max (ms), split-vote share, mean rounds, unfinished trials.
std::string summary_table(const std::vector<VariantOutcome>& outcomes, Label label);

// Gnuplot data: one block per variant (two blank lines apart), "ms fraction" rows of
// the empirical CDF, and the same for the paper's curves of the ranges measured.
void write_cdf_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes);
void write_paper_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes);
// One row per variant: label-free numbers for the line charts (nodes or spread first).
void write_summary_data(std::ostream& out, const std::vector<VariantOutcome>& outcomes);

// The scripts. `base` is the output path without extension: the script writes
// base.png and base.svg. Data file names are relative to the script's folder.
std::string failover_chart_script(const std::vector<VariantOutcome>& outcomes, const std::string& base);
std::string cluster_size_chart_script(const std::string& base);
std::string split_vote_chart_script(const std::string& base, double latency_mean_ms);

// Runs gnuplot on `script` inside `folder`. Returns "" or what went wrong.
std::string run_gnuplot(const std::string& folder, const std::string& script);

}  // namespace sim::experiments
