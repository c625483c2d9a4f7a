// The road graph: building it from polylines (snap, cut at shared vertices, one link per
// direction), adjacency, lengths and connectivity.
#include "dpt/world/roads.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "dpt/core/assert.h"

namespace dpt::world {

namespace {

// Merges points closer than `snap` (greedy: the first point of a cluster is its representative),
// with a hash grid of cell `snap` so that only the 3×3 cells around a point are searched.
class Snapper {
 public:
  explicit Snapper(double snap) : snap_(std::max(snap, 1e-9)) {}

  std::uint32_t add(geo::Local p) {
    const auto ci = static_cast<std::int64_t>(std::floor(p.x / snap_));
    const auto cj = static_cast<std::int64_t>(std::floor(p.y / snap_));
    const double s2 = snap_ * snap_;
    std::uint32_t best = UINT32_MAX;
    double best_d2 = s2;
    for (std::int64_t dj = -1; dj <= 1; ++dj)
      for (std::int64_t di = -1; di <= 1; ++di) {
        const auto it = cells_.find(key(ci + di, cj + dj));
        if (it == cells_.end()) continue;
        for (std::uint32_t k : it->second) {
          const double dx = reps[k].x - p.x, dy = reps[k].y - p.y;
          const double d2 = dx * dx + dy * dy;
          if (d2 < best_d2 || (d2 == best_d2 && d2 == 0.0 && k < best)) {
            best = k;
            best_d2 = d2;
          }
        }
      }
    if (best != UINT32_MAX) return best;
    const auto id = static_cast<std::uint32_t>(reps.size());
    reps.push_back(p);
    cells_[key(ci, cj)].push_back(id);
    return id;
  }

  std::vector<geo::Local> reps;

 private:
  static std::uint64_t key(std::int64_t i, std::int64_t j) {
    return (static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull) ^ static_cast<std::uint64_t>(j);
  }
  double snap_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;
};

// Strongly connected components, Tarjan's algorithm with an explicit stack (no recursion: the
// graph may have 100k nodes). Returns the component of each node; components are numbered in
// the order Tarjan completes them.
std::vector<std::uint32_t> strong_components(std::size_t n, const std::vector<std::uint32_t>& offsets,
                                             const std::vector<std::uint32_t>& out_links,
                                             const std::vector<RoadLink>& links, std::size_t& count) {
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> index(n, none), low(n, 0), comp(n, none), next_edge(n, 0);
  std::vector<std::uint32_t> stack, call;
  std::uint32_t counter = 0;
  count = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != none) continue;
    call.push_back(root);
    index[root] = low[root] = counter++;
    next_edge[root] = offsets[root];
    stack.push_back(root);
    while (!call.empty()) {
      const std::uint32_t v = call.back();
      if (next_edge[v] < offsets[v + 1]) {
        const std::uint32_t w = links[out_links[next_edge[v]++]].to;
        if (index[w] == none) {
          index[w] = low[w] = counter++;
          next_edge[w] = offsets[w];
          stack.push_back(w);
          call.push_back(w);
        } else if (comp[w] == none) {
          low[v] = std::min(low[v], index[w]);  // w is on the stack
        }
        continue;
      }
      call.pop_back();
      if (!call.empty()) low[call.back()] = std::min(low[call.back()], low[v]);
      if (low[v] == index[v]) {
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          comp[w] = static_cast<std::uint32_t>(count);
        } while (w != v);
        ++count;
      }
    }
  }
  return comp;
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];  // path halving
    x = parent[x];
  }
  return x;
}

}  // namespace

RoadNetwork RoadNetwork::build(const std::vector<RoadInput>& roads, double snap_m) {
  // 1. Snap every vertex; per road the sequence of snapped ids without repeats.
  Snapper snapper(snap_m);
  std::vector<std::vector<std::uint32_t>> ids(roads.size());
  for (std::size_t r = 0; r < roads.size(); ++r) {
    for (const geo::Local& p : roads[r].line) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      const std::uint32_t id = snapper.add(p);
      if (ids[r].empty() || ids[r].back() != id) ids[r].push_back(id);
    }
    if (ids[r].size() < 2) ids[r].clear();
  }
  // 2. How many times each snapped vertex is used; ends and shared vertices become nodes.
  const std::size_t nv = snapper.reps.size();
  std::vector<std::uint32_t> uses(nv, 0);
  std::vector<std::uint8_t> is_end(nv, 0);
  for (const auto& seq : ids) {
    if (seq.empty()) continue;
    for (std::uint32_t id : seq) ++uses[id];
    is_end[seq.front()] = is_end[seq.back()] = 1;
  }
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> node_of(nv, none);
  RoadNetwork net;
  for (const auto& seq : ids)
    for (std::uint32_t id : seq)
      if ((is_end[id] || uses[id] >= 2) && node_of[id] == none) {
        node_of[id] = static_cast<std::uint32_t>(net.nodes_.size());
        net.nodes_.push_back({snapper.reps[id]});
      }
  // 3. Cut each road at its nodes; one link per allowed direction.
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const RoadInput& in = roads[r];
    const auto& seq = ids[r];
    if (seq.empty()) continue;
    const int lanes = in.lanes > 0 ? in.lanes : default_lanes(in.cls);
    const double speed = (in.speed_kmh > 0.0 ? in.speed_kmh : default_speed_kmh(in.cls)) / 3.6;
    std::size_t start = 0;
    for (std::size_t k = 1; k < seq.size(); ++k) {
      if (node_of[seq[k]] == none) continue;
      RoadLink link;
      link.from = node_of[seq[start]];
      link.to = node_of[seq[k]];
      link.lanes = lanes;
      link.speed_mps = speed;
      link.cls = in.cls;
      link.source_id = in.source_id;
      link.name = in.name;
      link.geometry.reserve(k - start + 1);
      for (std::size_t q = start; q <= k; ++q) link.geometry.push_back(snapper.reps[seq[q]]);
      link.length_m = geo::length(link.geometry);
      start = k;
      if (!(link.length_m > 0.0)) continue;
      if (in.oneway == 0) {
        RoadLink back = link;
        std::swap(back.from, back.to);
        std::reverse(back.geometry.begin(), back.geometry.end());
        net.links_.push_back(std::move(link));
        net.links_.push_back(std::move(back));
      } else if (in.oneway > 0) {
        net.links_.push_back(std::move(link));
      } else {
        std::swap(link.from, link.to);
        std::reverse(link.geometry.begin(), link.geometry.end());
        net.links_.push_back(std::move(link));
      }
    }
  }
  // 4. Nodes that lost all their links (zero-length pieces) are dropped, so that every node of a
  // stored graph can be recovered from its links.
  std::vector<std::uint8_t> used(net.nodes_.size(), 0);
  for (const RoadLink& l : net.links_) used[l.from] = used[l.to] = 1;
  if (std::find(used.begin(), used.end(), 0) != used.end()) {
    std::vector<std::uint32_t> renum(net.nodes_.size(), none);
    std::vector<RoadNode> kept;
    for (std::size_t n = 0; n < net.nodes_.size(); ++n)
      if (used[n]) {
        renum[n] = static_cast<std::uint32_t>(kept.size());
        kept.push_back(net.nodes_[n]);
      }
    net.nodes_ = std::move(kept);
    for (RoadLink& l : net.links_) {
      l.from = renum[l.from];
      l.to = renum[l.to];
    }
  }
  net.index();
  return net;
}

