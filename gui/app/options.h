// raftsim-gui's command line: one table of flags (CLI11), each with the range it
// accepts, and --help printed from that table. A bad flag is exit code 2 with a
// message that names the flag and what it accepts; nothing is opened or drawn.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "gui/model/session.h"

namespace gui {

inline constexpr int kExitBadFlag = 2;

struct Options {
  std::string scenario;  // empty: the built-in classroom lesson
  std::optional<std::uint64_t> seed;
  std::optional<Time> at;
  std::string screenshot;
  bool exit = false;
  int width = 1600;
  int height = 1000;
  float zoom = 1.0f;
  int select = 0;  // 0: no node selected
  std::string tab;
  bool play = false;
  double speed = Session::kDefaultSpeed;
  int benchmark_frames = 0;
  int seek_benchmark = 0;
  bool help = false;
  bool lecture = false;  // lecture mode: no side panels, large text (F5 toggles)
};

// Parses argv into `options`. Returns the exit code to stop with (0 after --help, 2 on
// a bad flag, with the message on `err`), or nullopt to go on.
std::optional<int> parse_options(int argc, const char* const* argv, Options& options, std::ostream& out,
                                 std::ostream& err);

// The checks that need the scenario (e.g. --select against its cluster size): empty
// if the options fit, else the message to print before exiting with kExitBadFlag.
std::string check_against_scenario(const Options& options, int cluster_size);

// `text` safe for a terminal: control characters (but line breaks) and bytes that are
// not UTF-8 become \xNN, so that a hostile argument cannot drive the terminal.
std::string printable(const std::string& text);

}  // namespace gui
