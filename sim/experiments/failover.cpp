#include "sim/experiments/failover.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/random.h"
#include "sim/cluster/simulator.h"

namespace sim::experiments {

namespace {

using raft::kMillisecond;
using raft::kSecond;
using raft::Role;

// A follower's election timer while the stage is being set: far away, so that setting
// the stage never starts an election of its own.
constexpr Time kHeld = 3600 * kSecond;
// The trial's own decisions (when to crash) use this child stream of the trial's seed;
// the simulator uses stream 0 and (node << 32 | incarnation), so it is free.
constexpr std::uint64_t kTrialStream = 1;

ClusterConfig cluster_config(const FailoverSettings& settings, std::uint64_t seed) {
  ClusterConfig config;
  config.nodes = settings.nodes;
  config.seed = seed;
  config.election_timeout_min = settings.timeouts.min;
  config.election_timeout_max = settings.timeouts.max;
  config.election_timer_jitter = settings.timer_jitter;
  // The paper: "the heartbeat interval, which was half of the minimum election timeout".
  config.heartbeat_interval = std::max<Time>(1, settings.timeouts.min / 2);
  config.network.latency_min = settings.latency_min;
  config.network.latency_max = settings.latency_max;
  // The paper's Raft of Figure 16 (section 9.3): Figure 2, with neither pre-vote nor
  // check-quorum (each would add to a failover: a round of pre-votes, a lease to wait
  // out) nor the no-op, so that the figures compare with the paper's.
  config.noop = false;
  config.pre_vote = false;
  config.check_quorum = false;
  return config;
}

class Trial {
 public:
  Trial(const FailoverSettings& settings, std::uint64_t seed)
      : settings_(settings),
        simulator_(cluster_config(settings, seed)),
        random_(raft::derive_seed(seed, kTrialStream)),
        ineligible_(settings.divergent_logs ? (settings.nodes - 1) / 2 : 0),
        old_leader_(static_cast<NodeId>(settings.nodes)) {
    result_.seed = seed;
  }

  TrialResult run() {
    if (!set_stage()) return simulator_.stopped() ? stopped() : fail("the stage could not be set");
    const std::optional<Time> crashed_at = crash_within_heartbeat_interval();
    if (simulator_.stopped()) return stopped();
    if (!crashed_at) return fail("the leader lost its leadership before the crash");
    measure(*crashed_at);
    if (simulator_.stopped()) return stopped();
    return result_;
  }

 private:
  int nodes() const { return settings_.nodes; }
  Time heartbeat() const { return simulator_.config().heartbeat_interval; }
  // Ineligible follower i (1..ineligible_) is node i + 1 and keeps i log entries.
  NodeId ineligible_node(int i) const { return static_cast<NodeId>(i + 1); }

  TrialResult fail(const std::string& why) {
    result_.finished = false;
    result_.staged = false;
    if (result_.problem.empty()) result_.problem = why;
    return result_;
  }
  TrialResult stopped() {
    result_.violated = true;
    result_.finished = false;
    result_.problem = format_violation(*simulator_.violation());
    return result_;
  }

  // Steps once with every follower's and candidate's election timer held back.
  bool step_held() {
    const bool stepped = simulator_.step();
    for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
      if (!simulator_.is_up(node) || simulator_.node(node).role() == Role::Leader) continue;
      if (simulator_.node(node).election_due() < simulator_.now() + kHeld / 2) simulator_.set_election_timer(node, kHeld);
    }
    return stepped;
  }
  // Steps (holding timers) until `done` holds; false if it never does within a minute.
  bool run_held_until(const std::function<bool()>& done) {
    const Time limit = simulator_.now() + 60 * kSecond;
    while (!done()) {
      if (simulator_.stopped() || simulator_.now() > limit || !step_held()) return false;
    }
    return true;
  }
  bool leads(NodeId node) const { return simulator_.is_up(node) && simulator_.node(node).role() == Role::Leader; }

  bool set_stage() { return uneven_logs() && hand_over() && steady_state(); }

