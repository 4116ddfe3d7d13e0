// Everything observable about a simulator, as text: two runs are in the identical
// state when their fingerprints are equal.
#pragma once

#include <sstream>
#include <string>

#include "sim/cluster/simulator.h"
#include "sim/scenario/player.h"

namespace gui_test {

inline std::string fingerprint(const sim::Simulator& simulator) {
  std::ostringstream out;
  const sim::Stats& stats = simulator.stats();
  out << "now " << simulator.now() << " events " << stats.events << " sent " << stats.raft_messages_sent
      << " delivered " << stats.messages_delivered << " dropped " << stats.messages_dropped << " records "
      << simulator.record_count() << "\n";
  for (raft::NodeId node = 1; node <= static_cast<raft::NodeId>(simulator.size()); ++node) {
    const sim::NodeSummary s = simulator.summary(node);
    out << "n" << node << " up " << s.up << " role " << static_cast<int>(s.role) << " term " << s.term << " vote "
        << s.voted_for << " leader " << s.leader << " last " << s.last_index << " commit " << s.commit_index;
    if (s.up) {
      out << " timer " << simulator.node(node).election_due() << "/" << simulator.node(node).heartbeat_due();
    }
    out << " log";
    for (const raft::LogEntry& entry : simulator.storage(node).log()) out << " " << entry.term << ":" << entry.command;
    out << " kv";
    for (const auto& [key, value] : simulator.state_machine(node)) out << " " << key << "=" << value;
    out << "\n";
  }
  out << "in flight";
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    out << " " << message->id << "@" << message->deliver_at << (message->doomed ? "x" : "");
  }
  out << "\nclient";
  for (const sim::ClientOperation& operation : simulator.history()) {
    out << " " << operation.command << ":" << sim::outcome_name(operation.outcome) << ":" << operation.index;
  }
  const sim::Topology& topology = simulator.topology();
  out << "\ngroups";
  for (raft::NodeId node = 1; node <= static_cast<raft::NodeId>(simulator.size()); ++node) out << " " << topology.group_of(node);
  out << " cuts " << topology.cuts().size() << " loss " << simulator.network().loss_ppm << " latency "
      << simulator.network().latency_min << "-" << simulator.network().latency_max << "\n";
  return out.str();
}

// The state a recorded scenario reaches when played to the end, as `raftsim run` does.
inline std::string replay_fingerprint(const std::string& scenario_text) {
  sim::ScenarioPlayer player(sim::parse_scenario(scenario_text, "recorded"));
  player.simulator().set_recording(true);
  while (!player.finished()) {
    player.step();
    player.simulator().take_records();
  }
  return fingerprint(player.simulator());
}

}  // namespace gui_test
