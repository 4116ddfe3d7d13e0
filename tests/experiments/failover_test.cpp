// The leader-failover trial: the paper's worst case is really staged, the measurement
// means what the paper's does, and the result depends only on the seeds.
#include <doctest/doctest.h>

#include <set>

#include "sim/experiments/experiment.h"
#include "sim/experiments/failover.h"

using namespace sim::experiments;
using raft::kMillisecond;

namespace {
FailoverSettings five_servers(Time min_ms, Time max_ms) {
  FailoverSettings settings;
  settings.timeouts = {min_ms * kMillisecond, max_ms * kMillisecond};
  return settings;
}
}  // namespace

TEST_CASE("the followers with short logs never become the new leader") {
  // Five servers: nodes 2 and 3 keep 1 and 2 entries, nodes 1 and 4 the whole log, the
  // leader (node 5) crashes. Only nodes 1 and 4 can collect a majority of votes.
  std::set<std::uint32_t> winners;
  for (std::size_t trial = 0; trial < 40; ++trial) {
    const TrialResult result = run_failover_trial(five_servers(150, 300), trial_seed(7, trial));
    REQUIRE(result.staged);
    REQUIRE(result.finished);
    CHECK_FALSE(result.violated);
    winners.insert(result.new_leader);
  }
  CHECK(winners == std::set<std::uint32_t>{1, 4});
}

TEST_CASE("with equal logs any follower can win") {
  FailoverSettings settings = five_servers(150, 300);
  settings.divergent_logs = false;
  std::set<std::uint32_t> winners;
  for (std::size_t trial = 0; trial < 40; ++trial) winners.insert(run_failover_trial(settings, trial_seed(7, trial)).new_leader);
  CHECK(winners == std::set<std::uint32_t>{1, 2, 3, 4});
}

TEST_CASE("downtime is at least the minimum timeout less the heartbeat interval, as in the paper") {
  // Followers last heard the leader at its last heartbeat, up to one interval (75 ms)
  // before the crash; none can time out sooner than 150 ms after that heartbeat.
  const FailoverSettings settings = five_servers(150, 300);
  for (std::size_t trial = 0; trial < 30; ++trial) {
    const TrialResult result = run_failover_trial(settings, trial_seed(3, trial));
    REQUIRE(result.finished);
    CHECK(result.crash_phase >= 0);
    CHECK(result.crash_phase < 75 * kMillisecond);
    // The timer starts when the heartbeat arrives (>= 5 ms after it left); the vote
    // and the first heartbeat of the new leader take two more one-way trips.
    CHECK(result.downtime >= 150 * kMillisecond - result.crash_phase + 4 * settings.latency_min);
    CHECK(result.rounds >= 1);
    if (result.rounds == 1) CHECK_FALSE(result.split_vote);
  }
}

TEST_CASE("no randomness in the timeout: split votes, many rounds") {
  FailoverSettings settings = five_servers(150, 151);
  const TrialResult result = run_failover_trial(settings, trial_seed(1, 0));
  CHECK(result.split_vote);
  CHECK(result.rounds > 1);
}

TEST_CASE("a trial that cannot finish gives up at the limit, unfinished") {
  FailoverSettings settings = five_servers(150, 150);
  settings.give_up_after = 2 * raft::kSecond;
  const TrialResult result = run_failover_trial(settings, trial_seed(1, 0));
  CHECK_FALSE(result.finished);
  CHECK(result.staged);
  CHECK(result.downtime == 2 * raft::kSecond);
}

TEST_CASE("identical timeouts elect a leader only when the timers jitter, as a real server's do") {
  // Exact timers keep split candidates in lock step (the test above); timers up to 1 ms
  // late let their offsets drift apart until one candidate's RequestVotes arrive first.
  FailoverSettings settings = five_servers(150, 150);
  settings.timer_jitter = kRealServerTimerJitter;
  settings.give_up_after = 600 * raft::kSecond;
  for (std::size_t trial = 0; trial < 5; ++trial) {
    const TrialResult result = run_failover_trial(settings, trial_seed(1, trial));
    REQUIRE(result.finished);
    CHECK(result.split_vote);
    CHECK(result.rounds > 2);
    CHECK(result.downtime > 1 * raft::kSecond);
    CHECK(run_failover_trial(settings, trial_seed(1, trial)).downtime == result.downtime);  // from the seed alone
  }
}

TEST_CASE("the same seeds give the same results with 1 and 2 workers") {
  std::vector<Variant> variants(3);
  variants[0].settings = five_servers(150, 155);
  variants[1].settings = five_servers(12, 24);
  variants[2].settings = five_servers(150, 151);
  variants[2].settings.timer_jitter = kRealServerTimerJitter;
  const std::vector<VariantOutcome> one = run_variants(variants, 12, 42, 1);
  const std::vector<VariantOutcome> two = run_variants(variants, 12, 42, 2);
  REQUIRE(one.size() == 3);
  for (std::size_t v = 0; v < one.size(); ++v) {
    REQUIRE(one[v].trials.size() == 12);
    for (std::size_t t = 0; t < one[v].trials.size(); ++t) {
      CHECK(one[v].trials[t].seed == two[v].trials[t].seed);
      CHECK(one[v].trials[t].downtime == two[v].trials[t].downtime);
      CHECK(one[v].trials[t].rounds == two[v].trials[t].rounds);
      CHECK(one[v].trials[t].new_leader == two[v].trials[t].new_leader);
    }
    CHECK(one[v].summary.mean_ms == two[v].summary.mean_ms);
  }
  // Another run seed, other trials.
  CHECK(run_variants(variants, 12, 43, 2)[0].trials[0].seed != one[0].trials[0].seed);
}

TEST_CASE("settings that cannot keep a leader until the crash are refused up front") {
  FailoverSettings settings = five_servers(12, 24);
  settings.latency_max = 20 * kMillisecond;  // heartbeats every 6 ms may arrive 15 ms apart
  CHECK(check_settings(settings).find("no leader could be kept") != std::string::npos);
  CHECK(check_settings(five_servers(12, 24)).empty());
  settings = five_servers(150, 300);
  settings.nodes = 2;
  CHECK_FALSE(check_settings(settings).empty());
}
