// An arrival → SUMO's tripinfo record (trip_record.h).
#include "dpt/sim/traffic/trip_record.h"

namespace dpt::sim::traffic {

TripInfo trip_info_of(const TrafficModel& m, const Arrival& a) {
  const ModelVehicle& mv = m.vehicles[a.vehicle];
  TripInfo t;
  t.id = mv.id;
  t.depart = a.depart_s;
  t.depart_lane = m.net.lane_id(a.depart_lane);
  t.depart_pos = a.depart_pos;
  t.depart_speed = a.depart_speed;
  t.depart_delay = a.depart_s - mv.depart_s;
  t.arrival = a.arrival_s;
  t.arrival_lane = m.net.lane_id(a.arrival_lane);
  t.arrival_pos = m.net.lanes[a.arrival_lane].length_m;  // arrivalPos "max"
  t.arrival_speed = a.arrival_speed;
  t.duration = a.arrival_s - a.depart_s;
  t.route_length = a.route_length_m;
  t.waiting_time = a.waiting_s;
  t.waiting_count = a.waiting_count;
  t.reroute_count = a.reroutes;
  t.time_loss = a.time_loss_s;
  t.vtype = m.types[mv.type].id;
  t.speed_factor = mv.speed_factor;
  return t;
}

}  // namespace dpt::sim::traffic
