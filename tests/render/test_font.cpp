// Font atlas (DejaVu Sans through stb_truetype), UTF-8 decoding, label layout and anchors, and the
// CPU text rasteriser.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "dpt/render/font.h"

using namespace dpt::render;

namespace {

const FontAtlas& dejavu() {
  static const FontAtlas atlas = [] {
    const auto path = default_font_path(false);
    REQUIRE(path.has_value());  // fonts-dejavu-core (tools/setup)
    auto built = FontAtlas::build(*path, 24.0f);
    INFO((built.ok() ? std::string() : built.errors().to_string()));
    REQUIRE(built.ok());
    return std::move(built).value();
  }();
  return atlas;
}

bool is_power_of_two(int v) { return v > 0 && (v & (v - 1)) == 0; }

}  // namespace

TEST_CASE("The atlas has every ASCII glyph and sensible metrics", "[font]") {
  const FontAtlas& font = dejavu();
  CHECK(is_power_of_two(font.width()));
  CHECK(is_power_of_two(font.height()));
  CHECK(font.pixels().size() == static_cast<std::size_t>(font.width()) * static_cast<std::size_t>(font.height()));
  // stbtt_ScaleForPixelHeight makes ascent − descent the pixel height.
  CHECK(font.ascent() - font.descent() == Approx(24.0f).margin(1e-3));
  CHECK(font.ascent() > 0.0f);
  CHECK(font.descent() < 0.0f);
  for (char32_t cp = 32; cp < 127; ++cp) {
    const Glyph* g = font.find(cp);
    INFO("code point " << static_cast<int>(cp));
    REQUIRE(g != nullptr);
    CHECK(g->advance > 0.0f);
    if (cp != U' ') {
      CHECK(g->atlas_w > 0);
      CHECK(g->atlas_x + g->atlas_w <= font.width());
      CHECK(g->atlas_y + g->atlas_h <= font.height());
      CHECK(g->u1 > g->u0);
      CHECK(g->v1 > g->v0);
    }
  }
  for (const char32_t cp : {U'°', U'·', U'–', U'—', U'²'}) CHECK(font.find(cp) != nullptr);
  CHECK(font.find(U'中') == nullptr);
  CHECK(font.glyph_or_fallback(U'中').codepoint == U'?');
  CHECK(font.find(U'W')->advance > font.find(U'i')->advance);
  // 'A' sits on the baseline and rises about the cap height (DejaVu: 0.73 em; em ≈ 24 / 1.164).
  const Glyph& a = *font.find(U'A');
  CHECK(a.y1 == Approx(0.0f).margin(1.0f));
  CHECK(-a.y0 == Approx(0.729f * 24.0f / 1.164f).margin(1.5f));
  // DejaVu kerns "AV" (GPOS): the pair is pulled together.
  CHECK(font.kerning(U'A', U'V') < 0.0f);
  CHECK(font.kerning(U'H', U'H') == 0.0f);
}

TEST_CASE("Atlas build errors name the file", "[font]") {
  const auto missing = FontAtlas::build("/nonexistent/Font.ttf", 16.0f);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.errors().to_string().find("/nonexistent/Font.ttf") != std::string::npos);
  const auto not_font = FontAtlas::build(DPT_SOURCE_DIR "/CMakeLists.txt", 16.0f);
  REQUIRE_FALSE(not_font.ok());
  CHECK(not_font.errors().to_string().find("not a TrueType") != std::string::npos);
  const auto path = default_font_path(true);
  REQUIRE(path.has_value());
  CHECK(path->filename() == "DejaVuSans-Bold.ttf");
  CHECK_FALSE(FontAtlas::build(*path, 1000.0f).ok());
  CHECK(FontAtlas::build(*path, 12.0f).ok());
}

TEST_CASE("UTF-8 decoding replaces each invalid byte by '?'", "[font][utf8]") {
  CHECK(decode_utf8("Abc") == U"Abc");
  CHECK(decode_utf8("25 \xC2\xB0" "C") == U"25 °C");
  CHECK(decode_utf8("\xE5\xA4\xA7\xE9\xB9\x8F") == U"大鹏");
  CHECK(decode_utf8("\xF0\x9F\x98\x80") == U"\U0001F600");
  CHECK(decode_utf8("a\xFFz") == U"a?z");           // never a lead byte
  CHECK(decode_utf8("a\x80z") == U"a?z");           // stray continuation
  CHECK(decode_utf8("\xC0\xAF") == U"??");          // overlong '/'
  CHECK(decode_utf8("\xED\xA0\x80") == U"???");     // surrogate U+D800
  CHECK(decode_utf8("\xE5\xA4") == U"??");          // cut short
  CHECK(decode_utf8("\xF4\x90\x80\x80") == U"????");  // above U+10FFFF
}

