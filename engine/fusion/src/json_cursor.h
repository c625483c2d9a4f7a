#pragma once
// A small, strict, allocation-free JSON reader (RFC 8259) for the feed codec: the codec walks one
// message with it and fills a Message in place, instead of building a DOM first (nlohmann::json
// allocates a node per value; a 10-box message would cost ~60 allocations).
//
// Strict means it accepts exactly what nlohmann::json 3.11 accepts with its default (strict)
// parser, so that tests can cross-check the two: RFC 8259 grammar, whitespace = space, tab, LF,
// CR; an optional UTF-8 byte order mark at the start; strings must be well-formed UTF-8 (RFC 3629
// table 3-7: no overlongs, no encoded surrogates, nothing above U+10FFFF) without raw control
// characters; \u escapes must pair surrogates; numbers that overflow a double are refused.
// Private to engine/fusion.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dpt::fusion::json {

// A number as written: its text, and whether it has the integer form (no fraction, no exponent).
struct NumberToken {
  std::string_view text;
  bool integer_form = false;
  // Filled by the reader on the way (so that short decimals need no second scan): the digits as
  // an integer and the power of ten, valid when `simple` (at most 15 significant digits, a
  // fraction of at most 22 digits, no exponent part).
  bool simple = false;
  bool negative = false;
  std::uint64_t mantissa = 0;
  int exp10 = 0;
};

// Conversions of a valid NumberToken. Each returns false when the value does not fit.
bool to_double(const NumberToken& n, double& out);     // false only on overflow (|x| > DBL_MAX)
bool to_uint64(const NumberToken& n, std::uint64_t& out);  // integer form, 0..2^64-1 ("-0" is 0)

class Cursor {
 public:
  explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()), begin_(text.data()) {}

  // The first syntax error, if any: what was expected and where (byte offset).
  bool failed() const { return error_ != nullptr; }
  const char* error() const { return error_; }
  std::size_t error_offset() const { return error_offset_; }
  // Records a syntax error at the current position (the first one wins); returns false.
  bool fail(const char* what);

  void skip_bom();
  void skip_ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool at_end() const { return p_ >= end_; }
  // The next byte after whitespace, or 0 at the end.
  char peek() {
    skip_ws();
    return p_ < end_ ? *p_ : '\0';
  }
  // Consumes `c` (after whitespace) or fails with `what`.
  bool expect(char c, const char* what) {
    if (peek() != c) return fail(what);
    ++p_;
    return true;
  }
  // Consumes `c` (after whitespace) when it is next.
  bool accept(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }

  // A string value (the cursor on its opening quote, after whitespace). `out` views the input
  // when the string has no escapes, else `scratch`, which holds the unescaped UTF-8.
  bool read_string(std::string_view& out, std::string& scratch);
  // A number value (grammar checked; the conversion is the caller's).
  bool read_number(NumberToken& out);
  // Any value (nested to any depth, without recursion), checked and thrown away.
  bool skip_value();

 private:
  bool read_literal(std::string_view word);
  bool skip_string();  // like read_string, without unescaping
  bool scan_string(std::string* scratch, std::string_view& out);
  bool read_escape(std::string* scratch);
  bool read_utf8_sequence();

  const char* p_;
  const char* end_;
  const char* begin_;
  const char* error_ = nullptr;
  std::size_t error_offset_ = 0;
};

}  // namespace dpt::fusion::json
