#pragma once
// Traffic demand as read from SUMO routes files (.rou.xml): vehicle types, routes, vehicles,
// trips and flows (doc page "Definition of Vehicles, Vehicle Types, and Routes"). Edges are kept
// as ids: the network resolves them when the simulation is built. Times are SUMO's seconds held
// as dpt::Duration from the simulation's time 0 (SUMO itself keeps milliseconds).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/time.h"
#include "dpt/sim/traffic/vehicle_type.h"

namespace dpt::sim::traffic {

// departLane: a lane index or one of SUMO's keywords. SUMO's default is "first" (lane 0 or the
// rightmost lane the vehicle may use).
struct DepartLane {
  enum class Kind : std::uint8_t { given, first, random, free, allowed, best } kind = Kind::first;
  int index = 0;  // for `given`
};
// departPos: metres from the start of the first edge or a keyword. Default "base": the vehicle's
// rear at the edge start.
struct DepartPos {
  enum class Kind : std::uint8_t { given, base, random, free, random_free, last } kind = Kind::base;
  double value = 0.0;  // for `given`; negative counts from the edge's end as in SUMO
};
// departSpeed: m/s or a keyword. Default 0.
struct DepartSpeed {
  enum class Kind : std::uint8_t { given, random, max, desired, speed_limit, last, avg } kind = Kind::given;
  double value = 0.0;
};
// arrivalPos: metres on the last edge or a keyword. Default "max": the end of the last edge.
struct ArrivalPos {
  enum class Kind : std::uint8_t { given, max, random } kind = Kind::max;
  double value = 0.0;
};
struct DepartAttrs {
  DepartLane lane;
  DepartPos pos;
  DepartSpeed speed;
  ArrivalPos arrival_pos;
};

// SUMO's type for vehicles without a `type`: a passenger car (SUMO runs it with Krauss unless
// --carfollow.model says otherwise).
inline constexpr std::string_view kDefaultVehicleTypeId = "DEFAULT_VEHTYPE";

struct VTypeDef {
  VehicleType type;
  std::string car_follow_model_name;  // as written ("IDM", "Krauss", ...; "" = SUMO's default)
  bool implicit = false;              // DEFAULT_VEHTYPE added by the reader, not in the file
  int line = 0;
};

struct RouteDef {
  std::string id;  // embedded routes get SUMO's name "!<vehicle id>"
  std::vector<std::string> edges;
  int line = 0;
};

struct VehicleDef {
  std::string id;
  int type = 0;   // index into Demand::vtypes
  int route = 0;  // index into Demand::routes
  Duration depart;
  DepartAttrs attrs;
  int line = 0;
  int file = 0;   // index into Demand::files
};

// A trip: origin and destination edges (optionally via some edges); the simulation routes it.
struct TripDef {
  std::string id;
  int type = 0;
  Duration depart;
  std::string from;
  std::string to;
  std::vector<std::string> via;
  DepartAttrs attrs;
  int line = 0;
  int file = 0;
};

// A flow (SUMO doc, section "Repeated vehicles (Flows)"): vehicles `id.0`, `id.1`, ... from
// `begin`, either every `period` (period or vehsPerHour; `number` many, or until `end`) or, with
// a probability, one in each simulation step with probability p * step length.
struct FlowDef {
  std::string id;
  int type = 0;
  Duration begin;
  Duration end;                // exclusive
  Duration period{0};          // > 0 for evenly spaced flows (SUMO's repetitionOffset, whole ms)
  double probability = 0.0;    // > 0 for random flows (per second)
  std::int64_t number = -1;    // vehicles to emit; -1 = until `end` (probability flows)
  int route = -1;              // index into Demand::routes, or -1 for a from/to flow
  std::string from;
  std::string to;
  std::vector<std::string> via;
  DepartAttrs attrs;
  int line = 0;
  int file = 0;
};

struct Demand {
  std::string file;                // the (first) file read
  std::vector<std::string> files;  // every file read, in order (VehicleDef::file etc. index it)
  std::vector<VTypeDef> vtypes;  // vtypes[0] is always DEFAULT_VEHTYPE
  std::vector<RouteDef> routes;
  std::vector<VehicleDef> vehicles;
  std::vector<TripDef> trips;
  std::vector<FlowDef> flows;

  int find_vtype(std::string_view id) const;  // -1 when absent
  int find_route(std::string_view id) const;
};

// A demand with only DEFAULT_VEHTYPE in it.
Demand make_empty_demand();

// One vehicle to insert: a vehicle, a trip, or one member of a flow.
struct Departure {
  std::string id;           // the vehicle's id (flows: "<flow id>.<n>")
  Duration depart;          // desired departure (SUMO inserts at the first step at or after it)
  int type = 0;             // index into Demand::vtypes
  int route = -1;           // index into Demand::routes, or -1 when it must be routed
  int trip = -1;            // index into Demand::trips when from a trip
  int flow = -1;            // index into Demand::flows when from a flow
  DepartAttrs attrs;
};

// Every vehicle, trip and flow member up to `until` (exclusive; flows without an end stop
// there), sorted by departure time as SUMO inserts them: by time, then in file order (files in the order read; a flow's
// members keep their flow's place). Probability flows draw from a counter-based generator keyed by
// (seed, flow index, step): deterministic, but not SUMO's random numbers. `step_length` is
// SUMO's --step-length (probability flows test once per step).
std::vector<Departure> expand_demand(const Demand& d, std::uint64_t seed, Duration step_length,
                                     Duration until);
// Only the flows' members, same rules.
std::vector<Departure> expand_flows(const Demand& d, std::uint64_t seed, Duration step_length,
                                    Duration until);

}  // namespace dpt::sim::traffic
