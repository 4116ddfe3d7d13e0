// Progress of a long command (`chaos` with many seeds, a long `bench`), shown on one
// line of standard error when it is a terminal, and never when it is piped or saved,
// so logs and scripts see only the results. The wall clock only paces the updates.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

namespace sim {

class Progress {
 public:
  // Shows progress on `out` only if `enabled` (standard error is a terminal).
  Progress(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Redraws the line with `text` (built only when shown), at most 5 times a second.
  template <typename Text>
  void update(Text&& text) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    draw(text());
  }
  // Erases the line, before the results are printed.
  void clear();

  static bool terminal_wanted();  // standard error is a terminal

 private:
  void draw(const std::string& text);
  std::ostream& out_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sim
