// PNG in and out (round trip, palette and gray files made here with libpng directly, broken files)
// and golden-image comparison against hand-computed numbers.
#include <png.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "dpt/render/image.h"

using namespace dpt::render;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
  const fs::path dir = fs::temp_directory_path() / ("dpt_test_image_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::vector<std::uint8_t> file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Image random_image(int w, int h, bool opaque, unsigned seed) {
  std::mt19937 rng(seed);
  Image image = Image::filled(w, h, {});
  for (std::size_t i = 0; i < image.rgba.size(); ++i)
    image.rgba[i] = (opaque && i % 4 == 3) ? 255 : static_cast<std::uint8_t>(rng() & 0xFF);
  return image;
}

// Writes a PNG of any colour type with libpng itself (no dptwin code), for the reader to meet
// layouts our writer never produces. Errors abort the test via png's default handler.
void write_raw_png(const fs::path& p, int w, int h, int bit_depth, int colour_type, const std::vector<std::uint8_t>& rows_data,
                   const std::vector<png_color>& palette = {}, const std::vector<png_byte>& trns = {}) {
  FILE* f = std::fopen(p.c_str(), "wb");
  REQUIRE(f != nullptr);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, f);
  png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), bit_depth, colour_type,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!palette.empty()) png_set_PLTE(png, info, palette.data(), static_cast<int>(palette.size()));
  if (!trns.empty()) png_set_tRNS(png, info, trns.data(), static_cast<int>(trns.size()), nullptr);
  png_write_info(png, info);
  const std::size_t stride = rows_data.size() / static_cast<std::size_t>(h);
  for (int y = 0; y < h; ++y)
    png_write_row(png, rows_data.data() + static_cast<std::size_t>(y) * stride);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(f);
}

}  // namespace

TEST_CASE("PNG round trip is bit-exact, RGBA and opaque RGB", "[image][png]") {
  const fs::path dir = scratch_dir();
  for (const bool opaque : {false, true}) {
    const Image original = random_image(37, 23, opaque, opaque ? 7u : 11u);
    const fs::path p = dir / (opaque ? "rgb.png" : "rgba.png");
    const auto written = write_png(p, original);
    REQUIRE(written.ok());
    const auto bytes = file_bytes(p);
    REQUIRE(bytes.size() > 33);
    // IHDR colour type (byte 25 of the file): 2 = RGB when every alpha is 255, 6 = RGBA.
    CHECK(int{bytes[25]} == (opaque ? 2 : 6));
    const auto read = read_png(p);
    REQUIRE(read.ok());
    CHECK(read->width == 37);
    CHECK(read->height == 23);
    CHECK(read->rgba == original.rgba);
    // Deterministic bytes: a second write is identical.
    const fs::path again = dir / "again.png";
    REQUIRE(write_png(again, original).ok());
    CHECK(file_bytes(again) == bytes);
  }
  fs::remove_all(dir);
}

