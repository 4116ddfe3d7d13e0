// The scenario language (docs/scenarios.md): one command per line, `#` starts a
// comment, words separated by spaces, text in double quotes.
#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "sim/limits.h"
#include "sim/safe_text.h"
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
    // An edit distance is at least the difference in length: skip far ones unmeasured.
    const std::size_t length_gap = word.size() > choice.size() ? word.size() - choice.size() : choice.size() - word.size();
    if (length_gap >= best_distance) continue;
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
    "write",   "stream", "campaign",        "timeout",   "timers",  "say",   "mark",      "expect",
    "bug"};

const std::vector<std::string> kConditions = {"leader", "no-leader", "committed", "not-committed", "stored", "not",
                                              "logs-agree", "stable", "messages", "term"};

const std::vector<std::string> kMessageKinds = {"RequestVote", "VoteGranted", "VoteDenied",
                                                "AppendEntries", "Heartbeat", "AppendEntriesReply",
                                                "AppendEntriesReject"};

// What parse_scaled found: a number, something that is not one, or a number too large
// to hold (which is reported as too large, not as "expected a number").
enum class Scaled : std::uint8_t { Number, NotNumber, TooLarge };

// Reads a decimal number with at most `max_decimals` digits after the point, scaled by
// 10^max_decimals, exactly (no floating point).
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

// A token echoed in a message: quoted, escaped and shortened.
std::string shown(const std::string& text) { return "'" + echo(text) + "'"; }

// `key=value`: one '=', a key before it (the value may be empty).
bool is_key_value(const std::string& text) {
  const std::size_t equals = text.find('=');
  return equals != std::string::npos && equals > 0 && text.find('=', equals + 1) == std::string::npos;
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
    // Every error has a hint: the specific one, or where the command's form is written.
    throw ScenarioError(where, message, hint.empty() ? "see '" + tokens_[0].text + "' in docs/scenarios.md" : hint);
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
    if (token.text != word || token.quoted) error(&token, "expected '" + word + "', found " + shown(token.text), hint);
  }
  void expect_end() {
    if (!at_end()) error(peek(), "unexpected " + shown(peek()->text) + " after the end of the command",
                         "remove it, or put a '#' before it to make it a comment");
  }

  Time duration(const std::string& what = "a duration");
  static bool same_node(const NodeRef& a, const NodeRef& b) { return a.leader == b.leader && a.id == b.id; }
  std::int64_t integer(const std::string& what, std::int64_t minimum, std::int64_t maximum);
  std::uint64_t seed();
  std::string key_value(const std::string& what);
  std::uint32_t percent();
  NodeRef node(bool allow_leader = true);
  raft::Bug bug();
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

// A bug's name (core/bugs.h), as `raftsim bugs` lists them.
raft::Bug LineParser::bug() {
  const Token& token = take("a bug's name", "'raftsim bugs' lists them; for example: bug vote-twice on n2");
  if (const auto bug = raft::bug_named(token.text); bug && !token.quoted) return *bug;
  std::vector<std::string> names;
  for (const raft::BugInfo& info : raft::kBugs) names.emplace_back(info.name);
  const std::string suggestion = closest(token.text, names);
  error(&token, "unknown bug " + shown(token.text),
        suggestion.empty() ? "'raftsim bugs' lists them" : "did you mean '" + suggestion + "'? ('raftsim bugs' lists them)");
}

NodeRef LineParser::node(bool allow_leader) {
  const std::string range = "this cluster has nodes n1..n" + std::to_string(cluster_size_);
  const std::string hint = allow_leader ? "name a node as n1, n2, ... or write 'leader'" : "name a node as n1, n2, ...";
  const Token& token = take("a node", hint);
  if (token.text == "leader" && allow_leader) return NodeRef{0, true};
  std::int64_t number = 0;
  if (token.text.size() < 2 || token.text[0] != 'n' || !is_number(token.text.substr(1), 0, number) ||
      token.text.find('.') != std::string::npos) {
    error(&token, "expected a node, found " + shown(token.text), hint);
  }
  if (token.text.size() > 2 && token.text[1] == '0') {
    error(&token, "a node's number has no leading zero, found " + shown(token.text), "write n" + std::to_string(number));
  }
  if (number < 1 || number > cluster_size_) error(&token, "there is no node " + echo(token.text), range);
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
    error(token, "unknown comparison " + shown(token->text), "use ==, >=, <=, > or <");
  }
  if (required) {
    error(peek(), "expected a comparison (==, >=, <=, >, <)" +
                      (peek() ? ", found " + shown(peek()->text) : std::string()),
          "for example: expect messages <= 12 for 1s");
  }
  return Comparison::Equal;
}

raft::Role LineParser::role() {
  const Token& token = take("a role", "follower, candidate or leader");
  if (token.text == "follower") return raft::Role::Follower;
  if (token.text == "candidate") return raft::Role::Candidate;
  if (token.text == "leader") return raft::Role::Leader;
  error(&token, "expected a role, found " + shown(token.text), "follower, candidate or leader");
}

