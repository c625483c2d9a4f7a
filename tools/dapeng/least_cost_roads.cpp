#include "least_cost_roads.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace dapeng {
namespace {
constexpr double kRoadFactor = 0.3;     // drawn road costs 30% of open ground
constexpr double kSlopeScale = 0.07;    // factor 1 + (slope / 0.07)^2: 7% grade doubles the cost
constexpr double kMaxSlopeFactor = 60.0;
constexpr double kAttachM = 130.0;      // a run of new cells ends on drawn road this close
}  // namespace

CostGrid::CostGrid(const Context& ctx, double cell) : ctx_(ctx), cell_(cell) {
  const auto& s = ctx.cells.spec;
  x0_ = s.x0;
  y0_ = s.y0;
  nx_ = static_cast<int>(((s.nx - 1) * s.dx) / cell) + 1;
  ny_ = static_cast<int>(((s.ny - 1) * s.dy) / cell) + 1;
  const std::size_t n = static_cast<std::size_t>(nx_) * ny_;
  passable_.assign(n, 0);
  road_.assign(n, 0);
  z_.assign(n, 0.0f);
  for (int j = 0; j < ny_; ++j)
    for (int i = 0; i < nx_; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * nx_ + i;
      const Local p = centre(static_cast<std::uint32_t>(k));
      passable_[k] = ctx.cells.is_land(p) && ctx.cells.in_district(p) && ctx.cells.signed_coast(p) >= 20.0;
      z_[k] = static_cast<float>(ctx.height(p));
    }
}

Local CostGrid::centre(std::uint32_t c) const {
  return {x0_ + (c % nx_) * cell_, y0_ - static_cast<double>(c / nx_) * cell_};
}

std::uint32_t CostGrid::cell_of(Local p) const {
  const int i = std::clamp(static_cast<int>(std::lround((p.x - x0_) / cell_)), 0, nx_ - 1);
  const int j = std::clamp(static_cast<int>(std::lround((y0_ - p.y) / cell_)), 0, ny_ - 1);
  return static_cast<std::uint32_t>(j * nx_ + i);
}

void CostGrid::mark_road(const dpt::geo::LineString& line) {
  for (std::size_t s = 0; s + 1 < line.size(); ++s) {
    const double len = dist(line[s], line[s + 1]);
    const int n = std::max(1, static_cast<int>(std::ceil(len / (cell_ * 0.3))));
    for (int q = 0; q <= n; ++q) {
      const double t = static_cast<double>(q) / n;
      road_[cell_of({line[s].x + t * (line[s + 1].x - line[s].x), line[s].y + t * (line[s + 1].y - line[s].y)})] = 1;
    }
  }
}

double CostGrid::step_cost(std::uint32_t a, std::uint32_t b, double len) const {
  if (road_[b]) return len * kRoadFactor;
  const double slope = std::abs(z_[b] - z_[a]) / len;
  const double f = std::min(1.0 + (slope / kSlopeScale) * (slope / kSlopeScale), kMaxSlopeFactor);
  return len * f;
}

