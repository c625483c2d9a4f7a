#pragma once
// Reading and writing vector layers with GDAL/OGR (GeoJSON, GeoPackage, Shapefile, OpenStreetMap
// .osm/.pbf through GDAL's OSM driver, ...), in the district frame.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/geo/geometry.h"
#include "dpt/geo/local_frame.h"

namespace dpt::geo {

// One feature, its geometry transformed into the district frame. Multi-geometries are flattened
// into the lists; attribute values are text (OSM's other_tags hstore is expanded into separate
// keys: "lanes", "maxspeed", "building:levels", ...).
struct Feature {
  std::int64_t fid = -1;
  std::vector<Polygon> polygons;
  std::vector<LineString> lines;
  std::vector<Local> points;
  std::vector<double> point_z;  // z of each point when the source has it (else empty)
  std::map<std::string, std::string> attrs;

  const std::string* attr(const std::string& key) const;
};

// A feature that could not be used, or was changed to be usable, and why: "no geometry, skipped",
// "invalid geometry (Self-intersection at or near point ...), repaired", "ring with fewer than 3
// distinct vertices, skipped", "ring with zero area, skipped", "hole dropped: ...", "transform into
// the district CRS failed, skipped". One issue per feature (its reasons joined with "; ").
struct FeatureIssue {
  std::string file;
  std::string layer;
  std::int64_t fid = -1;
  std::string reason;
  bool repaired = false;  // true: the feature was kept after repair; false: skipped
};

struct VectorLayer {
  std::string name;
  std::string source;  // file path
  std::string crs_name;
  std::vector<Feature> features;
  std::vector<FeatureIssue> issues;
};

struct VectorReadOptions {
  std::vector<std::string> layers;  // empty: all layers (for .osm: points, lines, multipolygons)
  bool repair_invalid = true;       // invalid polygons go through OGR MakeValid (GEOS)
  bool allow_empty_layers = false;  // true for our own district files, where a layer may be empty
};

// Reads layers of a vector file. Errors (the whole file is unusable): unreadable, no layers, a
// requested layer missing, a layer without a CRS, an empty layer (0 features; unless allow_empty_layers, and except the default
// OSM layers, which may well be empty in a small extract). Feature-level problems go into
// VectorLayer::issues, never silently. A field named other_tags (OSM) is expanded into its keys.
Result<std::vector<VectorLayer>> read_vector(const std::filesystem::path& path,
                                             const LocalFrame& frame,
                                             const VectorReadOptions& options = {});

// Parses OSM's other_tags ("\"lanes\"=>\"2\",\"oneway\"=>\"yes\"") into key/value pairs.
std::map<std::string, std::string> parse_osm_other_tags(const std::string& hstore);

// A layer to write: every feature has the same single geometry kind.
enum class GeometryKind { point, line, polygon };
struct FieldDef {
  std::string name;
  enum class Type { integer, real, text } type = Type::text;
};
struct LayerToWrite {
  std::string name;
  GeometryKind kind = GeometryKind::point;
  std::vector<FieldDef> fields;
  std::vector<const Feature*> features;  // attrs are matched to fields by name
};

// Writes layers into one GeoPackage in the frame's CRS (absolute projected coordinates, so that
// QGIS overlays it). Reproducible bytes: OGR_CURRENT_DATE is pinned.
Result<bool> write_geopackage(const std::filesystem::path& path,
                              const std::vector<LayerToWrite>& layers, const LocalFrame& frame);

}  // namespace dpt::geo
