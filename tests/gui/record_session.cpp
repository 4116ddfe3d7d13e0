// Plays an interactive session through the GUI's model (what a teacher's clicks do),
// then writes its recording as a scenario file and its trace as `raftsim run --trace`
// would: record_session.cmake checks that `raftsim run` of the file gives the very same
// trace, line for line.
#include <fstream>
#include <iostream>

#include "gui/model/session.h"
#include "sim/record/trace.h"

using gui::Action;
using gui::UiCommand;
using raft::kMillisecond;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: record_session OUT.scenario OUT.jsonl\n";
    return 2;
  }
  gui::Session session(gui::Origin{"the classroom lesson",
                                   sim::parse_scenario("cluster 5\nseed 9\nlatency 10ms 30ms\n"
                                                       "say \"An election.\"\nrun until leader within 3s\n"
                                                       "write x=1\nrun 1s\n",
                                                       "lesson"),
                                   {}});
  session.play_to(800 * kMillisecond);  // in the middle of `run 1s`
  session.apply(UiCommand::act(Action::crash(*session.simulator().leader())));
  session.play_to(1234'567);
  session.apply(UiCommand::act(Action::partition({{1, 2}, {3, 4, 5}})));
  session.apply(UiCommand::act(Action::write("y=2")));
  for (int i = 0; i < 25; ++i) session.apply(UiCommand::simple(UiCommand::Kind::StepEvent));
  session.play_to(2000 * kMillisecond);
  session.apply(UiCommand::act(Action::heal()));
  session.apply(UiCommand::act(Action::spread_timers()));
  session.play_to(3000 * kMillisecond);

  std::ofstream scenario(argv[1]);
  scenario << session.recording();
  std::ofstream trace(argv[2], std::ios::binary);
  const auto& records = session.history().branch().records;
  for (std::size_t i = 0; i < session.history().visible_records(); ++i) trace << sim::trace_line(records[i]) << '\n';
  return scenario && trace ? 0 : 1;
}
