#include "json_cursor.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace dpt::fusion::json {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& s, std::uint32_t cp) {
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool to_double(const NumberToken& n, double& out) {
  if (n.simple) {
    // Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI
    // 1990): when the decimal significand fits in 53 bits (15 digits < 2^53) and the power of ten
    // is at most 22 in magnitude, both are exact doubles and one IEEE division gives the correctly
    // rounded result. Detector output ("1234.5", "0.93") always takes it.
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const double v = static_cast<double>(n.mantissa) / kPow10[-n.exp10];
    out = n.negative ? -v : v;
    return true;
  }
  const char* first = n.text.data();
  const char* last = first + n.text.size();
  const auto [ptr, ec] = std::from_chars(first, last, out, std::chars_format::general);
  if (ec == std::errc() && ptr == last) return std::isfinite(out);
  // from_chars says result_out_of_range for underflow too, where strtod (and so nlohmann::json)
  // gives the nearest subnormal or zero; this rare path asks strtod, which needs a terminator.
  const std::string copy(n.text);
  out = std::strtod(copy.c_str(), nullptr);
  return std::isfinite(out);
}

bool to_uint64(const NumberToken& n, std::uint64_t& out) {
  if (!n.integer_form) return false;
  std::string_view t = n.text;
  if (!t.empty() && t.front() == '-') {
    if (t == "-0") {
      out = 0;
      return true;
    }
    return false;
  }
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && ptr == t.data() + t.size();
}

bool Cursor::fail(const char* what) {
  if (error_ == nullptr) {
    error_ = what;
    error_offset_ = static_cast<std::size_t>(p_ - begin_);
  }
  p_ = end_;  // stop everything that follows
  return false;
}

void Cursor::skip_bom() {
  if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF && static_cast<unsigned char>(p_[1]) == 0xBB &&
      static_cast<unsigned char>(p_[2]) == 0xBF)
    p_ += 3;
}

bool Cursor::read_literal(std::string_view word) {
  if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
    return fail("expected a JSON value");
  p_ += word.size();
  return true;
}

bool Cursor::read_number(NumberToken& out) {
  // RFC 8259 section 6: [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT ).
  // The significand is accumulated on the way for to_double's fast path; `digits` counts
  // significant digits (from the first non-zero one), beyond 19 the accumulator has overflowed.
  const char* start = p_;
  std::uint64_t m = 0;
  int digits = 0, exp10 = 0;
  auto take_digit = [&] {
    m = m * 10 + static_cast<std::uint64_t>(*p_ - '0');
    digits += (m != 0);
    ++p_;
  };
  out.negative = p_ < end_ && *p_ == '-';
  if (out.negative) ++p_;
  if (p_ >= end_ || !is_digit(*p_)) return fail("expected a digit");
  if (*p_ == '0') {
    ++p_;
  } else {
    while (p_ < end_ && is_digit(*p_)) take_digit();
  }
  bool integer_form = true;
  if (p_ < end_ && *p_ == '.') {
    ++p_;
    integer_form = false;
    if (p_ >= end_ || !is_digit(*p_)) return fail("expected a digit after '.'");
    while (p_ < end_ && is_digit(*p_)) take_digit(), --exp10;
  }
  out.simple = digits <= 15 && exp10 >= -22;
  out.mantissa = m;
  out.exp10 = exp10;
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    out.simple = false;
    ++p_;
    integer_form = false;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (p_ >= end_ || !is_digit(*p_)) return fail("expected a digit in the exponent");
    while (p_ < end_ && is_digit(*p_)) ++p_;
  }
  out.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
  out.integer_form = integer_form;
  if (!integer_form || out.text.size() > 308) {
    // nlohmann::json refuses a number whose double overflows (an integer too long for 64 bits is
    // read as a double there); so does this reader. Below 309 digits an integer cannot overflow.
    double d = 0;
    if (!to_double(out, d)) return fail("number out of range");
  }
  return true;
}

bool Cursor::read_utf8_sequence() {
  // The cursor is on a byte >= 0x80. Well-formed sequences: RFC 3629 section 4 / Unicode table 3-7.
  const auto b0 = static_cast<unsigned char>(*p_);
  int more = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    more = 1;
  } else if (b0 == 0xE0) {
    more = 2, lo = 0xA0;
  } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    more = 2;
  } else if (b0 == 0xED) {
    more = 2, hi = 0x9F;
  } else if (b0 == 0xF0) {
    more = 3, lo = 0x90;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    more = 3;
  } else if (b0 == 0xF4) {
    more = 3, hi = 0x8F;
  } else {
    return fail("invalid UTF-8 in a string");
  }
  if (end_ - p_ <= more) return fail("invalid UTF-8 in a string");
  for (int i = 1; i <= more; ++i) {
    const auto b = static_cast<unsigned char>(p_[i]);
    if (b < lo || b > hi) return fail("invalid UTF-8 in a string");
    lo = 0x80, hi = 0xBF;
  }
  p_ += more + 1;
  return true;
}

