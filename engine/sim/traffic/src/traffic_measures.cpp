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
  if (c.junction != kNone) {
    // A junction's signal: a new one replaces the one there; clear ends it.
    remove_measures(s, [&](const Measure& x) { return x.kind == MeasureKind::signal && x.junction == c.junction; });
    if (c.verb == CommandVerb::signal) {
      Measure ms;
      ms.id = s.next_measure_id++;
      ms.kind = MeasureKind::signal;
      ms.edge = kNone;
      ms.lanes = 0;
      ms.junction = c.junction;
      ms.start_s = s.time_s;
      ms.yellow_s = c.yellow_s;
      ms.phase_count = static_cast<std::uint8_t>(c.phase_count);
      ms.phase_roads = c.phase_roads;
      for (std::uint32_t p = 0; p < c.phase_count && p < kMaxSignalPhases; ++p) ms.green_s[p] = static_cast<float>(c.green_s[p]);
      ms.end_s = c.duration_s > 0.0 ? s.time_s + c.duration_s : kInf;
      s.measures.push_back(ms);
    }
    derive_lane_conditions(m, s);
    return;
  }
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
    case CommandVerb::signal:
      return;  // a junction's (above)
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
  s.junction_signal.assign(n.junctions.size(), kNone);
  for (std::size_t p = 0; p < m.reversible.size(); ++p) s.lane_closed[m.reversible[p].lane[1 - s.reversible_side[p]]] = 1;
  for (std::size_t k = 0; k < s.measures.size(); ++k) {
    const Measure& ms = s.measures[k];
    if (ms.kind == MeasureKind::signal) {
      s.junction_signal[ms.junction] = static_cast<std::uint32_t>(k);
      continue;
    }
    const Edge& e = n.edges[ms.edge];
    for (std::uint32_t li = 0; li < e.lanes.count; ++li) {
      if (!on_lane(ms, li)) continue;
      const std::uint32_t l = e.lanes.first + li;
      switch (ms.kind) {
        case MeasureKind::closure: s.lane_closed[l] = 1; break;
        case MeasureKind::obstruction: s.lane_block[l] = std::min(s.lane_block[l], ms.pos_m); break;
        case MeasureKind::speed_limit: s.lane_speed[l] = ms.speed_mps; break;
        case MeasureKind::checkpoint: s.lane_checkpoint[l] = static_cast<std::uint32_t>(k); break;
        case MeasureKind::signal: break;
      }
    }
  }
}

char measure_signal_state(const TrafficModel& m, const Measure& signal, std::uint32_t j, std::uint32_t k, double t_s) {
  const std::uint32_t base = m.junction_link_first[j];
  const std::uint32_t road = m.link_approach[base + k];
  if (road == kNone || road >= kMaxSignalRoads || signal.phase_count == 0) return 'O';
  double cycle = 0.0;
  for (std::uint32_t p = 0; p < signal.phase_count; ++p) cycle += signal.green_s[p] + signal.yellow_s;
  if (!(cycle > 0.0)) return 'O';
  double tc = std::fmod(t_s - signal.start_s, cycle);
  if (tc < 0.0) tc += cycle;
  std::uint32_t p = 0;
  while (p + 1 < signal.phase_count && tc >= signal.green_s[p] + signal.yellow_s) tc -= signal.green_s[p++] + signal.yellow_s;
  const auto roads = [&](std::uint32_t q) { return static_cast<std::uint8_t>(signal.phase_roads >> (8 * q)); };
  const std::uint8_t green = roads(p);
  if (((green >> road) & 1U) == 0) return 'r';
  if (tc >= signal.green_s[p] && ((roads((p + 1) % signal.phase_count) >> road) & 1U) == 0) return 'y';
  // Green: yield where the junction's right of way says so among the roads that have it.
  const Network& n = m.net;
  const std::uint32_t links = n.junctions[j].link_count;
  for (std::uint32_t k2 = 0; k2 < links; ++k2) {
    const std::uint32_t r2 = m.link_approach[base + k2];
    if (r2 != road && r2 < kMaxSignalRoads && ((green >> r2) & 1U) != 0 && n.must_yield(j, k, k2)) return 'g';
  }
  return 'G';
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
