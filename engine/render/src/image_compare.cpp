// Golden-image comparison: per-channel statistics, PSNR and a heat picture of the differences.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "dpt/render/image.h"

namespace dpt::render {

Image Image::filled(int width, int height, Rgba8 colour) {
  Image image;
  if (width <= 0 || height <= 0) return image;
  image.width = width;
  image.height = height;
  image.rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
    image.rgba[i + 0] = colour.r;
    image.rgba[i + 1] = colour.g;
    image.rgba[i + 2] = colour.b;
    image.rgba[i + 3] = colour.a;
  }
  return image;
}

ImageDiff compare_images(const Image& a, const Image& b, int channel_tolerance) {
  ImageDiff diff;
  if (a.width != b.width || a.height != b.height || !a.valid() || !b.valid()) {
    diff.max_channel_diff = 255;
    diff.mean_abs_diff = 255.0;
    diff.fraction_over = 1.0;
    diff.pixels_over = std::int64_t{std::max(a.width, b.width)} * std::max(a.height, b.height);
    diff.psnr_db = 0.0;
    return diff;
  }
  diff.size_match = true;
  // Integer sums: exact, and independent of summation order.
  std::uint64_t sum_abs = 0;
  std::uint64_t sum_sq = 0;
  int max_diff = 0;
  std::int64_t over = 0;
  const std::size_t n = a.rgba.size();
  for (std::size_t i = 0; i < n; i += 4) {
    int pixel_max = 0;
    for (std::size_t c = 0; c < 4; ++c) {
      const int d = std::abs(int{a.rgba[i + c]} - int{b.rgba[i + c]});
      sum_abs += static_cast<std::uint64_t>(d);
      sum_sq += static_cast<std::uint64_t>(d * d);
      pixel_max = std::max(pixel_max, d);
    }
    max_diff = std::max(max_diff, pixel_max);
    if (pixel_max > channel_tolerance) ++over;
  }
  const auto samples = static_cast<double>(n);
  const auto pixels = static_cast<double>(n / 4);
  diff.max_channel_diff = max_diff;
  diff.mean_abs_diff = static_cast<double>(sum_abs) / samples;
  diff.pixels_over = over;
  diff.fraction_over = static_cast<double>(over) / pixels;
  // PSNR = 10·log10(MAX² / MSE) with MAX = 255 for 8-bit samples (Gonzalez & Woods, "Digital
  // Image Processing", image fidelity criteria).
  const double mse = static_cast<double>(sum_sq) / samples;
  diff.psnr_db = mse == 0.0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(255.0 * 255.0 / mse);
  return diff;
}

namespace {

// Heat ramp for a difference d in 1..255: black-red -> red -> yellow -> white, with a square root
// so that the small differences a rasteriser makes are still visible.
Rgba8 heat(int d) {
  const double t = std::sqrt(static_cast<double>(d) / 255.0);  // 0.06 .. 1
  const auto ramp = [](double v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
  return Rgba8{ramp(0.35 + 0.65 * t * 3.0), ramp(t * 3.0 - 1.0), ramp(t * 3.0 - 2.0), 255};
}

}  // namespace

Image diff_image(const Image& a, const Image& b) {
  const int width = std::max(a.valid() ? a.width : 0, b.valid() ? b.width : 0);
  const int height = std::max(a.valid() ? a.height : 0, b.valid() ? b.height : 0);
  Image out = Image::filled(width, height, Rgba8{255, 0, 255, 255});  // magenta where only one image is
  if (!a.valid() || !b.valid()) return out;
  const int common_w = std::min(a.width, b.width);
  const int common_h = std::min(a.height, b.height);
  for (int y = 0; y < common_h; ++y) {
    for (int x = 0; x < common_w; ++x) {
      const std::uint8_t* pa = a.pixel(x, y);
      const std::uint8_t* pb = b.pixel(x, y);
      int d = 0;
      for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(int{pa[c]} - int{pb[c]}));
      std::uint8_t* po = out.pixel(x, y);
      if (d == 0) {
        // Rec. 601 luma of `a`, dimmed to a third so that the differences stand out.
        const int luma = (299 * pa[0] + 587 * pa[1] + 114 * pa[2]) / 1000;
        const auto grey = static_cast<std::uint8_t>(luma / 3);
        po[0] = po[1] = po[2] = grey;
        po[3] = 255;
      } else {
        const Rgba8 h = heat(d);
        po[0] = h.r;
        po[1] = h.g;
        po[2] = h.b;
        po[3] = 255;
      }
    }
  }
  return out;
}

bool within(const ImageDiff& diff, const GoldenTolerance& tolerance) {
  return diff.size_match && diff.fraction_over <= tolerance.max_fraction;
}

}  // namespace dpt::render
