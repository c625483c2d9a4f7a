// The junctions of the district network (district_network.h): per road node its connections
// (which lane goes where), one internal lane per connection, the request table and, where asked,
// a fixed-time signal program. A small part of netconvert's work
// (sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html "Junctions and Right-of-Way").
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "district_internal.h"

namespace dpt::sim::traffic::district {

namespace {

constexpr double kDeg = kPi / 180.0;
constexpr double kStraightMax = 45.0 * kDeg;   // a continuation within 45 degrees can be "straight"
constexpr double kSameArm = 20.0 * kDeg;       // an outgoing road this close to the incoming one: its reverse
constexpr double kOppositeMin = 120.0 * kDeg;  // two incoming roads this far apart can form one road
// Turns sharper than this get a turn speed (netconvert leaves small deflections unlimited).
constexpr double kMinLimitedTurn = 15.0 * kDeg;
constexpr int kInternalPoints = 6;
// The turn radius is estimated from the internal lane, which is very short where short links
// meet; below a car's turning circle (about 4-5 m) that estimate says nothing about the turn.
constexpr double kMinTurnRadiusM = 4.0;

// Road ranking for the major road: the class (motorway first), then more lanes, then faster,
// then the lower link index (deterministic).
bool ranks_higher(const LinkInfo& a, std::uint32_t ia, const LinkInfo& b, std::uint32_t ib) {
  if (a.cls != b.cls) return static_cast<int>(a.cls) < static_cast<int>(b.cls);
  if (a.lanes != b.lanes) return a.lanes > b.lanes;
  if (a.speed_mps != b.speed_mps) return a.speed_mps > b.speed_mps;
  return ia < ib;
}

struct Continuation {
  std::uint32_t out = 0;
  double turn = 0.0;  // heading change, radians, positive = to the left
  LinkDirection dir = LinkDirection::straight;
};

// Where an incoming link can go at its end node: every outgoing link but the U-turn back along
// the same road, which is kept only when nothing else leads on (dead ends). Sorted from the
// right-most turn to the left-most, as netconvert lists a lane's connections.
std::vector<Continuation> continuations(const world::RoadNetwork& roads, std::span<const LinkInfo> info,
                                        std::uint32_t in, std::span<const std::uint32_t> outs, bool& kept_u_turn) {
  const world::RoadLink& li = roads.links()[in];
  const double heading_in = info[in].arm_to + kPi;  // driving direction into the node
  std::vector<Continuation> c, u_turns;
  for (const std::uint32_t out : outs) {
    const bool reverse = roads.links()[out].to == li.from &&
                         std::abs(wrap_pi(info[out].arm_from - info[in].arm_to)) < kSameArm;
    const Continuation k{out, wrap_pi(info[out].arm_from - heading_in), LinkDirection::turn};
    (reverse ? u_turns : c).push_back(k);
  }
  kept_u_turn = c.empty() && !u_turns.empty();
  if (c.empty()) return u_turns;
  // The straightest continuation within 45 degrees is "straight"; the others turn left or right,
  // partly (L/R) when within 45 degrees (SUMO's dir values).
  std::size_t straight = c.size();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (std::abs(c[i].turn) < kStraightMax &&
        (straight == c.size() || std::abs(c[i].turn) < std::abs(c[straight].turn)))
      straight = i;
  // The only way on is "straight" whatever the bend (a road that curves through a node): all its
  // lanes lead on and it yields as a through movement.
  if (c.size() == 1) straight = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double t = c[i].turn;
    if (i == straight)
      c[i].dir = LinkDirection::straight;
    else if (t > 0.0)
      c[i].dir = t < kStraightMax ? LinkDirection::partial_left : LinkDirection::left;
    else
      c[i].dir = t > -kStraightMax ? LinkDirection::partial_right : LinkDirection::right;
  }
  std::stable_sort(c.begin(), c.end(), [](const Continuation& a, const Continuation& b) { return a.turn < b.turn; });
  return c;
}

// netconvert's simple default lane use: straight on from every lane (lane i onto lane i, the
// extra lanes merging onto the left-most target), right turns from the right-most lane onto the
// right-most, left turns and U-turns from the left-most onto the left-most. False when lane
// `i` of `n` does not serve this direction. A reversible lane (the left-most, in_rev / out_rev)
// is left out of that layout and then added: a left turn comes from the road's own left-most lane
// onto the target's own left-most lane, and from the reversible lane onto the target's left-most
// lane; so the turn is still there when the reversible lane is closed to this direction.
bool lane_target(LinkDirection dir, int n, int m, int i, bool in_rev, bool out_rev, int& target) {
  switch (dir) {
    case LinkDirection::straight:
      target = std::min(i, m - 1);
      return true;
    case LinkDirection::right:
    case LinkDirection::partial_right:
      target = 0;
      return i == 0;
    default: {  // left, partial left, turn
      const int own_left = m - 1 - (out_rev && m > 1 ? 1 : 0);
      if (in_rev && n > 1 && i == n - 2) {
        target = own_left;
        return true;
      }
      target = in_rev ? m - 1 : own_left;
      return i == n - 1;
    }
  }
}

Point2 heading_at_end(std::span<const Point2> s) {
  const Point2 a = s[s.size() - 2], b = s.back();
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  return len > 0.0 ? Point2{(b.x - a.x) / len, (b.y - a.y) / len} : Point2{1.0, 0.0};
}

Point2 heading_at_start(std::span<const Point2> s) {
  const Point2 a = s[0], b = s[1];
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  return len > 0.0 ? Point2{(b.x - a.x) / len, (b.y - a.y) / len} : Point2{1.0, 0.0};
}

double cross(Point2 a, Point2 b) { return a.x * b.y - a.y * b.x; }

// The internal lane's centre line: a quadratic Bezier from the end of the incoming lane to the
// start of the outgoing one, its control point where the two lanes' directions meet (a straight
// line when they are parallel; a loop ahead of the lane for a U-turn).
std::vector<Point2> internal_shape(Point2 p0, Point2 d0, Point2 p2, Point2 d2) {
  const Point2 d{p2.x - p0.x, p2.y - p0.y};
  const double span = std::hypot(d.x, d.y);
  const double det = cross(d0, d2);
  Point2 c{0.5 * (p0.x + p2.x), 0.5 * (p0.y + p2.y)};
  if (std::abs(det) > 0.05) {
    const double t = cross(d, d2) / det, s = cross(d0, d) / det;
    if (t > 0.0 && s > 0.0 && t < 2.0 * span + 5.0 && s < 2.0 * span + 5.0) c = {p0.x + t * d0.x, p0.y + t * d0.y};
  } else if (d0.x * d2.x + d0.y * d2.y < 0.0) {
    c = {c.x + d0.x * span, c.y + d0.y * span};  // turning back
  }
  std::vector<Point2> pts(kInternalPoints);
  for (int k = 0; k < kInternalPoints; ++k) {
    const double t = static_cast<double>(k) / (kInternalPoints - 1), u = 1.0 - t;
    pts[k] = {u * u * p0.x + 2.0 * u * t * c.x + t * t * p2.x, u * u * p0.y + 2.0 * u * t * c.y + t * t * p2.y};
  }
  return pts;
}

// The speed through a turn: v = sqrt(a_lat * r) with r = arc length / heading change (at least
// kMinTurnRadiusM), capped by both roads' limits (netconvert's junctions.limit-turn-speed,
// sumo.dlr.de/docs/netconvert.html).
double internal_speed(double length, double turn, double v_in, double v_out, double a_lat) {
  double v = std::min(v_in, v_out);
  if (a_lat > 0.0 && std::abs(turn) > kMinLimitedTurn)
    v = std::min(v, std::sqrt(a_lat * std::max(length / std::abs(turn), kMinTurnRadiusM)));
  return v;
}

// The major road at a node: the highest-ranked incoming road and, if there is one, the
// highest-ranked other incoming road roughly opposite it (SUMO's "priority" junction: the two
// best incoming edges that continue each other).
std::vector<bool> major_roads(std::span<const LinkInfo> info, std::span<const std::uint32_t> ins) {
  std::vector<bool> major(ins.size(), false);
  if (ins.empty()) return major;
  std::size_t a = 0;
  for (std::size_t i = 1; i < ins.size(); ++i)
    if (ranks_higher(info[ins[i]], ins[i], info[ins[a]], ins[a])) a = i;
  major[a] = true;
  std::size_t b = ins.size();
  for (std::size_t i = 0; i < ins.size(); ++i) {
    if (i == a || std::abs(wrap_pi(info[ins[i]].arm_to - info[ins[a]].arm_to)) < kOppositeMin) continue;
    if (b == ins.size() || ranks_higher(info[ins[i]], ins[i], info[ins[b]], ins[b])) b = i;
  }
  if (b < ins.size()) major[b] = true;
  return major;
}

// Distinct roads at a node (a two-way road counts once).
std::size_t arm_count(const world::RoadNetwork& roads, std::span<const std::uint32_t> ins,
                      std::span<const std::uint32_t> outs) {
  std::vector<std::uint32_t> others;
  for (const std::uint32_t l : ins) others.push_back(roads.links()[l].from);
  for (const std::uint32_t l : outs) others.push_back(roads.links()[l].to);
  std::sort(others.begin(), others.end());
  return static_cast<std::size_t>(std::unique(others.begin(), others.end()) - others.begin());
}

struct Pending {
  std::uint32_t from_lane = 0, to_lane = 0;
};

// The request rows of a junction with `count` links (response rows, foes rows, the cont row:
// network.h); returns which links yield to some other.
std::vector<bool> add_request_table(Junction& j, std::uint32_t count, const std::vector<std::uint8_t>& foe,
                                    const std::vector<std::uint8_t>& yields, Network& net) {
  j.link_count = count;
  j.words = (count + 63) / 64;
  j.request_offset = static_cast<std::uint32_t>(net.request_words.size());
  net.request_words.resize(net.request_words.size() + (2 * std::size_t{count} + 1) * j.words, 0);
  std::uint64_t* rows = net.request_words.data() + j.request_offset;
  std::vector<bool> yields_any(count, false);
  for (std::uint32_t a = 0; a < count; ++a)
    for (std::uint32_t b = 0; b < count; ++b) {
      const std::uint64_t bit = std::uint64_t{1} << (b & 63U);
      if (yields[a * count + b]) {
        rows[std::size_t{a} * j.words + (b >> 6)] |= bit;
        yields_any[a] = true;
      }
      if (foe[a * count + b]) rows[(std::size_t{count} + a) * j.words + (b >> 6)] |= bit;
    }
  return yields_any;
}

// Signals where at least three roads meet and the major road and the best minor road are both
// of class `min_class` or higher.
bool wants_signal(const world::RoadNetwork& roads, std::span<const std::uint32_t> ins,
                  std::span<const std::uint32_t> outs, const std::vector<bool>& major, world::RoadClass min_class) {
  if (arm_count(roads, ins, outs) < 3) return false;
  int best_major = static_cast<int>(world::RoadClass::other) + 1, best_minor = best_major;
  for (std::size_t a = 0; a < ins.size(); ++a) {
    int& c = major[a] ? best_major : best_minor;
    c = std::min(c, static_cast<int>(roads.links()[ins[a]].cls));
  }
  return best_major <= static_cast<int>(min_class) && best_minor <= static_cast<int>(min_class);
}

// One junction link k of junction `node`: its internal edge of one lane and the two connections,
// incoming lane -> (via the internal lane) -> outgoing lane, and internal lane -> outgoing lane.
void add_link(std::uint32_t node, const std::string& junction_id, std::uint32_t k, Pending p, LinkDirection dir,
              LinkState state, std::uint32_t tl, const DistrictNetworkOptions& o, Network& net) {
  const Lane from = net.lanes[p.from_lane], to = net.lanes[p.to_lane];  // copies: net.lanes grows below
  const std::span<const Point2> fs{net.shape_points.data() + from.shape.first, from.shape.count};
  const std::span<const Point2> ts{net.shape_points.data() + to.shape.first, to.shape.count};
  const Point2 d0 = heading_at_end(fs), d2 = heading_at_start(ts);
  const std::vector<Point2> shape = internal_shape(fs.back(), d0, ts.front(), d2);
  const double length = std::max(polyline_length(shape), 0.1);
  // A kept U-turn turns through 180 degrees whatever the lanes' exact headings say.
  const double turn = dir == LinkDirection::turn ? kPi : wrap_pi(std::atan2(d2.y, d2.x) - std::atan2(d0.y, d0.x));
  const auto edge = static_cast<std::uint32_t>(net.edges.size());
  const auto lane = static_cast<std::uint32_t>(net.lanes.size());
  Edge e;
  e.id = ":" + junction_id + "_" + std::to_string(k);
  e.from_junction = e.to_junction = node;
  e.lanes = {lane, 1};
  e.function = EdgeFunction::internal;
  net.edges.push_back(std::move(e));
  Lane il;
  il.edge = edge;
  il.length_m = length;
  il.speed_mps = internal_speed(length, turn, from.speed_mps, to.speed_mps, o.lateral_accel_mps2);
  il.width_m = from.width_m;
  il.allowed = static_cast<ClassMask>(from.allowed & to.allowed);
  il.shape = {static_cast<std::uint32_t>(net.shape_points.size()), static_cast<std::uint32_t>(shape.size())};
  il.junction = node;
  net.shape_points.insert(net.shape_points.end(), shape.begin(), shape.end());
  net.lanes.push_back(il);
  net.junction_lanes.push_back(lane);
  Connection c;
  c.from_lane = p.from_lane;
  c.to_lane = p.to_lane;
  c.via_lane = lane;
  c.dir = dir;
  c.state = state;
  c.tl = tl;
  c.tl_link = tl != kNone ? k : kNone;
  net.connections.push_back(c);
  Connection inner;
  inner.from_lane = lane;
  inner.to_lane = p.to_lane;
  inner.dir = dir;
  inner.state = LinkState::major;
  net.connections.push_back(inner);
}

}  // namespace

