// The lanes' occupancy (rebuilt after vehicles moved, changed lanes or were inserted), the
// removal of arrived vehicles and the slots' sizes. Lane changes are in step_lane_change.cpp.
#include <algorithm>
#include <limits>

#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic::detail {

void rebuild_lanes(const TrafficModel& m, TrafficState& s) {
  const std::size_t lanes = m.net.lanes.size();
  const std::size_t n = s.vehicle.size();
  // Counting sort by lane. Only the lanes that have vehicles are visited after the prefix sum: a
  // district has tens of thousands of lanes and a few thousand vehicles, and this runs serially.
  std::fill(s.lane_first.begin(), s.lane_first.end(), 0U);
  s.used_lanes.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (s.lane_first[s.lane[i] + 1]++ == 0) s.used_lanes.push_back(s.lane[i]);
  for (std::size_t l = 0; l < lanes; ++l) s.lane_first[l + 1] += s.lane_first[l];
  s.lane_slots.resize(n);
  s.slot_scratch.resize(lanes);
  for (const std::uint32_t l : s.used_lanes) s.slot_scratch[l] = s.lane_first[l];  // fill cursors
  for (std::size_t i = 0; i < n; ++i) s.lane_slots[s.slot_scratch[s.lane[i]]++] = static_cast<std::uint32_t>(i);
  // Front-most first; equal positions by vehicle index, so that the order is reproducible.
  s.lane_rank.resize(n);
  for (const std::uint32_t l : s.used_lanes) {
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
      s.depart_pos[w] = s.depart_pos[i];
      s.depart_lane[w] = s.depart_lane[i];
      s.waiting_count[w] = s.waiting_count[i];
      s.standing_s[w] = s.standing_s[i];
      s.will_pass[w] = s.will_pass[i];
      s.service_left[w] = s.service_left[i];
      s.served_by[w] = s.served_by[i];
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
  s.depart_pos.resize(n);
  s.depart_lane.resize(n);
  s.waiting_count.resize(n);
  s.standing_s.resize(n);
  s.will_pass.resize(n);
  s.service_left.resize(n, -1.0);
  s.served_by.resize(n, kNone);
  s.v_next.resize(n);
  s.approach_conn.resize(n);
  s.approach_arrive.resize(n);
  s.approach_leave.resize(n);
  s.approach_braking.resize(n);
  s.stop_at.resize(n);
  s.at_checkpoint.resize(n);
  s.lane_rank.resize(n);
  s.arrived_on.resize(n);
  s.here_conn.resize(n);
  s.here_next.resize(n);
}

}  // namespace dpt::sim::traffic::detail
