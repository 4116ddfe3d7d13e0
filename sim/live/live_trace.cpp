#include "sim/live/live_trace.h"

#include <nlohmann/json.hpp>

#include "sim/live/server.h"
#include "sim/record/trace.h"

namespace sim::live {

NodeSummary summary_of(const raft::Node& node) {
  return NodeSummary{true, node.role(), node.current_term(), node.voted_for(), node.leader(), node.log().last_index(),
                     node.commit_index()};
}

std::string LiveTrace::open(const std::string& path, const ServerOptions& options, const raft::Node& node) {
  if (std::optional<std::string> error = file_.open(path, "trace")) return *error;
  nlohmann::json header;
  header["kind"] = "run";
  header["file"] = "live node " + std::to_string(options.id);
  header["seed"] = node.config().seed;
  header["nodes"] = options.peers.size();
  header["election_timeout_us"] = {options.election_timeout_min, options.election_timeout_max};
  header["heartbeat_us"] = options.heartbeat_interval;
  header["live"] = true;
  header["node"] = options.id;
  file_.write_line(header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return file_.flush() ? "" : "cannot write the trace file '" + path + "'";
}

bool LiveTrace::record(RecordKind kind, raft::Time now, const NodeSummary& before, const raft::Node& node,
                       const raft::Message* message, const std::vector<raft::Decision>& decisions, const std::string& reason) {
  Record record;
  record.sequence = ++sequence_;
  record.time = now;
  record.kind = kind;
  record.node = node.id();
  record.reason = reason;
  if (message) {
    record.from = message->from;
    record.to = message->to;
    record.message_id = record.sequence;  // unique within this process's trace
    record.message = Envelope{*message};
  }
  const NodeSummary after = summary_of(node);
  if (!(after == before)) record.changes.push_back(NodeChange{node.id(), before, after, 0, 0});
  for (const raft::Decision& decision : decisions) record.decisions.push_back(NodeDecision{node.id(), decision});
  // Every line is flushed: a process killed with SIGKILL leaves a whole trace behind.
  return file_.write_line(trace_line(record)) && file_.flush();
}

LiveTrace::~LiveTrace() { file_.close(); }

}  // namespace sim::live
