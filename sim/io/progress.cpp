#include "sim/io/progress.h"

#include <unistd.h>

namespace sim {

bool Progress::terminal_wanted() { return isatty(STDERR_FILENO) != 0; }

void Progress::draw(const std::string& text) {
  out_ << '\r' << text << "\033[K" << std::flush;  // \033[K: erase the rest of the line
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  out_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace sim
