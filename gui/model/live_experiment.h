// A small leader-failover experiment run live for the GUI's Experiment tab: the same
// trials as `raftsim experiment leader-failover` (trial t of seed S is the CLI's trial
// t of --seed S), one after another in a worker thread, so the window stays responsive
// and the distribution fills in while the class watches. No ImGui here.
//
// The wall clock only paces the worker (so the curve visibly grows); it never reaches
// a trial, whose result depends on its seed alone.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/experiments/failover.h"

namespace gui {

class LiveExperiment {
 public:
  struct Progress {
    std::vector<raft::Time> downtimes;  // finished trials, in the order they ran
    int done = 0;                       // trials run, finished or not
    int total = 0;
    int split_votes = 0;
    int unfinished = 0;
    bool running = false;
  };

  LiveExperiment() = default;
  LiveExperiment(const LiveExperiment&) = delete;
  LiveExperiment& operator=(const LiveExperiment&) = delete;
  ~LiveExperiment() { stop(); }

  // Starts `trials` trials (stopping any run first). trials_per_second <= 0: no pause.
  void start(const sim::experiments::FailoverSettings& settings, int trials, std::uint64_t seed,
             int trials_per_second);
  // Asks the worker to stop after its current trial and waits for it.
  void stop();
  // A copy of what has been measured so far.
  Progress progress() const;

 private:
  void work(sim::experiments::FailoverSettings settings, int trials, std::uint64_t seed, int trials_per_second);

  std::thread worker_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  Progress progress_;
};

}  // namespace gui
