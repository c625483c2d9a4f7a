#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "dpt/core/time.h"

using namespace dpt;

namespace {
constexpr std::int64_t kSec = 1'000'000;
constexpr std::int64_t kMin = 60 * kSec;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t dur(const char* text) {
  auto d = parse_duration(text);
  INFO("parse_duration(\"" << text << "\")" << (d ? "" : ": " + d.errors().to_string()));
  REQUIRE(d.ok());
  return d->us;
}

std::int64_t epoch_s(const char* text) {
  auto z = parse_instant(text);
  INFO("parse_instant(\"" << text << "\")" << (z ? "" : ": " + z.errors().to_string()));
  REQUIRE(z.ok());
  REQUIRE(z->instant.us_since_unix % kSec == 0);
  return z->instant.us_since_unix / kSec;
}
}  // namespace

TEST_CASE("parse_duration reads every unit") {
  CHECK(dur("7us") == 7);
  CHECK(dur("250ms") == 250'000);
  CHECK(dur("90s") == 90 * kSec);
  CHECK(dur("15min") == 15 * kMin);
  CHECK(dur("2h") == 2 * kHour);
  CHECK(dur("1d") == kDay);
  CHECK(dur("0s") == 0);
  CHECK(dur("0us") == 0);
}

TEST_CASE("parse_duration reads compounds, decimals and spaces") {
  CHECK(dur("2h30min") == 2 * kHour + 30 * kMin);
  CHECK(dur("1d2h3min4s5ms6us") == kDay + 2 * kHour + 3 * kMin + 4 * kSec + 5'000 + 6);
  CHECK(dur("1.5h") == 90 * kMin);
  CHECK(dur("0.25s") == 250'000);
  CHECK(dur("1.000001s") == kSec + 1);
  CHECK(dur("0.5ms") == 500);
  CHECK(dur("10 min") == 10 * kMin);
  CHECK(dur("  2h 30min  ") == 2 * kHour + 30 * kMin);
  CHECK(dur("-2h30min") == -(2 * kHour + 30 * kMin));
}

TEST_CASE("parse_duration rejects what it cannot read exactly") {
  const char* bad[] = {
      "",          "   ",      "90",       "1.5",        // no unit
      "5m",        "1h5m",                               // 'm' is ambiguous
      "5 parsecs", "5x",       "3 weeks",  "h",  "s",    // unknown unit / no number
      ".s",        "2h-30min", "--5s",                   // malformed
      "0.0000001s", "0.5us",   "1.0000005ms",            // finer than 1 microsecond
      "99999999999999999999s", "106751992d",             // too large for 64-bit microseconds
      "9223372036854775807us 1us",
  };
  for (const char* text : bad) {
    INFO("text: \"" << text << "\"");
    auto d = parse_duration(text);
    CHECK_FALSE(d.ok());
    if (!d.ok()) CHECK_FALSE(d.errors().items().front().message.empty());
  }
  CHECK_THAT(parse_duration("5m").errors().to_string(), Catch::Contains("ambiguous"));
  CHECK_THAT(parse_duration("90").errors().to_string(), Catch::Contains("no unit"));
  CHECK_THAT(parse_duration("5x").errors().to_string(), Catch::Contains("unknown unit"));
  CHECK_THAT(parse_duration("0.5us").errors().to_string(), Catch::Contains("finer than 1 microsecond"));
  CHECK_THAT(parse_duration("106751992d").errors().to_string(), Catch::Contains("too large"));
}

TEST_CASE("parse_duration at the edge of the 64-bit range") {
  CHECK(dur("9223372036854775799us") == INT64_MAX - 8);
  CHECK(dur("106751991d") == 106'751'991 * kDay);
  // The fraction of the last day pushes past INT64_MAX: an error, not a wrapped value.
  CHECK_FALSE(parse_duration("106751991.5d").ok());
  CHECK_FALSE(parse_duration("2562047788h 1h").ok());
  // Digits beyond what a long fraction can resolve still count.
  CHECK_FALSE(parse_duration("1.0000000000000000001s").ok());
  CHECK(dur("1.0000000000000000000s") == kSec);
}

TEST_CASE("parse_instant reads offsets and fractions") {
  auto z = parse_instant("2018-09-16T09:00:00+08:00");
  REQUIRE(z.ok());
  CHECK(z->offset_minutes == 480);
  CHECK(z->instant.us_since_unix == 1'537'059'600 * kSec);

  auto utc = parse_instant("2018-09-16T01:00:00Z");
  REQUIRE(utc.ok());
  CHECK(utc->offset_minutes == 0);
  CHECK(utc->instant == z->instant);

  auto west = parse_instant("2018-09-16T01:00:00-05:30");
  REQUIRE(west.ok());
  CHECK(west->offset_minutes == -330);
  CHECK(west->instant.us_since_unix == 1'537'079'400 * kSec);

  auto frac = parse_instant("2018-09-16T01:00:00.25Z");
  REQUIRE(frac.ok());
  CHECK(frac->instant.us_since_unix == 1'537'059'600 * kSec + 250'000);
  auto micro = parse_instant("2018-09-16T01:00:00.000001000Z");
  REQUIRE(micro.ok());
  CHECK(micro->instant.us_since_unix == 1'537'059'600 * kSec + 1);

  CHECK(epoch_s("2018-09-16 01:00:00Z") == 1'537'059'600);  // space instead of 'T'
  CHECK(epoch_s("2018-09-16T01:00Z") == 1'537'059'600);     // seconds optional
}

TEST_CASE("parse_instant matches epoch values computed by hand") {
  CHECK(epoch_s("1970-01-01T00:00:00Z") == 0);
  CHECK(epoch_s("1970-01-01T08:00:00+08:00") == 0);
  CHECK(epoch_s("1969-12-31T23:59:59Z") == -1);
  CHECK(epoch_s("2000-01-01T00:00:00Z") == 946'684'800);
  CHECK(epoch_s("2024-02-29T12:00:00Z") == 1'709'208'000);
  CHECK(epoch_s("1900-03-01T00:00:00Z") == -2'203'891'200);
  auto before = parse_instant("1969-12-31T23:59:59.5Z");
  REQUIRE(before.ok());
  CHECK(before->instant.us_since_unix == -500'000);
}

TEST_CASE("parse_instant rejects ambiguous or impossible instants") {
  const char* bad[] = {
      "2018-09-16T09:00:00",        // no offset: local time is ambiguous
      "2018-09-16",                 // no time of day
      "2018-02-30T00:00:00Z",       // Feb 30
      "2023-02-29T00:00:00Z",       // not a leap year
      "1900-02-29T00:00:00Z",       // century, not a leap year
      "2018-13-01T00:00:00Z",       // month 13
      "2018-00-10T00:00:00Z",       // month 0
      "2018-04-31T00:00:00Z",       // April has 30 days
      "2018-09-16T24:00:00Z",       "2018-09-16T09:60:00Z", "2016-12-31T23:59:60Z",
      "2018-09-16T09:00:00+19:00",  // offset out of range
      "2018-09-16T09:00:00.Z",      // fraction without digits
      "2018-09-16T09:00:00.0000001Z",
      "2018-09-16T09:00:00Zjunk",   "18-09-16T09:00:00Z", "", "now",
  };
  for (const char* text : bad) {
    INFO("text: \"" << text << "\"");
    CHECK_FALSE(parse_instant(text).ok());
  }
  CHECK_THAT(parse_instant("2018-09-16T09:00:00").errors().to_string(), Catch::Contains("offset"));
  CHECK_THAT(parse_instant("2018-02-30T00:00:00Z").errors().to_string(), Catch::Contains("day out of range"));
  CHECK_THAT(parse_instant("2018-13-01T00:00:00Z").errors().to_string(), Catch::Contains("month out of range"));
  CHECK(parse_instant("2000-02-29T00:00:00Z").ok());  // divisible by 400: a leap year
}

TEST_CASE("parse_time takes an offset from the start or an absolute instant") {
  const Instant start{1'537'059'600 * kSec};
  CHECK(parse_time("0s", start)->us_since_unix == start.us_since_unix);
  CHECK(parse_time("2h30min", start)->us_since_unix == start.us_since_unix + 2 * kHour + 30 * kMin);
  CHECK(parse_time("2018-09-16T12:00:00+08:00", start)->us_since_unix == start.us_since_unix + 3 * kHour);
  CHECK(parse_time(" 2018-09-16T01:00:00Z", start)->us_since_unix == start.us_since_unix);
  CHECK_FALSE(parse_time("2018-09-16T12:00:00", start).ok());
  auto bad = parse_time("soon", start);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.errors().to_string(), Catch::Contains("bad TIME 'soon'"));
}

TEST_CASE("format_instant writes the local time with its offset") {
  const Instant t{1'537'059'600 * kSec};
  CHECK(format_instant(t) == "2018-09-16T01:00:00Z");
  CHECK(format_instant(t, 480) == "2018-09-16T09:00:00+08:00");
  CHECK(format_instant(t, -330) == "2018-09-15T19:30:00-05:30");
  CHECK(format_instant(Instant{0}) == "1970-01-01T00:00:00Z");
  CHECK(format_instant(Instant{-1}) == "1969-12-31T23:59:59.999999Z");
  CHECK(format_instant(t + Duration{250'000}, 480) == "2018-09-16T09:00:00.250000+08:00");

  const char* texts[] = {"2018-09-16T09:00:00+08:00", "2018-09-15T19:30:00-05:30", "2000-02-29T23:59:59.000001Z",
                         "1969-07-20T20:17:40.5-04:00", "1601-01-01T00:00:00Z"};
  for (const char* text : texts) {
    auto z = parse_instant(text);
    REQUIRE(z.ok());
    const std::string out = format_instant(z->instant, z->offset_minutes);
    auto back = parse_instant(out);
    REQUIRE(back.ok());
    CHECK(back->instant == z->instant);
    CHECK(back->offset_minutes == z->offset_minutes);
  }
  CHECK(format_instant(parse_instant("1969-07-20T20:17:40.5-04:00")->instant, -240) == "1969-07-20T20:17:40.500000-04:00");
}

TEST_CASE("format_duration gives the shortest form and round-trips") {
  CHECK(format_duration(Duration{0}) == "0s");
  CHECK(format_duration(Duration::seconds(90)) == "1min30s");
  CHECK(format_duration(Duration::hours(2) + Duration::minutes(30)) == "2h30min");
  CHECK(format_duration(Duration{250'000}) == "250ms");
  CHECK(format_duration(Duration{kDay + 1}) == "1d1us");
  CHECK(format_duration(Duration{-90 * kMin}) == "-1h30min");
  const std::int64_t values[] = {1, 999, 1'000, 1'000'001, 59 * kSec, kHour - 1, 3 * kDay + 7 * kMin + 3,
                                 -5 * kSec, -1, 106'751'991 * kDay, INT64_MAX};
  for (std::int64_t us : values) {
    const std::string text = format_duration(Duration{us});
    INFO(us << " -> " << text);
    CHECK(dur(text.c_str()) == us);
  }
  CHECK(format_hms(Duration::hours(26) + Duration::seconds(5)) == "26:00:05");
  CHECK(format_hms(Duration::minutes(-90)) == "-01:30:00");
}

TEST_CASE("days_from_civil and civil_from_days agree") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 1, 1) == 10'957);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(1600, 1, 1) == -135'140);
  // Every day over ~4400 years, negative days included: the round trip holds and consecutive days
  // are either the next day of the month or the first of the next month.
  std::int64_t prev_y = 0, first_bad = 0;
  unsigned prev_m = 0, prev_d = 0;
  int bad = 0;
  civil_from_days(-800'001, prev_y, prev_m, prev_d);
  for (std::int64_t z = -800'000; z <= 800'000; ++z) {
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(z, y, m, d);
    const bool next_day = y == prev_y && m == prev_m && d == prev_d + 1;
    const bool next_month = d == 1 && ((m == prev_m + 1 && y == prev_y) || (m == 1 && prev_m == 12 && y == prev_y + 1));
    if (days_from_civil(y, m, d) != z || !(next_day || next_month) || m < 1 || m > 12 || d < 1 || d > 31) {
      if (bad++ == 0) first_bad = z;
    }
    prev_y = y;
    prev_m = m;
    prev_d = d;
  }
  INFO("first bad day: " << first_bad);
  CHECK(bad == 0);
  CHECK(prev_y == 4160);  // 800000 days after 1970-01-01
}

TEST_CASE("Duration and Instant arithmetic") {
  CHECK(Duration::hours(1) == Duration::minutes(60));
  CHECK(Duration::seconds(3) * 4 == Duration::seconds(12));
  CHECK(Duration::seconds(1) - Duration::micros(1) < Duration::seconds(1));
  CHECK(Duration::seconds(3).to_seconds() == Approx(3.0));
  const Instant a{1'000};
  CHECK((a + Duration{500}) - a == Duration{500});
  const SimClock clock{Instant{kSec}, 2 * kSec};
  CHECK(clock.now() == Instant{3 * kSec});
}
