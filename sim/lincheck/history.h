// A client history as the linearizability checker sees it: reads and writes of a
// key-value store, each with the time it was invoked and the time its answer came.
// Built from a history file (history_reader.h) or from the simulator's client in
// memory (from_client.h). See docs/trace.md, "The client's history".
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace sim::lincheck {

using raft::Time;

// The response time of an operation whose outcome is unknown (the client gave up, or the
// run ended first): it may take effect at any moment after its invocation, or never.
inline constexpr Time kNever = std::numeric_limits<Time>::max();

enum class OperationKind : std::uint8_t { Write, Read };

struct Operation {
  std::uint64_t id = 0;          // the history's `op` number
  std::uint64_t client = 1;      // whose operation (`clients N`: 1..N)
  OperationKind kind = OperationKind::Write;
  std::string key;
  // A write: the value written. A read: the value it returned, nullopt if the key had none.
  std::optional<std::string> value;
  Time invoked = 0;
  Time returned = kNever;        // kNever: the outcome is unknown
  int line = 0;                  // its line in the history file (0: built in memory)
};

// The operations that matter to the checker, in the order they were given. Failed
// operations took no effect and reads with no answer observed nothing: both are left
// out when the history is built, and only counted.
struct History {
  std::vector<Operation> operations;
  std::uint64_t failed_left_out = 0;
  std::uint64_t unanswered_reads_left_out = 0;
};

}  // namespace sim::lincheck