std::vector<std::uint32_t> CostGrid::path(Local from, std::optional<Local> to) const {
  const std::uint32_t src = cell_of(from);
  const std::uint32_t dst = to ? cell_of(*to) : 0;
  const std::size_t n = passable_.size();
  std::vector<double> g(n, 1e300);
  std::vector<std::uint32_t> prev(n, RoadSketch::kNone);
  using QE = std::pair<double, std::uint32_t>;
  std::priority_queue<QE, std::vector<QE>, std::greater<>> open;
  auto h = [&](std::uint32_t c) { return to ? dist(centre(c), *to) * kRoadFactor : 0.0; };
  g[src] = 0.0;
  open.push({h(src), src});
  static constexpr int di[8] = {1, -1, 0, 0, 1, 1, -1, -1};
  static constexpr int dj[8] = {0, 0, 1, -1, 1, -1, 1, -1};
  std::uint32_t reached = RoadSketch::kNone;
  while (!open.empty()) {
    const auto [f, c] = open.top();
    open.pop();
    if (f > g[c] + h(c) + 1e-9) continue;  // stale entry
    if (to ? c == dst : (road_[c] && c != src)) {
      reached = c;
      break;
    }
    const int ci = static_cast<int>(c % nx_), cj = static_cast<int>(c / nx_);
    for (int k = 0; k < 8; ++k) {
      const int i = ci + di[k], j = cj + dj[k];
      if (i < 0 || j < 0 || i >= nx_ || j >= ny_) continue;
      const auto nb = static_cast<std::uint32_t>(j * nx_ + i);
      if (!passable_[nb] && nb != dst) continue;
      const double len = k < 4 ? cell_ : cell_ * std::sqrt(2.0);
      const double cand = g[c] + step_cost(c, nb, len);
      if (cand < g[nb]) {
        g[nb] = cand;
        prev[nb] = c;
        open.push({cand + h(nb), nb});
      }
    }
  }
  std::vector<std::uint32_t> chain;
  if (reached == RoadSketch::kNone) return chain;
  for (std::uint32_t c = reached; c != RoadSketch::kNone; c = prev[c]) chain.push_back(c);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

dpt::geo::LineString chaikin(const dpt::geo::LineString& l, int iterations) {
  dpt::geo::LineString cur = l;
  for (int it = 0; it < iterations && cur.size() > 2; ++it) {
    dpt::geo::LineString nl;
    nl.push_back(cur.front());
    for (std::size_t k = 0; k + 1 < cur.size(); ++k) {
      const Local a = cur[k], b = cur[k + 1];
      if (k > 0) nl.push_back({0.75 * a.x + 0.25 * b.x, 0.75 * a.y + 0.25 * b.y});
      if (k + 2 < cur.size()) nl.push_back({0.25 * a.x + 0.75 * b.x, 0.25 * a.y + 0.75 * b.y});
    }
    nl.push_back(cur.back());
    cur = std::move(nl);
  }
  return cur;
}

void draw_arterials(const Context& ctx, CostGrid& grid, const std::vector<ArterialRequest>& requests,
                    std::int64_t first_source_id, RoadSketch& sketch, ArterialReport& rep) {
  (void)ctx;
  std::int64_t sid = first_source_id;
  for (const ArterialRequest& req : requests) {
    ++rep.requests;
    const std::vector<std::uint32_t> chain = grid.path(req.from, req.to);
    if (chain.empty()) {
      ++rep.unreachable;
      continue;
    }
    // Cut the chain into runs of new cells; each run starts/ends at the request's own end points
    // or on the drawn road it leaves/joins.
    std::size_t k = 0;
    while (k < chain.size()) {
      if (grid.is_road(chain[k])) {
        ++k;
        continue;
      }
      std::size_t e = k;
      while (e < chain.size() && !grid.is_road(chain[e])) ++e;
      dpt::geo::LineString line;
      Local a{};
      if (k == 0) line.push_back(req.from);
      else if (sketch.attach(grid.centre(chain[k - 1]), kAttachM, a)) line.push_back(a);
      for (std::size_t q = k; q < e; ++q) line.push_back(grid.centre(chain[q]));
      if (e == chain.size()) {
        if (req.to) line.push_back(*req.to);
      } else if (sketch.attach(grid.centre(chain[e]), kAttachM, a)) {
        line.push_back(a);
      }
      if (k == 0 && line.size() >= 2 && dist(line[0], line[1]) < 1.0) line.erase(line.begin() + 1);
      line = simplify_dp(chaikin(line, 3), 4.0);
      if (line.size() >= 2 && dpt::geo::length(line) > 1.0) {
        dpt::world::RoadInput r;
        r.line = line;
        r.cls = req.cls;
        r.name = req.name;
        r.source_id = sid++;
        rep.km += dpt::geo::length(line) / 1000.0;
        ++rep.roads;
        grid.mark_road(line);
        sketch.add(std::move(r));
      }
      k = e;
    }
    // An end point whose cell was already road still has to be joined to that road.
    std::vector<Local> ends;
    if (grid.is_road(chain.front())) ends.push_back(req.from);
    if (req.to && grid.is_road(chain.back())) ends.push_back(*req.to);
    for (const Local p : ends) {
      Local a{};
      if (sketch.distance(p, 1.0) >= 1.0 && sketch.attach(p, kAttachM, a)) {
        dpt::world::RoadInput r;
        r.line = {p, a};
        r.cls = req.cls;
        r.name = req.name;
        r.source_id = sid++;
        sketch.add(std::move(r));
        ++rep.roads;
      }
    }
  }
}

}  // namespace dapeng
