#pragma once
// Physical quantities in files are text with a unit ("12 m/s", "45 km/h", "500 m", "10 m2/s"):
// a number without its unit is a classic source of silent error, so it is rejected. Values are
// returned in SI units.
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt {

enum class Dimension { length, speed, diffusivity, pressure };

// What a dimension's units are, for error messages: "m, km".
std::string units_of(Dimension dim);
std::string_view dimension_name(Dimension dim);

// "12 m/s" -> 12.0; "45 km/h" -> 12.5; "20 kn" -> 10.29; errors name what was expected.
Result<double> parse_quantity(std::string_view text, Dimension dim);

}  // namespace dpt
