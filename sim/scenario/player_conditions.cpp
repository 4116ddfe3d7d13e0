// The scenario player's conditions (docs/scenarios.md, "Conditions"): what each asks
// for in words, and whether it holds now, with what was found.
#include <algorithm>

#include "sim/scenario/player.h"

namespace sim {

// A node's place in the cluster's configuration, by Condition::count.
constexpr const char* kMemberships[] = {"outside the configuration", "a learner", "a voter"};

using raft::Role;

namespace {

// Whether the state machine shows "key=value" (the key holds that value now).
bool in_state_machine(const std::map<std::string, std::string>& map, const std::string& key_value) {
  const auto equals = key_value.find('=');
  if (equals == std::string::npos) return false;
  const auto found = map.find(key_value.substr(0, equals));
  return found != map.end() && found->second == key_value.substr(equals + 1);
}

}  // namespace

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
    case C::Member: return who + " " + kMemberships[condition.count];
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

template <typename EntryAt>
Index ScenarioPlayer::find_value(ValueSearch& search, NodeId node, const std::string& value, Index up_to,
                                 Index last_index, EntryAt entry_at) const {
  if (search.value != value || search.nodes.size() != static_cast<std::size_t>(simulator_.size())) {
    search = ValueSearch{value, std::vector<ValueSearch::Progress>(static_cast<std::size_t>(simulator_.size()))};
  }
  ValueSearch::Progress& progress = search.nodes[node - 1];
  // Log Matching: the same term at the entry last read means the same entries up to it.
  // An entry compacted since was committed: it has not changed either.
  const raft::LogEntry* last_read = progress.read == 0 || progress.read > last_index ? nullptr : entry_at(progress.read);
  const bool unchanged = progress.read <= last_index && (progress.read == 0 || !last_read || last_read->term == progress.read_term);
  if (!unchanged) progress = {};
  for (Index index = progress.read + 1; progress.found == 0 && index <= up_to; ++index) {
    const raft::LogEntry* entry = entry_at(index);
    if (entry == nullptr) continue;  // in a snapshot: its command is gone from the log
    ++entries_examined_;
    progress.read = index;
    progress.read_term = entry->term;
    if (entry->command == value) progress.found = index;
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
    case C::Member:
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
        const auto entry_at = [&server](Index index) -> const raft::LogEntry* {
          return server.log().holds(index) ? &server.log().at(index) : nullptr;
        };
        // A value compacted into a snapshot shows in the state machine (which holds only
        // committed entries), unless a later write to its key replaced it.
        if (find_value(committed_search_, node, condition.value, server.commit_index(), server.log().last_index(), entry_at) != 0 ||
            in_state_machine(sim.state_machine(node), condition.value)) {
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
        const Storage& storage = sim.storage(node);
        const auto entry_at = [&storage](Index index) -> const raft::LogEntry* {
          return index >= storage.first_index() && index <= storage.last_index() ? &storage.entry(index) : nullptr;
        };
        if (find_value(stored_search_, node, condition.value, storage.last_index(), storage.last_index(), entry_at) != 0) {
          holders.push_back(node);
        }
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
  if (condition.kind == C::Member) {
    const auto node = node_of(*condition.node);
    if (!node) return {false, text_of(*condition.node) + " is not bound"};
    const raft::Configuration configuration = sim.configuration();
    const int place = configuration.is_voter(*node) ? 2 : configuration.is_learner(*node) ? 1 : 0;
    return {place == condition.count, node_name(*node) + " " + kMemberships[place] + " (" +
                                          raft::describe_configuration(configuration) + ")"};
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
    if (!server.log().holds(condition.index)) {
      others += "; " + node_name(node) + " compacted index " + std::to_string(condition.index) + " into a snapshot";
      continue;
    }
    const std::string& entry = server.log().at(condition.index).command;
    if (entry == condition.value) holders.push_back(node);
    else others += "; " + node_name(node) + " committed " + (entry.empty() ? "a no-op" : entry) + " there";
  }
  const bool holds = condition.on_all ? static_cast<int>(holders.size()) == live && live > 0
                                      : static_cast<std::int64_t>(holders.size()) >= condition.count;
  return {holds, condition.value + " committed at index " + std::to_string(condition.index) + " on " +
                     std::to_string(holders.size()) + " of " + std::to_string(live) + " live nodes" + listed(holders) + others};
}

}  // namespace sim
