#include "sim/live/link_proxy.h"

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/write.hpp>
#include <array>
#include <future>
#include <vector>

namespace sim::live {
namespace {

using asio::ip::tcp;

// One relayed connection: what the dialling server sends goes on to the target, and the
// other way. Either side closing or failing closes both (as a cut does).
class Pipe : public std::enable_shared_from_this<Pipe> {
 public:
  Pipe(tcp::socket client, asio::io_context& io) : client_(std::move(client)), upstream_(io) {}

  void start(const tcp::endpoint& target) {
    upstream_.async_connect(target, [self = shared_from_this()](asio::error_code error) {
      if (error) return self->close();
      asio::error_code ignored;
      self->upstream_.set_option(tcp::no_delay(true), ignored);
      self->relay(self->client_, self->upstream_, self->to_upstream_);
      self->relay(self->upstream_, self->client_, self->to_client_);
    });
  }

  void close() {
    asio::error_code ignored;
    client_.close(ignored);
    upstream_.close(ignored);
  }

 private:
  using Buffer = std::array<char, 16384>;
  void relay(tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](asio::error_code error, std::size_t n) {
      if (error) return self->close();
      asio::async_write(to, asio::buffer(buffer.data(), n), [self, &from, &to, &buffer](asio::error_code error, std::size_t) {
        if (error) return self->close();
        self->relay(from, to, buffer);
      });
    });
  }

  tcp::socket client_, upstream_;
  Buffer to_upstream_{}, to_client_{};
};

}  // namespace

struct LinkProxy::Link {
  explicit Link(asio::io_context& io) : acceptor(io) {}
  tcp::acceptor acceptor;
  tcp::endpoint target;
  bool cut = false;
  std::vector<std::weak_ptr<Pipe>> pipes;
};

namespace {

void accept_next(LinkProxy::Link& link, asio::io_context& io, std::uint64_t& relayed, std::uint64_t& cut) {
  link.acceptor.async_accept([&link, &io, &relayed, &cut](asio::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !link.acceptor.is_open()) return;
    if (!error) {
      if (link.cut) {
        ++cut;
        asio::error_code ignored;
        socket.close(ignored);  // refused: the dialling server sees the connection end at once
      } else {
        ++relayed;
        socket.set_option(tcp::no_delay(true), error);
        auto pipe = std::make_shared<Pipe>(std::move(socket), io);
        std::erase_if(link.pipes, [](const std::weak_ptr<Pipe>& old) { return old.expired(); });
        link.pipes.push_back(pipe);
        pipe->start(link.target);
      }
    }
    accept_next(link, io, relayed, cut);
  });
}

}  // namespace

LinkProxy::LinkProxy() = default;

LinkProxy::~LinkProxy() { stop(); }

std::string LinkProxy::add_link(int from, int to, const Address& target, Address& listening) {
  auto link = std::make_unique<Link>(io_);
  asio::error_code error;
  link->target = tcp::endpoint(asio::ip::make_address(target.host, error), target.port);
  const tcp::endpoint any(asio::ip::make_address("127.0.0.1"), 0);
  if (!error) link->acceptor.open(any.protocol(), error);
  if (!error) link->acceptor.bind(any, error);
  if (!error) link->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) return "cannot listen for the link from node " + std::to_string(from) + " to node " + std::to_string(to) + ": " + error.message();
  listening = Address{"127.0.0.1", link->acceptor.local_endpoint().port()};
  accept_next(*link, io_, relayed_, cut_);
  links_[{from, to}] = std::move(link);
  return "";
}

void LinkProxy::start() {
  thread_ = std::thread([this] { io_.run(); });
}

void LinkProxy::stop() {
  if (!thread_.joinable()) return;
  io_.stop();
  thread_.join();
}

// Runs `work` on the loop and waits for it: a cut is in force when cut() returns.
template <typename Work>
void LinkProxy::on_loop(Work work) {
  if (!thread_.joinable()) return work();
  std::promise<void> done;
  asio::post(io_, [&] {
    work();
    done.set_value();
  });
  done.get_future().wait();
}

void LinkProxy::cut(int from, int to) {
  on_loop([this, from, to] {
    auto it = links_.find({from, to});
    if (it == links_.end() || it->second->cut) return;
    Link& link = *it->second;
    link.cut = true;
    for (const std::weak_ptr<Pipe>& weak : link.pipes)
      if (std::shared_ptr<Pipe> pipe = weak.lock()) {
        pipe->close();
        ++cut_;
      }
    link.pipes.clear();
  });
}

void LinkProxy::heal(int from, int to) {
  on_loop([this, from, to] {
    auto it = links_.find({from, to});
    if (it != links_.end()) it->second->cut = false;
  });
}

void LinkProxy::heal_all() {
  on_loop([this] {
    for (auto& [ends, link] : links_) link->cut = false;
  });
}

std::uint64_t LinkProxy::connections_relayed() {
  std::uint64_t count = 0;
  on_loop([&] { count = relayed_; });
  return count;
}

std::uint64_t LinkProxy::connections_cut() {
  std::uint64_t count = 0;
  on_loop([&] { count = cut_; });
  return count;
}

}  // namespace sim::live
