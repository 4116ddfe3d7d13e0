#include "sim/experiments/experiment.h"

#include <algorithm>
#include <charconv>

#include "core/random.h"
#include "sim/experiments/parallel.h"

namespace sim::experiments {

using raft::kMillisecond;

std::uint64_t trial_seed(std::uint64_t run_seed, std::size_t trial) { return raft::derive_seed(run_seed, trial + 1); }

std::vector<VariantOutcome> run_variants(const std::vector<Variant>& variants, int trials, std::uint64_t run_seed,
                                         int jobs, const std::function<void(std::size_t, std::size_t)>& progress) {
  const std::size_t per_variant = static_cast<std::size_t>(std::max(trials, 0));
  const std::size_t total = variants.size() * per_variant;
  const std::function<TrialResult(std::size_t)> task = [&](std::size_t i) {
    return run_failover_trial(variants[i / per_variant].settings, trial_seed(run_seed, i % per_variant));
  };
  std::function<void(std::size_t)> report;
  if (progress) report = [&](std::size_t done) { progress(done, total); };
  std::vector<TrialResult> all = run_parallel(total, jobs, task, report);
  std::vector<VariantOutcome> outcomes;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    VariantOutcome outcome{variants[v].settings, {}, {}};
    outcome.trials.assign(all.begin() + static_cast<std::ptrdiff_t>(v * per_variant),
                          all.begin() + static_cast<std::ptrdiff_t>((v + 1) * per_variant));
    std::vector<Sample> samples;
    for (const TrialResult& trial : outcome.trials) {
      samples.push_back({trial.downtime, trial.rounds, trial.split_vote, trial.finished});
    }
    outcome.summary = summarize(samples);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

namespace {
TimeoutRange ms_range(Time min, Time max) { return {min * kMillisecond, max * kMillisecond}; }
}  // namespace

std::vector<TimeoutRange> paper_randomness_ranges() {
  return {ms_range(150, 150), ms_range(150, 151), ms_range(150, 155),
          ms_range(150, 175), ms_range(150, 200), ms_range(150, 300)};
}

std::vector<TimeoutRange> paper_scale_ranges() {
  return {ms_range(12, 24), ms_range(25, 50), ms_range(50, 100), ms_range(100, 200), ms_range(150, 300)};
}

std::vector<TimeoutRange> paper_ranges() {
  std::vector<TimeoutRange> ranges = paper_randomness_ranges();
  for (const TimeoutRange& range : paper_scale_ranges()) {
    if (std::find(ranges.begin(), ranges.end(), range) == ranges.end()) ranges.push_back(range);
  }
  return ranges;
}

bool on_scale_panel(const TimeoutRange& range) { return range.max == 2 * range.min; }

bool on_randomness_panel(const TimeoutRange& range, const std::vector<TimeoutRange>& all) {
  if (!on_scale_panel(range)) return true;
  return std::any_of(all.begin(), all.end(), [&](const TimeoutRange& other) {
    return !on_scale_panel(other) && other.min == range.min;
  });
}

namespace {

// A number of milliseconds with up to three decimals, as microseconds; advances `at`.
bool parse_milliseconds(const std::string& text, std::size_t& at, Time& value) {
  const std::size_t start = at;
  std::int64_t whole = 0;
  const auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), whole);
  if (error != std::errc() || end == text.data() + at || text[at] == '-' || text[at] == '+') return false;
  at = static_cast<std::size_t>(end - text.data());
  if (whole > 1'000'000'000) {
    at = start;
    return false;
  }
  Time micros = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (++digits > 3) return false;
      micros = micros * 10 + (text[at++] - '0');
    }
    if (digits == 0) return false;
    for (; digits < 3; ++digits) micros *= 10;
  }
  value = whole * kMillisecond + micros;
  return true;
}

}  // namespace

bool parse_ranges(const std::string& text, std::vector<TimeoutRange>& ranges, std::string& error) {
  ranges.clear();
  std::size_t at = 0;
  const auto fail = [&](const std::string& expected, const std::string& hint) {
    error = "column " + std::to_string(at + 1) + ": expected " + expected + "\n  hint: " + hint;
    return false;
  };
  const std::string hint = "write ranges in milliseconds as MIN-MAX, separated by commas, e.g. 150-155,12-24";
  if (text.empty()) return fail("a range such as 150-300", hint);
  while (true) {
    TimeoutRange range;
    if (!parse_milliseconds(text, at, range.min)) return fail("a minimum timeout in milliseconds (up to 3 decimals)", hint);
    if (at >= text.size() || text[at] != '-') return fail("'-' between the minimum and the maximum", hint);
    ++at;
    if (!parse_milliseconds(text, at, range.max)) return fail("a maximum timeout in milliseconds (up to 3 decimals)", hint);
    if (range.min <= 0) return fail("a minimum above 0 ms", "an election timeout of 0 ms fires at once");
    if (range.max < range.min) return fail("a maximum no smaller than the minimum", hint);
    if (std::find(ranges.begin(), ranges.end(), range) != ranges.end()) {
      return fail("each range once (" + range_name(range) + " is given twice)", "drop the repeated range");
    }
    ranges.push_back(range);
    if (at == text.size()) return true;
    if (text[at] != ',') return fail("',' or the end after a range", hint);
    ++at;
  }
}

}  // namespace sim::experiments
