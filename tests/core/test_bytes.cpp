#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "dpt/core/bytes.h"

using namespace dpt;

namespace {
struct Pod {
  std::int32_t a;
  float b;
  std::uint16_t c;
  friend bool operator==(const Pod&, const Pod&) = default;
};
}  // namespace

TEST_CASE("ByteWriter writes little-endian with 64-bit length prefixes") {
  ByteWriter w;
  w.put<std::uint32_t>(0x04030201u);
  w.put_string("hi");
  const std::vector<std::uint8_t> expected{1, 2, 3, 4, 2, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'};
  CHECK(w.data() == expected);
  w.clear();
  CHECK(w.data().empty());
}

TEST_CASE("ByteWriter and ByteReader round-trip values, arrays and strings") {
  ByteWriter w;
  w.put<std::uint8_t>(0xAB);
  w.put<std::int64_t>(std::numeric_limits<std::int64_t>::min());
  w.put<double>(-1.25);
  w.put(Pod{-7, 3.5f, 65535});
  const std::vector<float> floats{1.0f, -2.5f, 1e30f};
  w.put_array(std::span<const float>(floats));
  w.put_array(std::span<const std::uint32_t>());
  w.put_string("snapshot \xC2\xB5");
  w.put_string("");

  ByteReader r(w.data());
  std::uint8_t u8 = 0;
  std::int64_t i64 = 0;
  double d = 0;
  Pod pod{};
  std::vector<float> f;
  std::vector<std::uint32_t> empty{9, 9};
  std::string s1, s2 = "not empty";
  CHECK(r.get(u8));
  CHECK(r.get(i64));
  CHECK(r.get(d));
  CHECK(r.get(pod));
  CHECK(r.get_array(f, 16));
  CHECK(r.get_array(empty, 16));
  CHECK(r.get_string(s1));
  CHECK(r.get_string(s2));
  CHECK(r.ok());
  CHECK(r.at_end());
  CHECK(r.position() == w.data().size());

  CHECK(u8 == 0xAB);
  CHECK(i64 == std::numeric_limits<std::int64_t>::min());
  CHECK(d == -1.25);
  CHECK(pod == Pod{-7, 3.5f, 65535});
  CHECK(f == floats);
  CHECK(empty.empty());
  CHECK(s1 == "snapshot \xC2\xB5");
  CHECK(s2.empty());
}

TEST_CASE("reading past the end fails and stays failed") {
  ByteWriter w;
  w.put<std::uint16_t>(0x1234);
  ByteReader r(w.data());
  std::uint32_t too_big = 0;
  CHECK_FALSE(r.get(too_big));
  CHECK_FALSE(r.ok());
  CHECK(r.position() == 0);
  // A failed reader does not read again, even what would fit.
  std::uint16_t fits = 0;
  CHECK_FALSE(r.get(fits));
  CHECK(fits == 0);

  ByteReader empty_reader(std::span<const std::uint8_t>{});
  std::uint8_t b = 0;
  CHECK(empty_reader.at_end());
  CHECK_FALSE(empty_reader.get(b));
  CHECK_FALSE(empty_reader.ok());
}

TEST_CASE("a truncated buffer fails at every cut") {
  ByteWriter w;
  w.put<std::uint32_t>(7);
  const std::vector<double> values{1, 2, 3};
  w.put_array(std::span<const double>(values));
  w.put_string("tail");
  const auto& full = w.data();
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    INFO("cut at " << cut << " of " << full.size());
    ByteReader r(std::span<const std::uint8_t>(full.data(), cut));
    std::uint32_t a = 0;
    std::vector<double> v;
    std::string s;
    const bool all = r.get(a) && r.get_array(v, 100) && r.get_string(s);
    CHECK_FALSE(all);
    CHECK_FALSE(r.ok());
    CHECK(r.position() <= cut);
  }
}

TEST_CASE("lengths that claim more than the buffer or max_count fail") {
  SECTION("array longer than max_count") {
    ByteWriter w;
    const std::vector<std::uint8_t> five{1, 2, 3, 4, 5};
    w.put_array(std::span<const std::uint8_t>(five));
    std::vector<std::uint8_t> out;
    ByteReader limited(w.data());
    CHECK_FALSE(limited.get_array(out, 4));
    CHECK_FALSE(limited.ok());
    CHECK(out.empty());
    ByteReader exact(w.data());
    CHECK(exact.get_array(out, 5));
    CHECK(out == five);
  }
  SECTION("damaged lengths") {
    ByteWriter w;
    w.put<std::uint64_t>(std::numeric_limits<std::uint64_t>::max());  // absurd count
    w.put<std::uint64_t>(0);
    std::vector<std::uint64_t> arr;
    ByteReader r1(w.data());
    CHECK_FALSE(r1.get_array(arr, std::numeric_limits<std::uint64_t>::max()));
    CHECK(arr.empty());
    std::string s;
    ByteReader r2(w.data());
    CHECK_FALSE(r2.get_string(s));
    CHECK_FALSE(r2.ok());
  }
  SECTION("array count times element size beyond the buffer") {
    ByteWriter w;
    w.put<std::uint64_t>(3);                 // 3 doubles claimed ...
    w.put<double>(1.0);                      // ... 1 present
    w.put<std::uint64_t>(0);
    std::vector<double> v;
    ByteReader r(w.data());
    CHECK_FALSE(r.get_array(v, 10));
    CHECK_FALSE(r.ok());
  }
}
