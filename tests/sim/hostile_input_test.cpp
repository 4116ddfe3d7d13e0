// Hostile input is normal input: every limit of sim/scenario/limits.h is enforced with a located
// error that names it; control characters and invalid UTF-8 never reach a terminal or a
// trace raw (nor crash the JSON encoder); every parser error has a hint; and checking a
// condition after every event reads each log entry once (counted, not timed).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "helpers.h"
#include "sim/cli/bench.h"
#include "sim/io/output_file.h"
#include "sim/io/safe_text.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"

using namespace simtest;
using sim::ScenarioError;

namespace {

struct Refusal {
  int line = 0;
  int column = 0;
  std::string message;
  std::string hint;
};

Refusal refusal_of(const std::string& text) {
  try {
    sim::parse_scenario(text, "bad.scenario");
  } catch (const ScenarioError& error) {
    return Refusal{error.location.line, error.location.column, error.what(), error.hint};
  }
  FAIL("no error for:\n" << text.substr(0, 200));
  return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string repeated(const std::string& line, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += line;
  return text;
}

}  // namespace

// ---- Safe text ---------------------------------------------------------------------------

TEST_CASE("safe text: control characters and invalid UTF-8 are escaped; valid UTF-8 is kept") {
  CHECK(sim::printable("plain") == "plain");
  CHECK(sim::printable("\x1b[31mred") == "\\x1B[31mred");
  CHECK(sim::printable("a\tb\nc\x7f") == "a\\tb\\x0Ac\\x7F");
  CHECK(sim::printable("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x99\x82") == "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x99\x82");
  CHECK(sim::printable("caf\xe9") == "caf\\xE9");                   // Latin-1
  CHECK(sim::printable("\xc2\x9b" "31m") == "\\xC2\\x9B31m");         // C1 CSI, a terminal escape
  CHECK(sim::printable("\xc0\xaf") == "\\xC0\\xAF");                 // overlong '/'
  CHECK(sim::printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");         // a surrogate
  CHECK(sim::printable("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // past U+10FFFF
  CHECK(sim::printable("\xe2\x80") == "\\xE2\\x80");                 // cut short
  CHECK(sim::first_invalid_utf8("ok \xc3\xa9") == std::nullopt);
  CHECK(sim::first_invalid_utf8("ok \xff") == 3);
}

TEST_CASE("safe text: echo shortens a long word on a character boundary and says how long it was") {
  CHECK(sim::echo("short") == "short");
  CHECK(sim::echo(std::string(10'000'000, 'x')) == std::string(40, 'x') + "... (10000000 bytes)");
  // 39 ASCII bytes then a 2-byte character: the cut backs up before it.
  CHECK(sim::echo(std::string(39, 'a') + "\xc3\xa9" + "zz") == std::string(39, 'a') + "... (43 bytes)");
}

TEST_CASE("safe text: the trace never throws on text that is not UTF-8") {
  sim::Note note;
  note.kind = sim::Note::Kind::ExpectPassed;
  note.text = "say caf\xe9";
  std::string line;
  CHECK_NOTHROW(line = sim::trace_line(note));
  CHECK(contains(line, "caf\xef\xbf\xbd"));  // U+FFFD in place of the bad byte
  CHECK_NOTHROW(line = sim::trace_header("odd\xff.scenario", sim::ClusterConfig{}));
  CHECK(contains(line, "\"file\":\"odd\xef\xbf\xbd.scenario\""));
}

// ---- Limits --------------------------------------------------------------------------------

TEST_CASE("limits: a line, a word and a whole scenario each have a limit, named when passed") {
  const Refusal line = refusal_of("cluster 3\nsay \"" + std::string(5000, 'a') + "\"\n");
  CHECK(line.line == 2);
  CHECK(line.column == 4097);
  CHECK(contains(line.message, "longer than the limit of 4096 bytes"));
  CHECK(refusal_of("cluster 3\nrun " + std::string(200, '1') + "s\n").message.find("too long") != std::string::npos);

  const Refusal word = refusal_of("cluster 3\n" + std::string(257, 'x') + "\n");
  CHECK(word.column == 1);
  CHECK(contains(word.message, "257 bytes long, more than the limit of 256"));
  CHECK(word.hint.size() < 120);  // the word is echoed shortened
  // A word at the limit is merely an unknown command, echoed shortened, with no did-you-mean.
  const Refusal unknown = refusal_of(std::string(256, 'x'));
  CHECK(contains(unknown.message, "unknown command '" + std::string(40, 'x') + "... (256 bytes)'"));

  const std::string comments = repeated("# " + std::string(98, 'c') + "\n", 10'486);  // 1048600 bytes
  const Refusal size = refusal_of(comments);
  CHECK(contains(size.message, "larger than the limit of 1048576 bytes"));
  CHECK_NOTHROW(sim::parse_scenario(comments.substr(0, sim::kMaxScenarioBytes - 200) + "run 1s\n", "ok.scenario"));
}

TEST_CASE("limits: client writes times nodes, all writes, reads and streams together") {
  CHECK(sim::max_writes(5) == 50'000);
  CHECK(sim::max_writes(1001) == 249);
  // Four streams of 12500 writes fit 5 nodes; a fifth, or one more write, does not.
  const std::string four = "cluster 5\n" + repeated("stream k 125/s for 100s\n", 4);
  CHECK_NOTHROW(sim::parse_scenario(four, "ok.scenario"));
  const Refusal fifth = refusal_of(four + "stream k 1/s for 1s\n");
  CHECK(fifth.line == 6);
  CHECK(contains(fifth.message, "more client writes and reads than the limit of 50000 for 5 nodes (all writes, reads and streams together)"));
  const Refusal write = refusal_of(four + "write x=1\n");
  CHECK(write.line == 6);
  // A read costs what a write does, in a repeat as anywhere.
  const Refusal read = refusal_of(four + "read x\n");
  CHECK(read.line == 6);
  const Refusal reads = refusal_of("cluster 5\nrepeat 50001\nread x\nend\n");
  CHECK(reads.line == 3);
  CHECK(contains(reads.message, "more client writes and reads than the limit of 50000 for 5 nodes"));
  const Refusal wide = refusal_of("cluster 1001\nstream k 10000/s for 1s\n");
  CHECK(contains(wide.message, "this stream would make more client writes than the limit of 249 for 1001 nodes"));
}

TEST_CASE("limits: a scenario's events are estimated before any work, from every line that runs time") {
  // 5 nodes, a heartbeat every 50ms: 9 events a round (the leader's timer, a message
  // and a reply for each follower), 180 a second; 10 million events are 55555s. Runs
  // that pass it together are refused at the line that passes it.
  CHECK_NOTHROW(sim::parse_scenario("cluster 5\nrun 25000s\nrun 25000s\n", "ok.scenario"));
  const Refusal runs = refusal_of("cluster 5\nrun 25000s\nrun 25000s\nrun 6000s\n");
  CHECK(runs.line == 4);
  CHECK(contains(runs.message, "with this line the scenario would fire about 10080000 events, more than the limit of 10000000"));
  CHECK(contains(runs.message, "(5 nodes, 56000s of virtual time, 0 writes, 0 steps, repeats counted)"));
  CHECK(contains(runs.hint, "run for less time in all"));
  // The largest cluster for the longest run: refused at once (it once ran for hours).
  const Refusal widest = refusal_of("cluster 1001\nrun 100000s\n");
  CHECK(widest.line == 2);
  CHECK(contains(widest.message, "about 4002000000 events"));
  // Spans of `run until ... within`, `expect stable for` and `messages ... for`, and steps, count too.
  CHECK(refusal_of("cluster 101\nrun until leader within 3000s\n").line == 2);
  CHECK(refusal_of("cluster 101\nexpect stable for 3000s\n").line == 2);
  CHECK(refusal_of("cluster 101\nexpect messages >= 1 for 3000s\n").line == 2);
  CHECK(refusal_of(repeated("step 1000000000\n", 1)).line == 1);
  // A slower heartbeat makes longer runs affordable; elections, when timeouts are
  // shorter than the heartbeat, are counted as rounds instead.
  CHECK_NOTHROW(sim::parse_scenario("cluster 101\nheartbeat 1s\nelection-timeout 3s 6s\nrun 20000s\n", "ok.scenario"));
  CHECK(refusal_of("cluster 101\nheartbeat 10s\nrun 20000s\n").line == 3);
}

TEST_CASE("limits: a run that passes the event limit all the same is stopped there, at its command") {
  // 101 nodes with the default timeouts split their votes for a long time: elections
  // cost far more than the heartbeats the estimate counts. (A small limit keeps the
  // test quick; `raftsim run` and `check` use kMaxEvents.)
  const sim::Scenario scenario = sim::parse_scenario("cluster 101\nsay \"go\"\nrun 10s\n", "storm.scenario");
  sim::ScenarioPlayer player(scenario);
  constexpr std::uint64_t kLimit = 20'000;
  while (!player.finished() && !sim::past_event_limit(player, kLimit)) player.step();
  REQUIRE_FALSE(player.finished());
  CHECK(player.simulator().stats().events == kLimit + 1);
  const ScenarioError error = sim::event_limit_error(player, kLimit);
  CHECK(error.location.line == 3);
  CHECK(contains(error.what(), "the run passed the limit of 20000 events (a wait's checks of every node counted) here"));
  CHECK(contains(error.hint, "widen the election timeout"));
}

TEST_CASE("limits: a wait checks every node after every event, and that work counts against the limit") {
  // 1001 nodes for 2s: some 2 million events, within the limit; waiting on a condition
  // for the same 2s also checks 1001 nodes after each, eight checks counted as an event.
  CHECK_NOTHROW(sim::parse_scenario("cluster 1001\nrun 2s\n", "ok.scenario"));
  const Refusal waited = refusal_of("cluster 1001\nrun until term >= 999999 within 2s\n");
  CHECK(waited.line == 2);
  CHECK(contains(waited.message, "about 10095045 events"));
  // While the run goes on, the checks made count as the estimate counted them.
  const sim::Scenario scenario = sim::parse_scenario("cluster 9\nrun until term >= 99 within 1s\n", "wait.scenario");
  sim::ScenarioPlayer player(scenario);
  while (!player.finished()) player.step();
  CHECK(player.node_checks() > 0);
  CHECK(player.node_checks() % 9 == 0);
  CHECK(player.node_checks() / 9 <= player.simulator().stats().events);
  CHECK(sim::past_event_limit(player, player.simulator().stats().events + player.node_checks() / 8 - 1));
  CHECK_FALSE(sim::past_event_limit(player, player.simulator().stats().events + player.node_checks() / 8));
}

TEST_CASE("limits: the estimate is the one `raftsim bench` uses") {
  sim::RunShape shape;
  shape.nodes = 5;
  shape.span = 3600 * kSecond;
  shape.writes = 36'000;
  sim::BenchOptions defaults;
  CHECK(sim::estimated_events(shape) == sim::estimated_bench_events(defaults));
  shape.nodes = 1001;
  shape.span = INT64_MAX;
  shape.heartbeat = 1;
  shape.writes = INT64_MAX;
  shape.steps = UINT64_MAX;
  CHECK(sim::estimated_events(shape) == UINT64_MAX);  // saturates, never wraps
}

TEST_CASE("limits: bench writes and events are estimated before any work") {
  sim::BenchOptions defaults;
  CHECK(sim::bench_writes(defaults) == 36'000);
  // The estimate stays near the default run's 1.04 million events (above, not far above).
  CHECK(sim::estimated_bench_events(defaults) >= 1'000'000);
  CHECK(sim::estimated_bench_events(defaults) <= 1'300'000);
  sim::BenchOptions huge;
  huge.nodes = 1001;
  huge.duration = 100'000 * kSecond;
  huge.write_interval = 100'000 * kSecond;
  CHECK(sim::estimated_bench_events(huge) > sim::kMaxEvents);
}

TEST_CASE("limits: a file is read in blocks and refused at its first byte past a limit") {
  const std::string path = "/tmp/raftsim-hostile-input-test.scenario";
  {
    std::ofstream file(path, std::ios::binary);
    file << "cluster 3\n" << std::string(8'000'000, ',') << "\n";
  }
  try {
    sim::load_scenario(path);
    FAIL("no error for a long line");
  } catch (const ScenarioError& error) {
    CHECK(error.location.line == 2);
    CHECK(error.location.column == 4097);
  }
  std::remove(path.c_str());
  try {
    sim::load_scenario("/dev/zero");
    FAIL("no error for /dev/zero");
  } catch (const ScenarioError& error) {
    CHECK(contains(error.what(), "not a text file"));
  }
}

// ---- What the parser refuses, and the hint of every error ------------------------------------

TEST_CASE("parser: control characters, CR-only endings and invalid UTF-8 are refused where they are") {
  const Refusal escape = refusal_of("say \"\x1b[2J\"");
  CHECK(escape.column == 6);
  CHECK(contains(escape.message, "control character (byte 0x1B)"));
  const Refusal bell = refusal_of("crash\x07 n1");
  CHECK(bell.column == 6);
  const Refusal cr = refusal_of("# made on a Mac\rcluster 3\rrun 1s\r");
  CHECK(cr.line == 1);
  CHECK(cr.column == 16);
  CHECK(contains(cr.hint, "CR-only"));
  CHECK_NOTHROW(sim::parse_scenario("cluster 3\r\nrun 1s\r\n", "crlf.scenario"));
  const Refusal latin1 = refusal_of("say \"caf\xe9\"");
  CHECK(latin1.column == 9);
  CHECK(contains(latin1.message, "not valid UTF-8 (byte 0xE9)"));
  CHECK(sim::parse_scenario("say \"caf\xc3\xa9 \xf0\x9f\x99\x82\"", "utf8.scenario").commands[0].value ==
        "caf\xc3\xa9 \xf0\x9f\x99\x82");
  CHECK(sim::parse_scenario("say \"a\tb\" # \x1b comments may hold anything\n", "tab.scenario").commands[0].value == "a\tb");
}

TEST_CASE("parser: one seed range, 0 to 2^64-1, as on the command line") {
  CHECK(sim::parse_seed("18446744073709551615") == 18446744073709551615ULL);
  CHECK(sim::parse_seed("0") == 0);
  CHECK_FALSE(sim::parse_seed("18446744073709551616"));
  CHECK_FALSE(sim::parse_seed("-1"));
  CHECK_FALSE(sim::parse_seed("+1"));
  CHECK_FALSE(sim::parse_seed(" 1"));
  CHECK_FALSE(sim::parse_seed(""));
  const sim::Scenario parsed = sim::parse_scenario("seed 18446744073709551615\n", "s.scenario");
  CHECK(sim::cluster_config_of(parsed, std::nullopt).seed == 18446744073709551615ULL);
  const Refusal refused = refusal_of("seed 18446744073709551616");
  CHECK(refused.message == "a seed is a whole number from 0 to 18446744073709551615, not '18446744073709551616'");
}

TEST_CASE("parser: too long is too long, however many digits") {
  CHECK(refusal_of("run 999999999s").message == "the duration '999999999s' is too long");
  CHECK(refusal_of("run 999999999999999s").message == "the duration '999999999999999s' is too long");
  CHECK(refusal_of("run 99999999999999999999999999999s").message ==
        "the duration '99999999999999999999999999999s' is too long");
  CHECK(refusal_of("run 100001s").hint == "a duration is at most 100000s");
  CHECK(sim::parse_scenario("cluster 1\nrun 100000s", "ok").commands[1].duration == 100'000 * kSecond);
  CHECK(contains(refusal_of("cluster 99999999999999999999").message, "must be between 1 and 1001"));
}

TEST_CASE("parser: n01 and x=1=2 are refused") {
  const Refusal zero = refusal_of("crash n01");
  CHECK(zero.message == "a node's number has no leading zero, found 'n01'");
  CHECK(zero.hint == "write n1");
  CHECK(contains(refusal_of("write x=1=2").message, "expected key=value, found 'x=1=2'"));
  CHECK(contains(refusal_of("write =2").message, "expected key=value"));
  CHECK(contains(refusal_of("expect committed x=1=2").message, "expected key=value"));
  CHECK(contains(refusal_of("stream k=1 10/s for 1s").message, "a key without '='"));
  CHECK(sim::parse_scenario("write x=", "ok").commands[0].value == "x=");
}

TEST_CASE("parser: every error has a hint") {
  const char* bad_lines[] = {
      "cluster", "cluster x", "cluster 0", "seed", "seed x", "heartbeat 0ms", "heartbeat", "election-timeout 1ms",
      "election-timeout 2ms 1ms", "latency 2ms 1ms", "loss", "loss 5", "loss 101%", "run", "run 5", "run until",
      "run until leader", "run until bogus within 1s", "step x", "step 0", "crash", "crash x", "crash n9",
      "restart leader", "partition n1 n2", "partition n1,n1", "cut n1", "cut n1 n2", "cut n1 -> n1", "heal now",
      "drop", "drop next", "drop next Bogus n1 -> n2", "drop next n1 -> n1", "write", "write x", "write x=1 via",
      "stream", "stream k", "stream k 10", "stream k 10/s", "stream k 10/s for", "timeout n1", "timers", "timers x",
      "say", "say x", "mark now", "expect", "expect n1", "expect n1 role", "expect n1 role x", "expect n1 x",
      "expect term ! 3", "expect messages", "expect messages <= x", "expect messages <= 3", "expect stable",
      "expect stable for 0s", "expect stable since", "expect stable since mark", "expect not not leader",
      "expect not stable for 1s", "expect committed", "\"text\"", "crsh n1",
  };
  for (const char* line : bad_lines) {
    CAPTURE(line);
    const Refusal refusal = refusal_of(std::string("cluster 3\n") + (std::string(line).rfind("cluster", 0) == 0 ? "" : "") + line);
    CHECK_FALSE(refusal.hint.empty());
  }
}

// ---- Work counted -----------------------------------------------------------------------------

namespace {

struct Work {
  std::uint64_t examined = 0;     // log entries read by the conditions
  std::uint64_t log_entries = 0;  // entries in all nodes' logs at the end
  std::uint64_t checks = 0;       // times the condition was checked (once per event)
};

// N writes, then `run until committed` of the last, checked after every event on every
// node, then `expect stored` of it.
Work work_for(int writes) {
  std::string text = "cluster 3\nseed 3\nrun until leader within 2s\n";
  for (int i = 1; i <= writes; ++i) text += "write k" + std::to_string(i) + "=1\n";
  text += "run until committed k" + std::to_string(writes) + "=1 on all within 100s\n";
  text += "expect stored k" + std::to_string(writes) + "=1 on all\n";
  sim::ScenarioPlayer player(sim::parse_scenario(text, "writes.scenario"));
  player.step();  // the leader is elected: the writes and the wait are all that is left
  while (!player.finished() && player.current_command()->kind != sim::Command::Kind::RunUntil) player.step_command();
  const std::uint64_t events_before = player.simulator().stats().events;
  player.play_to_end();
  REQUIRE(player.status() == sim::PlayStatus::Passed);
  Work work{player.entries_examined(), 0, player.simulator().stats().events - events_before};
  for (NodeId node = 1; node <= 3; ++node) work.log_entries += player.simulator().storage(node).last_index();
  return work;
}

}  // namespace

TEST_CASE("player: run until committed reads each log entry about once, however many events it waits") {
  // Before: every check read every committed entry of every node, after every event
  // (20000 writes took 105 s): work of checks times entries. Now each node's log is read
  // once for `committed` and once for `stored`: work of entries, whatever the checks.
  for (const int writes : {1000, 4000, 8000}) {
    const Work work = work_for(writes);
    MESSAGE(writes << " writes: " << work.examined << " entries examined, " << work.log_entries << " log entries, "
                   << work.checks << " checks (the old way read up to " << work.checks * work.log_entries / 3 << ")");
    CHECK(work.examined >= work.log_entries / 2);  // it did read them: the count is real
    CHECK(work.examined <= 2 * work.log_entries + 3);
    CHECK(work.checks * work.log_entries / 3 > 20 * work.examined);  // the old way's work, far above
  }
}

TEST_CASE("player: a restarted node's committed prefix is searched again only from where it was") {
  sim::ScenarioPlayer player(sim::parse_scenario(
      "cluster 3\nseed 2\nnoop off\nrun until leader within 2s\nwrite a=1\nwrite b=2\nrun until committed b=2 on all within 2s\n"
      "crash n1\nrestart n1\nrun until committed b=2 on all within 2s\nexpect committed a=1 on all\n",
      "restart.scenario"));
  player.play_to_end();
  CHECK(player.status() == sim::PlayStatus::Passed);
}

// ---- Output files --------------------------------------------------------------------------------

TEST_CASE("output files: a failed write is reported and a partial regular file removed") {
  sim::OutputFile full;
  REQUIRE_FALSE(full.open("/dev/full", "trace"));
  const std::string line(100'000, 'x');  // past any buffer
  CHECK_FALSE(full.write_line(line));
  CHECK(full.failed());
  const auto error = full.close();
  REQUIRE(error);
  CHECK(contains(*error, "writing the trace file '/dev/full' failed: No space left on device"));

  const std::string path = "/tmp/raftsim-output-test.jsonl";
  sim::OutputFile good;
  REQUIRE_FALSE(good.open(path, "history"));
  CHECK(good.write_line("{}"));
  CHECK_FALSE(good.close());
  std::ifstream written(path);
  std::string content;
  std::getline(written, content);
  CHECK(content == "{}");
  std::remove(path.c_str());

  CHECK(sim::same_file_clash("/tmp/x.jsonl", "trace", "/tmp/./x.jsonl", "history"));
  CHECK_FALSE(sim::same_file_clash("/tmp/x.jsonl", "trace", "/tmp/y.jsonl", "history"));
  CHECK_FALSE(sim::same_file_clash("/dev/null", "trace", "/dev/null", "history"));
}
