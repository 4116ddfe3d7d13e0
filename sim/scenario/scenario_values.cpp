// The values of the scenario language: durations, whole numbers, seeds, key=value,
// percentages, comparisons, roles, quoted text, message kinds; and the line's cursor.
#include <algorithm>
#include <cctype>
#include <map>

#include "sim/io/safe_text.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario_line.h"
#include "sim/scenario/suggest.h"

namespace sim::scenario_detail {

std::string closest(const std::string& word, const std::vector<std::string>& choices) {
  return nearest_name(word, choices, 3);  // only near misses
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

Scaled parse_scaled(const std::string& text, int max_decimals, std::int64_t& value) {
  constexpr std::int64_t kLargest = 1'000'000'000'000'000LL;  // far above every limit, far below overflow
  std::int64_t whole = 0;
  std::size_t position = 0;
  bool any_digit = false;
  bool too_large = false;
  auto add_digit = [&] {
    if (whole > kLargest) too_large = true;
    else whole = whole * 10 + (text[position] - '0');
    any_digit = true;
    ++position;
  };
  while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) add_digit();
  int decimals = 0;
  if (position < text.size() && text[position] == '.') {
    ++position;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
      if (++decimals > max_decimals) return Scaled::NotNumber;
      add_digit();
    }
  }
  if (!any_digit || position != text.size()) return Scaled::NotNumber;
  for (; decimals < max_decimals && !too_large; ++decimals) {
    if (whole > kLargest) too_large = true;
    whole *= 10;
  }
  if (too_large) return Scaled::TooLarge;
  value = whole;
  return Scaled::Number;
}

bool is_number(const std::string& text, int max_decimals, std::int64_t& value) {
  return parse_scaled(text, max_decimals, value) == Scaled::Number;
}

std::string shown(const std::string& text) { return "'" + echo(text) + "'"; }

namespace {

// `key=value`: one '=', a key before it (the value may be empty).
bool is_key_value(const std::string& text) {
  const std::size_t equals = text.find('=');
  return equals != std::string::npos && equals > 0 && text.find('=', equals + 1) == std::string::npos;
}

}  // namespace

// ---- The cursor ---------------------------------------------------------------------------

void LineParser::error(const Token* at, const std::string& message, const std::string& hint) const {
  SourceLocation where = location_;
  where.column = at ? at->column : end_column();
  // Every error has a hint: the specific one, or where the command's form is written.
  throw ScenarioError(where, message, hint.empty() ? "see '" + tokens_[0].text + "' in docs/scenarios.md" : hint);
}

int LineParser::end_column() const {
  return tokens_.empty() ? 1 : tokens_.back().column + static_cast<int>(tokens_.back().text.size());
}

const Token& LineParser::take(const std::string& what, const std::string& hint) {
  if (at_end()) error(nullptr, "expected " + what + " here, found the end of the line", hint);
  return tokens_[position_++];
}

void LineParser::expect_word(const std::string& word, const std::string& hint) {
  const Token& token = take("'" + word + "'", hint);
  if (token.text != word || token.quoted) error(&token, "expected '" + word + "', found " + shown(token.text), hint);
}

void LineParser::expect_end() {
  if (!at_end()) error(peek(), "unexpected " + shown(peek()->text) + " after the end of the command",
                       "remove it, or put a '#' before it to make it a comment");
}

// ---- Values -------------------------------------------------------------------------------

Time LineParser::duration(const std::string& what) {
  const std::string hint = "write a number with a unit: 500us, 150ms, 2s or 1.5s";
  const Token& token = take(what, hint);
  const std::string& text = token.text;
  std::size_t unit_start = text.size();
  while (unit_start > 0 && std::isalpha(static_cast<unsigned char>(text[unit_start - 1]))) --unit_start;
  const std::string unit = text.substr(unit_start);
  const std::map<std::string, std::pair<int, Time>> units = {{"us", {0, 1}}, {"ms", {3, 1}}, {"s", {6, 1}}};
  const auto found = units.find(unit);
  if (found == units.end()) {
    error(&token, "expected " + what + ", found " + shown(text) + (unit.empty() ? " (no unit)" : ""), hint);
  }
  std::int64_t micros = 0;
  const Scaled scaled = parse_scaled(text.substr(0, unit_start), found->second.first, micros);
  if (scaled == Scaled::NotNumber) {
    error(&token, "expected " + what + ", found " + shown(text), hint + " (time is counted in whole microseconds)");
  }
  if (scaled == Scaled::TooLarge || micros > 100'000LL * raft::kSecond) {
    error(&token, "the duration " + shown(text) + " is too long", "a duration is at most 100000s");
  }
  return micros;
}

