#include "sim/player.h"

#include <algorithm>
#include <sstream>

namespace sim {

using Kind = Command::Kind;
using raft::Role;

namespace {

std::string node_name(NodeId node) { return "n" + std::to_string(node); }

// " (n1,n3,n4)", or "" for no nodes.
std::string listed(const std::vector<NodeId>& nodes) {
  std::string text;
  for (NodeId node : nodes) text += (text.empty() ? " (" : ",") + node_name(node);
  return text.empty() ? text : text + ")";
}

bool lasts(Kind kind) { return kind == Kind::Run || kind == Kind::RunUntil || kind == Kind::Step; }

// What an expectation asks for, in words.
std::string expected_text(const Condition& condition);

// What an expectation asks for, in words.
std::string expected_text_of(const Condition& condition) {
  if (!condition.negated) return expected_text(condition);
  Condition positive = condition;
  positive.negated = false;
  return "not (" + expected_text(positive) + ")";
}

std::string expected_text(const Condition& condition) {
  using C = Condition::Kind;
  const std::string who = condition.node ? node_name(condition.node->id) : "every live node";
  switch (condition.kind) {
    case C::Leader: return condition.node ? node_name(condition.node->id) + " is the leader" : "one leader";
    case C::NoLeader: return "no leader";
    case C::Role: return who + " is " + raft::role_name(condition.role);
    case C::Term:
      return who + " has term " + comparison_symbol(condition.comparison) + " " + std::to_string(condition.count);
    case C::Committed:
      return condition.value + " committed on " +
             (condition.on_all ? std::string("all live nodes") : "at least " + std::to_string(condition.count) + " nodes");
    case C::NotCommitted: return condition.value + " committed nowhere";
    case C::Stored:
      return condition.value + " stored on " +
             (condition.on_all ? std::string("every node") : "at least " + std::to_string(condition.count) + " nodes");
    case C::LogsAgree: return "all live logs agree on their committed prefixes";
    case C::Stable: return "the same leader and term throughout";
    case C::Messages:
      return std::string("messages sent ") + comparison_symbol(condition.comparison) + " " + std::to_string(condition.count);
  }
  return "?";
}

}  // namespace

ClusterConfig cluster_config_of(const Scenario& scenario, std::optional<std::uint64_t> seed_override) {
  ClusterConfig config;
  for (const Command& command : scenario.commands) {
    switch (command.kind) {
      case Kind::Cluster: config.nodes = static_cast<int>(command.number); break;
      case Kind::Seed: config.seed = command.seed; break;
      case Kind::ElectionTimeout:
        config.election_timeout_min = command.low;
        config.election_timeout_max = command.high;
        break;
      case Kind::Heartbeat: config.heartbeat_interval = command.duration; break;
      default: break;
    }
  }
  if (seed_override) config.seed = *seed_override;
  return config;
}

ScenarioPlayer::ScenarioPlayer(Scenario scenario, std::optional<std::uint64_t> seed_override)
    : scenario_(std::move(scenario)), simulator_(cluster_config_of(scenario_, seed_override)) {
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
  const Command& command = scenario_.commands[next_];
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

std::optional<Time> ScenarioPlayer::next_moment() {
  const std::optional<Time> event = simulator_.next_event_time();
  const Command& command = scenario_.commands[next_];
  if (command.kind == Kind::Step) return event;
  return event ? std::min(*event, deadline_) : deadline_;
}

void ScenarioPlayer::finish_command() {
  in_progress_ = false;
  ++next_;
  if (simulator_.stopped()) status_ = PlayStatus::InvariantViolated;
}

bool ScenarioPlayer::begin_command(const Command& command) {
  Simulator& sim = simulator_;
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
      return true;  // applied when the cluster was built
    case Kind::Latency: sim.set_latency(command.low, command.high); return true;
    case Kind::Loss: sim.set_loss(command.ppm); return true;
    case Kind::Duplicate: sim.set_duplication(command.ppm); return true;
    case Kind::Run:
    case Kind::RunUntil:
      deadline_ = sim.now() + command.duration;
      if (command.kind == Kind::RunUntil) {
        const Check check = evaluate(command.condition);
        if (check.holds) {
          pass(command, check.actual);
          return true;
        }
      }
      return false;
    case Kind::Step:
      steps_left_ = command.number;
      return false;
    case Kind::Crash:
      if (auto node = target_that_is(true, " is already down")) sim.crash(*node);
      return true;
    case Kind::Restart:
      if (auto node = target_that_is(false, " is already up")) sim.restart(*node);
      return true;
    case Kind::Isolate:
      if (auto node = target(0)) sim.isolate(*node);
      return true;
    case Kind::Campaign:
      if (auto node = target_that_is(true, " is down")) sim.campaign(*node);
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
          groups.back().push_back(*node);
        }
      }
      sim.partition(groups);
      return true;
    }
    case Kind::Cut: {
      const auto from = target(0);
      const auto to = from ? target(1) : std::nullopt;
      if (from && to) sim.cut(*from, *to);
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
        fail(command, what + " between two different nodes", "both ends are " + node_name(*from) + " (the leader)");
      } else if (sim.drop_next(*from, *to, command.value) == 0) {
        fail(command, what + " in flight from " + node_name(*from) + " to " + node_name(*to), "none is in flight");
      }
      return true;
    }
    case Kind::Write: {
      std::optional<NodeId> via;
      if (command.via && !(via = resolve(command, *command.via))) return true;
      sim.write(command.value, via.value_or(0));
      return true;
    }
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
      if (command.condition.kind == Condition::Kind::Stable || command.condition.kind == Condition::Kind::Messages) {
        span_start_ = mark_;  // since mark
      }
      {
        const Check check = evaluate(command.condition);
        if (check.holds) pass(command, check.actual);
        else fail(command, expected_text_of(command.condition), check.actual);
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
  if (event && *event <= deadline_) {
    sim.step();
    if (command.kind == Kind::RunUntil && !sim.stopped()) {
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
  if (command.kind == Kind::RunUntil) {
    const Check check = evaluate(command.condition);
    if (check.holds) pass(command, check.actual);
    else fail(command, expected_text_of(command.condition) + " within " + format_duration(command.duration), check.actual);
  } else if (command.kind == Kind::Expect) {
    const Check check = evaluate(command.condition);
    if (check.holds) pass(command, check.actual);
    else fail(command, expected_text_of(command.condition), check.actual);
  }
  return true;
}

// ---- Conditions ---------------------------------------------------------------------------

template <typename EntryAt>
Index ScenarioPlayer::find_value(ValueSearch& search, NodeId node, const std::string& value, Index up_to,
                                 Index last_index, EntryAt entry_at) const {
  if (search.value != value || search.nodes.size() != static_cast<std::size_t>(simulator_.size())) {
    search = ValueSearch{value, std::vector<ValueSearch::Progress>(static_cast<std::size_t>(simulator_.size()))};
  }
  ValueSearch::Progress& progress = search.nodes[node - 1];
  // Log Matching: the same term at the entry last read means the same entries up to it.
  const bool unchanged = progress.read <= last_index && (progress.read == 0 || entry_at(progress.read).term == progress.read_term);
  if (!unchanged) progress = {};
  for (Index index = progress.read + 1; progress.found == 0 && index <= up_to; ++index) {
    ++entries_examined_;
    progress.read = index;
    progress.read_term = entry_at(index).term;
    if (entry_at(index).command == value) progress.found = index;
  }
  // Entries read earlier may lie past up_to now (a restarted node's commit index starts over).
  return progress.found != 0 && progress.found <= up_to ? progress.found : 0;
}

ScenarioPlayer::Mark ScenarioPlayer::mark_now() const {
  Mark mark;
  mark.time = simulator_.now();
  mark.messages = simulator_.stats().raft_messages_sent;
  mark.leader_changes = simulator_.stats().leader_changes;
  mark.elections = simulator_.stats().elections_started;
  mark.leader = simulator_.leader();
  if (mark.leader) mark.term = simulator_.node(*mark.leader).current_term();
  return mark;
}

ScenarioPlayer::Check ScenarioPlayer::evaluate(const Condition& condition) const {
  if (condition.negated) {
    Condition positive = condition;
    positive.negated = false;
    Check check = evaluate(positive);
    check.holds = !check.holds;
    return check;
  }
  using C = Condition::Kind;
  const Simulator& sim = simulator_;
  const auto leader = sim.leader();
  auto leader_text = [&]() -> std::string {
    std::string text = leader ? "leader " + node_name(*leader) + " in term " + std::to_string(sim.node(*leader).current_term())
                              : "no working leader";
    // Nodes that believe they lead but do not count (cut off, or deposed unawares).
    std::string others;
    for (NodeId node : sim.leaders()) {
      if (node == leader) continue;
      others += (others.empty() ? "" : ", ") + node_name(node) + " still believes it leads term " +
                std::to_string(sim.node(node).current_term()) + ", but only " + std::to_string(sim.followers_of(node)) +
                " of " + std::to_string(sim.size()) + " would follow it";
    }
    return others.empty() ? text : text + "; " + others;
  };
  switch (condition.kind) {
    case C::Leader:
      return {leader && (!condition.node || condition.node->id == *leader), leader_text()};
    case C::NoLeader:
      return {!leader, leader_text()};
    case C::Role: {
      const NodeId node = condition.node->id;
      if (!sim.is_up(node)) return {false, node_name(node) + " is down"};
      const Role role = sim.node(node).role();
      return {role == condition.role, node_name(node) + " is " + raft::role_name(role)};
    }
    case C::Term: {
      if (condition.node) {
        const NodeSummary summary = sim.summary(condition.node->id);
        return {compare(static_cast<std::int64_t>(summary.term), condition.comparison, condition.count),
                node_name(condition.node->id) + " has term " + std::to_string(summary.term)};
      }
      std::string actual = "terms:";
      bool holds = true;
      for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
        if (!sim.is_up(node)) continue;
        const Term term = sim.node(node).current_term();
        holds = holds && compare(static_cast<std::int64_t>(term), condition.comparison, condition.count);
        actual += " " + node_name(node) + "=" + std::to_string(term);
      }
      return {holds, actual};
    }
    case C::Committed:
    case C::NotCommitted: {
      int live = 0;
      std::vector<NodeId> holders;
      for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
        if (!sim.is_up(node)) continue;
        ++live;
        const raft::Node& server = sim.node(node);
        const auto entry_at = [&server](Index index) -> const raft::LogEntry& { return server.log().at(index); };
        if (find_value(committed_search_, node, condition.value, server.commit_index(), server.log().last_index(), entry_at) != 0) {
          holders.push_back(node);
        }
      }
      std::string actual = condition.value + " committed on " + std::to_string(holders.size()) + " of " +
                           std::to_string(live) + " live nodes";
      actual += listed(holders);
      if (live < sim.size()) actual += "; " + std::to_string(sim.size() - live) + " down";
      if (condition.kind == C::NotCommitted) return {holders.empty(), actual};
      const bool holds = condition.on_all ? static_cast<int>(holders.size()) == live && live > 0
                                          : static_cast<std::int64_t>(holders.size()) >= condition.count;
      return {holds, actual};
    }
    case C::Stored: {
      std::vector<NodeId> holders;
      for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
        const auto& log = sim.storage(node).log();
        const auto entry_at = [&log](Index index) -> const raft::LogEntry& { return log[index - 1]; };
        if (find_value(stored_search_, node, condition.value, log.size(), log.size(), entry_at) != 0) holders.push_back(node);
      }
      std::string actual = condition.value + " stored on " + std::to_string(holders.size()) + " of " +
                           std::to_string(sim.size()) + " nodes";
      actual += listed(holders);
      const bool holds = condition.on_all ? static_cast<int>(holders.size()) == sim.size()
                                          : static_cast<std::int64_t>(holders.size()) >= condition.count;
      return {holds, actual};
    }
    case C::LogsAgree: {
      NodeId longest = 0;
      for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
        if (sim.is_up(node) && (longest == 0 || sim.node(node).commit_index() > sim.node(longest).commit_index())) {
          longest = node;
        }
      }
      for (NodeId node = 1; longest != 0 && node <= static_cast<NodeId>(sim.size()); ++node) {
        if (!sim.is_up(node)) continue;
        const Index commit = sim.node(node).commit_index();
        if (sim.storage(node).prefix_hash(commit) != sim.storage(longest).prefix_hash(commit)) {
          return {false, node_name(node) + "'s committed prefix differs from " + node_name(longest) + "'s"};
        }
      }
      return {true, "committed prefixes agree"};
    }
    case C::Stable: {
      const Mark now = mark_now();
      const std::uint64_t changes = now.leader_changes - span_start_.leader_changes;
      const std::uint64_t elections = now.elections - span_start_.elections;
      // Elections that win nothing (an isolated node timing out) do not unsettle the leader.
      const bool holds = span_start_.leader.has_value() && changes == 0 && now.leader == span_start_.leader &&
                         now.term == span_start_.term;
      const std::string start = span_start_.leader ? "leader " + node_name(*span_start_.leader) + " in term " +
                                                         std::to_string(span_start_.term) + " at the start"
                                                   : "no leader at the start";
      return {holds, start + "; " + leader_text() + " at the end; " + std::to_string(elections) +
                         " elections and " + std::to_string(changes) + " new leaders in between"};
    }
    case C::Messages: {
      const auto sent = static_cast<std::int64_t>(sim.stats().raft_messages_sent - span_start_.messages);
      return {compare(sent, condition.comparison, condition.count), std::to_string(sent) + " messages sent"};
    }
  }
  return {false, "?"};
}

std::optional<NodeId> ScenarioPlayer::resolve(const Command& command, const NodeRef& ref) {
  if (!ref.leader) return ref.id;
  if (auto leader = simulator_.leader()) return leader;
  fail(command, "a leader", "there is no leader");
  return std::nullopt;
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
