#include "sim/live/server.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "sim/live/live_trace.h"

namespace sim::live {
namespace {

constexpr std::size_t kMaxPendingRequests = 10000;
// A client silent this long loses its session (dissertation 6.3): its later writes are
// refused (410), since a retry could no longer be recognised.
constexpr raft::Time kSessionTimeout = 3600 * raft::kSecond;

// Session stamps carry the proposing leader's wall clock, microseconds since the epoch:
// the one clock every server of a cluster roughly shares (the loop's own `now` starts at
// each process's start).
raft::Time wall_clock_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

raft::Config node_config(const ServerOptions& options, std::uint64_t seed, bool record_decisions) {
  raft::Config config;
  config.id = options.id;
  for (const auto& [id, address] : options.peers) config.members.push_back(id);
  config.election_timeout_min = options.election_timeout_min;
  config.election_timeout_max = options.election_timeout_max;
  config.heartbeat_interval = options.heartbeat_interval;
  config.seed = seed;
  config.record_decisions = record_decisions;
  // The rest are the core's defaults: its no-op makes a new leader commit earlier terms'
  // entries at once (Figure 8), and check-quorum steps an isolated leader down.
  return config;
}

// A peer that takes no byte for the longest election timeout (at least 1 s) has missed
// its chance to hear this leader anyway: cut it and dial again (transport.h).
TransportLimits transport_limits(const ServerOptions& options) {
  TransportLimits limits;
  const auto longest = std::chrono::milliseconds(options.election_timeout_max / raft::kMillisecond);
  limits.write_timeout = std::max(longest, std::chrono::milliseconds(1000));
  return limits;
}

}  // namespace

Server::Server(asio::io_context& io, const ServerOptions& options, raft::PersistentState restored, std::unique_ptr<Wal> wal,
               std::uint64_t seed, Log log)
    : io_(io),
      options_(options),
      start_(std::chrono::steady_clock::now()),
      node_(node_config(options, seed, !options.trace.empty()), std::move(restored), 0),
      wal_(std::move(wal)),
      log_(std::move(log)),
      transport_(io, Hello{options.id, options.cluster, options.http.text()}, options.peers,
                 [this](const raft::Message& message) { on_message(message); }, log_, transport_limits(options)),
      timer_(io) {}

Server::~Server() = default;

raft::Time Server::now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_).count();
}

std::string Server::open_trace(const std::string& path) {
  trace_ = std::make_unique<LiveTrace>();
  std::string error = trace_->open(path, options_, node_);
  if (!error.empty()) trace_.reset();
  return error;
}

std::string Server::start() {
  std::string error = transport_.listen(options_.peers.at(options_.id));
  if (!error.empty()) return error;
  schedule_timer();
  return "";
}

void Server::schedule_timer() {
  timer_.expires_at(start_ + std::chrono::microseconds(node_.next_deadline()));
  timer_.async_wait([this](asio::error_code error) {
    if (!error) on_timer();
  });
}

void Server::on_timer() {
  if (storage_failed_) return;
  const NodeSummary before = summary_of(node_);
  const bool leader = node_.role() == raft::Role::Leader;
  node_.tick(now());
  handle_ready(leader ? RecordKind::Heartbeat : RecordKind::Timeout, before, nullptr, "");
}

void Server::on_message(const raft::Message& message) {
  if (storage_failed_) return;
  const NodeSummary before = summary_of(node_);
  node_.step(now(), message);
  handle_ready(RecordKind::Deliver, before, &message, "");
}

