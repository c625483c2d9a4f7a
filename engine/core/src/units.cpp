#include "dpt/core/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>

namespace dpt {
namespace {

struct UnitDef {
  std::string_view name;
  double to_si;
};

// International nautical mile = 1852 m (exact), so 1 kn = 1852/3600 m/s.
constexpr std::array<UnitDef, 2> kLength{{{"m", 1.0}, {"km", 1000.0}}};
constexpr std::array<UnitDef, 5> kSpeed{
    {{"m/s", 1.0}, {"km/h", 1.0 / 3.6}, {"kn", 1852.0 / 3600.0}, {"kt", 1852.0 / 3600.0}, {"mph", 0.44704}}};
constexpr std::array<UnitDef, 3> kDiffusivity{{{"m2/s", 1.0}, {"m^2/s", 1.0}, {"m\xC2\xB2/s", 1.0}}};
constexpr std::array<UnitDef, 3> kPressure{{{"Pa", 1.0}, {"hPa", 100.0}, {"kPa", 1000.0}}};

std::span<const UnitDef> units(Dimension d) {
  switch (d) {
    case Dimension::length: return kLength;
    case Dimension::speed: return kSpeed;
    case Dimension::diffusivity: return kDiffusivity;
    case Dimension::pressure: return kPressure;
  }
  return {};
}

const char* example(Dimension d) {
  switch (d) {
    case Dimension::length: return "\"500 m\" or \"2 km\"";
    case Dimension::speed: return "\"12 m/s\" or \"45 km/h\"";
    case Dimension::diffusivity: return "\"10 m2/s\"";
    case Dimension::pressure: return "\"1013 hPa\"";
  }
  return "";
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::length: return "length";
    case Dimension::speed: return "speed";
    case Dimension::diffusivity: return "diffusivity";
    case Dimension::pressure: return "pressure";
  }
  return "quantity";
}

std::string units_of(Dimension dim) {
  std::string s;
  for (const UnitDef& u : units(dim)) {
    if (!s.empty()) s += ", ";
    s += u.name;
  }
  return s;
}

Result<double> parse_quantity(std::string_view text, Dimension dim) {
  const std::string expect =
      "expected a " + std::string(dimension_name(dim)) + " with its unit, e.g. " + example(dim);
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  double v = 0;
  const char* first = text.data() + i;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr == first)
    return Result<double>::failure({}, "bad " + std::string(dimension_name(dim)) + " '" + std::string(text) + "'; " + expect);
  if (!std::isfinite(v)) return Result<double>::failure({}, "'" + std::string(text) + "' is not finite");
  std::string_view rest(ptr, static_cast<std::size_t>(last - ptr));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (rest.empty()) return Result<double>::failure({}, "'" + std::string(text) + "' has no unit; " + expect);
  for (const UnitDef& u : units(dim)) {
    if (rest != u.name) continue;
    if (!std::isfinite(v * u.to_si)) return Result<double>::failure({}, "'" + std::string(text) + "' is out of range");
    return v * u.to_si;
  }
  return Result<double>::failure({}, "unit '" + std::string(rest) + "' is not a unit of " +
                                         std::string(dimension_name(dim)) + " (use one of: " + units_of(dim) + ")");
}

}  // namespace dpt
