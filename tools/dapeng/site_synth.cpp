#include "site_synth.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "valid_polygon.h"

namespace dapeng {
namespace {

using dpt::world::Building;
using dpt::world::BuildingUse;
using dpt::world::Site;
using dpt::world::SiteKind;

Local rot(Local c, double u, double v, double th) {
  return {c.x + u * std::cos(th) - v * std::sin(th), c.y + u * std::sin(th) + v * std::cos(th)};
}

void add_building(const Context& ctx, std::vector<Building>& out, dpt::geo::Ring ring, float height, BuildingUse use,
                  const std::string& name, const std::string& site) {
  Building b;
  b.footprint.outer = std::move(ring);
  dpt::geo::normalise_orientation(b.footprint);
  b.base_z = ground_under(ctx, b.footprint.outer);
  b.height = height;
  b.use = use;
  b.name = name;
  b.site_id = site;
  out.push_back(std::move(b));
}

}  // namespace

dpt::geo::Ring circle(Local c, double r, int n) {
  dpt::geo::Ring ring;
  for (int k = 0; k < n; ++k) {
    const double a = 2 * std::numbers::pi * k / n;
    ring.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return ring;
}

dpt::geo::Ring rectangle(Local c, double along, double across, double th) {
  const double a = along / 2, b = across / 2;
  return {rot(c, -a, -b, th), rot(c, a, -b, th), rot(c, a, b, th), rot(c, -a, b, th)};
}

float ground_under(const Context& ctx, const dpt::geo::Ring& r) {
  double lo = std::numeric_limits<double>::max(), sx = 0, sy = 0;
  for (const Local& p : r) {
    lo = std::min(lo, ctx.height(p));
    sx += p.x;
    sy += p.y;
  }
  if (!r.empty()) {
    const double n = static_cast<double>(r.size());
    lo = std::min(lo, ctx.height({sx / n, sy / n}));
  }
  return static_cast<float>(lo);
}

std::vector<Local> snap_key_sites(const Context& ctx) {
  std::vector<Local> out;
  for (const KeySiteDef& d : key_sites()) out.push_back(snap_to_land(ctx.cells, ctx.to_local({d.lon, d.lat}), 200.0, 2500.0));
  return out;
}

void make_key_sites(const Context& ctx, const std::vector<Local>& positions, std::vector<Site>& sites,
                    std::vector<Building>& buildings) {
  for (std::size_t n = 0; n < key_sites().size(); ++n) {
    const KeySiteDef& d = key_sites()[n];
    const Local c = positions[n];
    auto r = rng_for("sites.layout", static_cast<std::uint32_t>(n));
    const double th = uniform(r, 0.0, std::numbers::pi / 2);
    Site s;
    s.id = d.id;
    s.name = d.name;
    s.kind = d.hazmat ? SiteKind::hazmat : SiteKind::industrial;
    s.pos = c;
    s.substance = d.substance;
    s.inventory_t = d.inventory_t;
    s.note = "approximate position (plausible coastal industrial land; not surveyed)";
    const std::string id = d.id;
    switch (d.layout) {
      case SiteLayout::tanks:  // 5 x 3 crude-oil tanks, 20 m across, 40 m apart
        s.area.outer = rectangle(c, 240, 160, th);
        for (int a = 0; a < 5; ++a)
          for (int b = 0; b < 3; ++b)
            add_building(ctx, buildings, circle(rot(c, -80 + 40 * a, -40 + 40 * b, th), 10.0, 24), 14.0f,
                         BuildingUse::hazmat, "oil tank " + std::to_string(a * 3 + b + 1), id);
        break;
      case SiteLayout::spheres:  // LPG spheres drawn as short cylinders, 15 m across
        s.area.outer = rectangle(c, 160, 110, th);
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 2; ++b)
            add_building(ctx, buildings, circle(rot(c, -40 + 35 * a, -15 + 35 * b, th), 7.5, 20), 15.0f,
                         BuildingUse::hazmat, "LPG sphere " + std::to_string(a * 2 + b + 1), id);
        add_building(ctx, buildings, rectangle(rot(c, 60, -30, th), 20, 12, th), 6.0f, BuildingUse::industrial,
                     "LPG depot office", id);
        break;
      case SiteLayout::power_plant:  // two turbine halls, a stack, an office
        s.area.outer = rectangle(c, 260, 180, th);
        add_building(ctx, buildings, rectangle(rot(c, -50, 20, th), 80, 35, th), 30.0f, BuildingUse::industrial,
                     "turbine hall 1", id);
        add_building(ctx, buildings, rectangle(rot(c, 50, 20, th), 80, 35, th), 30.0f, BuildingUse::industrial,
                     "turbine hall 2", id);
        add_building(ctx, buildings, circle(rot(c, 0, -45, th), 4.0, 16), 80.0f, BuildingUse::industrial, "stack", id);
        add_building(ctx, buildings, rectangle(rot(c, 90, -55, th), 30, 15, th), 12.0f, BuildingUse::industrial,
                     "plant office", id);
        break;
      case SiteLayout::sheds:  // 3 x 2 industrial sheds
        s.area.outer = rectangle(c, 320, 150, th);
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 2; ++b)
            add_building(ctx, buildings, rectangle(rot(c, -100 + 100 * a, -32 + 64 * b, th), 85, 40, th), 12.0f,
                         BuildingUse::industrial, "battery plant shed " + std::to_string(a * 2 + b + 1), id);
        break;
      case SiteLayout::towers:  // 6 apartment towers, 60-100 m
        s.area.outer = rectangle(c, 200, 120, th);
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 2; ++b)
            add_building(ctx, buildings, rectangle(rot(c, -65 + 65 * a, -28 + 56 * b, th), 26, 24, th),
                         static_cast<float>(60.0 + 8.0 * (a * 2 + b)), BuildingUse::residential,
                         "talent apartments tower " + std::to_string(a * 2 + b + 1), id);
        break;
    }
    dpt::geo::normalise_orientation(s.area);
    sites.push_back(std::move(s));
  }
}

