#pragma once
// Time in dptwin is integer microseconds: no rounding drift over a long run, and the same value
// on every machine. An Instant counts from the Unix epoch (UTC); a scenario's SimClock counts from
// the scenario's start instant.
#include <cstdint>
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt {

struct Duration {
  std::int64_t us = 0;

  static constexpr Duration micros(std::int64_t v) { return {v}; }
  static constexpr Duration seconds(std::int64_t v) { return {v * 1'000'000}; }
  static constexpr Duration minutes(std::int64_t v) { return {v * 60'000'000}; }
  static constexpr Duration hours(std::int64_t v) { return {v * 3'600'000'000LL}; }
  double to_seconds() const { return static_cast<double>(us) * 1e-6; }
  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return {a.us + b.us}; }
  friend constexpr Duration operator-(Duration a, Duration b) { return {a.us - b.us}; }
  friend constexpr Duration operator*(Duration a, std::int64_t k) { return {a.us * k}; }
};

struct Instant {
  std::int64_t us_since_unix = 0;  // UTC
  friend constexpr auto operator<=>(Instant, Instant) = default;
  friend constexpr Instant operator+(Instant a, Duration d) { return {a.us_since_unix + d.us}; }
  friend constexpr Duration operator-(Instant a, Instant b) { return {a.us_since_unix - b.us_since_unix}; }
};

// An instant as written, with the UTC offset it was written with (so output can keep local time).
struct ZonedInstant {
  Instant instant;
  int offset_minutes = 0;
};

// "90s", "15min", "2h", "2h30min", "1.5h", "250ms", "1d", "10 min". Units: us, ms, s, min, h, d.
// A bare number is rejected (the unit must be said), as is anything finer than 1 µs.
Result<Duration> parse_duration(std::string_view text);

// ISO 8601 with an explicit offset: "2018-09-16T09:00:00+08:00", "2018-09-16T01:00:00Z",
// fractional seconds allowed, 'T' or a space between date and time. A local time without an
// offset is rejected: it is ambiguous.
Result<ZonedInstant> parse_instant(std::string_view text);

// A TIME argument of the CLI: either an offset from `start` ("0s", "2h30min") or an absolute
// ISO 8601 instant.
Result<Instant> parse_time(std::string_view text, Instant start);

// "2018-09-16T09:00:00+08:00" (fraction printed only when non-zero).
std::string format_instant(Instant t, int offset_minutes = 0);
// "2h30min", "90s", "250ms", "0s": the shortest exact form parse_duration reads back.
std::string format_duration(Duration d);
// "02:30:00" style for progress displays (hours may exceed 24).
std::string format_hms(Duration d);

// Civil calendar <-> days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's
// "chrono-Compatible Low-Level Date Algorithms".
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);

// The scenario clock: integer µs since the scenario's absolute start.
struct SimClock {
  Instant epoch;
  std::int64_t now_us = 0;
  Instant now() const { return epoch + Duration{now_us}; }
};

}  // namespace dpt
