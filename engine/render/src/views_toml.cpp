// Reading views.toml (docs/views.md) with the project's strict TOML reader, so that every error
// names the file, the line and the key, and one pass reports all of them.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"
#include "dpt/render/views.h"

namespace dpt::render {

namespace {

constexpr std::int64_t kViewsFormat = 1;

bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (const char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) return false;
  return true;
}

std::string fmt(double v, int decimals) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(decimals);
  o << v;
  return o.str();
}

// `target = [lon, lat]` or `[lon, lat, z]`: WGS-84 degrees, z in metres above mean sea level.
// Converted to the district frame and checked against the terrain's extent.
bool read_target(TableReader& t, const geo::LocalFrame& frame, const world::Terrain& terrain, glm::dvec3& out) {
  constexpr const char* expected = "an array [lon, lat] or [lon, lat, z] (WGS-84 degrees, z in m)";
  const ConfigValue* v = t.raw("target");
  if (!v) {
    t.error(t.loc(), "missing key 'target' in " + t.path() + " (expected " + expected + ")");
    return false;
  }
  if (v->kind != ConfigValue::Kind::array || (v->items.size() != 2 && v->items.size() != 3)) {
    t.error(v->loc, "'target' in " + t.path() + " must be " + expected);
    return false;
  }
  double x[3] = {0.0, 0.0, std::nan("")};
  for (std::size_t k = 0; k < v->items.size(); ++k) {
    const ConfigValue& item = v->items[k];
    if (item.kind == ConfigValue::Kind::integer) x[k] = static_cast<double>(item.integer);
    else if (item.kind == ConfigValue::Kind::floating && std::isfinite(item.floating)) x[k] = item.floating;
    else {
      t.error(item.loc, "'target' in " + t.path() + " must be " + expected + ", not " + a_kind(item.kind) +
                            " at position " + std::to_string(k + 1));
      return false;
    }
  }
  const geo::LonLat ll{x[0], x[1]};
  if (!(ll.lon >= -180.0 && ll.lon <= 180.0 && ll.lat >= -90.0 && ll.lat <= 90.0)) {
    t.error(v->loc, "'target' in " + t.path() + " must be [lon, lat] in degrees (lon in [-180, 180], lat in [-90, 90])");
    return false;
  }
  const Result<geo::Local> p = frame.to_local(ll);
  if (!p) {
    t.error(v->loc, "'target' in " + t.path() + ": cannot convert to the district frame: " +
                        (p.errors().empty() ? std::string("?") : p.errors().items().front().message));
    return false;
  }
  if (!terrain.empty()) {
    const geo::Box b = terrain.bounds();
    if (!b.contains(*p)) {
      t.error(v->loc, "'target' in " + t.path() + " (lon " + fmt(ll.lon, 5) + ", lat " + fmt(ll.lat, 5) + " → x " +
                          fmt(p->x, 0) + ", y " + fmt(p->y, 0) + " m) is outside the district's terrain (x " +
                          fmt(b.min_x, 0) + " … " + fmt(b.max_x, 0) + ", y " + fmt(b.min_y, 0) + " … " +
                          fmt(b.max_y, 0) + " m)");
      return false;
    }
  }
  double z = x[2];
  if (std::isnan(z)) {
    // On the ground; over the sea (negative heights are the sea floor) at the water surface.
    z = terrain.empty() ? 0.0 : std::max(0.0, terrain.height(*p));
    if (std::isnan(z)) z = 0.0;
  }
  out = {p->x, p->y, z};
  return true;
}

}  // namespace

Result<std::vector<NamedView>> read_views(const std::filesystem::path& views_toml, const geo::LocalFrame& frame,
                                          const world::Terrain& terrain) {
  const std::string file = views_toml.string();
  std::ifstream in(views_toml, std::ios::binary);
  if (!in) return Result<std::vector<NamedView>>::failure({file}, "cannot open the views file (expected views.toml)");
  std::ostringstream text;
  text << in.rdbuf();
  Result<ConfigValue> root = parse_toml(text.str(), file);
  if (!root) return root.errors();

  ErrorList errors;
  TableReader top(*root, "the views file", errors);
  top.integer("format", Need::required, kViewsFormat, kViewsFormat);
  const std::vector<const ConfigValue*> tables = top.tables("view");
  if (tables.empty() && errors.empty())
    top.error(SourceLoc{file, 1, 0}, "no [[view]] tables: expected at least one view");

  std::vector<NamedView> views;
  for (std::size_t k = 0; k < tables.size(); ++k) {
    NamedView v;
    TableReader t(*tables[k], "[[view]] #" + std::to_string(k + 1), errors);
    bool ok = true;
    if (const auto name = t.string("name", Need::required)) {
      v.name = *name;
      const SourceLoc& at = t.raw("name")->loc;
      if (!valid_name(v.name)) {
        t.error(at, "'name' in " + t.path() + " is \"" + v.name + "\"; expected lower-case letters, digits, '-' or '_'");
        ok = false;
      } else if (find_view(views, v.name)) {
        t.error(at, "'name' in " + t.path() + ": a view called \"" + v.name + "\" is already defined");
        ok = false;
      }
    } else {
      ok = false;
    }
    v.title = t.string("title").value_or(v.name);
    ok = read_target(t, frame, terrain, v.target) && ok;
    const auto distance = t.number("distance_m", Need::required, 0.1, 1.0e7);
    const auto heading = t.number("heading_deg", Need::optional, -360.0, 360.0);
    const auto pitch = t.number("pitch_deg", Need::optional, -90.0, 90.0);
    const auto fov = t.number("fov_y_deg", Need::optional, 1.0, 170.0);
    t.finish();
    if (!distance) ok = false;
    if (!ok) continue;
    v.distance = *distance;
    v.heading_deg = heading.value_or(v.heading_deg);
    v.pitch_deg = pitch.value_or(v.pitch_deg);
    v.fov_y_deg = fov.value_or(v.fov_y_deg);
    views.push_back(std::move(v));
  }
  top.finish();
  if (!errors.empty()) {
    errors.sort_by_location();
    return errors;
  }
  return views;
}

Result<std::vector<NamedView>> read_views(const std::filesystem::path& views_toml, const world::District& d) {
  Result<geo::LocalFrame> frame = geo::LocalFrame::create(d.crs, d.origin);
  if (!frame) {
    ErrorList e;
    for (const Error& err : frame.errors()) e.add({views_toml.string()}, "district crs/origin: " + err.message);
    return e;
  }
  return read_views(views_toml, *frame, d.terrain);
}

}  // namespace dpt::render
