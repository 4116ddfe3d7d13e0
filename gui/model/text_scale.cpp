#include "gui/model/text_scale.h"

#include <algorithm>
#include <cmath>

namespace gui {

float text_scale(int window_width, int window_height, float zoom, float lines_min) {
  const float fit = std::min(static_cast<float>(window_width) / 1500.0f, static_cast<float>(window_height) / 950.0f);
  const float largest = static_cast<float>(window_height) / std::max(lines_min, 1.0f) / 18.0f;
  // Zoom never makes the text smaller than the window alone gives it (a tiny window
  // keeps its text readable), and never larger than the lines allow.
  const float zoomed = std::min(std::clamp(fit, 0.6f, 3.0f) * zoom, std::max(largest, fit));
  return std::round(std::clamp(zoomed, 0.4f, 6.0f) * 8.0f) / 8.0f;
}

}  // namespace gui
