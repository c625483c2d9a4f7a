// PNG in and out with libpng. libpng reports errors by longjmp to a setjmp point; jumping over a
// live C++ object with a destructor is undefined, so each setjmp lives in a small function
// (`encode`, `decode`) whose frame holds only plain pointers and integers, and every C++ object
// (buffers, row pointers, the image) belongs to its caller. The error callback copies libpng's
// message into a plain buffer before jumping. Files are read and written whole through
// iostreams, so libpng only ever sees memory.
#include <png.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dpt/render/image.h"

namespace dpt::render {
namespace {

// Renderer output is at most a few thousand pixels a side; this also bounds what a corrupt or
// hostile header can make us allocate.
constexpr png_uint_32 kMaxSide = 16384;

struct PngError {
  char message[256] = {};
};

void on_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof error->message, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}  // warnings (e.g. a bad CRC in an ancillary chunk) are not errors

// --- writing --------------------------------------------------------------------------------

void write_to_vector(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

void flush_nothing(png_structp) {}

// Encodes `rows` (already in the PNG's pixel layout) into `out`. Returns false on a libpng error,
// whose message on_error has put in the PngError given to png_create_write_struct.
bool encode(png_structp png, png_infop info, png_uint_32 width, png_uint_32 height, int colour_type,
            png_bytepp rows, std::vector<std::uint8_t>* out) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_write_fn(png, out, write_to_vector, flush_nothing);
  png_set_IHDR(png, info, width, height, 8, colour_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 6);  // fixed, so that the bytes do not depend on libpng's default
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

// --- reading --------------------------------------------------------------------------------

struct MemoryReader {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t position = 0;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* in = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (in->size - in->position < length) png_error(png, "truncated (the file ends inside the image data)");
  std::memcpy(out, in->data + in->position, length);
  in->position += length;
}

// Everything decode() needs that has a destructor, owned by read_png's frame.
struct DecodeBuffers {
  std::vector<png_bytep> rows;
  Image image;
};

bool decode(png_structp png, png_infop info, MemoryReader* in, DecodeBuffers* buffers, PngError* error) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, in, read_from_memory);
  png_set_user_limits(png, kMaxSide, kMaxSide);
  png_read_info(png, info);

  const png_byte colour_type = png_get_color_type(png, info);
  // Every layout becomes 8-bit RGBA: palette and low-bit gray expand to 8 bits, tRNS becomes an
  // alpha channel, 16-bit is stripped, gray is copied to R, G and B, a missing alpha is 255.
  png_set_expand(png);
  png_set_strip_16(png);
  if (colour_type == PNG_COLOR_TYPE_GRAY || colour_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);  // no effect when there is an alpha channel already
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (png_get_rowbytes(png, info) != static_cast<std::size_t>(width) * 4) {
    std::snprintf(error->message, sizeof error->message, "unsupported pixel layout after conversion");
    return false;
  }
  buffers->image.width = static_cast<int>(width);
  buffers->image.height = static_cast<int>(height);
  buffers->image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
  buffers->rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y) buffers->rows[y] = buffers->image.pixel(0, static_cast<int>(y));
  png_read_image(png, buffers->rows.data());
  png_read_end(png, nullptr);
  return true;
}

Result<bool> fail_bool(const std::filesystem::path& file, std::string why) {
  return Result<bool>::failure(SourceLoc{file.string()}, "cannot write PNG: " + why);
}

Result<Image> fail_image(const std::filesystem::path& file, std::string why) {
  return Result<Image>::failure(SourceLoc{file.string()}, "cannot read PNG: " + why);
}

}  // namespace

Result<bool> write_png(const std::filesystem::path& file, const Image& image) {
  if (!image.valid())
    return fail_bool(file, "invalid image (" + std::to_string(image.width) + "x" + std::to_string(image.height) +
                               " with " + std::to_string(image.rgba.size()) + " bytes)");
  if (static_cast<png_uint_32>(image.width) > kMaxSide || static_cast<png_uint_32>(image.height) > kMaxSide)
    return fail_bool(file, "image larger than " + std::to_string(kMaxSide) + " pixels a side");

  bool opaque = true;
  for (std::size_t i = 3; i < image.rgba.size() && opaque; i += 4) opaque = image.rgba[i] == 255;
  const std::size_t channels = opaque ? 3 : 4;
  std::vector<std::uint8_t> pixels;
  if (opaque) {
    pixels.reserve(image.rgba.size() / 4 * 3);
    for (std::size_t i = 0; i < image.rgba.size(); i += 4)
      pixels.insert(pixels.end(), image.rgba.begin() + static_cast<std::ptrdiff_t>(i),
                    image.rgba.begin() + static_cast<std::ptrdiff_t>(i + 3));
  } else {
    pixels = image.rgba;
  }
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  for (std::size_t y = 0; y < rows.size(); ++y) rows[y] = pixels.data() + y * stride;

  PngError error;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_error, on_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return fail_bool(file, "libpng could not allocate its state");
  }
  std::vector<std::uint8_t> encoded;
  encoded.reserve(pixels.size() / 2 + 1024);
  const bool ok = encode(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height),
                         opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA, rows.data(), &encoded);
  png_destroy_write_struct(&png, &info);
  if (!ok) return fail_bool(file, std::string("libpng: ") + error.message);

  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return fail_bool(file, "cannot create the file (" + std::string(std::strerror(errno)) + ")");
  out.write(reinterpret_cast<const char*>(encoded.data()), static_cast<std::streamsize>(encoded.size()));
  out.close();
  if (!out) return fail_bool(file, "write failed (disk full?)");
  return true;
}

Result<Image> read_png(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail_image(file, "cannot open the file (" + std::string(std::strerror(errno)) + ")");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail_image(file, "read error");

  constexpr std::size_t kSignature = 8;
  if (bytes.size() < kSignature || png_sig_cmp(bytes.data(), 0, kSignature) != 0) {
    if (bytes.size() < kSignature && !bytes.empty() && png_sig_cmp(bytes.data(), 0, bytes.size()) == 0)
      return fail_image(file, "truncated (the file ends inside the PNG signature)");
    return fail_image(file, "not a PNG file (no PNG signature)");
  }

  PngError error;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, on_error, on_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return fail_image(file, "libpng could not allocate its state");
  }
  MemoryReader reader{bytes.data(), bytes.size(), 0};
  DecodeBuffers buffers;
  const bool ok = decode(png, info, &reader, &buffers, &error);
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) return fail_image(file, error.message);
  return std::move(buffers.image);
}

}  // namespace dpt::render
