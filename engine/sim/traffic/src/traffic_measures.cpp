// Incidents and measures (traffic_measures.h): applying the traffic.* commands to the State's list
// of measures, ending them on time, and deriving each lane's conditions from them.
#include "dpt/sim/traffic/traffic_measures.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/core/rng.h"

namespace dpt::sim::traffic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kServiceStream = 0x7A20;  // CounterRng stream of checkpoint service draws

bool on_lane(const Measure& ms, std::uint32_t lane_index) { return lane_index < 64 && ((ms.lanes >> lane_index) & 1U) != 0; }

// Removes the lanes `lanes` of `edge` from the measures of `kind` there (dropping those left with no
// lane); true when any changed.
bool remove_lanes(TrafficState& s, MeasureKind kind, std::uint32_t edge, std::uint64_t lanes) {
  bool changed = false;
  for (Measure& ms : s.measures)
    if (ms.kind == kind && ms.edge == edge && (ms.lanes & lanes) != 0) {
      ms.lanes &= ~lanes;
      changed = true;
    }
  std::erase_if(s.measures, [](const Measure& ms) { return ms.lanes == 0; });
  return changed;
}

// A vehicle being served at a checkpoint that no longer exists is released.
void release_orphaned_service(TrafficState& s) {
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    if (s.service_left[i] < 0.0) continue;
    const std::uint32_t cp = s.lane_checkpoint[s.lane[i]];
    if (cp == kNone) s.service_left[i] = -1.0;
  }
}

// Whether a measure can make an edge impassable (traffic_reroute.h reroutes around those).
bool blocks(const Measure& x) { return x.kind == MeasureKind::closure || x.kind == MeasureKind::obstruction; }

// Removes the measures `pred` selects; when one of them could block an edge, every vehicle
// re-plans at the next step (traffic_reroute.h). Returns how many were removed.
template <class Pred>
std::size_t remove_measures(TrafficState& s, Pred pred) {
  bool reopened = false;
  const std::size_t removed = std::erase_if(s.measures, [&](const Measure& x) {
    const bool gone = pred(x);
    reopened = reopened || (gone && blocks(x));
    return gone;
  });
  if (reopened) s.closures_changed = kRerouteAll;
  return removed;
}

}  // namespace

void apply_traffic_command(const TrafficModel& m, TrafficState& s, const TrafficCommand& c) {
  const Edge& e = m.net.edges[c.edge];
  const std::uint64_t all = e.lanes.count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << e.lanes.count) - 1;
  const std::uint64_t lanes = c.lanes & all;
  Measure ms;
  ms.id = s.next_measure_id;
  ms.edge = c.edge;
  ms.lanes = lanes;
  ms.end_s = c.duration_s > 0.0 ? s.time_s + c.duration_s : kInf;
  switch (c.verb) {
    case CommandVerb::close:
      ms.kind = MeasureKind::closure;
      break;
    case CommandVerb::open:
      remove_lanes(s, MeasureKind::closure, c.edge, lanes);
      s.closures_changed = kRerouteAll;
      derive_lane_conditions(m, s);
      return;
    case CommandVerb::accident:
      ms.kind = MeasureKind::obstruction;
      ms.pos_m = c.pos_m;
      break;
    case CommandVerb::speed_limit:
      remove_lanes(s, MeasureKind::speed_limit, c.edge, lanes);
      ms.kind = MeasureKind::speed_limit;
      ms.speed_mps = c.speed_mps;
      break;
    case CommandVerb::checkpoint:
      remove_lanes(s, MeasureKind::checkpoint, c.edge, lanes);
      ms.kind = MeasureKind::checkpoint;
      ms.pos_m = c.pos_m;
      ms.service_mean_s = c.service_mean_s;
      ms.service_sd_s = c.service_sd_s;
      ms.distribution = c.distribution;
      break;
    case CommandVerb::reversible:
      for (std::size_t p = 0; p < m.reversible.size(); ++p)
        for (std::uint8_t side = 0; side < 2; ++side)
          if (m.net.lanes[m.reversible[p].lane[side]].edge == c.edge) s.reversible_side[p] = side;
      s.closures_changed = std::max(s.closures_changed, kRerouteBlocked);
      derive_lane_conditions(m, s);
      release_orphaned_service(s);
      return;
    case CommandVerb::clear:
      remove_measures(s, [&](const Measure& x) { return x.edge == c.edge; });
      derive_lane_conditions(m, s);
      release_orphaned_service(s);
      return;
  }
  ++s.next_measure_id;
  s.measures.push_back(ms);
  if (blocks(ms)) s.closures_changed = std::max(s.closures_changed, kRerouteBlocked);
  derive_lane_conditions(m, s);
  release_orphaned_service(s);
}

