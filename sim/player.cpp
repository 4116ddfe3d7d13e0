#include "sim/player.h"

#include "sim/limits.h"

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
    : scenario_(std::move(scenario)),
      simulator_(cluster_config_of(scenario_, seed_override)),
      choices_(raft::derive_seed(simulator_.config().seed, kScenarioStream)),
      bound_(scenario_.names.size()) {
  mark_ = mark_now();
}

// What an expectation asks for, in words.
std::string ScenarioPlayer::expected_text_of(const Condition& condition) const {
  if (!condition.negated) return expected_text(condition);
  Condition positive = condition;
  positive.negated = false;
  return "not (" + expected_text(positive) + ")";
}

std::string ScenarioPlayer::expected_text(const Condition& condition) const {
  using C = Condition::Kind;
  const std::string who = condition.node ? text_of(*condition.node) : "every live node";
  const std::string on = condition.on_all ? std::string("all live nodes") : "at least " + std::to_string(condition.count) + " nodes";
  const std::string compared = std::string(comparison_symbol(condition.comparison)) + " " + std::to_string(condition.count);
  switch (condition.kind) {
    case C::Leader: return condition.node ? who + " is the leader" : "one leader";
    case C::NoLeader: return "no leader";
    case C::Leaders: return "nodes in the leader role " + compared;
    case C::Up:
      if (condition.node) return who + (condition.count == 1 ? " up" : " down");
      return "live nodes " + compared;
    case C::Connected: return "connected nodes " + compared;
    case C::Chance: return "a chance of " + std::to_string(condition.count) + " in a million";
    case C::Role: return who + " is " + raft::role_name(condition.role);
    case C::Term: return who + " has term " + compared;
    case C::CommitIndex: return who + " has commit index " + compared;
    case C::TermsAgree: return "every live node in the same term";
    case C::Committed: return condition.value + " committed on " + on;
    case C::CommittedAt: return condition.value + " committed at index " + std::to_string(condition.index) + " on " + on;
    case C::NotCommitted: return condition.value + " committed nowhere";
    case C::Stored:
      return condition.value + " stored on " +
             (condition.on_all ? std::string("every node") : "at least " + std::to_string(condition.count) + " nodes");
    case C::LogsAgree: return "all live logs agree on their committed prefixes";
    case C::Stable: return "the same leader and term throughout";
    case C::Messages: {
      std::string what = std::string("messages ") + (condition.delivered ? "delivered" : "sent");
      if (condition.message_kind >= 0) what += " of kind " + rpc_kind_names()[static_cast<std::size_t>(condition.message_kind)];
      if (condition.from) what += " from " + text_of(*condition.from);
      if (condition.to) what += " to " + text_of(*condition.to);
      return what + " " + compared;
    }
  }
  return "?";
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
      return true;  // applied when the cluster was built
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
      sim.write(command.value, via.value_or(0), true);
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
      sim.write(command.value, via.value_or(0), command.until_committed);
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
  mark.messages_by_kind = simulator_.message_counts();
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
      return {leader && (!condition.node || node_of(*condition.node) == *leader), leader_text()};
    case C::NoLeader:
      return {!leader, leader_text()};
    case C::Role:
    case C::CommitIndex:
    case C::CommittedAt:
    case C::TermsAgree:
    case C::Leaders:
    case C::Up:
    case C::Connected:
      return evaluate_about_nodes(condition);
    case C::Chance:
      return {false, "a chance is drawn by 'if' only"};
    case C::Term: {
      if (condition.node) {
        const auto node = node_of(*condition.node);
        if (!node) return {false, text_of(*condition.node) + " is not bound"};
        const NodeSummary summary = sim.summary(*node);
        return {compare(static_cast<std::int64_t>(summary.term), condition.comparison, condition.count),
                node_name(*node) + " has term " + std::to_string(summary.term)};
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
      const auto from = condition.from ? node_of(*condition.from) : NodeId{0};
      const auto to = condition.to ? node_of(*condition.to) : NodeId{0};
      if (!from || !to) return {false, "a node named is not bound"};
      const auto counted = [&](const MessageCounts& counts) {
        return counts.total(condition.delivered, condition.message_kind, *from, *to);
      };
      const auto number = static_cast<std::int64_t>(counted(sim.message_counts()) - counted(span_start_.messages_by_kind));
      return {compare(number, condition.comparison, condition.count),
              std::to_string(number) + " messages " + (condition.delivered ? "delivered" : "sent")};
    }
  }
  return {false, "?"};
}

