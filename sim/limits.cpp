#include "sim/limits.h"

#include <charconv>

#include "sim/scenario.h"

namespace sim {

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || text[0] == '-' || text[0] == '+' || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<std::string> timing_warning(const ClusterConfig& config) {
  if (config.heartbeat_interval < config.election_timeout_min) return std::nullopt;
  return "the heartbeat (" + format_duration(config.heartbeat_interval) + ") is not shorter than the shortest " +
         "election timeout (" + format_duration(config.election_timeout_min) +
         "): followers will keep starting elections\n  hint: make the heartbeat a fraction of the election timeout, "
         "as by default: a heartbeat of 50ms with election timeouts from 150ms to 300ms";
}

}  // namespace sim
