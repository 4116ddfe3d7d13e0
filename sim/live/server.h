// One live Raft server: the same raft::Node the simulator steps, driven by a real clock,
// real sockets and a disk, on one thread (the Asio event loop). After every input
// (a message, a timer, a client request) it carries out the Ready contract of
// core/node.h in order: persist (WAL, fdatasync), then send, then apply. Nothing is sent
// that depends on state not yet on disk, and no client hears OK before its entry is
// committed (on a majority's disks) and applied here.
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/node.h"
#include "sim/live/address.h"
#include "sim/live/client_request.h"
#include "sim/live/kv_store.h"
#include "sim/live/pending_requests.h"
#include "sim/live/transport.h"
#include "sim/live/wal.h"
#include "sim/record/record.h"

namespace sim::live {

class LiveTrace;

struct ServerOptions {
  raft::NodeId id = raft::kNobody;
  std::map<raft::NodeId, Address> peers;  // every member, this one included
  std::string data;                       // the data directory (holds the WAL)
  Address http;                           // where clients reach this server
  std::string cluster = "raftsim";        // a name every member's WAL must carry
  raft::Time election_timeout_min = 1500 * raft::kMillisecond;  // as the original system
  raft::Time election_timeout_max = 3000 * raft::kMillisecond;
  raft::Time heartbeat_interval = 150 * raft::kMillisecond;
  raft::Time request_timeout = 5 * raft::kSecond;  // every HTTP request is answered within it
  bool redirect = false;                  // followers answer 307 instead of forwarding
  std::string trace;                      // a trace file (docs/trace.md), or none
};

class Server {
 public:
  using Log = std::function<void(const std::string&)>;
  Server(asio::io_context& io, const ServerOptions& options, raft::PersistentState restored, std::unique_ptr<Wal> wal,
         std::uint64_t seed, Log log);
  ~Server();

  // Starts listening for peers and the timers; the error if the port cannot be bound.
  std::string start();
  // The rest is called on the loop's thread only (the HTTP threads post to it).
  void submit(const KvRequest& request, std::function<void(Outcome)> done);
  std::optional<std::string> local_get(const std::string& key) const { return kv_.get(key); }
  std::string status_json() const;
  // Whether the disk refused a write: then the server stops and acknowledges nothing more.
  bool storage_failed() const { return storage_failed_; }
  // Opens the trace file; the error if it cannot.
  std::string open_trace(const std::string& path);

 private:
  raft::Time now() const;
  void on_message(const raft::Message& message);
  void on_timer();
  void schedule_timer();
  void handle_ready(RecordKind kind, const NodeSummary& before, const raft::Message* message, const std::string& reason);
  void apply(const raft::CommittedEntry& committed);
  void fail_storage(const std::string& why);

  asio::io_context& io_;
  ServerOptions options_;
  std::chrono::steady_clock::time_point start_;
  raft::Node node_;
  std::unique_ptr<Wal> wal_;
  Log log_;
  Transport transport_;
  asio::steady_timer timer_;
  KvStore kv_;
  SessionTable sessions_;  // rebuilt, as the store is, by applying the log from its start
  PendingRequests pending_;
  bool storage_failed_ = false;
  std::unique_ptr<LiveTrace> trace_;
};

}  // namespace sim::live
