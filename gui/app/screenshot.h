// Reads the frame just rendered (the back buffer) and writes it as a PNG.
#pragma once

#include <string>

namespace gui {

// Returns false (and says why on stderr) if the file could not be written.
bool save_screenshot(const std::string& path, int width, int height);

}  // namespace gui
