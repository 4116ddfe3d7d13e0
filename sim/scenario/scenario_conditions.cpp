// Conditions (docs/scenarios.md, "Conditions"): what `expect` checks and `run until`
// waits for. One table row per first word; a condition about one node starts with it.
#include <cctype>

#include "sim/scenario/scenario_line.h"

namespace sim::scenario_detail {

namespace {

using C = Condition::Kind;

constexpr std::int64_t kLargestCount = 1'000'000'000;

struct ConditionRule {
  const char* word;
  const char* form;  // as the hint lists it
  void (*parse)(LineParser& line, Condition& condition, const Token& word, bool waiting);
};

// `on all` or `on K` after a value.
void on_nodes(LineParser& line, Condition& condition) {
  if (!line.accept("on")) return;
  if (line.accept("all")) return;
  condition.on_all = false;
  condition.count = line.integer("a number of nodes", 1, line.cluster_size());
}

void leader(LineParser& line, Condition& condition, const Token&, bool waiting) {
  condition.kind = C::Leader;
  // `run until leader 2s` forgot its 'within': say so, rather than "expected a node".
  const bool duration_next = waiting && line.peek() && std::isdigit(static_cast<unsigned char>(line.peek()->text[0]));
  if (!line.at_end() && !line.next_is("within") && !duration_next) {
    condition.node = line.node({.leader = false, .in_condition = true});
  }
}

void no_leader(LineParser&, Condition& condition, const Token&, bool) { condition.kind = C::NoLeader; }

void leaders(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Leaders;
  condition.comparison = line.comparison(true, "for example: expect leaders <= 1");
  condition.count = line.integer("a number of leaders", 0, line.cluster_size());
}

void committed(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Committed;
  condition.value = line.key_value("committed");
  if (line.accept("at")) {
    condition.kind = C::CommittedAt;
    condition.index = line.integer("a log index", 1, kLargestCount);
  }
  on_nodes(line, condition);
}

void not_committed(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::NotCommitted;
  condition.value = line.key_value("not-committed");
}

void stored(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Stored;
  condition.value = line.key_value("stored");
  on_nodes(line, condition);
}

void logs_agree(LineParser&, Condition& condition, const Token&, bool) { condition.kind = C::LogsAgree; }

void terms_agree(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::TermsAgree;
  line.expect_word("agree", "terms agree: every live node is in the same term");
}

void stable(LineParser& line, Condition& condition, const Token& word, bool waiting) {
  condition.kind = C::Stable;
  line.span(condition, word, waiting);
}

// messages [sent|delivered] [KIND] [from NODE | to NODE] CMP N (for D | since mark)
void messages(LineParser& line, Condition& condition, const Token& word, bool waiting) {
  condition.kind = C::Messages;
  if (!line.accept("sent")) condition.delivered = line.accept("delivered");
  if (const Token* kind = line.peek(); kind && !kind->text.empty() && std::isupper(static_cast<unsigned char>(kind->text[0]))) {
    condition.message_kind = line.message_kind();
  }
  if (line.accept("from")) {
    condition.from = line.node({.leader = false, .in_condition = true});
  } else if (line.accept("to")) {
    condition.to = line.node({.leader = false, .in_condition = true});
  }
  condition.comparison = line.comparison(true);
  condition.count = line.integer("a message count", 0, kLargestCount);
  line.span(condition, word, waiting);
}

void up(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Up;
  condition.comparison = line.comparison(true, "for example: if up < 3");
  condition.count = line.integer("a number of nodes", 0, line.cluster_size());
}

void connected(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Connected;
  condition.comparison = line.comparison(true, "for example: if connected < 3");
  condition.count = line.integer("a number of nodes", 0, line.cluster_size());
}

// chance P%: a coin for `if`, drawn from the run's seed when the `if` runs.
void chance(LineParser& line, Condition& condition, const Token& word, bool) {
  if (line.word().text != "if") {
    line.error(&word, "'chance' draws a random number once, and goes with 'if' only", "for example: if chance 20%");
  }
  condition.kind = C::Chance;
  condition.count = line.percent();
}

void term(LineParser& line, Condition& condition, const Token&, bool) {
  condition.kind = C::Term;
  condition.comparison = line.comparison(false);
  condition.count = line.integer("a term", 0, kLargestCount);
}

// NODE role ROLE, NODE term [CMP] N, NODE commit CMP N
void about_node(LineParser& line, Condition& condition) {
  condition.node = line.node({.leader = false, .in_condition = true});
  const std::string hint = "for example: expect n1 role leader, expect n2 term >= 3, expect n3 commit >= 2, if n4 down, "
                           "expect n4 learner";
  const Token& property = line.take("'role', 'term', 'commit', 'up', 'down', 'voter', 'learner' or 'outside'", hint);
  if (property.text == "voter" || property.text == "learner" || property.text == "outside") {
    condition.kind = C::Member;  // in the cluster's configuration (dissertation 4.1)
    condition.count = property.text == "voter" ? 2 : property.text == "learner" ? 1 : 0;
  } else if (property.text == "up" || property.text == "down") {
    condition.kind = C::Up;
    condition.count = property.text == "up" ? 1 : 0;
  } else if (property.text == "role") {
    condition.kind = C::Role;
    condition.role = line.role();
  } else if (property.text == "term") {
    term(line, condition, property, false);
  } else if (property.text == "commit") {
    condition.kind = C::CommitIndex;
    condition.comparison = line.comparison(true, "for example: expect n1 commit >= 3");
    condition.count = line.integer("a log index", 0, kLargestCount);
  } else {
    line.error(&property, "expected 'role', 'term', 'commit', 'up', 'down', 'voter', 'learner' or 'outside' after the node, found " +
                              shown(property.text), hint);
  }
}

const ConditionRule kRules[] = {
    {"leader", "leader [NODE]", leader},
    {"no-leader", "no-leader", no_leader},
    {"leaders", "leaders OP N", leaders},
    {"committed", "committed VALUE [at I] [on all|on K]", committed},
    {"not-committed", "not-committed VALUE", not_committed},
    {"stored", "stored VALUE [on all|on K]", stored},
    {"logs-agree", "logs-agree", logs_agree},
    {"terms", "terms agree", terms_agree},
    {"stable", "stable for D", stable},
    {"messages", "messages [sent|delivered] [KIND] [from|to NODE] OP N for D", messages},
    {"term", "term [OP] N", term},
    {"up", "up OP N", up},
    {"connected", "connected OP N", connected},
    {"chance", "chance P% (if only)", chance},
};

std::string all_forms() {
  std::string forms = "one of: ";
  for (const ConditionRule& rule : kRules) forms += std::string(rule.form) + ", ";
  return forms + "NODE role ROLE, NODE term [OP] N, NODE commit OP N, NODE up, NODE down, NODE voter|learner|outside; "
                 "'not' before any of them";
}

}  // namespace

void LineParser::span(Condition& spanned, const Token& word, bool waiting) {
  const std::string& what = word.text;
  if (waiting) error(&word, "'" + what + "' describes a span of time and cannot be waited for",
                     "use it with expect: expect " + what + " ...");
  if (accept("since")) {
    expect_word("mark", "'since mark' counts from the last 'mark' command");
    spanned.span = 0;
  } else {
    expect_word("for", "give a span: '" + what + " ... for 2s', or 'since mark'");
    spanned.span = duration("a span");
    if (spanned.span <= 0) error(&word, "the span must be longer than zero", "for example: expect " + what + " ... for 2s");
  }
}

Condition LineParser::condition(bool waiting) {
  Condition condition;
  if (next_is("not")) {
    const Token& negation = take("not");
    Condition negated = this->condition(waiting);
    if (negated.negated) error(&negation, "'not not' says nothing", "remove both");
    if (negated.kind == C::Stable || negated.kind == C::Messages) {
      error(&negation, "'not' applies to conditions about a moment, not to spans", "expect the opposite span instead");
    }
    negated.negated = true;
    return negated;
  }
  if (node_next(false) && !next_is("leader")) {
    about_node(*this, condition);
    return condition;
  }
  const Token& word = take("a condition", all_forms());
  for (const ConditionRule& rule : kRules) {
    if (word.text == rule.word && !word.quoted) {
      rule.parse(*this, condition, word, waiting);
      return condition;
    }
  }
  std::vector<std::string> words = {"not"};
  for (const ConditionRule& rule : kRules) words.emplace_back(rule.word);
  const std::string suggestion = closest(word.text, words);
  error(&word, "unknown condition " + shown(word.text),
        suggestion.empty() ? all_forms() : "did you mean '" + suggestion + "'? " + all_forms());
}

}  // namespace sim::scenario_detail
