#include "road_synth.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace dapeng {
namespace {

using dpt::world::RoadClass;

// The arterial skeleton between the towns, in the order it is drawn (main roads first, so that
// later roads share their corridors). Names follow the real roads they stand for, approximately.
struct Link {
  const char* from;
  const char* to;
  RoadClass cls;
  const char* name;
};
constexpr Link kSkeleton[] = {
    {"kuichong", "dapeng", RoadClass::primary, "Kuida road"},
    {"dapeng", "nanao", RoadClass::primary, "Nanao road"},
    {"nanao", "xichong", RoadClass::primary, "Nanxi road"},
    {"xichong", "dongchong", RoadClass::secondary, "Xidong road"},
    {"dapeng", "dapeng-fortress", RoadClass::primary, "Pengfei road"},
    {"dapeng-fortress", "baguang", RoadClass::primary, "Baguang road"},
    {"kuichong", "xiyong", RoadClass::secondary, "Xiyong road"},
};

struct UnionFind {
  std::vector<std::uint32_t> p;
  explicit UnionFind(std::size_t n) : p(n) { std::iota(p.begin(), p.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) p[std::max(a, b)] = std::min(a, b);
  }
};

bool line_on_land(const Context& ctx, Local a, Local b) {
  const int n = std::max(2, static_cast<int>(dist(a, b) / 15.0));
  for (int q = 0; q <= n; ++q) {
    const double t = static_cast<double>(q) / n;
    const Local p{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
    if (!ctx.cells.is_land(p) || !ctx.cells.in_district(p)) return false;
  }
  return true;
}

// Straight connectors from each smaller weak component to the nearest node of the largest one.
std::vector<dpt::world::RoadInput> component_connectors(const Context& ctx, const dpt::world::RoadNetwork& net,
                                                        std::size_t& components) {
  const auto& nodes = net.nodes();
  UnionFind uf(nodes.size());
  for (const auto& l : net.links()) uf.join(l.from, l.to);
  std::map<std::uint32_t, std::vector<std::uint32_t>> comps;
  for (std::uint32_t n = 0; n < nodes.size(); ++n) comps[uf.find(n)].push_back(n);
  components = comps.size();
  std::uint32_t main = 0;
  std::size_t best = 0;
  for (const auto& [root, members] : comps)
    if (members.size() > best) {
      best = members.size();
      main = root;
    }
  std::vector<dpt::world::RoadInput> out;
  const auto& main_nodes = comps[main];
  std::int64_t sid = kConnectorIds;
  for (const auto& [root, members] : comps) {
    if (root == main) continue;
    double bd = 1500.0;
    Local a{}, b{};
    for (std::uint32_t m : members)
      for (std::uint32_t q : main_nodes) {
        const double d = dist(nodes[m].pos, nodes[q].pos);
        if (d < bd && line_on_land(ctx, nodes[m].pos, nodes[q].pos)) {
          bd = d;
          a = nodes[m].pos;
          b = nodes[q].pos;
        }
      }
    if (bd >= 1500.0) continue;  // an island of road with no land route: dropped by keep_largest
    dpt::world::RoadInput r;
    r.line = {a, b};
    r.cls = RoadClass::unclassified;
    r.source_id = sid++;
    r.name = "connector";
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

bool is_real_road(std::int64_t source_id) { return source_id >= 0 && source_id < kArterialIds; }

dpt::Result<dpt::world::RoadNetwork> synth_roads(const Context& ctx, const std::vector<std::filesystem::path>& gpx,
                                                 const std::vector<RoadTarget>& targets,
                                                 const std::vector<dpt::geo::Polygon>& keep_out, RoadReport& rep) {
  RoadSketch sketch(100.0);
  auto g = draw_gpx_roads(ctx, gpx, sketch, rep.gpx);
  if (!g) return dpt::Result<dpt::world::RoadNetwork>(g.errors());

  CostGrid grid(ctx, 60.0);
  for (const auto& r : sketch.roads()) grid.mark_road(r.line);
  std::vector<ArterialRequest> req;
  for (const Link& l : kSkeleton) {
    const Settlement* a = ctx.settlement(l.from);
    const Settlement* b = ctx.settlement(l.to);
    if (a && b) req.push_back({a->centre, b->centre, l.cls, l.name});
  }
  // Every settlement (then every target) joins the network drawn so far.
  for (const auto& s : ctx.settlements)
    req.push_back({s.centre, std::nullopt, s.def->town ? RoadClass::secondary : RoadClass::tertiary,
                   std::string(s.def->name) + " road"});
  for (const auto& t : targets) req.push_back({t.p, std::nullopt, t.cls, t.name});
  draw_arterials(ctx, grid, req, kArterialIds, sketch, rep.arterials);
  draw_street_grids(ctx, keep_out, kStreetIds, sketch, rep.streets);

  std::vector<dpt::world::RoadInput> inputs = sketch.finish();
  dpt::world::RoadNetwork net = dpt::world::RoadNetwork::build(inputs, 0.5);
  std::vector<dpt::world::RoadInput> extra = component_connectors(ctx, net, rep.components_before);
  rep.connectors = static_cast<int>(extra.size());
  if (!extra.empty()) {
    inputs.insert(inputs.end(), extra.begin(), extra.end());
    net = dpt::world::RoadNetwork::build(inputs, 0.5);
  }
  rep.links_removed = net.keep_largest_component();
  const auto conn = net.connectivity();
  rep.strong_components = conn.components;
  rep.nodes = net.nodes().size();
  rep.links = net.links().size();
  rep.centreline_km = net.centreline_length_m() / 1000.0;
  rep.total_km = net.total_length_m() / 1000.0;
  // Real km: links of the GPX roads, each direction pair counted once (two-way roads).
  double real_m = 0.0;
  for (const auto& l : net.links())
    if (is_real_road(l.source_id) && l.from < l.to) real_m += l.length_m;
  rep.real_km = real_m / 1000.0;
  return net;
}

}  // namespace dapeng
