#include "street_grids.h"

#include <cmath>
#include <numbers>

namespace dapeng {
namespace {

constexpr double kMaxNodeSlope = 0.15;   // ~8.5 degrees: steeper ground gets no streets
constexpr double kMaxSegSlope = 0.20;
constexpr double kJoinM = 35.0;          // a grid node this close to an arterial gets a connector

bool in_any(const std::vector<dpt::geo::Polygon>& polys, Local p) {
  for (const auto& poly : polys)
    if (dpt::geo::bounds(poly.outer).contains(p) && dpt::geo::point_in_polygon(poly, p)) return true;
  return false;
}

bool street_ground(const Context& ctx, Local p, double max_slope) {
  return ctx.cells.is_land(p) && ctx.cells.in_district(p) && ctx.cells.signed_coast(p) >= 20.0 &&
         ctx.slope(p) < max_slope;
}

}  // namespace

void draw_street_grids(const Context& ctx, const std::vector<dpt::geo::Polygon>& keep_out, std::int64_t first_source_id,
                       RoadSketch& sketch, StreetReport& rep) {
  std::int64_t sid = first_source_id;
  for (std::size_t si = 0; si < ctx.settlements.size(); ++si) {
    const Settlement& s = ctx.settlements[si];
    const double R = s.def->radius_m, b = s.def->block_m;
    auto rng = rng_for("streets.grid", static_cast<std::uint32_t>(si));
    const double th = uniform(rng, 0.0, std::numbers::pi / 2);
    const double c = std::cos(th), sn = std::sin(th);
    const int m = static_cast<int>(std::ceil(R / b)) + 1;
    const int w = 2 * m + 1;
    std::vector<Local> node(static_cast<std::size_t>(w) * w);
    std::vector<char> ok(node.size(), 0);
    for (int bj = -m; bj <= m; ++bj)
      for (int ai = -m; ai <= m; ++ai) {
        const std::size_t k = static_cast<std::size_t>(bj + m) * w + (ai + m);
        auto jr = rng_for("streets.jitter", static_cast<std::uint32_t>(si * 100000 + k));
        // Jitter makes the blocks irregular; the centre node stays exactly where arterials end.
        const double jx = (ai || bj) ? uniform(jr, -0.12, 0.12) * b : 0.0;
        const double jy = (ai || bj) ? uniform(jr, -0.12, 0.12) * b : 0.0;
        const double u = ai * b + jx, v = bj * b + jy;
        const Local p{s.centre.x + c * u - sn * v, s.centre.y + sn * u + c * v};
        node[k] = p;
        bool claimed = false;  // an earlier settlement's grid already covers this ground
        for (std::size_t o = 0; o < si; ++o)
          claimed = claimed || dist(p, ctx.settlements[o].centre) < ctx.settlements[o].def->radius_m + 0.5 * b;
        ok[k] = (!ai && !bj) || (ctx.reach(p, s.centre, R) <= 1.0 && !claimed && street_ground(ctx, p, kMaxNodeSlope) &&
                                 !in_any(keep_out, p));
      }
    // Connectors from grid nodes to the arterials drawn so far (before the grid itself is drawn).
    for (std::size_t k = 0; k < node.size(); ++k) {
      if (!ok[k] || k == static_cast<std::size_t>(m) * w + m) continue;
      const double d = sketch.distance(node[k], kJoinM);
      Local a{};
      if (d > 1.0 && d < kJoinM && sketch.attach(node[k], kJoinM, a)) {
        dpt::world::RoadInput r;
        r.line = {node[k], a};
        r.cls = dpt::world::RoadClass::residential;
        r.source_id = sid++;
        r.name = std::string(s.def->name) + " street";
        sketch.add(std::move(r));
        ++rep.connectors;
      }
    }
    for (int bj = -m; bj <= m; ++bj)
      for (int ai = -m; ai <= m; ++ai) {
        const std::size_t k = static_cast<std::size_t>(bj + m) * w + (ai + m);
        if (!ok[k]) continue;
        for (int dir = 0; dir < 2; ++dir) {
          const int ai2 = ai + (dir == 0), bj2 = bj + (dir == 1);
          if (ai2 > m || bj2 > m) continue;
          const std::size_t k2 = static_cast<std::size_t>(bj2 + m) * w + (ai2 + m);
          if (!ok[k2]) continue;
          const Local p = node[k], q = node[k2];
          bool good = true;
          for (double t : {0.25, 0.5, 0.75})
            good = good && street_ground(ctx, {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)}, kMaxSegSlope) &&
                   !in_any(keep_out, {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
          if (!good) continue;
          const bool axis = dir == 0 ? bj == 0 : ai == 0;
          dpt::world::RoadInput r;
          r.line = {p, q};
          r.cls = axis ? (s.def->town ? dpt::world::RoadClass::secondary : dpt::world::RoadClass::tertiary)
                       : dpt::world::RoadClass::residential;
          r.source_id = sid++;
          r.name = std::string(s.def->name) + (axis ? " main street" : " street");
          rep.km += dist(p, q) / 1000.0;
          ++rep.segments;
          sketch.add(std::move(r));
        }
      }
  }
}

}  // namespace dapeng
