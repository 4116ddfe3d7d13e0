// Raft messages between live servers over TCP (standalone Asio), on the one thread that
// runs the event loop. Each server dials every peer and sends on that connection only;
// it receives on the connections its peers dialled. Frames are those of wire.h, and a
// connection begins with a hello. A message that cannot be sent now (peer down, queue
// full) is dropped: Raft retries by itself (heartbeats, re-sent AppendEntries, new
// elections), exactly as the simulator's lossy network teaches. A peer that sends a
// malformed frame, names another cluster or claims another id is cut off with a log line.
// Sending is bounded: a peer that takes no byte for `write_timeout` (it stopped reading:
// paused, or its host hung) is disconnected, what was queued for it dropped, and dialled
// again, with a log line; and at most `max_queued_bytes` wait for one peer (more are
// dropped, with a log line when dropping starts). Stale messages would be worth nothing to
// it anyway: Raft resends what is still needed.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/messages.h"
#include "sim/live/address.h"
#include "sim/live/wire.h"

namespace sim::live {

struct TransportLimits {
  std::chrono::milliseconds write_timeout{3000};  // with no byte taken: the peer is cut off
  std::size_t max_queued_bytes = 32u << 20;         // per peer, with at most 4096 frames
};

class Transport {
 public:
  using OnMessage = std::function<void(const raft::Message&)>;
  using Log = std::function<void(const std::string&)>;

  Transport(asio::io_context& io, Hello self, std::map<raft::NodeId, Address> peers, OnMessage on_message, Log log,
            TransportLimits limits = {});
  ~Transport();

  // Starts accepting peers at `at`; the error (e.g. the port is in use) if it cannot.
  std::string listen(const Address& at);
  void send(const raft::Message& message);
  // The HTTP address a peer announced in its hello ("" until it has dialled us).
  std::string peer_http(raft::NodeId peer) const;

  std::uint64_t frames_sent() const { return frames_sent_; }
  std::uint64_t frames_dropped() const { return frames_dropped_; }
  // Connections cut because the peer took no byte within the write timeout.
  std::uint64_t stalls() const { return stalls_; }

  // Called by a connection a peer dialled (transport.cpp).
  bool accept_hello(const Hello& hello, std::string& error);
  void deliver(const raft::Message& message) { on_message_(message); }
  const Log& log() const { return log_; }
  raft::NodeId self() const { return self_.from; }

 private:
  struct Outbound;
  void accept_next();
  void connect(Outbound& peer);
  void write_next(Outbound& peer);
  void watch_write(Outbound& peer);
  void stalled(Outbound& peer);
  void disconnect(Outbound& peer, const std::string& why);

  asio::io_context& io_;
  Hello self_;
  std::map<raft::NodeId, Address> peers_;
  OnMessage on_message_;
  Log log_;
  TransportLimits limits_;
  asio::ip::tcp::acceptor acceptor_;
  std::map<raft::NodeId, std::unique_ptr<Outbound>> outbound_;
  std::map<raft::NodeId, std::string> peer_http_;
  std::uint64_t frames_sent_ = 0;
  std::uint64_t frames_dropped_ = 0;
  std::uint64_t stalls_ = 0;
};

}  // namespace sim::live
