// Buildings: use names, heights from OSM-style attributes, and the extruded mesh.
#include "dpt/world/buildings.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

namespace dpt::world {

namespace {
constexpr std::array<const char*, 6> kUseNames = {"unknown", "residential", "commercial",
                                                  "industrial", "public", "hazmat"};

// A positive finite number followed by nothing or a metre unit ("12", "12 m", "12.5m").
// Anything else (feet, ranges, "tall") is refused so that the next source is tried.
bool parse_metres(std::string_view s, bool allow_unit, double& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr == s.data()) return false;
  std::string_view rest(ptr, static_cast<std::size_t>(s.data() + s.size() - ptr));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!rest.empty() && !(allow_unit && rest == "m")) return false;
  if (!std::isfinite(v) || v <= 0.0) return false;
  out = v;
  return true;
}
}  // namespace

const char* to_string(BuildingUse u) {
  const auto k = static_cast<std::size_t>(u);
  return k < kUseNames.size() ? kUseNames[k] : "unknown";
}

BuildingUse building_use_from_string(const std::string& s) {
  for (std::size_t k = 0; k < kUseNames.size(); ++k)
    if (s == kUseNames[k]) return static_cast<BuildingUse>(k);
  // OSM building=* values that say what a building is for.
  if (s == "house" || s == "apartments" || s == "detached" || s == "dormitory" || s == "terrace")
    return BuildingUse::residential;
  if (s == "retail" || s == "office" || s == "hotel" || s == "supermarket") return BuildingUse::commercial;
  if (s == "warehouse" || s == "factory" || s == "manufacture") return BuildingUse::industrial;
  if (s == "school" || s == "hospital" || s == "civic" || s == "government" || s == "public_" ||
      s == "university" || s == "fire_station")
    return BuildingUse::public_;
  return BuildingUse::unknown;
}

float building_height_from_attrs(const std::string* height, const std::string* levels,
                                 HeightSource* source) {
  double v = 0.0;
  if (height != nullptr && parse_metres(*height, true, v)) {
    if (source != nullptr) *source = HeightSource::height_attr;
    return static_cast<float>(v);
  }
  if (levels != nullptr && parse_metres(*levels, false, v)) {
    if (source != nullptr) *source = HeightSource::levels_attr;
    return static_cast<float>(v * kMetresPerLevel);
  }
  if (source != nullptr) *source = HeightSource::default_height;
  return kDefaultBuildingHeight;
}

namespace {
// The footprint without repeated vertices, outer counter-clockwise and holes clockwise: walls and
// roof then index the same vertices, which is what makes the mesh closed.
geo::Polygon clean_footprint(const geo::Polygon& in) {
  auto clean = [](const geo::Ring& r) {
    geo::Ring out;
    out.reserve(r.size());
    for (const geo::Local& p : r)
      if (out.empty() || out.back().x != p.x || out.back().y != p.y) out.push_back(p);
    while (out.size() > 1 && out.back().x == out.front().x && out.back().y == out.front().y) out.pop_back();
    return out;
  };
  geo::Polygon p;
  p.outer = clean(in.outer);
  for (const geo::Ring& h : in.holes) {
    geo::Ring c = clean(h);
    if (c.size() >= 3 && geo::signed_area(c) != 0.0) p.holes.push_back(std::move(c));
  }
  geo::normalise_orientation(p);
  return p;
}
}  // namespace

bool append_building_mesh(const Building& b, std::uint32_t building_index, Mesh& mesh) {
  if (!(b.height > 0.0f) || !std::isfinite(b.base_z)) return false;
  const geo::Polygon fp = clean_footprint(b.footprint);
  // Triangulate first: nothing is appended when the footprint is degenerate.
  const std::vector<std::uint32_t> roof = triangulate(fp);
  if (roof.empty()) return false;

  // Vertices: every footprint vertex at the base, then every one at the roof (shared by walls,
  // roof and floor, so the mesh is closed by index, not just by position).
  std::size_t n = fp.outer.size();
  for (const geo::Ring& h : fp.holes) n += h.size();
  const auto v0 = static_cast<std::uint32_t>(mesh.positions.size() / 3);
  const auto nv = static_cast<std::uint32_t>(n);
  const float top = b.base_z + b.height;
  mesh.positions.reserve(mesh.positions.size() + 6 * n);
  for (const float z : {b.base_z, top}) {
    auto push_ring = [&](const geo::Ring& r) {
      for (const geo::Local& p : r) {
        mesh.positions.push_back(static_cast<float>(p.x));
        mesh.positions.push_back(static_cast<float>(p.y));
        mesh.positions.push_back(z);
      }
    };
    push_ring(fp.outer);
    for (const geo::Ring& h : fp.holes) push_ring(h);
  }

  const std::size_t tri_before = mesh.triangle_count();
  auto tri = [&](std::uint32_t a, std::uint32_t c, std::uint32_t d) {
    mesh.indices.push_back(v0 + a);
    mesh.indices.push_back(v0 + c);
    mesh.indices.push_back(v0 + d);
  };
  // Roof counter-clockwise seen from above; floor the same triangles reversed (seen from below).
  for (std::size_t t = 0; t + 2 < roof.size(); t += 3) {
    tri(nv + roof[t], nv + roof[t + 1], nv + roof[t + 2]);
    tri(roof[t], roof[t + 2], roof[t + 1]);
  }
  // Walls: one quad per edge. The outer ring is counter-clockwise and holes clockwise, so the
  // solid is on the left of every edge and (a_base, b_base, b_top) faces right = outwards.
  auto walls = [&](const geo::Ring& r, std::uint32_t first) {
    const auto m = static_cast<std::uint32_t>(r.size());
    for (std::uint32_t k = 0; k < m; ++k) {
      const std::uint32_t a = first + k, c = first + (k + 1) % m;
      tri(a, c, nv + c);
      tri(a, nv + c, nv + a);
    }
  };
  walls(fp.outer, 0);
  auto first = static_cast<std::uint32_t>(fp.outer.size());
  for (const geo::Ring& h : fp.holes) {
    walls(h, first);
    first += static_cast<std::uint32_t>(h.size());
  }
  mesh.triangle_building.insert(mesh.triangle_building.end(), mesh.triangle_count() - tri_before,
                                building_index);
  return true;
}

Mesh make_buildings_mesh(const std::vector<Building>& buildings) {
  Mesh mesh;
  std::size_t verts = 0;
  for (const Building& b : buildings) {
    verts += 2 * b.footprint.outer.size();
    for (const geo::Ring& h : b.footprint.holes) verts += 2 * h.size();
  }
  mesh.positions.reserve(3 * verts);
  mesh.indices.reserve(3 * 2 * verts);
  for (std::size_t k = 0; k < buildings.size(); ++k)
    append_building_mesh(buildings[k], static_cast<std::uint32_t>(k), mesh);
  return mesh;
}

}  // namespace dpt::world
