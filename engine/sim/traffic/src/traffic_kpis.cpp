// Traffic KPIs (traffic_kpis.h): per-step accumulation over vehicles and lanes, closed into rows
// at each interval boundary.
#include "dpt/sim/traffic/traffic_kpis.h"

#include <algorithm>
#include <cmath>

namespace dpt::sim::traffic {

namespace {
constexpr double kHaltingSpeed = 0.1;  // m/s, SUMO's halting threshold
constexpr double kQueueGap = 10.0;     // m: a halting vehicle further back is not in the queue
}

TrafficKpis::TrafficKpis(const TrafficModel& m, double interval_s)
    : interval_s_(interval_s > 0.0 ? interval_s : 60.0), begin_s_(m.options.begin_s) {
  c_running_ = table_.define("traffic.running", "veh", "vehicles in the network (mean over the interval)");
  c_waiting_ = table_.define("traffic.waiting_to_depart", "veh", "vehicles due that found no room to enter (mean)");
  c_halting_ = table_.define("traffic.halting", "veh", "vehicles slower than 0.1 m/s (mean)");
  c_arrived_ = table_.define("traffic.arrived", "veh", "vehicles that reached their destination in the interval");
  c_travel_ = table_.define("traffic.mean_travel_time", "s", "mean trip duration of the interval's arrivals");
  c_delay_ = table_.define("traffic.mean_delay", "s", "mean time loss of the interval's arrivals");
  c_speed_ = table_.define("traffic.mean_speed", "m/s", "space-mean speed over the network (Edie)");
  const std::size_t edges = m.net.edges.size();
  dist_.assign(edges, 0.0);
  time_.assign(edges, 0.0);
  queue_.assign(edges, 0.0);
  is_touched_.assign(edges, 0);
}

void TrafficKpis::observe(const TrafficModel& m, const TrafficState& s) {
  const double dt = m.options.step_length_s;
  const Network& n = m.net;
  // The step just taken ended at s.time_s; close the intervals it finished first.
  while (s.time_s - dt >= begin_s_ + interval_s_ - 1e-9) close_interval(m, s, begin_s_ + interval_s_);
  std::size_t halting = 0;
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    const double v = s.speed[i];
    if (v < kHaltingSpeed) ++halting;
    net_dist_ += v * dt;
    net_time_ += dt;
    const std::uint32_t e = n.lanes[s.lane[i]].edge;
    if (n.edges[e].function != EdgeFunction::normal) continue;
    dist_[e] += v * dt;
    time_[e] += dt;
    if (!is_touched_[e]) {
      is_touched_[e] = 1;
      touched_.push_back(e);
    }
  }
  // Queues: walk each occupied lane from its front while vehicles halt.
  for (std::size_t l = 0; l + 1 < s.lane_first.size(); ++l) {
    const std::uint32_t b = s.lane_first[l], end = s.lane_first[l + 1];
    if (b == end) continue;
    const std::uint32_t e = n.lanes[l].edge;
    if (n.edges[e].function != EdgeFunction::normal) continue;
    // A queue starts at the stop line and holds together: each halting vehicle within kQueueGap
    // of the one ahead (or of the lane's end).
    bool queued = false;
    double rear = n.lanes[l].length_m;
    for (std::uint32_t k = b; k < end; ++k) {
      const std::uint32_t j = s.lane_slots[k];
      if (s.speed[j] >= kHaltingSpeed || rear - s.pos[j] > kQueueGap) break;
      queued = true;
      rear = s.pos[j] - m.types[m.vehicles[s.vehicle[j]].type].length;
    }
    if (queued) queue_[e] = std::max(queue_[e], n.lanes[l].length_m - std::max(rear, 0.0));
  }
  for (const Arrival& a : s.arrived) {
    travel_sum_ += a.arrival_s - a.depart_s;
    delay_sum_ += a.time_loss_s;
  }
  arrived_ += s.arrived.size();
  halting_sum_ += static_cast<double>(halting);
  running_sum_ += static_cast<double>(s.vehicle.size());
  waiting_sum_ += static_cast<double>(s.waiting_insert.size());
  ++steps_;
}

void TrafficKpis::finish(const TrafficModel& m, const TrafficState& s) {
  if (steps_ > 0) close_interval(m, s, s.time_s);
}

void TrafficKpis::close_interval(const TrafficModel& m, const TrafficState& /*s*/, double end_s) {
  const double span = end_s - begin_s_;
  table_.begin_row(static_cast<std::int64_t>(std::llround(end_s * 1e6)));
  const double steps = static_cast<double>(std::max<std::uint64_t>(steps_, 1));
  table_.set(c_running_, running_sum_ / steps);
  table_.set(c_waiting_, waiting_sum_ / steps);
  table_.set(c_halting_, halting_sum_ / steps);
  table_.set(c_arrived_, static_cast<double>(arrived_));
  if (arrived_ > 0) {
    table_.set(c_travel_, travel_sum_ / static_cast<double>(arrived_));
    table_.set(c_delay_, delay_sum_ / static_cast<double>(arrived_));
  }
  if (net_time_ > 0.0) table_.set(c_speed_, net_dist_ / net_time_);
  std::sort(touched_.begin(), touched_.end());
  for (std::uint32_t e : touched_) {
    const Edge& ed = m.net.edges[e];
    const double lanes = std::max<double>(ed.lanes.count, 1.0);
    const double area = ed.length_m * span;  // metre-seconds of the window
    EdgeKpi row;
    row.begin_s = begin_s_;
    row.end_s = end_s;
    row.edge = e;
    if (area > 0.0) {
      row.flow_veh_h_lane = dist_[e] / area * 3600.0 / lanes;
      row.density_veh_km_lane = time_[e] / area * 1000.0 / lanes;
    }
    row.speed_mps = time_[e] > 0.0 ? dist_[e] / time_[e] : 0.0;
    row.queue_m = queue_[e];
    row.vehicle_s = time_[e];
    edge_rows_.push_back(row);
    total_vehicle_s_ += time_[e];
    total_vehicle_m_ += dist_[e];
    dist_[e] = time_[e] = queue_[e] = 0.0;
    is_touched_[e] = 0;
  }
  touched_.clear();
  net_dist_ = net_time_ = halting_sum_ = running_sum_ = waiting_sum_ = travel_sum_ = delay_sum_ = 0.0;
  arrived_ = 0;
  steps_ = 0;
  begin_s_ = end_s;
}

}  // namespace dpt::sim::traffic
