// Road attributes from OpenStreetMap tags, and the defaults when a tag is missing.
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "dpt/world/roads.h"

namespace dpt::world {

namespace {
constexpr std::array<const char*, 10> kClassNames = {"motorway",     "trunk",       "primary", "secondary",
                                                     "tertiary",     "unclassified", "residential",
                                                     "service",      "track",       "other"};

// Defaults by class (docs/district.md), lanes per direction and speed limit. They follow
// China's urban road design code CJJ 37-2012 design speeds for the urban classes (expressway
// 80-100, arterial 40-60, secondary 30-50, branch 20-40 km/h) and common OSM practice for lanes:
//   class         lanes  km/h
//   motorway        2    100
//   trunk           2     80
//   primary         2     60
//   secondary       1     50
//   tertiary        1     40
//   unclassified    1     30
//   residential     1     30
//   service         1     20
//   track           1     15
//   other           1     30
struct ClassDefaults {
  int lanes;
  double speed_kmh;
};
constexpr std::array<ClassDefaults, 10> kDefaults = {{{2, 100.0}, {2, 80.0}, {2, 60.0}, {1, 50.0}, {1, 40.0},
                                                      {1, 30.0}, {1, 30.0}, {1, 20.0}, {1, 15.0}, {1, 30.0}}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
}  // namespace

const char* to_string(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kClassNames.size() ? kClassNames[i] : "other";
}

bool road_class_from_string(const std::string& s, RoadClass& out) {
  for (std::size_t i = 0; i < kClassNames.size(); ++i)
    if (s == kClassNames[i]) {
      out = static_cast<RoadClass>(i);
      return true;
    }
  return false;
}

RoadClass road_class_from_osm(const std::string& highway) {
  std::string_view h = trim(highway);
  // Link roads (ramps) share their parent's class.
  if (h.size() > 5 && h.substr(h.size() - 5) == "_link") h.remove_suffix(5);
  if (h == "motorway") return RoadClass::motorway;
  if (h == "trunk") return RoadClass::trunk;
  if (h == "primary") return RoadClass::primary;
  if (h == "secondary") return RoadClass::secondary;
  if (h == "tertiary") return RoadClass::tertiary;
  if (h == "unclassified") return RoadClass::unclassified;
  if (h == "residential" || h == "living_street") return RoadClass::residential;
  if (h == "service") return RoadClass::service;
  if (h == "track") return RoadClass::track;
  return RoadClass::other;
}

int default_lanes(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kDefaults.size() ? kDefaults[i].lanes : 1;
}

double default_speed_kmh(RoadClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kDefaults.size() ? kDefaults[i].speed_kmh : 30.0;
}

double parse_maxspeed_kmh(const std::string& s) {
  // OSM maxspeed: a number, km/h by default; "mph" converts (1 mi = 1.609344 km exactly).
  const std::string_view t = trim(s);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr == t.data() || !std::isfinite(v) || v <= 0.0) return -1.0;
  const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(t.data() + t.size() - ptr)));
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return v;
  if (unit == "mph") return v * 1.609344;
  return -1.0;
}

int parse_oneway(const std::string& s) {
  const std::string_view t = trim(s);
  if (t == "yes" || t == "true" || t == "1") return 1;
  if (t == "-1" || t == "reverse") return -1;
  return 0;
}

}  // namespace dpt::world
