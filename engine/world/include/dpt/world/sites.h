#pragma once
// Named places that scenarios refer to: hazmat sites, beaches, shelters, hospitals, checkpoints.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/geo/geometry.h"

namespace dpt::world {

enum class SiteKind : std::uint8_t { hazmat, beach, shelter, hospital, checkpoint, industrial, place };
const char* to_string(SiteKind k);
bool site_kind_from_string(const std::string& s, SiteKind& out);

struct Site {
  std::string id;           // stable key, e.g. "huaan-lpg"
  std::string name;         // "Huaan LPG depot"
  SiteKind kind = SiteKind::place;
  geo::Local pos;           // representative point
  geo::Polygon area;        // may be empty (point sites)
  std::string substance;    // hazmat: "LPG", "crude oil", ...
  double inventory_t = 0.0; // hazmat inventory, tonnes
  int capacity = 0;         // shelters: people; beaches: design crowd
  std::string note;         // provenance of the position ("approximate", ...)
};

}  // namespace dpt::world
