// The trace: one JSON object per line for every record (docs/trace.md). Field order is
// fixed and nothing depends on addresses or wall time, so the same scenario and seed
// always give the same bytes.
#pragma once

#include <ostream>
#include <string>

#include "sim/check/chaos.h"
#include "sim/record/record.h"
#include "sim/scenario/player.h"

namespace sim {

std::string trace_line(const Record& record);
std::string trace_line(const Note& note);  // an expectation's result, or narration's source
std::string trace_header(const std::string& file, const ClusterConfig& config);  // the first line
std::string trace_result(const ScenarioPlayer& player);                          // the last line
std::string trace_chaos_result(const ChaosResult& result);                      // the last line of `chaos --trace`
// One client operation of the history (`raftsim run --history`), for later checking.
std::string history_line(const ClientOperation& operation);

}  // namespace sim
