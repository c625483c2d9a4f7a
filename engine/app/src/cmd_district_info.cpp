// dptwin district info DIR: layers, counts, extents, CRS and provenance of a district.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "district_locate.h"
#include "dpt/geo/crs.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

struct Summary {
  std::size_t buildings = 0;
  double building_footprint_km2 = 0.0;
  std::size_t road_nodes = 0, road_links = 0;
  double road_centreline_km = 0.0, road_lane_km = 0.0;
  world::Connectivity connectivity;
  std::map<std::string, std::size_t> sites, cameras, sensors;  // by kind / placement
  geo::Box terrain_box;
  double terrain_cell = 0.0, terrain_min = 0.0, terrain_max = 0.0;
  int terrain_nx = 0, terrain_ny = 0;
};

Summary summarise(const world::District& d) {
  Summary s;
  s.buildings = d.buildings.size();
  for (const auto& b : d.buildings) s.building_footprint_km2 += geo::area(b.footprint) * 1e-6;
  s.road_nodes = d.roads.nodes().size();
  s.road_links = d.roads.links().size();
  s.road_centreline_km = d.roads.centreline_length_m() / 1000.0;
  for (const auto& l : d.roads.links()) s.road_lane_km += l.length_m * l.lanes / 1000.0;
  s.connectivity = d.roads.connectivity();
  for (const auto& x : d.sites) ++s.sites[world::to_string(x.kind)];
  for (const auto& c : d.cameras) ++s.cameras[world::to_string(c.placement)];
  for (const auto& x : d.sensors) ++s.sensors[world::to_string(x.kind)];
  if (!d.terrain.empty()) {
    const auto& g = d.terrain.grid;
    s.terrain_box = d.terrain.bounds();
    s.terrain_cell = g.dx;
    s.terrain_nx = g.nx;
    s.terrain_ny = g.ny;
    s.terrain_min = s.terrain_max = g.z.front();
    for (float z : g.z) {
      s.terrain_min = std::min(s.terrain_min, static_cast<double>(z));
      s.terrain_max = std::max(s.terrain_max, static_cast<double>(z));
    }
  }
  return s;
}

nlohmann::ordered_json to_json(const world::District& d, const Summary& s, const std::string& dir) {
  using json = nlohmann::ordered_json;
  json j;
  j["district"] = dir;
  j["name"] = d.name;
  j["description"] = d.description;
  j["crs"] = d.crs;
  j["crs_name"] = geo::crs_name(d.crs);
  j["origin"] = {{"lon", d.origin.lon}, {"lat", d.origin.lat}};
  j["terrain"] = {{"nx", s.terrain_nx},       {"ny", s.terrain_ny},
                  {"cell_m", s.terrain_cell}, {"filled_holes", d.terrain.filled_holes},
                  {"min_z", s.terrain_min},   {"max_z", s.terrain_max},
                  {"extent", {s.terrain_box.min_x, s.terrain_box.min_y, s.terrain_box.max_x, s.terrain_box.max_y}}};
  j["buildings"] = {{"count", s.buildings}, {"footprint_km2", s.building_footprint_km2}};
  j["roads"] = {{"nodes", s.road_nodes},
                {"links", s.road_links},
                {"centreline_km", s.road_centreline_km},
                {"lane_km", s.road_lane_km},
                {"strong_components", s.connectivity.components},
                {"largest_component_nodes", s.connectivity.largest_nodes},
                {"weak_components", s.connectivity.weak_components}};
  j["sites"] = s.sites;
  j["cameras"] = {{"count", d.cameras.size()}, {"by_placement", s.cameras}};
  j["sensors"] = {{"count", d.sensors.size()}, {"by_kind", s.sensors}};
  json layers = json::array();
  for (const auto& l : d.layers) {
    layers.push_back({{"name", l.name},
                      {"file", l.file},
                      {"status", l.status},
                      {"source", l.source},
                      {"licence", l.licence},
                      {"note", l.note},
                      {"features", l.features},
                      {"skipped", l.skipped},
                      {"repaired", l.repaired},
                      {"skipped_reasons", l.skipped_reasons}});
  }
  j["layers"] = layers;
  return j;
}