std::int64_t LineParser::integer(const std::string& what, std::int64_t minimum, std::int64_t maximum) {
  const std::string hint = "write a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum);
  const Token& token = take(what, hint);
  std::int64_t value = 0;
  const Scaled scaled = parse_scaled(token.text, 0, value);
  if (scaled == Scaled::NotNumber || token.text.find('.') != std::string::npos) {
    error(&token, "expected " + what + " (a whole number), found " + shown(token.text), hint);
  }
  if (scaled == Scaled::TooLarge || value < minimum || value > maximum) {
    error(&token, what + " must be between " + std::to_string(minimum) + " and " + std::to_string(maximum) +
                      ", found " + echo(token.text),
          hint);
  }
  return value;
}

std::uint64_t LineParser::seed() {
  const Token& token = take("a seed", "for example: seed 42");
  const std::optional<std::uint64_t> value = parse_seed(token.text);
  if (!value) error(&token, std::string(kSeedRange) + ", not " + shown(token.text), "for example: seed 42");
  return *value;
}

std::string LineParser::key_value(const std::string& what) {
  const std::string hint = "a value is key=value with one '=' and no spaces, for example: " + what + " x=1";
  const Token& token = take("a value such as x=1", hint);
  if (token.quoted || !is_key_value(token.text)) error(&token, "expected key=value, found " + shown(token.text), hint);
  return token.text;
}

std::uint32_t LineParser::percent() {
  const std::string hint = "write a percentage such as 20% or 0.5%";
  const Token& token = take("a percentage", hint);
  std::int64_t ppm = 0;
  if (token.text.size() < 2 || token.text.back() != '%' ||
      !is_number(token.text.substr(0, token.text.size() - 1), 4, ppm)) {
    error(&token, "expected a percentage, found " + shown(token.text), hint);
  }
  if (ppm > 1'000'000) error(&token, "a percentage must be at most 100%, found " + token.text, "0% is never, 100% always");
  return static_cast<std::uint32_t>(ppm);
}

Comparison LineParser::comparison(bool required, const std::string& example) {
  const std::map<std::string, Comparison> symbols = {{"==", Comparison::Equal}, {"=", Comparison::Equal},
                                                     {">=", Comparison::AtLeast}, {"<=", Comparison::AtMost},
                                                     {">", Comparison::Greater}, {"<", Comparison::Less}};
  if (const Token* token = peek(); token && symbols.contains(token->text)) {
    ++position_;
    return symbols.at(token->text);
  }
  if (const Token* token = peek(); token && token->text.find_first_not_of("<>=!") == std::string::npos) {
    error(token, "unknown comparison " + shown(token->text), "use ==, >=, <=, > or <");
  }
  if (required) {
    error(peek(), "expected a comparison (==, >=, <=, >, <)" +
                      (peek() ? ", found " + shown(peek()->text) : std::string()),
          example);
  }
  return Comparison::Equal;
}

raft::Role LineParser::role() {
  const Token& token = take("a role", "follower, candidate or leader (or pre-candidate)");
  if (token.text == "follower") return raft::Role::Follower;
  if (token.text == "candidate") return raft::Role::Candidate;
  if (token.text == "pre-candidate") return raft::Role::PreCandidate;
  if (token.text == "leader") return raft::Role::Leader;
  error(&token, "expected a role, found " + shown(token.text), "follower, candidate or leader (or pre-candidate)");
}

std::string LineParser::text() {
  const Token& token = take("text in double quotes", "for example: say \"n1 wins the election\"");
  if (!token.quoted) error(&token, "expected text in double quotes, found " + shown(token.text),
                           "put the text in double quotes: say \"...\"");
  return token.text;
}

int LineParser::message_kind() {
  const Token& kind = take("a message kind", "one of: " + join(rpc_kind_names()));
  const int number = rpc_kind_number(kind.text);
  if (number < 0) error(&kind, "unknown message kind " + shown(kind.text), "one of: " + join(rpc_kind_names()));
  return number;
}

}  // namespace sim::scenario_detail
