// Plays a scenario: its commands one at a time, and the lasting ones event by event
// (player_conditions.cpp checks conditions; player_nodes.cpp resolves node expressions).
#include "sim/scenario/player.h"

#include <algorithm>

#include "sim/scenario/limits.h"

namespace sim {

using Kind = Command::Kind;
using raft::Role;

std::string node_name(NodeId node) { return "n" + std::to_string(node); }

// " (n1,n3,n4)", or "" for no nodes.
std::string listed(const std::vector<NodeId>& nodes) {
  std::string text;
  for (NodeId node : nodes) text += (text.empty() ? " (" : ",") + node_name(node);
  return text.empty() ? text : text + ")";
}

namespace {

bool lasts(Kind kind) {
  return kind == Kind::Run || kind == Kind::RunBetween || kind == Kind::RunUntil || kind == Kind::WriteUntil || kind == Kind::Step;
}

bool is_span(const Condition& condition) {
  return condition.kind == Condition::Kind::Stable || condition.kind == Condition::Kind::Messages;
}

// The stream of the run's seed that scenario choices draw from: stream 0 is the network's,
// and a node's streams have its id in their upper 32 bits (simulator.cpp).
constexpr std::uint64_t kScenarioStream = 1;

}  // namespace

// The refusal, or the want of a leader, is narrated, not failed: a lesson may show it.
void ScenarioPlayer::change_membership(const Command& command, NodeId node) {
  using raft::ChangeKind;
  const ChangeKind kind = command.kind == Kind::AddServer       ? ChangeKind::AddLearner
                          : command.kind == Kind::PromoteServer ? ChangeKind::Promote
                                                                : ChangeKind::Remove;
  const std::optional<raft::ChangeResult> result = simulator_.change_membership({kind, node});
  if (!result) {
    info(command.text + ": no leader to ask; nothing changes");
  } else if (!result->accepted) {
    info(command.text + ": the leader " + raft::explain(result->reason));
  }
}

ClusterConfig cluster_config_of(const Scenario& scenario, std::optional<std::uint64_t> seed_override,
                                const OptionSwitches& switches) {
  ClusterConfig config;
  for (const Command& command : scenario.commands) {
    switch (command.kind) {
      case Kind::Cluster:
        config.nodes = static_cast<int>(command.number + command.spares);
        config.spares = static_cast<int>(command.spares);
        break;
      case Kind::Seed: config.seed = command.seed; break;
      case Kind::ElectionTimeout:
        config.election_timeout_min = command.low;
        config.election_timeout_max = command.high;
        break;
      case Kind::Heartbeat: config.heartbeat_interval = command.duration; break;
      case Kind::Option: set_option(config, command.value, command.number != 0); break;
      case Kind::SnapshotChunk: config.snapshot_chunk_bytes = static_cast<std::size_t>(command.number); break;
      case Kind::Reads: config.reads = *command.read_way; break;
      case Kind::MaxDrift: config.max_drift_ppm = static_cast<std::uint32_t>(command.number); break;
      default: break;
    }
  }
  if (seed_override) config.seed = *seed_override;
  switches.apply(config);
  return config;
}

ScenarioPlayer::ScenarioPlayer(Scenario scenario, std::optional<std::uint64_t> seed_override,
                               const OptionSwitches& switches)
    : scenario_(std::move(scenario)),
      simulator_(cluster_config_of(scenario_, seed_override, switches)),
      choices_(raft::derive_seed(simulator_.config().seed, kScenarioStream)),
      bound_(scenario_.names.size()) {
  mark_ = mark_now();
}

const Command* ScenarioPlayer::current_command() const {
  return finished() || next_ >= scenario_.commands.size() ? nullptr : &scenario_.commands[next_];
}

std::vector<Note> ScenarioPlayer::take_notes() {
  std::vector<Note> taken = std::move(notes_);
  notes_.clear();
  return taken;
}

// ---- Playing ----------------------------------------------------------------------------

void ScenarioPlayer::step() {
  const std::uint64_t events_before = simulator_.stats().events;
  while (!finished() && simulator_.stats().events == events_before) step_command();
}

void ScenarioPlayer::step_command() {
  if (finished()) return;
  if (simulator_.stopped()) {
    status_ = PlayStatus::InvariantViolated;
    return;
  }
  if (next_ >= scenario_.commands.size()) {
    status_ = PlayStatus::Passed;
    return;
  }
  const Command& command = command_now();
  const bool done = in_progress_ ? advance_command(command) : begin_command(command);
  if (done) {
    finish_command();
  } else {
    in_progress_ = true;
  }
  if (!finished() && simulator_.stopped()) status_ = PlayStatus::InvariantViolated;
}

std::optional<Time> ScenarioPlayer::next_command_time() {
  if (finished() || simulator_.stopped() || next_ >= scenario_.commands.size() || !in_progress_) {
    return simulator_.now();
  }
  return next_moment();
}

void ScenarioPlayer::play_until(Time until) {
  while (!finished()) {
    if (simulator_.stopped() || next_ >= scenario_.commands.size()) {
      step();  // settles the final status
      continue;
    }
    const Command& command = scenario_.commands[next_];
    if (in_progress_ || lasts(command.kind) || command.condition.span > 0) {
      if (!in_progress_ && simulator_.now() > until) return;
      if (in_progress_) {
        const std::optional<Time> moment = next_moment();
        if (!moment || *moment > until) {
          // Nothing more happens up to `until`: let virtual time pass (a step command
          // has no deadline and simply waits).
          if (command.kind != Kind::Step) simulator_.run_until(std::max(until, simulator_.now()));
          return;
        }
      }
    } else if (simulator_.now() > until) {
      return;
    }
    step();
  }
}

void ScenarioPlayer::play_to_end() {
  while (!finished()) step();
}

const Command& ScenarioPlayer::command_now() {
  const Command& command = scenario_.commands[next_];
  if (!command.counted || rounds_.empty()) return command;
  if (in_progress_) return counted_;  // made when the command began
  const Round& round = rounds_.back();
  const std::string number = std::to_string(scenario_.commands[round.repeat].number - round.left + 1);
  const auto counted = [&number](std::string text) {
    for (std::size_t at = text.find('$'); at != std::string::npos; at = text.find('$', at + number.size())) {
      text.replace(at, 1, number);
    }
    return text;
  };
  counted_ = command;
  counted_.value = counted(command.value);
  counted_.condition.value = counted(command.condition.value);
  return counted_;
}

std::optional<Time> ScenarioPlayer::next_moment() {
  const std::optional<Time> event = simulator_.next_event_time();
  const Command& command = scenario_.commands[next_];
  if (command.kind == Kind::Step) return event;
  const Time limit = command.kind == Kind::WriteUntil ? std::min(deadline_, repropose_at_) : deadline_;
  return event ? std::min(*event, limit) : limit;
}

void ScenarioPlayer::finish_command() {
  in_progress_ = false;
  ++next_;
  if (simulator_.stopped()) status_ = PlayStatus::InvariantViolated;
}

bool ScenarioPlayer::begin_command(const Command& command) {
  Simulator& sim = simulator_;
  picked_.clear();
  auto target = [&](std::size_t position) { return resolve(command, command.nodes[position]); };
  // The node the command names, if it is up (or down, when `up` is false); else a failure.
  auto target_that_is = [&](bool up, const char* otherwise) -> std::optional<NodeId> {
    const auto node = target(0);
    if (!node || sim.is_up(*node) == up) return node;
    fail(command, node_name(*node) + (up ? " up" : " down"), node_name(*node) + otherwise);
    return std::nullopt;
  };
  switch (command.kind) {
    case Kind::Cluster:
    case Kind::Seed:
    case Kind::ElectionTimeout:
    case Kind::Heartbeat:
    case Kind::Option:
    case Kind::SnapshotChunk:
    case Kind::Reads:
    case Kind::MaxDrift:
      return true;  // applied when the cluster was built
    case Kind::SnapshotEvery: sim.set_snapshot_every(static_cast<std::uint64_t>(command.number)); return true;
    case Kind::Snapshot:
      if (auto node = target(0)) sim.snapshot(*node);
      return true;
    case Kind::Latency: sim.set_latency(command.low, command.high); return true;
    case Kind::LinkLatency: {
      const auto from = target(0);
      const auto to = from ? target(1) : std::nullopt;
      if (from && to && *from == *to) fail(command, "two different nodes", "both ends are " + node_name(*from));
      else if (from && to) sim.set_link_latency(*from, *to, command.low, command.high);
      return true;
    }
    case Kind::Loss: sim.set_loss(command.ppm); return true;
    case Kind::Duplicate: sim.set_duplication(command.ppm); return true;
    case Kind::ClientGiveUp: sim.set_client_give_up(command.duration); return true;
    case Kind::Clients: sim.set_clients(command.client); return true;
    case Kind::Run:
      deadline_ = sim.now() + command.duration;
      return false;
    case Kind::RunBetween: {
      const Time length = choices_.between(command.low, command.high);
      info(command.text + ": runs " + format_duration(length));
      deadline_ = sim.now() + length;
      return false;
    }
    case Kind::WriteUntil: {
      std::optional<NodeId> via;
      if (command.via && !(via = resolve(command, *command.via))) return true;
      if (!known_client(command)) return true;
      sim.write(command.value, via.value_or(0), true, command.client);
      deadline_ = sim.now() + command.duration;
      repropose_at_ = sim.now() + kReproposeEvery;
      if (const Check check = evaluate(command.condition); check.holds) {
        pass(command, check.actual);  // committed already, by an earlier write of the same value
        return true;
      }
      return false;
    }
    case Kind::RunUntil: {
      // `within D since mark`: the deadline counts from the mark, and may have passed.
      deadline_ = std::max(sim.now(), (command.since_mark ? mark_.time : sim.now()) + command.duration);
      const Check check = evaluate(command.condition);
      if (check.holds) {
        pass(command, check.actual);
        return true;
      }
      return false;
    }
    case Kind::Step:
      steps_left_ = command.number;
      return false;
    case Kind::Crash:
      if (auto node = target_that_is(true, " is already down")) sim.crash(*node);
      return true;
    case Kind::Restart:
      if (auto node = target_that_is(false, " is already up")) sim.restart(*node);
      return true;
    case Kind::RestartAll:
      for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
        if (!sim.is_up(node)) sim.restart(node);
      }
      return true;
    case Kind::Isolate:
      if (auto node = target(0)) sim.isolate(*node);
      return true;
    case Kind::Connect:
      if (auto node = target(0)) sim.connect(*node);
      return true;
    case Kind::Campaign:
      if (auto node = target_that_is(true, " is down")) sim.campaign(*node);
      return true;
    case Kind::Transfer:
      // A refusal (no leader, the target down or the leader itself) is part of the
      // lesson, not a failure: its record gives the reason, and `expect` checks the rest.
      if (auto node = target(0)) sim.transfer(*node);
      return true;
    case Kind::SetTimer:
      if (auto node = target_that_is(true, " is down")) sim.set_election_timer(*node, command.duration);
      return true;
    case Kind::Partition: {
      std::vector<std::vector<NodeId>> groups;
      for (const auto& group : command.groups) {
        groups.emplace_back();
        for (const NodeRef& ref : group) {
          const auto node = resolve(command, ref);
          if (!node) return true;
          if (std::find(picked_.begin(), picked_.end() - 1, *node) != picked_.end() - 1) {
            fail(command, "each node in one group", node_name(*node) + " is named twice");
            return true;
          }
          groups.back().push_back(*node);
        }
      }
      sim.partition(groups);
      return true;
    }
    case Kind::Cut: {
      const auto from = target(0);
      const auto to = from ? target(1) : std::nullopt;
      if (from && to && *from == *to) fail(command, "two different nodes", "both ends are " + node_name(*from));
      else if (from && to) sim.cut(*from, *to);
      return true;
    }
    case Kind::Heal: sim.heal(); return true;
    case Kind::DropNext: {
      const auto from = target(0);
      if (!from) return true;
      const auto to = target(1);
      if (!to) return true;
      const std::string what = command.value.empty() ? "a message" : "a " + command.value + " message";
      if (*from == *to) {
        const bool leader = command.nodes[0].kind == NodeRef::Kind::Leader;
        fail(command, what + " between two different nodes", "both ends are " + node_name(*from) + (leader ? " (the leader)" : ""));
      } else if (sim.drop_next(*from, *to, command.value) == 0) {
        fail(command, what + " in flight from " + node_name(*from) + " to " + node_name(*to), "none is in flight");
      }
      return true;
    }
    case Kind::Write: {
      std::optional<NodeId> via;
      if (command.via && !(via = resolve(command, *command.via))) return true;
      if (!known_client(command)) return true;
      sim.write(command.value, via.value_or(0), command.until_committed, command.client);
      return true;
    }
    case Kind::Read: {
      std::optional<NodeId> via;
      if (command.via && !(via = resolve(command, *command.via))) return true;
      sim.read(command.value, via.value_or(0), command.read_way);
      return true;
    }
    case Kind::Drift:
      if (auto node = target(0)) sim.set_drift(*node, static_cast<std::int32_t>(command.number));
      return true;
    case Kind::Stream: {
      std::optional<NodeId> via;
      if (command.via && !(via = resolve(command, *command.via))) return true;
      const std::int64_t count = command.number * command.duration / raft::kSecond;
      if (count > 0) sim.stream_writes(command.value, command.number, static_cast<std::uint64_t>(count), via.value_or(0));
      return true;
    }
    case Kind::AlignTimers: sim.align_timers(); return true;
    case Kind::Bug:
      if (command.nodes.empty()) {
        sim.add_bug(0, command.bug);
      } else if (auto node = target(0)) {
        sim.add_bug(*node, command.bug);
      }
      return true;
    case Kind::SpreadTimers: sim.spread_timers(); return true;
    case Kind::AddServer:
    case Kind::PromoteServer:
    case Kind::RemoveServer:
      if (auto node = target(0)) change_membership(command, *node);
      return true;
    case Kind::Say:
      caption_ = command.value;
      sim.say(command.value);
      notes_.push_back(Note{Note::Kind::Say, sim.now(), command.location, command.value, "", "", "", sim.record_count()});
      return true;
    case Kind::Mark:
      mark_ = mark_now();
      return true;
    case Kind::Expect:
      if (command.condition.span > 0) {
        span_start_ = mark_now();
        deadline_ = sim.now() + command.condition.span;
        return false;
      }
      if (is_span(command.condition)) span_start_ = mark_;  // since mark
      {
        const Check check = evaluate(command.condition);
        if (check.holds) pass(command, check.actual);
        else fail(command, expected_text_of(command.condition), check.actual);
      }
      return true;
    case Kind::Repeat:
      rounds_.push_back(Round{next_, command.number});
      return true;
    case Kind::If: {
      const bool holds = command.condition.kind == Condition::Kind::Chance
                             ? choices_.chance(static_cast<std::uint64_t>(command.condition.count), kMillion) != command.condition.negated
                             : evaluate(command.condition).holds;
      info(command.text + (holds ? ": yes" : ": no, skipped to line " +
                                                 std::to_string(scenario_.commands[command.partner].location.line)));
      if (!holds) next_ = command.partner;  // finish_command steps past the `else` or `end`
      return true;
    }
    case Kind::Pick:
      (void)target(0);  // resolving binds it
      return true;
    case Kind::Else:
      next_ = command.partner;  // the `if` held: its `else` lines are skipped
      return true;
    case Kind::End:
      if (scenario_.commands[command.partner].kind == Kind::If) return true;
      // Back to the line after the `repeat` (finish_command steps past it), or out.
      if (!rounds_.empty() && --rounds_.back().left > 0) {
        next_ = command.partner;
      } else if (!rounds_.empty()) {
        rounds_.pop_back();
      }
      return true;
  }
  return true;
}

