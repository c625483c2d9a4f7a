#pragma once
// Observed wind at weather stations, as time series. Reads the Hong Kong Observatory's 10-minute
// wind CSV ("hko-10min": datetime_hkt,station,dir_10min,mean_speed_kmh,max_gust_kmh; times are
// HKT = UTC+8, directions 8-point compass names, "Calm", "Variable" or "N/A").
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/core/time.h"

namespace dpt::sim {

struct StationSeries {
  std::string station;
  std::vector<Instant> t;
  std::vector<double> u, v;  // m/s, 10-minute mean vector
  std::size_t skipped = 0;   // records without a usable direction ("Variable", "N/A")
};

// Reads the series of the named stations (all stations when `wanted` is empty). Errors name the
// file and line; a station that never appears is an error.
Result<std::vector<StationSeries>> read_hko_10min_csv(const std::filesystem::path& file,
                                                      const std::vector<std::string>& wanted);

// Compass names ("North", "Northeast", ..., also 16-point "North-northeast") -> degrees from north.
// Returns a negative value for a name that is not a direction.
double compass_to_deg(std::string_view name);

}  // namespace dpt::sim
