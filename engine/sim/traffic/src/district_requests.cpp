// Request tables and default signal programs for the district's junctions (district_internal.h).
//
// Conflicts are found by the cyclic order of the roads around the node: think of the junction
// as a circle where each road's arm meets it at its angle. With right-hand traffic a vehicle
// enters on the counter-clockwise side of its arm and leaves on the clockwise side of the arm
// it goes to; its path is the chord between the two points. Two links cross when their chords
// cross (their end points interleave on the circle), and they merge when they end on the same
// lane. Links from the same incoming road conflict only where two of its lanes merge onto one
// lane (a road that loses a lane at the node): the lane that ends there yields to the one that
// leads straight on (the lane whose index the target lane keeps).
//
// Priorities as on SUMO's "priority" junctions (sumo.dlr.de/docs/Networks/PlainXML.html
// #node_types): a link from a minor road yields to the conflicting links of the major road;
// between links of equal rank a left turn (or U-turn) yields to a straight or right-turning
// link, and otherwise the one that has the other on its right yields ("right before left").
#include <cmath>

#include "district_internal.h"

namespace dpt::sim::traffic::district {

namespace {

constexpr double kSide = 1e-4;                     // radians between an arm's exit and entry points
constexpr double kSameDirection = kPi / 18.0;      // 10 degrees: arms this close count as one direction

bool turns_left(LinkDirection d) {
  return d == LinkDirection::left || d == LinkDirection::partial_left || d == LinkDirection::turn;
}

// Whether angle x lies strictly inside the counter-clockwise arc from s to e.
bool inside_arc(double x, double s, double e) {
  const double off = wrap_2pi(x - s);
  return off > 0.0 && off < wrap_2pi(e - s);
}

bool in_conflict(const JunctionLink& a, const JunctionLink& b) {
  if (a.in_link == b.in_link) return a.out_link == b.out_link && a.to_lane_index == b.to_lane_index;
  if (a.out_link == b.out_link) return a.to_lane_index == b.to_lane_index;
  const double a0 = wrap_2pi(a.arm_in + kSide), a1 = wrap_2pi(a.arm_out - kSide);
  const double b0 = wrap_2pi(b.arm_in + kSide), b1 = wrap_2pi(b.arm_out - kSide);
  return inside_arc(b0, a0, a1) != inside_arc(b1, a0, a1);
}

// Whether a (the lower index of the pair) must let b go first; the pair conflicts.
bool first_yields(const JunctionLink& a, const JunctionLink& b) {
  if (a.in_link == b.in_link) {  // a lane drop: the lane further from its target lane yields
    const auto shift = [](const JunctionLink& l) {
      return l.from_lane_index > l.to_lane_index ? l.from_lane_index - l.to_lane_index : l.to_lane_index - l.from_lane_index;
    };
    return shift(a) != shift(b) ? shift(a) > shift(b) : a.from_lane_index > b.from_lane_index;
  }
  if (a.major != b.major) return b.major;
  const bool la = turns_left(a.dir), lb = turns_left(b.dir);
  if (la != lb) return la;
  // Right before left: a vehicle's right-hand side is 90 degrees counter-clockwise of its arm
  // (it drives towards the node, against the arm's direction).
  const double d = wrap_2pi(b.arm_in - a.arm_in);
  if (d > kSameDirection && d < kPi - kSameDirection) return true;
  if (d > kPi + kSameDirection && d < 2.0 * kPi - kSameDirection) return false;
  return false;  // head-on or side by side with equal rights: the later link yields
}

}  // namespace

void compute_requests(std::span<const JunctionLink> links, std::vector<std::uint8_t>& foe,
                      std::vector<std::uint8_t>& yields) {
  const std::size_t n = links.size();
  foe.assign(n * n, 0);
  yields.assign(n * n, 0);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      if (!in_conflict(links[a], links[b])) continue;
      foe[a * n + b] = foe[b * n + a] = 1;
      if (first_yields(links[a], links[b]))
        yields[a * n + b] = 1;
      else
        yields[b * n + a] = 1;
    }
}

SignalProgram default_signal_program(const std::string& id, std::span<const JunctionLink> links,
                                     std::span<const std::uint8_t> yields, const DistrictNetworkOptions& o) {
  const std::size_t n = links.size();
  SignalProgram p;
  p.id = id;
  p.program_id.assign(1, '0');  // (not = "0": GCC 12 warns falsely on it, -Wrestrict)
  p.type = SignalType::static_;
  p.link_count = static_cast<std::uint32_t>(n);
  for (const bool major_phase : {true, false}) {
    SignalPhase green, yellow;
    green.duration_s = o.green_s;
    yellow.duration_s = o.yellow_s;
    green.state.assign(n, 'r');
    yellow.state.assign(n, 'r');
    for (std::size_t a = 0; a < n; ++a) {
      if (links[a].major != major_phase) continue;
      bool permissive = false;
      for (std::size_t b = 0; b < n; ++b) permissive = permissive || (yields[a * n + b] && links[b].major == major_phase);
      green.state[a] = permissive ? 'g' : 'G';
      yellow.state[a] = 'y';
    }
    p.phases.push_back(std::move(green));
    p.phases.push_back(std::move(yellow));
  }
  return p;
}

}  // namespace dpt::sim::traffic::district