TEST_CASE("PNG reader expands palette (with tRNS) and gray files to RGBA", "[image][png]") {
  const fs::path dir = scratch_dir();
  SECTION("8-bit palette, two entries translucent") {
    const std::vector<png_color> palette = {{10, 20, 30}, {200, 100, 50}, {0, 255, 0}};
    const std::vector<png_byte> trns = {0, 128};  // entry 2 has no tRNS entry: opaque
    const std::vector<std::uint8_t> indices = {0, 1, 2, 2, 1, 0};  // 3x2
    write_raw_png(dir / "pal.png", 3, 2, 8, PNG_COLOR_TYPE_PALETTE, indices, palette, trns);
    const auto read = read_png(dir / "pal.png");
    REQUIRE(read.ok());
    REQUIRE(read->width == 3);
    REQUIRE(read->height == 2);
    const std::vector<std::uint8_t> expected = {10, 20, 30, 0,  200, 100, 50, 128, 0,  255, 0,  255,
                                                0,  255, 0, 255, 200, 100, 50, 128, 10, 20,  30, 0};
    CHECK(read->rgba == expected);
  }
  SECTION("8-bit gray") {
    const std::vector<std::uint8_t> gray = {0, 64, 255, 17};  // 2x2
    write_raw_png(dir / "gray.png", 2, 2, 8, PNG_COLOR_TYPE_GRAY, gray);
    const auto read = read_png(dir / "gray.png");
    REQUIRE(read.ok());
    const std::vector<std::uint8_t> expected = {0, 0, 0, 255, 64, 64, 64, 255, 255, 255, 255, 255, 17, 17, 17, 255};
    CHECK(read->rgba == expected);
  }
  SECTION("1-bit gray scales to 0 and 255") {
    const std::vector<std::uint8_t> bits = {0b10100000};  // 3x1: white, black, white
    write_raw_png(dir / "bits.png", 3, 1, 1, PNG_COLOR_TYPE_GRAY, bits);
    const auto read = read_png(dir / "bits.png");
    REQUIRE(read.ok());
    const std::vector<std::uint8_t> expected = {255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255};
    CHECK(read->rgba == expected);
  }
  SECTION("8-bit gray with alpha") {
    const std::vector<std::uint8_t> ga = {100, 7, 200, 250};  // 2x1
    write_raw_png(dir / "ga.png", 2, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA, ga);
    const auto read = read_png(dir / "ga.png");
    REQUIRE(read.ok());
    const std::vector<std::uint8_t> expected = {100, 100, 100, 7, 200, 200, 200, 250};
    CHECK(read->rgba == expected);
  }
  fs::remove_all(dir);
}

