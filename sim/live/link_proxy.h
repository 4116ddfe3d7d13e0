// Links that live-check can cut: a TCP proxy in front of each directed link between two
// servers (docs/live.md, "Cutting links"). A server sends to a peer only on the
// connection it dialled (transport.h), so node i's messages to node j are exactly the
// bytes of the connections i opens to j's address in i's --peers: that address is the
// proxy of the link (i, j), which relays to j's real Raft port. Cutting the link drops
// its connections and closes every new one at once until it is healed: a lossy network
// one direction at a time, the portable way (no iptables, no root).
//
// One Asio event loop on one thread. Links are added before start(); cut, heal and the
// counters may be called from any thread (they wait for the loop to carry them out).
#pragma once

#include <asio/io_context.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "sim/live/address.h"

namespace sim::live {

class LinkProxy {
 public:
  LinkProxy();
  ~LinkProxy();
  LinkProxy(const LinkProxy&) = delete;
  LinkProxy& operator=(const LinkProxy&) = delete;

  // Listens on a free loopback port for the link from -> to, relaying to `target`;
  // where it listens, or the error. Only before start().
  std::string add_link(int from, int to, const Address& target, Address& listening);
  void start();
  void stop();

  // The link from -> to drops its connections and refuses new ones, until healed.
  void cut(int from, int to);
  void heal(int from, int to);
  void heal_all();
  // Connections relayed so far, and those dropped or refused because their link was cut.
  std::uint64_t connections_relayed();
  std::uint64_t connections_cut();

  struct Link;  // link_proxy.cpp

 private:
  template <typename Work>
  void on_loop(Work work);

  asio::io_context io_;
  std::map<std::pair<int, int>, std::unique_ptr<Link>> links_;
  std::thread thread_;
  std::uint64_t relayed_ = 0, cut_ = 0;  // touched on the loop only
};

}  // namespace sim::live
