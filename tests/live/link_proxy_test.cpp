// The proxy live-check cuts links with (sim/live/link_proxy.h), on loopback: bytes pass
// both ways; a cut drops the connection it carries and refuses new ones; a heal lets new
// ones through again. Plain blocking sockets on the test's side, each read bounded by a
// generous timeout so that a broken proxy fails the test rather than hanging it.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "sim/live/link_proxy.h"

namespace {

using sim::live::Address;
using sim::live::LinkProxy;

struct Socket {
  int fd = -1;
  explicit Socket(int fd) : fd(fd) {
    timeval patience{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  }
  ~Socket() { if (fd >= 0) ::close(fd); }
  bool send_text(const std::string& text) const { return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size()); }
  // What arrives next: the bytes, or "" when the other side closed (or reset) it.
  std::string receive() const {
    char buffer[64];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
};

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// A listening socket on a free loopback port: the server behind the link.
struct Target {
  Socket listener{::socket(AF_INET, SOCK_STREAM, 0)};
  std::uint16_t port = 0;
  Target() {
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    REQUIRE(::bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(listener.fd, 8) == 0);
    REQUIRE(::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  Socket accept_one() const { return Socket(::accept(listener.fd, nullptr, nullptr)); }
};

Socket dial(const Address& at) {
  Socket socket(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address = loopback(at.port);
  REQUIRE(::connect(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return socket;
}

}  // namespace

TEST_CASE("a link proxy relays both ways, and a cut drops and refuses connections until healed") {
  Target target;
  LinkProxy proxy;
  Address via;
  REQUIRE(proxy.add_link(1, 2, Address{"127.0.0.1", target.port}, via) == "");
  CHECK(via.port != target.port);
  proxy.start();

  Socket client = dial(via);
  Socket server = target.accept_one();
  REQUIRE(client.send_text("hello"));
  CHECK(server.receive() == "hello");
  REQUIRE(server.send_text("back"));
  CHECK(client.receive() == "back");

  proxy.cut(1, 2);
  CHECK(client.receive() == "");  // the connection the link carried is gone, on both sides
  CHECK(server.receive() == "");
  Socket refused = dial(via);      // the kernel accepts; the proxy closes it at once
  CHECK(refused.receive() == "");
  CHECK(proxy.connections_cut() == 2);

  proxy.heal(1, 2);
  Socket again = dial(via);
  Socket served = target.accept_one();
  REQUIRE(again.send_text("healed"));
  CHECK(served.receive() == "healed");
  CHECK(proxy.connections_relayed() == 2);
  proxy.stop();
}

TEST_CASE("a link proxy cuts one direction only: the reverse link is another proxy, untouched") {
  Target one, two;
  LinkProxy proxy;
  Address one_to_two, two_to_one;
  REQUIRE(proxy.add_link(1, 2, Address{"127.0.0.1", two.port}, one_to_two) == "");
  REQUIRE(proxy.add_link(2, 1, Address{"127.0.0.1", one.port}, two_to_one) == "");
  proxy.start();
  proxy.cut(1, 2);
  Socket cut_off = dial(one_to_two);
  CHECK(cut_off.receive() == "");
  Socket client = dial(two_to_one);
  Socket server = one.accept_one();
  REQUIRE(client.send_text("still here"));
  CHECK(server.receive() == "still here");
  proxy.heal_all();
}
