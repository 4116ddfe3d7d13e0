// A follower sends a client's request on to the leader over HTTP (as the original system
// did) and relays its answer. When the forward itself fails, the status says what is
// known (docs/live.md, "What an answer promises"): no connection was made, so the
// leader never saw the request, is 503 (not applied); a failure after the request may
// have been sent (a read error, a lost connection, a timeout) is 504 (unknown).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/types.h"

namespace sim::live {

inline constexpr const char* kForwardedHeader = "X-Raftsim-Forwarded";

struct ForwardRequest {
  std::string method;  // "PUT" or "GET"
  std::string target;  // path and query
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // passed on (a client's session)
};

struct Relayed {
  int status = 0;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // Retry-After, Location
};

Relayed forward_to_leader(const ForwardRequest& request, raft::NodeId leader, const std::string& leader_http,
                          raft::NodeId self, std::chrono::steady_clock::time_point deadline);

}  // namespace sim::live