bool ScenarioPlayer::advance_command(const Command& command) {
  Simulator& sim = simulator_;
  if (command.kind == Kind::Step) {
    if (!sim.step()) return true;
    return --steps_left_ <= 0;
  }
  const std::optional<Time> event = sim.next_event_time();
  const bool waits = command.kind == Kind::RunUntil || command.kind == Kind::WriteUntil;
  if (command.kind == Kind::WriteUntil && repropose_at_ < deadline_ && (!event || *event > repropose_at_)) {
    // Not committed where it should be yet: propose it again, as a new write (the
    // value may then be in the log twice; one() in the course tests does the same).
    sim.run_until(repropose_at_);
    std::optional<NodeId> via;
    if (command.via && !(via = resolve(command, *command.via))) return true;
    info(command.text + ": not committed where it should be after " + format_duration(sim.now() - (deadline_ - command.duration)) +
         ", proposed again");
    sim.write(command.value, via.value_or(0), true);
    repropose_at_ += kReproposeEvery;
    return false;
  }
  if (event && *event <= deadline_) {
    sim.step();
    if (waits && !sim.stopped()) {
      node_checks_ += static_cast<std::uint64_t>(sim.size());
      const Check check = evaluate(command.condition);
      if (check.holds) {
        pass(command, check.actual);
        return true;
      }
    }
    return false;
  }
  // The deadline is reached.
  sim.run_until(deadline_);
  if (waits) {
    const Check check = evaluate(command.condition);
    if (check.holds) pass(command, check.actual);
    else fail(command, expected_text_of(command.condition) + " within " + format_duration(command.duration) +
                           (command.since_mark ? " since the mark" : ""), check.actual);
  } else if (command.kind == Kind::Expect) {
    const Check check = evaluate(command.condition);
    if (check.holds) pass(command, check.actual);
    else fail(command, expected_text_of(command.condition), check.actual);
  }
  return true;
}

// ---- Results ------------------------------------------------------------------------------

void ScenarioPlayer::pass(const Command& command, const std::string& actual) {
  ++passed_;
  notes_.push_back(Note{Note::Kind::ExpectPassed, simulator_.now(), command.location, command.text,
                        expected_text_of(command.condition), actual, "", simulator_.record_count()});
}

void ScenarioPlayer::fail(const Command& command, const std::string& expected, const std::string& actual) {
  Note note{Note::Kind::ExpectFailed, simulator_.now(), command.location, command.text, expected, actual,
            describe_cluster(simulator_), simulator_.record_count()};
  notes_.push_back(note);
  failure_ = note;
  status_ = PlayStatus::ExpectationFailed;
}

}  // namespace sim