  // Node 1 leads and writes entries 1..k+1 while cutting its links to the followers
  // that must fall behind, one more after each write: follower i keeps i entries.
  bool uneven_logs() {
    for (NodeId node = 2; node <= static_cast<NodeId>(nodes()); ++node) simulator_.set_election_timer(node, kHeld);
    simulator_.campaign(1);
    if (!run_held_until([&] { return leads(1); })) return false;
    for (int entry = 1; entry <= ineligible_ + 1; ++entry) {
      simulator_.write("entry=" + std::to_string(entry), 1);
      const auto replicated = [&] {
        for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
          const int short_follower = static_cast<int>(node) - 1;  // i for node i + 1
          const bool cut_off = node >= 2 && short_follower <= ineligible_ && short_follower < entry;
          if (!cut_off && simulator_.node(node).log().last_index() < static_cast<Index>(entry)) return false;
        }
        return true;
      };
      if (!run_held_until(replicated)) return false;
      if (entry <= ineligible_) simulator_.cut(1, ineligible_node(entry));
    }
    return true;
  }

  // Node N (full log) takes over in a new term. A new leader believes every follower
  // is up to date (nextIndex = its last index + 1, Figure 2), so its heartbeats to a
  // short follower are refused; with that follower's replies to the new leader cut, the
  // leader never learns it, never sends the missing entries, and the follower stays
  // short while every heartbeat resets its timer.
  bool hand_over() {
    for (int i = 1; i <= ineligible_; ++i) simulator_.cut(ineligible_node(i), old_leader_);
    simulator_.campaign(old_leader_);
    if (!run_held_until([&] { return leads(old_leader_); })) return false;
    // Node 1 has stepped down: its links to the short followers heal now (it must reach
    // them if it campaigns after the crash); the short followers' replies to the new
    // leader stay cut. (heal() clears every cut, so the kept ones are cut again.)
    simulator_.heal();
    for (int i = 1; i <= ineligible_; ++i) simulator_.cut(ineligible_node(i), old_leader_);
    return true;
  }

  // Timers released, heartbeats flowing, for two maximum timeouts: every follower's
  // timer was last restarted by a heartbeat, as in a cluster that has run for a while.
  bool steady_state() {
    const Time steady_until = simulator_.now() + 2 * settings_.timeouts.max + 2 * settings_.latency_max;
    while (simulator_.now() < steady_until && !simulator_.stopped()) {
      if (!simulator_.step()) break;
      if (!leads(old_leader_)) {
        result_.problem = "the leader lost its leadership before the crash: with these settings heartbeats do not "
                          "reach every follower within its election timeout";
        return false;
      }
    }
    for (NodeId node = 1; node < old_leader_; ++node) {
      if (simulator_.node(node).election_due() > simulator_.now() + settings_.timeouts.max + settings_.timer_jitter) {
        result_.problem = "a follower never heard the leader's heartbeats before the crash";
        return false;
      }
    }
    return !simulator_.stopped();
  }

  // The leader broadcasts a heartbeat (the core sends it to every follower at the same
  // moment: the paper's "synchronized" heartbeat) and exits at a uniformly random moment
  // before the next one. What it sent before the crash still arrives; whatever it would
  // send afterwards is dropped; it is taken down once its last messages have arrived.
  // Returns the moment of the crash.
  std::optional<Time> crash_within_heartbeat_interval() {
    const Time next_heartbeat = simulator_.node(old_leader_).heartbeat_due();
    simulator_.run_until(next_heartbeat);
    if (simulator_.stopped() || !leads(old_leader_) || simulator_.node(old_leader_).heartbeat_due() <= next_heartbeat) {
      return std::nullopt;
    }
    result_.crash_phase = static_cast<Time>(random_.below(static_cast<std::uint64_t>(heartbeat())));
    const Time crashed_at = next_heartbeat + result_.crash_phase;
    simulator_.run_until(crashed_at);
    if (simulator_.stopped() || !leads(old_leader_)) return std::nullopt;
    crashed_term_ = simulator_.node(old_leader_).current_term();
    std::set<std::uint64_t> last_words;
    for (const InFlightMessage* message : simulator_.in_flight()) {
      if (message->from == old_leader_) last_words.insert(message->id);
    }
    const auto drop_afterthoughts = [&] {
      std::vector<std::uint64_t> late;
      for (const InFlightMessage* message : simulator_.in_flight()) {
        if (message->from == old_leader_ && !last_words.contains(message->id)) late.push_back(message->id);
      }
      for (std::uint64_t id : late) simulator_.drop_message(id);
    };
    const auto delivered = [&] {
      for (std::uint64_t id : last_words) {
        if (simulator_.find_message(id) != nullptr) return false;
      }
      return true;
    };
    while (!delivered() && !simulator_.stopped() && simulator_.step()) drop_afterthoughts();
    simulator_.crash(old_leader_);
    simulator_.heal();
    return crashed_at;
  }

