// The configuration and its text form (dissertation 4.1, 4.2.1).

#include "core/configuration.h"

#include <algorithm>
#include <charconv>

#include "core/quorum.h"

namespace raft {

namespace {

constexpr std::string_view kPrefix = "config voters";
constexpr std::string_view kLearners = " learners";

bool holds(const std::vector<NodeId>& nodes, NodeId node) { return std::binary_search(nodes.begin(), nodes.end(), node); }

void insert_sorted(std::vector<NodeId>& nodes, NodeId node) {
  nodes.insert(std::lower_bound(nodes.begin(), nodes.end(), node), node);
}

void erase(std::vector<NodeId>& nodes, NodeId node) { nodes.erase(std::find(nodes.begin(), nodes.end(), node)); }

// Reads " 1 2 3" into `nodes` until `end`; false on anything else.
bool read_ids(std::string_view text, std::vector<NodeId>& nodes) {
  while (!text.empty()) {
    if (text.front() != ' ') return false;
    text.remove_prefix(1);
    NodeId id = 0;
    const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || id == kNobody || (!nodes.empty() && id <= nodes.back())) return false;
    nodes.push_back(id);
    text.remove_prefix(static_cast<std::size_t>(rest - text.data()));
  }
  return true;
}

std::string ids(const std::vector<NodeId>& nodes, const char* before) {
  std::string text;
  for (NodeId node : nodes) text += (text.empty() ? before : ", ") + ("n" + std::to_string(node));
  return text;
}

}  // namespace

bool Configuration::is_voter(NodeId node) const { return holds(voters, node); }
bool Configuration::is_learner(NodeId node) const { return holds(learners, node); }

std::vector<NodeId> Configuration::members() const {
  std::vector<NodeId> all = voters;
  all.insert(all.end(), learners.begin(), learners.end());
  return all;
}

std::size_t Configuration::quorum() const { return majority(voters.size()); }

NodeId Configuration::highest_id() const {
  const NodeId voter = voters.empty() ? kNobody : voters.back();
  const NodeId learner = learners.empty() ? kNobody : learners.back();
  return std::max(voter, learner);
}

const char* change_verb(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::AddLearner: return "add";
    case ChangeKind::Promote: return "promote";
    case ChangeKind::Remove: return "remove";
  }
  return "?";
}

std::optional<Configuration> changed(const Configuration& configuration, ConfigurationChange change) {
  Configuration next = configuration;
  switch (change.kind) {
    case ChangeKind::AddLearner:
      if (change.node == kNobody || configuration.contains(change.node)) return std::nullopt;
      insert_sorted(next.learners, change.node);
      return next;
    case ChangeKind::Promote:
      if (!configuration.is_learner(change.node)) return std::nullopt;
      erase(next.learners, change.node);
      insert_sorted(next.voters, change.node);
      return next;
    case ChangeKind::Remove:
      if (configuration.is_learner(change.node)) {
        erase(next.learners, change.node);
        return next;
      }
      // A cluster with no voter could never elect a leader again.
      if (!configuration.is_voter(change.node) || configuration.voters.size() == 1) return std::nullopt;
      erase(next.voters, change.node);
      return next;
  }
  return std::nullopt;
}

std::string encode_configuration(const Configuration& configuration) {
  std::string text(kPrefix);
  for (NodeId node : configuration.voters) text += " " + std::to_string(node);
  if (!configuration.learners.empty()) text += kLearners;
  for (NodeId node : configuration.learners) text += " " + std::to_string(node);
  return text;
}

std::optional<Configuration> decode_configuration(const std::string& command) {
  std::string_view text = command;
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  const std::size_t split = text.find(kLearners);
  Configuration configuration;
  if (!read_ids(text.substr(0, split), configuration.voters)) return std::nullopt;
  if (split != std::string_view::npos && !read_ids(text.substr(split + kLearners.size()), configuration.learners)) {
    return std::nullopt;
  }
  for (NodeId learner : configuration.learners) {
    if (configuration.is_voter(learner)) return std::nullopt;
  }
  return configuration;
}

bool is_configuration(const LogEntry& entry) { return entry.command.starts_with(kPrefix); }

std::string describe_configuration(const Configuration& configuration) {
  std::string text = ids(configuration.voters, "voters ");
  if (text.empty()) text = "no voters";
  if (!configuration.learners.empty()) text += ids(configuration.learners, "; learners ");
  return text;
}

}  // namespace raft
