#pragma once
// 8-bit RGBA images on the CPU: what the renderer's offscreen capture hands back, what
// `dptwin render` writes as PNG, and what golden-image tests compare. PNG goes through libpng
// (image_png.cpp); comparison is image_compare.cpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::render {

struct Rgba8 {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

// Row 0 is the top row; 4 bytes a pixel (R, G, B, A), rows packed without padding.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;

  static Image filled(int width, int height, Rgba8 colour);

  bool valid() const {
    return width > 0 && height > 0 &&
           rgba.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
  }
  std::size_t offset(int x, int y) const {
    return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
  }
  std::uint8_t* pixel(int x, int y) { return rgba.data() + offset(x, y); }
  const std::uint8_t* pixel(int x, int y) const { return rgba.data() + offset(x, y); }
};

// Writes `image` as an 8-bit PNG: RGB when every alpha is 255, RGBA otherwise. No time stamp or
// other varying chunk, so the same image gives the same bytes (with the same zlib). The value is
// true on success; errors name the file and say why (invalid image, cannot create, disk full).
Result<bool> write_png(const std::filesystem::path& file, const Image& image);

// Reads any PNG of bit depth <= 8 (gray, gray+alpha, RGB, RGBA, palette, with or without tRNS,
// interlaced or not; 16-bit is reduced to 8) as RGBA. Errors name the file and say why (cannot
// open, not a PNG, truncated, corrupt, too large).
Result<Image> read_png(const std::filesystem::path& file);

// --- golden-image comparison ------------------------------------------------------------------

// How two images differ. Channel statistics run over all four channels (R, G, B and A).
struct ImageDiff {
  bool size_match = false;
  int max_channel_diff = 0;        // largest |a - b| over all channels, 0..255
  double mean_abs_diff = 0.0;      // mean |a - b| over all channels
  std::int64_t pixels_over = 0;    // pixels with some channel differing by more than the tolerance
  double fraction_over = 0.0;      // pixels_over / pixel count
  double psnr_db = 0.0;            // 10·log10(255² / MSE); +inf when the images are equal
};

// Acceptance of a rendered image against its golden reference. The defaults allow rasteriser
// differences (lavapipe vs. a GPU, driver versions): at most 0.2 % of the pixels may differ by
// more than 8 levels in a channel.
struct GoldenTolerance {
  int channel_tolerance = 8;
  double max_fraction = 0.002;
};

// When the sizes differ, size_match is false, max_channel_diff 255, fraction_over 1 and psnr 0.
ImageDiff compare_images(const Image& a, const Image& b, int channel_tolerance);

// A heat picture of |a - b| for a failing test to write next to its output: equal pixels show a
// dimmed grey copy of `a`; differing ones go from dark red (1 level) through red and yellow to
// white (255). Pixels outside one of two differently sized images are magenta.
Image diff_image(const Image& a, const Image& b);

// True when the sizes match and at most max_fraction of the pixels exceed the tolerance
// (`diff` must have been made with tolerance.channel_tolerance).
bool within(const ImageDiff& diff, const GoldenTolerance& tolerance);

}  // namespace dpt::render
