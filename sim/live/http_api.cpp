#include "sim/live/http_api.h"

#include <httplib.h>

#include <asio/post.hpp>
#include <chrono>
#include <future>

#include "sim/io/safe_text.h"
#include "sim/live/client_session.h"
#include "sim/live/forward.h"

namespace sim::live {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kText = "text/plain; charset=utf-8";

// Runs `work` on the event loop and waits for what it hands to `answer`, until `deadline`.
template <typename T, typename Work>
std::optional<T> on_loop(asio::io_context& io, Clock::time_point deadline, Work work) {
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> future = promise->get_future();
  asio::post(io, [promise, work]() mutable {
    work([promise](T value) { promise->set_value(std::move(value)); });
  });
  if (future.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return future.get();
}

void answer(httplib::Response& response, int status, const std::string& body) {
  response.status = status;
  response.set_content(body, kText);
}

// Refused before anything was proposed: provably not applied (client_request.h).
void no_leader(httplib::Response& response, const std::string& why) {
  response.set_header("Retry-After", "1");
  answer(response, kStatusNotApplied, why + "; retry in 1 s\n");
}

// The loop did not answer in time: the request may have been proposed, and may commit.
void no_answer_in_time(httplib::Response& response) {
  answer(response, kStatusUnknown, "no answer in time; the request may or may not have been applied\n");
}

void relay(httplib::Response& response, const Relayed& relayed) {
  response.status = relayed.status;
  for (const auto& [name, value] : relayed.headers) response.set_header(name, value);
  response.set_content(relayed.body, relayed.content_type.c_str());
}

}  // namespace

HttpApi::HttpApi(asio::io_context& io, Server& server, const ServerOptions& options)
    : io_(io), server_(server), options_(options), http_(std::make_unique<httplib::Server>()) {
  http_->set_payload_max_length(kMaxValueBytes);
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would let a second
  // server bind a port already in use instead of failing.
  http_->set_socket_options([](int socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http_->set_read_timeout(5, 0);
  http_->set_write_timeout(5, 0);
  route();
}

HttpApi::~HttpApi() { stop(); }

std::string HttpApi::bind() {
  if (!http_->bind_to_port(options_.http.host.c_str(), options_.http.port))
    return "cannot listen for HTTP on " + options_.http.text() + " (is the port in use?)";
  return "";
}

void HttpApi::start() {
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void HttpApi::stop() {
  if (!thread_.joinable()) return;
  http_->stop();
  thread_.join();
}

void HttpApi::route() {
  // One request through the log: asked of this server, forwarded or redirected if it
  // does not lead, and answered within the request timeout.
  auto through_log = [this](const httplib::Request& request, httplib::Response& response, KvRequest kv) {
    const Clock::time_point deadline = Clock::now() + std::chrono::microseconds(options_.request_timeout);
    std::optional<Outcome> outcome = on_loop<Outcome>(io_, deadline, [this, kv](auto done) { server_.submit(kv, done); });
    if (!outcome) return no_answer_in_time(response);
    if (!outcome->not_leader) return answer(response, outcome->status, outcome->body);
    if (outcome->leader == raft::kNobody) return no_leader(response, "no leader is known (an election may be under way)");
    if (request.has_header(kForwardedHeader))
      return no_leader(response, "forwarded to node " + std::to_string(options_.id) + ", which no longer leads");
    if (outcome->leader_http.empty())
      return no_leader(response, "the leader is node " + std::to_string(outcome->leader) + ", whose address is not known yet");
    if (options_.redirect) {
      response.set_header("Location", "http://" + outcome->leader_http + request.target);
      return answer(response, 307, "the leader is node " + std::to_string(outcome->leader) + " at " + outcome->leader_http + "\n");
    }
    std::string target = request.path;
    if (!request.params.empty()) target += "?" + httplib::detail::params_to_query_str(request.params);
    ForwardRequest forwarded{request.method, target, request.body, {}};
    for (const char* header : {kClientHeader, kSequenceHeader, kFirstUnansweredHeader})
      if (request.has_header(header)) forwarded.headers.emplace_back(header, request.get_header_value(header));
    relay(response, forward_to_leader(forwarded, outcome->leader, outcome->leader_http, options_.id, deadline));
  };
  // A write's session stamp from its headers (client_session.h); false after a 400.
  auto session_of = [](const httplib::Request& request, httplib::Response& response, KvRequest& kv) {
    const std::string error = parse_session(request.get_header_value(kClientHeader), request.get_header_value(kSequenceHeader),
                                            request.get_header_value(kFirstUnansweredHeader), kv.stamp);
    if (error.empty()) return true;
    answer(response, 400, error + "\n");
    return false;
  };
  auto checked_value = [](const std::string& value, httplib::Response& response) {
    if (!first_invalid_utf8(value)) return true;
    answer(response, 400, "the value is not valid UTF-8 text\n");
    return false;
  };

  http_->Put(R"(/kv/([^/]*))", [=](const httplib::Request& request, httplib::Response& response) {
    const std::string key = request.matches[1];
    if (!valid_key(key)) return answer(response, 400, "a key is 1 to 128 of A-Z a-z 0-9 . _ -\n");
    if (!checked_value(request.body, response)) return;
    KvRequest kv{KvRequest::Kind::Put, key, request.body, {}};
    if (!session_of(request, response, kv)) return;
    through_log(request, response, kv);
  });
  http_->Get(R"(/kv/([^/]*))", [=, this](const httplib::Request& request, httplib::Response& response) {
    const std::string key = request.matches[1];
    if (!valid_key(key)) return answer(response, 400, "a key is 1 to 128 of A-Z a-z 0-9 . _ -\n");
    if (request.get_param_value("local") == "1") {
      const auto deadline = Clock::now() + std::chrono::microseconds(options_.request_timeout);
      auto value = on_loop<std::optional<std::string>>(io_, deadline, [this, key](auto done) { done(server_.local_get(key)); });
      if (!value) return answer(response, 504, "no answer in time\n");
      return *value ? answer(response, 200, **value) : answer(response, 404, "no such key\n");
    }
    through_log(request, response, KvRequest{KvRequest::Kind::Read, key, "", {}});
  });
  http_->Get("/req", [=](const httplib::Request& request, httplib::Response& response) {
    if (!request.has_param("age")) return answer(response, 400, "expected /req?age=VALUE\n");
    const std::string value = request.get_param_value("age");
    if (!checked_value(value, response)) return;
    KvRequest kv{KvRequest::Kind::Put, "age", value, {}};
    if (!session_of(request, response, kv)) return;
    through_log(request, response, kv);
  });
  http_->Get("/status", [this](const httplib::Request&, httplib::Response& response) {
    const auto deadline = Clock::now() + std::chrono::microseconds(options_.request_timeout);
    auto status = on_loop<std::string>(io_, deadline, [this](auto done) { done(server_.status_json()); });
    if (!status) return answer(response, 504, "no answer in time\n");
    response.set_content(*status, "application/json");
  });
  http_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.status == 413) return answer(response, 413, "the body is larger than 64 KiB\n");
    if (response.status == 404 && response.body.empty())
      answer(response, 404, "not found; try PUT /kv/KEY, GET /kv/KEY, GET /req?age=V or GET /status\n");
  });
}

}  // namespace sim::live