TEST_CASE("PNG errors name the file and say why", "[image][png]") {
  const fs::path dir = scratch_dir();
  const fs::path good = dir / "good.png";
  REQUIRE(write_png(good, random_image(64, 64, false, 3)).ok());
  const auto bytes = file_bytes(good);

  SECTION("truncated") {
    for (const std::size_t keep : {bytes.size() / 2, bytes.size() - 6, std::size_t{20}, std::size_t{5}}) {
      const fs::path cut = dir / "cut.png";
      std::ofstream(cut, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(keep));
      const auto read = read_png(cut);
      REQUIRE_FALSE(read.ok());
      const std::string message = read.errors().to_string();
      INFO(keep << " bytes: " << message);
      CHECK(message.find(cut.string()) != std::string::npos);
      CHECK(message.find("truncated") != std::string::npos);
    }
  }
  SECTION("not a PNG") {
    const fs::path text = dir / "notes.png";
    std::ofstream(text) << "this is not an image\n";
    const auto read = read_png(text);
    REQUIRE_FALSE(read.ok());
    const std::string message = read.errors().to_string();
    CHECK(message.find(text.string()) != std::string::npos);
    CHECK(message.find("not a PNG") != std::string::npos);
  }
  SECTION("missing file, and an unwritable path") {
    const auto read = read_png(dir / "absent.png");
    REQUIRE_FALSE(read.ok());
    CHECK(read.errors().to_string().find("absent.png") != std::string::npos);
    CHECK(read.errors().to_string().find("cannot open") != std::string::npos);
    const auto written = write_png(dir / "no" / "such" / "dir.png", random_image(2, 2, true, 1));
    REQUIRE_FALSE(written.ok());
    CHECK(written.errors().to_string().find("dir.png") != std::string::npos);
  }
  SECTION("an invalid image is not written") {
    Image bad;
    bad.width = 4;
    bad.height = 4;
    bad.rgba.resize(10);
    const auto written = write_png(dir / "bad.png", bad);
    REQUIRE_FALSE(written.ok());
    CHECK(written.errors().to_string().find("invalid image") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("compare_images counts known differences exactly", "[image][compare]") {
  const Image a = random_image(50, 40, true, 5);  // 2000 pixels, 8000 samples

  SECTION("equal images") {
    const ImageDiff d = compare_images(a, a, 0);
    CHECK(d.size_match);
    CHECK(d.max_channel_diff == 0);
    CHECK(d.pixels_over == 0);
    CHECK(d.mean_abs_diff == 0.0);
    CHECK(std::isinf(d.psnr_db));
    CHECK(within(d, GoldenTolerance{}));
  }
  SECTION("one pixel changed by 20 in one channel") {
    Image b = a;
    std::uint8_t& g = b.pixel(17, 9)[1];
    g = static_cast<std::uint8_t>(g >= 20 ? g - 20 : g + 20);
    const ImageDiff d = compare_images(a, b, 8);
    CHECK(d.size_match);
    CHECK(d.max_channel_diff == 20);
    CHECK(d.pixels_over == 1);
    CHECK(d.fraction_over == Approx(1.0 / 2000.0));
    CHECK(d.mean_abs_diff == Approx(20.0 / 8000.0));
    // MSE = 400 / 8000 = 0.05 -> PSNR = 10·log10(65025 / 0.05) = 61.14 dB
    CHECK(d.psnr_db == Approx(10.0 * std::log10(65025.0 / 0.05)));
    CHECK(compare_images(a, b, 20).pixels_over == 0);  // "exceeds" is strict
    CHECK(compare_images(a, b, 19).pixels_over == 1);
    CHECK(within(d, GoldenTolerance{}));                       // 0.05 % <= 0.2 %
    CHECK_FALSE(within(d, GoldenTolerance{8, 0.0001}));
  }
  SECTION("uniform +1 offset: PSNR = 20·log10(255)") {
    Image base = Image::filled(16, 16, {100, 150, 200, 100});
    Image plus = Image::filled(16, 16, {101, 151, 201, 101});
    const ImageDiff d = compare_images(base, plus, 0);
    CHECK(d.psnr_db == Approx(20.0 * std::log10(255.0)).epsilon(1e-12));  // 48.13 dB
    CHECK(d.max_channel_diff == 1);
    CHECK(d.mean_abs_diff == 1.0);
    CHECK(d.pixels_over == 256);
    CHECK(d.fraction_over == 1.0);
    CHECK(compare_images(base, plus, 1).pixels_over == 0);
  }
  SECTION("different sizes never pass") {
    const Image small = Image::filled(49, 40, {});
    const ImageDiff d = compare_images(a, small, 255);
    CHECK_FALSE(d.size_match);
    CHECK(d.psnr_db == 0.0);
    CHECK_FALSE(within(d, GoldenTolerance{255, 1.0}));
  }
}

TEST_CASE("diff_image shows where images differ", "[image][compare]") {
  const Image a = Image::filled(8, 6, {90, 90, 90, 255});
  Image b = a;
  b.pixel(3, 2)[0] = 255;  // differs by 165
  const Image heat = diff_image(a, b);
  REQUIRE(heat.width == 8);
  REQUIRE(heat.height == 6);
  const std::uint8_t* same = heat.pixel(0, 0);
  CHECK(int{same[0]} == 30);  // luma 90, dimmed to a third
  CHECK(int{same[0]} == int{same[1]});
  const std::uint8_t* hot = heat.pixel(3, 2);
  CHECK(int{hot[0]} == 255);  // sqrt(165/255) = 0.80: red, yellow and some white
  CHECK(int{hot[1]} == 255);
  CHECK(int{hot[2]} > 100);
  // Sizes differ: the part only one image covers is magenta.
  const Image wider = diff_image(a, Image::filled(10, 6, {90, 90, 90, 255}));
  REQUIRE(wider.width == 10);
  CHECK(int{wider.pixel(9, 0)[0]} == 255);
  CHECK(int{wider.pixel(9, 0)[1]} == 0);
  CHECK(int{wider.pixel(9, 0)[2]} == 255);
  CHECK(int{wider.pixel(2, 0)[0]} == 30);
}
