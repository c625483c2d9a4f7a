#pragma once
// Strongly typed ids: an EntityId<Vehicle> cannot be passed where an EntityId<Camera> is wanted.
// Ids are dense indexes into a domain's arrays (structure of arrays), 32 bits, as the counter-based
// RNG keys on them.
#include <compare>
#include <cstdint>
#include <limits>

namespace dpt {

template <class Tag>
struct Id {
  static constexpr std::uint32_t kInvalid = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t value = kInvalid;

  constexpr bool valid() const { return value != kInvalid; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

}  // namespace dpt
