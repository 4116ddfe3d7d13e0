// The commands of the scenario language (docs/scenarios.md): one table row per command,
// naming its word, its form (for hints) and the small function that reads the rest of
// its line. Rules that span lines (setup first, blocks, names, limits) are in
// scenario_parser.cpp.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "core/bugs.h"
#include "sim/client/client.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario_line.h"

namespace sim::scenario_detail {

namespace {

using Kind = Command::Kind;

struct CommandRule {
  const char* word;
  const char* form;
  void (*parse)(LineParser& line, Command& command);
};

// ---- Setup ----

void cluster(LineParser& line, Command& command) {
  command.kind = Kind::Cluster;
  const Token* size = line.peek();
  command.number = line.integer("a cluster size", 1, kMaxNodes);
  // `spare M`: nodes that exist, up and empty, outside the configuration until added.
  if (line.accept("spare")) command.spares = line.integer("a number of spare nodes", 1, kMaxNodes - 1);
  if (command.number + command.spares > kMaxNodes) {
    line.error(size, "a cluster of " + std::to_string(command.number + command.spares) + " nodes is more than the limit of " +
                         std::to_string(kMaxNodes),
               "fewer members or fewer spares");
  }
}

void seed(LineParser& line, Command& command) {
  command.kind = Kind::Seed;
  command.seed = line.seed();
}

void election_timeout(LineParser& line, Command& command) {
  command.kind = Kind::ElectionTimeout;
  const Token* first = line.peek();
  command.low = line.duration("the shortest election timeout");
  command.high = line.duration("the longest election timeout");
  if (command.low <= 0 || command.high < command.low) {
    line.error(first, "the election timeout range must be positive and increasing", "for example: election-timeout 150ms 300ms");
  }
}

void heartbeat(LineParser& line, Command& command) {
  command.kind = Kind::Heartbeat;
  const Token* first = line.peek();
  command.duration = line.duration("a heartbeat interval");
  if (command.duration <= 0) {
    line.error(first, "the heartbeat interval must be longer than zero",
               "a leader sends heartbeats a fraction of the election timeout apart, for example: heartbeat 50ms");
  }
}

// noop on|off, prevote on|off, check-quorum on|off: the core's options beyond Figure 2.
void option(LineParser& line, Command& command) {
  command.kind = Kind::Option;
  command.value = line.word().text;
  const Token& state = line.take("on or off", "for example: " + command.value + " off");
  if (state.text != "on" && state.text != "off") {
    line.error(&state, "expected on or off, found " + shown(state.text), "for example: " + command.value + " off");
  }
  command.number = state.text == "on" ? 1 : 0;
}

// ---- Network and client settings ----

// `A -> B` into command.nodes.
void link(LineParser& line, Command& command, const std::string& form, const char* same_node_message) {
  command.nodes.push_back(line.node());
  line.expect_word("->", form);
  const Token* to = line.peek();
  command.nodes.push_back(line.node());
  if (LineParser::same_node(command.nodes[0], command.nodes[1])) line.error(to, same_node_message, "name two different nodes");
}

// latency MIN [MAX], or latency A -> B MIN [MAX] for one direction of one link.
void latency(LineParser& line, Command& command) {
  command.kind = Kind::Latency;
  if (line.node_next()) {
    command.kind = Kind::LinkLatency;
    link(line, command, "latency n1 -> n2 1s 2s", "a node sends no messages to itself");
  }
  command.low = line.duration("the shortest latency");
  const Token* longest = line.peek();
  command.high = line.at_end() ? command.low : line.duration("the longest latency");
  if (command.high < command.low) {
    line.error(longest, "the longest latency is shorter than the shortest", "for example: latency 1ms 10ms");
  }
}

void loss(LineParser& line, Command& command) {
  command.kind = Kind::Loss;
  command.ppm = line.percent();
}

void duplicate(LineParser& line, Command& command) {
  command.kind = Kind::Duplicate;
  command.ppm = line.percent();
}

void client(LineParser& line, Command& command) {
  command.kind = Kind::ClientGiveUp;
  line.expect_word("give-up", "client give-up D: how long the client tries a write before giving up, as in client give-up 10s");
  const Token* at = line.peek();
  command.duration = line.duration("how long the client tries a write");
  if (command.duration <= 0) line.error(at, "the give-up time must be longer than zero", "for example: client give-up 10s");
}

// clients N
void clients(LineParser& line, Command& command) {
  command.kind = Kind::Clients;
  command.client = static_cast<std::uint32_t>(line.integer("a number of clients", 1, kMaxClients));
}

// ---- Time ----

// run D, run between MIN MAX, run until COND within D [since mark]
void run(LineParser& line, Command& command) {
  if (line.accept("until")) {
    command.kind = Kind::RunUntil;
    command.condition = line.condition(true);
    line.expect_word("within", "'run until' needs a time limit: run until leader within 2s");
    command.duration = line.duration("a time limit");
    if (line.accept("since")) {
      line.expect_word("mark", "'within D since mark' counts D from the last 'mark'");
      if (!line.file().marked) line.error(nullptr, "'since mark' with no 'mark' before it", "put a line 'mark' where the deadline's span begins");
      command.since_mark = true;
    }
  } else if (line.accept("between")) {
    command.kind = Kind::RunBetween;
    command.low = line.duration("the shortest time to run");
    const Token* longest = line.peek();
    command.high = line.duration("the longest time to run");
    if (command.high < command.low) line.error(longest, "the longest time is shorter than the shortest", "for example: run between 10ms 200ms");
  } else {
    command.kind = Kind::Run;
    command.duration = line.duration("a duration to run for");
  }
}

void step(LineParser& line, Command& command) {
  command.kind = Kind::Step;
  command.number = line.at_end() ? 1 : line.integer("a number of events", 1, 1'000'000'000);
}

// ---- Faults ----

void crash(LineParser& line, Command& command) {
  command.kind = Kind::Crash;
  command.nodes.push_back(line.node());
}

// restart NODE, or restart all
void restart(LineParser& line, Command& command) {
  command.kind = Kind::Restart;
  if (line.accept("all")) {
    command.kind = Kind::RestartAll;
  } else {
    command.nodes.push_back(line.node({.leader = false}));
  }
}

void isolate(LineParser& line, Command& command) {
  command.kind = Kind::Isolate;
  command.nodes.push_back(line.node());
}

void connect(LineParser& line, Command& command) {
  command.kind = Kind::Connect;
  command.nodes.push_back(line.node());
}

void partition(LineParser& line, Command& command) {
  command.kind = Kind::Partition;
  command.groups.emplace_back();
  std::vector<NodeRef> named;
  while (true) {
    const Token* at = line.peek();
    const NodeRef member = line.node();
    for (const NodeRef& earlier : named) {
      if (LineParser::same_node(earlier, member)) line.error(at, "'" + at->text + "' is named twice", "each node belongs to one group");
    }
    named.push_back(member);
    command.groups.back().push_back(member);
    if (line.at_end()) break;
    const Token& separator = line.take("',' or '|'");
    if (separator.text == "|") {
      command.groups.emplace_back();
    } else if (separator.text != ",") {
      line.error(&separator, "expected ',' or '|' between nodes, found " + shown(separator.text),
                 "for example: partition n1,n2 | n3,n4,n5");
    }
  }
}

void cut(LineParser& line, Command& command) {
  command.kind = Kind::Cut;
  link(line, command, "a cut is one-way: cut n1 -> n2", "a node cannot be cut off from itself");
}

void heal(LineParser&, Command& command) { command.kind = Kind::Heal; }

// drop next [KIND] A -> B
void drop(LineParser& line, Command& command) {
  command.kind = Kind::DropNext;
  line.expect_word("next", "drop next [KIND] n1 -> n2");
  const Token* kind = line.peek();
  // A word with a capital is a message kind, unless it is a bound name (no name is a kind).
  const bool capital = kind && !kind->text.empty() && std::isupper(static_cast<unsigned char>(kind->text[0]));
  const auto& names = line.file().names;
  if (capital && std::find(names.begin(), names.end(), kind->text) == names.end()) {
    command.value = rpc_kind_names()[static_cast<std::size_t>(line.message_kind())];
  }
  link(line, command, "drop next [KIND] n1 -> n2", "a node sends no messages to itself");
}

// ---- Client and teaching actions ----

// write K=V [via NODE] [by client N] [until committed [on all | on K] [within D]]
void write(LineParser& line, Command& command) {
  command.kind = Kind::Write;
  command.value = line.key_value("write");
  if (line.accept("via")) command.via = line.node();
  if (line.accept("by")) {
    line.expect_word("client", "write x=1 by client 2: which client makes the write (see clients N)");
    command.client = static_cast<std::uint32_t>(line.integer("a client number", 1, kMaxClients));
  }
  if (!line.accept("until")) return;
  line.expect_word("committed", "write x=1 until committed: the client resubmits the write until it is committed");
  command.until_committed = true;
  const Token* on = line.peek();
  Condition& agreed = command.condition;
  agreed.kind = Condition::Kind::Committed;
  agreed.value = command.value;
  if (line.accept("on") && !line.accept("all")) {
    agreed.on_all = false;
    agreed.count = line.integer("a number of nodes", 1, line.cluster_size());
  }
  if (line.accept("within")) {
    command.kind = Kind::WriteUntil;
    const Token* at = line.peek();
    command.duration = line.duration("a time limit");
    if (command.duration <= 0) line.error(at, "the time limit must be longer than zero", "for example: write x=1 until committed on 3 within 10s");
  } else if (on != nullptr && !line.at_end()) {
    line.expect_end();
  } else if (on != nullptr) {
    line.error(nullptr, "'until committed on ...' needs a time limit",
               "write x=1 until committed on 3 within 10s (or 'write x=1 until committed' alone)");
  }
}

// ---- Reads (dissertation 6.4) ----

ReadWay read_way(LineParser& line) {
  const std::string hint = "a read goes through the log, by ReadIndex or within the leader's lease: log, readindex or lease";
  const Token& word = line.take("log, readindex or lease", hint);
  const auto way = read_way_named(word.text);
  if (!way) line.error(&word, "expected log, readindex or lease, found " + shown(word.text), hint);
  return *way;
}

// read KEY [via NODE] [with log|readindex|lease]
void read(LineParser& line, Command& command) {
  command.kind = Kind::Read;
  const Token& key = line.take("a key", "for example: read x");
  if (key.quoted || key.text.find('=') != std::string::npos) {
    line.error(&key, "expected a key without '=', found " + shown(key.text), "a read names a key: read x");
  }
  command.value = key.text;
  if (line.accept("via")) command.via = line.node();
  if (line.accept("with")) command.read_way = read_way(line);
}

// reads log|readindex|lease: how reads go unless they say (setup).
void reads(LineParser& line, Command& command) {
  command.kind = Kind::Reads;
  command.read_way = read_way(line);
}

// max-drift PPM: the clock drift a leader's lease allows for (setup).
void max_drift(LineParser& line, Command& command) {
  command.kind = Kind::MaxDrift;
  command.number = line.integer("a drift bound in parts per million", 0, 500'000);
}

// drift NODE +PPM|-PPM: the node's clock runs this much fast or slow from now on.
void drift(LineParser& line, Command& command) {
  command.kind = Kind::Drift;
  command.nodes.push_back(line.node());
  const std::string hint = "a rate in parts per million, signed, for example: drift n1 +200000 (20% fast) or drift n1 -50000";
  const Token& rate = line.take("+PPM or -PPM", hint);
  const bool signed_rate = !rate.text.empty() && (rate.text[0] == '+' || rate.text[0] == '-');
  const std::string digits = signed_rate ? rate.text.substr(1) : "";
  std::int64_t ppm = 0;
  const bool ok = signed_rate && !digits.empty() && digits.size() <= 6 &&
                  std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (ok) ppm = std::stoll(digits);
  if (!ok || ppm > 500'000) line.error(&rate, "expected +PPM or -PPM up to 500000, found " + shown(rate.text), hint);
  command.number = rate.text[0] == '-' ? -ppm : ppm;
}

void stream(LineParser& line, Command& command) {
  command.kind = Kind::Stream;
  const Token& key = line.take("a key", "for example: stream k 10/s for 5s");
  if (key.quoted || key.text.find('=') != std::string::npos) {
    line.error(&key, "expected a key without '=', found " + shown(key.text), "the stream writes k=1, k=2, ...: stream k 10/s for 5s");
  }
  command.value = key.text;
  const Token& rate = line.take("a rate such as 10/s", "for example: stream k 10/s for 5s");
  std::int64_t per_second = 0;
  if (rate.text.size() < 3 || rate.text.substr(rate.text.size() - 2) != "/s" ||
      !is_number(rate.text.substr(0, rate.text.size() - 2), 0, per_second) || per_second < 1 || per_second > 10000) {
    line.error(&rate, "expected a rate such as 10/s, found " + shown(rate.text), "from 1/s to 10000/s");
  }
  command.number = per_second;
  line.expect_word("for", "for example: stream k 10/s for 5s");
  const Token* length = line.peek();
  command.duration = line.duration("how long to write for");
  const int nodes = line.cluster_size();
  if (per_second * command.duration / raft::kSecond > max_writes(nodes)) {
    line.error(length, "this stream would make more client writes than the limit of " + std::to_string(max_writes(nodes)) +
                           " for " + std::to_string(nodes) + " nodes",
               "write less often, or for a shorter time (the limit is " + std::to_string(kMaxLogEntries) +
                   " log entries in all, writes times nodes)");
  }
  if (line.accept("via")) command.via = line.node();
}

void campaign(LineParser& line, Command& command) {
  command.kind = Kind::Campaign;
  command.nodes.push_back(line.node());
}

// transfer NODE: the leader catches NODE up, then tells it to time out now (3.10).
void transfer(LineParser& line, Command& command) {
  command.kind = Kind::Transfer;
  command.nodes.push_back(line.node());
}

// add/promote/remove NODE: a membership change asked of the leader (dissertation 4.2).
void add_server(LineParser& line, Command& command) {
  command.kind = Kind::AddServer;
  command.nodes.push_back(line.node({.leader = false}));
}

void promote_server(LineParser& line, Command& command) {
  command.kind = Kind::PromoteServer;
  command.nodes.push_back(line.node({.leader = false}));
}

void remove_server(LineParser& line, Command& command) {
  command.kind = Kind::RemoveServer;
  command.nodes.push_back(line.node());
}

void timeout(LineParser& line, Command& command) {
  command.kind = Kind::SetTimer;
  command.nodes.push_back(line.node());
  command.duration = line.duration("when the node's election timer fires");
}

void timers(LineParser& line, Command& command) {
  const Token& how = line.take("'align' or 'spread'");
  if (how.text == "align") {
    command.kind = Kind::AlignTimers;
  } else if (how.text == "spread") {
    command.kind = Kind::SpreadTimers;
  } else {
    line.error(&how, "expected 'align' or 'spread', found " + shown(how.text),
               "timers align: every timer fires at once (a split vote); timers spread: one node clearly first");
  }
}

// ---- Narration, checks, blocks ----

void say(LineParser& line, Command& command) {
  command.kind = Kind::Say;
  command.value = line.text();
}

void mark(LineParser&, Command& command) { command.kind = Kind::Mark; }

// bug NAME [on NODE]: a classic mistake (core/bugs.h), for every node or for one.
void bug(LineParser& line, Command& command) {
  command.kind = Kind::Bug;
  const Token& token = line.take("a bug's name", "'raftsim bugs' lists them; for example: bug vote-twice on n2");
  const auto named = raft::bug_named(token.text);
  if (!named || token.quoted) {
    std::vector<std::string> names;
    for (const raft::BugInfo& info : raft::kBugs) names.emplace_back(info.name);
    const std::string suggestion = closest(token.text, names);
    line.error(&token, "unknown bug " + shown(token.text),
               suggestion.empty() ? "'raftsim bugs' lists them"
                                  : "did you mean '" + suggestion + "'? ('raftsim bugs' lists them)");
  }
  command.bug = *named;
  if (line.accept("on")) command.nodes.push_back(line.node({.leader = false}));
}

// ---- Log compaction ----

// snapshot-every N: each node snapshots once N applied entries follow its last snapshot.
void snapshot_every(LineParser& line, Command& command) {
  command.kind = Kind::SnapshotEvery;
  command.number = line.integer("a number of log entries (0: never)", 0, kMaxLogEntries);
}

// snapshot-chunk BYTES: the largest chunk of an InstallSnapshot (setup).
void snapshot_chunk(LineParser& line, Command& command) {
  command.kind = Kind::SnapshotChunk;
  command.number = line.integer("a chunk size in bytes", 1, 1 << 20);
}

void snapshot(LineParser& line, Command& command) {
  command.kind = Kind::Snapshot;
  command.nodes.push_back(line.node());
}

void expect(LineParser& line, Command& command) {
  command.kind = Kind::Expect;
  command.condition = line.condition(false);
}

// pick NODE as NAME: binds a name and does nothing else.
void pick(LineParser& line, Command& command) {
  command.kind = Kind::Pick;
  command.nodes.push_back(line.node());
  if (command.nodes[0].bind < 0) line.error(nullptr, "'pick' binds a name: say which", "for example: pick random as S");
}

void repeat(LineParser& line, Command& command) {
  command.kind = Kind::Repeat;
  command.number = line.integer("a number of times", 1, kMaxRepeat);
}

// if COND: the lines up to its `end` run only if COND holds when the `if` runs.
void if_block(LineParser& line, Command& command) {
  command.kind = Kind::If;
  const Token* at = line.peek();
  command.condition = line.condition(false);
  const Condition::Kind kind = command.condition.kind;
  if (kind == Condition::Kind::Stable || kind == Condition::Kind::Messages) {
    line.error(at, "'if' checks a moment, not a span", "for example: if up < 3, if chance 20%, if leader");
  }
}

void else_block(LineParser&, Command& command) { command.kind = Kind::Else; }

void end(LineParser&, Command& command) { command.kind = Kind::End; }

const CommandRule kRules[] = {
    {"cluster", "cluster N [spare M]", cluster},
    {"seed", "seed N", seed},
    {"election-timeout", "election-timeout MIN MAX", election_timeout},
    {"heartbeat", "heartbeat D", heartbeat},
    {"noop", "noop on|off", option},
    {"prevote", "prevote on|off", option},
    {"check-quorum", "check-quorum on|off", option},
    {"latency", "latency MIN [MAX], latency A -> B MIN [MAX]", latency},
    {"loss", "loss P%", loss},
    {"duplicate", "duplicate P%", duplicate},
    {"client", "client give-up D", client},
    {"clients", "clients N", clients},
    {"run", "run D, run between MIN MAX, run until COND within D [since mark]", run},
    {"step", "step [N]", step},
    {"crash", "crash NODE", crash},
    {"restart", "restart NODE, restart all", restart},
    {"partition", "partition G1 | G2 ...", partition},
    {"isolate", "isolate NODE", isolate},
    {"connect", "connect NODE", connect},
    {"cut", "cut A -> B", cut},
    {"heal", "heal", heal},
    {"drop", "drop next [KIND] A -> B", drop},
    {"write", "write K=V [via NODE] [by client N] [until committed [on all|on K] [within D]]", write},
    {"stream", "stream KEY R/s for D [via NODE]", stream},
    {"read", "read KEY [via NODE] [with log|readindex|lease]", read},
    {"reads", "reads log|readindex|lease", reads},
    {"max-drift", "max-drift PPM", max_drift},
    {"drift", "drift NODE +PPM|-PPM", drift},
    {"campaign", "campaign NODE", campaign},
    {"transfer", "transfer NODE", transfer},
    {"add", "add NODE", add_server},
    {"promote", "promote NODE", promote_server},
    {"remove", "remove NODE", remove_server},
    {"timeout", "timeout NODE D", timeout},
    {"timers", "timers align|spread", timers},
    {"say", "say \"TEXT\"", say},
    {"mark", "mark", mark},
    {"expect", "expect COND", expect},
    {"pick", "pick NODE as NAME", pick},
    {"bug", "bug NAME [on NODE]", bug},
    {"snapshot-every", "snapshot-every N", snapshot_every},
    {"snapshot-chunk", "snapshot-chunk BYTES", snapshot_chunk},
    {"snapshot", "snapshot NODE", snapshot},
    {"repeat", "repeat N", repeat},
    {"if", "if COND", if_block},
    {"else", "else", else_block},
    {"end", "end", end},
};

// Words people bring from other tools and test harnesses, and ours for them.
struct OtherToolsWord {
  std::string_view theirs, ours;
};
constexpr OtherToolsWord kOtherToolsWords[] = {
    {.theirs = "nodes", .ours = "cluster"},    {.theirs = "servers", .ours = "cluster"},
    {.theirs = "size", .ours = "cluster"},     {.theirs = "sleep", .ours = "run"},
    {.theirs = "wait", .ours = "run"},         {.theirs = "kill", .ours = "crash"},
    {.theirs = "stop", .ours = "crash"},       {.theirs = "start", .ours = "restart"},
    {.theirs = "put", .ours = "write"},        {.theirs = "set", .ours = "write"},
    {.theirs = "get", .ours = "read"},         {.theirs = "disconnect", .ours = "isolate"},
    {.theirs = "reconnect", .ours = "connect"}, {.theirs = "assert", .ours = "expect"},
};

}  // namespace

Command LineParser::parse(Command command) {
  const Token& name = word();
  for (const CommandRule& rule : kRules) {
    if (name.text == rule.word) {
      rule.parse(*this, command);
      expect_end();
      return command;
    }
  }
  std::vector<std::string> words;
  for (const CommandRule& rule : kRules) words.emplace_back(rule.word);
  std::string suggestion = closest(name.text, words);
  for (const OtherToolsWord& word : kOtherToolsWords) {
    if (name.text == word.theirs) suggestion = word.ours;
  }
  error(&name, "unknown command " + shown(name.text),
        suggestion.empty() ? "commands are: " + join(words) : "did you mean '" + suggestion + "'?");
}

}  // namespace sim::scenario_detail
