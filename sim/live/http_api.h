// The HTTP API of a live server (docs/live.md, "HTTP API"), served by cpp-httplib:
//   PUT /kv/KEY          body = value; 200 "OK" once committed and applied
//   GET /kv/KEY          200 with the value alone (text/plain), 404 if absent; the read
//                        goes through the log, so it is linearizable
//   GET /kv/KEY?local=1  this server's own applied value, without Raft (may be stale)
//   GET /req?age=V       the original system's write of "age=V"; "OK" once committed
//   GET /status          role, term, leader, commit and applied index, peers (JSON)
// cpp-httplib parses requests on its own threads; they touch no Raft state, but post
// each request to the event loop (asio::post) and wait for its answer, at most
// --request-timeout. A follower forwards a request to the leader (forward.h) or, with
// --redirect, answers 307 with the leader's address. A failure is 503 (with Retry-After)
// only if the request provably took no effect, 504 if it may have (client_request.h;
// docs/live.md, "What an answer promises"). Bodies larger than 64 KiB are refused with 413.
#pragma once

#include <asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>

#include "sim/live/server.h"

namespace httplib {
class Server;
}

namespace sim::live {

class HttpApi {
 public:
  HttpApi(asio::io_context& io, Server& server, const ServerOptions& options);
  ~HttpApi();
  // Binds the address; the error (e.g. the port is in use) if it cannot.
  std::string bind();
  void start();  // serves on cpp-httplib's threads
  void stop();

 private:
  void route();

  asio::io_context& io_;
  Server& server_;
  ServerOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
};

}  // namespace sim::live
