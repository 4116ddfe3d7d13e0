// The parser of one scenario line, shared by the files that hold its grammar rules
// (internal to the scenario parser; see scenario.h for the map of those files).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace sim::scenario_detail {

struct Token {
  std::string text;
  int column = 0;  // 1-based
  bool quoted = false;
  std::size_t end = 0;  // offset in the line just past the token (its closing quote included)
};

inline constexpr int kMaxNodes = 1001;

// What the file has said so far that a line needs to know.
struct FileContext {
  int cluster_size = 5;
  bool marked = false;             // a `mark` came earlier in the file
  std::vector<std::string> names;  // bound by `as NAME`, by binding number
  std::vector<int> name_lines;     // the line that bound each
};

// ---- Words (scenario_values.cpp) --------------------------------------------------------
std::string closest(const std::string& word, const std::vector<std::string>& choices);
std::string join(const std::vector<std::string>& words);
// A token echoed in a message: quoted, escaped and shortened.
std::string shown(const std::string& text);

// What parse_scaled found: a number, something that is not one, or a number too large
// to hold (which is reported as too large, not as "expected a number").
enum class Scaled : std::uint8_t { Number, NotNumber, TooLarge };
// Reads a decimal number with at most `max_decimals` digits after the point, scaled by
// 10^max_decimals, exactly (no floating point).
Scaled parse_scaled(const std::string& text, int max_decimals, std::int64_t& value);
bool is_number(const std::string& text, int max_decimals, std::int64_t& value);

// Splits a line into tokens, refusing bytes no scenario holds (scenario_tokens.cpp).
std::vector<Token> tokenize(const std::string& line, const SourceLocation& location);
[[noreturn]] void error_at(const SourceLocation& location, std::size_t position, const std::string& message,
                           const std::string& hint);

// Where a node expression stands decides which forms it may take.
struct NodeRules {
  bool leader = true;         // `leader` is allowed
  bool in_condition = false;  // no `random` nor `as` (a condition is checked again and again)
};

class LineParser {
 public:
  LineParser(std::vector<Token> tokens, SourceLocation location, FileContext& file)
      : tokens_(std::move(tokens)), location_(std::move(location)), file_(file) {}

  // The command of this line (scenario_commands.cpp).
  Command parse(Command command);

  // ---- The cursor ----
  [[noreturn]] void error(const Token* at, const std::string& message, const std::string& hint = "") const;
  const Token* peek() const { return position_ < tokens_.size() ? &tokens_[position_] : nullptr; }
  const Token& word() const { return tokens_[0]; }
  bool at_end() const { return position_ >= tokens_.size(); }
  bool next_is(const std::string& word) const { return peek() && !peek()->quoted && peek()->text == word; }
  // Takes the next word if it is `word`.
  bool accept(const std::string& word) {
    if (!next_is(word)) return false;
    ++position_;
    return true;
  }
  const Token& take(const std::string& what, const std::string& hint = "");
  void expect_word(const std::string& word, const std::string& hint = "");
  void expect_end();
  void back() { --position_; }

  // ---- Values (scenario_values.cpp) ----
  Time duration(const std::string& what = "a duration");
  std::int64_t integer(const std::string& what, std::int64_t minimum, std::int64_t maximum);
  std::uint64_t seed();
  std::string key_value(const std::string& what);
  std::uint32_t percent();
  Comparison comparison(bool required, const std::string& example = "for example: expect messages <= 12 for 1s");
  raft::Role role();
  std::string text();
  int message_kind();  // a kind named in envelope.h's rpc kinds, by number

  // ---- Node expressions (scenario_nodes.cpp) ----
  NodeRef node(NodeRules rules = {});
  static bool same_node(const NodeRef& a, const NodeRef& b);
  // Does the next word start a node expression (nK, a bound name, leader, random)?
  bool node_next(bool leader_allowed = true) const;

  // ---- Conditions (scenario_conditions.cpp) ----
  Condition condition(bool waiting);
  // `for D` or `since mark` after a span condition.
  void span(Condition& condition, const Token& word, bool waiting);

  FileContext& file() { return file_; }
  int cluster_size() const { return file_.cluster_size; }

 private:
  int end_column() const;
  int bind_name();  // after `as`

  std::vector<Token> tokens_;
  std::size_t position_ = 1;  // token 0 is the command word
  SourceLocation location_;
  FileContext& file_;
};

}  // namespace sim::scenario_detail
