// The checker's verdict in words, for a terminal: every key and value from the history
// is escaped (sim/io/safe_text.h) and shortened, so a hostile history cannot move the
// cursor or flood the screen.
#pragma once

#include <string>

#include "sim/lincheck/checker.h"

namespace sim::lincheck {

// "linearizable (...)", or the violation with its window of operations, one a line, or
// why the search could not decide. Lines end in '\n'; `indent` starts each.
std::string describe(const History& history, const CheckResult& result, const std::string& indent = "");

// One operation: "op 4  client 1  read x -> 1   invoked 300ms, answered 320ms".
std::string describe_operation(const Operation& operation);

}  // namespace sim::lincheck
