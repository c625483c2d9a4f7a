// Terrain synthesis, in this order (docs/district-dapeng.md, "terrain"):
//  1. land relief from distance to the coast d: rolling ground that rises inland, shaped by
//     multi-octave value noise and ridged noise;
//  2. massif bumps (Gaussian) at the two named summits and at ~20 generated hills (300-540 m),
//     combined with the relief by a smooth maximum;
//  3. a coastal taper 1 - exp(-d / 350 m), so that the land meets the sea at >= 1 m;
//  4. flattening to a low coastal plain (2-20 m) within each settlement's radius;
//  5. sea floor: -2 m at the shore to about -28 m some 5 km out (1 - exp(-d / 2.5 km));
//  6. each named summit fitted exactly: a Gaussian correction (sigma 500 m) centred on the highest
//     sample within 1 km adds the difference to the summit height.
#include "terrain_synth.h"

#include <algorithm>
#include <cmath>

#include "value_noise.h"

namespace dapeng {
namespace {

struct Bump {
  Local c;
  double amp, sigma;
};

constexpr double kWarpM = 900.0;  // domain-warp amplitude

double smooth_max(double a, double b, double k) { return 0.5 * (a + b + std::sqrt((a - b) * (a - b) + k * k)); }
double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

// Signed distance to the coast (+ land, - sea) smoothed by two passes of a separable box filter
// (radius 2 samples): the nearest-cell distance carries the mask's 30 m staircase, which the
// coastal taper would otherwise print into the slopes as radial streaks.
std::vector<float> smoothed_coast_distance(const Cells& c) {
  const int nx = c.nx(), ny = c.ny(), r = 2;
  std::vector<float> a(c.coast_dist.size()), b(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = c.land[k] ? c.coast_dist[k] : -c.coast_dist[k];
  for (int pass = 0; pass < 2; ++pass) {
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (int q = -r; q <= r; ++q) s += a[c.idx(std::clamp(i + q, 0, nx - 1), j)];
        b[c.idx(i, j)] = static_cast<float>(s / (2 * r + 1));
      }
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        double s = 0.0;
        for (int q = -r; q <= r; ++q) s += b[c.idx(i, std::clamp(j + q, 0, ny - 1))];
        a[c.idx(i, j)] = static_cast<float>(s / (2 * r + 1));
      }
  }
  return a;
}

std::vector<Bump> make_hills(const Context& ctx, const std::vector<Local>& peak_pos) {
  const Cells& c = ctx.cells;
  std::vector<Bump> hills;
  for (std::uint32_t k = 0; k < 4000 && hills.size() < 22; ++k) {
    auto r = rng_for("terrain.hills", k);
    const int i = static_cast<int>(r.uniform() * c.nx()), j = static_cast<int>(r.uniform() * c.ny());
    const std::size_t id = c.idx(i, j);
    if (!c.land[id] || c.coast_dist[id] < 1400.0) continue;
    const Local p = c.pos(i, j);
    bool ok = true;
    for (const Local& q : peak_pos) ok = ok && dist(p, q) > 3200.0;
    for (const auto& s : ctx.settlements) ok = ok && dist(p, s.centre) > s.def->radius_m + 1300.0;
    for (const auto& h : hills) ok = ok && dist(p, h.c) > 2800.0;
    if (!ok) continue;
    hills.push_back({p, uniform(r, 300.0, 540.0), uniform(r, 900.0, 1500.0)});
  }
  return hills;
}

// Raises the highest sample within 1 km of `named` to `target` (the correction is largest there,
// so no other sample in the disc can overtake it when raising; lowering is iterated).
PeakReport fit_peak(dpt::geo::HeightGrid& g, const Cells& c, const PeakDef& def, Local named) {
  PeakReport rep{def.name, def.height_m, 0.0, named};
  for (int iter = 0; iter < 30; ++iter) {
    double best = -1e30;
    Local at = named;
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const Local p = c.pos(i, j);
        if (dist(p, named) > 1000.0) continue;
        if (g.at(i, j) > best) {
          best = g.at(i, j);
          at = p;
        }
      }
    rep.max_within_1km_m = best;
    rep.at = at;
    const double delta = def.height_m - best;
    if (std::abs(delta) < 0.05) break;
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        const double r = dist(c.pos(i, j), at);
        if (r > 2000.0 || !c.land[c.idx(i, j)]) continue;
        g.z[c.idx(i, j)] += static_cast<float>(delta * std::exp(-(r * r) / (500.0 * 500.0)));
      }
  }
  return rep;
}

}  // namespace

