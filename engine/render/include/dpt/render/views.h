#pragma once
// Named views stored with the district (docs/views.md): "overview", "xichong-beach", "kuichong"...
// Each is an orbit around a target; in views.toml the target is written as lon/lat (+ optional
// height) so a planner can edit it, and converted with the district's frame on reading.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

#include "dpt/core/result.h"
#include "dpt/geo/local_frame.h"
#include "dpt/render/camera.h"
#include "dpt/world/district.h"

namespace dpt::render {

struct NamedView {
  std::string name;         // key, lower-case with '-' ("xichong-beach")
  std::string title;        // for people ("Xichong beach")
  glm::dvec3 target{0.0};   // district frame, m
  double distance = 1000.0; // eye to target, m
  double heading_deg = 0.0; // camera yaw, clockwise from north
  double pitch_deg = -45.0; // camera pitch, negative looks down
  double fov_y_deg = 45.0;  // full vertical field of view
};

// The file name looked for in a district directory.
inline constexpr const char* kViewsFile = "views.toml";

// The orbit camera of a view.
ViewCamera to_camera(const NamedView& v);

// Reads views.toml. Targets are [lon, lat] or [lon, lat, z] (WGS-84 degrees, z metres above mean
// sea level); without z the target sits on the terrain (or at 0 over the sea / without terrain).
// A target outside the terrain's extent is an error (when `terrain` is not empty). Every error
// names the file, the line and the key; all are reported in one pass.
Result<std::vector<NamedView>> read_views(const std::filesystem::path& views_toml, const geo::LocalFrame& frame,
                                          const world::Terrain& terrain);
// The same with the frame built from the district's CRS and origin.
Result<std::vector<NamedView>> read_views(const std::filesystem::path& views_toml, const world::District& d);

// The views of a district without a views.toml: "overview" — the whole terrain extent, looking
// north 50° down, at the shortest distance whose frustum (any aspect ≥ 1) holds every corner of
// the terrain's 3-D box, plus 5 %.
std::vector<NamedView> default_views(const world::District& d);

// `dir`/views.toml when it exists (with "overview" from default_views added if the file lacks
// one), else default_views(d).
Result<std::vector<NamedView>> load_district_views(const world::District& d, const std::filesystem::path& dir);

// The view called `name`, or nullptr.
const NamedView* find_view(const std::vector<NamedView>& views, std::string_view name);

}  // namespace dpt::render
