#pragma once
// Counter-based random numbers (Philox4x32-10, Salmon et al., "Parallel random numbers: as easy
// as 1, 2, 3", SC'11). A draw is a pure function of (seed, stream, entity, step, draw index), so
// results do not depend on thread count or on the order in which entities are processed.
#include <array>
#include <cstdint>
#include <string_view>

namespace dpt {

using Philox4x32Counter = std::array<std::uint32_t, 4>;
using Philox4x32Key = std::array<std::uint32_t, 2>;

// The raw bijection: 10 rounds of Philox4x32 (checked against Random123's known-answer vectors).
Philox4x32Counter philox4x32_10(Philox4x32Counter ctr, Philox4x32Key key);

// A stream id from a name, at compile time: each module names its streams ("wind.turbulence")
// so that adding a stream never shifts another one's numbers. FNV-1a, 32 bit.
constexpr std::uint32_t rng_stream(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

// The generator one entity uses during one step. Cheap to construct: make one where needed.
// Counter words: {draw index, stream, entity, step}; key: the 64-bit seed. Each of entity and
// step is 32 bits: ids beyond 2^32 or more than 2^32 steps wrap, which the runner prevents.
class CounterRng {
 public:
  CounterRng(std::uint64_t seed, std::uint32_t stream, std::uint32_t entity, std::uint32_t step)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        ctr_{0, stream, entity, step} {}

  std::uint32_t next_u32();
  std::uint64_t next_u64();
  // Uniform on [0, 1) with 53 random bits.
  double uniform();
  // Standard normal (Box-Muller; both values of a pair are used).
  double normal();

 private:
  Philox4x32Key key_;
  Philox4x32Counter ctr_;
  Philox4x32Counter block_{};
  int used_ = 4;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace dpt
