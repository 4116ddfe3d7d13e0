// Plain blocking loopback sockets for the live tests' fake peers and fake leaders, every
// read bounded by a generous timeout so that a broken server fails a test, not hangs it.
#pragma once

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace live_test {

struct Socket {
  int fd = -1;
  explicit Socket(int fd) : fd(fd) {
    timeval patience{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  }
  Socket(Socket&& other) noexcept : fd(other.fd) { other.fd = -1; }
  Socket(const Socket&) = delete;
  ~Socket() { if (fd >= 0) ::close(fd); }
  bool send_text(const std::string& text) const {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }
  // Reads until `end` has arrived (or the peer closed); what came.
  std::string receive_until(const std::string& end) const {
    std::string text;
    char buffer[4096];
    while (text.find(end) == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }
};

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// A listening socket on a free loopback port.
struct Listener {
  Socket socket{::socket(AF_INET, SOCK_STREAM, 0)};
  std::uint16_t port = 0;
  Listener() {
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    REQUIRE(::bind(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(socket.fd, 8) == 0);
    REQUIRE(::getsockname(socket.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  Socket accept_one() const { return Socket(::accept(socket.fd, nullptr, nullptr)); }
};

// A loopback port nothing listens on (bound, then closed at once).
inline std::uint16_t closed_port() {
  Listener listener;
  return listener.port;
}

}  // namespace live_test
