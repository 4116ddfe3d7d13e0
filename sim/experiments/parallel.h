// Independent tasks on several threads with a result that does not depend on how many:
// task i always writes result i, and each task draws its randomness from its own seed.
// (Threads live here in sim/, never in core/.)
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sim::experiments {

// Runs task(i) for every i in [0, count) on `jobs` worker threads (at least 1). Calls
// progress(done) on the calling thread about five times a second and once at the end;
// progress only reports, it cannot change a result.
template <class Result>
std::vector<Result> run_parallel(std::size_t count, int jobs, const std::function<Result(std::size_t)>& task,
                                 const std::function<void(std::size_t)>& progress = {}) {
  std::vector<Result> results(count);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex mutex;
  std::condition_variable finished_one;
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      results[i] = task(i);
      const std::lock_guard lock(mutex);
      ++done;
      finished_one.notify_one();
    }
  };
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)), std::max<std::size_t>(count, 1));
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work);
  {
    std::unique_lock lock(mutex);
    while (done < count) {
      finished_one.wait_for(lock, std::chrono::milliseconds(200));
      if (progress) {
        const std::size_t so_far = done;
        lock.unlock();
        progress(so_far);
        lock.lock();
      }
    }
  }
  for (std::thread& thread : threads) thread.join();
  if (progress) progress(count);
  return results;
}

}  // namespace sim::experiments
