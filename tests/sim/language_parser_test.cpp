// The scenario language's forms for writing a course's test suite (docs/scenarios.md):
// node expressions and `as NAME`, repeat blocks, run between, restart all, connect,
// per-link latency, the client's give-up time, write until committed, within since
// mark, and the conditions committed at, commit, terms agree, leaders, messages
// delivered. Good input parses to the right fields; bad input is refused at its line
// and column, with a hint.
#include <doctest/doctest.h>

#include "helpers.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"

using sim::Command;
using sim::Condition;
using sim::NodeRef;
using sim::ScenarioError;
using Kind = sim::Command::Kind;
using CKind = sim::Condition::Kind;
using NKind = sim::NodeRef::Kind;

namespace {

sim::Scenario parsed(const std::string& text) { return sim::parse_scenario(text, "t.scenario"); }
Command last(const std::string& text) { return parsed(text).commands.back(); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void check_error(const std::string& text, int line, int column, const std::string& message_part,
                 const std::string& hint_part = "") {
  CAPTURE(text);
  try {
    sim::parse_scenario(text, "t.scenario");
    FAIL("no error for: " << text);
  } catch (const ScenarioError& error) {
    CHECK(error.location.line == line);
    CHECK(error.location.column == column);
    CHECK_MESSAGE(contains(error.what(), message_part), "message: " << error.what());
    CHECK_MESSAGE(contains(error.hint, hint_part), "hint: " << error.hint);
    CHECK_FALSE(error.hint.empty());
  }
}

}  // namespace

TEST_CASE("language: node expressions in every place a node goes") {
  CHECK(last("crash random").nodes[0].kind == NKind::Random);
  CHECK(last("isolate random follower").nodes[0].kind == NKind::RandomFollower);
  CHECK(last("restart random crashed").nodes[0].kind == NKind::RandomCrashed);
  CHECK(last("campaign random up").nodes[0].kind == NKind::RandomUp);
  CHECK(last("cut random up -> leader").nodes[1].kind == NKind::Leader);
  CHECK(last("write x=1 via random up").via->kind == NKind::RandomUp);
  const Command partition = last("partition leader as L, random follower | random up");
  REQUIRE(partition.groups.size() == 2);
  CHECK(partition.groups[0][0].bind == 0);
  CHECK(partition.groups[0][1].kind == NKind::RandomFollower);
  // Two random picks in one command are never the same node, so this is no "named twice".
  CHECK_NOTHROW(parsed("partition random up | random up"));
}

TEST_CASE("language: 'as NAME' binds a node for the rest of the file") {
  const sim::Scenario scenario = parsed("crash leader as Old\nrun 1s\nrestart Old\nisolate random follower as F\nconnect F\n"
                                        "expect Old term >= 1\nexpect F commit >= 0\nexpect leader Old\n");
  REQUIRE(scenario.names == std::vector<std::string>{"Old", "F"});
  CHECK(scenario.commands[0].nodes[0].kind == NKind::Leader);
  CHECK(scenario.commands[0].nodes[0].bind == 0);
  CHECK(scenario.commands[2].nodes[0].kind == NKind::Named);
  CHECK(scenario.commands[2].nodes[0].name == 0);
  CHECK(scenario.commands[4].nodes[0].name == 1);
  CHECK(scenario.commands[5].condition.node->name == 0);
  CHECK(scenario.commands[7].condition.node->name == 0);
  CHECK(sim::node_expression_text(scenario.commands[2].nodes[0], scenario.names) == "Old");
  // A bound name may be a drop's end, though a capital word there is usually a kind.
  const Command drop = last("crash n1 as A\ndrop next A -> n2");
  CHECK(drop.value.empty());
  CHECK(drop.nodes[0].kind == NKind::Named);
  CHECK(last("crash n1 as A\ndrop next Heartbeat A -> n2").value == "Heartbeat");
}

TEST_CASE("language errors: names") {
  check_error("restart Old\n", 1, 9, "the name 'Old' is not bound here", "crash leader as Old");
  check_error("crash leader as Old\nrestart Olf\n", 2, 9, "'Olf' is not bound", "did you mean 'Old'?");
  check_error("crash n1 as X\nrun 1s\ncrash n2 as X\n", 3, 13, "the name 'X' is already bound on line 1", "bound once");
  check_error("crash n1 as old\n", 1, 13, "expected a name, found 'old'", "upper-case");
  check_error("crash n1 as\n", 1, 12, "expected a name here, found the end of the line", "upper-case");
  check_error("crash n1 as Heartbeat\n", 1, 13, "is a message kind", "another name");
  check_error("expect random up role leader\n", 1, 8, "a condition cannot name a random node", "bind the node first");
  check_error("expect n1 as X role leader\n", 1, 11, "a condition binds no name", "crash leader as Old");
  check_error("restart leader\n", 1, 9, "expected a node, found 'leader'", "n1");
  check_error("crash Old as Old\n", 1, 7, "not bound here");
  check_error("drop next Heartbeet n1 -> n2\n", 1, 11, "unknown message kind 'Heartbeet'", "Heartbeat");
}

TEST_CASE("language: repeat blocks nest; each end knows its repeat") {
  const sim::Scenario scenario = parsed("repeat 3\n  write x=1\n  repeat 2\n    run 1s\n  end\nend\n");
  REQUIRE(scenario.commands.size() == 6);
  CHECK(scenario.commands[0].kind == Kind::Repeat);
  CHECK(scenario.commands[0].number == 3);
  CHECK(scenario.commands[0].partner == 5);
  CHECK(scenario.commands[5].partner == 0);
  CHECK(scenario.commands[2].partner == 4);
  CHECK(scenario.commands[4].kind == Kind::End);
}

TEST_CASE("language errors: repeat blocks and their limits") {
  check_error("end\n", 1, 1, "'end' with no 'repeat' or 'if' before it", "repeat N");
  check_error("run 1s\nrepeat 2\nrun 1s\n", 2, 1, "this 'repeat' has no 'end'", "'end'");
  check_error("repeat 0\nend\n", 1, 8, "a number of times must be between 1 and 100000", "whole number");
  check_error("repeat 100001\nend\n", 1, 8, "between 1 and 100000");
  check_error("repeat two\nend\n", 1, 8, "expected a number of times (a whole number)");
  check_error("repeat 2 times\nend\n", 1, 10, "after the end of the command");
  // Nested repeats multiply: 100000 x 100000 runs of one line is past the commands' limit.
  check_error("repeat 100000\nrepeat 100000\nrun 1ms\nend\nend\n", 3, 1, "more than 1000000 commands", "repeat fewer times");
  // Writes in a repeat count once per repeat against the writes' limit (50000 on 5 nodes).
  CHECK_NOTHROW(parsed("repeat 12500\nwrite x=1\nend\nrepeat 12500\nwrite x=1\nwrite x=1\nwrite x=1\nend\n"));
  check_error("repeat 12500\nwrite x=1\nend\nrepeat 12500\nwrite x=1\nwrite x=1\nwrite x=1\nwrite x=1\nend\n", 8, 1,
              "more client writes and reads than the limit of 50000 for 5 nodes (all writes, reads and streams together), each repeat counted");
  check_error("repeat 3\ncluster 3\nend\n", 2, 1, "must come before the first action");
}

TEST_CASE("language: run between, restart all, connect, per-link latency, client give-up, write until committed") {
  const Command between = last("run between 10ms 1.5s");
  CHECK(between.kind == Kind::RunBetween);
  CHECK(between.low == 10 * raft::kMillisecond);
  CHECK(between.high == 1500 * raft::kMillisecond);
  CHECK(last("restart all").kind == Kind::RestartAll);
  CHECK(last("restart all").nodes.empty());
  CHECK(last("connect n2").kind == Kind::Connect);
  const Command link = last("latency n1 -> n3 1s 2s");
  CHECK(link.kind == Kind::LinkLatency);
  CHECK(link.nodes[0].id == 1);
  CHECK(link.nodes[1].id == 3);
  CHECK(link.low == raft::kSecond);
  CHECK(link.high == 2 * raft::kSecond);
  CHECK(last("latency leader -> n2 5ms").high == 5 * raft::kMillisecond);
  CHECK(last("latency 1ms 3ms").kind == Kind::Latency);
  const Command give_up = last("client give-up 20s");
  CHECK(give_up.kind == Kind::ClientGiveUp);
  CHECK(give_up.duration == 20 * raft::kSecond);
  CHECK(last("write x=1 until committed").until_committed);
  CHECK(last("write x=1 via n2 until committed").via->id == 2);
  CHECK_FALSE(last("write x=1").until_committed);
  const Command since = last("mark\nrun until leader within 10s since mark");
  CHECK(since.since_mark);
  CHECK(since.duration == 10 * raft::kSecond);
  CHECK_FALSE(last("run until leader within 10s").since_mark);
}

TEST_CASE("language errors: the new commands' arguments") {
  check_error("run between 2s 1s\n", 1, 16, "the longest time is shorter than the shortest", "run between 10ms 200ms");
  check_error("run between 2s\n", 1, 15, "expected the longest time to run here");
  check_error("restart al\n", 1, 9, "expected a node, found 'al'");
  check_error("connect\n", 1, 8, "expected a node here");
  check_error("latency n1 -> n1 1s\n", 1, 15, "a node sends no messages to itself", "two different nodes");
  check_error("latency n1 n2 1s\n", 1, 12, "expected '->', found 'n2'", "latency n1 -> n2 1s 2s");
  check_error("latency n1 -> n2\n", 1, 17, "expected the shortest latency here");
  check_error("latency n1 -> n2 2s 1s\n", 1, 21, "the longest latency is shorter than the shortest");
  check_error("client retry 1s\n", 1, 8, "expected 'give-up', found 'retry'", "client give-up 10s");
  check_error("client give-up 0s\n", 1, 16, "the give-up time must be longer than zero");
  check_error("write x=1 until done\n", 1, 17, "expected 'committed', found 'done'", "until committed");
  check_error("run until leader within 2s since mark\n", 1, 38, "'since mark' with no 'mark' before it", "put a line 'mark'");
  check_error("mark\nrun until leader within 2s since then\n", 2, 34, "expected 'mark', found 'then'");
}

TEST_CASE("language: conditions committed at, commit, terms agree, leaders, messages delivered") {
  const Condition at = last("expect committed x=1 at 3 on 2").condition;
  CHECK(at.kind == CKind::CommittedAt);
  CHECK(at.value == "x=1");
  CHECK(at.index == 3);
  CHECK_FALSE(at.on_all);
  CHECK(at.count == 2);
  CHECK(last("run until committed x=1 at 1 within 1s").condition.on_all);
  const Condition commit = last("expect n2 commit >= 4").condition;
  CHECK(commit.kind == CKind::CommitIndex);
  CHECK(commit.node->id == 2);
  CHECK(commit.comparison == sim::Comparison::AtLeast);
  CHECK(commit.count == 4);
  CHECK(last("expect n2 commit < 4").condition.comparison == sim::Comparison::Less);
  CHECK(last("expect terms agree").condition.kind == CKind::TermsAgree);
  CHECK(last("run until not terms agree within 1s").condition.negated);
  const Condition leaders = last("expect leaders <= 1").condition;
  CHECK(leaders.kind == CKind::Leaders);
  CHECK(leaders.count == 1);
  const Condition delivered = last("expect messages delivered AppendEntries to n3 > 2 for 1s").condition;
  CHECK(delivered.kind == CKind::Messages);
  CHECK(delivered.delivered);
  CHECK(delivered.message_kind == sim::rpc_kind_number("AppendEntries"));
  CHECK(delivered.to->id == 3);
  CHECK_FALSE(delivered.from);
  CHECK(delivered.span == raft::kSecond);
  const Condition sent = last("mark\nexpect messages sent from n1 <= 9 since mark").condition;
  CHECK_FALSE(sent.delivered);
  CHECK(sent.message_kind == -1);
  CHECK(sent.from->id == 1);
  CHECK(sent.span == 0);
  CHECK(last("expect messages RequestVote == 4 for 1s").condition.message_kind == 0);
}

TEST_CASE("language errors: the new conditions") {
  check_error("expect committed x=1 at 0\n", 1, 25, "a log index must be between 1 and");
  check_error("expect committed x=1 at\n", 1, 24, "expected a log index here");
  check_error("expect n1 commit 3\n", 1, 18, "expected a comparison", "expect n1 commit >= 3");
  check_error("expect terms\n", 1, 13, "expected 'agree' here", "terms agree");
  check_error("expect terms agre\n", 1, 14, "expected 'agree', found 'agre'");
  check_error("expect leaders 1\n", 1, 16, "expected a comparison", "expect leaders <= 1");
  check_error("expect leaders <= 6\n", 1, 19, "a number of leaders must be between 0 and 5");
  check_error("expect messages delivered Votes <= 3 for 1s\n", 1, 27, "unknown message kind 'Votes'", "RequestVote");
  check_error("expect messages delivered from n1 to n2 <= 3 for 1s\n", 1, 35, "expected a comparison (==, >=, <=, >, <), found 'to'");
  check_error("run until messages delivered <= 3 for 1s within 2s\n", 1, 11, "cannot be waited for");
  check_error("expect leaderz <= 1\n", 1, 8, "unknown condition 'leaderz'", "did you mean 'leader'?");
}

TEST_CASE("language: '$' stands for a repeat's round, and only inside a repeat") {
  const sim::Scenario scenario = parsed("repeat 3\nwrite x=$\nrun until committed x=$ on all within 1s\nsay \"$5\"\nend\n");
  CHECK(scenario.commands[1].counted);
  CHECK(scenario.commands[2].counted);
  CHECK_FALSE(scenario.commands[3].counted);
  CHECK(last("crash random leader").nodes[0].kind == NKind::RandomLeader);
  check_error("write x=$\n", 1, 1, "'$' stands for a repeat's round, and this line is in no 'repeat' block", "write x=$");
  check_error("repeat 2\nend\nexpect committed x=$\n", 3, 1, "in no 'repeat' block");
}

TEST_CASE("language: if COND ... end, with the conditions up and chance") {
  const sim::Scenario scenario = parsed("repeat 2\n  if chance 20%\n    crash random up\n  end\n  if up < 3\n    restart random crashed\n  end\nend\n");
  REQUIRE(scenario.commands.size() == 8);
  CHECK(scenario.commands[1].kind == Kind::If);
  CHECK(scenario.commands[1].condition.kind == CKind::Chance);
  CHECK(scenario.commands[1].condition.count == 200'000);
  CHECK(scenario.commands[1].partner == 3);
  CHECK(scenario.commands[3].partner == 1);
  CHECK(scenario.commands[4].condition.kind == CKind::Up);
  CHECK(scenario.commands[4].condition.comparison == sim::Comparison::Less);
  CHECK(scenario.commands[7].partner == 0);
  CHECK(last("if not leader\nend").kind == Kind::End);
  CHECK(last("expect up >= 5").condition.kind == CKind::Up);
  // A '$' needs a repeat around it; an `if` alone is not one.
  check_error("if leader\nwrite x=$\nend\n", 2, 1, "in no 'repeat' block");
  CHECK_NOTHROW(parsed("repeat 2\nif leader\nwrite x=$\nend\nend\n"));
}

TEST_CASE("language errors: if blocks, up and chance") {
  check_error("if leader\nrun 1s\n", 1, 1, "this 'if' has no 'end'", "'end'");
  check_error("if stable for 1s\nend\n", 1, 4, "'if' checks a moment, not a span", "if up < 3");
  check_error("expect chance 20%\n", 1, 8, "'chance' draws a random number once, and goes with 'if' only", "if chance 20%");
  check_error("run until chance 20% within 1s\n", 1, 11, "goes with 'if' only");
  check_error("if chance 120%\nend\n", 1, 11, "a percentage must be at most 100%");
  check_error("if up 3\nend\n", 1, 7, "expected a comparison", "if up < 3");
  check_error("if\nend\n", 1, 3, "expected a condition here");
}

TEST_CASE("language: if ... else ... end; NODE up and NODE down") {
  const sim::Scenario scenario = parsed("if n1 down\n  restart n1\nelse\n  crash n1\nend\n");
  REQUIRE(scenario.commands.size() == 5);
  CHECK(scenario.commands[0].condition.kind == CKind::Up);
  CHECK(scenario.commands[0].condition.count == 0);
  CHECK(scenario.commands[0].partner == 2);  // a false `if` goes on after its `else`
  CHECK(scenario.commands[2].kind == Kind::Else);
  CHECK(scenario.commands[2].partner == 4);  // the `else` skips to the `end`
  CHECK(scenario.commands[4].partner == 0);
  CHECK(last("expect n2 up").condition.count == 1);
  check_error("else\n", 1, 1, "'else' with no 'if' before it", "if COND ... else ... end");
  check_error("repeat 2\nelse\nend\n", 2, 1, "'else' with no 'if' before it");
  check_error("if leader\nelse\nelse\nend\n", 3, 1, "or a second 'else'");
  check_error("expect n1 dwn\n", 1, 11, "expected 'role', 'term', 'commit', 'up', 'down', 'voter', 'learner' or 'outside' after the node, found 'dwn'");
}

TEST_CASE("language: pick NODE as NAME; connected CMP N") {
  const sim::Scenario scenario = parsed("pick random as S\nrestart S\n");
  CHECK(scenario.commands[0].kind == Kind::Pick);
  CHECK(scenario.commands[0].nodes[0].bind == 0);
  CHECK(last("if connected < 3\nend").kind == Kind::End);
  CHECK(parsed("if connected < 3\nend\n").commands[0].condition.kind == CKind::Connected);
  check_error("pick random\n", 1, 12, "'pick' binds a name: say which", "pick random as S");
  check_error("expect connected 3\n", 1, 18, "expected a comparison", "if connected < 3");
}
