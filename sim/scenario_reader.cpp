// Reading a scenario file: incrementally, in small blocks, so that memory stays bounded
// for any input (a huge file, /dev/zero, a pipe, a device) and a bad file is refused as
// soon as its first bad byte is read. The limits are in sim/limits.h.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/limits.h"
#include "sim/safe_text.h"
#include "sim/scenario.h"

namespace sim {

namespace {

// Closes a file descriptor on every way out.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void cannot_open(const std::string& path, int error) {
  const SourceLocation where{path, 0, 0};
  if (error == ENOENT || error == ENOTDIR) {
    throw ScenarioError(where, "cannot open the scenario file: there is no such file",
                        "check the spelling of the name and of its folders");
  }
  if (error == EACCES || error == EPERM) {
    throw ScenarioError(where, "cannot open the scenario file: permission denied",
                        "you may not read this file: make it readable (chmod u+r FILE) or copy it somewhere you can");
  }
  throw ScenarioError(where, std::string("cannot open the scenario file: ") + std::strerror(error),
                      "name a readable text file");
}

// Tracks the line and column of each byte read, and refuses what no scenario holds.
class Screen {
 public:
  explicit Screen(std::string path) : path_(std::move(path)) {}

  void take(const char* bytes, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const char byte = bytes[i];
      if (byte == '\n') {
        ++line_;
        column_ = 0;
        continue;
      }
      ++column_;
      if (byte == '\0') {
        throw ScenarioError(here(), "this is not a text file (it holds a NUL byte)", "a scenario is a text file of commands");
      }
      if (column_ > kMaxLineBytes) {
        throw ScenarioError(here(), "this line is longer than the limit of " + std::to_string(kMaxLineBytes) + " bytes",
                            "split it over several lines; a long narration can be several 'say' lines");
      }
    }
    total_ += count;
    if (total_ > kMaxScenarioBytes) {
      throw ScenarioError(here(), "this file is larger than the limit of " + std::to_string(kMaxScenarioBytes) +
                                      " bytes (1 MiB)",
                          "a scenario is a short script: use 'stream' for long workloads and 'run' for long spans");
    }
  }

 private:
  SourceLocation here() const { return SourceLocation{path_, line_, static_cast<int>(std::max<std::size_t>(column_, 1))}; }
  std::string path_;
  int line_ = 1;
  std::size_t column_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace

std::string read_scenario_text(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ScenarioError(SourceLocation{path, 0, 0}, "this is a folder, not a scenario file",
                        "name a .scenario file (raftsim check runs every file in a folder)");
  }
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) cannot_open(path, errno);
  Screen screen(path);
  std::string text;
  std::array<char, 64 * 1024> block{};
  while (true) {
    const ssize_t count = ::read(file.fd, block.data(), block.size());
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      throw ScenarioError(SourceLocation{path, 0, 0}, std::string("cannot read the scenario file: ") + std::strerror(errno),
                          errno == EISDIR ? "name a file, not a folder" : "name a readable text file");
    }
    screen.take(block.data(), static_cast<std::size_t>(count));
    text.append(block.data(), static_cast<std::size_t>(count));
  }
  return text;
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
