#include "road_sketch.h"

#include <algorithm>
#include <cmath>

namespace dapeng {

std::uint32_t RoadSketch::add(dpt::world::RoadInput road) {
  const auto id = static_cast<std::uint32_t>(roads_.size());
  const auto& l = road.line;
  for (std::size_t s = 0; s + 1 < l.size(); ++s) {
    const int i0 = static_cast<int>(std::floor(std::min(l[s].x, l[s + 1].x) / cell_));
    const int i1 = static_cast<int>(std::floor(std::max(l[s].x, l[s + 1].x) / cell_));
    const int j0 = static_cast<int>(std::floor(std::min(l[s].y, l[s + 1].y) / cell_));
    const int j1 = static_cast<int>(std::floor(std::max(l[s].y, l[s + 1].y) / cell_));
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) grid_[key(i, j)].push_back({id, static_cast<std::uint32_t>(s)});
  }
  roads_.push_back(std::move(road));
  inserts_.emplace_back();
  return id;
}

bool RoadSketch::nearest(Local p, double radius, SegRef& best, double& best_d, double& best_t) const {
  best_d = radius;
  bool found = false;
  const int i0 = static_cast<int>(std::floor((p.x - radius) / cell_)), i1 = static_cast<int>(std::floor((p.x + radius) / cell_));
  const int j0 = static_cast<int>(std::floor((p.y - radius) / cell_)), j1 = static_cast<int>(std::floor((p.y + radius) / cell_));
  for (int j = j0; j <= j1; ++j)
    for (int i = i0; i <= i1; ++i) {
      auto it = grid_.find(key(i, j));
      if (it == grid_.end()) continue;
      for (const SegRef& r : it->second) {
        const auto& l = roads_[r.road].line;
        double t = 0.0;
        const double d = point_segment_distance(p, l[r.seg], l[r.seg + 1], &t);
        // Ties: the lower (road, segment) wins, whatever the cell order.
        if (d < best_d || (found && d == best_d && (r.road < best.road || (r.road == best.road && r.seg < best.seg)))) {
          best_d = d;
          best = r;
          best_t = t;
          found = true;
        }
      }
    }
  return found;
}

double RoadSketch::distance(Local p, double radius, std::uint32_t* road) const {
  SegRef r{};
  double d = radius, t = 0.0;
  const bool found = nearest(p, radius, r, d, t);
  if (road) *road = found ? r.road : kNone;
  return d;
}

bool RoadSketch::attach(Local p, double radius, Local& out) {
  SegRef r{};
  double d = 0.0, t = 0.0;
  if (!nearest(p, radius, r, d, t)) return false;
  const auto& l = roads_[r.road].line;
  out = {l[r.seg].x + t * (l[r.seg + 1].x - l[r.seg].x), l[r.seg].y + t * (l[r.seg + 1].y - l[r.seg].y)};
  // Landing within 1 m of a vertex: use the vertex itself (no insertion needed).
  if (dist(out, l[r.seg]) < 1.0) {
    out = l[r.seg];
    return true;
  }
  if (dist(out, l[r.seg + 1]) < 1.0) {
    out = l[r.seg + 1];
    return true;
  }
  inserts_[r.road].push_back({r.seg, t, out});
  return true;
}

std::vector<dpt::world::RoadInput> RoadSketch::finish() const {
  std::vector<dpt::world::RoadInput> out = roads_;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (inserts_[k].empty()) continue;
    std::vector<Insert> ins = inserts_[k];
    std::sort(ins.begin(), ins.end(), [](const Insert& a, const Insert& b) { return a.seg != b.seg ? a.seg < b.seg : a.t < b.t; });
    const auto& l = roads_[k].line;
    dpt::geo::LineString nl;
    std::size_t q = 0;
    for (std::size_t s = 0; s < l.size(); ++s) {
      nl.push_back(l[s]);
      for (; q < ins.size() && ins[q].seg == s; ++q)
        if (dist(ins[q].p, nl.back()) > 0.01) nl.push_back(ins[q].p);
    }
    out[k].line = std::move(nl);
  }
  return out;
}

}  // namespace dapeng
