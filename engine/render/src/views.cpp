// Named views: the camera of a view, the default "overview" fitted to the terrain, and the lookup
// of a district's views (views.toml when present). Reading the file is in views_toml.cpp.
#include "dpt/render/views.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <system_error>

namespace dpt::render {

namespace {

constexpr double kOverviewPitch = -50.0;    // steep enough to see relief, shallow enough for depth
constexpr double kOverviewHeading = 0.0;    // looking north, as a map reads
constexpr double kOverviewFov = 45.0;
constexpr double kOverviewMargin = 1.05;    // 5 % around the fitted extent
constexpr double kFallbackDistance = 5000.0;

// The terrain's 3-D box: sample extent and the lowest and highest sample.
bool terrain_box(const world::Terrain& t, glm::dvec3& lo, glm::dvec3& hi) {
  if (t.empty()) return false;
  const geo::Box b = t.bounds();
  double zmin = std::numeric_limits<double>::infinity(), zmax = -zmin;
  for (const float z : t.grid.z) {
    if (std::isnan(z)) continue;
    zmin = std::min(zmin, static_cast<double>(z));
    zmax = std::max(zmax, static_cast<double>(z));
  }
  if (!(zmin <= zmax)) zmin = zmax = 0.0;
  lo = {b.min_x, b.min_y, zmin};
  hi = {b.max_x, b.max_y, zmax};
  return true;
}

bool holds_box(const ViewCamera& c, double aspect, glm::dvec3 lo, glm::dvec3 hi) {
  const Frustum f = make_frustum(c, aspect);
  for (int k = 0; k < 8; ++k) {
    const glm::dvec3 p{(k & 1) ? hi.x : lo.x, (k & 2) ? hi.y : lo.y, (k & 4) ? hi.z : lo.z};
    if (!contains(f, p)) return false;
  }
  return true;
}

}  // namespace

ViewCamera to_camera(const NamedView& v) {
  return orbit(v.target, v.distance, v.heading_deg, v.pitch_deg, v.fov_y_deg);
}

std::vector<NamedView> default_views(const world::District& d) {
  NamedView o;
  o.name = "overview";
  o.title = (d.name.empty() ? std::string("district") : d.name) + " overview";
  o.heading_deg = kOverviewHeading;
  o.pitch_deg = kOverviewPitch;
  o.fov_y_deg = kOverviewFov;
  o.distance = kFallbackDistance;
  glm::dvec3 lo{0.0}, hi{0.0};
  if (terrain_box(d.terrain, lo, hi)) {
    o.target = 0.5 * (lo + hi);
    // Moving the eye back along the view axis only grows the frustum (the old apex lies inside the
    // new cone), so "holds every corner" is monotonic in the distance: bisect for the shortest.
    // Aspect 1 is the narrowest viewport considered; wider ones hold at least as much.
    double near_d = 0.0, far_d = 10.0 * glm::length(hi - lo) + 1.0;
    for (int it = 0; it < 60; ++it) {
      const double mid = 0.5 * (near_d + far_d);
      if (holds_box(to_camera(NamedView{o.name, o.title, o.target, mid, o.heading_deg, o.pitch_deg, o.fov_y_deg}),
                    1.0, lo, hi))
        far_d = mid;
      else
        near_d = mid;
    }
    o.distance = far_d * kOverviewMargin;
  }
  return {o};
}

Result<std::vector<NamedView>> load_district_views(const world::District& d, const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / kViewsFile;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return default_views(d);
  Result<std::vector<NamedView>> views = read_views(file, d);
  if (!views) return views;
  if (!find_view(*views, "overview")) views->push_back(default_views(d).front());
  return views;
}

const NamedView* find_view(const std::vector<NamedView>& views, std::string_view name) {
  const auto it = std::find_if(views.begin(), views.end(), [&](const NamedView& v) { return v.name == name; });
  return it == views.end() ? nullptr : &*it;
}

}  // namespace dpt::render
