// The scenario language (docs/scenarios.md): one command per line, `#` starts a
// comment, words separated by spaces, text in double quotes.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/scenario.h"

namespace sim {

namespace {

struct Token {
  std::string text;
  int column = 0;  // 1-based
  bool quoted = false;
  std::size_t end = 0;  // offset in the line just past the token (its closing quote included)
};

constexpr int kMaxNodes = 1001;

// ---- Words and numbers ----------------------------------------------------------------

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest(const std::string& word, const std::vector<std::string>& choices) {
  std::string best;
  std::size_t best_distance = 3;  // suggest only near misses
  for (const std::string& choice : choices) {
    const std::size_t distance = edit_distance(word, choice);
    if (distance < best_distance) {
      best_distance = distance;
      best = choice;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

const std::vector<std::string> kCommands = {
    "cluster", "seed",  "election-timeout", "heartbeat", "latency", "loss",  "duplicate", "run",
    "step",    "crash", "restart",          "partition", "isolate", "cut",   "heal",      "drop",
    "write",   "stream", "campaign",        "timeout",   "timers",  "say",   "mark",      "expect"};

const std::vector<std::string> kConditions = {"leader", "no-leader", "committed", "not-committed", "stored", "not",
                                              "logs-agree", "stable", "messages", "term"};

const std::vector<std::string> kMessageKinds = {"RequestVote", "VoteGranted", "VoteDenied",
                                                "AppendEntries", "Heartbeat", "AppendEntriesReply",
                                                "AppendEntriesReject"};

// Reads a decimal number with at most `max_decimals` digits after the point, scaled by
// 10^max_decimals, exactly (no floating point). Returns false if `text` is not one.
bool parse_scaled(const std::string& text, int max_decimals, std::int64_t& value) {
  if (text.empty()) return false;
  std::int64_t whole = 0;
  std::size_t position = 0;
  bool any_digit = false;
  while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
    whole = whole * 10 + (text[position] - '0');
    if (whole > 1'000'000'000'000LL) return false;
    any_digit = true;
    ++position;
  }
  int decimals = 0;
  if (position < text.size() && text[position] == '.') {
    ++position;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
      if (++decimals > max_decimals) return false;
      whole = whole * 10 + (text[position] - '0');
      any_digit = true;
      ++position;
    }
  }
  if (!any_digit || position != text.size()) return false;
  for (; decimals < max_decimals; ++decimals) whole *= 10;
  value = whole;
  return true;
}

// ---- The parser of one line -----------------------------------------------------------

class LineParser {
 public:
  LineParser(std::vector<Token> tokens, SourceLocation location, int cluster_size)
      : tokens_(std::move(tokens)), location_(std::move(location)), cluster_size_(cluster_size) {}

  Command parse(Command command);

 private:
  [[noreturn]] void error(const Token* at, const std::string& message, const std::string& hint = "") const {
    SourceLocation where = location_;
    where.column = at ? at->column : end_column();
    throw ScenarioError(where, message, hint);
  }
  int end_column() const { return tokens_.empty() ? 1 : tokens_.back().column + static_cast<int>(tokens_.back().text.size()); }
  const Token* peek() const { return position_ < tokens_.size() ? &tokens_[position_] : nullptr; }
  bool at_end() const { return position_ >= tokens_.size(); }
  bool next_is(const std::string& word) const { return peek() && !peek()->quoted && peek()->text == word; }
  const Token& take(const std::string& what, const std::string& hint = "") {
    if (at_end()) error(nullptr, "expected " + what + " here, found the end of the line", hint);
    return tokens_[position_++];
  }
  void expect_word(const std::string& word, const std::string& hint = "") {
    const Token& token = take("'" + word + "'", hint);
    if (token.text != word || token.quoted) error(&token, "expected '" + word + "', found '" + token.text + "'", hint);
  }
  void expect_end() {
    if (!at_end()) error(peek(), "unexpected '" + peek()->text + "' after the end of the command",
                         "remove it, or put a '#' before it to make it a comment");
  }

  Time duration(const std::string& what = "a duration");
  static bool same_node(const NodeRef& a, const NodeRef& b) { return a.leader == b.leader && a.id == b.id; }
  std::int64_t integer(const std::string& what, std::int64_t minimum, std::int64_t maximum);
  std::uint32_t percent();
  NodeRef node(bool allow_leader = true);
  Comparison comparison(bool required);
  raft::Role role();
  Condition condition(bool waiting);
  std::string text();

  std::vector<Token> tokens_;
  std::size_t position_ = 1;  // token 0 is the command word
  SourceLocation location_;
  int cluster_size_;
};

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
    error(&token, "expected " + what + ", found '" + text + "'" + (unit.empty() ? " (no unit)" : ""), hint);
  }
  std::int64_t micros = 0;
  if (!parse_scaled(text.substr(0, unit_start), found->second.first, micros)) {
    error(&token, "expected " + what + ", found '" + text + "'", hint + " (time is counted in whole microseconds)");
  }
  if (micros > 100'000LL * raft::kSecond) error(&token, "duration '" + text + "' is too long", "at most 100000s");
  return micros;
}

std::int64_t LineParser::integer(const std::string& what, std::int64_t minimum, std::int64_t maximum) {
  const Token& token = take(what);
  std::int64_t value = 0;
  if (!parse_scaled(token.text, 0, value) || token.text.find('.') != std::string::npos) {
    error(&token, "expected " + what + " (a whole number), found '" + token.text + "'");
  }
  if (value < minimum || value > maximum) {
    error(&token, what + " must be between " + std::to_string(minimum) + " and " + std::to_string(maximum) +
                      ", found " + token.text,
          "write a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum));
  }
  return value;
}

std::uint32_t LineParser::percent() {
  const std::string hint = "write a percentage such as 20% or 0.5%";
  const Token& token = take("a percentage", hint);
  std::int64_t ppm = 0;
  if (token.text.size() < 2 || token.text.back() != '%' ||
      !parse_scaled(token.text.substr(0, token.text.size() - 1), 4, ppm)) {
    error(&token, "expected a percentage, found '" + token.text + "'", hint);
  }
  if (ppm > 1'000'000) error(&token, "a percentage must be at most 100%, found " + token.text, "0% is never, 100% always");
  return static_cast<std::uint32_t>(ppm);
}

NodeRef LineParser::node(bool allow_leader) {
  const std::string range = "this cluster has nodes n1..n" + std::to_string(cluster_size_);
  const std::string hint = allow_leader ? "name a node as n1, n2, ... or write 'leader'" : "name a node as n1, n2, ...";
  const Token& token = take("a node", hint);
  if (token.text == "leader" && allow_leader) return NodeRef{0, true};
  std::int64_t number = 0;
  if (token.text.size() < 2 || token.text[0] != 'n' || !parse_scaled(token.text.substr(1), 0, number) ||
      token.text.find('.') != std::string::npos) {
    error(&token, "expected a node, found '" + token.text + "'", hint);
  }
  if (number < 1 || number > cluster_size_) error(&token, "there is no node " + token.text, range);
  return NodeRef{static_cast<NodeId>(number), false};
}

Comparison LineParser::comparison(bool required) {
  const std::map<std::string, Comparison> symbols = {{"==", Comparison::Equal}, {"=", Comparison::Equal},
                                                     {">=", Comparison::AtLeast}, {"<=", Comparison::AtMost},
                                                     {">", Comparison::Greater}, {"<", Comparison::Less}};
  if (const Token* token = peek(); token && symbols.contains(token->text)) {
    ++position_;
    return symbols.at(token->text);
  }
  if (const Token* token = peek(); token && token->text.find_first_not_of("<>=!") == std::string::npos) {
    error(token, "unknown comparison '" + token->text + "'", "use ==, >=, <=, > or <");
  }
  if (required) {
    error(peek(), "expected a comparison (==, >=, <=, >, <)" +
                      (peek() ? ", found '" + peek()->text + "'" : std::string()),
          "for example: expect messages <= 12 for 1s");
  }
  return Comparison::Equal;
}

raft::Role LineParser::role() {
  const Token& token = take("a role", "follower, candidate or leader");
  if (token.text == "follower") return raft::Role::Follower;
  if (token.text == "candidate") return raft::Role::Candidate;
  if (token.text == "leader") return raft::Role::Leader;
  error(&token, "expected a role, found '" + token.text + "'", "follower, candidate or leader");
}

std::string LineParser::text() {
  const Token& token = take("text in double quotes", "for example: say \"n1 wins the election\"");
  if (!token.quoted) error(&token, "expected text in double quotes, found '" + token.text + "'",
                           "put the text in double quotes: say \"...\"");
  return token.text;
}

Condition LineParser::condition(bool waiting) {
  Condition condition;
  const std::string hint = "one of: leader [NODE], no-leader, NODE role ROLE, [NODE] term [OP] N, committed "
                           "VALUE [on all|on K], not-committed VALUE, stored VALUE [on all|on K], logs-agree, "
                           "stable for D, messages OP N for D; 'not' before any of them";
  if (next_is("not")) {
    const Token& negation = take("not");
    Condition negated = this->condition(waiting);
    if (negated.negated) error(&negation, "'not not' says nothing", "remove both");
    if (negated.kind == Condition::Kind::Stable || negated.kind == Condition::Kind::Messages) {
      error(&negation, "'not' applies to conditions about a moment, not to spans", "expect the opposite span instead");
    }
    negated.negated = true;
    return negated;
  }
  const Token& word = take("a condition", hint);
  const std::string& what = word.text;
  auto span = [&](Condition& spanned) {
    if (waiting) error(&word, "'" + what + "' describes a span of time and cannot be waited for",
                       "use it with expect: expect " + what + " ...");
    if (next_is("since")) {
      ++position_;
      expect_word("mark", "'since mark' counts from the last 'mark' command");
      spanned.span = 0;
    } else {
      expect_word("for", "give a span: '" + what + " ... for 2s', or 'since mark'");
      spanned.span = duration("a span");
      if (spanned.span <= 0) error(&word, "the span must be longer than zero");
    }
  };
  if (what == "leader") {
    condition.kind = Condition::Kind::Leader;
    // `run until leader 2s` forgot its 'within': say so, rather than "expected a node".
    const bool duration_next = waiting && peek() && std::isdigit(static_cast<unsigned char>(peek()->text[0]));
    if (!at_end() && !next_is("within") && !duration_next) condition.node = node(false);
  } else if (what == "no-leader") {
    condition.kind = Condition::Kind::NoLeader;
  } else if (what == "committed" || what == "not-committed" || what == "stored") {
    condition.kind = what == "committed" ? Condition::Kind::Committed
                     : what == "stored"  ? Condition::Kind::Stored
                                         : Condition::Kind::NotCommitted;
    condition.value = take("a value such as x=1").text;
    if (what != "not-committed" && next_is("on")) {
      ++position_;
      if (next_is("all")) {
        ++position_;
      } else {
        condition.on_all = false;
        condition.count = integer("a number of nodes", 1, cluster_size_);
      }
    }
  } else if (what == "logs-agree") {
    condition.kind = Condition::Kind::LogsAgree;
  } else if (what == "stable") {
    condition.kind = Condition::Kind::Stable;
    span(condition);
  } else if (what == "messages") {
    condition.kind = Condition::Kind::Messages;
    condition.comparison = comparison(true);
    condition.count = integer("a message count", 0, 1'000'000'000);
    span(condition);
  } else if (what == "term") {
    condition.kind = Condition::Kind::Term;
    condition.comparison = comparison(false);
    condition.count = integer("a term", 0, 1'000'000'000);
  } else if (!what.empty() && what[0] == 'n' && what.size() > 1 && std::isdigit(static_cast<unsigned char>(what[1]))) {
    --position_;
    condition.node = node(false);
    const Token& property = take("'role' or 'term'", "for example: expect n1 role leader, expect n2 term >= 3");
    if (property.text == "role") {
      condition.kind = Condition::Kind::Role;
      condition.role = role();
    } else if (property.text == "term") {
      condition.kind = Condition::Kind::Term;
      condition.comparison = comparison(false);
      condition.count = integer("a term", 0, 1'000'000'000);
    } else {
      error(&property, "expected 'role' or 'term' after the node, found '" + property.text + "'",
            "for example: expect n1 role leader, expect n2 term >= 3");
    }
  } else {
    const std::string suggestion = closest(what, kConditions);
    error(&word, "unknown condition '" + what + "'",
          suggestion.empty() ? hint : "did you mean '" + suggestion + "'? " + hint);
  }
  return condition;
}

Command LineParser::parse(Command command) {
  const Token& word = tokens_[0];
  const std::string& name = word.text;
  using Kind = Command::Kind;
  if (name == "cluster") {
    command.kind = Kind::Cluster;
    command.number = integer("a cluster size", 1, kMaxNodes);
  } else if (name == "seed") {
    command.kind = Kind::Seed;
    command.number = integer("a seed", 0, 9'000'000'000'000'000'000LL);
  } else if (name == "election-timeout") {
    command.kind = Kind::ElectionTimeout;
    command.low = duration("the shortest election timeout");
    command.high = duration("the longest election timeout");
    if (command.low <= 0 || command.high < command.low) {
      error(&tokens_[1], "the election timeout range must be positive and increasing", "for example: election-timeout 150ms 300ms");
    }
  } else if (name == "heartbeat") {
    command.kind = Kind::Heartbeat;
    command.duration = duration("a heartbeat interval");
    if (command.duration <= 0) error(&tokens_[1], "the heartbeat interval must be longer than zero");
  } else if (name == "latency") {
    command.kind = Kind::Latency;
    command.low = duration("the shortest latency");
    command.high = at_end() ? command.low : duration("the longest latency");
    if (command.high < command.low) error(&tokens_[2], "the longest latency is shorter than the shortest", "for example: latency 1ms 10ms");
  } else if (name == "loss" || name == "duplicate") {
    command.kind = name == "loss" ? Kind::Loss : Kind::Duplicate;
    command.ppm = percent();
  } else if (name == "run") {
    if (next_is("until")) {
      ++position_;
      command.kind = Kind::RunUntil;
      command.condition = condition(true);
      expect_word("within", "'run until' needs a time limit: run until leader within 2s");
      command.duration = duration("a time limit");
    } else {
      command.kind = Kind::Run;
      command.duration = duration("a duration to run for");
    }
  } else if (name == "step") {
    command.kind = Kind::Step;
    command.number = at_end() ? 1 : integer("a number of events", 1, 1'000'000'000);
  } else if (name == "crash" || name == "restart" || name == "isolate" || name == "campaign") {
    command.kind = name == "crash" ? Kind::Crash : name == "restart" ? Kind::Restart
                 : name == "isolate" ? Kind::Isolate : Kind::Campaign;
    command.nodes.push_back(node(name != "restart"));
  } else if (name == "partition") {
    command.kind = Kind::Partition;
    command.groups.emplace_back();
    std::vector<NodeRef> named;
    while (true) {
      const Token* at = peek();
      const NodeRef member = node();
      for (const NodeRef& earlier : named) {
        if (same_node(earlier, member)) error(at, "'" + at->text + "' is named twice", "each node belongs to one group");
      }
      named.push_back(member);
      command.groups.back().push_back(member);
      if (at_end()) break;
      const Token& separator = take("',' or '|'");
      if (separator.text == "|") {
        command.groups.emplace_back();
      } else if (separator.text != ",") {
        error(&separator, "expected ',' or '|' between nodes, found '" + separator.text + "'",
              "for example: partition n1,n2 | n3,n4,n5");
      }
    }
  } else if (name == "cut") {
    command.kind = Kind::Cut;
    command.nodes.push_back(node());
    expect_word("->", "a cut is one-way: cut n1 -> n2");
    const Token* to = peek();
    command.nodes.push_back(node());
    if (same_node(command.nodes[0], command.nodes[1])) error(to, "a node cannot be cut off from itself", "name two different nodes");
  } else if (name == "heal") {
    command.kind = Kind::Heal;
  } else if (name == "drop") {
    command.kind = Kind::DropNext;
    expect_word("next", "drop next [KIND] n1 -> n2");
    if (const Token* kind = peek(); kind && !kind->text.empty() && std::isupper(static_cast<unsigned char>(kind->text[0]))) {
      if (std::find(kMessageKinds.begin(), kMessageKinds.end(), kind->text) == kMessageKinds.end()) {
        error(kind, "unknown message kind '" + kind->text + "'", "one of: " + join(kMessageKinds));
      }
      command.value = kind->text;
      ++position_;
    }
    command.nodes.push_back(node());
    expect_word("->", "drop next [KIND] n1 -> n2");
    const Token* to = peek();
    command.nodes.push_back(node());
    if (same_node(command.nodes[0], command.nodes[1])) error(to, "a node sends no messages to itself", "name two different nodes");
  } else if (name == "write") {
    command.kind = Kind::Write;
    const Token& value = take("a value such as x=1");
    if (value.text.find('=') == std::string::npos || value.text.front() == '=') {
      error(&value, "expected key=value, found '" + value.text + "'", "for example: write x=1");
    }
    command.value = value.text;
    if (next_is("via")) {
      ++position_;
      command.via = node();
    }
  } else if (name == "stream") {
    command.kind = Kind::Stream;
    command.value = take("a key").text;
    const Token& rate = take("a rate such as 10/s", "for example: stream k 10/s for 5s");
    std::int64_t per_second = 0;
    if (rate.text.size() < 3 || rate.text.substr(rate.text.size() - 2) != "/s" ||
        !parse_scaled(rate.text.substr(0, rate.text.size() - 2), 0, per_second) || per_second < 1 || per_second > 10000) {
      error(&rate, "expected a rate such as 10/s, found '" + rate.text + "'", "from 1/s to 10000/s");
    }
    command.number = per_second;
    expect_word("for", "for example: stream k 10/s for 5s");
    const Token* length = peek();
    command.duration = duration("how long to write for");
    if (per_second * command.duration / raft::kSecond > 1'000'000) {
      error(length, "this stream would make more than 1000000 writes", "write less often, or for a shorter time");
    }
    if (next_is("via")) {
      ++position_;
      command.via = node();
    }
  } else if (name == "timeout") {
    command.kind = Kind::SetTimer;
    command.nodes.push_back(node());
    command.duration = duration("when the node's election timer fires");
  } else if (name == "timers") {
    const Token& how = take("'align' or 'spread'");
    if (how.text == "align") {
      command.kind = Kind::AlignTimers;
    } else if (how.text == "spread") {
      command.kind = Kind::SpreadTimers;
    } else {
      error(&how, "expected 'align' or 'spread', found '" + how.text + "'",
            "timers align: every timer fires at once (a split vote); timers spread: one node clearly first");
    }
  } else if (name == "say") {
    command.kind = Kind::Say;
    command.value = text();
  } else if (name == "mark") {
    command.kind = Kind::Mark;
  } else if (name == "expect") {
    command.kind = Kind::Expect;
    command.condition = condition(false);
  } else {
    const std::string suggestion = closest(name, kCommands);
    error(&word, "unknown command '" + name + "'",
          suggestion.empty() ? "commands are: " + join(kCommands) : "did you mean '" + suggestion + "'?");
  }
  expect_end();
  return command;
}

// ---- Lines and files --------------------------------------------------------------------

std::string hex_byte(char c) {
  const char* digits = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(c);
  return {digits[byte >> 4], digits[byte & 0xF]};
}

std::vector<Token> tokenize(const std::string& line, const SourceLocation& location) {
  std::vector<Token> tokens;
  std::size_t position = 0;
  while (position < line.size()) {
    const char c = line[position];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++position;
    } else if (c == '#') {
      break;
    } else if (c == '"') {
      Token token{"", static_cast<int>(position) + 1, true};
      ++position;
      bool closed = false;
      while (position < line.size()) {
        if (line[position] == '\\' && position + 1 < line.size() &&
            (line[position + 1] == '"' || line[position + 1] == '\\')) {
          token.text += line[position + 1];  // \" and \\ are the only escapes
          position += 2;
        } else if (line[position] == '"') {
          closed = true;
          ++position;
          break;
        } else {
          token.text += line[position++];
        }
      }
      if (!closed) {
        SourceLocation where = location;
        where.column = token.column;
        throw ScenarioError(where, "this text has no closing double quote", "end the text with \"");
      }
      token.end = position;
      tokens.push_back(std::move(token));
    } else if (c == '|' || c == ',') {
      tokens.push_back(Token{std::string(1, c), static_cast<int>(position) + 1, false, position + 1});
      ++position;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // Outside quotes a scenario is plain ASCII; an invisible no-break space or a
      // typographic quote would otherwise give a baffling "unknown command".
      SourceLocation where = location;
      where.column = static_cast<int>(position) + 1;
      throw ScenarioError(where, "unexpected non-ASCII character (byte 0x" + hex_byte(c) + ")",
                          "outside double quotes use plain ASCII letters, digits, spaces and tabs");
    } else {
      Token token{"", static_cast<int>(position) + 1, false};
      while (position < line.size() && line[position] != ' ' && line[position] != '\t' && line[position] != '\r' &&
             line[position] != '|' && line[position] != ',' && line[position] != '"' && line[position] != '#' &&
             static_cast<unsigned char>(line[position]) < 0x80) {
        token.text += line[position++];
      }
      token.end = position;
      tokens.push_back(std::move(token));
    }
  }
  return tokens;
}

bool is_setup(Command::Kind kind) {
  using Kind = Command::Kind;
  return kind == Kind::Cluster || kind == Kind::Seed || kind == Kind::ElectionTimeout || kind == Kind::Heartbeat;
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& file_name) {
  Scenario scenario{file_name, {}};
  // A UTF-8 byte order mark, as some editors write, is not part of the first command.
  std::istringstream lines(text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text);
  std::string line;
  int line_number = 0;
  int cluster_size = 5;
  bool acted = false;
  bool marked = false;
  std::map<Command::Kind, int> setup_seen;
  while (std::getline(lines, line)) {
    ++line_number;
    SourceLocation location{file_name, line_number, 1};
    std::vector<Token> tokens = tokenize(line, location);
    if (tokens.empty()) continue;
    location.column = tokens[0].column;
    if (tokens[0].quoted) throw ScenarioError(location, "expected a command, found text in quotes", "say \"...\" shows narration");
    Command command;
    command.location = location;
    // The command as written: from its first token to its last, without a comment or
    // trailing blanks (a '#' inside quotes is text, not a comment).
    const std::size_t first = static_cast<std::size_t>(tokens.front().column - 1);
    command.text = line.substr(first, tokens.back().end - first);
    command = LineParser(tokens, location, cluster_size).parse(std::move(command));
    if (command.kind == Command::Kind::Mark) marked = true;
    const bool spans = command.condition.kind == Condition::Kind::Stable || command.condition.kind == Condition::Kind::Messages;
    if (command.kind == Command::Kind::Expect && spans && command.condition.span == 0 && !marked) {
      throw ScenarioError(location, "'since mark' with no 'mark' before it", "put a line 'mark' where the span begins");
    }
    if (is_setup(command.kind)) {
      if (acted) {
        throw ScenarioError(location, "'" + tokens[0].text + "' configures the cluster and must come before the first action",
                            "move it to the top of the file");
      }
      if (setup_seen[command.kind]++ > 0) {
        throw ScenarioError(location, "'" + tokens[0].text + "' is given twice", "keep only one");
      }
      if (command.kind == Command::Kind::Cluster) cluster_size = static_cast<int>(command.number);
    } else if (command.kind != Command::Kind::Say && command.kind != Command::Kind::Mark) {
      acted = true;  // narration and marks may come first: they change nothing
    }
    scenario.commands.push_back(std::move(command));
  }
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ScenarioError(SourceLocation{path, 0, 0}, "this is a folder, not a scenario file",
                        "name a .scenario file (raftsim check runs every file in a folder)");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ScenarioError(SourceLocation{path, 0, 0}, "cannot open the scenario file", "check the path");
  std::ostringstream contents;
  contents << file.rdbuf();
  const std::string text = contents.str();
  if (text.find('\0') != std::string::npos) {
    throw ScenarioError(SourceLocation{path, 1, 1}, "this is not a text file", "a scenario is a text file of commands");
  }
  Scenario scenario = parse_scenario(text, path);
  // An empty file (or one of comments only) is almost surely the wrong file; running
  // it would "pass" having checked nothing.
  if (scenario.commands.empty()) {
    throw ScenarioError(SourceLocation{path, 1, 1}, "this file has no commands",
                        "a scenario is a text file of commands, one a line: see docs/scenarios.md");
  }
  return scenario;
}

std::string format_error(const ScenarioError& error) {
  std::ostringstream out;
  out << error.location.file;
  if (error.location.line > 0) out << ':' << error.location.line << ':' << error.location.column;
  out << ": error: " << error.what();
  if (!error.hint.empty()) out << "\n  hint: " << error.hint;
  return out.str();
}

bool compare(std::int64_t actual, Comparison comparison, std::int64_t expected) {
  switch (comparison) {
    case Comparison::Equal: return actual == expected;
    case Comparison::AtLeast: return actual >= expected;
    case Comparison::AtMost: return actual <= expected;
    case Comparison::Greater: return actual > expected;
    case Comparison::Less: return actual < expected;
  }
  return false;
}

const char* comparison_symbol(Comparison comparison) {
  switch (comparison) {
    case Comparison::Equal: return "==";
    case Comparison::AtLeast: return ">=";
    case Comparison::AtMost: return "<=";
    case Comparison::Greater: return ">";
    case Comparison::Less: return "<";
  }
  return "?";
}

std::string format_duration(Time time) {
  const bool negative = time < 0;
  const std::uint64_t value = negative ? static_cast<std::uint64_t>(-time) : static_cast<std::uint64_t>(time);
  auto with_unit = [](std::uint64_t whole, std::uint64_t fraction, int digits, const char* unit) {
    std::string text = std::to_string(whole);
    if (fraction != 0) {
      std::string decimals = std::to_string(fraction);
      decimals.insert(0, static_cast<std::size_t>(digits) - decimals.size(), '0');
      while (decimals.back() == '0') decimals.pop_back();
      text += "." + decimals;
    }
    return text + unit;
  };
  std::string text;
  if (value >= 1'000'000) {
    text = with_unit(value / 1'000'000, value % 1'000'000, 6, "s");
  } else if (value >= 1000) {
    text = with_unit(value / 1000, value % 1000, 3, "ms");
  } else {
    text = std::to_string(value) + "us";
  }
  return negative ? "-" + text : text;
}

}  // namespace sim