bool Cursor::read_escape(std::string* scratch) {
  // The cursor is on the backslash.
  if (end_ - p_ < 2) return fail("unterminated string");
  const char c = p_[1];
  p_ += 2;
  char plain = 0;
  switch (c) {
    case '"': plain = '"'; break;
    case '\\': plain = '\\'; break;
    case '/': plain = '/'; break;
    case 'b': plain = '\b'; break;
    case 'f': plain = '\f'; break;
    case 'n': plain = '\n'; break;
    case 'r': plain = '\r'; break;
    case 't': plain = '\t'; break;
    case 'u': break;
    default: return fail("invalid escape in a string");
  }
  if (plain != 0) {
    if (scratch) scratch->push_back(plain);
    return true;
  }
  auto read_hex4 = [this](std::uint32_t& v) {
    if (end_ - p_ < 4) return fail("expected four hex digits after \\u");
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex_value(p_[i]);
      if (h < 0) return fail("expected four hex digits after \\u");
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    p_ += 4;
    return true;
  };
  std::uint32_t cp = 0;
  if (!read_hex4(cp)) return false;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("unpaired low surrogate in \\u escape");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    // RFC 8259 section 7: a character outside the BMP is a UTF-16 surrogate pair.
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail("unpaired high surrogate in \\u escape");
    p_ += 2;
    std::uint32_t low = 0;
    if (!read_hex4(low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired high surrogate in \\u escape");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  if (scratch) append_utf8(*scratch, cp);
  return true;
}

bool Cursor::scan_string(std::string* scratch, std::string_view& out) {
  if (p_ >= end_ || *p_ != '"') return fail("expected a string");
  ++p_;
  const char* start = p_;
  // Fast path: plain ASCII up to the closing quote, viewed in place.
  while (p_ < end_) {
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      out = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    if (c < 0x20 || c == '\\' || c >= 0x80) break;
    ++p_;
  }
  // Slow path: escapes or UTF-8; copies into scratch (when given) from here on.
  if (scratch) scratch->assign(start, static_cast<std::size_t>(p_ - start));
  bool copied = false;  // whether `out` must view scratch rather than the input
  while (p_ < end_) {
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      if (copied && scratch)
        out = *scratch;
      else
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    if (c < 0x20) return fail("control character in a string");
    if (c == '\\') {
      copied = true;
      if (!read_escape(scratch)) return false;
    } else if (c >= 0x80) {
      const char* seq = p_;
      if (!read_utf8_sequence()) return false;
      if (scratch) scratch->append(seq, static_cast<std::size_t>(p_ - seq));
    } else {
      if (scratch) scratch->push_back(static_cast<char>(c));
      ++p_;
    }
  }
  return fail("unterminated string");
}

bool Cursor::read_string(std::string_view& out, std::string& scratch) {
  skip_ws();
  return scan_string(&scratch, out);
}

bool Cursor::skip_string() {
  std::string_view ignored;
  return scan_string(nullptr, ignored);
}

bool Cursor::skip_value() {
  // Iterative, with one bit per open container (1 = object): a message is at most 64 KiB, and
  // every level costs at least one byte, so 64 Ki levels are enough for anything that reaches here.
  constexpr std::size_t kMaxDepth = 64 * 1024;
  std::array<std::uint64_t, kMaxDepth / 64> is_object{};
  std::size_t depth = 0;
  auto push = [&](bool object) {
    if (depth >= kMaxDepth) return fail("nesting too deep");
    auto& word = is_object[depth / 64];
    const std::uint64_t bit = std::uint64_t{1} << (depth % 64);
    word = object ? (word | bit) : (word & ~bit);
    ++depth;
    return true;
  };
  auto top_is_object = [&] { return (is_object[(depth - 1) / 64] >> ((depth - 1) % 64)) & 1U; };

  for (;;) {
    // A value.
    const char c = peek();
    bool value_done = true;
    switch (c) {
      case '{':
        ++p_;
        if (accept('}')) break;
        if (!push(true)) return false;
        skip_ws();
        if (!skip_string() || !expect(':', "expected ':'")) return false;
        value_done = false;
        break;
      case '[':
        ++p_;
        if (accept(']')) break;
        if (!push(false)) return false;
        value_done = false;
        break;
      case '"':
        if (!skip_string()) return false;
        break;
      case 't':
        if (!read_literal("true")) return false;
        break;
      case 'f':
        if (!read_literal("false")) return false;
        break;
      case 'n':
        if (!read_literal("null")) return false;
        break;
      default: {
        if (c != '-' && !is_digit(c)) return fail("expected a JSON value");
        NumberToken n;
        if (!read_number(n)) return false;
      }
    }
    if (!value_done) continue;
    // After a value: close containers, or move to the next element.
    for (;;) {
      if (depth == 0) return true;
      const bool object = top_is_object();
      const char next = peek();
      if (next == ',') {
        ++p_;
        if (object) {
          skip_ws();
          if (!skip_string() || !expect(':', "expected ':'")) return false;
        }
        break;
      }
      if (next == (object ? '}' : ']')) {
        ++p_;
        --depth;
        continue;
      }
      return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }
}

}  // namespace dpt::fusion::json
