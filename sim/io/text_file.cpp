#include "sim/io/text_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/scenario/scenario.h"

namespace sim {

namespace {

// Closes a file descriptor on every way out.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void cannot_open(const std::string& path, const TextFileRules& rules, int error) {
  const SourceLocation where{path, 0, 0};
  const std::string what = "cannot open the " + rules.name + ": ";
  if (error == ENOENT || error == ENOTDIR)
    throw ScenarioError(where, what + "there is no such file", "check the spelling of the name and of its folders");
  if (error == EACCES || error == EPERM) {
    throw ScenarioError(where, what + "permission denied",
                        "you may not read this file: make it readable (chmod u+r FILE) or copy it somewhere you can");
  }
  throw ScenarioError(where, what + std::strerror(error), rules.text_hint);
}

// Tracks the line and column of each byte read, and refuses what the file may not hold.
class Screen {
 public:
  Screen(const std::string& path, const TextFileRules& rules) : path_(path), rules_(rules) {}

  void take(const char* bytes, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const char byte = bytes[i];
      if (byte == '\n') {
        ++line_;
        column_ = 0;
        continue;
      }
      ++column_;
      if (byte == '\0') throw ScenarioError(here(), "this is not a text file (it holds a NUL byte)", rules_.text_hint);
      if (rules_.max_line_bytes != 0 && column_ > rules_.max_line_bytes) {
        throw ScenarioError(here(), "this line is longer than the limit of " + std::to_string(rules_.max_line_bytes) + " bytes",
                            rules_.line_hint);
      }
    }
    total_ += count;
    if (total_ > rules_.max_bytes)
      throw ScenarioError(here(), "this file is larger than the limit of " + byte_limit_text(rules_.max_bytes), rules_.size_hint);
  }

 private:
  SourceLocation here() const { return SourceLocation{path_, line_, static_cast<int>(std::max<std::uint64_t>(column_, 1))}; }
  const std::string& path_;
  const TextFileRules& rules_;
  int line_ = 1;
  std::uint64_t column_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace

std::string byte_limit_text(std::uint64_t bytes) {
  return std::to_string(bytes) + " bytes (" + std::to_string(bytes >> 20) + " MiB)";
}

std::string read_text_file(const std::string& path, const TextFileRules& rules) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw ScenarioError(SourceLocation{path, 0, 0}, "this is a folder, not a " + rules.name, rules.folder_hint);
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) cannot_open(path, rules, errno);
  Screen screen(path, rules);
  std::string text;
  std::array<char, 64 * 1024> block{};
  while (true) {
    const ssize_t count = ::read(file.fd, block.data(), block.size());
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      throw ScenarioError(SourceLocation{path, 0, 0}, "cannot read the " + rules.name + ": " + std::strerror(errno),
                          errno == EISDIR ? "name a file, not a folder" : rules.text_hint);
    }
    screen.take(block.data(), static_cast<std::size_t>(count));
    text.append(block.data(), static_cast<std::size_t>(count));
  }
  return text;
}

}  // namespace sim
