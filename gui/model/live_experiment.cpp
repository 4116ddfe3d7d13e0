#include "gui/model/live_experiment.h"

#include <chrono>

#include "sim/experiments/experiment.h"

namespace gui {

void LiveExperiment::start(const sim::experiments::FailoverSettings& settings, int trials, std::uint64_t seed,
                           int trials_per_second) {
  stop();
  {
    const std::lock_guard lock(mutex_);
    progress_ = Progress{};
    progress_.total = trials;
    progress_.running = true;
  }
  stopping_ = false;
  worker_ = std::thread(&LiveExperiment::work, this, settings, trials, seed, trials_per_second);
}

void LiveExperiment::stop() {
  stopping_ = true;
  if (worker_.joinable()) worker_.join();
  const std::lock_guard lock(mutex_);
  progress_.running = false;
}

LiveExperiment::Progress LiveExperiment::progress() const {
  const std::lock_guard lock(mutex_);
  return progress_;
}

void LiveExperiment::work(sim::experiments::FailoverSettings settings, int trials, std::uint64_t seed,
                          int trials_per_second) {
  const auto pause = trials_per_second > 0 ? std::chrono::microseconds(1'000'000 / trials_per_second)
                                           : std::chrono::microseconds(0);
  auto next = std::chrono::steady_clock::now();
  for (int t = 0; t < trials && !stopping_; ++t) {
    const sim::experiments::TrialResult result =
        sim::experiments::run_failover_trial(settings, sim::experiments::trial_seed(seed, static_cast<std::size_t>(t)));
    {
      const std::lock_guard lock(mutex_);
      ++progress_.done;
      if (result.finished) progress_.downtimes.push_back(result.downtime);
      if (!result.finished) ++progress_.unfinished;
      if (result.split_vote) ++progress_.split_votes;
    }
    next += pause;
    while (!stopping_ && std::chrono::steady_clock::now() < next) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::lock_guard lock(mutex_);
  progress_.running = false;
}

}  // namespace gui
