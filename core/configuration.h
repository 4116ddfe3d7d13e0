// The cluster's configuration (dissertation chapter 4): which servers vote and which only
// listen. A configuration is an entry in the log like any other, and each server uses the
// newest one in its log, committed or not (4.1). Changes go one server at a time, so any
// majority of the old configuration overlaps any majority of the new one (4.2, Figure 4.3).
//
// A configuration entry's command is its text, "config voters 1 2 3 learners 4": a client's
// command is always key=value, so no client can write one, and a log printed anywhere shows
// what the entry does. (A no-op has an empty command; a configuration entry never does.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace raft {

struct Configuration {
  std::vector<NodeId> voters;    // ascending: they vote, and a majority of them commits
  std::vector<NodeId> learners;  // ascending: they receive entries, neither vote nor count (4.2.1)

  bool is_voter(NodeId node) const;
  bool is_learner(NodeId node) const;
  bool contains(NodeId node) const { return is_voter(node) || is_learner(node); }
  // Every server the leader replicates to: voters then learners, each ascending.
  std::vector<NodeId> members() const;
  // How many voters make a majority (5.2): voters/2 + 1.
  std::size_t quorum() const;
  NodeId highest_id() const;
  friend bool operator==(const Configuration&, const Configuration&) = default;
};

// The three single-server changes (4.2, 4.2.1): a new server joins as a learner, is
// promoted to voter once it has caught up, and any member can be removed.
enum class ChangeKind : std::uint8_t { AddLearner, Promote, Remove };

const char* change_verb(ChangeKind kind);  // "add", "promote", "remove"

struct ConfigurationChange {
  ChangeKind kind = ChangeKind::AddLearner;
  NodeId node = kNobody;
  friend bool operator==(const ConfigurationChange&, const ConfigurationChange&) = default;
};

// `configuration` with the change made; nullopt if it does not apply (adding a member,
// promoting a non-learner, removing a stranger or the last voter).
std::optional<Configuration> changed(const Configuration& configuration, ConfigurationChange change);

std::string encode_configuration(const Configuration& configuration);
// The configuration an entry's command holds, if it is a configuration entry.
std::optional<Configuration> decode_configuration(const std::string& command);
bool is_configuration(const LogEntry& entry);

// "voters n1, n2, n3; learners n4", for sentences and the GUI.
std::string describe_configuration(const Configuration& configuration);

}  // namespace raft
