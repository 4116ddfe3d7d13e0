#include "sim/record/trace.h"

#include <nlohmann/json.hpp>

namespace sim {

using Json = nlohmann::ordered_json;

namespace {

// One line of JSON. Text that is not valid UTF-8 (a file name is any bytes; scenario
// text is checked by the parser, but a trace must never crash on what slips through)
// is written with U+FFFD in place of each bad byte, never an exception.
std::string dumped(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json message_json(const Envelope& envelope) {
  Json json;
  json["type"] = envelope_kind(envelope);
  if (const auto* message = std::get_if<raft::Message>(&envelope)) {
    std::visit(
        [&json](const auto& rpc) {
          using Rpc = std::decay_t<decltype(rpc)>;
          json["term"] = rpc.term;
          if constexpr (std::is_same_v<Rpc, raft::RequestVote>) {
            json["candidate"] = rpc.candidate;
            json["last_log_index"] = rpc.last_log_index;
            json["last_log_term"] = rpc.last_log_term;
            if (rpc.pre_vote) json["pre_vote"] = true;
            if (rpc.forced) json["forced"] = true;
          } else if constexpr (std::is_same_v<Rpc, raft::TimeoutNow>) {
            json["leader"] = rpc.leader;
          } else if constexpr (std::is_same_v<Rpc, raft::RequestVoteReply>) {
            json["vote_granted"] = rpc.vote_granted;
            if (rpc.pre_vote) json["pre_vote"] = true;
            json["why"] = raft::cause_code(rpc.reason.cause);
          } else if constexpr (std::is_same_v<Rpc, raft::AppendEntries>) {
            json["leader"] = rpc.leader;
            json["prev_log_index"] = rpc.prev_log_index;
            json["prev_log_term"] = rpc.prev_log_term;
            Json entries = Json::array();
            for (const raft::LogEntry& entry : rpc.entries) entries.push_back({entry.term, entry.command});
            json["entries"] = std::move(entries);
            json["leader_commit"] = rpc.leader_commit;
          } else if constexpr (std::is_same_v<Rpc, raft::InstallSnapshot>) {
            json["leader"] = rpc.leader;
            json["last_included_index"] = rpc.last_included_index;
            json["last_included_term"] = rpc.last_included_term;
            json["configuration"] = {{"voters", rpc.configuration.voters}, {"learners", rpc.configuration.learners}};
            json["offset"] = rpc.offset;
            json["bytes"] = rpc.data.size();
            json["done"] = rpc.done;
          } else if constexpr (std::is_same_v<Rpc, raft::InstallSnapshotReply>) {
            json["last_included_index"] = rpc.last_included_index;
            json["installed"] = rpc.installed;
            if (rpc.installed) json["match_index"] = rpc.match_index;
            if (!rpc.installed) json["next_offset"] = rpc.next_offset;
            json["why"] = raft::cause_code(rpc.reason.cause);
          } else if constexpr (std::is_same_v<Rpc, raft::ReadIndex>) {
            json["context"] = rpc.context;
          } else if constexpr (std::is_same_v<Rpc, raft::ReadIndexReply>) {
            json["context"] = rpc.context;
            json["index"] = rpc.index;
          } else {
            json["success"] = rpc.success;
            json["match_index"] = rpc.match_index;
            if (!rpc.success) {
              json["rejected_prev_index"] = rpc.rejected_prev_index;
              json["conflict_index"] = rpc.conflict_index;
              json["conflict_term"] = rpc.conflict_term;
            }
            json["why"] = raft::cause_code(rpc.reason.cause);
          }
        },
        message->payload);
  } else if (const auto* request = std::get_if<ClientRequest>(&envelope)) {
    json["operation"] = request->operation;
    json["command"] = request->command;
  } else {
    const auto& reply = std::get<ClientReply>(envelope);
    json["operation"] = reply.operation;
    json["status"] = client_status_name(reply.status);
    json["leader_hint"] = reply.leader_hint;
    json["index"] = reply.index;
  }
  return json;
}

template <typename T>
void changed(Json& json, const char* field, const T& before, const T& after) {
  if (!(before == after)) json[field] = Json::array({before, after});
}

}  // namespace

std::string trace_line(const Record& record) {
  Json json;
  json["seq"] = record.sequence;
  json["t_us"] = record.time;
  json["kind"] = record_kind_name(record.kind);
  if (record.node != 0) json["node"] = record.node;
  if (record.kind == RecordKind::Deliver || record.kind == RecordKind::Drop || record.kind == RecordKind::DropMessage) {
    json["from"] = record.from;
    json["to"] = record.to;
    json["msg_id"] = record.message_id;
    if (record.message) json["msg"] = message_json(*record.message);
  }
  if (!record.reason.empty()) json["reason"] = record.reason;
  if (!record.changes.empty()) {
    Json changes = Json::array();
    for (const NodeChange& change : record.changes) {
      Json item;
      item["node"] = change.node;
      // A node that is down has no role, leader or commit index: only "up" and what it
      // persisted (term, vote, log length) are reported across a crash or restart.
      const bool both_up = change.before.up && change.after.up;
      changed(item, "up", change.before.up, change.after.up);
      if (both_up) {
        changed(item, "role", std::string(raft::role_name(change.before.role)), std::string(raft::role_name(change.after.role)));
      }
      changed(item, "term", change.before.term, change.after.term);
      changed(item, "voted_for", change.before.voted_for, change.after.voted_for);
      if (both_up) changed(item, "leader", change.before.leader, change.after.leader);
      changed(item, "last_index", change.before.last_index, change.after.last_index);
      if (both_up) changed(item, "commit_index", change.before.commit_index, change.after.commit_index);
      if (change.removed_from != 0) item["removed"] = Json::array({change.removed_from, change.removed_to});
      changes.push_back(std::move(item));
    }
    json["changes"] = std::move(changes);
  }
  if (!record.decisions.empty()) {
    Json decisions = Json::array();
    for (const NodeDecision& made : record.decisions) {
      decisions.push_back({{"node", made.node},
                           {"cause", raft::cause_code(made.decision.reason.cause)},
                           {"text", raft::explain(made.decision)}});
    }
    json["decisions"] = std::move(decisions);
  }
  return dumped(json);
}

std::string trace_header(const std::string& file, const ClusterConfig& config) {
  Json json;
  json["kind"] = "run";
  json["file"] = file;
  json["seed"] = config.seed;
  json["nodes"] = config.nodes;
  if (!config.bugs.empty()) {
    Json bugs = Json::array();
    for (const raft::BugInfo& info : raft::kBugs) {
      if (config.bugs.has(info.bug)) bugs.push_back(std::string(info.name));
    }
    json["bugs"] = bugs;
  }
  json["election_timeout_us"] = Json::array({config.election_timeout_min, config.election_timeout_max});
  json["heartbeat_us"] = config.heartbeat_interval;
  json["noop"] = config.noop;
  json["prevote"] = config.pre_vote;
  json["check_quorum"] = config.check_quorum;
  return dumped(json);
}

std::string trace_chaos_result(const ChaosResult& result) {
  Json json;
  json["kind"] = "result";
  json["status"] = result.passed ? "passed" : result.violated ? "invariant-violated" : "liveness-failed";
  json["t_us"] = result.ended_at;
  json["events"] = result.events;
  if (!result.passed) json["check"] = result.check;
  return dumped(json);
}

std::string trace_result(const ScenarioPlayer& player) {
  const Simulator& simulator = player.simulator();
  Json json;
  json["kind"] = "result";
  json["status"] = player.status() == PlayStatus::Passed              ? "passed"
                   : player.status() == PlayStatus::ExpectationFailed ? "expectation-failed"
                   : player.status() == PlayStatus::InvariantViolated ? "invariant-violated"
                                                                      : "stopped-at-event-limit";
  json["t_us"] = simulator.now();
  json["events"] = simulator.stats().events;
  json["expectations_passed"] = player.expectations_passed();
  if (simulator.violation()) json["violation"] = simulator.violation()->invariant;
  return dumped(json);
}

std::string history_line(const ClientOperation& operation) {
  Json json;
  json["op"] = operation.id;
  if (operation.read) {
    // A read, as the checker reads it: its key, and the value it returned (null: none).
    json["kind"] = "read";
    json["key"] = operation.command;
    json["way"] = read_way_name(operation.way);
    if (operation.outcome == Outcome::Acknowledged) json["value"] = operation.found ? Json(operation.value) : Json(nullptr);
  } else {
    json["command"] = operation.command;
    // The same write as the linearizability checker reads it (sim/lincheck/history_reader.h).
    const std::size_t equals = operation.command.find('=');
    json["kind"] = "write";
    json["key"] = operation.command.substr(0, equals);
    json["value"] = equals == std::string::npos ? "" : operation.command.substr(equals + 1);
  }
  json["via"] = operation.via;
  // Its session (dissertation 6.3): each client's writes are its own history.
  json["client"] = operation.client;
  json["seq"] = operation.sequence;
  json["invoked_us"] = operation.invoked_at;
  json["outcome"] = outcome_name(operation.outcome);
  if (operation.completed_at >= 0) json["completed_us"] = operation.completed_at;
  if (operation.outcome == Outcome::Acknowledged) {
    json["index"] = operation.index;
    json["term"] = operation.term;
  }
  json["attempts"] = operation.attempts;
  return dumped(json);
}

std::string trace_line(const Note& note) {
  Json json;
  json["kind"] = note.kind == Note::Kind::ExpectPassed ? "expect-passed"
                 : note.kind == Note::Kind::ExpectFailed ? "expect-failed"
                 : note.kind == Note::Kind::Say ? "say-source" : "info";
  json["t_us"] = note.time;
  json["line"] = note.location.line;
  json["text"] = note.text;
  if (!note.expected.empty()) json["expected"] = note.expected;
  if (!note.actual.empty()) json["actual"] = note.actual;
  return dumped(json);
}

}  // namespace sim
