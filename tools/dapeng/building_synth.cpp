#include "building_synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "site_synth.h"

namespace dapeng {
namespace {

using dpt::world::Building;
using dpt::world::BuildingUse;
using dpt::world::RoadClass;

constexpr double kGap = 2.0;  // between neighbouring buildings, m

// An oriented rectangle: the footprint's bounding box in its own frame (for overlap tests).
struct Obb {
  Local c;
  double hu, hv, th;  // half extents along / across, angle
};

std::int64_t cell_key(int i, int j) { return (static_cast<std::int64_t>(i) << 32) ^ static_cast<std::uint32_t>(j); }

// Separating-axis test of two oriented rectangles (Gottschalk et al. 1996, in 2-D).
bool obb_overlap(const Obb& a, const Obb& b, double gap) {
  const double ax[2][2] = {{std::cos(a.th), std::sin(a.th)}, {-std::sin(a.th), std::cos(a.th)}};
  const double bx[2][2] = {{std::cos(b.th), std::sin(b.th)}, {-std::sin(b.th), std::cos(b.th)}};
  const double d[2] = {b.c.x - a.c.x, b.c.y - a.c.y};
  const double ae[2] = {a.hu + gap / 2, a.hv + gap / 2}, be[2] = {b.hu + gap / 2, b.hv + gap / 2};
  for (int s = 0; s < 2; ++s)
    for (int k = 0; k < 2; ++k) {
      const double* axis = s == 0 ? ax[k] : bx[k];
      const double ra = ae[0] * std::abs(ax[0][0] * axis[0] + ax[0][1] * axis[1]) +
                        ae[1] * std::abs(ax[1][0] * axis[0] + ax[1][1] * axis[1]);
      const double rb = be[0] * std::abs(bx[0][0] * axis[0] + bx[0][1] * axis[1]) +
                        be[1] * std::abs(bx[1][0] * axis[0] + bx[1][1] * axis[1]);
      if (std::abs(d[0] * axis[0] + d[1] * axis[1]) > ra + rb) return false;
    }
  return true;
}

// Does segment pq come within `clear` of the rectangle? (Liang–Barsky clip against the inflated box.)
bool segment_hits_obb(Local p, Local q, const Obb& o, double clear) {
  const double c = std::cos(o.th), s = std::sin(o.th);
  auto to_box = [&](Local v) { return Local{(v.x - o.c.x) * c + (v.y - o.c.y) * s, -(v.x - o.c.x) * s + (v.y - o.c.y) * c}; };
  const Local a = to_box(p), b = to_box(q);
  const double hu = o.hu + clear, hv = o.hv + clear;
  double t0 = 0.0, t1 = 1.0;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double pp[4] = {-dx, dx, -dy, dy};
  const double qq[4] = {a.x + hu, hu - a.x, a.y + hv, hv - a.y};
  for (int k = 0; k < 4; ++k) {
    if (pp[k] == 0.0) {
      if (qq[k] < 0) return false;
      continue;
    }
    const double t = qq[k] / pp[k];
    if (pp[k] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

Obb obb_of(const dpt::geo::Ring& r) {
  // Angle of the first edge; the extents of every vertex in that frame.
  const double th = std::atan2(r[1].y - r[0].y, r[1].x - r[0].x);
  const double c = std::cos(th), s = std::sin(th);
  double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
  for (const Local& p : r) {
    const double u = p.x * c + p.y * s, v = -p.x * s + p.y * c;
    u0 = std::min(u0, u);
    u1 = std::max(u1, u);
    v0 = std::min(v0, v);
    v1 = std::max(v1, v);
  }
  const double uc = 0.5 * (u0 + u1), vc = 0.5 * (v0 + v1);
  return {{uc * c - vc * s, uc * s + vc * c}, 0.5 * (u1 - u0), 0.5 * (v1 - v0), th};
}

class Occupancy {
 public:
  explicit Occupancy(double cell) : cell_(cell) {}
  bool free(const Obb& o) const {
    const double r = std::hypot(o.hu, o.hv) + kGap;
    for (int j = idx(o.c.y - r); j <= idx(o.c.y + r); ++j)
      for (int i = idx(o.c.x - r); i <= idx(o.c.x + r); ++i) {
        auto it = grid_.find(cell_key(i, j));
        if (it == grid_.end()) continue;
        for (std::uint32_t k : it->second)
          if (obb_overlap(o, boxes_[k], kGap)) return false;
      }
    return true;
  }
  void add(const Obb& o) {
    const double r = std::hypot(o.hu, o.hv);
    const auto id = static_cast<std::uint32_t>(boxes_.size());
    boxes_.push_back(o);
    for (int j = idx(o.c.y - r); j <= idx(o.c.y + r); ++j)
      for (int i = idx(o.c.x - r); i <= idx(o.c.x + r); ++i) grid_[cell_key(i, j)].push_back(id);
  }

 private:
  int idx(double v) const { return static_cast<int>(std::floor(v / cell_)); }
  double cell_;
  std::vector<Obb> boxes_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid_;
};

struct RoadSegs {
  struct Seg {
    Local a, b;
    double clear;
  };
  double cell = 60.0;
  std::vector<Seg> segs;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
  int idx(double v) const { return static_cast<int>(std::floor(v / cell)); }
  void add(Local a, Local b, double clear) {
    const auto id = static_cast<std::uint32_t>(segs.size());
    segs.push_back({a, b, clear});
    for (int j = idx(std::min(a.y, b.y) - clear); j <= idx(std::max(a.y, b.y) + clear); ++j)
      for (int i = idx(std::min(a.x, b.x) - clear); i <= idx(std::max(a.x, b.x) + clear); ++i)
        grid[cell_key(i, j)].push_back(id);
  }
  bool clear_of(const Obb& o) const {
    const double r = std::hypot(o.hu, o.hv);
    for (int j = idx(o.c.y - r); j <= idx(o.c.y + r); ++j)
      for (int i = idx(o.c.x - r); i <= idx(o.c.x + r); ++i) {
        auto it = grid.find(cell_key(i, j));
        if (it == grid.end()) continue;
        for (std::uint32_t k : it->second)
          if (segment_hits_obb(segs[k].a, segs[k].b, o, segs[k].clear)) return false;
      }
    return true;
  }
};

// A candidate: where and what, before the overlap test.
struct Candidate {
  std::uint64_t order;  // random key: candidates are accepted in this order
  Local c;
  double th, along, across;
  float height;
  BuildingUse use;
  int shape;  // 0 rectangle, 1 L, 2 courtyard
  bool tower, shed;
};

bool good_ground(const Context& ctx, const dpt::geo::Ring& r, double max_slope) {
  for (const Local& p : r)
    if (!ctx.cells.is_land(p) || !ctx.cells.in_district(p) || ctx.cells.signed_coast(p) < 12.0 || ctx.height(p) < 1.0)
      return false;
  Local c{0, 0};
  const double n = static_cast<double>(r.size());
  for (const Local& p : r) c = {c.x + p.x / n, c.y + p.y / n};
  return ctx.slope(c) < max_slope;
}

dpt::geo::Polygon footprint(const Candidate& k) {
  dpt::geo::Polygon poly;
  const double a = k.along / 2, b = k.across / 2, c = std::cos(k.th), s = std::sin(k.th);
  auto at = [&](double u, double v) { return Local{k.c.x + u * c - v * s, k.c.y + u * s + v * c}; };
  if (k.shape == 1) {  // L: the back corner cut away (40% x 45%)
    const double u = a - 0.8 * a, v = -b + 0.9 * b;
    poly.outer = {at(-a, -b), at(a, -b), at(a, v), at(u, v), at(u, b), at(-a, b)};
  } else {
    poly.outer = {at(-a, -b), at(a, -b), at(a, b), at(-a, b)};
    if (k.shape == 2) {  // a courtyard: the middle 40% x 40% open
      const double ha = 0.4 * a, hb = 0.4 * b;
      poly.holes.push_back({at(-ha, -hb), at(-ha, hb), at(ha, hb), at(ha, -hb)});
    }
  }
  dpt::geo::normalise_orientation(poly);
  return poly;
}

}  // namespace

double road_half_width(RoadClass c) {
  switch (c) {
    case RoadClass::motorway: return 12.0;
    case RoadClass::trunk: return 9.0;
    case RoadClass::primary: return 7.0;
    case RoadClass::secondary: return 6.0;
    case RoadClass::tertiary: return 5.0;
    case RoadClass::track: return 2.0;
    default: return 4.0;
  }
}

void synth_buildings(const Context& ctx, const dpt::world::RoadNetwork& roads, std::vector<dpt::world::Site>& sites,
                     std::size_t target, std::vector<Building>& buildings, BuildingReport& rep) {
  Occupancy occ(50.0);
  for (const Building& b : buildings) occ.add(obb_of(b.footprint.outer));
  RoadSegs segs;
  for (const auto& l : roads.links()) {
    if (l.from > l.to) continue;  // one of each two-way pair
    for (std::size_t k = 0; k + 1 < l.geometry.size(); ++k)
      segs.add(l.geometry[k], l.geometry[k + 1], road_half_width(l.cls) + 1.5);
  }

  // 1. Shelters and hospitals get a hall near their position, clear of roads (spiral search).
  for (auto& s : sites) {
    const bool shelter = s.kind == dpt::world::SiteKind::shelter, hospital = s.kind == dpt::world::SiteKind::hospital;
    if (!shelter && !hospital) continue;
    const double along = hospital ? 60.0 : 50.0, across = hospital ? 36.0 : 30.0;
    for (int k = 0; k < 400; ++k) {
      const double r = 6.0 * std::sqrt(static_cast<double>(k)), a = 2.39996 * k;  // golden-angle spiral
      Candidate c{0, {s.pos.x + r * std::cos(a), s.pos.y + r * std::sin(a)}, 0.0, along, across, hospital ? 24.0f : 12.0f,
                  BuildingUse::public_, 0, false, false};
      const dpt::geo::Polygon fp = footprint(c);
      const Obb o = obb_of(fp.outer);
      if (!good_ground(ctx, fp.outer, 0.2) || !segs.clear_of(o) || !occ.free(o)) continue;
      Building b;
      b.footprint = fp;
      b.base_z = ground_under(ctx, fp.outer);
      b.height = c.height;
      b.use = BuildingUse::public_;
      b.name = s.name;
      b.site_id = s.id;
      occ.add(o);
      s.pos = c.c;
      s.area = fp;
      buildings.push_back(std::move(b));
      ++rep.service;
      break;
    }
  }

  // 2. Candidates along both sides of the streets, two rows deep.
  std::vector<Candidate> cands;
  std::uint32_t serial = 0;
  std::vector<Local> industrial;
  for (const auto& s : sites)
    if (s.kind == dpt::world::SiteKind::hazmat || s.kind == dpt::world::SiteKind::industrial) industrial.push_back(s.pos);
  for (const auto& l : roads.links()) {
    if (l.from > l.to || l.cls == RoadClass::track || l.cls == RoadClass::trunk) continue;
    for (std::size_t k = 0; k + 1 < l.geometry.size(); ++k) {
      const Local a = l.geometry[k], b = l.geometry[k + 1];
      const double len = dist(a, b);
      if (len < 8.0) continue;
      const double th = std::atan2(b.y - a.y, b.x - a.x);
      const double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
      const Local mid{0.5 * (a.x + b.x), 0.5 * (a.y + b.y)};
      // Which settlement (if any) this street serves decides the building type.
      const Settlement* home = nullptr;
      double rel = 1e9;
      for (const auto& s : ctx.settlements) {
        const double q = ctx.reach(mid, s.centre, s.def->radius_m);
        if (q < rel) {
          rel = q;
          home = &s;
        }
      }
      bool near_industry = false;
      for (const Local& p : industrial) near_industry = near_industry || dist(mid, p) < 700.0;
      if (rel > 1.1 && !near_industry) continue;
      const bool town = home && home->def->town && rel <= 1.1;
      for (double t = 6.0; t < len - 6.0;) {
        auto r = rng_for("buildings.candidate", serial++);
        Candidate c{};
        c.order = r.next_u64();
        c.shed = near_industry && (rel > 1.1 || r.uniform() < 0.5);
        c.tower = !c.shed && town && rel < 0.6 && r.uniform() < home->def->tower_share * 4.0;
        if (c.shed) {
          c.along = uniform(r, 35, 70);
          c.across = uniform(r, 22, 36);
          c.height = static_cast<float>(uniform(r, 9, 14));
          c.use = BuildingUse::industrial;
        } else if (c.tower) {
          c.along = uniform(r, 22, 30);
          c.across = uniform(r, 20, 26);
          c.height = static_cast<float>(uniform(r, 60, 100));
          c.use = BuildingUse::residential;
        } else {
          c.along = town ? uniform(r, 11, 22) : uniform(r, 9, 15);
          c.across = town ? uniform(r, 11, 18) : uniform(r, 9, 14);
          const int storeys = town ? 3 + static_cast<int>(r.uniform() * 6) : 3 + static_cast<int>(r.uniform() * 4);
          c.height = static_cast<float>(3.0 * storeys);  // 3-6 storeys in villages, 3-8 in towns
          c.use = town && r.uniform() < 0.2 ? BuildingUse::commercial : BuildingUse::residential;
        }
        const double sh = r.uniform();
        c.shape = (!c.tower && sh < 0.15) ? 1 : (!c.tower && !c.shed && c.along > 16 && c.across > 14 && sh > 0.9) ? 2 : 0;
        const int side = r.uniform() < 0.5 ? 1 : -1;
        const double rr = r.uniform();
        const int row = rr < 0.45 ? 0 : rr < 0.8 ? 1 : 2;
        const double setback = road_half_width(l.cls) + 3.0 + c.across / 2 + row * 20.0;
        const double along_pos = t + c.along / 2;
        if (along_pos > len - 4.0) break;
        c.c = {a.x + ux * along_pos - side * uy * setback, a.y + uy * along_pos + side * ux * setback};
        c.th = th;
        cands.push_back(c);
        t += c.along * 0.3;  // overlapping proposals on both sides and rows; the test sorts them out
      }
    }
  }
  rep.candidates = static_cast<std::int64_t>(cands.size());
  std::sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) { return x.order < y.order; });

  // 3. Accept in random order until the target.
  for (const Candidate& c : cands) {
    if (buildings.size() >= target) break;
    const dpt::geo::Polygon fp = footprint(c);
    const Obb o = obb_of(fp.outer);
    if (!good_ground(ctx, fp.outer, c.tower || c.shed ? 0.12 : 0.2)) {
      ++rep.rejected_ground;
      continue;
    }
    if (!segs.clear_of(o) || !occ.free(o)) {
      ++rep.rejected_overlap;
      continue;
    }
    occ.add(o);
    Building b;
    b.footprint = fp;
    b.base_z = ground_under(ctx, fp.outer);
    b.height = c.height;
    b.use = c.use;
    buildings.push_back(std::move(b));
    rep.l_shaped += c.shape == 1;
    rep.courtyards += c.shape == 2;
    rep.towers += c.tower;
    rep.sheds += c.shed;
    rep.houses += !c.tower && !c.shed;
  }
  for (std::size_t k = 0; k < buildings.size(); ++k) buildings[k].id = static_cast<std::int64_t>(k + 1);
}

}  // namespace dapeng
