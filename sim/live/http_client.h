// A few blocking HTTP calls to live nodes (cpp-httplib's client), for live-check and the
// tests: every call has a timeout and reports a status (0: no answer).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/live/address.h"

namespace sim::live {

struct HttpAnswer {
  int status = 0;  // 0: no answer (refused, reset, timed out)
  std::string body;
  std::string error;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

HttpAnswer http_put(const Address& node, const std::string& path, const std::string& body, int timeout_ms,
                    const HttpHeaders& headers = {});
HttpAnswer http_get(const Address& node, const std::string& path, int timeout_ms);

}  // namespace sim::live
