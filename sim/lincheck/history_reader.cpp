#include "sim/lincheck/history_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/io/safe_text.h"
#include "sim/io/text_file.h"
#include "sim/scenario/scenario.h"

namespace sim::lincheck {

namespace {

using Json = nlohmann::json;

const char* const kFormatHint = "each line is one operation: see docs/trace.md, \"The client's history\"";

// One line being read: its location, and errors pointing into it.
struct Line {
  const std::string& file;
  int number;
  std::string_view text;

  // The column of `"field"` in the line (1 if it is not written plainly).
  int column_of(const std::string& field) const {
    const std::size_t at = text.find("\"" + field + "\"");
    return at == std::string_view::npos ? 1 : static_cast<int>(at) + 1;
  }
  [[noreturn]] void fail(int column, const std::string& message, const std::string& hint = kFormatHint) const {
    throw ScenarioError(SourceLocation{file, number, column}, message, hint);
  }
  [[noreturn]] void fail_at(const std::string& field, const std::string& message,
                            const std::string& hint = kFormatHint) const {
    fail(column_of(field), message, hint);
  }
};

// Refuses nesting deeper than kMaxJsonDepth before the JSON parser sees it.
void check_depth(const Line& line) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.text.size(); ++i) {
    const char c = line.text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        line.fail(static_cast<int>(i) + 1, "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                  "an operation is one flat JSON object");
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
}

std::uint64_t whole_number(const Line& line, const Json& object, const std::string& field, std::uint64_t max) {
  const Json& value = object.at(field);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
    line.fail_at(field, "\"" + field + "\" must be a whole number from 0 to " + std::to_string(max) + ", not " +
                            echo(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
  }
  return value.get<std::uint64_t>();
}

std::string text_field(const Line& line, const Json& object, const std::string& field) {
  const Json& value = object.at(field);
  if (!value.is_string()) line.fail_at(field, "\"" + field + "\" must be a string");
  return value.get<std::string>();
}

// A write's key and value: from "key" and "value", from "command" (key=value), or both
// when they agree.
void write_key_value(const Line& line, const Json& object, Operation& operation) {
  const bool has_pair = object.contains("key") || object.contains("value");
  if (has_pair) {
    if (!object.contains("key") || !object.contains("value")) {
      line.fail_at(object.contains("key") ? "key" : "value", "a write needs both \"key\" and \"value\"");
    }
    operation.key = text_field(line, object, "key");
    operation.value = text_field(line, object, "value");
  }
  if (object.contains("command")) {
    const std::string command = text_field(line, object, "command");
    const std::size_t equals = command.find('=');
    // As the simulator's state machine reads it: no '=' writes "" to the whole command.
    const std::string key = command.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : command.substr(equals + 1);
    if (has_pair && (key != operation.key || value != *operation.value)) {
      line.fail_at("command", "\"command\" " + echo(command) + " disagrees with \"key\" and \"value\"",
                   "write one or the other, or make them agree (command is key=value)");
    }
    operation.key = key;
    operation.value = value;
  } else if (!has_pair) {
    line.fail(1, "a write needs \"key\" and \"value\" (or \"command\": \"key=value\")");
  }
}

enum class Outcome { Acknowledged, Failed, Unknown, Pending };

Outcome outcome_of(const Line& line, const Json& object) {
  if (!object.contains("outcome")) line.fail(1, "missing \"outcome\"", "acknowledged, failed, unknown or pending");
  const std::string outcome = text_field(line, object, "outcome");
  if (outcome == "acknowledged") return Outcome::Acknowledged;
  if (outcome == "failed") return Outcome::Failed;
  if (outcome == "unknown") return Outcome::Unknown;
  if (outcome == "pending") return Outcome::Pending;
  line.fail_at("outcome", "unknown outcome '" + echo(outcome) + "'", "the outcomes are acknowledged, failed, unknown and pending");
}

struct Parsed {
  Operation operation;
  Outcome outcome;
};

Parsed parse_line(const Line& line) {
  if (line.text.size() > kMaxHistoryLineBytes) {
    line.fail(static_cast<int>(kMaxHistoryLineBytes) + 1,
              "this line is longer than the limit of " + std::to_string(kMaxHistoryLineBytes) + " bytes",
              "an operation is one short JSON object");
  }
  check_depth(line);
  Json object;
  try {
    object = Json::parse(line.text);
  } catch (const Json::parse_error& error) {
    // nlohmann's message after its "[json.exception...] parse error at line 1, column N: ".
    const std::string what = error.what();
    const std::size_t column = what.find("column ");
    const std::size_t detail = column == std::string::npos ? std::string::npos : what.find(": ", column);
    line.fail(static_cast<int>(std::max<std::size_t>(error.byte, 1)),
              "not valid JSON: " + echo(detail == std::string::npos ? what : what.substr(detail + 2), 200));
  }
  if (!object.is_object()) line.fail(1, "expected a JSON object {...}, one operation");
  Parsed parsed;
  Operation& operation = parsed.operation;
  operation.line = line.number;
  if (!object.contains("op")) line.fail(1, "missing \"op\", the operation's number");
  operation.id = whole_number(line, object, "op", std::numeric_limits<std::uint64_t>::max());
  if (object.contains("client")) operation.client = whole_number(line, object, "client", std::numeric_limits<std::uint64_t>::max());
  const std::string kind = object.contains("kind") ? text_field(line, object, "kind") : "write";
  if (kind != "write" && kind != "read") {
    line.fail_at("kind", "unknown kind '" + echo(kind) + "'", "an operation is a \"write\" or a \"read\"");
  }
  operation.kind = kind == "read" ? OperationKind::Read : OperationKind::Write;
  parsed.outcome = outcome_of(line, object);
  if (operation.kind == OperationKind::Write) {
    write_key_value(line, object, operation);
  } else {
    if (!object.contains("key")) line.fail(1, "a read needs \"key\"");
    operation.key = text_field(line, object, "key");
    if (parsed.outcome == Outcome::Acknowledged) {
      if (!object.contains("value")) line.fail(1, "an acknowledged read needs \"value\" (null: the key had none)");
      if (!object.at("value").is_null()) operation.value = text_field(line, object, "value");
    }
  }
  const std::uint64_t latest = static_cast<std::uint64_t>(kNever) - 1;
  if (!object.contains("invoked_us")) line.fail(1, "missing \"invoked_us\", when the operation began");
  operation.invoked = static_cast<Time>(whole_number(line, object, "invoked_us", latest));
  if (object.contains("completed_us")) {
    const Time completed = static_cast<Time>(whole_number(line, object, "completed_us", latest));
    if (completed < operation.invoked) line.fail_at("completed_us", "\"completed_us\" is before \"invoked_us\"");
    if (parsed.outcome == Outcome::Acknowledged) operation.returned = completed;
  } else if (parsed.outcome == Outcome::Acknowledged) {
    line.fail(1, "an acknowledged operation needs \"completed_us\", when its answer came");
  }
  return parsed;
}

}  // namespace

History parse_history(std::string_view text, const std::string& file_name) {
  History history;
  std::set<std::uint64_t> ids;
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const Line line{file_name, ++number, text.substr(start, end - start)};
    start = end + 1;
    if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Parsed parsed = parse_line(line);
    if (!ids.insert(parsed.operation.id).second) {
      line.fail_at("op", "operation " + std::to_string(parsed.operation.id) + " appears twice", "each \"op\" number once");
    }
    if (ids.size() > kMaxHistoryOperations) {
      line.fail(1, "more than the limit of " + std::to_string(kMaxHistoryOperations) + " operations",
                "check a shorter run, or split the history by key");
    }
    // Failed: no effect. A read with no answer: nothing observed. Both are left out.
    if (parsed.outcome == Outcome::Failed) {
      ++history.failed_left_out;
    } else if (parsed.outcome != Outcome::Acknowledged && parsed.operation.kind == OperationKind::Read) {
      ++history.unanswered_reads_left_out;
    } else {
      history.operations.push_back(std::move(parsed.operation));
    }
  }
  return history;
}

History load_history(const std::string& path) {
  static const TextFileRules rules{
      .name = "history file",
      .max_bytes = kMaxHistoryBytes,
      .folder_hint = "name a file written by 'raftsim run --history FILE'",
      .text_hint = kFormatHint,
      .line_hint = "",
      .size_hint = "check a shorter run's history",
  };
  return parse_history(read_text_file(path, rules), path);
}

}  // namespace sim::lincheck
