#include "sim/live/forward.h"

#include <httplib.h>

#include "sim/live/client_request.h"

namespace sim::live {
namespace {

constexpr const char* kText = "text/plain; charset=utf-8";

Relayed relayed(int status, std::string body) {
  Relayed answer;
  answer.status = status;
  answer.body = std::move(body);
  answer.content_type = kText;
  if (status == kStatusNotApplied) answer.headers.emplace_back("Retry-After", "1");
  return answer;
}

// Only a failure to connect proves the leader never received the request. A write error
// is counted as unknown too: it proves nothing about the bytes sent before it.
bool never_sent(httplib::Error error) { return error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout; }

}  // namespace

Relayed forward_to_leader(const ForwardRequest& request, raft::NodeId leader, const std::string& leader_http,
                          raft::NodeId self, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return relayed(kStatusNotApplied, "no time left to forward the request to the leader; it was not sent; retry\n");
  const std::size_t colon = leader_http.rfind(':');
  httplib::Client client(leader_http.substr(0, colon), std::stoi(leader_http.substr(colon + 1)));
  client.set_connection_timeout(left / 1000000, left % 1000000);
  client.set_read_timeout(left / 1000000, left % 1000000);
  client.set_write_timeout(left / 1000000, left % 1000000);
  httplib::Headers headers{{kForwardedHeader, std::to_string(self)}};
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);
  httplib::Result result = request.method == "PUT" ? client.Put(request.target.c_str(), headers, request.body, kText)
                                                   : client.Get(request.target.c_str(), headers);
  const std::string to_leader = "the leader, node " + std::to_string(leader) + " at " + leader_http;
  if (!result && never_sent(result.error()))
    return relayed(kStatusNotApplied, "could not connect to " + to_leader + " (" + httplib::to_string(result.error()) +
                                          "); the request was not sent; retry in 1 s\n");
  if (!result)
    return relayed(kStatusUnknown, "lost the request forwarded to " + to_leader + " (" + httplib::to_string(result.error()) +
                                       "); it may or may not have been applied\n");
  Relayed answer;
  answer.status = result->status;
  answer.body = result->body;
  answer.content_type = result->has_header("Content-Type") ? result->get_header_value("Content-Type") : kText;
  for (const char* header : {"Retry-After", "Location"})
    if (result->has_header(header)) answer.headers.emplace_back(header, result->get_header_value(header));
  return answer;
}

}  // namespace sim::live
