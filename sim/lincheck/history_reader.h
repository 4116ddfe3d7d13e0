// Reading a history file (JSON Lines, docs/trace.md "The client's history"): one
// operation a line, as `raftsim run --history` writes them, plus reads in the form
// {"op":7,"kind":"read","key":"x","value":"1",...} ("value":null: the key had none).
// Hostile input is refused with a located error (file:line:col, what was expected, a
// hint; exit code 2), in bounded time and memory: the limits below come first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/lincheck/history.h"

namespace sim::lincheck {

inline constexpr std::uint64_t kMaxHistoryBytes = 256ull << 20;  // 256 MiB: some 2 million lines
inline constexpr std::size_t kMaxHistoryLineBytes = 64 * 1024;
inline constexpr std::size_t kMaxHistoryOperations = 2'000'000;
inline constexpr int kMaxJsonDepth = 16;

// Throw sim::ScenarioError (sim/scenario/scenario.h) on the first problem.
History parse_history(std::string_view text, const std::string& file_name);
History load_history(const std::string& path);

}  // namespace sim::lincheck
