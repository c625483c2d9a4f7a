// The district directory: district.toml + terrain.tif + district.gpkg (district_io.h).
#include "dpt/world/district_io.h"

#include <fstream>
#include <system_error>

#include "district_layers.h"
#include "district_manifest.h"
#include "dpt/geo/raster_read.h"
#include "dpt/geo/vector_io.h"

namespace dpt::world {

namespace {

constexpr const char* kManifest = "district.toml";
constexpr const char* kTerrain = "terrain.tif";
constexpr const char* kVectors = "district.gpkg";

// Feature counts of the layers as they are in `d`, in manifest order.
std::vector<std::pair<std::string, std::int64_t>> counts(const District& d) {
  return {{"terrain", static_cast<std::int64_t>(d.terrain.grid.z.size())},
          {"coastline", static_cast<std::int64_t>(d.land.size())},
          {"buildings", static_cast<std::int64_t>(d.buildings.size())},
          {"roads", static_cast<std::int64_t>(d.roads.links().size())},
          {"sites", static_cast<std::int64_t>(d.sites.size())},
          {"cameras", static_cast<std::int64_t>(d.cameras.size())},
          {"sensors", static_cast<std::int64_t>(d.sensors.size())}};
}

}  // namespace

Result<bool> write_district(const District& d, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Result<bool>::failure({dir.string()}, "cannot create the district directory: " + ec.message());
  Result<geo::LocalFrame> frame = geo::LocalFrame::create(d.crs, d.origin);
  if (!frame) return frame.errors();

  // The manifest goes last and is removed first: a half-written directory has no manifest.
  std::filesystem::remove(dir / kManifest, ec);
  std::filesystem::remove(dir / kTerrain, ec);

  // Provenance from d.layers; counts and file names from the data itself.
  std::vector<LayerInfo> layers;
  for (const auto& [name, n] : counts(d)) {
    if (name == "terrain" && d.terrain.empty()) continue;
    const LayerInfo* given = d.layer(name);
    LayerInfo l = given ? *given : LayerInfo{};
    l.name = name;
    l.file = name == "terrain" ? kTerrain : kVectors;
    l.features = n;
    if (name == "terrain") l.repaired = d.terrain.filled_holes;
    layers.push_back(std::move(l));
  }

  detail::LayersToWrite vectors;
  detail::make_layers(d, vectors);
  if (Result<bool> w = geo::write_geopackage(dir / kVectors, vectors.layers, *frame); !w) return w.errors();
  if (!d.terrain.empty())
    if (Result<bool> w = geo::write_height_grid(dir / kTerrain, d.terrain.grid, *frame); !w) return w.errors();

  const std::filesystem::path manifest = dir / kManifest;
  std::ofstream out(manifest, std::ios::binary | std::ios::trunc);
  out << detail::manifest_text(d, layers);
  out.close();
  if (!out) return Result<bool>::failure({manifest.string()}, "cannot write the district manifest");
  return true;
}

Result<District> load_district(const std::filesystem::path& dir, const LoadOptions& options) {
  const std::filesystem::path manifest_path = dir / kManifest;
  Result<detail::Manifest> manifest = detail::read_manifest(manifest_path);
  if (!manifest) return manifest.errors();
  const std::string mfile = manifest_path.string();

  District d;
  d.name = manifest->name;
  d.description = manifest->description;
  d.crs = manifest->crs;
  d.origin = manifest->origin;
  d.layers = manifest->layers;
  Result<geo::LocalFrame> frame = geo::LocalFrame::create(d.crs, d.origin);
  if (!frame) {
    ErrorList e;
    for (const Error& err : frame.errors()) e.add({mfile}, "crs/origin: " + err.message);
    return e;
  }

  ErrorList errors;
  const LayerInfo* terrain_layer = d.layer("terrain");
  if (options.terrain && terrain_layer != nullptr) {
    const std::filesystem::path tif = dir / (terrain_layer->file.empty() ? kTerrain : terrain_layer->file);
    Result<geo::HeightGrid> grid = geo::read_height_grid(tif, *frame);
    if (grid) {
      d.terrain.grid = std::move(*grid);
      d.terrain.filled_holes = terrain_layer->repaired;
    } else {
      errors.append(grid.errors());
    }
  }
  if (options.vectors) {
    const std::filesystem::path gpkg = dir / kVectors;
    geo::VectorReadOptions read_options;
    read_options.allow_empty_layers = true;  // a district may have no cameras, sites, ...; counts are checked below
    Result<std::vector<geo::VectorLayer>> layers = geo::read_vector(gpkg, *frame, read_options);
    if (layers)
      detail::read_layers(*layers, gpkg.string(), d, errors);
    else
      errors.append(layers.errors());
  }
  if (!errors.empty()) return errors;

  // Every layer the manifest lists must hold what it says (a truncated or swapped file shows here).
  for (const auto& [name, n] : counts(d)) {
    if ((name == "terrain" && !options.terrain) || (name != "terrain" && !options.vectors)) continue;
    const LayerInfo* l = d.layer(name);
    if (l == nullptr) {
      if (n != 0 || name != "terrain")
        errors.add({mfile}, "no [[layer]] entry for layer '" + name + "' (it holds " + std::to_string(n) + " features)");
      continue;
    }
    if (l->features != n) {
      SourceLoc where{mfile};
      for (std::size_t k = 0; k < manifest->layers.size(); ++k)
        if (manifest->layers[k].name == name) where = manifest->layer_locs[k];
      errors.add(where, "layer '" + name + "': the manifest says " + std::to_string(l->features) + " features, " +
                            (name == "terrain" ? std::string(kTerrain) : std::string(kVectors)) + " holds " +
                            std::to_string(n));
    }
  }
  if (!errors.empty()) return errors;
  d.index();
  return d;
}

}  // namespace dpt::world
