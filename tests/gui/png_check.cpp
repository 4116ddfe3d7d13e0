// Checks that a screenshot exists and is not blank: enough distinct colours, and
// enough pixels away from the background.
#include <stb_image.h>

#include <cstdio>
#include <set>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_check FILE.png\n");
    return 2;
  }
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(argv[1], &width, &height, &channels, 3);
  if (pixels == nullptr) {
    std::fprintf(stderr, "png_check: cannot read %s\n", argv[1]);
    return 1;
  }
  std::set<unsigned> colours;
  const unsigned background = (pixels[0] << 16) | (pixels[1] << 8) | pixels[2];
  long different = 0;
  for (long i = 0; i < static_cast<long>(width) * height; ++i) {
    const unsigned colour = (pixels[3 * i] << 16) | (pixels[3 * i + 1] << 8) | pixels[3 * i + 2];
    if (colours.size() < 100000) colours.insert(colour);
    if (colour != background) ++different;
  }
  stbi_image_free(pixels);
  const double share = static_cast<double>(different) / (static_cast<double>(width) * height);
  std::printf("%s: %dx%d, %zu colours, %.0f%% differs from the corner\n", argv[1], width, height, colours.size(),
              share * 100);
  if (width < 100 || height < 100 || colours.size() < 50 || share < 0.05) {
    std::fprintf(stderr, "png_check: %s looks blank\n", argv[1]);
    return 1;
  }
  return 0;
}
