// The checker over a simulator's run, in memory: what `raftsim run`, `check` and every
// chaos seed do at the end of a run (no history file needed).
#pragma once

#include <string>

#include "sim/client/client.h"
#include "sim/lincheck/checker.h"

namespace sim::lincheck {

struct RunVerdict {
  History history;
  CheckResult result;
  std::string report;  // describe(history, result), indented by two spaces
};

RunVerdict check_run(const ClientHistory& operations);

}  // namespace sim::lincheck
