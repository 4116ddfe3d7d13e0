#include "sim/live/http_client.h"

#include <httplib.h>

namespace sim::live {
namespace {

httplib::Client client_for(const Address& node, int timeout_ms) {
  httplib::Client client(node.host, node.port);
  client.set_connection_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  client.set_read_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  client.set_write_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  return client;
}

HttpAnswer answer_of(const httplib::Result& result) {
  HttpAnswer answer;
  if (!result) {
    answer.error = httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  return answer;
}

}  // namespace

HttpAnswer http_put(const Address& node, const std::string& path, const std::string& body, int timeout_ms,
                    const HttpHeaders& headers) {
  httplib::Client client = client_for(node, timeout_ms);
  httplib::Headers sent;
  for (const auto& [name, value] : headers) sent.emplace(name, value);
  return answer_of(client.Put(path.c_str(), sent, body, "text/plain"));
}

HttpAnswer http_get(const Address& node, const std::string& path, int timeout_ms) {
  httplib::Client client = client_for(node, timeout_ms);
  return answer_of(client.Get(path.c_str()));
}

}  // namespace sim::live
