// Node expressions (docs/scenarios.md, "Node expressions"): `nK`, a name bound by
// `as NAME`, `leader`, `random`, `random follower`, `random crashed`, `random up`;
// each may be followed by `as NAME`. Names are bound once in a file and used after.
#include <algorithm>
#include <cctype>

#include "sim/io/safe_text.h"
#include "sim/scenario/scenario_line.h"

namespace sim::scenario_detail {

namespace {

const char* kNodeHint = "a node is n1, n2, ..., a name bound with 'as', 'leader', or random [follower|crashed|up|leader]";

bool is_name(const std::string& text) {
  if (text.empty() || !std::isupper(static_cast<unsigned char>(text[0]))) return false;
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

bool LineParser::node_next(bool leader_allowed) const {
  const Token* token = peek();
  if (!token || token->quoted || token->text.empty()) return false;
  const std::string& text = token->text;
  if (text == "leader") return leader_allowed;
  if (text == "random") return true;
  if (text.size() > 1 && text[0] == 'n' && std::isdigit(static_cast<unsigned char>(text[1]))) return true;
  return is_name(text);
}

bool LineParser::same_node(const NodeRef& a, const NodeRef& b) {
  // Two random picks in one command never pick the same node (see resolve in player.cpp).
  if (a.is_random() || b.is_random()) return false;
  return a.kind == b.kind && a.id == b.id && a.name == b.name;
}

NodeRef LineParser::node(NodeRules rules) {
  const std::string range = "this cluster has nodes n1..n" + std::to_string(cluster_size());
  const Token& token = take("a node", kNodeHint);
  const std::string& text = token.text;
  NodeRef ref;
  if (text == "leader" && rules.leader) {
    ref.kind = NodeRef::Kind::Leader;
  } else if (text == "random" && !token.quoted) {
    if (rules.in_condition) {
      error(&token, "a condition cannot name a random node: it is checked again and again",
            "bind the node first, as in 'crash random up as Gone', then 'expect Gone term >= 2'");
    }
    ref.kind = accept("follower") ? NodeRef::Kind::RandomFollower
             : accept("crashed")  ? NodeRef::Kind::RandomCrashed
             : accept("up")       ? NodeRef::Kind::RandomUp
             : accept("leader")   ? NodeRef::Kind::RandomLeader
                                  : NodeRef::Kind::Random;
  } else if (is_name(text) && !token.quoted) {
    const auto& names = file().names;
    const auto found = std::find(names.begin(), names.end(), text);
    if (found == names.end()) {
      const std::string suggestion = closest(text, names);
      error(&token, "the name " + shown(text) + " is not bound here",
            suggestion.empty() ? "bind it earlier in the file with 'as', as in 'crash leader as " + echo(text, 20) + "'"
                               : "did you mean '" + suggestion + "'?");
    }
    ref.kind = NodeRef::Kind::Named;
    ref.name = static_cast<int>(found - names.begin());
  } else {
    std::int64_t number = 0;
    const std::string hint = rules.leader ? kNodeHint : "name a node as n1, n2, ... or by a name bound with 'as'";
    if (token.quoted || text.size() < 2 || text[0] != 'n' || !is_number(text.substr(1), 0, number) ||
        text.find('.') != std::string::npos) {
      error(&token, "expected a node, found " + shown(text), hint);
    }
    if (text.size() > 2 && text[1] == '0') {
      error(&token, "a node's number has no leading zero, found " + shown(text), "write n" + std::to_string(number));
    }
    if (number < 1 || number > cluster_size()) error(&token, "there is no node " + echo(text), range);
    ref.id = static_cast<NodeId>(number);
  }
  if (next_is("as")) {
    if (rules.in_condition) error(peek(), "a condition binds no name", "bind names in commands: crash leader as Old");
    ++position_;
    ref.bind = bind_name();
  }
  return ref;
}

int LineParser::bind_name() {
  const std::string hint = "a name starts with an upper-case letter, then letters, digits, '-' or '_': crash leader as Old";
  const Token& token = take("a name", hint);
  if (token.quoted || !is_name(token.text)) error(&token, "expected a name, found " + shown(token.text), hint);
  if (rpc_kind_number(token.text) >= 0) {
    error(&token, shown(token.text) + " is a message kind and cannot name a node", "choose another name");
  }
  auto& names = file().names;
  const auto found = std::find(names.begin(), names.end(), token.text);
  if (found != names.end()) {
    const int line = file().name_lines[static_cast<std::size_t>(found - names.begin())];
    error(&token, "the name " + shown(token.text) + " is already bound on line " + std::to_string(line),
          "a name is bound once in a file: choose another name");
  }
  names.push_back(token.text);
  file().name_lines.push_back(location_.line);
  return static_cast<int>(names.size()) - 1;
}

}  // namespace sim::scenario_detail

namespace sim {

std::string node_expression_text(const NodeRef& ref, const std::vector<std::string>& names) {
  using Kind = NodeRef::Kind;
  switch (ref.kind) {
    case Kind::Id: return "n" + std::to_string(ref.id);
    case Kind::Named: return ref.name >= 0 && ref.name < static_cast<int>(names.size()) ? names[ref.name] : "?";
    case Kind::Leader: return "leader";
    case Kind::Random: return "random";
    case Kind::RandomFollower: return "random follower";
    case Kind::RandomCrashed: return "random crashed";
    case Kind::RandomUp: return "random up";
    case Kind::RandomLeader: return "random leader";
  }
  return "?";
}

}  // namespace sim
