#pragma once
// Text for labels (site and place names on the 3-D view): a glyph atlas rasterised once from a
// TrueType font with stb_truetype (font_atlas.cpp), and layout of UTF-8 strings into pixel-space
// quads (text_layout.cpp). The GPU label pass draws the quads with the atlas as an R8 texture;
// draw_text() does the same on the CPU, for tests and for the renderer's software fallback.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/image.h"

namespace dpt::render {

// One glyph, in pixels at the atlas's size. Offsets are from the pen position on the baseline,
// with y pointing down (so a glyph's top has a negative y0).
struct Glyph {
  char32_t codepoint = 0;
  float advance = 0.0f;                   // pen advance to the next glyph, before kerning
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // the bitmap's box relative to the pen (bearing = x0, -y0)
  int atlas_x = 0, atlas_y = 0;           // the bitmap's top-left texel in the atlas
  int atlas_w = 0, atlas_h = 0;           // its size (0 for a space)
  float u0 = 0, v0 = 0, u1 = 0, v1 = 0;   // the same rectangle in texture coordinates
};

class FontAtlas {
 public:
  // Rasterises code points 32–126 and the extras ° · – — ² (those the font has) at `pixel_height`
  // (ascent − descent in pixels) into one R8 bitmap whose sides are powers of two. Errors name the
  // file: unreadable, not a TrueType font, no '?' glyph, a size out of 4..256 px.
  // stb_truetype does not validate fonts: give it trusted files (system fonts), not user uploads.
  static Result<FontAtlas> build(const std::filesystem::path& ttf, float pixel_height);

  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<std::uint8_t>& pixels() const { return pixels_; }  // coverage, row 0 at the top
  std::uint8_t coverage(int x, int y) const {
    return pixels_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)];
  }

  float pixel_height() const { return pixel_height_; }
  float ascent() const { return ascent_; }    // above the baseline, > 0
  float descent() const { return descent_; }  // below the baseline, < 0 (font convention)
  float line_gap() const { return line_gap_; }
  float line_height() const { return ascent_ - descent_ + line_gap_; }

  std::span<const Glyph> glyphs() const { return glyphs_; }
  const Glyph* find(char32_t codepoint) const;      // nullptr when the atlas lacks it
  const Glyph& glyph_or_fallback(char32_t codepoint) const;  // '?' for a missing code point
  // Horizontal adjustment (pixels, usually negative) between two glyphs of the atlas.
  float kerning(char32_t left, char32_t right) const;

 private:
  int index_of(char32_t codepoint) const;  // into glyphs_, -1 when absent

  int width_ = 0, height_ = 0;
  std::vector<std::uint8_t> pixels_;
  float pixel_height_ = 0, ascent_ = 0, descent_ = 0, line_gap_ = 0;
  std::vector<Glyph> glyphs_;  // ASCII 32..126 first, at index cp − 32 when present, then extras
  std::vector<float> kern_;    // glyphs_.size()² adjustments, row = left glyph
  int fallback_ = 0;           // index of '?'
};

// DejaVu Sans (or DejaVu Sans Bold) from the usual Debian and other system places; the environment
// variable DPT_FONT (DPT_FONT_BOLD for bold) names a file that takes precedence when it exists.
std::optional<std::filesystem::path> default_font_path(bool bold);

// --- layout -----------------------------------------------------------------------------------

enum class HAlign { left, centre, right };
enum class VAlign { baseline, middle, top };  // middle: halfway between ascent and descent lines

// Which point of the text's box is placed at (x, y).
struct TextAnchor {
  HAlign h = HAlign::left;
  VAlign v = VAlign::baseline;
};

// A glyph to draw: a screen rectangle (pixels, y down) and its rectangle in the atlas.
struct GlyphQuad {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float u0 = 0, v0 = 0, u1 = 0, v1 = 0;
  char32_t codepoint = 0;
};

// The logical box of a line of text: from the pen's start to its end (advances + kerning) and from
// the ascent line to the descent line; `ink` is the union of the glyph bitmaps (empty for blanks).
struct TextBox {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float baseline = 0;
  float ink_x0 = 0, ink_y0 = 0, ink_x1 = 0, ink_y1 = 0;
  bool has_ink = false;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

// Decodes UTF-8; each invalid byte (bad lead, missing continuation, overlong form, surrogate,
// beyond U+10FFFF) becomes one '?'.
std::u32string decode_utf8(std::string_view utf8);

// One line of text placed so that `anchor` of its box lies at (x, y). The pen start and the
// baseline are rounded to whole pixels so that glyphs land texel-for-pixel (crisp labels).
// Code points the atlas lacks, and control characters, are drawn as '?'.
std::vector<GlyphQuad> layout_text(const FontAtlas& font, std::string_view utf8, float x = 0, float y = 0,
                                   TextAnchor anchor = {});
TextBox measure_text(const FontAtlas& font, std::string_view utf8, float x = 0, float y = 0,
                     TextAnchor anchor = {});

// Alpha-blends the glyphs' coverage, times colour.a, over `image` ("over" operator, straight
// alpha); quads are sampled at pixel centres (nearest texel) and clipped to the image.
void draw_text(Image& image, const FontAtlas& font, std::span<const GlyphQuad> quads, Rgba8 colour);

}  // namespace dpt::render