void synth_terrain(Context& ctx, TerrainReport& report) {
  const Cells& c = ctx.cells;
  dpt::geo::HeightGrid g = c.spec;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 0.0f);
  const double w = (g.nx - 1) * g.dx, h = (g.ny - 1) * g.dy;
  const double xs = g.x0, ys = g.y0 - h;  // south-west corner
  const ValueNoise relief_noise(dpt::rng_stream("terrain.relief"), xs, ys, w, h, 4000.0, 6);
  const ValueNoise ridge_noise(dpt::rng_stream("terrain.ridge"), xs, ys, w, h, 2500.0, 5);
  const ValueNoise fine_noise(dpt::rng_stream("terrain.fine"), xs, ys, w, h, 600.0, 3);
  const ValueNoise sea_noise(dpt::rng_stream("terrain.sea"), xs, ys, w, h, 3000.0, 3);
  // Domain warp (Quilez, "Domain warping", 2002): hills and ridges lose their round outlines.
  const ValueNoise warp_x(dpt::rng_stream("terrain.warp.x"), xs, ys, w, h, 3500.0, 3);
  const ValueNoise warp_y(dpt::rng_stream("terrain.warp.y"), xs, ys, w, h, 3500.0, 3);

  std::vector<Local> peak_pos;
  std::vector<Bump> bumps;
  for (const PeakDef& p : peaks()) {
    peak_pos.push_back(ctx.to_local({p.lon, p.lat}));
    // Designed a little below the summit so that the fit (step 6) only ever raises.
    bumps.push_back({peak_pos.back(), p.height_m - 60.0, p.height_m > 800 ? 2300.0 : 2000.0});
  }
  const std::vector<Bump> hills = make_hills(ctx, peak_pos);
  bumps.insert(bumps.end(), hills.begin(), hills.end());
  report.hills = static_cast<int>(hills.size());
  const std::vector<float> sd = smoothed_coast_distance(c);

  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const std::size_t k = c.idx(i, j);
      const Local p = c.pos(i, j);
      // Smoothed distance, never below 15 m (half a cell) on the right side of the coast.
      const double d = std::max(c.land[k] ? static_cast<double>(sd[k]) : -static_cast<double>(sd[k]), 15.0);
      if (!c.land[k]) {
        // Sea floor: shallow at the shore, about -20...-30 m a few km out.
        const double depth = 2.0 + 26.0 * (1.0 - std::exp(-d / 2500.0)) + 1.5 * sea_noise.at(p) * (1.0 - std::exp(-d / 500.0));
        g.z[k] = static_cast<float>(-std::max(depth, 1.0));
        continue;
      }
      const double u = 1.0 - std::exp(-d / 700.0);
      // No warp at the named summits, so that they stay where the places table puts them.
      double warp = kWarpM;
      for (const Local& s : peak_pos) warp *= smoothstep(0.0, 2500.0, dist(p, s));
      const Local q{p.x + warp * warp_x.at(p), p.y + warp * warp_y.at(p)};
      const double n1 = relief_noise.at(q);
      const double rn = ridge_noise.at(q);
      const double ridge = (1.0 - std::abs(rn)) * (1.0 - std::abs(rn));  // sharp crests, broad valleys
      const double relief = u * (60.0 + 55.0 * n1 + 200.0 * ridge * u) + 10.0 * fine_noise.at(q);
      double massif = 0.0;
      for (const Bump& b : bumps) {
        const double r = dist(q, b.c);
        if (r > 4.0 * b.sigma) continue;
        // Gullies cut into the massif's flanks by the ridge pattern (none at the very top).
        const double e = std::exp(-(r * r) / (b.sigma * b.sigma));
        massif = std::max(massif, b.amp * e * (1.0 - 0.25 * (1.0 - e) * (1.0 - ridge)) * (1.0 + 0.05 * n1));
      }
      const double taper = 1.0 - std::exp(-d / 350.0);
      double z = 1.0 + taper * smooth_max(std::max(relief, 0.0), massif, 40.0);
      // Settlements sit on flat coastal plains (Dapeng's towns are on the bay shores).
      double flat = 0.0;
      for (const auto& s : ctx.flats) {
        const double rq = ctx.reach(p, s.centre, s.radius_m);  // 1 at the (irregular) edge
        // Blended from 90% of the radius to 800 m beyond it: a gentle basin rather than a cliff.
        flat = std::max(flat, 1.0 - smoothstep(0.9, 1.0 + 800.0 / s.radius_m, rq));
      }
      if (flat > 0.0) {
        const double plain = 2.0 + std::min(0.012 * d, 18.0) + 1.0 * fine_noise.at(p);
        z = z + flat * (plain - z);
      }
      g.z[k] = static_cast<float>(std::max(z, 1.0));
    }

  report.peaks.clear();
  for (std::size_t n = 0; n < peaks().size(); ++n) report.peaks.push_back(fit_peak(g, c, peaks()[n], peak_pos[n]));

  report.highest_elsewhere_m = -1e30;
  report.land_min_m = 1e30;
  report.sea_max_m = -1e30;
  report.sea_min_m = 1e30;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const std::size_t k = c.idx(i, j);
      const double z = g.z[k];
      if (c.land[k]) {
        report.land_min_m = std::min(report.land_min_m, z);
        bool near_peak = false;
        for (const Local& q : peak_pos) near_peak = near_peak || dist(c.pos(i, j), q) <= 3000.0;
        if (!near_peak) report.highest_elsewhere_m = std::max(report.highest_elsewhere_m, z);
      } else {
        report.sea_max_m = std::max(report.sea_max_m, z);
        report.sea_min_m = std::min(report.sea_min_m, z);
      }
    }
  ctx.terrain = std::move(g);
}

}  // namespace dapeng