void Server::submit(const KvRequest& request, std::function<void(Outcome)> answer) {
  // Both refusals come before anything is proposed: provably not applied.
  if (storage_failed_) return answer(answered(kStatusNotApplied, "this node's disk refused a write; it accepts nothing more\n"));
  if (pending_.size() >= kMaxPendingRequests)
    return answer(answered(kStatusNotApplied, "too many requests in flight; retry later\n"));
  const std::string command =
      request.kind == KvRequest::Kind::Put ? put_command(request.key, request.value) : read_command(request.key);
  const NodeSummary before = summary_of(node_);
  raft::ClientStamp stamp = request.stamp;
  if (stamp.client != 0) stamp.proposed_at = wall_clock_us();
  const raft::ProposeResult result = node_.propose(now(), command, stamp);
  if (!result.accepted) {
    Outcome outcome;
    outcome.not_leader = true;
    outcome.leader = result.leader_hint;
    outcome.leader_http = result.leader_hint == options_.id ? "" : transport_.peer_http(result.leader_hint);
    return answer(outcome);
  }
  pending_.add(result.index, result.term, request, std::move(answer));
  handle_ready(RecordKind::ClientWrite, before, nullptr, command);
}

// The Ready contract (core/node.h): persist, then send, then apply.
void Server::handle_ready(RecordKind kind, const NodeSummary& before, const raft::Message* message, const std::string& reason) {
  std::vector<raft::Decision> decisions;
  while (node_.has_ready() && !storage_failed_) {
    raft::Ready ready = node_.take_ready();
    if (!wal_->persist(ready.hard_state, ready.log_write)) return fail_storage(wal_->error());
    for (const raft::Message& out : ready.messages) transport_.send(out);
    for (const raft::CommittedEntry& committed : ready.committed) apply(committed);
    for (raft::Decision& decision : ready.decisions) decisions.push_back(std::move(decision));
  }
  if (trace_ && !trace_->record(kind, now(), before, node_, message, decisions, reason)) {
    log_("trace: cannot write the trace file; tracing stops");
    trace_.reset();
  }
  // Any input may move the deadline (a heartbeat resets a follower's election timer).
  if (!storage_failed_) schedule_timer();
}

void Server::apply(const raft::CommittedEntry& committed) {
  const raft::ClientStamp& stamp = committed.entry.stamp;
  const SessionDecision decision = sessions_.decide(stamp, kSessionTimeout);
  if (decision == SessionDecision::Apply) {
    kv_.apply(committed.entry.command);
    sessions_.record_applied(stamp, committed.index, committed.entry.term);
  }
  pending_.applied(committed, decision, kv_);
}

// A write the disk refused leaves the file's end unknown: stop, acknowledging nothing.
// The requests waiting may have been sent to peers already and may commit there: 504.
void Server::fail_storage(const std::string& why) {
  storage_failed_ = true;
  log_("wal: " + why + "; this node stops (nothing it could not persist was acknowledged)");
  pending_.abandon_all("this node's disk refused a write; the request may or may not have been applied elsewhere\n");
  io_.stop();
}

std::string Server::status_json() const {
  using Json = nlohmann::json;
  Json json;
  json["id"] = options_.id;
  json["role"] = raft::role_name(node_.role());
  json["term"] = node_.current_term();
  json["voted_for"] = node_.voted_for();
  json["leader"] = node_.leader();
  const std::string leader_http = node_.leader() == options_.id ? options_.http.text() : transport_.peer_http(node_.leader());
  json["leader_http"] = leader_http;
  json["last_index"] = node_.log().last_index();
  json["commit_index"] = node_.commit_index();
  json["applied_index"] = node_.last_applied();
  json["keys"] = kv_.size();
  json["sessions"] = sessions_.sessions().size();
  Json peers = Json::array();
  for (const auto& [id, address] : options_.peers) {
    if (id == options_.id) continue;
    Json peer{{"id", id}, {"raft", address.text()}, {"http", transport_.peer_http(id)}};
    if (node_.role() == raft::Role::Leader) {
      peer["match_index"] = node_.progress(id).match_index;
      peer["next_index"] = node_.progress(id).next_index;
    }
    peers.push_back(std::move(peer));
  }
  json["peers"] = std::move(peers);
  json["wal"] = {{"syncs", wal_->syncs()}, {"bytes", wal_->bytes()}};
  json["frames"] = {{"sent", transport_.frames_sent()}, {"dropped", transport_.frames_dropped()}, {"stalls", transport_.stalls()}};
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sim::live
