#include "dpt/sim/common/station_series.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>

#include "dpt/sim/common/wind_field.h"

namespace dpt::sim {
namespace {

std::vector<std::string_view> split_csv(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t c = line.find(',', start);
    out.push_back(line.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start));
    if (c == std::string_view::npos) break;
    start = c + 1;
  }
  return out;
}

}  // namespace

double compass_to_deg(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kNames{
      "north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast", "southeast", "south-southeast",
      "south", "south-southwest", "southwest", "west-southwest", "west", "west-northwest", "northwest", "north-northwest"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (lower == kNames[i]) return 22.5 * static_cast<double>(i);
  return -1.0;
}

Result<std::vector<StationSeries>> read_hko_10min_csv(const std::filesystem::path& file,
                                                      const std::vector<std::string>& wanted) {
  std::ifstream in(file);
  if (!in) return Result<std::vector<StationSeries>>::failure({file.string()}, "cannot open station wind file");
  ErrorList errors;
  std::map<std::string, StationSeries> by_name;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1) {
      if (line.rfind("datetime_hkt,station,dir_10min,mean_speed_kmh", 0) != 0) {
        errors.add({file.string(), 1, 1},
                   "not an HKO 10-minute wind file: expected the header "
                   "'datetime_hkt,station,dir_10min,mean_speed_kmh,max_gust_kmh'");
        break;
      }
      continue;
    }
    if (line.empty()) continue;
    const auto f = split_csv(line);
    if (f.size() < 4) {
      errors.add({file.string(), lineno, 1}, "expected at least 4 fields (datetime_hkt,station,dir_10min,mean_speed_kmh)");
      if (errors.size() > 20) break;
      continue;
    }
    const std::string station(f[1]);
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), station) == wanted.end()) continue;
    const std::string_view ts = f[0];
    if (ts.size() != 12 || !std::all_of(ts.begin(), ts.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      errors.add({file.string(), lineno, 1}, "datetime_hkt must be YYYYMMDDHHMM");
      continue;
    }
    const std::string iso = std::string(ts.substr(0, 4)) + "-" + std::string(ts.substr(4, 2)) + "-" +
                            std::string(ts.substr(6, 2)) + "T" + std::string(ts.substr(8, 2)) + ":" +
                            std::string(ts.substr(10, 2)) + ":00+08:00";
    auto t = parse_instant(iso);
    if (!t) {
      errors.add({file.string(), lineno, 1}, t.errors().items().front().message);
      continue;
    }
    StationSeries& s = by_name[station];
    s.station = station;
    if (f[3] == "N/A" || f[3].empty()) {
      ++s.skipped;
      continue;
    }
    double kmh = 0;
    auto [p, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), kmh);
    if (ec != std::errc() || p != f[3].data() + f[3].size() || kmh < 0) {
      errors.add({file.string(), lineno, 0}, "mean_speed_kmh must be a non-negative number, got '" + std::string(f[3]) + "'");
      continue;
    }
    double u = 0, v = 0;
    if (f[2] != "Calm") {
      const double deg = compass_to_deg(f[2]);
      if (deg < 0) {  // "Variable", "N/A": speed without a direction is no vector
        ++s.skipped;
        continue;
      }
      wind_components(kmh / 3.6, deg, u, v);
    }
    if (!s.t.empty() && t->instant <= s.t.back()) {
      errors.add({file.string(), lineno, 1}, "times of station '" + station + "' are not increasing");
      continue;
    }
    s.t.push_back(t->instant);
    s.u.push_back(u);
    s.v.push_back(v);
  }
  for (const std::string& w : wanted)
    if (!by_name.count(w) || by_name[w].t.empty())
      errors.add({file.string(), 0, 0}, "station '" + w + "' has no usable records in this file");
  if (!errors.empty()) return errors;
  std::vector<StationSeries> out;
  if (wanted.empty()) {
    for (auto& [name, s] : by_name) out.push_back(std::move(s));
  } else {
    for (const std::string& w : wanted) out.push_back(std::move(by_name[w]));
  }
  return out;
}

}  // namespace dpt::sim