void build_junctions(const world::RoadNetwork& roads, std::span<const LinkInfo> info, const DistrictNetworkOptions& o,
                     Network& net, DistrictNetworkStats& stats) {
  const auto node_count = static_cast<std::uint32_t>(roads.nodes().size());
  const auto& links = roads.links();
  // Incoming links per node (CSR), in link order.
  std::vector<std::uint32_t> in_first(node_count + 1, 0), in_links(links.size());
  for (const world::RoadLink& l : links) ++in_first[l.to + 1];
  for (std::uint32_t n = 0; n < node_count; ++n) in_first[n + 1] += in_first[n];
  {
    std::vector<std::uint32_t> fill(in_first.begin(), in_first.end() - 1);
    for (std::uint32_t i = 0; i < links.size(); ++i) in_links[fill[links[i].to]++] = i;
  }
  net.junctions.reserve(node_count);
  std::vector<JunctionLink> jl;
  std::vector<Pending> pending;
  std::vector<std::uint8_t> foe, yields;
  for (std::uint32_t n = 0; n < node_count; ++n) {
    Junction j;
    j.id = "N" + std::to_string(n);
    j.x = roads.nodes()[n].pos.x;
    j.y = roads.nodes()[n].pos.y;
    const std::span<const std::uint32_t> ins{in_links.data() + in_first[n], in_first[n + 1] - in_first[n]};
    const std::span<const std::uint32_t> outs{roads.out_links().data() + roads.out_begin(n),
                                              roads.out_begin(n + 1) - roads.out_begin(n)};
    j.inc_lanes.first = static_cast<std::uint32_t>(net.junction_lanes.size());
    for (const std::uint32_t in : ins)
      for (std::uint32_t k = 0; k < net.edges[in].lanes.count; ++k)
        net.junction_lanes.push_back(net.edges[in].lanes.first + k);
    j.inc_lanes.count = static_cast<std::uint32_t>(net.junction_lanes.size()) - j.inc_lanes.first;
    if (ins.empty() || outs.empty()) {
      j.type = JunctionType::dead_end;  // nothing passes through: no request table
      j.int_lanes = {static_cast<std::uint32_t>(net.junction_lanes.size()), 0};
      net.junctions.push_back(std::move(j));
      continue;
    }
    // The junction's links, numbered as SUMO numbers them: incoming lanes in order, each lane's
    // connections from right to left.
    const std::vector<bool> major = major_roads(info, ins);
    jl.clear();
    pending.clear();
    for (std::size_t a = 0; a < ins.size(); ++a) {
      const std::uint32_t in = ins[a];
      bool kept = false;
      const std::vector<Continuation> cont = continuations(roads, info, in, outs, kept);
      if (kept) ++stats.kept_u_turns;
      const int nl = links[in].lanes;
      for (int i = 0; i < nl; ++i)
        for (const Continuation& c : cont) {
          int target = 0;
          if (!lane_target(c.dir, nl, links[c.out].lanes, i, info[in].reversible, info[c.out].reversible, target)) continue;
          JunctionLink k;
          k.in_link = in;
          k.out_link = c.out;
          k.to_lane_index = static_cast<std::uint32_t>(target);
          k.from_lane_index = static_cast<std::uint32_t>(i);
          k.dir = c.dir;
          k.arm_in = info[in].arm_to;
          k.arm_out = info[c.out].arm_from;
          k.major = major[a];
          jl.push_back(k);
          pending.push_back({net.edges[in].lanes.first + static_cast<std::uint32_t>(i),
                             net.edges[c.out].lanes.first + static_cast<std::uint32_t>(target)});
        }
    }
    compute_requests(jl, foe, yields);
    const auto count = static_cast<std::uint32_t>(jl.size());
    const std::vector<bool> yields_any = add_request_table(j, count, foe, yields, net);
    std::uint32_t tl = kNone;
    if (o.traffic_lights && wants_signal(roads, ins, outs, major, o.signal_min_class)) {
      tl = static_cast<std::uint32_t>(net.signals.size());
      net.signals.push_back(default_signal_program(j.id, jl, yields, o));
      ++stats.signalised_junctions;
    }
    j.type = tl == kNone ? JunctionType::priority : JunctionType::traffic_light;
    j.int_lanes.first = static_cast<std::uint32_t>(net.junction_lanes.size());
    for (std::uint32_t k = 0; k < count; ++k) {
      const LinkState state = tl != kNone ? LinkState::off_major : (yields_any[k] ? LinkState::minor : LinkState::major);
      add_link(n, j.id, k, pending[k], jl[k].dir, state, tl, o, net);
    }
    j.int_lanes.count = static_cast<std::uint32_t>(net.junction_lanes.size()) - j.int_lanes.first;
    stats.junction_links += count;
    net.junctions.push_back(std::move(j));
  }
}

}  // namespace dpt::sim::traffic::district