void end_expired_measures(const TrafficModel& m, TrafficState& s) {
  const double now = s.time_s + 1e-9;
  if (remove_measures(s, [&](const Measure& x) { return x.end_s <= now; }) == 0) return;
  derive_lane_conditions(m, s);
  release_orphaned_service(s);
}

void derive_lane_conditions(const TrafficModel& m, TrafficState& s) {
  const Network& n = m.net;
  const std::size_t lanes = n.lanes.size();
  s.lane_closed.assign(lanes, 0);
  s.lane_speed.resize(lanes);
  for (std::size_t l = 0; l < lanes; ++l) s.lane_speed[l] = n.lanes[l].speed_mps;
  s.lane_block.assign(lanes, kInf);
  s.lane_checkpoint.assign(lanes, kNone);
  for (std::size_t p = 0; p < m.reversible.size(); ++p) s.lane_closed[m.reversible[p].lane[1 - s.reversible_side[p]]] = 1;
  for (std::size_t k = 0; k < s.measures.size(); ++k) {
    const Measure& ms = s.measures[k];
    const Edge& e = n.edges[ms.edge];
    for (std::uint32_t li = 0; li < e.lanes.count; ++li) {
      if (!on_lane(ms, li)) continue;
      const std::uint32_t l = e.lanes.first + li;
      switch (ms.kind) {
        case MeasureKind::closure: s.lane_closed[l] = 1; break;
        case MeasureKind::obstruction: s.lane_block[l] = std::min(s.lane_block[l], ms.pos_m); break;
        case MeasureKind::speed_limit: s.lane_speed[l] = ms.speed_mps; break;
        case MeasureKind::checkpoint: s.lane_checkpoint[l] = static_cast<std::uint32_t>(k); break;
      }
    }
  }
}

bool edge_impassable(const TrafficModel& m, const TrafficState& s, std::uint32_t edge) {
  const Edge& e = m.net.edges[edge];
  for (std::uint32_t l = e.lanes.first; l < e.lanes.end(); ++l)
    if (!s.lane_closed[l] && !std::isfinite(s.lane_block[l])) return false;
  return e.lanes.count > 0;
}

double draw_service_time(const Measure& cp, std::uint64_t seed, std::uint32_t vehicle) {
  const double mean = cp.service_mean_s;
  if (mean <= 0.0) return 0.0;
  CounterRng rng(seed, kServiceStream, cp.id, vehicle);
  switch (cp.distribution) {
    case ServiceDistribution::fixed: return mean;
    case ServiceDistribution::exponential: return -mean * std::log1p(-rng.uniform());
    case ServiceDistribution::lognormal: {
      // ln T ~ N(mu, sigma^2) with E[T] = mean and SD[T] = sd: sigma^2 = ln(1 + sd^2 / mean^2),
      // mu = ln(mean) - sigma^2 / 2 (the lognormal's moments).
      const double cv = cp.service_sd_s / mean;
      const double sigma2 = std::log1p(cv * cv);
      return std::exp(std::log(mean) - 0.5 * sigma2 + std::sqrt(sigma2) * rng.normal());
    }
  }
  return mean;
}

}  // namespace dpt::sim::traffic