  // Every live server follows one leader of one term, and has heard from it.
  std::optional<NodeId> settled() const {
    std::optional<NodeId> leader;
    for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
      if (leads(node)) leader = node;
    }
    if (!leader) return std::nullopt;
    const raft::Term term = simulator_.node(*leader).current_term();
    for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
      if (node == *leader || !simulator_.is_up(node)) continue;
      const raft::Node& follower = simulator_.node(node);
      if (follower.current_term() != term || follower.leader() != *leader) return std::nullopt;
    }
    return leader;
  }

  void note_roles() {
    for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
      if (!simulator_.is_up(node)) continue;
      const raft::Node& server = simulator_.node(node);
      if (server.role() == Role::Candidate) candidates_[server.current_term()].insert(node);
      if (server.role() == Role::Leader) led_terms_.insert(server.current_term());
    }
  }

  void measure(Time crashed_at) {
    const Time limit = crashed_at + settings_.give_up_after;
    std::optional<NodeId> leader = settled();
    while (!leader && !simulator_.stopped()) {
      const std::optional<Time> next = simulator_.next_event_time();
      if (!next || *next > limit) break;
      simulator_.step();
      note_roles();
      leader = settled();
    }
    result_.finished = leader.has_value();
    result_.downtime = (leader ? simulator_.now() : limit) - crashed_at;
    raft::Term last_term = crashed_term_;
    for (NodeId node = 1; node <= static_cast<NodeId>(nodes()); ++node) {
      if (simulator_.is_up(node)) last_term = std::max(last_term, simulator_.node(node).current_term());
    }
    result_.rounds = static_cast<int>(last_term - crashed_term_);
    result_.new_leader = leader.value_or(0);
    for (const auto& [term, who] : candidates_) {
      if (who.size() >= 2 && !led_terms_.contains(term)) result_.split_vote = true;
    }
    if (!leader) result_.problem = "no leader within the give-up time";
  }

  FailoverSettings settings_;
  Simulator simulator_;
  raft::Prng random_;
  int ineligible_ = 0;   // followers whose logs are too short to win
  NodeId old_leader_ = 0;
  raft::Term crashed_term_ = 0;
  std::map<raft::Term, std::set<NodeId>> candidates_;
  std::set<raft::Term> led_terms_;
  TrialResult result_;
};

}  // namespace

std::string range_name(const TimeoutRange& range) {
  const auto ms = [](Time time) {
    std::string text = std::to_string(time / kMillisecond);
    if (const Time micros = time % kMillisecond; micros != 0) {
      std::string fraction = std::to_string(micros);
      fraction.insert(0, 3 - fraction.size(), '0');
      while (fraction.back() == '0') fraction.pop_back();
      text += "." + fraction;
    }
    return text;
  };
  return ms(range.min) + "-" + ms(range.max);
}

std::string check_settings(const FailoverSettings& settings) {
  if (settings.nodes < 3) return "the experiment needs at least 3 servers (a leader to crash and a majority left)";
  if (settings.timeouts.min <= 0 || settings.timeouts.max < settings.timeouts.min) {
    return "an election timeout range needs 0 < minimum <= maximum";
  }
  if (settings.timeouts.min < 2) return "the minimum election timeout must be at least 2 microseconds";
  if (settings.timer_jitter < 0) return "the timer jitter cannot be negative";
  if (settings.latency_min < 0 || settings.latency_max < settings.latency_min) {
    return "the latency needs 0 <= minimum <= maximum";
  }
  // A follower must hear each heartbeat before its timer fires, or the leader cannot
  // even be kept until the crash: the gap between two heartbeats' arrivals is at most
  // the interval plus the latency's spread.
  const Time heartbeat = settings.timeouts.min / 2;
  if (heartbeat + (settings.latency_max - settings.latency_min) >= settings.timeouts.min) {
    return "range " + range_name(settings.timeouts) + ": heartbeats every " + std::to_string(heartbeat / 1000) +
           " ms with latency varying by " + std::to_string((settings.latency_max - settings.latency_min) / 1000) +
           " ms may arrive later than the " + std::to_string(settings.timeouts.min / 1000) +
           " ms minimum election timeout, so no leader could be kept until the crash";
  }
  return "";
}

TrialResult run_failover_trial(const FailoverSettings& settings, std::uint64_t seed) {
  return Trial(settings, seed).run();
}

}  // namespace sim::experiments
