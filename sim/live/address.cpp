#include "sim/live/address.h"

#include <asio/ip/address.hpp>
#include <charconv>

#include "sim/io/safe_text.h"

namespace sim::live {
namespace {

template <typename T>
Parsed<T> fail(std::string error) {
  Parsed<T> parsed;
  parsed.error = std::move(error);
  return parsed;
}

std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 10) return std::nullopt;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (code != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Parsed<Address> parse_address(std::string_view text, bool allow_port_zero) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return fail<Address>("'" + echo(text) + "' is not HOST:PORT (expected e.g. 127.0.0.1:7001)");
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  asio::error_code error;
  const asio::ip::address ip = asio::ip::make_address(host, error);
  if (error) return fail<Address>("'" + echo(text) + "': the host is not an IP address (expected e.g. 127.0.0.1; names are not looked up)");
  const std::optional<std::uint64_t> port = whole_number(text.substr(colon + 1));
  if (!port || *port > 65535 || (*port == 0 && !allow_port_zero))
    return fail<Address>("'" + echo(text) + "': the port is not a number from " + (allow_port_zero ? "0" : "1") + " to 65535");
  return Parsed<Address>{Address{ip.to_string(), static_cast<std::uint16_t>(*port)}, ""};
}

Parsed<std::map<raft::NodeId, Address>> parse_peers(std::string_view text) {
  using Peers = std::map<raft::NodeId, Address>;
  Peers peers;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos)
      return fail<Peers>("--peers: '" + echo(item) + "' is not ID=HOST:PORT (expected e.g. 1=127.0.0.1:7001)");
    const std::optional<std::uint64_t> id = whole_number(item.substr(0, equals));
    if (!id || *id < 1 || *id > kMaxLiveNodes)
      return fail<Peers>("--peers: '" + echo(item.substr(0, equals)) + "' is not a node id from 1 to " + std::to_string(kMaxLiveNodes));
    if (peers.count(static_cast<raft::NodeId>(*id))) return fail<Peers>("--peers: node " + std::to_string(*id) + " is listed twice");
    Parsed<Address> address = parse_address(item.substr(equals + 1));
    if (!address.value) return fail<Peers>("--peers: " + address.error);
    peers[static_cast<raft::NodeId>(*id)] = *address.value;
    start = comma + 1;
  }
  for (raft::NodeId id = 1; id <= peers.size(); ++id)
    if (!peers.count(id)) return fail<Peers>("--peers: node " + std::to_string(id) + " is missing (members are numbered 1 to N)");
  return Parsed<Peers>{std::move(peers), ""};
}

}  // namespace sim::live
