#include "synth.h"

#include <algorithm>

#include "dpt/core/assert.h"
#include "value_noise.h"

namespace dapeng {

void Cells::cell_of(Local p, int& i, int& j) const {
  i = static_cast<int>(std::lround((p.x - spec.x0) / spec.dx));
  j = static_cast<int>(std::lround((spec.y0 - p.y) / spec.dy));
  i = std::clamp(i, 0, spec.nx - 1);
  j = std::clamp(j, 0, spec.ny - 1);
}

bool Cells::inside(Local p) const {
  const double fi = (p.x - spec.x0) / spec.dx;
  const double fj = (spec.y0 - p.y) / spec.dy;
  return fi >= 0.0 && fj >= 0.0 && fi <= spec.nx - 1 && fj <= spec.ny - 1;
}

bool Cells::is_land(Local p) const {
  if (!inside(p)) return false;
  int i = 0, j = 0;
  cell_of(p, i, j);
  return land[idx(i, j)] != 0;
}

bool Cells::in_district(Local p) const {
  if (!inside(p)) return false;
  int i = 0, j = 0;
  cell_of(p, i, j);
  return district[idx(i, j)] != 0;
}

double Cells::signed_coast(Local p) const {
  int i = 0, j = 0;
  cell_of(p, i, j);
  const std::size_t k = idx(i, j);
  return land[k] ? coast_dist[k] : -coast_dist[k];
}

Local snap_to_land(const Cells& cells, Local p, double min_coast_m, double max_search_m) {
  int ci = 0, cj = 0;
  cells.cell_of(p, ci, cj);
  const int r = static_cast<int>(std::ceil(max_search_m / cells.spec.dx));
  double best = 1e300;
  Local out = p;
  for (int j = std::max(0, cj - r); j <= std::min(cells.ny() - 1, cj + r); ++j)
    for (int i = std::max(0, ci - r); i <= std::min(cells.nx() - 1, ci + r); ++i) {
      const std::size_t k = cells.idx(i, j);
      if (!cells.land[k] || cells.coast_dist[k] < min_coast_m) continue;
      const double d = dist(cells.pos(i, j), p);
      if (d < best) {  // strict: the first (north-west-most) of equal candidates wins, deterministically
        best = d;
        out = cells.pos(i, j);
      }
    }
  return out;
}

const Settlement* Context::settlement(const std::string& id) const {
  for (const auto& s : settlements)
    if (id == s.def->id) return &s;
  return nullptr;
}

double Context::reach(Local p, Local centre, double radius_m) const {
  const double n = outline_noise ? outline_noise->at(p) : 0.0;
  return dist(p, centre) / (radius_m * (1.0 + 0.3 * n));
}

double Context::slope(Local p) const {
  const double h = terrain.dx;
  const double gx = (terrain.sample({p.x + h, p.y}) - terrain.sample({p.x - h, p.y})) / (2 * h);
  const double gy = (terrain.sample({p.x, p.y + h}) - terrain.sample({p.x, p.y - h})) / (2 * h);
  return std::hypot(gx, gy);
}

Local Context::to_local(LonLat ll) const {
  auto r = frame.to_local(ll);
  DPT_ASSERT(r.ok(), "a Dapeng lon/lat must project into EPSG:4547");
  return *r;
}

double point_segment_distance(Local p, Local a, Local b, double* t_out) {
  const double vx = b.x - a.x, vy = b.y - a.y;
  const double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((p.x - a.x) * vx + (p.y - a.y) * vy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  if (t_out) *t_out = t;
  return std::hypot(p.x - (a.x + t * vx), p.y - (a.y + t * vy));
}

namespace {
void dp_recurse(const dpt::geo::LineString& l, std::size_t a, std::size_t b, double tol, std::vector<char>& keep) {
  // Iterative would avoid deep recursion, but lines here have at most a few thousand vertices.
  double worst = -1.0;
  std::size_t at = a;
  for (std::size_t k = a + 1; k < b; ++k) {
    const double d = point_segment_distance(l[k], l[a], l[b]);
    if (d > worst) {
      worst = d;
      at = k;
    }
  }
  if (worst > tol) {
    keep[at] = 1;
    dp_recurse(l, a, at, tol, keep);
    dp_recurse(l, at, b, tol, keep);
  }
}
}  // namespace

dpt::geo::LineString simplify_dp(const dpt::geo::LineString& line, double tolerance) {
  if (line.size() < 3) return line;
  std::vector<char> keep(line.size(), 0);
  keep.front() = keep.back() = 1;
  dp_recurse(line, 0, line.size() - 1, tolerance, keep);
  dpt::geo::LineString out;
  for (std::size_t k = 0; k < line.size(); ++k)
    if (keep[k]) out.push_back(line[k]);
  return out;
}

}  // namespace dapeng