void print_text(const world::District& d, const Summary& s, const std::string& dir) {
  std::printf("district  %s (%s)\n", d.name.c_str(), dir.c_str());
  if (!d.description.empty()) std::printf("          %s\n", d.description.c_str());
  std::string crs = geo::crs_name(d.crs);
  if (crs.find(d.crs) == std::string::npos) crs += " [" + d.crs + "]";
  std::printf("crs       %s, origin %.6f E %.6f N\n", crs.c_str(), d.origin.lon, d.origin.lat);
  if (!d.terrain.empty()) {
    const geo::Box& b = s.terrain_box;
    std::printf("terrain   %d x %d samples at %.1f m, x %.0f..%.0f m, y %.0f..%.0f m (%.1f x %.1f km), z %.1f..%.1f m",
                s.terrain_nx, s.terrain_ny, s.terrain_cell, b.min_x, b.max_x, b.min_y, b.max_y,
                (b.max_x - b.min_x) / 1000.0, (b.max_y - b.min_y) / 1000.0, s.terrain_min, s.terrain_max);
    std::printf("%s\n", d.terrain.filled_holes ? (", " + std::to_string(d.terrain.filled_holes) + " nodata samples filled").c_str() : "");
  } else {
    std::printf("terrain   none (flat ground at 0 m)\n");
  }
  std::printf("buildings %zu (footprints %.2f km2)\n", s.buildings, s.building_footprint_km2);
  std::printf("roads     %.1f km of road (%.1f lane-km), %zu nodes, %zu directed links; %zu strongly connected component(s), largest %zu nodes\n",
              s.road_centreline_km, s.road_lane_km, s.road_nodes, s.road_links, s.connectivity.components,
              s.connectivity.largest_nodes);
  auto print_counts = [](const char* label, std::size_t total, const std::map<std::string, std::size_t>& m) {
    std::printf("%-9s %zu", label, total);
    const char* sep = " (";
    for (const auto& [k, n] : m) {
      std::printf("%s%s %zu", sep, k.c_str(), n);
      sep = ", ";
    }
    std::printf("%s\n", m.empty() ? "" : ")");
  };
  print_counts("sites", d.sites.size(), s.sites);
  print_counts("cameras", d.cameras.size(), s.cameras);
  print_counts("sensors", d.sensors.size(), s.sensors);
  std::printf("\nlayers (provenance):\n");
  for (const auto& l : d.layers) {
    std::printf("  %-10s %-9s %7lld %s", l.name.c_str(), l.status.c_str(), static_cast<long long>(l.features),
                l.name == "terrain" ? "sample(s)" : "feature(s)");
    if (l.skipped) std::printf(", %lld skipped", static_cast<long long>(l.skipped));
    if (l.repaired) std::printf(", %lld repaired", static_cast<long long>(l.repaired));
    std::printf("  [%s]\n", l.file.c_str());
    if (!l.source.empty()) std::printf("             source: %s\n", l.source.c_str());
    if (!l.licence.empty()) std::printf("             licence: %s\n", l.licence.c_str());
    if (!l.note.empty()) std::printf("             note: %s\n", l.note.c_str());
    for (const auto& [why, n] : l.skipped_reasons)
      std::printf("             %lld x %s\n", static_cast<long long>(n), why.c_str());
  }
}

}  // namespace

void add_district_info_command(CLI::App& district, AppState& state) {
  auto* cmd = district.add_subcommand("info", "Layers, counts, extents, CRS and provenance of a district directory");
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("DIR", *dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_flag("--json", *json, "Print one JSON object instead of text");
  cmd->callback([&state, dir, json] {
    if (dir->empty()) *dir = default_district_dir().string();
    auto d = world::load_district(*dir);
    if (!ok_or_report(d, state)) return;
    const Summary s = summarise(*d);
    if (*json) {
      std::printf("%s\n", to_json(*d, s, *dir).dump(2).c_str());
    } else {
      print_text(*d, s, *dir);
    }
  });
}

}  // namespace dpt::app
