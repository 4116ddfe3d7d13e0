// Loading a scenario file: read within the limits of sim/scenario/limits.h, then parsed.
#include "sim/io/text_file.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"

namespace sim {

std::string read_scenario_text(const std::string& path) {
  static const TextFileRules rules{
      .name = "scenario file",
      .max_bytes = kMaxScenarioBytes,
      .max_line_bytes = kMaxLineBytes,
      .folder_hint = "name a .scenario file (raftsim check runs every file in a folder)",
      .text_hint = "a scenario is a text file of commands",
      .line_hint = "split it over several lines; a long narration can be several 'say' lines",
      .size_hint = "a scenario is a short script: use 'stream' for long workloads and 'run' for long spans",
  };
  return read_text_file(path, rules);
}

Scenario load_scenario(const std::string& path) {
  Scenario scenario = parse_scenario(read_scenario_text(path), path);
  // An empty file (or one of comments only) is almost surely the wrong file; running
  // it would "pass" having checked nothing.
  if (scenario.commands.empty()) {
    throw ScenarioError(SourceLocation{path, 1, 1}, "this file has no commands",
                        "a scenario is a text file of commands, one a line: see docs/scenarios.md");
  }
  return scenario;
}

}  // namespace sim
