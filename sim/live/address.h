// The addresses of `raftsim node`: HOST:PORT and the --peers list "1=HOST:PORT,2=...".
// HOST is an IP address (IPv6 in brackets) or "localhost"; nothing is looked up in DNS,
// so a node starts the same way every time. Every mistake is an error that quotes the
// text, says what was expected and gives a hint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"

namespace sim::live {

struct Address {
  std::string host;  // a numeric IP address ("localhost" becomes 127.0.0.1)
  std::uint16_t port = 0;
  std::string text() const { return host.find(':') != std::string::npos ? "[" + host + "]:" + std::to_string(port) : host + ":" + std::to_string(port); }
  friend bool operator==(const Address&, const Address&) = default;
};

inline constexpr raft::NodeId kMaxLiveNodes = 15;

// The parsed value, or a message: what was wrong and a hint.
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;
};

// `allow_port_zero`: the OS picks a free port (for --http and the cluster's own use).
Parsed<Address> parse_address(std::string_view text, bool allow_port_zero = false);

// Members numbered 1..N (each once, N at most kMaxLiveNodes), each with its address.
Parsed<std::map<raft::NodeId, Address>> parse_peers(std::string_view text);

}  // namespace sim::live
