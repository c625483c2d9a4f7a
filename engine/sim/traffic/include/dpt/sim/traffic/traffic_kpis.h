#pragma once
// Traffic KPIs over fixed intervals of simulated time: network-wide series (vehicles in the
// network, waiting to depart, halting, arrivals, mean travel time and delay of the arrivals, mean
// speed) into a sim::KpiTable, and per edge flow, speed, density and queue length.
//
// Flow, density and speed follow Edie's generalised definitions over the space-time window of an
// edge (L metres x T seconds; L. C. Edie, "Discussion of traffic stream measurements and
// definitions", 2nd Int. Symp. on the Theory of Traffic Flow, 1963): flow q = total distance
// driven / (L T), density k = total time spent / (L T), space-mean speed v = q / k. Per lane the
// edge's values are divided by its lanes. Queue length: per lane, from the lane's end back to the
// rear of the last vehicle of the unbroken line of halting vehicles (speed < 0.1 m/s, SUMO's
// halting threshold) that starts at the stop line, each within 10 m of the one ahead (the first
// within 10 m of the lane's end); an edge's queue is its longest lane's, the interval's the largest
// seen at any step.
#include <cstdint>
#include <vector>

#include "dpt/sim/common/kpi.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic {

struct EdgeKpi {
  double begin_s = 0.0;
  double end_s = 0.0;
  std::uint32_t edge = 0;
  double flow_veh_h_lane = 0.0;    // Edie flow per lane
  double density_veh_km_lane = 0.0;
  double speed_mps = 0.0;          // space-mean speed (0 when nobody drove there)
  double queue_m = 0.0;            // longest queue seen in the interval
  double vehicle_s = 0.0;          // time spent on the edge by all vehicles
};

class TrafficKpis {
 public:
  // interval_s > 0: the length of an interval; intervals start at the model's begin time.
  TrafficKpis(const TrafficModel& m, double interval_s);

  // After each step (reads the state after the step; the step's dt is the model's step length).
  void observe(const TrafficModel& m, const TrafficState& s);
  // Closes the last, possibly partial interval (call once at the end).
  void finish(const TrafficModel& m, const TrafficState& s);

  const KpiTable& network() const { return table_; }
  const std::vector<EdgeKpi>& edges() const { return edge_rows_; }  // edges with traffic only

  // Totals since the start.
  double vehicle_seconds() const { return total_vehicle_s_; }
  double vehicle_metres() const { return total_vehicle_m_; }

 private:
  void close_interval(const TrafficModel& m, const TrafficState& s, double end_s);

  double interval_s_;
  double begin_s_;
  KpiTable table_;
  int c_running_, c_waiting_, c_halting_, c_arrived_, c_travel_, c_delay_, c_speed_;
  // Per edge accumulators for the open interval.
  std::vector<double> dist_, time_, queue_;
  std::vector<std::uint32_t> touched_;  // edges with traffic in the open interval
  std::vector<std::uint8_t> is_touched_;
  std::vector<std::uint32_t> lane_queue_scratch_;
  // Network accumulators for the open interval.
  double net_dist_ = 0.0, net_time_ = 0.0, halting_sum_ = 0.0, running_sum_ = 0.0, waiting_sum_ = 0.0;
  double travel_sum_ = 0.0, delay_sum_ = 0.0;
  std::uint64_t arrived_ = 0, steps_ = 0;
  double total_vehicle_s_ = 0.0, total_vehicle_m_ = 0.0;
  std::vector<EdgeKpi> edge_rows_;
};

}  // namespace dpt::sim::traffic
