// The statistics behind the experiments' tables and charts.
#include <doctest/doctest.h>

#include "sim/experiments/experiment.h"
#include "sim/experiments/statistics.h"

using namespace sim::experiments;
using raft::kMillisecond;

namespace {
Sample sample(Time ms, int rounds = 1, bool split = false) { return {ms * kMillisecond, rounds, split, true}; }
}  // namespace

TEST_CASE("a percentile by nearest rank is a time some trial took") {
  const std::vector<Time> sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  CHECK(nearest_rank(sorted, 50) == 50);   // rank ceil(0.5 * 10) = 5: the lower middle
  CHECK(nearest_rank(sorted, 90) == 90);
  CHECK(nearest_rank(sorted, 91) == 100);  // rank ceil(9.1) = 10
  CHECK(nearest_rank(sorted, 99) == 100);
  CHECK(nearest_rank(sorted, 100) == 100);
  CHECK(nearest_rank(sorted, 0) == 10);
  CHECK(nearest_rank({7}, 50) == 7);
  // 1,000 trials: the 99th percentile is the 990th time, not the largest.
  std::vector<Time> thousand;
  for (Time t = 1; t <= 1000; ++t) thousand.push_back(t);
  CHECK(nearest_rank(thousand, 99) == 990);
  CHECK(nearest_rank(thousand, 50) == 500);
}

TEST_CASE("a summary: mean, median, tail, worst, split-vote share, rounds") {
  const Summary s = summarize({sample(100), sample(300, 3, true), sample(200, 2), sample(400, 1, true)});
  CHECK(s.trials == 4);
  CHECK(s.mean_ms == doctest::Approx(250.0));
  CHECK(s.median_ms == doctest::Approx(200.0));  // lower middle of 100 200 300 400
  CHECK(s.p90_ms == doctest::Approx(400.0));
  CHECK(s.max_ms == doctest::Approx(400.0));
  CHECK(s.split_vote_share == doctest::Approx(0.5));
  CHECK(s.mean_rounds == doctest::Approx(1.75));
  CHECK(s.unfinished == 0);
}

TEST_CASE("microseconds survive into the summary; unfinished trials are counted") {
  Sample slow = sample(0);
  slow.downtime = 1500;  // 1.5 ms
  slow.finished = false;
  const Summary s = summarize({slow});
  CHECK(s.max_ms == doctest::Approx(1.5));
  CHECK(s.unfinished == 1);
  CHECK(summarize({}).trials == 0);
}

TEST_CASE("the CDF is a staircase over distinct times, ending at 100%") {
  const std::vector<CdfPoint> points = cdf({30, 10, 20, 20}, 4);
  REQUIRE(points.size() == 3);
  CHECK(points[0].ms == doctest::Approx(0.010));
  CHECK(points[0].fraction == doctest::Approx(0.25));
  CHECK(points[1].ms == doctest::Approx(0.020));
  CHECK(points[1].fraction == doctest::Approx(0.75));  // both 20s counted at once
  CHECK(points[2].fraction == doctest::Approx(1.0));
  CHECK(cdf({}, 3).empty());
}

TEST_CASE("trials that never finished keep the CDF below 100%") {
  const std::vector<CdfPoint> points = cdf({10, 20}, 4);
  REQUIRE(points.size() == 2);
  CHECK(points.back().fraction == doctest::Approx(0.5));
}

TEST_CASE("ranges are parsed in milliseconds, errors say where and what was expected") {
  std::vector<TimeoutRange> ranges;
  std::string error;
  REQUIRE(parse_ranges("150-155,12-24", ranges, error));
  REQUIRE(ranges.size() == 2);
  CHECK(ranges[0].min == 150 * kMillisecond);
  CHECK(ranges[0].max == 155 * kMillisecond);
  CHECK(range_name(ranges[1]) == "12-24");
  REQUIRE(parse_ranges("0.5-1.25", ranges, error));
  CHECK(ranges[0].min == 500);
  CHECK(range_name(ranges[0]) == "0.5-1.25");

  CHECK_FALSE(parse_ranges("150-x", ranges, error));
  CHECK(error.find("column 5: expected a maximum") == 0);
  CHECK_FALSE(parse_ranges("150", ranges, error));
  CHECK(error.find("column 4: expected '-'") == 0);
  CHECK_FALSE(parse_ranges("300-150", ranges, error));
  CHECK(error.find("no smaller than the minimum") != std::string::npos);
  CHECK_FALSE(parse_ranges("0-10", ranges, error));
  CHECK_FALSE(parse_ranges("150-155,", ranges, error));
  CHECK(error.find("column 9") == 0);
  CHECK_FALSE(parse_ranges("150-155,150-155", ranges, error));
  CHECK(error.find("given twice") != std::string::npos);
  CHECK_FALSE(parse_ranges("-5-10", ranges, error));
  CHECK_FALSE(parse_ranges("1.2345-2", ranges, error));
  CHECK_FALSE(parse_ranges("99999999999999999999-1", ranges, error));
  CHECK_FALSE(parse_ranges("", ranges, error));
  CHECK(error.find("hint:") != std::string::npos);
}

TEST_CASE("Figure 16's two panels: randomness (fixed minimum) and scale (X-2X)") {
  const std::vector<TimeoutRange> paper = paper_ranges();
  CHECK(paper.size() == 10);  // eleven lines, 150-300 drawn on both panels
  int randomness = 0, scale = 0;
  for (const TimeoutRange& range : paper) {
    randomness += on_randomness_panel(range, paper) ? 1 : 0;
    scale += on_scale_panel(range) ? 1 : 0;
  }
  CHECK(randomness == 6);
  CHECK(scale == 5);
  // Alone, an X-2X range is only on the scale panel.
  const std::vector<TimeoutRange> alone = {{12 * kMillisecond, 24 * kMillisecond}};
  CHECK_FALSE(on_randomness_panel(alone[0], alone));
}
