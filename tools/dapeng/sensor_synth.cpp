#include "sensor_synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "building_synth.h"
#include "dpt/world/spatial_index.h"

namespace dapeng {
namespace {

using dpt::world::Camera;
using dpt::world::CameraPlacement;
using dpt::world::RoadClass;
using dpt::world::Sensor;
using dpt::world::SensorKind;
using dpt::world::Site;
using dpt::world::SiteKind;

constexpr int kPerKeySite = 40, kPerBeach = 40;

// Where poles may stand: outside every building footprint.
class FreeGround {
 public:
  explicit FreeGround(const std::vector<dpt::world::Building>& b) : buildings_(b) {
    std::vector<dpt::geo::Box> boxes;
    boxes.reserve(b.size());
    for (const auto& x : b) boxes.push_back(dpt::geo::bounds(x.footprint.outer));
    index_ = dpt::world::GridIndex(boxes);
  }
  bool free(Local p) const {
    hits_.clear();
    index_.at_point(p, hits_);
    for (std::uint32_t h : hits_)
      if (dpt::geo::point_in_polygon(buildings_[h].footprint, p)) return false;
    return true;
  }
  // p itself if free, else the first free point of a spiral around it (2 m steps, up to 60 m).
  Local nearest_free(Local p) const {
    if (free(p)) return p;
    for (int ring = 1; ring <= 30; ++ring)
      for (int k = 0; k < 8 * ring; ++k) {
        const double a = 2 * std::numbers::pi * k / (8 * ring);
        const Local q{p.x + 2.0 * ring * std::cos(a), p.y + 2.0 * ring * std::sin(a)};
        if (free(q)) return q;
      }
    return p;
  }

