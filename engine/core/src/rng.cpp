#include "dpt/core/rng.h"

#include <cmath>
#include <numbers>

namespace dpt {
namespace {
// Multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011, table 2).
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

inline Philox4x32Counter round(const Philox4x32Counter& c, const Philox4x32Key& k) {
  const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c[0];
  const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c[2];
  return {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
          static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
}
}  // namespace

Philox4x32Counter philox4x32_10(Philox4x32Counter ctr, Philox4x32Key key) {
  ctr = round(ctr, key);
  for (int r = 1; r < 10; ++r) {
    key[0] += kW0;
    key[1] += kW1;
    ctr = round(ctr, key);
  }
  return ctr;
}

std::uint32_t CounterRng::next_u32() {
  if (used_ == 4) {
    block_ = philox4x32_10(ctr_, key_);
    ++ctr_[0];
    used_ = 0;
  }
  return block_[static_cast<std::size_t>(used_++)];
}

std::uint64_t CounterRng::next_u64() {
  const std::uint64_t hi = next_u32();
  return (hi << 32) | next_u32();
}

double CounterRng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double CounterRng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // 1 - uniform() lies in (0, 1], so the log is finite.
  const double r = std::sqrt(-2.0 * std::log(1.0 - uniform()));
  const double a = 2.0 * std::numbers::pi * uniform();
  spare_ = r * std::sin(a);
  has_spare_ = true;
  return r * std::cos(a);
}

}  // namespace dpt
