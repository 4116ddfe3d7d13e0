// An output file (the trace, the history) whose every write is checked: a write, flush or
// close that fails (a full disk, /dev/full, a closed pipe) is reported, never lost in
// silence, and a partial regular file is removed so that no one mistakes it for a whole one.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace sim {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Opens (and truncates) `path` to hold the `what` ("trace"); the error message if it cannot.
  std::optional<std::string> open(const std::string& path, const std::string& what);
  bool is_open() const { return file_ != nullptr; }
  // Writes `line` and a newline; false once any write has failed.
  bool write_line(const std::string& line);
  // Pushes what is buffered to the file now (so a full disk shows before a long run).
  bool flush();
  // Flushes and closes. On any failure, since opening, removes the partial file (a
  // regular file only; never a device) and returns the error message.
  std::optional<std::string> close();
  bool failed() const { return error_ != 0; }

 private:
  void remember(int error);
  std::string message() const;

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string what_;
  int error_ = 0;  // the first errno, 0 while all is well
};

// Output paths checked against each other and against the input before anything runs:
// the message if `output` names the same file as `other` (which must not be overwritten
// or written twice). Devices such as /dev/null may be named twice.
std::optional<std::string> same_file_clash(const std::string& output, const std::string& output_what,
                                           const std::string& other, const std::string& other_what);

}  // namespace sim