 private:
  const std::vector<dpt::world::Building>& buildings_;
  dpt::world::GridIndex index_;
  mutable std::vector<std::uint32_t> hits_;
};

// Heading clockwise from north, degrees, of the direction (dx, dy).
double yaw_of(double dx, double dy) {
  double y = std::atan2(dx, dy) * 180.0 / std::numbers::pi;
  return y < 0 ? y + 360.0 : y;
}

Camera make_camera(dpt::CounterRng& r, Local p, double ground, double yaw) {
  Camera c;
  const double pole = uniform(r, 6.0, 10.0);
  c.pose = {p.x, p.y, ground + pole, yaw, uniform(r, -25.0, -10.0), 0.0};
  const double hfov = uniform(r, 60.0, 90.0) * std::numbers::pi / 180.0;
  c.k.width = 1920;
  c.k.height = 1080;
  c.k.fx = c.k.fy = 0.5 * c.k.width / std::tan(0.5 * hfov);  // pinhole: fx = (w/2) / tan(hfov/2)
  c.k.cx = 960.0;
  c.k.cy = 540.0;
  return c;
}

double class_weight(RoadClass c) {
  switch (c) {
    case RoadClass::trunk:
    case RoadClass::primary: return 3.0;
    case RoadClass::secondary: return 2.0;
    case RoadClass::tertiary: return 1.5;
    case RoadClass::track: return 0.5;
    default: return 1.0;
  }
}

}  // namespace

std::vector<Camera> synth_cameras(const Context& ctx, const dpt::world::RoadNetwork& roads, const std::vector<Site>& sites,
                                  const std::vector<dpt::world::Building>& buildings, int count) {
  const FreeGround ground(buildings);
  std::vector<Camera> out;
  std::uint32_t serial = 0;
  // Around the key sites, looking in.
  for (const Site& s : sites) {
    if (s.kind != SiteKind::hazmat && s.kind != SiteKind::industrial) continue;
    const dpt::geo::Box b = dpt::geo::bounds(s.area.outer);
    const double rad = 0.5 * std::hypot(b.max_x - b.min_x, b.max_y - b.min_y) + 15.0;
    for (int k = 0; k < kPerKeySite && static_cast<int>(out.size()) < count; ++k) {
      auto r = rng_for("cameras.site", serial++);
      const double a = 2 * std::numbers::pi * (k + r.uniform() * 0.5) / kPerKeySite;
      const Local p = ground.nearest_free({s.pos.x + rad * std::cos(a), s.pos.y + rad * std::sin(a)});
      Camera c = make_camera(r, p, ctx.height(p), yaw_of(s.pos.x - p.x, s.pos.y - p.y));
      c.placement = CameraPlacement::site;
      c.site_id = s.id;
      c.name = s.name + " camera " + std::to_string(k + 1);
      out.push_back(std::move(c));
    }
  }
  // Behind each beach, looking over the sand to the sea.
  for (const Site& s : sites) {
    if (s.kind != SiteKind::beach) continue;
    const auto& o = s.area.outer;
    for (int k = 0; k < kPerBeach && static_cast<int>(out.size()) < count; ++k) {
      auto r = rng_for("cameras.beach", serial++);
      Local p = o[static_cast<std::size_t>(r.uniform() * static_cast<double>(o.size())) % o.size()];
      p = ground.nearest_free(snap_to_land(ctx.cells, {p.x + uniform(r, -20, 20), p.y + uniform(r, -20, 20)}, 20.0, 300.0));
      Camera c = make_camera(r, p, ctx.height(p), yaw_of(s.pos.x - p.x, s.pos.y - p.y) + uniform(r, -25.0, 25.0));
      c.pose.yaw_deg = std::fmod(c.pose.yaw_deg + 360.0, 360.0);
      c.placement = CameraPlacement::beach;
      c.site_id = s.id;
      c.name = s.name + " camera " + std::to_string(k + 1);
      out.push_back(std::move(c));
    }
  }
  // The rest along the roads, evenly by class-weighted length (main roads more densely).
  const int n_road = count - static_cast<int>(out.size());
  std::vector<std::pair<double, std::uint32_t>> cum;  // cumulative weighted length, link
  double total = 0.0;
  for (std::uint32_t k = 0; k < roads.links().size(); ++k) {
    const auto& l = roads.links()[k];
    if (l.from > l.to || l.length_m <= 0.0) continue;
    total += l.length_m * class_weight(l.cls);
    cum.push_back({total, k});
  }
  std::size_t at = 0;
  for (int n = 0; n < n_road && !cum.empty(); ++n) {
    const double w = (n + 0.5) * total / n_road;
    while (at + 1 < cum.size() && cum[at].first < w) ++at;
    const auto& l = roads.links()[cum[at].second];
    const double start = at ? cum[at - 1].first : 0.0;
    double s = (w - start) / class_weight(l.cls);  // metres along the link
    std::size_t seg = 0;
    while (seg + 2 < l.geometry.size() && s > dist(l.geometry[seg], l.geometry[seg + 1])) {
      s -= dist(l.geometry[seg], l.geometry[seg + 1]);
      ++seg;
    }
    const Local a = l.geometry[seg], b = l.geometry[seg + 1];
    const double len = std::max(dist(a, b), 1e-6), t = std::min(s / len, 1.0);
    auto r = rng_for("cameras.road", serial++);
    const int side = r.uniform() < 0.5 ? 1 : -1;
    const double off = road_half_width(l.cls) + 1.5;
    const double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    const Local at_road{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
    Local p{at_road.x - side * uy * off, at_road.y + side * ux * off};
    if (!ground.free(p)) {
      const Local other{at_road.x + side * uy * off, at_road.y - side * ux * off};
      p = ground.free(other) ? other : ground.nearest_free(p);
    }
    const bool ahead = r.uniform() < 0.5;  // looking along the road, one way or the other
    Camera c = make_camera(r, p, ctx.height(p), yaw_of(ahead ? ux : -ux, ahead ? uy : -uy));
    c.placement = CameraPlacement::road;
    c.name = (l.name.empty() ? std::string("road") : l.name) + " camera";
    out.push_back(std::move(c));
  }
  for (std::size_t k = 0; k < out.size(); ++k) out[k].id = static_cast<std::int32_t>(k + 1);
  return out;
}

std::vector<Sensor> synth_sensors(const Context& ctx, const std::vector<Site>& sites) {
  std::vector<Sensor> out;
  auto add = [&](const std::string& name, SensorKind kind, Local p, double above, const char* prop, const char* unit,
                 const std::string& site) {
    Sensor s;
    s.name = name;
    s.kind = kind;
    s.x = p.x;
    s.y = p.y;
    s.z = ctx.height(p) + above;
    s.observed_property = prop;
    s.unit = unit;
    s.site_id = site;
    out.push_back(std::move(s));
  };
  // Weather: the seven towns, the two summits and three exposed coastal points (12).
  for (const auto& s : ctx.settlements)
    if (s.def->town) add(std::string(s.def->name) + " weather station", SensorKind::weather, s.centre, 10.0, "wind_speed", "m/s", "");
  for (const PeakDef& p : peaks()) {
    const Local q = ctx.to_local({p.lon, p.lat});
    add(std::string(p.name) + " weather station", SensorKind::weather, q, 10.0, "wind_speed", "m/s", "");
  }
  int coastal = 0;
  for (const Site& s : sites)
    if (s.kind == SiteKind::beach && coastal < 3 && (s.id == "xichong-beach" || s.id == "dongchong-beach" || s.id == "jiaochangwei-beach")) {
      add(s.name + " weather station", SensorKind::weather, s.pos, 10.0, "wind_speed", "m/s", s.id);
      ++coastal;
    }
  // Gas detectors on the fence of each hazmat site (40 in all).
  std::vector<const Site*> hazmat;
  for (const Site& s : sites)
    if (s.kind == SiteKind::hazmat) hazmat.push_back(&s);
  for (std::size_t h = 0; h < hazmat.size(); ++h) {
    const int n = 40 / static_cast<int>(hazmat.size()) + (static_cast<int>(h) < 40 % static_cast<int>(hazmat.size()) ? 1 : 0);
    const auto& o = hazmat[h]->area.outer;
    double per = 0.0;
    for (std::size_t k = 0; k < o.size(); ++k) per += dist(o[k], o[(k + 1) % o.size()]);
    for (int q = 0; q < n; ++q) {  // evenly along the fence
      double s = per * q / n;
      std::size_t k = 0;
      while (s > dist(o[k], o[(k + 1) % o.size()])) {
        s -= dist(o[k], o[(k + 1) % o.size()]);
        k = (k + 1) % o.size();
      }
      const Local a = o[k], b = o[(k + 1) % o.size()];
      const double t = s / std::max(dist(a, b), 1e-6);
      add(hazmat[h]->name + " gas detector " + std::to_string(q + 1), SensorKind::gas,
          {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}, 1.5, "gas_concentration", "ppm", hazmat[h]->id);
    }
  }
  // Crowd counters: two at each of the busiest beaches, one at the others (16).
  int counters = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (const Site& s : sites) {
      if (s.kind != SiteKind::beach || counters >= 16) continue;
      const auto& o = s.area.outer;
      const Local p = pass == 0 ? s.pos : o[o.size() / 4];
      add(s.name + " crowd counter " + std::to_string(pass + 1), SensorKind::crowd_counter, p, 4.0, "people_count", "people", s.id);
      ++counters;
    }
  // Water level at the harbours (6): on the quay, the land cell nearest the named point.
  for (const PointDef& h : harbours()) {
    const Local p = snap_to_land(ctx.cells, ctx.to_local({h.lon, h.lat}), 0.0, 2000.0);
    add(std::string(h.name) + " tide gauge", SensorKind::water_level, p, 0.0, "water_level", "m", "");
  }
  for (std::size_t k = 0; k < out.size(); ++k) out[k].id = static_cast<std::int32_t>(k + 1);
  return out;
}

}  // namespace dapeng