std::string LineParser::text() {
  const Token& token = take("text in double quotes", "for example: say \"n1 wins the election\"");
  if (!token.quoted) error(&token, "expected text in double quotes, found " + shown(token.text),
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
      if (spanned.span <= 0) error(&word, "the span must be longer than zero", "for example: expect " + what + " ... for 2s");
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
    condition.value = key_value(what);
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
      error(&property, "expected 'role' or 'term' after the node, found " + shown(property.text),
            "for example: expect n1 role leader, expect n2 term >= 3");
    }
  } else {
    const std::string suggestion = closest(what, kConditions);
    error(&word, "unknown condition " + shown(what),
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
    command.seed = seed();
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
    if (command.duration <= 0) {
      error(&tokens_[1], "the heartbeat interval must be longer than zero",
            "a leader sends heartbeats a fraction of the election timeout apart, for example: heartbeat 50ms");
    }
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
        error(&separator, "expected ',' or '|' between nodes, found " + shown(separator.text),
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
        error(kind, "unknown message kind " + shown(kind->text), "one of: " + join(kMessageKinds));
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
    command.value = key_value("write");
    if (next_is("via")) {
      ++position_;
      command.via = node();
    }
  } else if (name == "stream") {
    command.kind = Kind::Stream;
    const Token& key = take("a key", "for example: stream k 10/s for 5s");
    if (key.quoted || key.text.find('=') != std::string::npos) {
      error(&key, "expected a key without '=', found " + shown(key.text), "the stream writes k=1, k=2, ...: stream k 10/s for 5s");
    }
    command.value = key.text;
    const Token& rate = take("a rate such as 10/s", "for example: stream k 10/s for 5s");
    std::int64_t per_second = 0;
    if (rate.text.size() < 3 || rate.text.substr(rate.text.size() - 2) != "/s" ||
        !is_number(rate.text.substr(0, rate.text.size() - 2), 0, per_second) || per_second < 1 || per_second > 10000) {
      error(&rate, "expected a rate such as 10/s, found " + shown(rate.text), "from 1/s to 10000/s");
    }
    command.number = per_second;
    expect_word("for", "for example: stream k 10/s for 5s");
    const Token* length = peek();
    command.duration = duration("how long to write for");
    if (per_second * command.duration / raft::kSecond > max_writes(cluster_size_)) {
      error(length, "this stream would make more client writes than the limit of " +
                        std::to_string(max_writes(cluster_size_)) + " for " + std::to_string(cluster_size_) + " nodes",
            "write less often, or for a shorter time (the limit is " + std::to_string(kMaxLogEntries) +
                " log entries in all, writes times nodes)");
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
      error(&how, "expected 'align' or 'spread', found " + shown(how.text),
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
  } else if (name == "bug") {
    command.kind = Kind::Bug;
    command.bug = bug();
    if (next_is("on")) {
      ++position_;
      command.nodes.push_back(node(false));
    }
  } else {
    const std::string suggestion = closest(name, kCommands);
    error(&word, "unknown command " + shown(name),
          suggestion.empty() ? "commands are: " + join(kCommands) : "did you mean '" + suggestion + "'?");
  }
  expect_end();
  return command;
}

// ---- Lines and files --------------------------------------------------------------------

[[noreturn]] void error_at(const SourceLocation& location, std::size_t position, const std::string& message,
                           const std::string& hint) {
  SourceLocation where = location;
  where.column = static_cast<int>(position) + 1;
  throw ScenarioError(where, message, hint);
}

bool is_control(unsigned char byte) { return (byte < 0x20 && byte != '\t') || byte == 0x7F; }

// Bytes no scenario line holds: control characters (which would reach the terminal
// raw), a carriage return that does not end the line (CR-only line endings), and, in
// quoted text, bytes that are not UTF-8 (which no terminal or JSON reader could show).
void check_byte(const std::string& line, std::size_t position, bool quoted, const SourceLocation& location) {
  const auto byte = static_cast<unsigned char>(line[position]);
  if (byte == '\r' && position + 1 == line.size()) return;  // CRLF line endings
  if (byte == '\r') {
    error_at(location, position, "a carriage return in the middle of a line",
             "this file seems to have CR-only (classic Mac) line endings: save it with LF (Unix) or CRLF line endings");
  }
  if (is_control(byte)) {
    error_at(location, position, "unexpected control character (byte 0x" + hex_byte(byte) + ")",
             "remove it: a scenario holds printable text only (tabs may separate words)");
  }
  if (quoted && byte >= 0x80 && utf8_sequence_length(line, position) == 0) {
    error_at(location, position, "this text is not valid UTF-8 (byte 0x" + hex_byte(byte) + ")",
             "save the file as UTF-8 (it may be in Latin-1 or another legacy encoding)");
  }
}

std::vector<Token> tokenize(const std::string& line, const SourceLocation& location) {
  if (line.size() > kMaxLineBytes) {
    error_at(location, kMaxLineBytes, "this line is longer than the limit of " + std::to_string(kMaxLineBytes) + " bytes",
             "split it over several lines; a long narration can be several 'say' lines");
  }
  std::vector<Token> tokens;
  std::size_t position = 0;
  auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (position < line.size()) {
    const char c = line[position];
    if (c == '#') break;  // a comment may hold anything printable or not
    check_byte(line, position, false, location);
    if (is_blank(c)) {
      ++position;
    } else if (c == '"') {
      Token token{"", static_cast<int>(position) + 1, true};
      ++position;
      bool closed = false;
      while (position < line.size()) {
        check_byte(line, position, true, location);
        if (line[position] == '\\' && position + 1 < line.size() &&
            (line[position + 1] == '"' || line[position + 1] == '\\')) {
          token.text += line[position + 1];  // \" and \\ are the only escapes
          position += 2;
        } else if (line[position] == '"') {
          closed = true;
          ++position;
          break;
        } else {
          // A whole UTF-8 character at once (check_byte has validated its first byte).
          const std::size_t length = std::max<std::size_t>(1, utf8_sequence_length(line, position));
          token.text.append(line, position, length);
          position += length;
        }
      }
      if (!closed) error_at(location, static_cast<std::size_t>(token.column - 1), "this text has no closing double quote", "end the text with \"");
      token.end = position;
      tokens.push_back(std::move(token));
    } else if (c == '|' || c == ',') {
      tokens.push_back(Token{std::string(1, c), static_cast<int>(position) + 1, false, position + 1});
      ++position;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // Outside quotes a scenario is plain ASCII; an invisible no-break space or a
      // typographic quote would otherwise give a baffling "unknown command".
      error_at(location, position, "unexpected non-ASCII character (byte 0x" + hex_byte(static_cast<unsigned char>(c)) + ")",
               "outside double quotes use plain ASCII letters, digits, spaces and tabs");
    } else {
      Token token{"", static_cast<int>(position) + 1, false};
      while (position < line.size() && !is_blank(line[position]) && line[position] != '|' && line[position] != ',' &&
             line[position] != '"' && line[position] != '#' && static_cast<unsigned char>(line[position]) < 0x80) {
        check_byte(line, position, false, location);
        token.text += line[position++];
      }
      if (token.text.size() > kMaxWordBytes) {
        error_at(location, static_cast<std::size_t>(token.column - 1),
                 "this word is " + std::to_string(token.text.size()) + " bytes long, more than the limit of " +
                     std::to_string(kMaxWordBytes),
                 "commands, values and keys are short words: " + echo(token.text, 20));
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
  if (text.size() > kMaxScenarioBytes) {
    throw ScenarioError(SourceLocation{file_name, 1, 1}, "this scenario is larger than the limit of " +
                                                         std::to_string(kMaxScenarioBytes) + " bytes (1 MiB)",
                        "a scenario is a short script: use 'stream' for long workloads and 'run' for long spans");
  }
  // A UTF-8 byte order mark, as some editors write, is not part of the first command.
  std::istringstream lines(text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text);
  std::string line;
  int line_number = 0;
  int cluster_size = 5;
  bool acted = false;
  bool marked = false;
  std::map<Command::Kind, int> setup_seen;
  std::int64_t writes_scheduled = 0;  // by `write` and `stream`, against kMaxScheduledWrites
  while (std::getline(lines, line)) {
    ++line_number;
    SourceLocation location{file_name, line_number, 1};
    if (const std::size_t cr = line.find('\r'); cr != std::string::npos && cr + 1 != line.size()) {
      // Checked before comments are cut off: with CR-only line endings the whole file is
      // one line, and a comment on its first line would hide every command after it.
      error_at(location, cr, "a carriage return in the middle of a line",
               "this file seems to have CR-only (classic Mac) line endings: save it with LF (Unix) or CRLF line endings");
    }
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
    if (command.kind == Command::Kind::Write || command.kind == Command::Kind::Stream) {
      writes_scheduled += command.kind == Command::Kind::Write ? 1 : command.number * command.duration / raft::kSecond;
      if (writes_scheduled > max_writes(cluster_size)) {
        throw ScenarioError(location, "with this line the scenario makes more client writes than the limit of " +
                                          std::to_string(max_writes(cluster_size)) + " for " +
                                          std::to_string(cluster_size) + " nodes (all writes and streams together)",
                            "write less often, or for a shorter time (the limit is " + std::to_string(kMaxLogEntries) +
                                " log entries in all, writes times nodes)");
      }
    }
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

std::string format_error(const ScenarioError& error) {
  std::ostringstream out;
  out << printable(error.location.file);
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
