// A client's request to a live server and the answer the event loop gives it. What each
// HTTP status promises (docs/live.md, "What an answer promises"): 200 (404 to a read)
// done; 503 provably not done (nothing was proposed, or another entry was committed at
// the request's index); 504 unknown (it may still take effect); 410 this request not
// applied, its client's session expired (an earlier attempt of it may have been).
#pragma once

#include <string>

#include "core/types.h"

namespace sim::live {

// The statuses of a request that did not succeed, by what they promise.
inline constexpr int kStatusNotApplied = 503;  // provably took no effect: safe to retry
inline constexpr int kStatusUnknown = 504;     // may or may not take effect
inline constexpr int kStatusSessionExpired = 410;  // not applied; earlier attempts unknown

struct KvRequest {
  enum class Kind { Put, Read } kind = Kind::Put;
  std::string key;
  std::string value;
  // A write's session stamp (dissertation 6.3; sim/client/sessions.h): client 0 has none, and
  // a retried write is then applied as often as it commits.
  raft::ClientStamp stamp{};
};

// The loop's answer to a request: done (an HTTP status and body), or not the leader.
struct Outcome {
  bool not_leader = false;
  int status = 200;
  std::string body;
  raft::NodeId leader = raft::kNobody;  // if not_leader: whom this server believes leads
  std::string leader_http;              // and where that one answers HTTP ("" if unknown)
};

inline Outcome answered(int status, std::string body) {
  Outcome outcome;
  outcome.status = status;
  outcome.body = std::move(body);
  return outcome;
}

}  // namespace sim::live
