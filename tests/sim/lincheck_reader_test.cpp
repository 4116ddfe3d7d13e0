// The history reader on hostile input: every problem located (line:column) and named.
#include <doctest/doctest.h>

#include "sim/lincheck/history_reader.h"
#include "sim/scenario/scenario.h"

namespace {

using namespace sim::lincheck;

// The error for `text`, as "line:column: message".
std::string error_of(const std::string& text) {
  try {
    parse_history(text, "h.jsonl");
  } catch (const sim::ScenarioError& error) {
    return std::to_string(error.location.line) + ":" + std::to_string(error.location.column) + ": " + error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the history written by raftsim run --history, with kind, key and value, reads as writes") {
  const History history = parse_history(
      R"({"op":1,"command":"x=1","kind":"write","key":"x","value":"1","via":0,"invoked_us":5,"outcome":"acknowledged","completed_us":9,"index":1,"term":1,"attempts":1})"
      "\n\n"
      R"({"op":2,"command":"y","via":2,"invoked_us":6,"outcome":"unknown","completed_us":5000006,"attempts":4})"
      "\n"
      R"({"op":3,"kind":"read","key":"x","value":null,"client":2,"invoked_us":7,"outcome":"acknowledged","completed_us":8})",
      "h.jsonl");
  REQUIRE(history.operations.size() == 3);
  CHECK(history.operations[0].key == "x");
  CHECK(*history.operations[0].value == "1");
  CHECK(history.operations[0].returned == 9);
  CHECK(history.operations[1].key == "y");  // no '=': the state machine writes "" to "y"
  CHECK(*history.operations[1].value == "");
  CHECK(history.operations[1].returned == kNever);
  CHECK(history.operations[1].line == 3);
  CHECK(history.operations[2].kind == OperationKind::Read);
  CHECK(!history.operations[2].value);
  CHECK(history.operations[2].client == 2);
}

TEST_CASE("failed operations and unanswered reads are left out, and counted") {
  const History history = parse_history(
      R"({"op":1,"command":"x=1","invoked_us":0,"outcome":"failed","completed_us":3})"
      "\n"
      R"({"op":2,"kind":"read","key":"x","invoked_us":0,"outcome":"pending"})",
      "h.jsonl");
  CHECK(history.operations.empty());
  CHECK(history.failed_left_out == 1);
  CHECK(history.unanswered_reads_left_out == 1);
}

TEST_CASE("malformed lines are refused at their line and column") {
  CHECK(error_of("{\"op\":1,") == "1:9: not valid JSON: syntax error while parsing object key - unexpected end of "
                                   "input; expected string literal");
  CHECK(error_of("[1,2]") == "1:1: expected a JSON object {...}, one operation");
  CHECK(error_of(R"({"command":"x=1"})") == "1:1: missing \"op\", the operation's number");
  CHECK(error_of(R"({"op":-1})") == "1:2: \"op\" must be a whole number from 0 to 18446744073709551615, not -1");
  CHECK(error_of(R"({"op":1.5})").find("must be a whole number") != std::string::npos);
  CHECK(error_of("\n" R"({"op":1,"kind":"delete","invoked_us":0,"outcome":"failed"})") == "2:9: unknown kind 'delete'");
  CHECK(error_of(R"({"op":1,"command":"x=1","invoked_us":0,"outcome":"done"})") == "1:40: unknown outcome 'done'");
  CHECK(error_of(R"({"op":1,"command":"x=1","invoked_us":9,"outcome":"acknowledged","completed_us":3})") ==
        "1:65: \"completed_us\" is before \"invoked_us\"");
  CHECK(error_of(R"({"op":1,"command":"x=1","invoked_us":9,"outcome":"acknowledged"})") ==
        "1:1: an acknowledged operation needs \"completed_us\", when its answer came");
  CHECK(error_of(R"({"op":1,"kind":"read","key":"x","invoked_us":9,"outcome":"acknowledged","completed_us":10})") ==
        "1:1: an acknowledged read needs \"value\" (null: the key had none)");
  CHECK(error_of(R"({"op":1,"command":"x=1","key":"x","value":"2","invoked_us":0,"outcome":"unknown"})") ==
        "1:9: \"command\" x=1 disagrees with \"key\" and \"value\"");
  CHECK(error_of(R"({"op":1,"key":"x","invoked_us":0,"outcome":"unknown"})") ==
        "1:9: a write needs both \"key\" and \"value\"");
  CHECK(error_of(R"({"op":1,"command":7,"invoked_us":0,"outcome":"unknown"})") == "1:9: \"command\" must be a string");
  const std::string line = R"({"op":1,"command":"x=1","invoked_us":0,"outcome":"unknown"})" "\n";
  CHECK(error_of(line + line) == "2:2: operation 1 appears twice");
}

TEST_CASE("hostile input is refused before it costs: deep nesting, long lines, bad UTF-8") {
  CHECK(error_of(R"({"op":1,"x":)" + std::string(100, '[')) == "1:28: nested deeper than 16 levels");
  CHECK(error_of(std::string(kMaxHistoryLineBytes + 1, ' ') + "x").rfind("1:65537: this line is longer", 0) == 0);
  CHECK(error_of("{\"op\":1,\"command\":\"x=\xff\"}").find("not valid JSON") != std::string::npos);
}