void make_beaches(const Context& ctx, const std::vector<dpt::geo::Polygon>& land, std::vector<Site>& sites) {
  for (const BeachDef& d : beaches()) {
    const Local want = ctx.to_local({d.lon, d.lat});
    // The nearest coastline vertex (outer rings only: beaches face the sea).
    const dpt::geo::Ring* ring = nullptr;
    std::size_t at = 0;
    double best = 1e300;
    for (const auto& poly : land)
      for (std::size_t k = 0; k < poly.outer.size(); ++k) {
        const double dd = dist(poly.outer[k], want);
        if (dd < best) {
          best = dd;
          ring = &poly.outer;
          at = k;
        }
      }
    if (!ring || ring->size() < 8) continue;
    const std::size_t n = ring->size();
    // Walk ~250 m each way along the shore.
    std::size_t lo = at, hi = at;
    for (double len = 0; len < 250.0 && (at + n - lo) % n < n / 3;) {
      const std::size_t nx = (lo + n - 1) % n;
      len += dist((*ring)[lo], (*ring)[nx]);
      lo = nx;
    }
    for (double len = 0; len < 250.0 && (hi + n - at) % n < n / 3;) {
      const std::size_t nx = (hi + 1) % n;
      len += dist((*ring)[hi], (*ring)[nx]);
      hi = nx;
    }
    dpt::geo::LineString shore;
    for (std::size_t k = lo;; k = (k + 1) % n) {
      shore.push_back((*ring)[k]);
      if (k == hi) break;
    }
    // Inland side: the outer ring is counter-clockwise, so land lies to the left of its direction.
    dpt::geo::LineString inland;
    for (std::size_t k = 0; k < shore.size(); ++k) {
      const Local a = shore[k ? k - 1 : 0], b = shore[k + 1 < shore.size() ? k + 1 : k];
      const double len = std::max(dist(a, b), 1e-6);
      inland.push_back({shore[k].x - 60.0 * (b.y - a.y) / len, shore[k].y + 60.0 * (b.x - a.x) / len});
    }
    Site s;
    s.id = d.id;
    s.name = d.name;
    s.kind = SiteKind::beach;
    s.capacity = d.capacity;
    s.area.outer = shore;
    s.area.outer.insert(s.area.outer.end(), inland.rbegin(), inland.rend());
    dpt::geo::normalise_orientation(s.area);
    // A strip along a tight bend can cross itself: keep the largest part of its repair.
    std::vector<dpt::geo::Polygon> parts = make_valid(s.area);
    if (parts.empty()) continue;
    std::sort(parts.begin(), parts.end(), [](const auto& x, const auto& y) { return dpt::geo::area(x) > dpt::geo::area(y); });
    s.area = parts.front();
    const std::size_t mid = shore.size() / 2;
    s.pos = {0.5 * (shore[mid].x + inland[mid].x), 0.5 * (shore[mid].y + inland[mid].y)};
    s.note = "approximate position; strip 60 m deep along the GSHHG shore; design capacity assumed";
    sites.push_back(std::move(s));
  }
}

void make_service_sites(const Context& ctx, std::vector<Site>& sites) {
  for (const ShelterDef& d : shelters()) {
    const Settlement* town = ctx.settlement(d.town);
    if (!town) continue;
    Site s;
    s.id = d.id;
    s.name = d.name;
    s.kind = SiteKind::shelter;
    s.capacity = d.capacity;
    s.pos = snap_to_land(ctx.cells, {town->centre.x + d.east_m, town->centre.y + d.north_m}, 60.0, 600.0);
    s.note = "approximate: a school or sports hall placed near the town centre";
    sites.push_back(std::move(s));
  }
  // Point sites from the places table, snapped to land (min distance from the shore, search radius).
  auto add_points = [&](const auto& defs, SiteKind kind, double shore_m, double search_m, const char* note) {
    for (const PointDef& d : defs) {
      Site s;
      s.id = d.id;
      s.name = d.name;
      s.kind = kind;
      s.pos = snap_to_land(ctx.cells, ctx.to_local({d.lon, d.lat}), shore_m, search_m);
      s.note = note;
      sites.push_back(std::move(s));
    }
  };
  add_points(hospitals(), SiteKind::hospital, 60.0, 1500.0, "approximate position");
  add_points(checkpoints(), SiteKind::checkpoint, 40.0, 2000.0, "approximate position, on the nearest road node");
}

void snap_checkpoints(const dpt::world::RoadNetwork& roads, std::vector<Site>& sites) {
  for (Site& s : sites) {
    if (s.kind != SiteKind::checkpoint) continue;
    double best = 1e300;
    Local at = s.pos;
    for (const auto& n : roads.nodes())
      if (dist(n.pos, s.pos) < best) {
        best = dist(n.pos, s.pos);
        at = n.pos;
      }
    s.pos = at;
  }
}

}  // namespace dapeng
