// Sending between live servers is bounded (sim/live/transport.h): a peer that stops
// reading is cut off after the write timeout and dialled again, with a log line, rather
// than holding the link silently; and what waits for a slow peer is bounded in bytes.
// The fake peer is a plain socket that accepts and never reads. No timing is asserted:
// the loop waits for the events, within a generous bound.
#include <doctest/doctest.h>

#include <asio/io_context.hpp>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "sim/live/transport.h"
#include "test_sockets.h"

namespace {

using namespace sim::live;
using namespace std::chrono_literals;

raft::Message big_append(std::size_t bytes) {
  raft::AppendEntries append;
  append.term = 1;
  append.leader = 1;
  append.entries.push_back(raft::LogEntry{1, "x=" + std::string(bytes, 'v'), {}});
  return raft::Message{1, 2, append};
}

std::map<raft::NodeId, Address> peers_with(std::uint16_t peer_port) {
  return {{1, Address{"127.0.0.1", live_test::closed_port()}}, {2, Address{"127.0.0.1", peer_port}}};
}

bool logged(const std::vector<std::string>& lines, const std::string& words) {
  for (const std::string& line : lines)
    if (line.find(words) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a peer that stops reading is cut off after the write timeout, said once, and dialled again") {
  live_test::Listener peer;
  std::atomic<int> accepted{0};
  std::thread never_reads([&] {
    std::vector<live_test::Socket> held;  // open and unread until the second connection
    for (int i = 0; i < 2; ++i) {
      live_test::Socket connection = peer.accept_one();  // at most 30 s each
      if (connection.fd < 0) return;
      held.push_back(std::move(connection));
      ++accepted;
    }
  });
  asio::io_context io;
  std::vector<std::string> lines;
  Transport transport(io, Hello{1, "test", "127.0.0.1:1"}, peers_with(peer.port), [](const raft::Message&) {},
                      [&](const std::string& line) { lines.push_back(line); }, TransportLimits{200ms, 64u << 20});
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while ((accepted < 2 || transport.stalls() == 0) && std::chrono::steady_clock::now() < give_up) {
    transport.send(big_append(256 * 1024));  // until the socket's buffers are full
    io.restart();
    io.run_for(20ms);
  }
  never_reads.join();
  CHECK(transport.stalls() >= 1);
  CHECK(accepted == 2);
  CHECK(logged(lines, "transport: node 2 took no byte for 200 ms (it stopped reading); dropped the connection"));
  CHECK(transport.frames_dropped() > 0);
}

TEST_CASE("what waits for one peer is bounded in bytes; dropping starts with a log line") {
  live_test::Listener peer;  // never accepted: the transport is still connecting
  asio::io_context io;
  std::vector<std::string> lines;
  Transport transport(io, Hello{1, "test", "127.0.0.1:1"}, peers_with(peer.port), [](const raft::Message&) {},
                      [&](const std::string& line) { lines.push_back(line); }, TransportLimits{60s, 1u << 20});
  for (int i = 0; i < 10; ++i) transport.send(big_append(400 * 1024));
  CHECK(transport.frames_dropped() == 8);  // two frames of 400 KiB fit in 1 MiB
  CHECK(logged(lines, "transport: node 2 reads slowly: 2 frames"));
  CHECK(lines.size() == 1);  // said once, not for every frame dropped
}
