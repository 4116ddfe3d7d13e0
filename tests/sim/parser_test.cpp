// sim/scenario/scenario_parser.cpp: every command and condition of docs/scenarios.md parses to the
// right Command fields; every mistake is reported at its line and column, with a hint.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "helpers.h"
#include "sim/scenario/scenario.h"

using namespace simtest;
using sim::Command;
using sim::Comparison;
using sim::Condition;
using sim::ScenarioError;
using Kind = sim::Command::Kind;
using CKind = sim::Condition::Kind;

namespace {

// The last command of `text` (setup lines may come before it).
Command parse_one(const std::string& text) {
  const sim::Scenario parsed = sim::parse_scenario(text, "t.scenario");
  REQUIRE(!parsed.commands.empty());
  return parsed.commands.back();
}

Condition condition_of(const std::string& line) {
  const Command command = parse_one(line);
  return command.condition;
}

struct Error {
  int line = 0;
  int column = 0;
  std::string message;
  std::string hint;
  std::string formatted;
};

Error error_of(const std::string& text) {
  try {
    sim::parse_scenario(text, "bad.scenario");
  } catch (const ScenarioError& error) {
    return Error{error.location.line, error.location.column, error.what(), error.hint, sim::format_error(error)};
  }
  FAIL("no error for:\n" << text);
  return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Checks the position and that the message and hint say what they should.
void check_error(const std::string& text, int line, int column, const std::string& message_part,
                 const std::string& hint_part = "") {
  CAPTURE(text);
  const Error error = error_of(text);
  CHECK(error.line == line);
  CHECK(error.column == column);
  CHECK_MESSAGE(contains(error.message, message_part), "message: " << error.message);
  if (!hint_part.empty()) CHECK_MESSAGE(contains(error.hint, hint_part), "hint: " << error.hint);
}

}  // namespace

// ---- Commands --------------------------------------------------------------------------

TEST_CASE("parser: setup commands") {
  const sim::Scenario parsed = sim::parse_scenario(
      "cluster 7\nseed 123\nelection-timeout 100ms 200ms\nheartbeat 25ms\n", "t.scenario");
  REQUIRE(parsed.commands.size() == 4);
  CHECK(parsed.file == "t.scenario");
  CHECK(parsed.commands[0].kind == Kind::Cluster);
  CHECK(parsed.commands[0].number == 7);
  CHECK(parsed.commands[1].kind == Kind::Seed);
  CHECK(parsed.commands[1].seed == 123);
  CHECK(parsed.commands[2].kind == Kind::ElectionTimeout);
  CHECK(parsed.commands[2].low == 100 * kMs);
  CHECK(parsed.commands[2].high == 200 * kMs);
  CHECK(parsed.commands[3].kind == Kind::Heartbeat);
  CHECK(parsed.commands[3].duration == 25 * kMs);
  const sim::ClusterConfig config = sim::cluster_config_of(parsed, std::nullopt);
  CHECK(config.nodes == 7);
  CHECK(config.seed == 123);
  CHECK(config.election_timeout_min == 100 * kMs);
  CHECK(config.election_timeout_max == 200 * kMs);
  CHECK(config.heartbeat_interval == 25 * kMs);
  CHECK(sim::cluster_config_of(parsed, 9).seed == 9);  // --seed overrides the file
  const sim::ClusterConfig defaults = sim::cluster_config_of(sim::parse_scenario("", "e"), std::nullopt);
  CHECK(defaults.nodes == 5);
  CHECK(defaults.seed == 1);
  CHECK(parse_one("cluster 1001").number == 1001);
  CHECK(parse_one("seed 0").seed == 0);
  CHECK(parse_one("seed 18446744073709551615").seed == 18446744073709551615ULL);
}

TEST_CASE("parser: durations in us, ms and s, with decimals, exactly") {
  CHECK(parse_one("run 500us").duration == 500);
  CHECK(parse_one("run 150ms").duration == 150 * kMs);
  CHECK(parse_one("run 2s").duration == 2 * kSecond);
  CHECK(parse_one("run 1.5s").duration == 1500 * kMs);
  CHECK(parse_one("run 0.25ms").duration == 250);
  CHECK(parse_one("run 0.000001s").duration == 1);
  CHECK(parse_one("run 0s").duration == 0);
  CHECK(parse_one("run .5s").duration == 500 * kMs);
  // The longest duration; on one node, as on 5 it would pass the limit on events.
  CHECK(parse_one("cluster 1\nrun 100000s").duration == 100000 * kSecond);
}

TEST_CASE("parser: network commands") {
  Command latency = parse_one("latency 2ms 5ms");
  CHECK(latency.kind == Kind::Latency);
  CHECK(latency.low == 2 * kMs);
  CHECK(latency.high == 5 * kMs);
  latency = parse_one("latency 3ms");
  CHECK(latency.low == 3 * kMs);
  CHECK(latency.high == 3 * kMs);
  const Command loss = parse_one("loss 20%");
  CHECK(loss.kind == Kind::Loss);
  CHECK(loss.ppm == 200'000);
  CHECK(parse_one("loss 0.5%").ppm == 5'000);
  CHECK(parse_one("loss 0.0001%").ppm == 1);
  CHECK(parse_one("loss 0%").ppm == 0);
  CHECK(parse_one("loss 100%").ppm == 1'000'000);
  const Command duplicate = parse_one("duplicate 12.5%");
  CHECK(duplicate.kind == Kind::Duplicate);
  CHECK(duplicate.ppm == 125'000);
}

TEST_CASE("parser: time commands") {
  const Command run = parse_one("run 3s");
  CHECK(run.kind == Kind::Run);
  CHECK(run.duration == 3 * kSecond);
  const Command until = parse_one("run until leader within 2s");
  CHECK(until.kind == Kind::RunUntil);
  CHECK(until.condition.kind == CKind::Leader);
  CHECK_FALSE(until.condition.node);
  CHECK(until.duration == 2 * kSecond);
  const Command step = parse_one("step");
  CHECK(step.kind == Kind::Step);
  CHECK(step.number == 1);
  CHECK(parse_one("step 25").number == 25);
}

TEST_CASE("parser: fault commands") {
  Command crash = parse_one("cluster 3\ncrash n2");
  CHECK(crash.kind == Kind::Crash);
  REQUIRE(crash.nodes.size() == 1);
  CHECK(crash.nodes[0].id == 2);
  CHECK_FALSE(crash.nodes[0].kind == sim::NodeRef::Kind::Leader);
  crash = parse_one("crash leader");
  CHECK(crash.nodes[0].kind == sim::NodeRef::Kind::Leader);
  CHECK(crash.nodes[0].id == 0);
  const Command restart = parse_one("restart n5");
  CHECK(restart.kind == Kind::Restart);
  CHECK(restart.nodes[0].id == 5);
  const Command isolate = parse_one("isolate leader");
  CHECK(isolate.kind == Kind::Isolate);
  CHECK(isolate.nodes[0].kind == sim::NodeRef::Kind::Leader);

  const Command partition = parse_one("partition n1,n2 | n3,n4,n5");
  CHECK(partition.kind == Kind::Partition);
  REQUIRE(partition.groups.size() == 2);
  REQUIRE(partition.groups[0].size() == 2);
  REQUIRE(partition.groups[1].size() == 3);
  CHECK(partition.groups[0][1].id == 2);
  CHECK(partition.groups[1][0].id == 3);
  CHECK(partition.groups[1][2].id == 5);
  const Command tight = parse_one("partition n1|leader");
  REQUIRE(tight.groups.size() == 2);
  CHECK(tight.groups[1][0].kind == sim::NodeRef::Kind::Leader);
  CHECK(parse_one("partition n4").groups.size() == 1);

  const Command cut = parse_one("cut n1 -> n2");
  CHECK(cut.kind == Kind::Cut);
  REQUIRE(cut.nodes.size() == 2);
  CHECK(cut.nodes[0].id == 1);
  CHECK(cut.nodes[1].id == 2);
  CHECK(parse_one("cut leader -> n3").nodes[0].kind == sim::NodeRef::Kind::Leader);
  CHECK(parse_one("heal").kind == Kind::Heal);

  Command drop = parse_one("drop next n1 -> n2");
  CHECK(drop.kind == Kind::DropNext);
  CHECK(drop.value.empty());
  CHECK(drop.nodes[0].id == 1);
  CHECK(drop.nodes[1].id == 2);
  drop = parse_one("drop next Heartbeat leader -> n4");
  CHECK(drop.value == "Heartbeat");
  CHECK(drop.nodes[0].kind == sim::NodeRef::Kind::Leader);
  CHECK(drop.nodes[1].id == 4);
  for (const char* kind : {"RequestVote", "VoteGranted", "VoteDenied", "AppendEntries", "AppendEntriesReply",
                           "AppendEntriesReject"}) {
    CHECK(parse_one(std::string("drop next ") + kind + " n1 -> n2").value == kind);
  }
}

TEST_CASE("parser: client and teaching commands") {
  Command write = parse_one("write x=1");
  CHECK(write.kind == Kind::Write);
  CHECK(write.value == "x=1");
  CHECK_FALSE(write.via);
  write = parse_one("write key=ab via n3");
  CHECK(write.value == "key=ab");
  REQUIRE(write.via);
  CHECK(write.via->id == 3);
  CHECK(parse_one("write x=1 via leader").via->kind == sim::NodeRef::Kind::Leader);

  Command stream = parse_one("stream k 10/s for 5s");
  CHECK(stream.kind == Kind::Stream);
  CHECK(stream.value == "k");
  CHECK(stream.number == 10);
  CHECK(stream.duration == 5 * kSecond);
  CHECK_FALSE(stream.via);
  stream = parse_one("stream counter 1/s for 1.5s via n2");
  CHECK(stream.number == 1);
  CHECK(stream.duration == 1500 * kMs);
  REQUIRE(stream.via);
  CHECK(stream.via->id == 2);

  const Command campaign = parse_one("campaign n4");
  CHECK(campaign.kind == Kind::Campaign);
  CHECK(campaign.nodes[0].id == 4);
  const Command transfer = parse_one("transfer n3");
  CHECK(transfer.kind == Kind::Transfer);
  CHECK(transfer.nodes[0].id == 3);
  CHECK(parse_one("transfer leader").nodes[0].kind == sim::NodeRef::Kind::Leader);
  const Command timer = parse_one("timeout n2 300ms");
  CHECK(timer.kind == Kind::SetTimer);
  CHECK(timer.nodes[0].id == 2);
  CHECK(timer.duration == 300 * kMs);
  CHECK(parse_one("timers align").kind == Kind::AlignTimers);
  CHECK(parse_one("timers spread").kind == Kind::SpreadTimers);

  const Command say = parse_one(R"(say "n1 says \"hi\", twice")");
  CHECK(say.kind == Kind::Say);
  CHECK(say.value == R"(n1 says "hi", twice)");
  CHECK(parse_one(R"(say "a # is not a comment here")").value == "a # is not a comment here");
  CHECK(parse_one(R"(say "a # is not a comment here"  # but this is)").text == R"(say "a # is not a comment here")");
  CHECK(parse_one("mark").kind == Kind::Mark);
}

// ---- Conditions ---------------------------------------------------------------------------

TEST_CASE("parser: conditions about leaders and roles") {
  Condition condition = condition_of("expect leader");
  CHECK(condition.kind == CKind::Leader);
  CHECK_FALSE(condition.node);
  condition = condition_of("expect leader n2");
  REQUIRE(condition.node);
  CHECK(condition.node->id == 2);
  CHECK(condition_of("expect no-leader").kind == CKind::NoLeader);
  condition = condition_of("expect n3 role candidate");
  CHECK(condition.kind == CKind::Role);
  CHECK(condition.node->id == 3);
  CHECK(condition.role == raft::Role::Candidate);
  CHECK(condition_of("expect n1 role leader").role == raft::Role::Leader);
  CHECK(condition_of("expect n1 role follower").role == raft::Role::Follower);
  const Command until = parse_one("run until leader n4 within 1s");
  CHECK(until.condition.node->id == 4);
  CHECK(until.duration == 1 * kSecond);
  CHECK(parse_one("run until no-leader within 3s").condition.kind == CKind::NoLeader);
  CHECK(parse_one("run until n2 role follower within 3s").condition.kind == CKind::Role);
}

TEST_CASE("parser: conditions about terms, with every comparison") {
  Condition condition = condition_of("expect term 2");
  CHECK(condition.kind == CKind::Term);
  CHECK_FALSE(condition.node);
  CHECK(condition.comparison == Comparison::Equal);
  CHECK(condition.count == 2);
  condition = condition_of("expect n2 term >= 3");
  REQUIRE(condition.node);
  CHECK(condition.node->id == 2);
  CHECK(condition.comparison == Comparison::AtLeast);
  CHECK(condition.count == 3);
  CHECK(condition_of("expect term == 1").comparison == Comparison::Equal);
  CHECK(condition_of("expect term = 1").comparison == Comparison::Equal);
  CHECK(condition_of("expect term <= 1").comparison == Comparison::AtMost);
  CHECK(condition_of("expect term > 1").comparison == Comparison::Greater);
  CHECK(condition_of("expect term < 1").comparison == Comparison::Less);
  CHECK(parse_one("run until term >= 4 within 5s").condition.count == 4);
}

TEST_CASE("parser: conditions about commits and logs") {
  Condition condition = condition_of("expect committed x=1");
  CHECK(condition.kind == CKind::Committed);
  CHECK(condition.value == "x=1");
  CHECK(condition.on_all);
  condition = condition_of("expect committed x=1 on all");
  CHECK(condition.on_all);
  condition = condition_of("expect committed x=1 on 3");
  CHECK_FALSE(condition.on_all);
  CHECK(condition.count == 3);
  condition = condition_of("expect not-committed y=2");
  CHECK(condition.kind == CKind::NotCommitted);
  CHECK(condition.value == "y=2");
  CHECK(condition_of("expect logs-agree").kind == CKind::LogsAgree);
  const Command until = parse_one("run until committed x=1 on 2 within 1s");
  CHECK(until.condition.count == 2);
  CHECK(until.duration == 1 * kSecond);
}

TEST_CASE("parser: stored V [on all | on K]") {
  Condition condition = condition_of("expect stored x=1");
  CHECK(condition.kind == CKind::Stored);
  CHECK(condition.value == "x=1");
  CHECK(condition.on_all);
  CHECK_FALSE(condition.negated);
  CHECK(condition_of("expect stored x=1 on all").on_all);
  condition = condition_of("expect stored x=1 on 2");
  CHECK_FALSE(condition.on_all);
  CHECK(condition.count == 2);
  CHECK(parse_one("run until stored y=2 on 3 within 1s").condition.kind == CKind::Stored);
}

TEST_CASE("parser: not COND negates a condition about a moment") {
  Condition condition = condition_of("expect not n3 role leader");
  CHECK(condition.negated);
  CHECK(condition.kind == CKind::Role);
  CHECK(condition.node->id == 3);
  CHECK(condition.role == raft::Role::Leader);
  const Command until = parse_one("run until not leader n1 within 2s");
  CHECK(until.kind == Kind::RunUntil);
  CHECK(until.condition.negated);
  CHECK(until.condition.kind == CKind::Leader);
  REQUIRE(until.condition.node);
  CHECK(until.condition.node->id == 1);
  CHECK(until.duration == 2 * kSecond);
  CHECK(condition_of("expect not committed x=1 on 2").negated);
  CHECK(condition_of("expect not term >= 3").comparison == Comparison::AtLeast);
  CHECK_FALSE(condition_of("expect no-leader").negated);
}

TEST_CASE("parser: conditions over a span") {
  Condition condition = condition_of("expect stable for 2s");
  CHECK(condition.kind == CKind::Stable);
  CHECK(condition.span == 2 * kSecond);
  condition = condition_of("mark\nexpect stable since mark");
  CHECK(condition.kind == CKind::Stable);
  CHECK(condition.span == 0);
  condition = condition_of("expect messages <= 12 for 1s");
  CHECK(condition.kind == CKind::Messages);
  CHECK(condition.comparison == Comparison::AtMost);
  CHECK(condition.count == 12);
  CHECK(condition.span == 1 * kSecond);
  condition = condition_of("mark\nexpect messages > 3 since mark");
  CHECK(condition.comparison == Comparison::Greater);
  CHECK(condition.span == 0);
  CHECK(condition_of("expect messages == 0 for 10ms").count == 0);
  // 'since mark' needs a mark before it.
  CHECK_THROWS_AS(parse_one("expect stable since mark"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("expect messages < 3 since mark\nmark"), sim::ScenarioError);
}

TEST_CASE("parser: impossible topologies, odd characters and folders are bad input") {
  CHECK_THROWS_AS(parse_one("partition n1,n2 | n2,n3"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("partition leader | leader"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("cut n1 -> n1"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("drop next n2 -> n2"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("run\xC2\xA0" "1s"), sim::ScenarioError);  // a no-break space
  CHECK_THROWS_AS(parse_one("stream k 10000/s for 101s"), sim::ScenarioError);
  CHECK_THROWS_AS(parse_one("expect term => 2"), sim::ScenarioError);
  // A byte order mark before the first command is not part of it.
  CHECK(parse_one("\xEF\xBB\xBF" "cluster 3").number == 3);
  // Only \" and \\ are escapes in text; other backslashes stay as written.
  CHECK(parse_one("say \"a \\n b \\\" c\"").value == "a \\n b \" c");
  CHECK_THROWS_AS(sim::load_scenario(RAFTSIM_SIM_FIXTURES), sim::ScenarioError);  // a folder
}

// ---- Lines, comments, locations -------------------------------------------------------------

TEST_CASE("parser: comments, blank lines, tabs and CRLF; each command knows its line, column and text") {
  const sim::Scenario parsed = sim::parse_scenario(
      "# a lesson\n"
      "\n"
      "cluster 3   # three nodes\r\n"
      "\t  run 1s\r\n"
      "   # indented comment\n"
      "say \"done\"\n",
      "lesson.scenario");
  REQUIRE(parsed.commands.size() == 3);
  CHECK(parsed.commands[0].location.file == "lesson.scenario");
  CHECK(parsed.commands[0].location.line == 3);
  CHECK(parsed.commands[0].location.column == 1);
  CHECK(parsed.commands[0].text == "cluster 3");
  CHECK(parsed.commands[1].kind == Kind::Run);
  CHECK(parsed.commands[1].location.line == 4);
  CHECK(parsed.commands[1].location.column == 4);
  CHECK(parsed.commands[1].text == "run 1s");  // trimmed: no tab, no CR
  CHECK(parsed.commands[2].location.line == 6);
  CHECK(parsed.commands[2].value == "done");
  CHECK(sim::parse_scenario("", "empty").commands.empty());
  CHECK(sim::parse_scenario("# nothing\n\n", "empty").commands.empty());
}

// ---- Errors --------------------------------------------------------------------------------

TEST_CASE("parser errors: unknown command, with did-you-mean") {
  check_error("cluster 3\nrunn 1s\n", 2, 1, "unknown command 'runn'", "did you mean 'run'?");
  check_error("  crsh n1", 1, 3, "unknown command 'crsh'", "did you mean 'crash'?");
  check_error("writ x=1", 1, 1, "unknown command 'writ'", "did you mean 'write'?");
  // Words from other tools and harnesses point to ours.
  check_error("nodes 5", 1, 1, "unknown command 'nodes'", "did you mean 'cluster'?");
  check_error("cluster 3\nsleep 2s\n", 2, 1, "unknown command 'sleep'", "did you mean 'run'?");
  check_error("xyzzyplugh", 1, 1, "unknown command 'xyzzyplugh'", "commands are: cluster, seed");
  check_error("\"run\" 1s", 1, 1, "found text in quotes");
  const Error error = error_of("cluster 3\n\nrunn 1s\n");
  CHECK(error.formatted == "bad.scenario:3:1: error: unknown command 'runn'\n  hint: did you mean 'run'?");
}

TEST_CASE("parser errors: durations") {
  check_error("run 10", 1, 5, "(no unit)", "500us, 150ms, 2s or 1.5s");
  check_error("run 1.5", 1, 5, "(no unit)");
  check_error("run 10m", 1, 5, "expected a duration to run for, found '10m'");
  check_error("run ms", 1, 5, "found 'ms'");
  check_error("run 1.2345ms", 1, 5, "found '1.2345ms'");
  check_error("run -1s", 1, 5, "found '-1s'");
  check_error("run 200000s", 1, 5, "too long", "100000s");
  check_error("run", 1, 4, "found the end of the line", "500us");
  check_error("heartbeat 0ms", 1, 11, "longer than zero");
  check_error("election-timeout 300ms 150ms", 1, 18, "positive and increasing");
  check_error("election-timeout 0ms 150ms", 1, 18, "positive and increasing");
  check_error("latency 10ms 1ms", 1, 14, "shorter than the shortest");
  check_error("timeout n1 soon", 1, 12, "found 'soon'");
}

TEST_CASE("parser errors: percentages") {
  check_error("loss 20", 1, 6, "expected a percentage, found '20'", "20% or 0.5%");
  check_error("loss 101%", 1, 6, "at most 100%");
  check_error("duplicate %", 1, 11, "expected a percentage");
  check_error("loss 0.00001%", 1, 6, "expected a percentage");
  check_error("loss twenty%", 1, 6, "expected a percentage");
}

TEST_CASE("parser errors: nodes out of range or malformed") {
  check_error("cluster 3\ncrash n4", 2, 7, "there is no node n4", "n1..n3");
  check_error("crash n6", 1, 7, "there is no node n6", "n1..n5");
  check_error("crash n0", 1, 7, "there is no node n0");
  // An unknown target of a transfer is refused before the run.
  check_error("cluster 3\ntransfer n9", 2, 10, "there is no node n9", "n1..n3");
  check_error("crash x1", 1, 7, "expected a node, found 'x1'", "n1, n2");
  check_error("crash n1.5", 1, 7, "expected a node");
  check_error("restart leader", 1, 9, "expected a node, found 'leader'");
  check_error("cluster 2\npartition n1 | n3", 2, 16, "there is no node n3");
  check_error("cluster 2\ncut n1 -> n3", 2, 11, "there is no node n3");
  check_error("expect leader leader", 1, 15, "expected a node");
  check_error("expect committed x=1 on 6", 1, 25, "between 1 and 5");
}

TEST_CASE("parser errors: run until without 'within'") {
  check_error("run until leader", 1, 17, "expected 'within' here, found the end of the line", "run until leader within 2s");
  check_error("run until leader 2s", 1, 18, "expected 'within', found '2s'", "time limit");
  check_error("run until committed x=1 on all", 1, 31, "expected 'within'");
  check_error("run until leader within", 1, 24, "found the end of the line");
}

TEST_CASE("parser errors: text without its closing quote") {
  check_error("say \"hello", 1, 5, "no closing double quote", "end the text with \"");
  check_error("cluster 3\n   say \"a \\\" b", 2, 8, "no closing double quote");
  check_error("say hello", 1, 5, "expected text in double quotes", "say \"...\"");
}

TEST_CASE("parser errors: trailing garbage") {
  check_error("heal now", 1, 6, "unexpected 'now' after the end of the command", "'#'");
  check_error("run 1s 2s", 1, 8, "unexpected '2s'");
  check_error("cluster 3 nodes", 1, 11, "unexpected 'nodes'");
  check_error("expect leader n1 please", 1, 18, "unexpected 'please'");
  check_error("write x=1 via n2 now", 1, 18, "unexpected 'now'");
  check_error("mark \"here\"", 1, 6, "unexpected 'here'");
}

TEST_CASE("parser errors: setup after an action, and setup given twice") {
  check_error("run 1s\ncluster 3", 2, 1, "must come before the first action", "move it to the top");
  check_error("cluster 3\nlatency 1ms\nseed 5", 3, 1, "'seed' configures the cluster");
  check_error("write x=1\n  heartbeat 10ms", 2, 3, "'heartbeat' configures the cluster");
  check_error("cluster 3\ncluster 5", 2, 1, "'cluster' is given twice", "keep only one");
  check_error("seed 1\nelection-timeout 1ms 2ms\nseed 2", 3, 1, "'seed' is given twice");
}

TEST_CASE("parser errors: other commands' arguments") {
  check_error("cluster 0", 1, 9, "between 1 and 1001");
  check_error("cluster 1002", 1, 9, "between 1 and 1001");
  check_error("cluster 3.5", 1, 9, "whole number");
  check_error("step 0", 1, 6, "between 1 and");
  check_error("write x", 1, 7, "expected key=value, found 'x'", "write x=1");
  check_error("write =1", 1, 7, "expected key=value");
  check_error("write", 1, 6, "found the end of the line");
  check_error("stream k 10 for 1s", 1, 10, "expected a rate such as 10/s");
  check_error("stream k 0/s for 1s", 1, 10, "expected a rate");
  check_error("stream k 10/s 1s", 1, 15, "expected 'for'");
  check_error("drop next Foo n1 -> n2", 1, 11, "unknown message kind 'Foo'", "RequestVote");
  check_error("drop n1 -> n2", 1, 6, "expected 'next'");
  check_error("partition n1 n2", 1, 14, "expected ',' or '|' between nodes, found 'n2'", "partition n1,n2 | n3,n4,n5");
  check_error("cut n1 n2", 1, 8, "expected '->'", "cut n1 -> n2");
  check_error("cut n1->n2", 1, 5, "expected a node, found 'n1->n2'");
  check_error("timers sideways", 1, 8, "expected 'align' or 'spread'", "split vote");
  check_error("timeout n1", 1, 11, "found the end of the line");
}

TEST_CASE("parser errors: conditions") {
  check_error("expect leadr", 1, 8, "unknown condition 'leadr'", "did you mean 'leader'?");
  check_error("expect frobnicate", 1, 8, "unknown condition 'frobnicate'", "one of: leader");
  check_error("expect", 1, 7, "expected a condition here");
  check_error("run until stable for 1s within 2s", 1, 11, "cannot be waited for", "expect stable");
  check_error("run until messages < 3 for 1s within 2s", 1, 11, "cannot be waited for");
  check_error("expect messages 5 for 1s", 1, 17, "expected a comparison", "expect messages <= 12 for 1s");
  check_error("expect messages <= 5", 1, 21, "expected 'for'", "since mark");
  check_error("expect stable", 1, 14, "expected 'for'");
  check_error("expect stable since now", 1, 21, "expected 'mark'");
  check_error("expect stable for 0s", 1, 8, "longer than zero");
  check_error("expect n1 rol leader", 1, 11, "expected 'role', 'term', 'commit', 'up', 'down', 'voter', 'learner' or 'outside' after the node, found 'rol'");
  check_error("expect n1 role boss", 1, 16, "expected a role, found 'boss'", "follower, candidate or leader");
  check_error("expect n9 role leader", 1, 8, "there is no node n9");
  check_error("expect term >= many", 1, 16, "expected a term (a whole number)");
  check_error("expect stord x=1", 1, 8, "unknown condition 'stord'", "did you mean 'stored'?");
  check_error("expect stored", 1, 14, "expected a value such as x=1 here");
  check_error("expect not not leader", 1, 8, "'not not' says nothing", "remove both");
  check_error("expect not stable for 1s", 1, 8, "'not' applies to conditions about a moment");
  check_error("expect not messages < 3 since mark", 1, 8, "'not' applies to conditions about a moment");
  check_error("expect not", 1, 11, "expected a condition here");
  check_error("run until not stable for 1s within 2s", 1, 15, "cannot be waited for");
}

// ---- Files ------------------------------------------------------------------------------------

TEST_CASE("parser: load_scenario reads a file; a missing or binary file is an error") {
  const std::string lesson = std::string(RAFTSIM_SIM_FIXTURES) + "/lesson.scenario";
  const sim::Scenario loaded = sim::load_scenario(lesson);
  CHECK(loaded.file == lesson);
  CHECK(loaded.commands.size() > 20);
  CHECK(loaded.commands[0].kind == Kind::Cluster);

  try {
    sim::load_scenario("/no/such/file.scenario");
    FAIL("no error for a missing file");
  } catch (const ScenarioError& error) {
    CHECK(sim::format_error(error) == "/no/such/file.scenario: error: cannot open the scenario file: there is no such file\n"
                                      "  hint: check the spelling of the name and of its folders");
  }
  try {
    sim::load_scenario(std::string(RAFTSIM_SIM_FIXTURES) + "/binary.scenario");
    FAIL("no error for a binary file");
  } catch (const ScenarioError& error) {
    CHECK(error.location.line == 1);
    CHECK(error.location.column == 10);  // the NUL byte
    CHECK(contains(error.what(), "not a text file"));
  }
  try {
    sim::load_scenario(std::string(RAFTSIM_SIM_FIXTURES) + "/empty.scenario");
    FAIL("no error for an empty file");
  } catch (const ScenarioError& error) {
    CHECK(error.location.line == 1);
    CHECK(error.location.column == 1);
    CHECK(contains(error.what(), "no commands"));
    CHECK_FALSE(error.hint.empty());
  }
}

// ---- Values ------------------------------------------------------------------------------------

TEST_CASE("parser: format_duration, compare and comparison_symbol") {
  CHECK(sim::format_duration(1'500'000) == "1.5s");
  CHECK(sim::format_duration(2000) == "2ms");
  CHECK(sim::format_duration(500) == "500us");
  CHECK(sim::format_duration(0) == "0us");
  CHECK(sim::format_duration(1'000'000) == "1s");
  CHECK(sim::format_duration(1'234'567) == "1.234567s");
  CHECK(sim::format_duration(1'050) == "1.05ms");
  CHECK(sim::format_duration(-2000) == "-2ms");
  CHECK(sim::compare(3, Comparison::Equal, 3));
  CHECK_FALSE(sim::compare(3, Comparison::Equal, 4));
  CHECK(sim::compare(4, Comparison::AtLeast, 4));
  CHECK_FALSE(sim::compare(3, Comparison::AtLeast, 4));
  CHECK(sim::compare(4, Comparison::AtMost, 4));
  CHECK_FALSE(sim::compare(5, Comparison::AtMost, 4));
  CHECK(sim::compare(5, Comparison::Greater, 4));
  CHECK_FALSE(sim::compare(4, Comparison::Greater, 4));
  CHECK(sim::compare(3, Comparison::Less, 4));
  CHECK_FALSE(sim::compare(4, Comparison::Less, 4));
  CHECK(std::string(sim::comparison_symbol(Comparison::AtLeast)) == ">=");
  CHECK(std::string(sim::comparison_symbol(Comparison::Less)) == "<");
}

TEST_CASE("parser: bug NAME [on NODE] switches a named mistake on, for every node or one") {
  const Command all = parse_one("bug vote-twice");
  CHECK(all.kind == Kind::Bug);
  CHECK(all.bug == raft::Bug::VoteTwice);
  CHECK(all.nodes.empty());
  const Command one = parse_one("cluster 3\nbug apply-before-commit on n2");
  CHECK(one.bug == raft::Bug::ApplyBeforeCommit);
  REQUIRE(one.nodes.size() == 1);
  CHECK(one.nodes[0].id == 2);
  check_error("bug vote-twise", 1, 5, "unknown bug 'vote-twise'", "did you mean 'vote-twice'?");
  check_error("bug", 1, 4, "expected a bug's name", "raftsim bugs");
  check_error("cluster 3\nbug vote-twice on n4", 2, 19, "n4");
  check_error("bug vote-twice on leader", 1, 19, "expected a node");
}
