#include "sim/io/output_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/io/safe_text.h"

namespace sim {

namespace {

bool is_regular_file(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

}  // namespace

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
}

std::optional<std::string> OutputFile::open(const std::string& path, const std::string& what) {
  path_ = path;
  what_ = what;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return "raftsim: error: the " + what + " file '" + printable(path) + "' is a folder\n  hint: name a file in it";
  }
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    return "raftsim: error: cannot write the " + what + " file '" + printable(path) + "': " + std::strerror(errno) +
           "\n  hint: check that its folder exists and is writable";
  }
  return std::nullopt;
}

void OutputFile::remember(int error) {
  if (error_ == 0) error_ = error != 0 ? error : EIO;
}

bool OutputFile::write_line(const std::string& line) {
  if (file_ == nullptr || failed()) return false;
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fputc('\n', file_) == EOF) remember(errno);
  return !failed();
}

bool OutputFile::flush() {
  if (file_ == nullptr || failed()) return false;
  if (std::fflush(file_) != 0) remember(errno);
  return !failed();
}

std::optional<std::string> OutputFile::close() {
  if (file_ == nullptr) return std::nullopt;
  if (!failed() && std::fflush(file_) != 0) remember(errno);
  if (std::fclose(file_) != 0) remember(errno);
  file_ = nullptr;
  if (!failed()) return std::nullopt;
  return message();
}

std::string OutputFile::message() const {
  std::string text = "raftsim: error: writing the " + what_ + " file '" + printable(path_) + "' failed: " + std::strerror(error_);
  if (is_regular_file(path_) && std::remove(path_.c_str()) == 0) {
    text += "\n  hint: the partial file was removed; free some space, or name a file on another disk";
  } else {
    text += "\n  hint: name a file on a disk with room (nothing was written in full)";
  }
  return text;
}

std::optional<std::string> same_file_clash(const std::string& output, const std::string& output_what,
                                           const std::string& other, const std::string& other_what) {
  if (output.empty() || other.empty()) return std::nullopt;
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(output, error);
  bool same = false;
  if (fs::exists(status) && fs::exists(other, error)) {
    if (fs::is_character_file(status) || fs::is_block_file(status) || fs::is_fifo(status)) return std::nullopt;
    same = fs::equivalent(output, other, error);
  } else {
    const fs::path a = fs::weakly_canonical(fs::absolute(output, error), error);
    const fs::path b = error ? fs::path() : fs::weakly_canonical(fs::absolute(other, error), error);
    same = !error && a == b;
  }
  if (!same) return std::nullopt;
  return "raftsim: error: the " + output_what + " file '" + printable(output) + "' is the " + other_what + " file ('" +
         printable(other) + "')\n  hint: name a different file for the " + output_what +
         "; writing it would destroy the " + other_what;
}

}  // namespace sim
