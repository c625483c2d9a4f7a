// UTF-8 decoding, placement of a line of glyphs at an anchor, and the CPU rasteriser of glyph
// quads (the software twin of the GPU label pass).
#include <algorithm>
#include <cmath>

#include "dpt/render/font.h"

namespace dpt::render {

std::u32string decode_utf8(std::string_view utf8) {
  // RFC 3629 (UTF-8): lead byte -> length and minimum code point (rejects overlong forms);
  // surrogates U+D800..DFFF and anything above U+10FFFF are invalid.
  std::u32string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    int length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, cp = lead & 0x1Fu, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, cp = lead & 0x0Fu, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, cp = lead & 0x07u, minimum = 0x10000;
    }
    bool valid = length > 0 && i + static_cast<std::size_t>(length) <= utf8.size();
    for (int k = 1; valid && k < length; ++k) {
      const auto c = static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]);
      valid = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    valid = valid && cp >= minimum && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (valid) {
      out.push_back(cp);
      i += static_cast<std::size_t>(length);
    } else {
      out.push_back(U'?');  // one '?' per bad byte; resynchronise on the next byte
      ++i;
    }
  }
  return out;
}

namespace {

const Glyph& glyph_for(const FontAtlas& font, char32_t cp) {
  if (cp < 32 || cp == 127) return font.glyph_or_fallback(U'?');  // control characters are not drawn as such
  return font.glyph_or_fallback(cp);
}

// Lays out one line; fills `quads` when given and returns the box.
TextBox place(const FontAtlas& font, std::string_view utf8, float x, float y, TextAnchor anchor,
              std::vector<GlyphQuad>* quads) {
  const std::u32string text = decode_utf8(utf8);
  float width = 0.0f;
  const Glyph* previous = nullptr;
  for (const char32_t cp : text) {
    const Glyph& g = glyph_for(font, cp);
    if (previous) width += font.kerning(previous->codepoint, g.codepoint);
    width += g.advance;
    previous = &g;
  }

  float start = x;
  if (anchor.h == HAlign::centre) start = x - 0.5f * width;
  if (anchor.h == HAlign::right) start = x - width;
  float baseline = y;
  if (anchor.v == VAlign::top) baseline = y + font.ascent();
  if (anchor.v == VAlign::middle) baseline = y + 0.5f * (font.ascent() + font.descent());
  start = std::round(start);
  baseline = std::round(baseline);

  TextBox box;
  box.x0 = start;
  box.x1 = start + width;
  box.y0 = baseline - font.ascent();
  box.y1 = baseline - font.descent();
  box.baseline = baseline;

  if (quads) quads->reserve(quads->size() + text.size());
  float pen = start;
  previous = nullptr;
  for (const char32_t cp : text) {
    const Glyph& g = glyph_for(font, cp);
    if (previous) pen += font.kerning(previous->codepoint, g.codepoint);
    previous = &g;
    if (g.atlas_w > 0 && g.atlas_h > 0) {
      GlyphQuad q;
      q.x0 = std::round(pen) + g.x0;
      q.y0 = baseline + g.y0;
      q.x1 = q.x0 + static_cast<float>(g.atlas_w);
      q.y1 = q.y0 + static_cast<float>(g.atlas_h);
      q.u0 = g.u0, q.v0 = g.v0, q.u1 = g.u1, q.v1 = g.v1;
      q.codepoint = g.codepoint;
      if (!box.has_ink) {
        box.ink_x0 = q.x0, box.ink_y0 = q.y0, box.ink_x1 = q.x1, box.ink_y1 = q.y1;
        box.has_ink = true;
      } else {
        box.ink_x0 = std::min(box.ink_x0, q.x0);
        box.ink_y0 = std::min(box.ink_y0, q.y0);
        box.ink_x1 = std::max(box.ink_x1, q.x1);
        box.ink_y1 = std::max(box.ink_y1, q.y1);
      }
      if (quads) quads->push_back(q);
    }
    pen += g.advance;
  }
  return box;
}

}  // namespace

std::vector<GlyphQuad> layout_text(const FontAtlas& font, std::string_view utf8, float x, float y, TextAnchor anchor) {
  std::vector<GlyphQuad> quads;
  place(font, utf8, x, y, anchor, &quads);
  return quads;
}

TextBox measure_text(const FontAtlas& font, std::string_view utf8, float x, float y, TextAnchor anchor) {
  return place(font, utf8, x, y, anchor, nullptr);
}

void draw_text(Image& image, const FontAtlas& font, std::span<const GlyphQuad> quads, Rgba8 colour) {
  if (!image.valid() || font.width() == 0) return;
  const float src_alpha = static_cast<float>(colour.a) / 255.0f;
  const float src[3] = {static_cast<float>(colour.r), static_cast<float>(colour.g), static_cast<float>(colour.b)};
  for (const GlyphQuad& q : quads) {
    if (!(q.x1 > q.x0 && q.y1 > q.y0)) continue;
    const int px0 = std::max(0, static_cast<int>(std::floor(q.x0)));
    const int py0 = std::max(0, static_cast<int>(std::floor(q.y0)));
    const int px1 = std::min(image.width, static_cast<int>(std::ceil(q.x1)));
    const int py1 = std::min(image.height, static_cast<int>(std::ceil(q.y1)));
    for (int py = py0; py < py1; ++py) {
      const float cy = static_cast<float>(py) + 0.5f;
      if (cy < q.y0 || cy >= q.y1) continue;
      const float v = q.v0 + (cy - q.y0) / (q.y1 - q.y0) * (q.v1 - q.v0);
      const int ty = std::clamp(static_cast<int>(v * static_cast<float>(font.height())), 0, font.height() - 1);
      for (int px = px0; px < px1; ++px) {
        const float cx = static_cast<float>(px) + 0.5f;
        if (cx < q.x0 || cx >= q.x1) continue;
        const float u = q.u0 + (cx - q.x0) / (q.x1 - q.x0) * (q.u1 - q.u0);
        const int tx = std::clamp(static_cast<int>(u * static_cast<float>(font.width())), 0, font.width() - 1);
        const std::uint8_t coverage = font.coverage(tx, ty);
        if (coverage == 0) continue;
        // Porter & Duff "over" with straight (non-premultiplied) alpha.
        const float a = src_alpha * static_cast<float>(coverage) / 255.0f;
        std::uint8_t* dst = image.pixel(px, py);
        const float dst_a = static_cast<float>(dst[3]) / 255.0f;
        const float out_a = a + dst_a * (1.0f - a);
        for (int c = 0; c < 3; ++c) {
          const float mixed = (src[c] * a + static_cast<float>(dst[c]) * dst_a * (1.0f - a)) / out_a;
          dst[c] = static_cast<std::uint8_t>(std::lround(std::clamp(mixed, 0.0f, 255.0f)));
        }
        dst[3] = static_cast<std::uint8_t>(std::lround(out_a * 255.0f));
      }
    }
  }
}

}  // namespace dpt::render
