// The glyph atlas, rasterised with stb_truetype (Debian libstb-dev). Its implementation is
// compiled here, once for the whole program. Its warnings are silenced for the include only (GCC and
// clang already treat /usr/include as a system header; the pragmas keep a -I copy quiet too).
#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "dpt/render/font.h"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#define STB_RECT_PACK_IMPLEMENTATION
#include <stb/stb_rect_pack.h>  // better packing than stb_truetype's fallback row packer
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace dpt::render {
namespace {

constexpr int kAsciiFirst = 32;
constexpr int kAsciiCount = 95;  // 32..126
// Degree sign, middle dot, en dash, em dash, superscript two: "25 °C", "A · B", "2–3 km", "m²".
constexpr std::array<int, 5> kExtras = {0x00B0, 0x00B7, 0x2013, 0x2014, 0x00B2};
constexpr int kPadding = 1;  // texels of empty border around each glyph so that bilinear sampling does not bleed
constexpr int kMaxSide = 4096;

Result<FontAtlas> fail(const std::filesystem::path& file, std::string why) {
  return Result<FontAtlas>::failure(SourceLoc{file.string()}, "cannot build font atlas: " + why);
}

}  // namespace

Result<FontAtlas> FontAtlas::build(const std::filesystem::path& ttf, float pixel_height) {
  if (!(pixel_height >= 4.0f && pixel_height <= 256.0f))
    return fail(ttf, "pixel height " + std::to_string(pixel_height) + " is outside 4..256");
  std::ifstream in(ttf, std::ios::binary);
  if (!in) return fail(ttf, "cannot open the font file");
  const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 12) return fail(ttf, "not a TrueType/OpenType font (file too short)");
  const int offset = stbtt_GetFontOffsetForIndex(data.data(), 0);
  stbtt_fontinfo info;
  if (offset < 0 || !stbtt_InitFont(&info, data.data(), offset))
    return fail(ttf, "not a TrueType/OpenType font (missing or bad tables)");
  if (stbtt_FindGlyphIndex(&info, '?') == 0) return fail(ttf, "the font has no '?' glyph");

  FontAtlas atlas;
  atlas.pixel_height_ = pixel_height;
  const float scale = stbtt_ScaleForPixelHeight(&info, pixel_height);
  int ascent = 0, descent = 0, gap = 0;
  stbtt_GetFontVMetrics(&info, &ascent, &descent, &gap);
  atlas.ascent_ = static_cast<float>(ascent) * scale;
  atlas.descent_ = static_cast<float>(descent) * scale;
  atlas.line_gap_ = static_cast<float>(gap) * scale;

  std::array<int, kExtras.size()> extras = kExtras;
  std::array<stbtt_packedchar, kAsciiCount> ascii_packed{};
  std::array<stbtt_packedchar, kExtras.size()> extra_packed{};
  std::array<stbtt_pack_range, 2> ranges{};
  ranges[0].font_size = pixel_height;
  ranges[0].first_unicode_codepoint_in_range = kAsciiFirst;
  ranges[0].num_chars = kAsciiCount;
  ranges[0].chardata_for_range = ascii_packed.data();
  ranges[1].font_size = pixel_height;
  ranges[1].array_of_unicode_codepoints = extras.data();
  ranges[1].num_chars = static_cast<int>(extras.size());
  ranges[1].chardata_for_range = extra_packed.data();

  // Grow a power-of-two atlas, wider first, until everything fits (about 128x64 at 16 px).
  bool packed = false;
  for (int w = 64, h = 64; !packed && w <= kMaxSide && h <= kMaxSide; (w <= h ? w : h) *= 2) {
    atlas.pixels_.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
    stbtt_pack_context pack;
    if (!stbtt_PackBegin(&pack, atlas.pixels_.data(), w, h, 0, kPadding, nullptr))
      return fail(ttf, "stb_truetype could not allocate its packer");
    stbtt_PackSetOversampling(&pack, 1, 1);  // texel-for-pixel glyphs: crisp at the atlas size
    stbtt_PackSetSkipMissingCodepoints(&pack, 1);
    packed = stbtt_PackFontRanges(&pack, data.data(), 0, ranges.data(), static_cast<int>(ranges.size())) != 0;
    stbtt_PackEnd(&pack);
    atlas.width_ = w;
    atlas.height_ = h;
  }
  if (!packed) return fail(ttf, "the glyphs do not fit a " + std::to_string(kMaxSide) + " px atlas");

  const auto add = [&](int codepoint, const stbtt_packedchar& pc) {
    Glyph g;
    g.codepoint = static_cast<char32_t>(codepoint);
    g.advance = pc.xadvance;
    g.x0 = pc.xoff;
    g.y0 = pc.yoff;
    g.x1 = pc.xoff2;
    g.y1 = pc.yoff2;
    g.atlas_x = pc.x0;
    g.atlas_y = pc.y0;
    g.atlas_w = pc.x1 - pc.x0;
    g.atlas_h = pc.y1 - pc.y0;
    const auto w = static_cast<float>(atlas.width_);
    const auto h = static_cast<float>(atlas.height_);
    g.u0 = static_cast<float>(pc.x0) / w;
    g.v0 = static_cast<float>(pc.y0) / h;
    g.u1 = static_cast<float>(pc.x1) / w;
    g.v1 = static_cast<float>(pc.y1) / h;
    atlas.glyphs_.push_back(g);
  };
  // ASCII keeps its slot (index cp − 32) even when the font lacks a glyph: find() checks presence
  // through a zero codepoint. Extras the font lacks are dropped.
  for (int i = 0; i < kAsciiCount; ++i) {
    add(kAsciiFirst + i, ascii_packed[static_cast<std::size_t>(i)]);
    if (kAsciiFirst + i != ' ' && stbtt_FindGlyphIndex(&info, kAsciiFirst + i) == 0) atlas.glyphs_.back().codepoint = 0;
  }
  for (std::size_t i = 0; i < kExtras.size(); ++i)
    if (stbtt_FindGlyphIndex(&info, kExtras[i]) != 0) add(kExtras[i], extra_packed[i]);
  atlas.fallback_ = '?' - kAsciiFirst;

  // Kerning of every pair, from the font's 'kern' or GPOS pair adjustments, in pixels.
  const std::size_t n = atlas.glyphs_.size();
  atlas.kern_.assign(n * n, 0.0f);
  std::vector<int> glyph_index(n);
  for (std::size_t i = 0; i < n; ++i)
    glyph_index[i] = atlas.glyphs_[i].codepoint ? stbtt_FindGlyphIndex(&info, static_cast<int>(atlas.glyphs_[i].codepoint)) : 0;
  for (std::size_t l = 0; l < n; ++l)
    for (std::size_t r = 0; r < n; ++r)
      if (glyph_index[l] && glyph_index[r])
        atlas.kern_[l * n + r] = static_cast<float>(stbtt_GetGlyphKernAdvance(&info, glyph_index[l], glyph_index[r])) * scale;
  return atlas;
}