RoadNetwork RoadNetwork::from_parts(std::vector<RoadNode> nodes, std::vector<RoadLink> links) {
  RoadNetwork net;
  net.nodes_ = std::move(nodes);
  net.links_ = std::move(links);
  for (const RoadLink& l : net.links_)
    DPT_ASSERT(l.from < net.nodes_.size() && l.to < net.nodes_.size(), "road link endpoint out of range");
  net.index();
  return net;
}

void RoadNetwork::index() {
  // Out-adjacency in CSR form, links of a node in ascending link order (counting sort).
  const std::size_t n = nodes_.size();
  out_offsets_.assign(n + 1, 0);
  for (const RoadLink& l : links_) ++out_offsets_[l.from + 1];
  for (std::size_t k = 0; k < n; ++k) out_offsets_[k + 1] += out_offsets_[k];
  out_links_.resize(links_.size());
  std::vector<std::uint32_t> fill(out_offsets_.begin(), out_offsets_.end() - 1);
  for (std::uint32_t k = 0; k < links_.size(); ++k) out_links_[fill[links_[k].from]++] = k;
}

double RoadNetwork::total_length_m() const {
  double s = 0.0;
  for (const RoadLink& l : links_) s += l.length_m;
  return s;
}

double RoadNetwork::centreline_length_m() const {
  // A link whose reverse twin exists (same road, opposite direction, same length) counts half.
  double s = 0.0;
  for (const RoadLink& l : links_) {
    bool twin = false;
    for (std::uint32_t e = out_offsets_[l.to]; e < out_offsets_[l.to + 1] && !twin; ++e) {
      const RoadLink& o = links_[out_links_[e]];
      twin = o.to == l.from && o.source_id == l.source_id && std::abs(o.length_m - l.length_m) <= 1e-6 &&
             &o != &l;
    }
    s += twin ? 0.5 * l.length_m : l.length_m;
  }
  return s;
}

Connectivity RoadNetwork::connectivity() const {
  Connectivity c;
  const std::size_t n = nodes_.size();
  if (n == 0) return c;
  const std::vector<std::uint32_t> comp = strong_components(n, out_offsets_, out_links_, links_, c.components);
  std::vector<std::size_t> size(c.components, 0);
  for (std::uint32_t k : comp) ++size[k];
  c.largest_nodes = *std::max_element(size.begin(), size.end());
  // Weak components: union-find over links, ignoring direction.
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const RoadLink& l : links_) {
    const std::uint32_t a = find_root(parent, l.from), b = find_root(parent, l.to);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  for (std::uint32_t k = 0; k < n; ++k) c.weak_components += find_root(parent, k) == k ? 1 : 0;
  return c;
}

std::size_t RoadNetwork::keep_largest_component() {
  const std::size_t n = nodes_.size();
  if (n == 0) return 0;
  std::size_t count = 0;
  const std::vector<std::uint32_t> comp = strong_components(n, out_offsets_, out_links_, links_, count);
  std::vector<std::size_t> size(count, 0);
  for (std::uint32_t k : comp) ++size[k];
  // The largest; on a tie the one holding the lowest node index (deterministic).
  std::uint32_t keep = comp[0];
  for (std::uint32_t k = 0; k < n; ++k)
    if (size[comp[k]] > size[keep]) keep = comp[k];
  std::vector<std::uint32_t> renum(n, UINT32_MAX);
  std::vector<RoadNode> nodes;
  for (std::uint32_t k = 0; k < n; ++k)
    if (comp[k] == keep) {
      renum[k] = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back(nodes_[k]);
    }
  std::vector<RoadLink> links;
  for (RoadLink& l : links_)
    if (comp[l.from] == keep && comp[l.to] == keep) {
      l.from = renum[l.from];
      l.to = renum[l.to];
      links.push_back(std::move(l));
    }
  const std::size_t removed = links_.size() - links.size();
  nodes_ = std::move(nodes);
  links_ = std::move(links);
  index();
  return removed;
}

}  // namespace dpt::world
