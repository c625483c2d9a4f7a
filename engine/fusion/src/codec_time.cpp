#include "codec_time.h"

#include "dpt/core/time.h"

namespace dpt::fusion {

namespace {

// Reads `n` digits at s[at..] into v; false if any is not a digit.
bool digits(std::string_view s, std::size_t at, int n, int& v) {
  v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[at + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

void put2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

bool parse_wire_time(std::string_view s, std::int64_t& us) {
  // Fixed layout: 0123456789012345678
  //               YYYY-MM-DDTHH:MM:SS
  if (s.size() < 20) return false;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
      s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, sec))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59) return false;
  std::size_t i = 19;
  std::int64_t frac_us = 0;
  if (s[i] == '.') {
    ++i;
    int n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (++n > 6) return false;  // finer than a microsecond: the engine's clock cannot hold it
      frac_us = frac_us * 10 + (s[i] - '0');
      ++i;
    }
    if (n == 0) return false;
    for (; n < 6; ++n) frac_us *= 10;
  }
  if (i >= s.size()) return false;
  int offset_min = 0;
  if (s[i] == 'Z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh = 0, om = 0;
    if (s.size() - i != 6 || !digits(s, i + 1, 2, oh) || s[i + 3] != ':' || !digits(s, i + 4, 2, om) || oh > 23 ||
        om > 59)
      return false;
    offset_min = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - std::int64_t{offset_min} * 60;
  us = secs * 1'000'000 + frac_us;
  return true;
}

void append_wire_time(std::int64_t us, std::string& out) {
  // Floor division, so that times before 1970 keep a non-negative fraction.
  std::int64_t secs = us / 1'000'000;
  std::int64_t frac = us % 1'000'000;
  if (frac < 0) frac += 1'000'000, --secs;
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) sod += 86400, --days;
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (y < 0) y = 0, m = 1, d = 1, sod = 0, frac = 0;
  if (y > 9999) y = 9999, m = 12, d = 31, sod = 86399, frac = 999'999;
  const int yy = static_cast<int>(y);
  put2(out, yy / 100);
  put2(out, yy % 100);
  out.push_back('-');
  put2(out, static_cast<int>(m));
  out.push_back('-');
  put2(out, static_cast<int>(d));
  out.push_back('T');
  put2(out, static_cast<int>(sod / 3600));
  out.push_back(':');
  put2(out, static_cast<int>(sod / 60 % 60));
  out.push_back(':');
  put2(out, static_cast<int>(sod % 60));
  out.push_back('.');
  char f[6];
  for (int k = 5; k >= 0; --k) {
    f[k] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(f, 6);
  out.push_back('Z');
}

}  // namespace dpt::fusion
