#include "sim/live/transport.h"

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <chrono>

#include "sim/io/safe_text.h"

namespace sim::live {
namespace {

using asio::ip::tcp;
constexpr std::size_t kMaxQueuedFrames = 4096;
constexpr auto kRedialDelay = std::chrono::milliseconds(200);

// A connection a peer dialled: a hello, then messages, until it closes or misbehaves.
class Inbound : public std::enable_shared_from_this<Inbound> {
 public:
  Inbound(tcp::socket socket, Transport& transport) : socket_(std::move(socket)), transport_(transport) {}
  void start() { read_header(); }

 private:
  void read_header() {
    asio::async_read(socket_, asio::buffer(header_), [self = shared_from_this()](asio::error_code error, std::size_t) {
      if (error) return;  // the peer closed or crashed: nothing to report
      const std::uint32_t length = frame_length(self->header_);
      if (length > kMaxFrameBytes) return self->cut_off("a frame of " + std::to_string(length) + " bytes (at most 16 MiB)");
      self->body_.resize(length);
      self->read_body();
    });
  }
  void read_body() {
    asio::async_read(socket_, asio::buffer(body_), [self = shared_from_this()](asio::error_code error, std::size_t) {
      if (error) return;
      if (self->handle(self->body_)) self->read_header();
    });
  }
  bool handle(const std::string& text) {
    if (peer_ == raft::kNobody) {
      Decoded<Hello> hello = decode_hello(text);
      std::string error = hello.error;
      if (hello.value && !transport_.accept_hello(*hello.value, error)) hello.value.reset();
      if (!hello.value) return cut_off(error), false;
      peer_ = hello.value->from;
      return true;
    }
    Decoded<raft::Message> message = decode_message(text);
    if (!message.value) return cut_off(message.error), false;
    if (message.value->from != peer_ || message.value->to != transport_.self())
      return cut_off("a message from " + std::to_string(message.value->from) + " to " + std::to_string(message.value->to) +
                     " on node " + std::to_string(peer_) + "'s connection"), false;
    transport_.deliver(*message.value);
    return true;
  }
  void cut_off(const std::string& why) {
    asio::error_code ignored;
    const std::string from = socket_.remote_endpoint(ignored).address().to_string();
    transport_.log()("transport: cut off a connection from " + from + ": " + printable(why));
    socket_.close(ignored);
  }

