#include "sim/client/state_machine.h"

namespace sim {

namespace {

void put(std::string& out, const std::string& text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

// Reads "<length>:<bytes>" at `at`; nullopt if malformed.
std::optional<std::string> take(const std::string& in, std::size_t& at) {
  std::size_t length = 0;
  std::size_t digits = 0;
  while (at < in.size() && in[at] >= '0' && in[at] <= '9' && digits < 19) {
    length = length * 10 + static_cast<std::size_t>(in[at++] - '0');
    ++digits;
  }
  if (digits == 0 || at >= in.size() || in[at] != ':' || in.size() - at - 1 < length) return std::nullopt;
  std::string text = in.substr(at + 1, length);
  at += 1 + length;
  return text;
}

}  // namespace

// "kv2 HASH\n", the session table as one length-prefixed text, then the pairs.
std::string encode_state_machine(const KeyValueMap& map, const SessionTable& sessions, std::uint64_t prefix_hash) {
  std::string out = "kv2 " + std::to_string(prefix_hash) + "\n";
  put(out, sessions.encode());
  for (const auto& [key, value] : map) {
    put(out, key);
    put(out, value);
  }
  return out;
}

std::optional<DecodedStateMachine> decode_state_machine(const std::string& bytes) {
  // kv1: written before sessions, with none.
  const bool with_sessions = bytes.rfind("kv2 ", 0) == 0;
  if (!with_sessions && bytes.rfind("kv1 ", 0) != 0) return std::nullopt;
  const std::size_t end_of_line = bytes.find('\n');
  if (end_of_line == std::string::npos) return std::nullopt;
  DecodedStateMachine decoded;
  try {
    decoded.prefix_hash = std::stoull(bytes.substr(4, end_of_line - 4));
  } catch (...) {
    return std::nullopt;
  }
  std::size_t at = end_of_line + 1;
  if (with_sessions) {
    const auto sessions_text = take(bytes, at);
    if (!sessions_text) return std::nullopt;
    auto sessions = SessionTable::decode(*sessions_text);
    if (!sessions) return std::nullopt;
    decoded.sessions = std::move(*sessions);
  }
  while (at < bytes.size()) {
    auto key = take(bytes, at);
    if (!key) return std::nullopt;
    auto value = take(bytes, at);
    if (!value) return std::nullopt;
    decoded.map.emplace(std::move(*key), std::move(*value));
  }
  return decoded;
}

}  // namespace sim