// The conditions about each live node's state: its role, its commit index, an entry of
// its committed prefix, its term against the others', and how many believe they lead.
ScenarioPlayer::Check ScenarioPlayer::evaluate_about_nodes(const Condition& condition) const {
  using C = Condition::Kind;
  const Simulator& sim = simulator_;
  if (condition.kind == C::Role || condition.kind == C::CommitIndex) {
    const auto node = node_of(*condition.node);
    if (!node) return {false, text_of(*condition.node) + " is not bound"};
    if (!sim.is_up(*node)) return {false, node_name(*node) + " is down"};
    if (condition.kind == C::CommitIndex) {
      const Index commit = sim.node(*node).commit_index();
      return {compare(static_cast<std::int64_t>(commit), condition.comparison, condition.count),
              node_name(*node) + " has commit index " + std::to_string(commit)};
    }
    const Role role = sim.node(*node).role();
    return {role == condition.role, node_name(*node) + " is " + raft::role_name(role)};
  }
  if (condition.kind == C::Up && condition.node) {
    const auto node = node_of(*condition.node);
    if (!node) return {false, text_of(*condition.node) + " is not bound"};
    const bool up = sim.is_up(*node);
    return {up == (condition.count == 1), node_name(*node) + (up ? " is up" : " is down")};
  }
  if (condition.kind == C::Up || condition.kind == C::Connected) {
    std::vector<NodeId> up;
    for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
      const bool counts = condition.kind == C::Up ? sim.is_up(node) : sim.topology().group_of(node) == 0;
      if (counts) up.push_back(node);
    }
    return {compare(static_cast<std::int64_t>(up.size()), condition.comparison, condition.count),
            std::to_string(up.size()) + (condition.kind == C::Up ? " up" : " connected") + listed(up)};
  }
  if (condition.kind == C::Leaders) {
    const std::vector<NodeId> leaders = sim.leaders();
    return {compare(static_cast<std::int64_t>(leaders.size()), condition.comparison, condition.count),
            std::to_string(leaders.size()) + " in the leader role" + listed(leaders)};
  }
  if (condition.kind == C::TermsAgree) {
    std::string actual = "terms:";
    std::optional<Term> first;
    bool agree = true;
    for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
      if (!sim.is_up(node)) continue;
      const Term term = sim.node(node).current_term();
      agree = agree && (!first || *first == term);
      first = first.value_or(term);
      actual += " " + node_name(node) + "=" + std::to_string(term);
    }
    return {agree, actual};
  }
  // CommittedAt: the entry at that index of each live node's committed prefix.
  int live = 0;
  std::vector<NodeId> holders;
  std::string others;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (!sim.is_up(node)) continue;
    ++live;
    const raft::Node& server = sim.node(node);
    if (server.commit_index() < condition.index) continue;
    const std::string& entry = server.log().at(condition.index).command;
    if (entry == condition.value) holders.push_back(node);
    else others += "; " + node_name(node) + " committed " + (entry.empty() ? "a no-op" : entry) + " there";
  }
  const bool holds = condition.on_all ? static_cast<int>(holders.size()) == live && live > 0
                                      : static_cast<std::int64_t>(holders.size()) >= condition.count;
  return {holds, condition.value + " committed at index " + std::to_string(condition.index) + " on " +
                     std::to_string(holders.size()) + " of " + std::to_string(live) + " live nodes" + listed(holders) + others};
}

std::optional<NodeId> ScenarioPlayer::resolve(const Command& command, const NodeRef& ref) {
  std::optional<NodeId> node;
  switch (ref.kind) {
    case NodeRef::Kind::Id: node = ref.id; break;
    case NodeRef::Kind::Named:
      node = node_of(ref);
      if (!node) fail(command, "a node bound to " + text_of(ref), text_of(ref) + " is not bound: the line binding it was skipped");
      break;
    case NodeRef::Kind::Leader:
      node = simulator_.leader();
      if (!node) fail(command, "a leader", "there is no leader");
      break;
    default: node = pick(command, ref); break;
  }
  if (!node) return std::nullopt;
  picked_.push_back(*node);
  if (ref.bind >= 0) bound_[static_cast<std::size_t>(ref.bind)] = *node;
  return node;
}

std::optional<NodeId> ScenarioPlayer::pick(const Command& command, const NodeRef& ref) {
  const Simulator& sim = simulator_;
  std::vector<NodeId> candidates;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (std::find(picked_.begin(), picked_.end(), node) != picked_.end()) continue;  // one node, one role per command
    const bool up = sim.is_up(node);
    const Role wanted = ref.kind == NodeRef::Kind::RandomLeader ? Role::Leader : Role::Follower;
    const bool qualifies = ref.kind == NodeRef::Kind::Random          ? true
                           : ref.kind == NodeRef::Kind::RandomUp      ? up
                           : ref.kind == NodeRef::Kind::RandomCrashed ? !up
                                                                      : up && sim.node(node).role() == wanted;
    if (qualifies) candidates.push_back(node);
  }
  const std::string what = text_of(ref);
  if (candidates.empty()) {
    // Nothing to pick (no crashed node to restart, say): the command is skipped, as a
    // course test's "if any is down, restart one" does nothing when none is.
    info(command.text + ": skipped, no node qualifies as '" + what + "'");
    return std::nullopt;
  }
  const NodeId chosen = candidates[choices_.below(candidates.size())];
  info(command.text + ": " + what + " is " + node_name(chosen) + " (of" + listed(candidates) + ")");
  return chosen;
}

std::optional<NodeId> ScenarioPlayer::node_of(const NodeRef& ref) const {
  if (ref.kind == NodeRef::Kind::Id) return ref.id;
  if (ref.kind == NodeRef::Kind::Named) return bound_[static_cast<std::size_t>(ref.name)];
  return std::nullopt;
}

void ScenarioPlayer::info(const std::string& text) {
  notes_.push_back(Note{Note::Kind::Info, simulator_.now(), current_command() ? current_command()->location : SourceLocation{},
                        text, "", "", "", simulator_.record_count()});
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
