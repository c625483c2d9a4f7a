#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "dpt/core/rng.h"

using namespace dpt;

namespace {

std::vector<std::uint64_t> draws(CounterRng rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng.next_u64());
  return out;
}

struct Moments {
  double mean = 0, variance = 0;
};

template <class Draw>
Moments moments(int n, Draw draw) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

}  // namespace

TEST_CASE("philox4x32_10 matches the Random123 known-answer vectors") {
  CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
        Philox4x32Counter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}) ==
        Philox4x32Counter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}) ==
        Philox4x32Counter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("philox4x32_10 is a function of counter and key alone") {
  const Philox4x32Counter ctr{1, 2, 3, 4};
  const Philox4x32Key key{5, 6};
  const auto out = philox4x32_10(ctr, key);
  CHECK(philox4x32_10(ctr, key) == out);
  // Flipping one bit anywhere in the input changes the output.
  for (std::size_t w = 0; w < 4; ++w) {
    Philox4x32Counter c = ctr;
    c[w] ^= 1u;
    CHECK(philox4x32_10(c, key) != out);
  }
  for (std::size_t w = 0; w < 2; ++w) {
    Philox4x32Key k = key;
    k[w] ^= 0x80000000u;
    CHECK(philox4x32_10(ctr, k) != out);
  }
}

TEST_CASE("CounterRng draws the Philox blocks of its counter and key") {
  const std::uint64_t seed = 0x0123456789abcdefULL;
  CounterRng rng(seed, 11, 22, 33);
  const Philox4x32Key key{0x89abcdefu, 0x01234567u};
  const auto b0 = philox4x32_10({0, 11, 22, 33}, key);
  const auto b1 = philox4x32_10({1, 11, 22, 33}, key);
  for (std::uint32_t w : b0) CHECK(rng.next_u32() == w);
  CHECK(rng.next_u64() == ((static_cast<std::uint64_t>(b1[0]) << 32) | b1[1]));
}

TEST_CASE("CounterRng sequences depend on seed, stream, entity and step") {
  const auto base = draws(CounterRng(42, 7, 3, 100), 16);
  CHECK(draws(CounterRng(42, 7, 3, 100), 16) == base);
  CHECK(draws(CounterRng(43, 7, 3, 100), 16) != base);
  CHECK(draws(CounterRng(42 + (1ULL << 32), 7, 3, 100), 16) != base);  // high seed bits count too
  CHECK(draws(CounterRng(42, 8, 3, 100), 16) != base);
  CHECK(draws(CounterRng(42, 7, 4, 100), 16) != base);
  CHECK(draws(CounterRng(42, 7, 3, 101), 16) != base);
  // No two draws of one sequence coincide (64-bit values: a collision would mean a broken counter).
  for (std::size_t i = 0; i < base.size(); ++i)
    for (std::size_t j = i + 1; j < base.size(); ++j) CHECK(base[i] != base[j]);
}

TEST_CASE("CounterRng::uniform is uniform on [0, 1)") {
  constexpr int n = 100'000;
  CounterRng rng(2024, rng_stream("test.uniform"), 0, 0);
  double lo = 1, hi = 0;
  int buckets[10] = {};
  const Moments m = moments(n, [&] {
    const double u = rng.uniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    if (u >= 0.0 && u < 1.0) ++buckets[static_cast<int>(u * 10)];
    return u;
  });
  CHECK(lo >= 0.0);
  CHECK(hi < 1.0);
  // Standard errors: mean 1/sqrt(12 n); variance sqrt(1/180 / n) (4th central moment 1/80).
  const double se_mean = std::sqrt(1.0 / 12.0 / n);
  const double se_var = std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n);
  CHECK(std::abs(m.mean - 0.5) < 5 * se_mean);
  CHECK(std::abs(m.variance - 1.0 / 12.0) < 5 * se_var);
  // Each tenth gets n/10 ± 5 sigma (binomial, p = 0.1).
  const double se_bucket = std::sqrt(n * 0.1 * 0.9);
  for (int b : buckets) CHECK(std::abs(b - n / 10.0) < 5 * se_bucket);
}

TEST_CASE("CounterRng::normal is standard normal") {
  constexpr int n = 100'000;
  CounterRng rng(2024, rng_stream("test.normal"), 5, 9);
  int within_one = 0, not_finite = 0;
  const Moments m = moments(n, [&] {
    const double x = rng.normal();
    if (!std::isfinite(x)) ++not_finite;
    if (std::abs(x) < 1.0) ++within_one;
    return x;
  });
  CHECK(not_finite == 0);
  // Standard errors: mean 1/sqrt(n); variance sqrt(2/n).
  CHECK(std::abs(m.mean) < 5 / std::sqrt(n));
  CHECK(std::abs(m.variance - 1.0) < 5 * std::sqrt(2.0 / n));
  const double p = 0.682689492137;  // P(|X| < 1)
  CHECK(std::abs(within_one - n * p) < 5 * std::sqrt(n * p * (1 - p)));
}

TEST_CASE("normal draws are reproducible across generators") {
  CounterRng a(9, 1, 2, 3), b(9, 1, 2, 3);
  for (int i = 0; i < 9; ++i) CHECK(a.normal() == b.normal());  // odd count: the spare is used too
}

TEST_CASE("rng_stream is a compile-time FNV-1a hash") {
  static_assert(rng_stream("") == 2166136261u);
  static_assert(rng_stream("a") == 0xe40c292cu);  // FNV-1a 32 reference value
  static_assert(rng_stream("foobar") == 0xbf9cf968u);
  constexpr std::uint32_t wind = rng_stream("wind.turbulence");
  static_assert(wind != rng_stream("wind.gusts"));
  CHECK(rng_stream("wind.turbulence") == wind);
  const char* names[] = {"wind.turbulence", "wind.gusts", "traffic.arrivals", "traffic.routes", "sensor.noise"};
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = i + 1; j < 5; ++j) CHECK(rng_stream(names[i]) != rng_stream(names[j]));
}
