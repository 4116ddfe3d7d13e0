#include "sim/lincheck/report.h"

#include <sstream>

#include "sim/io/safe_text.h"
#include "sim/scenario/scenario.h"  // format_duration

namespace sim::lincheck {

namespace {

std::string shown(const std::string& text) { return echo(text, 60); }

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string left_out(const History& history) {
  std::string text;
  if (history.failed_left_out > 0) text += "; " + plural(history.failed_left_out, "failed write", "failed writes") + " left out";
  if (history.unanswered_reads_left_out > 0) {
    text += "; " + plural(history.unanswered_reads_left_out, "unanswered read", "unanswered reads") + " left out";
  }
  return text;
}

}  // namespace

std::string describe_operation(const Operation& operation) {
  std::ostringstream out;
  out << "op " << operation.id << "  client " << operation.client << "  ";
  if (operation.kind == OperationKind::Write) {
    out << "write " << shown(operation.key) << "=" << shown(*operation.value);
  } else {
    out << "read " << shown(operation.key) << " -> " << (operation.value ? shown(*operation.value) : "(none)");
  }
  out << "  invoked " << format_duration(operation.invoked) << ", ";
  out << (operation.returned == kNever ? "no answer (outcome unknown)" : "answered " + format_duration(operation.returned));
  if (operation.line > 0) out << "  (line " << operation.line << ")";
  return out.str();
}

std::string describe(const History& history, const CheckResult& result, const std::string& indent) {
  std::ostringstream out;
  const std::string counts = plural(history.operations.size(), "operation", "operations") + " on " +
                             plural(result.keys, "key", "keys") + left_out(history) + "; " +
                             std::to_string(result.steps) + " search steps";
  switch (result.verdict) {
    case Verdict::Linearizable:
      out << indent << "linearizable: an order of the operations that respects real time gives every read the value it "
          << "returned (" << counts << ")\n";
      break;
    case Verdict::Undecided:
      out << indent << "undecided: the search on key " << shown(result.key)
          << " ran out of its budget before finding an order or proving there is none (" << counts << ")\n"
          << indent << "  hint: a shorter history, or one with fewer operations at once, takes less search\n";
      break;
    case Verdict::NotLinearizable: {
      const Operation& stuck = history.operations[result.stuck];
      const bool one = result.window.size() == 1;
      out << indent << "NOT LINEARIZABLE: on key " << shown(result.key) << ", "
          << (one ? "this operation" : "these " + std::to_string(result.window.size()) + " operations")
          << " cannot be ordered: no order that respects real time gives every read the value it returned"
          << (result.window_minimal ? "" : " (the budget ran out before the window was made smallest)") << ":\n";
      for (const std::size_t index : result.window) {
        out << indent << "  " << describe_operation(history.operations[index]) << '\n';
      }
      out << indent << "  the search got no further than the answer to op " << stuck.id << " at "
          << format_duration(stuck.returned) << " (" << counts << ")\n";
      break;
    }
  }
  return out.str();
}

}  // namespace sim::lincheck
