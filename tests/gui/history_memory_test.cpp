// The time machine stays light on a long lecture: what it holds grows with the run,
// not with its square, and scrubbing far back is still exact.
#include <doctest/doctest.h>

#include <string>

#include "fingerprint.h"
#include "gui/model/session.h"
#include "heap_counter.h"
#include "sim/scenario/scenario.h"

using gui::Session;
using gui::UiCommand;
using raft::kSecond;

namespace {

// A write every 100 ms for five minutes, as in a long class.
gui::Origin long_lecture() {
  const std::string text =
      "cluster 5\nseed 1\nrun until leader within 2s\nstream x 10/s for 300s\nrun 300s\n";
  return gui::Origin{"long lecture", sim::parse_scenario(text, "long-lecture.scenario"), std::nullopt};
}

// The state without its clock: a seek shows the moment after the last op at or before
// the time asked, and playing there may have moved the clock on without an event.
std::string without_clock(const sim::Simulator& simulator) {
  const std::string print = gui_test::fingerprint(simulator);
  return print.substr(print.find(" events "));
}

}  // namespace

TEST_CASE("history: the bytes held grow in proportion to the run (checkpoints share the logs)") {
  const std::size_t before = gui_test::live_heap_bytes();
  Session session(long_lecture());
  session.play_to(150 * kSecond);
  const std::size_t at_half = gui_test::live_heap_bytes() - before;
  session.play_to(300 * kSecond);
  const std::size_t at_end = gui_test::live_heap_bytes() - before;
  REQUIRE(session.simulator().committed_length() > 2900);  // the writes really happened
  MESSAGE("held after 150 s: " << at_half / 1000 << " KB, after 300 s: " << at_end / 1000 << " KB");
  // Linear growth doubles from 150 s to 300 s; copying every log into every checkpoint
  // (memory growing with the square of the run) quadruples it.
  CHECK(at_end < at_half * 23 / 10);
  // The lecture's budget is 500 MB for an hour, in all; the window and the app take
  // about 120 MB of it (Mesa's llvmpipe at 1280x720, docs/gui.md "Long lectures"), which
  // leaves 380 MB for the history. At this rate (linear, as checked above) an hour holds
  // twelve times what five minutes hold. Records are kept encoded (gui/model/
  // record_store.h): whole, with their reasons and decisions, they made this 47 MB.
  CHECK(at_end * 12 < 380'000'000);
}

TEST_CASE("history: after a long run, seeking anywhere shows exactly the state reached by playing there") {
  Session scrubbed(long_lecture());
  scrubbed.play_to(300 * kSecond);
  for (const raft::Time at : {299 * kSecond + 123'457, 7 * kSecond + 1, 150 * kSecond, 61 * kSecond + 250'000}) {
    CAPTURE(at);
    scrubbed.apply(UiCommand::seek(at));
    Session straight(long_lecture());
    straight.play_to(at);
    CHECK(scrubbed.history().position() == straight.history().position());
    CHECK(without_clock(scrubbed.simulator()) == without_clock(straight.simulator()));
    CHECK(scrubbed.history().visible_records() == straight.history().visible_records());
  }
}
