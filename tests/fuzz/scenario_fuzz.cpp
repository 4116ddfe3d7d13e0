// A libFuzzer target for the scenario language: any bytes are parsed as a scenario;
// one that parses is played, with its trace lines and timeline written to nowhere, so
// the parser, the player, the simulator and the output layer all meet hostile input.
// A crash, a sanitizer report or a hang is a bug; a ScenarioError is the right answer.
//
// Build: CC=clang CXX=clang++ cmake -S . -B build/fuzz -DRAFTSIM_FUZZ=ON -DRAFTSIM_GUI=OFF
// -DRAFTSIM_TESTS=OFF && cmake --build build/fuzz --target scenario_fuzz; run as in .ci/run.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>

#include "sim/record/timeline.h"
#include "sim/record/trace.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/player.h"
#include "sim/scenario/scenario.h"

namespace {

// A scenario may legitimately run for 100000 virtual seconds per line; the fuzzer plays
// each input only this far, so that a long scenario is not mistaken for a hang.
constexpr std::uint64_t kEventBudget = 2'000;
constexpr sim::Time kVirtualTimeBudget = 20 * raft::kSecond;

// Discards what is written (the timeline's text is built, then dropped).
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize count) override { return count; }
};

void play(sim::Scenario scenario) {
  NullBuffer discard;
  std::ostream nowhere(&discard);
  sim::ScenarioPlayer player(std::move(scenario));
  sim::Simulator& simulator = player.simulator();
  simulator.set_recording(true);
  (void)sim::trace_header(player.scenario().file, simulator.config());
  sim::Timeline timeline(nowhere, sim::Verbosity::Verbose, true);
  while (!player.finished() && simulator.stats().events < kEventBudget && simulator.now() < kVirtualTimeBudget) {
    player.step();
    for (const sim::Record& record : simulator.take_records()) {
      // A message's JSON (most of the fuzzer's time) holds only what other records
      // show: the values written, which the client's own records carry.
      const bool message = record.kind == sim::RecordKind::Deliver || record.kind == sim::RecordKind::Drop;
      if (!message) nowhere << sim::trace_line(record);
      timeline.print(record, simulator);
    }
    for (const sim::Note& note : player.take_notes()) {
      nowhere << sim::trace_line(note);
      timeline.print(note);
    }
  }
  if (player.finished()) (void)sim::trace_result(player);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > sim::kMaxScenarioBytes) return -1;  // the reader refuses these before parsing
  const std::string text(reinterpret_cast<const char*>(data), size);
  sim::Scenario scenario;
  try {
    scenario = sim::parse_scenario(text, "fuzz.scenario");
  } catch (const sim::ScenarioError& error) {
    (void)sim::format_error(error);
    return 0;
  }
  play(std::move(scenario));
  return 0;
}
