// Reading a text file someone handed us (a scenario, a history): in small blocks, so
// that memory stays bounded for any input (a huge file, /dev/zero, a pipe, a device),
// and refused, with the line and column, as soon as its first bad byte is read.
#pragma once

#include <cstdint>
#include <string>

namespace sim {

// What a kind of file is called and what it may hold, for the errors that name it.
struct TextFileRules {
  std::string name;              // "scenario file", "history file"
  std::uint64_t max_bytes = 0;
  std::uint64_t max_line_bytes = 0;  // 0: no limit on a line
  std::string folder_hint;       // when a folder is named instead
  std::string text_hint;         // what the file should hold (a NUL byte was found)
  std::string line_hint;         // how to shorten a long line
  std::string size_hint;         // how to stay under the limit
};

// The whole file, or a ScenarioError located at the offending byte.
std::string read_text_file(const std::string& path, const TextFileRules& rules);

// "1048576 bytes (1 MiB)"
std::string byte_limit_text(std::uint64_t bytes);

}  // namespace sim
