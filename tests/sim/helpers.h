// Small helpers shared by the simulator tests: cluster configurations that read like
// the lesson, and loops that run a simulator until something holds.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/simulator.h"
#include "sim/record/trace.h"
#include "sim/scenario/player.h"

namespace simtest {

using raft::kMillisecond;
using raft::kSecond;
using raft::Time;
using sim::NodeId;

inline constexpr Time kMs = kMillisecond;

// Figure 2 as these tests count its messages and indexes: the no-op and check-quorum
// off (they are on by default); a test of an option switches it on.
inline sim::ClusterConfig cluster(int nodes, std::uint64_t seed = 1) {
  sim::ClusterConfig config;
  config.nodes = nodes;
  config.seed = seed;
  config.noop = false;
  config.check_quorum = false;
  return config;
}

// The same for a scenario played in a test of the language: Figure 2, whatever the defaults.
inline constexpr sim::OptionSwitches kFigure2{.noop = false, .pre_vote = false, .check_quorum = false, .reads = {}};

// Runs in 1 ms slices until `done` holds or `bound` of virtual time has passed; true if
// it holds. Checks the simulator never stopped on a violation.
inline bool run_until(sim::Simulator& simulator, Time bound, const std::function<bool()>& done) {
  const Time limit = simulator.now() + bound;
  while (!done()) {
    if (simulator.now() >= limit) return false;
    simulator.run_until(simulator.now() + 1 * kMs);
    if (simulator.stopped()) {
      FAIL_CHECK("invariant violated: " << sim::format_violation(*simulator.violation()));
      return false;
    }
  }
  return true;
}

// Runs until the cluster has a leader (see Simulator::leader) and returns it.
inline std::optional<NodeId> run_until_leader(sim::Simulator& simulator, Time bound = 3 * kSecond) {
  run_until(simulator, bound, [&] { return simulator.leader().has_value(); });
  return simulator.leader();
}

// Every record as a trace line.
inline std::vector<std::string> lines_of(const std::vector<sim::Record>& records) {
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (const sim::Record& record : records) lines.push_back(sim::trace_line(record));
  return lines;
}

// Records of one kind.
inline std::vector<sim::Record> of_kind(const std::vector<sim::Record>& records, sim::RecordKind kind) {
  std::vector<sim::Record> found;
  for (const sim::Record& record : records) {
    if (record.kind == kind) found.push_back(record);
  }
  return found;
}

// The first record about message `id` (delivered or dropped), if any.
inline std::optional<sim::Record> fate_of(const std::vector<sim::Record>& records, std::uint64_t id) {
  for (const sim::Record& record : records) {
    if ((record.kind == sim::RecordKind::Deliver || record.kind == sim::RecordKind::Drop ||
         record.kind == sim::RecordKind::DropMessage) &&
        record.message_id == id) {
      return record;
    }
  }
  return std::nullopt;
}

// The ids of the messages in flight from `from` to `to`, oldest first.
inline std::vector<std::uint64_t> in_flight_ids(const sim::Simulator& simulator, NodeId from, NodeId to) {
  std::vector<std::uint64_t> ids;
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    if (message->from == from && message->to == to) ids.push_back(message->id);
  }
  return ids;
}

inline sim::Scenario scenario(const std::string& text) { return sim::parse_scenario(text, "test.scenario"); }

}  // namespace simtest
