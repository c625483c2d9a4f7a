#include "dpt/core/time.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <limits>

namespace dpt {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct UnitDef {
  std::string_view name;
  std::int64_t us;
};
// Longest names first so that "min" is not read as "m..." and "ms" not as "m" + "s".
constexpr std::array<UnitDef, 9> kUnits{{{"min", 60'000'000},
                                         {"sec", 1'000'000},
                                         {"ms", 1'000},
                                         {"us", 1},
                                         {"\xC2\xB5s", 1},  // µs
                                         {"h", 3'600'000'000LL},
                                         {"d", 86'400'000'000LL},
                                         {"s", 1'000'000},
                                         {"m", 0}}};  // sentinel: "m" is ambiguous, see below

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
  const std::string expected = "expected a duration such as 90s, 15min, 2h or 2h30min";
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  skip_ws();
  if (i == text.size()) return Result<Duration>::failure({}, "empty duration; " + expected);
  std::int64_t total = 0;
  bool negative = false;
  if (text[i] == '-' || text[i] == '+') {
    negative = text[i] == '-';
    ++i;
  }
  int terms = 0;
  while (true) {
    skip_ws();
    if (i == text.size()) break;
    // number: digits [. digits]
    std::int64_t whole = 0;
    std::string frac;
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (whole > (kMax - 9) / 10) return Result<Duration>::failure({}, "duration " + quoted(text) + " is too large");
      whole = whole * 10 + (text[i] - '0');
      ++i;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && is_digit(text[i])) frac += text[i++];
    }
    if (i == start || (i == start + 1 && text[start] == '.'))
      return Result<Duration>::failure({}, "bad duration " + quoted(text) + "; " + expected);
    skip_ws();
    const UnitDef* unit = nullptr;
    for (const UnitDef& u : kUnits) {
      if (text.substr(i, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) {
      if (i == text.size())
        return Result<Duration>::failure({}, "duration " + quoted(text) + " has no unit; " + expected);
      return Result<Duration>::failure({}, "unknown unit in duration " + quoted(text) + "; units are us, ms, s, min, h, d");
    }
    if (unit->us == 0)
      return Result<Duration>::failure({}, "'m' in duration " + quoted(text) + " is ambiguous; write 'min' for minutes");
    i += unit->name.size();
    // value = whole * unit + frac * unit / 10^len(frac), exactly
    if (whole > kMax / unit->us) return Result<Duration>::failure({}, "duration " + quoted(text) + " is too large");
    std::int64_t v = whole * unit->us;
    std::int64_t num = 0, den = 1;
    for (char c : frac) {
      if (den > kMax / 100) {  // more digits than any unit can resolve to 1 µs: they must be 0
        if (c != '0') return Result<Duration>::failure({}, "duration " + quoted(text) + " is finer than 1 microsecond");
        continue;
      }
      num = num * 10 + (c - '0');
      den *= 10;
    }
    if (num != 0) {
      // num / den * unit must be a whole number of µs
      __extension__ using i128 = __int128;  // num * unit can exceed 64 bits
      const i128 scaled = static_cast<i128>(num) * unit->us;
      if (scaled % den != 0)
        return Result<Duration>::failure({}, "duration " + quoted(text) + " is finer than 1 microsecond");
      const auto part = static_cast<std::int64_t>(scaled / den);  // < unit->us
      if (v > kMax - part) return Result<Duration>::failure({}, "duration " + quoted(text) + " is too large");
      v += part;
    }
    if (total > kMax - v) return Result<Duration>::failure({}, "duration " + quoted(text) + " is too large");
    total += v;
    ++terms;
  }
  if (terms == 0) return Result<Duration>::failure({}, "bad duration " + quoted(text) + "; " + expected);
  return Duration{negative ? -total : total};
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

Result<ZonedInstant> parse_instant(std::string_view text) {
  const std::string expected =
      "expected an ISO 8601 instant with offset, e.g. 2018-09-16T09:00:00+08:00 or 2018-09-16T01:00:00Z";
  auto fail = [&](const std::string& why) {
    return Result<ZonedInstant>::failure({}, "bad time '" + std::string(text) + "': " + why + "; " + expected);
  };
  std::size_t i = 0;
  auto num = [&](int digits, int& out) {
    out = 0;
    for (int k = 0; k < digits; ++k) {
      if (i >= text.size() || !is_digit(text[i])) return false;
      out = out * 10 + (text[i++] - '0');
    }
    return true;
  };
  auto lit = [&](char c) {
    if (i < text.size() && text[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!num(4, y) || !lit('-') || !num(2, mo) || !lit('-') || !num(2, d)) return fail("date must be YYYY-MM-DD");
  if (!(lit('T') || lit('t') || lit(' '))) return fail("a time of day is required after the date");
  if (!num(2, h) || !lit(':') || !num(2, mi)) return fail("time must be HH:MM[:SS[.ffffff]]");
  std::int64_t frac_us = 0;
  if (lit(':')) {
    if (!num(2, s)) return fail("seconds must be two digits");
    if (lit('.') || lit(',')) {
      int digits = 0;
      while (i < text.size() && is_digit(text[i])) {
        if (digits < 6) frac_us = frac_us * 10 + (text[i] - '0');
        else if (text[i] != '0') return fail("finer than 1 microsecond");
        ++digits;
        ++i;
      }
      if (digits == 0) return fail("a fraction needs digits");
      for (int k = digits; k < 6; ++k) frac_us *= 10;
    }
  }
  int offset = 0;
  if (lit('Z') || lit('z')) {
    offset = 0;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    const int sign = text[i] == '-' ? -1 : 1;
    ++i;
    int oh = 0, om = 0;
    if (!num(2, oh)) return fail("offset must be +HH:MM");
    lit(':');
    if (!num(2, om)) return fail("offset must be +HH:MM");
    if (oh > 18 || om > 59) return fail("offset out of range");
    offset = sign * (oh * 60 + om);
  } else if (i == text.size()) {
    return fail("no UTC offset (a local time is ambiguous)");
  } else {
    return fail("unexpected text after the time");
  }
  if (i != text.size()) return fail("unexpected text after the offset");
  if (mo < 1 || mo > 12) return fail("month out of range");
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return fail("day out of range");
  if (h > 23 || mi > 59 || s > 60) return fail("time of day out of range");
  if (s == 60) return fail("leap seconds are not supported");
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - static_cast<std::int64_t>(offset) * 60;
  return ZonedInstant{Instant{secs * 1'000'000 + frac_us}, offset};
}

Result<Instant> parse_time(std::string_view text, Instant start) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  const bool looks_absolute = text.size() >= i + 5 && is_digit(text[i]) && is_digit(text[i + 1]) &&
                              is_digit(text[i + 2]) && is_digit(text[i + 3]) && text[i + 4] == '-';
  if (looks_absolute) {
    auto z = parse_instant(text.substr(i));
    if (!z) return z.errors();
    return z->instant;
  }
  auto d = parse_duration(text);
  if (!d) {
    ErrorList e;
    e.add({}, "bad TIME '" + std::string(text) +
                  "': expected an offset from the scenario start (0s, 2h30min) or an ISO 8601 instant "
                  "(2018-09-16T09:00:00+08:00)");
    return e;
  }
  // An offset near the int64 range ("106751990d") would overflow the instant.
  if (std::int64_t t = 0; __builtin_add_overflow(start.us_since_unix, d->us, &t))
    return Result<Instant>::failure({}, "TIME '" + std::string(text) + "' is too far from the scenario start");
  return start + *d;
}

std::string format_instant(Instant t, int offset_minutes) {
  const std::int64_t local_us = t.us_since_unix + static_cast<std::int64_t>(offset_minutes) * 60'000'000;
  std::int64_t secs = local_us / 1'000'000;
  std::int64_t frac = local_us % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  std::int64_t days = secs / 86400;
  std::int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                        static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                        static_cast<long long>(sod % 60));
  std::string s(buf, static_cast<std::size_t>(n));
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    s += buf;
  }
  if (offset_minutes == 0) {
    s += 'Z';
  } else {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    s += buf;
  }
  return s;
}

std::string format_duration(Duration d) {
  if (d.us == 0) return "0s";
  std::string s = d.us < 0 ? "-" : "";
  std::uint64_t v = d.us < 0 ? static_cast<std::uint64_t>(-(d.us + 1)) + 1 : static_cast<std::uint64_t>(d.us);
  struct U {
    const char* name;
    std::uint64_t us;
  };
  static constexpr U units[] = {{"d", 86'400'000'000ULL}, {"h", 3'600'000'000ULL}, {"min", 60'000'000ULL},
                                {"s", 1'000'000ULL},      {"ms", 1'000ULL},         {"us", 1ULL}};
  for (const U& u : units) {
    if (v >= u.us) {
      s += std::to_string(v / u.us) + u.name;
      v %= u.us;
    }
  }
  return s;
}

std::string format_hms(Duration d) {
  std::int64_t s = d.us / 1'000'000;
  const bool neg = s < 0;
  if (neg) s = -s;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld", neg ? "-" : "", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

}  // namespace dpt