int FontAtlas::index_of(char32_t codepoint) const {
  if (codepoint >= static_cast<char32_t>(kAsciiFirst) && codepoint < static_cast<char32_t>(kAsciiFirst + kAsciiCount)) {
    const auto i = static_cast<int>(codepoint) - kAsciiFirst;
    return glyphs_[static_cast<std::size_t>(i)].codepoint == codepoint ? i : -1;
  }
  for (std::size_t i = kAsciiCount; i < glyphs_.size(); ++i)
    if (glyphs_[i].codepoint == codepoint) return static_cast<int>(i);
  return -1;
}

const Glyph* FontAtlas::find(char32_t codepoint) const {
  const int i = index_of(codepoint);
  return i < 0 ? nullptr : &glyphs_[static_cast<std::size_t>(i)];
}

const Glyph& FontAtlas::glyph_or_fallback(char32_t codepoint) const {
  const int i = index_of(codepoint);
  return glyphs_[static_cast<std::size_t>(i < 0 ? fallback_ : i)];
}

float FontAtlas::kerning(char32_t left, char32_t right) const {
  const int l = index_of(left);
  const int r = index_of(right);
  if (l < 0 || r < 0) return 0.0f;
  return kern_[static_cast<std::size_t>(l) * glyphs_.size() + static_cast<std::size_t>(r)];
}

std::optional<std::filesystem::path> default_font_path(bool bold) {
  std::error_code ec;
  if (const char* env = std::getenv(bold ? "DPT_FONT_BOLD" : "DPT_FONT"); env && *env) {
    const std::filesystem::path p(env);
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  const char* name = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
  // Debian/Ubuntu (fonts-dejavu-core), Fedora/Arch, macOS Homebrew and a user's own fonts.
  static constexpr std::array<const char*, 5> kDirs = {
      "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF",
      "/usr/local/share/fonts", "/opt/homebrew/share/fonts"};
  for (const char* dir : kDirs) {
    const std::filesystem::path p = std::filesystem::path(dir) / name;
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

}  // namespace dpt::render
