// The lanes' occupancy (rebuilt after vehicles moved, changed lanes or were inserted), the
// removal of arrived vehicles, and strategic lane changes: a vehicle whose lane does not lead to
// its route's next edge moves to the neighbouring lane towards one that does, when the gaps there
// are safe.
#include <algorithm>
#include <limits>

#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic::detail {

void rebuild_lanes(const TrafficModel& m, TrafficState& s) {
  const std::size_t lanes = m.net.lanes.size();
  const std::size_t n = s.vehicle.size();
  std::fill(s.lane_first.begin(), s.lane_first.end(), 0U);
  for (std::size_t i = 0; i < n; ++i) ++s.lane_first[s.lane[i] + 1];
  for (std::size_t l = 0; l < lanes; ++l) s.lane_first[l + 1] += s.lane_first[l];
  s.lane_slots.resize(n);
  s.slot_scratch.assign(s.lane_first.begin(), s.lane_first.end() - 1);  // fill cursors
  for (std::size_t i = 0; i < n; ++i) s.lane_slots[s.slot_scratch[s.lane[i]]++] = static_cast<std::uint32_t>(i);
  // Front-most first; equal positions by vehicle index, so that the order is reproducible.
  s.lane_rank.resize(n);
  for (std::size_t l = 0; l < lanes; ++l) {
    const std::uint32_t b = s.lane_first[l], e = s.lane_first[l + 1];
    if (e - b > 1) {
      auto* first = s.lane_slots.data() + b;
      // Nearly sorted from the last step: insertion sort.
      for (std::uint32_t k = 1; k < e - b; ++k) {
        const std::uint32_t x = first[k];
        std::uint32_t j = k;
        while (j > 0) {
          const std::uint32_t y = first[j - 1];
          const bool before = s.pos[x] > s.pos[y] || (s.pos[x] == s.pos[y] && s.vehicle[x] < s.vehicle[y]);
          if (!before) break;
          first[j] = y;
          --j;
        }
        first[j] = x;
      }
    }
    for (std::uint32_t k = b; k < e; ++k) s.lane_rank[s.lane_slots[k]] = k - b;
  }
}

void remove_arrived(TrafficState& s) {
  const std::size_t n = s.vehicle.size();
  std::size_t w = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s.lane[i] == kNone) continue;  // arrived in this step
    if (w != i) {
      s.vehicle[w] = s.vehicle[i];
      s.lane[w] = s.lane[i];
      s.pos[w] = s.pos[i];
      s.speed[w] = s.speed[i];
      s.route_pos[w] = s.route_pos[i];
      s.depart_s[w] = s.depart_s[i];
      s.route_length[w] = s.route_length[i];
      s.waiting[w] = s.waiting[i];
      s.time_loss[w] = s.time_loss[i];
      s.depart_speed[w] = s.depart_speed[i];
      s.depart_lane[w] = s.depart_lane[i];
      s.waiting_count[w] = s.waiting_count[i];
      s.was_waiting[w] = s.was_waiting[i];
      s.will_pass[w] = s.will_pass[i];
    }
    ++w;
  }
  resize_slots(s, w);
}

void resize_slots(TrafficState& s, std::size_t n) {
  s.vehicle.resize(n);
  s.lane.resize(n);
  s.pos.resize(n);
  s.speed.resize(n);
  s.route_pos.resize(n);
  s.depart_s.resize(n);
  s.route_length.resize(n);
  s.waiting.resize(n);
  s.time_loss.resize(n);
  s.depart_speed.resize(n);
  s.depart_lane.resize(n);
  s.waiting_count.resize(n);
  s.was_waiting.resize(n);
  s.will_pass.resize(n);
  s.v_next.resize(n);
  s.approach_conn.resize(n);
  s.approach_arrive.resize(n);
  s.approach_leave.resize(n);
  s.stop_at.resize(n);
  s.lane_rank.resize(n);
  s.arrived_on.resize(n);
}

namespace {
// Whether lane `lane` of the vehicle's current edge leads to the route's next edge.
bool leads_on(const TrafficModel& m, const ModelVehicle& mv, std::uint32_t lane, std::uint32_t rp) {
  std::uint32_t next = kNone;
  return next_on_route(m, mv, lane, rp, next) != kNone;
}

// Safe to be at `pos` on `lane` with speed v: the gaps to the vehicles ahead and behind there.
bool gaps_safe(const TrafficModel& m, const TrafficState& s, std::uint32_t lane, double pos, double len, double v,
               const VehicleType& vt) {
  const std::uint32_t b = s.lane_first[lane], e = s.lane_first[lane + 1];
  for (std::uint32_t k = b; k < e; ++k) {
    const std::uint32_t j = s.lane_slots[k];
    const VehicleType& tj = m.types[m.vehicles[s.vehicle[j]].type];
    const double len_j = tj.length;
    if (s.pos[j] >= pos) {  // ahead
      const double gap = s.pos[j] - len_j - pos;
      if (gap < vt.min_gap + std::max(0.0, v - s.speed[j]) * vt.tau) return false;
    } else {  // behind
      const double gap = pos - len - s.pos[j];
      if (gap < tj.min_gap + std::max(0.0, s.speed[j] - v) * tj.tau) return false;
    }
  }
  return true;
}
}  // namespace

bool strategic_lane_changes(const TrafficModel& m, TrafficState& s) {
  const Network& n = m.net;
  bool changed = false;
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    const std::uint32_t lane = s.lane[i];
    if (is_internal_lane(n, lane)) continue;
    const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
    if (at_route_end(mv, s.route_pos[i]) || leads_on(m, mv, lane, s.route_pos[i])) continue;
    const Edge& e = n.edges[n.lanes[lane].edge];
    // Towards the nearest lane of this edge that leads on.
    int target = -1;
    const int here = static_cast<int>(n.lanes[lane].index);
    for (int d = 1; d < static_cast<int>(e.lanes.count) && target < 0; ++d)
      for (int sgn : {-1, 1}) {
        const int k = here + sgn * d;
        if (k < 0 || k >= static_cast<int>(e.lanes.count)) continue;
        const std::uint32_t cand = e.lanes.first + static_cast<std::uint32_t>(k);
        if ((n.lanes[cand].allowed & mask_of(m.types[mv.type].cls)) == 0) continue;
        if (leads_on(m, mv, cand, s.route_pos[i])) {
          target = k;
          break;
        }
      }
    if (target < 0) continue;
    const std::uint32_t step_to = e.lanes.first + static_cast<std::uint32_t>(here + (target > here ? 1 : -1));
    const VehicleType& vt = m.types[mv.type];
    const double pos = std::min(s.pos[i], n.lanes[step_to].length_m);
    if (!gaps_safe(m, s, step_to, pos, vt.length, s.speed[i], vt)) continue;
    s.lane[i] = step_to;
    s.pos[i] = pos;
    changed = true;
    // Keep the lists right for the next vehicles' checks in this pass.
    rebuild_lanes(m, s);
  }
  return changed;
}

}  // namespace dpt::sim::traffic::detail
