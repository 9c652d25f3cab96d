// png_check FILE WIDTH HEIGHT: exits 0 if FILE is a PNG of exactly WIDTH x HEIGHT pixels that is not
// blank (enough distinct colours, and a fair share of pixels that differ from the most common colour);
// otherwise prints why and exits 1. Used by the arbiter-gui screenshot tests.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <stb/stb_image.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT\n");
    return 2;
  }
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(argv[1], &w, &h, &channels, 3);
  if (data == nullptr) {
    std::fprintf(stderr, "png_check: cannot read %s as an image\n", argv[1]);
    return 1;
  }
  int status = 0;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "png_check: %s is %dx%d, expected %dx%d\n", argv[1], w, h, want_w, want_h);
    status = 1;
  }
  std::unordered_map<unsigned, long> counts;
  const long n = static_cast<long>(w) * h;
  for (long i = 0; i < n; ++i) {
    const unsigned c = (unsigned(data[3 * i]) << 16) | (unsigned(data[3 * i + 1]) << 8) | data[3 * i + 2];
    ++counts[c];
  }
  long most = 0;
  for (const auto& [c, k] : counts) most = k > most ? k : most;
  const double other = n > 0 ? 1.0 - static_cast<double>(most) / static_cast<double>(n) : 0.0;
  std::printf("png_check: %s: %dx%d, %zu distinct colours, %.1f%% of pixels differ from the commonest\n", argv[1], w,
              h, counts.size(), other * 100.0);
  if (counts.size() < 32 || other < 0.05) {
    std::fprintf(stderr, "png_check: %s looks blank\n", argv[1]);
    status = 1;
  }
  stbi_image_free(data);
  return status;
}
