#pragma once
// A finished trip of the model as SUMO's tripinfo record (tripinfo.h), for `dptwin sumo` and the
// scenario's traffic stage alike. The record's strings point into the model: it must outlive it.
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"
#include "dpt/sim/traffic/tripinfo.h"

namespace dpt::sim::traffic {

TripInfo trip_info_of(const TrafficModel& m, const Arrival& a);

}  // namespace dpt::sim::traffic