  tcp::socket socket_;
  Transport& transport_;
  unsigned char header_[kFrameHeaderBytes] = {};
  std::string body_;
  raft::NodeId peer_ = raft::kNobody;
};

}  // namespace

struct Transport::Outbound {
  explicit Outbound(asio::io_context& io, raft::NodeId id) : id(id), socket(io), redial(io), write_watch(io) {}
  raft::NodeId id;
  tcp::socket socket;
  asio::steady_timer redial;
  asio::steady_timer write_watch;  // fires if a write takes no byte within the write timeout
  std::deque<std::string> queue;
  std::size_t queued_bytes = 0;
  std::size_t written = 0;          // bytes of queue.front() already taken by the socket
  std::uint64_t connection = 0;     // counts connections: a handler of an earlier one does nothing
  std::uint64_t progress = 0;       // counts writes that took bytes: the watch's evidence
  bool connected = false, connecting = false, writing = false, waiting = false;
  bool dropping = false;            // the queue is full; said once until a frame fits again
  bool stalled = false;             // cut for a stall; said once until the peer reads again
};

Transport::Transport(asio::io_context& io, Hello self, std::map<raft::NodeId, Address> peers, OnMessage on_message, Log log,
                     TransportLimits limits)
    : io_(io), self_(std::move(self)), peers_(std::move(peers)), on_message_(std::move(on_message)), log_(std::move(log)),
      limits_(limits), acceptor_(io) {
  for (const auto& [id, address] : peers_)
    if (id != self_.from) outbound_[id] = std::make_unique<Outbound>(io_, id);
}

Transport::~Transport() = default;

std::string Transport::listen(const Address& at) {
  asio::error_code error;
  const tcp::endpoint endpoint(asio::ip::make_address(at.host), at.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) return "cannot listen for peers on " + at.text() + ": " + error.message();
  accept_next();
  return "";
}

void Transport::accept_next() {
  acceptor_.async_accept([this](asio::error_code error, tcp::socket socket) {
    if (error) return;
    socket.set_option(tcp::no_delay(true), error);
    std::make_shared<Inbound>(std::move(socket), *this)->start();
    accept_next();
  });
}

bool Transport::accept_hello(const Hello& hello, std::string& error) {
  if (hello.cluster != self_.cluster) error = "a peer of cluster '" + hello.cluster + "', not '" + self_.cluster + "'";
  else if (!peers_.count(hello.from) || hello.from == self_.from)
    error = "a hello from node " + std::to_string(hello.from) + ", which is not a peer of node " + std::to_string(self_.from);
  if (!error.empty()) return false;
  peer_http_[hello.from] = hello.http;
  return true;
}

std::string Transport::peer_http(raft::NodeId peer) const {
  auto it = peer_http_.find(peer);
  return it == peer_http_.end() ? "" : it->second;
}

void Transport::send(const raft::Message& message) {
  auto it = outbound_.find(message.to);
  if (it == outbound_.end()) return;
  Outbound& peer = *it->second;
  if (peer.waiting) return void(++frames_dropped_);
  std::string bytes = peer.queue.size() < kMaxQueuedFrames ? frame(encode_message(message)) : "";
  if (bytes.empty() || peer.queued_bytes + bytes.size() > limits_.max_queued_bytes) {
    ++frames_dropped_;
    if (!peer.dropping)
      log_("transport: node " + std::to_string(peer.id) + " reads slowly: " + std::to_string(peer.queue.size()) + " frames (" +
           std::to_string(peer.queued_bytes) + " bytes) wait for it; dropping new ones until it takes some");
    peer.dropping = true;
    return;
  }
  peer.dropping = false;
  peer.queued_bytes += bytes.size();
  peer.queue.push_back(std::move(bytes));
  if (peer.connected) write_next(peer);
  else if (!peer.connecting) connect(peer);
}

void Transport::connect(Outbound& peer) {
  peer.connecting = true;
  const Address& address = peers_.at(peer.id);
  const tcp::endpoint endpoint(asio::ip::make_address(address.host), address.port);
  peer.socket.async_connect(endpoint, [this, &peer](asio::error_code error) {
    peer.connecting = false;
    if (error) return disconnect(peer, "");
    asio::error_code ignored;
    peer.socket.set_option(tcp::no_delay(true), ignored);
    peer.connected = true;
    std::string hello = frame(encode_hello(self_));
    peer.queued_bytes += hello.size();
    peer.queue.push_front(std::move(hello));
    write_next(peer);
  });
}

// Writes what the socket takes of the first frame, then the rest; each write is watched.
void Transport::write_next(Outbound& peer) {
  if (peer.writing || peer.queue.empty()) return;
  peer.writing = true;
  const std::string& front = peer.queue.front();
  const std::uint64_t connection = peer.connection;
  peer.socket.async_write_some(asio::buffer(front.data() + peer.written, front.size() - peer.written),
                               [this, &peer, connection](asio::error_code error, std::size_t taken) {
    if (connection != peer.connection) return;  // cut meanwhile (a stall): already dropped
    peer.writing = false;
    if (error) return disconnect(peer, error.message());
    ++peer.progress;
    peer.stalled = false;
    peer.written += taken;
    if (peer.written == peer.queue.front().size()) {
      peer.queued_bytes -= peer.written;
      peer.written = 0;
      peer.queue.pop_front();
      ++frames_sent_;
    }
    write_next(peer);
  });
  watch_write(peer);
}

void Transport::watch_write(Outbound& peer) {
  const std::uint64_t connection = peer.connection, progress = peer.progress;
  peer.write_watch.expires_after(limits_.write_timeout);
  peer.write_watch.async_wait([this, &peer, connection, progress](asio::error_code error) {
    if (error || connection != peer.connection || progress != peer.progress || !peer.writing) return;
    stalled(peer);
  });
}

// A peer that takes nothing is not reading (paused, or its host hung): without a bound its
// link would hang silently, and what waits for it grows stale.
void Transport::stalled(Outbound& peer) {
  ++stalls_;
  if (!peer.stalled)
    log_("transport: node " + std::to_string(peer.id) + " took no byte for " + std::to_string(limits_.write_timeout.count()) +
         " ms (it stopped reading); dropped the connection and " + std::to_string(peer.queue.size()) +
         " queued frames; dialling again (said once until it reads again)");
  peer.stalled = true;
  disconnect(peer, "");
}

// Drops what was queued and waits a moment before dialling again; Raft resends.
void Transport::disconnect(Outbound& peer, const std::string& why) {
  if (!why.empty() && peer.connected) log_("transport: lost the connection to node " + std::to_string(peer.id) + ": " + why);
  asio::error_code ignored;
  peer.socket.close(ignored);
  peer.write_watch.cancel();
  ++peer.connection;
  peer.connected = false;
  peer.writing = false;
  frames_dropped_ += peer.queue.size();
  peer.queue.clear();
  peer.queued_bytes = 0;
  peer.written = 0;
  peer.waiting = true;
  peer.redial.expires_after(kRedialDelay);
  peer.redial.async_wait([&peer](asio::error_code error) {
    if (!error) peer.waiting = false;  // not when re-armed by a later disconnect
  });
}

}  // namespace sim::live
