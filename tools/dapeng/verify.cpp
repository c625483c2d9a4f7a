#include "verify.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "dpt/world/district_io.h"
#include "places.h"

namespace dapeng {
namespace {

int check(bool ok, const std::string& what) {
  std::fprintf(stderr, "make_dapeng check: %s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  return ok ? 0 : 1;
}

}  // namespace

int verify_district(const std::filesystem::path& dir, const dpt::world::District& w) {
  auto loaded = dpt::world::load_district(dir);
  if (!loaded) {
    std::fprintf(stderr, "make_dapeng check: FAIL reload: %s\n", loaded.errors().to_string().c_str());
    return 1;
  }
  const dpt::world::District& d = *loaded;
  int failed = 0;
  failed += check(d.buildings.size() == w.buildings.size() && d.buildings.size() >= 20000,
                  "buildings reloaded: " + std::to_string(d.buildings.size()) + " (>= 20000)");
  failed += check(d.cameras.size() == 7000, "cameras: " + std::to_string(d.cameras.size()) + " (exactly 7000)");
  bool ids = true;
  for (std::size_t k = 0; k < d.cameras.size(); ++k) ids = ids && d.cameras[k].id == static_cast<int>(k + 1);
  failed += check(ids, "camera ids 1..7000 in order");
  failed += check(d.sites.size() == w.sites.size() && d.sensors.size() == w.sensors.size(),
                  "sites " + std::to_string(d.sites.size()) + ", sensors " + std::to_string(d.sensors.size()));
  const auto conn = d.roads.connectivity();
  failed += check(conn.components == 1, "roads strongly connected: " + std::to_string(conn.components) + " component(s)");
  const double km = d.roads.centreline_length_m() / 1000.0;
  failed += check(km >= 300.0, "road centreline " + std::to_string(km) + " km (>= 300)");

  // Summits: the highest terrain sample within 1 km of each named peak, from the file as read back.
  auto frame = dpt::geo::LocalFrame::create(d.crs, d.origin);
  if (!frame) return failed + 1;
  const auto& g = d.terrain.grid;
  for (const PeakDef& p : peaks()) {
    const auto c = frame->to_local({p.lon, p.lat});
    double best = -1e30;
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const double x = g.x0 + i * g.dx, y = g.y0 - j * g.dy;
        if (std::hypot(x - c->x, y - c->y) <= 1000.0) best = std::max(best, static_cast<double>(g.at(i, j)));
      }
    failed += check(std::abs(best - p.height_m) <= 1.0,
                    std::string(p.name) + " max within 1 km " + std::to_string(best) + " m (target " +
                        std::to_string(p.height_m) + " +- 1)");
  }
  // Roads and buildings stand on land: road length over terrain below 0 m (bridges of the GPX
  // tracks may cross a creek), building bases above 0 m.
  double wet_m = 0.0;
  for (const auto& l : d.roads.links()) {
    if (l.from > l.to) continue;
    for (std::size_t k = 0; k + 1 < l.geometry.size(); ++k) {
      const auto a = l.geometry[k], b = l.geometry[k + 1];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      const int n = std::max(1, static_cast<int>(len / 10.0));
      for (int q = 0; q < n; ++q) {
        const double t = (q + 0.5) / n;
        if (d.terrain.height({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}) < 0.0) wet_m += len / n;
      }
    }
  }
  failed += check(wet_m / 1000.0 < 0.01 * km, "road over water " + std::to_string(wet_m / 1000.0) + " km (< 1%)");
  std::size_t low = 0;
  for (const auto& b : d.buildings) low += b.base_z < 0.5f;
  failed += check(low == 0, "buildings with base below 0.5 m: " + std::to_string(low));
  std::size_t inside = 0;  // a camera pole inside a building would see only the inside of its walls
  for (const auto& c : d.cameras) inside += d.building_at({c.pose.x, c.pose.y}) >= 0;
  failed += check(inside == 0, "cameras inside a building footprint: " + std::to_string(inside));
  double top = -1e30;
  for (float z : g.z) top = std::max(top, static_cast<double>(z));
  failed += check(std::abs(top - peaks()[0].height_m) <= 1.0, "highest sample " + std::to_string(top) + " m is Qiniangshan");
  return failed;
}

}  // namespace dapeng