TEST_CASE("measure_text width is the sum of advances and kerning", "[font][layout]") {
  const FontAtlas& font = dejavu();
  const std::u32string text = U"Xichong Beach";
  float expected = 0.0f;
  for (std::size_t i = 0; i < text.size(); ++i) {
    expected += font.find(text[i])->advance;
    if (i > 0) expected += font.kerning(text[i - 1], text[i]);
  }
  const TextBox box = measure_text(font, "Xichong Beach", 10.0f, 50.0f);
  CHECK(box.width() == Approx(expected).margin(1e-4));
  CHECK(box.x0 == 10.0f);
  CHECK(box.baseline == 50.0f);
  CHECK(box.height() == Approx(24.0f).margin(1e-3));
  // DejaVu Sans advances are about 0.55 em on average: 13 characters at ~20.6 px/em ≈ 150 px.
  CHECK(box.width() > 120.0f);
  CHECK(box.width() < 180.0f);
  // Unknown code points take the width of '?'.
  CHECK(measure_text(font, "中").width() == Approx(font.find(U'?')->advance));
  CHECK(layout_text(font, "a b").size() == 2);  // no quad for the space
  // Kerning is applied between neighbours: "AV" is narrower than 'A' and 'V' side by side.
  const float av = font.find(U'A')->advance + font.find(U'V')->advance;
  CHECK(measure_text(font, "AV").width() == Approx(av + font.kerning(U'A', U'V')));
  CHECK(measure_text(font, "AV").width() < av - 0.5f);
  const auto quads = layout_text(font, "AV");
  REQUIRE(quads.size() == 2);
  CHECK(quads[1].x0 - quads[0].x0 == Approx(std::round(font.find(U'A')->advance + font.kerning(U'A', U'V')) +
                                            font.find(U'V')->x0 - font.find(U'A')->x0).margin(1.0f));
}

TEST_CASE("Anchors place the box's anchor point at (x, y)", "[font][layout]") {
  const FontAtlas& font = dejavu();
  const float x = 200.5f, y = 100.25f;
  const char* label = "Kuichong depot";
  const TextBox cm = measure_text(font, label, x, y, {HAlign::centre, VAlign::middle});
  CHECK(0.5f * (cm.x0 + cm.x1) == Approx(x).margin(1.0f));
  CHECK(0.5f * (cm.y0 + cm.y1) == Approx(y).margin(1.0f));
  const TextBox rt = measure_text(font, label, x, y, {HAlign::right, VAlign::top});
  CHECK(rt.x1 == Approx(x).margin(1.0f));
  CHECK(rt.y0 == Approx(y).margin(1.0f));
  const TextBox lb = measure_text(font, label, x, y, {HAlign::left, VAlign::baseline});
  CHECK(lb.x0 == Approx(x).margin(1.0f));
  CHECK(lb.baseline == Approx(y).margin(1.0f));
  // The same text has the same size whatever the anchor.
  CHECK(cm.width() == Approx(rt.width()));
  CHECK(cm.height() == Approx(lb.height()));
}

TEST_CASE("draw_text puts ink inside the measured box and nowhere else", "[font][draw]") {
  const FontAtlas& font = dejavu();
  Image image = Image::filled(320, 80, {0, 0, 0, 255});
  const TextAnchor anchor{HAlign::centre, VAlign::middle};
  const auto quads = layout_text(font, "Xichong Beach", 160.0f, 40.0f, anchor);
  const TextBox box = measure_text(font, "Xichong Beach", 160.0f, 40.0f, anchor);
  REQUIRE(quads.size() == 12);
  draw_text(image, font, quads, {255, 255, 255, 255});

  int inside = 0, outside = 0, full = 0;
  for (int py = 0; py < image.height; ++py)
    for (int px = 0; px < image.width; ++px) {
      const int v = image.pixel(px, py)[0];
      if (v == 0) continue;
      const auto fx = static_cast<float>(px), fy = static_cast<float>(py);
      const bool in = fx >= std::floor(box.x0) && fx < std::ceil(box.x1) && fy >= std::floor(box.y0) && fy < std::ceil(box.y1);
      (in ? inside : outside) += 1;
      if (v == 255) ++full;
    }
  CHECK(outside == 0);
  CHECK(inside > 300);  // 12 glyphs of roughly 25–60 inked pixels each
  CHECK(full > 50);     // stems are fully covered
  // Alpha stays opaque over an opaque background, and grey levels are what coverage says.
  CHECK(image.pixel(0, 0)[3] == 255);

  // Half-transparent red over white: a fully covered pixel becomes (255, 127.5, 127.5).
  Image white = Image::filled(320, 80, {255, 255, 255, 255});
  draw_text(white, font, quads, {255, 0, 0, 128});
  int half = 0;
  for (int py = 0; py < white.height; ++py)
    for (int px = 0; px < white.width; ++px) {
      const std::uint8_t* p = white.pixel(px, py);
      CHECK(p[0] == 255);
      if (p[1] == 127 && p[2] == 127) ++half;  // 255·(1 − 128/255) = 127.0
    }
  CHECK(half == full);

  // Quads off the image are clipped, not written out of bounds.
  Image tiny = Image::filled(8, 8, {0, 0, 0, 255});
  draw_text(tiny, font, layout_text(font, "Xichong", -30.0f, 4.0f), {255, 255, 255, 255});
  SUCCEED();
}
