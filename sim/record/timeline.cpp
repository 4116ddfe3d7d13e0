#include "sim/record/timeline.h"

#include <algorithm>
#include <cstdio>

#include "sim/io/safe_text.h"
#include "sim/scenario/scenario.h"

namespace sim {

using raft::Role;

namespace {

// The client's request as the record says it: a read's is "read KEY with WAY".
std::string client_asks(const std::string& reason) {
  const std::string read = "read ", with = " with ";
  const std::size_t way_at = reason.find(with);
  if (reason.rfind(read, 0) != 0 || way_at == std::string::npos) return "writes " + reason;
  return "reads " + reason.substr(read.size(), way_at - read.size()) + " (" + reason.substr(way_at + with.size()) + ")";
}

// An acknowledged write says where it was committed; a read says what it returned.
std::string answered(const ClientOperation& operation, const ClientReply& reply, const std::string& from) {
  const std::string where = "index " + std::to_string(reply.index) + ", term " + std::to_string(reply.term);
  if (!operation.read) return operation.command + " acknowledged by " + from + " (" + where + ")";
  const std::string value = operation.found ? operation.command + " = " + operation.value : operation.command + " not found";
  return "read " + value + ", answered by " + from + " (" + read_way_name(operation.way) + ", as of " + where + ")";
}

constexpr const char* kBold = "1";
constexpr const char* kDim = "2";
constexpr const char* kRed = "1;31";
constexpr const char* kGreen = "32";
constexpr const char* kYellow = "33";
constexpr const char* kBlue = "34";
constexpr const char* kMagenta = "35";
constexpr const char* kCyan = "36";

std::string name(NodeId node) { return node == kClient ? "client" : "n" + std::to_string(node); }

bool shown_without_verbose(raft::Cause cause) {
  return cause == raft::Cause::TimeoutNowSent || cause == raft::Cause::TransferAbandoned;
}

// Whether the record delivers a TimeoutNow (a candidate it makes campaigns on request).
bool told_to_time_out(const Record& record) {
  const auto* message = record.kind == RecordKind::Deliver && record.message ? std::get_if<raft::Message>(&*record.message)
                                                                              : nullptr;
  return message != nullptr && std::holds_alternative<raft::TimeoutNow>(message->payload);
}

// Whether `node` made a decision for `cause` in this event.
bool decided(const Record& record, NodeId node, raft::Cause cause) {
  return std::any_of(record.decisions.begin(), record.decisions.end(), [&](const NodeDecision& made) {
    return made.node == node && made.decision.reason.cause == cause;
  });
}

std::string fixed_time(Time time) {
  char text[32];
  std::snprintf(text, sizeof text, "%4lld.%06llds", static_cast<long long>(time / raft::kSecond),
                static_cast<long long>(time % raft::kSecond));
  return text;
}

}  // namespace

std::string Timeline::paint(const std::string& text, const char* colour) const {
  if (!colour_ || colour == nullptr) return text;
  return std::string("\033[") + colour + "m" + text + "\033[0m";
}

void Timeline::line(Time time, const std::string& who, const std::string& text, const char* colour) {
  std::string padded = who;
  if (padded.size() < 6) padded.resize(6, ' ');
  // Every text is made printable before it is painted: the colours are our only escapes.
  out_ << paint(fixed_time(time), kDim) << "  " << padded << ' ' << paint(printable(text), colour) << '\n';
}

void Timeline::print(const Record& record, const Simulator& simulator) {
  const bool quiet = verbosity_ == Verbosity::Quiet;
  const bool verbose = verbosity_ == Verbosity::Verbose;
  const Time time = record.time;
  if (record.kind == RecordKind::Say) {
    out_ << paint(fixed_time(time), kDim) << "  " << paint("» " + printable(record.reason), kCyan) << '\n';
    return;
  }
  if (quiet) return;

  // Faults and teaching actions: always shown.
  switch (record.kind) {
    case RecordKind::Crash: line(time, name(record.node), "CRASHED (volatile state lost, storage kept)", kRed); break;
    case RecordKind::Restart: line(time, name(record.node), "restarted from its persisted term, vote and log", kGreen); break;
    case RecordKind::Network: line(time, "net", record.reason, kMagenta); break;
    case RecordKind::Campaign: line(time, name(record.node), "told to campaign now", kMagenta); break;
    case RecordKind::Transfer: line(time, name(record.node), "transfer: " + record.reason, kMagenta); break;
    case RecordKind::Membership: line(time, name(record.node), record.reason, kMagenta); break;
    case RecordKind::Timers: line(time, record.node ? name(record.node) : "timers", record.reason, kMagenta); break;
    case RecordKind::DropMessage: {
      const std::string what = record.message ? describe(*record.message) : "message";
      line(time, "net", "dropped by hand: " + name(record.from) + " -> " + name(record.to) + " " + what, kMagenta);
      break;
    }
    case RecordKind::ClientWrite: line(time, "client", client_asks(record.reason), kBlue); break;
    case RecordKind::ClientRetry:
      if (verbose || record.reason.rfind("gave up", 0) == 0) line(time, "client", record.reason, kYellow);
      break;
    default: break;
  }
  if (verbose && (record.kind == RecordKind::Deliver || record.kind == RecordKind::Drop)) {
    const std::string what = record.message ? describe(*record.message) : "message";
    if (record.kind == RecordKind::Drop) {
      line(time, name(record.to), "x " + name(record.from) + " -> " + name(record.to) + " " + what + " (" + record.reason + ")", kDim);
    } else {
      line(time, name(record.to), "<- " + name(record.from) + " " + what, kDim);
    }
  }
  // Answers to the client.
  if (record.kind == RecordKind::Deliver && record.to == kClient && record.message) {
    const auto& reply = std::get<ClientReply>(*record.message);
    const ClientOperation& operation = simulator.history()[reply.operation - 1];
    if (reply.status == ClientStatus::Ok && operation.completed_at == time && operation.outcome == Outcome::Acknowledged) {
      line(time, "client", answered(operation, reply, name(record.from)), kBlue);
    } else if (reply.status == ClientStatus::Failed && operation.completed_at == time) {
      line(time, "client", operation.command + " FAILED: its entry at index " + std::to_string(reply.index) +
                               " was overwritten by another leader's", kYellow);
    } else if (reply.status == ClientStatus::Transferring) {
      line(time, "client", name(record.from) + " is handing leadership over: " + operation.command + " waits and retries",
           verbose ? kDim : nullptr);
    } else if (verbose && reply.status == ClientStatus::NotLeader) {
      line(time, "client", name(record.from) + " is not the leader" +
                               (reply.leader_hint ? ", try " + name(reply.leader_hint) : std::string()), kDim);
    }
  }
  // What changed in the nodes.
  for (const NodeChange& change : record.changes) {
    const NodeSummary& before = change.before;
    const NodeSummary& after = change.after;
    const std::string who = name(change.node);
    if (!after.up) continue;
    if (after.role == Role::PreCandidate && before.role != Role::PreCandidate) {
      const char* why = record.kind == RecordKind::Campaign ? "campaigns" : "election timeout";
      line(time, who, std::string(why) + ": becomes pre-candidate, asking for pre-votes for term " +
                          std::to_string(after.term + 1) + " (its term stays " + std::to_string(after.term) + ")", kYellow);
    } else if (after.role == Role::Candidate && after.term != before.term) {
      const char* why = record.kind == RecordKind::Campaign           ? "campaigns"
                        : told_to_time_out(record)                    ? "told to time out now (TimeoutNow)"
                        : before.role == Role::PreCandidate           ? "pre-vote won"
                                                                      : "election timeout";
      line(time, who, std::string(why) + ": becomes candidate for term " + std::to_string(after.term), kYellow);
    } else if (before.up && before.role == Role::Leader && after.role == Role::Follower && after.term == before.term) {
      // A leader steps down in its own term for one of two reasons: the configuration it
      // committed leaves it out (4.2.2), or check-quorum.
      line(time, who,
           decided(record, change.node, raft::Cause::LeaderRemovedStepsDown)
               ? "steps down from leader to follower: the committed configuration leaves it out (4.2.2)"
               : "steps down from leader to follower: no majority heard from in an election timeout (check-quorum)",
           kYellow);
    } else if (after.term > before.term && before.up) {
      if (before.role != Role::Follower) {
        line(time, who, std::string("sees term ") + std::to_string(after.term) + " and steps down from " +
                            raft::role_name(before.role) + " to follower",
             before.role == Role::Leader ? kYellow : nullptr);
      } else if (verbose) {
        line(time, who, "updates its term to " + std::to_string(after.term), kDim);
      }
    }
    if (after.voted_for != before.voted_for && after.voted_for != 0 && after.voted_for != change.node) {
      line(time, who, "votes for " + name(after.voted_for) + " in term " + std::to_string(after.term));
    }
    if (after.role == Role::Leader && before.role != Role::Leader) {
      line(time, who, "becomes LEADER of term " + std::to_string(after.term), kGreen);
      if (after.last_index > before.last_index && simulator.is_up(change.node) &&
          after.last_index <= simulator.node(change.node).log().last_index() &&
          raft::is_noop(simulator.node(change.node).log().at(after.last_index))) {
        line(time, who, "appends a no-op at index " + std::to_string(after.last_index) + " (term " +
                            std::to_string(after.term) + ")", kDim);
      }
    }
    if (change.removed_from != 0) {
      const std::string range = change.removed_from == change.removed_to
                                    ? "entry " + std::to_string(change.removed_from)
                                    : "entries " + std::to_string(change.removed_from) + ".." +
                                          std::to_string(change.removed_to);
      const bool replaced = after.last_index >= change.removed_from;
      line(time, who, "removes " + range + (change.removed_from == change.removed_to ? " (it conflicts" : " (they conflict") +
                          " with the leader's log)" +
                          (replaced ? " and takes the leader's entries in their place, up to index "
                                    : "; its log now ends at index ") +
                          std::to_string(after.last_index),
           kYellow);
    }
    const bool client_write = record.kind == RecordKind::Deliver && record.message &&
                              std::holds_alternative<ClientRequest>(*record.message);
    if (client_write && after.role == Role::Leader && after.last_index > before.last_index &&
        simulator.is_up(change.node) && simulator.node(change.node).log().holds(after.last_index)) {
      line(time, who, "appends " + simulator.node(change.node).log().at(after.last_index).command + " at index " +
                          std::to_string(after.last_index) + " (term " + std::to_string(after.term) + ")");
    }
    if (after.commit_index > before.commit_index && (after.role == Role::Leader || verbose)) {
      std::string text = "commits ";
      text += after.commit_index == before.commit_index + 1
                  ? "index " + std::to_string(after.commit_index)
                  : "indexes " + std::to_string(before.commit_index + 1) + ".." + std::to_string(after.commit_index);
      if (simulator.is_up(change.node) && simulator.node(change.node).log().holds(after.commit_index)) {
        const std::string command = entry_label(simulator.node(change.node).log().at(after.commit_index));
        text += after.commit_index == before.commit_index + 1 ? " (" + command + ")" : " (the last is " + command + ")";
      }
      line(time, who, text, after.role == Role::Leader ? kBold : kDim);
    }
  }
  // Why, as each core decided it; a transfer's turns (3.10) always, since no change of
  // role or term shows them.
  for (const NodeDecision& made : record.decisions) {
    if (verbose) {
      line(time, name(made.node), "· " + raft::explain(made.decision), kDim);
    } else if (shown_without_verbose(made.decision.reason.cause)) {
      line(time, name(made.node), raft::explain(made.decision), kMagenta);
    }
  }
}

void Timeline::print(const Note& note) {
  switch (note.kind) {
    case Note::Kind::Say: return;  // printed from the Say record
    case Note::Kind::ExpectPassed:
      if (verbosity_ == Verbosity::Quiet) return;
      out_ << paint(fixed_time(note.time), kDim) << "  " << paint("✓ " + printable(note.text), kGreen)
           << paint("   (" + printable(note.actual) + ")", kDim) << '\n';
      return;
    case Note::Kind::ExpectFailed:
      out_ << paint(fixed_time(note.time), kDim) << "  " << paint("✗ " + printable(note.text), kRed) << '\n';
      return;
    case Note::Kind::Info:
      if (verbosity_ == Verbosity::Quiet) return;
      out_ << paint(fixed_time(note.time), kDim) << "  " << printable(note.text) << '\n';
      return;
  }
}

}  // namespace sim
