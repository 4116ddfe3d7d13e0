// The GUI's live experiment (gui/model/live_experiment.h): the worker runs the CLI's
// trials, in order, and stops when asked.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "gui/model/live_experiment.h"
#include "sim/experiments/experiment.h"

using namespace sim::experiments;

namespace {
// Waits (at most a minute) until the worker is done.
gui::LiveExperiment::Progress wait_for(const gui::LiveExperiment& experiment) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  gui::LiveExperiment::Progress progress = experiment.progress();
  while (progress.running && std::chrono::steady_clock::now() < limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    progress = experiment.progress();
  }
  return progress;
}
}  // namespace

TEST_CASE("the live experiment measures the same trials as the command line") {
  FailoverSettings settings;
  settings.timeouts = {150 * raft::kMillisecond, 300 * raft::kMillisecond};
  gui::LiveExperiment experiment;
  experiment.start(settings, 25, 1, 0);
  const gui::LiveExperiment::Progress progress = wait_for(experiment);
  REQUIRE_FALSE(progress.running);
  CHECK(progress.done == 25);
  CHECK(progress.total == 25);
  REQUIRE(progress.downtimes.size() == 25);
  int splits = 0;
  for (std::size_t t = 0; t < 25; ++t) {
    const TrialResult trial = run_failover_trial(settings, trial_seed(1, t));
    CHECK(progress.downtimes[t] == trial.downtime);
    splits += trial.split_vote ? 1 : 0;
  }
  CHECK(progress.split_votes == splits);
}

TEST_CASE("stopping ends the run early; starting again starts afresh") {
  FailoverSettings settings;
  settings.timeouts = {150 * raft::kMillisecond, 300 * raft::kMillisecond};
  gui::LiveExperiment experiment;
  experiment.start(settings, 1000, 1, 20);  // 50 s at this pace
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  experiment.stop();
  const gui::LiveExperiment::Progress stopped = experiment.progress();
  CHECK_FALSE(stopped.running);
  CHECK(stopped.done < 1000);
  experiment.start(settings, 3, 2, 0);
  const gui::LiveExperiment::Progress again = wait_for(experiment);
  CHECK(again.done == 3);
  CHECK(again.downtimes.front() == run_failover_trial(settings, trial_seed(2, 0)).downtime);
}
