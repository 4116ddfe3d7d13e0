// The readable timeline printed by `raftsim run`: elections, votes, leader changes,
// commits, faults, client results, narration and expectations, one line each.
#pragma once

#include <ostream>
#include <string>

#include "sim/cluster/simulator.h"
#include "sim/record/record.h"
#include "sim/scenario/player.h"

namespace sim {

enum class Verbosity : std::uint8_t { Quiet, Normal, Verbose };

class Timeline {
 public:
  Timeline(std::ostream& out, Verbosity verbosity, bool colour) : out_(out), verbosity_(verbosity), colour_(colour) {}

  // Call after the records were produced, while `simulator` still shows their outcome.
  void print(const Record& record, const Simulator& simulator);
  void print(const Note& note);

 private:
  void line(Time time, const std::string& who, const std::string& text, const char* colour = nullptr);
  std::string paint(const std::string& text, const char* colour) const;

  std::ostream& out_;
  Verbosity verbosity_;
  bool colour_;
};

}  // namespace sim
