#include "sim/scenario/limits.h"

#include <algorithm>
#include <charconv>

#include "sim/scenario/player.h"
#include "sim/scenario/scenario.h"

namespace sim {

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || text[0] == '-' || text[0] == '+' || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

namespace {

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

}  // namespace

std::uint64_t estimated_events(const RunShape& shape) {
  const auto nodes = static_cast<std::uint64_t>(std::max(shape.nodes, 1));
  const Time round = std::max<Time>(1, std::min(shape.heartbeat, shape.election_timeout_min));
  const auto rounds = static_cast<std::uint64_t>(std::max<Time>(0, shape.span) / round);
  const std::uint64_t heartbeats = saturating_multiply(2 * (nodes - 1) + 1, rounds);
  const std::uint64_t writes = saturating_multiply(3 * nodes, static_cast<std::uint64_t>(std::max<std::int64_t>(0, shape.writes)));
  // A wait's events each also cost a check of every node.
  const auto watched_rounds = static_cast<std::uint64_t>(std::max<Time>(0, shape.watched) / round);
  const std::uint64_t checks =
      saturating_multiply(saturating_multiply(2 * (nodes - 1) + 1, watched_rounds), nodes) / kNodeChecksPerEvent;
  return saturating_add(saturating_add(saturating_add(heartbeats, writes), shape.steps), checks);
}

bool past_event_limit(const ScenarioPlayer& player, std::uint64_t limit) {
  return saturating_add(player.simulator().stats().events, player.node_checks() / kNodeChecksPerEvent) > limit;
}

ScenarioError event_limit_error(const ScenarioPlayer& player, std::uint64_t limit) {
  const Command* command = player.current_command();
  SourceLocation where = command ? command->location : SourceLocation{player.scenario().file, 0, 0};
  return ScenarioError(where,
                       "the run passed the limit of " + std::to_string(limit) +
                           " events (a wait's checks of every node counted) here, at virtual time " +
                           format_duration(player.simulator().now()) + " (more than estimated before the run)",
                       "a cluster that cannot keep a leader holds elections, which cost more than heartbeats: widen "
                       "the election timeout (for a large cluster, election-timeout 1s 10s), or run for less time");
}

std::optional<std::string> timing_warning(const ClusterConfig& config) {
  if (config.heartbeat_interval < config.election_timeout_min) return std::nullopt;
  return "the heartbeat (" + format_duration(config.heartbeat_interval) + ") is not shorter than the shortest " +
         "election timeout (" + format_duration(config.election_timeout_min) +
         "): followers will keep starting elections\n  hint: make the heartbeat a fraction of the election timeout, "
         "as by default: a heartbeat of 50ms with election timeouts from 150ms to 300ms";
}

}  // namespace sim
