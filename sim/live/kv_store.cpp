#include "sim/live/kv_store.h"

#include <algorithm>

#include "sim/cluster/envelope.h"

namespace sim::live {
namespace {

constexpr char kLegacyReadPrefix[] = "?";  // reads in logs written before "read KEY"

}  // namespace

bool valid_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxKeyBytes && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string put_command(std::string_view key, std::string_view value) { return std::string(key) + "=" + std::string(value); }
std::string read_command(std::string_view key) { return "read " + std::string(key); }

std::optional<std::string> read_key(const std::string& command) {
  if (command.starts_with(kLegacyReadPrefix) && command.find('=') == std::string::npos) return command.substr(1);
  return log_read_key(command);
}

void KvStore::apply(const std::string& command) {
  if (read_key(command)) return;
  const std::size_t equals = command.find('=');
  if (equals == std::string::npos) return;
  if (!valid_key(std::string_view(command).substr(0, equals))) return;
  values_[command.substr(0, equals)] = command.substr(equals + 1);
}

std::optional<std::string> KvStore::get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sim::live
