// dptwin district import: a user's real data (DEM, buildings, roads, sites) becomes a district.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "commands.h"
#include "dpt/world/district_io.h"
#include "dpt/world/import.h"

namespace dpt::app {
namespace {

struct ImportOptions {
  std::string crs, name = "imported", out, dem, buildings, roads, sites;
  std::vector<double> origin;  // lon lat
  bool force = false;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Every skipped or repaired feature, one per line, so that nothing is lost silently.
bool write_issues(const std::filesystem::path& path, const ErrorList& warnings) {
  std::ofstream f(path);
  f << "file,what\n";
  for (const Error& e : warnings) f << csv_field(e.where.to_string()) << ',' << csv_field(e.message) << '\n';
  return static_cast<bool>(f);
}

}  // namespace

void add_district_import_command(CLI::App& district, AppState& state) {
  auto* cmd = district.add_subcommand(
      "import",
      "Make a district from your own GIS data: a DEM raster (anything GDAL reads), buildings, roads and sites\n"
      "(GeoJSON, GeoPackage, Shapefile, OpenStreetMap .osm/.pbf), each in its own CRS; all are reprojected\n"
      "into --crs. Building height: 'height', else 'building:levels' x 3 m, else 9 m. Roads: OSM 'highway',\n"
      "'lanes', 'maxspeed', 'oneway'. Features that cannot be used are counted and listed, never dropped silently.");
  auto o = std::make_shared<ImportOptions>();
  cmd->add_option("--crs", o->crs, "District CRS: EPSG code (EPSG:4547), WKT or PROJ string")->required();
  cmd->add_option("--dem", o->dem, "Elevation raster (GeoTIFF, VRT, SRTM .hgt, ...)");
  cmd->add_option("--buildings", o->buildings, "Building footprints (polygons)");
  cmd->add_option("--roads", o->roads, "Roads (lines with an OSM 'highway' attribute)");
  cmd->add_option("--sites", o->sites, "Sites (points or polygons with 'kind' and 'name')");
  cmd->add_option("--origin", o->origin, "Origin of the district frame: LON LAT (default: centre of the data)")
      ->expected(2);
  cmd->add_option("--name", o->name, "District name")->capture_default_str();
  cmd->add_option("--out", o->out, "Output district directory")->required();
  cmd->add_flag("--force", o->force, "Replace an existing district in --out");
  cmd->callback([&state, o] {
    namespace fs = std::filesystem;
    if (!o->force && fs::exists(fs::path(o->out) / "district.toml")) {
      std::fprintf(stderr, "%s: a district is already there (use --force to replace it)\n", o->out.c_str());
      state.exit_code = kExitBadInput;
      return;
    }
    world::ImportRequest req;
    req.crs = o->crs;
    req.name = o->name;
    if (o->origin.size() == 2) req.origin = geo::LonLat{o->origin[0], o->origin[1]};
    if (!o->dem.empty()) req.dem = o->dem;
    if (!o->buildings.empty()) req.buildings = o->buildings;
    if (!o->roads.empty()) req.roads = o->roads;
    if (!o->sites.empty()) req.sites = o->sites;
    if (!req.dem && !req.buildings && !req.roads && !req.sites) {
      std::fputs("district import: nothing to import (give --dem, --buildings, --roads or --sites)\n", stderr);
      state.exit_code = kExitBadInput;
      return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    ErrorList warnings;
    auto d = world::import_district(req, &warnings);
    if (!d) {
      for (const Error& e : d.errors()) {
        // Errors about the request itself (the CRS, the origin) have no file: name the command.
        const std::string where = e.where.file.empty() ? std::string("district import") : e.where.to_string();
        std::fprintf(stderr, "%s: error: %s\n", where.c_str(), e.message.c_str());
      }
      std::fprintf(stderr, "district import: %zu error(s), nothing written\n", d.errors().size());
      state.exit_code = kExitBadInput;
      return;
    }
    if (auto w = world::write_district(*d, o->out); !w) {
      std::fputs(w.errors().to_string().c_str(), stderr);
      state.exit_code = kExitFailure;
      return;
    }
    const fs::path issues = fs::path(o->out) / "import_issues.csv";
    if (!warnings.empty() && !write_issues(issues, warnings)) {
      std::fprintf(stderr, "%s: cannot write\n", issues.c_str());
      state.exit_code = kExitFailure;
      return;
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("district import: %s written in %.1f s\n", o->out.c_str(), wall);
    for (const auto& l : d->layers) {
      std::printf("  %-10s %7lld %s", l.name.c_str(), static_cast<long long>(l.features),
                  l.name == "terrain" ? "sample(s)" : "feature(s)");
      if (l.skipped) std::printf(", %lld skipped", static_cast<long long>(l.skipped));
      if (l.repaired) std::printf(", %lld repaired", static_cast<long long>(l.repaired));
      std::printf("\n");
      for (const auto& [why, n] : l.skipped_reasons) std::printf("             %lld x %s\n", static_cast<long long>(n), why.c_str());
    }
    if (!warnings.empty()) {
      constexpr std::size_t kShown = 10;
      std::size_t shown = 0;
      for (const Error& e : warnings) {
        if (shown++ == kShown) break;
        std::fprintf(stderr, "%s: %s\n", e.where.to_string().c_str(), e.message.c_str());
      }
      if (warnings.size() > kShown) std::fprintf(stderr, "... and %zu more\n", warnings.size() - kShown);
      std::printf("  %zu feature problem(s), all listed in %s\n", warnings.size(), issues.c_str());
    }
  });
}

}  // namespace dpt::app
