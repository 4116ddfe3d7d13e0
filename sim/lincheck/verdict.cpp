#include "sim/lincheck/verdict.h"

#include "sim/lincheck/from_client.h"
#include "sim/lincheck/report.h"

namespace sim::lincheck {

RunVerdict check_run(const ClientHistory& operations) {
  RunVerdict verdict;
  verdict.history = history_of(operations);
  verdict.result = check_history(verdict.history);
  verdict.report = describe(verdict.history, verdict.result, "  ");
  return verdict;
}

}  // namespace sim::lincheck
