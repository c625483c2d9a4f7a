// Buildings: heights from attributes, and the extruded mesh is closed with outward faces
// (divergence theorem: the signed volume from the mesh equals footprint area × height).
#include <catch2/catch.hpp>

#include <map>
#include <utility>

#include "dpt/world/buildings.h"

using dpt::geo::Polygon;
using dpt::world::Building;
using dpt::world::HeightSource;
using dpt::world::Mesh;

namespace {

// Σ over triangles of (a · (b × c)) / 6: the enclosed volume when the mesh is closed and its
// triangles are counter-clockwise seen from outside (positive), negative when inside-out.
double mesh_volume(const Mesh& m, std::uint32_t building) {
  double v = 0.0;
  for (std::size_t t = 0; t < m.triangle_count(); ++t) {
    if (m.triangle_building[t] != building) continue;
    const float* a = &m.positions[3 * m.indices[3 * t]];
    const float* b = &m.positions[3 * m.indices[3 * t + 1]];
    const float* c = &m.positions[3 * m.indices[3 * t + 2]];
    const double cx = double(b[1]) * c[2] - double(b[2]) * c[1];
    const double cy = double(b[2]) * c[0] - double(b[0]) * c[2];
    const double cz = double(b[0]) * c[1] - double(b[1]) * c[0];
    v += (a[0] * cx + a[1] * cy + a[2] * cz) / 6.0;
  }
  return v;
}

// Closed and consistently oriented: every directed edge (a→b) appears once and its reverse once.
void check_closed(const Mesh& m) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> directed;
  for (std::size_t t = 0; t < m.triangle_count(); ++t)
    for (int e = 0; e < 3; ++e)
      ++directed[{m.indices[3 * t + e], m.indices[3 * t + (e + 1) % 3]}];
  for (const auto& [edge, n] : directed) {
    INFO("edge " << edge.first << "-" << edge.second);
    CHECK(n == 1);
    const auto rev = directed.find({edge.second, edge.first});
    CHECK((rev != directed.end() && rev->second == 1));
  }
}

}  // namespace

TEST_CASE("building height from attributes", "[world][buildings]") {
  HeightSource src{};
  const std::string h12 = "12", h12m = "12 m", h125 = "12.5m", lv4 = "4", bad = "tall", zero = "0",
                    neg = "-3", ft = "30 ft";
  CHECK(dpt::world::building_height_from_attrs(&h12, nullptr, &src) == 12.0f);
  CHECK(src == HeightSource::height_attr);
  CHECK(dpt::world::building_height_from_attrs(&h12m, nullptr) == 12.0f);
  CHECK(dpt::world::building_height_from_attrs(&h125, nullptr) == 12.5f);
  CHECK(dpt::world::building_height_from_attrs(nullptr, &lv4, &src) == 12.0f);
  CHECK(src == HeightSource::levels_attr);
  // Bad or non-positive heights fall through to levels, then to the default.
  CHECK(dpt::world::building_height_from_attrs(&bad, &lv4, &src) == 12.0f);
  CHECK(src == HeightSource::levels_attr);
  CHECK(dpt::world::building_height_from_attrs(&zero, &lv4) == 12.0f);
  CHECK(dpt::world::building_height_from_attrs(&neg, nullptr, &src) == dpt::world::kDefaultBuildingHeight);
  CHECK(src == HeightSource::default_height);
  CHECK(dpt::world::building_height_from_attrs(&ft, &bad, &src) == 9.0f);
  CHECK(src == HeightSource::default_height);
  CHECK(dpt::world::building_height_from_attrs(nullptr, &lv4) == 4 * dpt::world::kMetresPerLevel);
}

TEST_CASE("building use names round-trip", "[world][buildings]") {
  using dpt::world::BuildingUse;
  for (auto u : {BuildingUse::unknown, BuildingUse::residential, BuildingUse::commercial, BuildingUse::industrial,
                 BuildingUse::public_, BuildingUse::hazmat})
    CHECK(dpt::world::building_use_from_string(dpt::world::to_string(u)) == u);
  CHECK(dpt::world::building_use_from_string("apartments") == BuildingUse::residential);
  CHECK(dpt::world::building_use_from_string("yes") == BuildingUse::unknown);
}

TEST_CASE("building mesh: box is closed, outward, volume = area × height", "[world][buildings]") {
  Building b;
  b.footprint = Polygon{{{0, 0}, {4, 0}, {4, 3}, {0, 3}}, {}};
  b.base_z = 2.0f;
  b.height = 5.0f;
  Mesh m;
  REQUIRE(dpt::world::append_building_mesh(b, 7, m));
  CHECK(m.positions.size() == 3 * 8);
  CHECK(m.triangle_count() == 2 + 2 + 8);  // roof, floor, 4 walls
  CHECK(m.triangle_building.size() == m.triangle_count());
  CHECK(m.triangle_building[0] == 7);
  check_closed(m);
  CHECK(mesh_volume(m, 7) == Approx(12.0 * 5.0));
  // Roof at base_z + height, floor at base_z.
  float zmin = 1e9f, zmax = -1e9f;
  for (std::size_t k = 2; k < m.positions.size(); k += 3) {
    zmin = std::min(zmin, m.positions[k]);
    zmax = std::max(zmax, m.positions[k]);
  }
  CHECK(zmin == 2.0f);
  CHECK(zmax == 7.0f);
}

TEST_CASE("building mesh: courtyard, concave, clockwise and collinear footprints", "[world][buildings]") {
  std::vector<Building> bs(4);
  bs[0].footprint = Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{3, 3}, {3, 7}, {7, 7}, {7, 3}}}};
  bs[1].footprint = Polygon{{{20, 0}, {26, 0}, {26, 2}, {22, 2}, {22, 6}, {20, 6}}, {}};
  bs[2].footprint = Polygon{{{30, 0}, {30, 2}, {33, 2}, {33, 0}}, {}};  // clockwise
  bs[3].footprint = Polygon{{{40, 0}, {41, 0}, {42, 0}, {42, 1}, {42, 2}, {40, 2}, {40, 2}}, {}};  // collinear + repeat
  const double heights[] = {12.0, 6.0, 3.0, 4.5};
  for (std::size_t k = 0; k < bs.size(); ++k) {
    bs[k].height = static_cast<float>(heights[k]);
    bs[k].base_z = -1.0f;
  }
  const Mesh m = dpt::world::make_buildings_mesh(bs);
  check_closed(m);
  for (std::uint32_t k = 0; k < bs.size(); ++k) {
    INFO("building " << k);
    CHECK(mesh_volume(m, k) == Approx(dpt::geo::area(bs[k].footprint) * heights[k]).epsilon(1e-6));
  }
  CHECK(mesh_volume(m, 0) == Approx(84.0 * 12.0));
}

TEST_CASE("building mesh: degenerate footprint appends nothing", "[world][buildings]") {
  Building b;
  b.footprint = Polygon{{{0, 0}, {1, 1}, {2, 2}}, {}};
  b.height = 3.0f;
  Mesh m;
  CHECK_FALSE(dpt::world::append_building_mesh(b, 0, m));
  CHECK(m.positions.empty());
  CHECK(m.indices.empty());
}
