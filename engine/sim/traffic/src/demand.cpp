// Demand look-ups and the expansion of vehicles, trips and flows into one list of departures
// (SUMO doc "Definition of Vehicles, Vehicle Types, and Routes", section "Repeated vehicles
// (Flows)": members are named "<flow id>.<n>", n counting from 0).
#include "dpt/sim/traffic/demand.h"

#include <algorithm>

#include "dpt/core/rng.h"

namespace dpt::sim::traffic {

int Demand::find_vtype(std::string_view id) const {
  for (std::size_t i = 0; i < vtypes.size(); ++i)
    if (vtypes[i].type.id == id) return static_cast<int>(i);
  return -1;
}

int Demand::find_route(std::string_view id) const {
  for (std::size_t i = 0; i < routes.size(); ++i)
    if (routes[i].id == id) return static_cast<int>(i);
  return -1;
}

Demand make_empty_demand() {
  Demand d;
  VTypeDef def;
  def.type = sumo_default_type(VehicleClass::passenger);
  def.type.id = std::string(kDefaultVehicleTypeId);
  def.type.car_follow_model = CarFollowModel::krauss;  // SUMO's default model
  def.implicit = true;
  d.vtypes.push_back(std::move(def));
  return d;
}

namespace {

struct Keyed {
  Departure dep;
  int file;        // which file, then
  int line;        // file order of the defining element
  std::int64_t n;  // member index within a flow
};

void add_flows(const Demand& d, std::uint64_t seed, Duration step, Duration until, std::vector<Keyed>& out) {
  for (std::size_t fi = 0; fi < d.flows.size(); ++fi) {
    const FlowDef& f = d.flows[fi];
    const Duration end = std::min(f.end, until);
    auto emit = [&](std::int64_t n, Duration t) {
      Departure dep;
      dep.id = f.id + "." + std::to_string(n);
      dep.depart = t;
      dep.type = f.type;
      dep.route = f.route;
      dep.flow = static_cast<int>(fi);
      dep.attrs = f.attrs;
      out.push_back(Keyed{std::move(dep), f.file, f.line, n});
    };
    if (f.probability > 0.0) {
      // One Bernoulli trial per simulation step in [begin, end) with probability p * step (SUMO:
      // MSInsertionControl tests each step). Steps are the multiples of the step length.
      if (step.us <= 0) continue;
      const double p = f.probability * step.to_seconds();
      std::int64_t k = (f.begin.us + step.us - 1) / step.us;
      std::int64_t n = 0;
      for (Duration t{k * step.us}; t < end && (f.number < 0 || n < f.number); t = t + step, ++k) {
        CounterRng rng(seed, rng_stream("traffic.flow.probability"), static_cast<std::uint32_t>(fi),
                       static_cast<std::uint32_t>(k));
        if (rng.uniform() < p) emit(n++, t);
      }
    } else if (f.period.us > 0) {
      for (std::int64_t n = 0; n < f.number; ++n) {
        const Duration t = f.begin + f.period * n;
        if (t >= end) break;
        emit(n, t);
      }
    }
  }
}

std::vector<Departure> sorted(std::vector<Keyed>& all) {
  // By time, then file order, then member index: SUMO inserts in departure order, and among equal
  // times in the order it loaded them.
  std::stable_sort(all.begin(), all.end(), [](const Keyed& a, const Keyed& b) {
    if (a.dep.depart != b.dep.depart) return a.dep.depart < b.dep.depart;
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.n < b.n;
  });
  std::vector<Departure> out;
  out.reserve(all.size());
  for (Keyed& k : all) out.push_back(std::move(k.dep));
  return out;
}

}  // namespace

std::vector<Departure> expand_flows(const Demand& d, std::uint64_t seed, Duration step_length, Duration until) {
  std::vector<Keyed> all;
  add_flows(d, seed, step_length, until, all);
  return sorted(all);
}

std::vector<Departure> expand_demand(const Demand& d, std::uint64_t seed, Duration step_length, Duration until) {
  std::vector<Keyed> all;
  for (const VehicleDef& v : d.vehicles) {
    if (v.depart >= until) continue;
    Departure dep;
    dep.id = v.id;
    dep.depart = v.depart;
    dep.type = v.type;
    dep.route = v.route;
    dep.attrs = v.attrs;
    all.push_back(Keyed{std::move(dep), v.file, v.line, 0});
  }
  for (std::size_t i = 0; i < d.trips.size(); ++i) {
    const TripDef& t = d.trips[i];
    if (t.depart >= until) continue;
    Departure dep;
    dep.id = t.id;
    dep.depart = t.depart;
    dep.type = t.type;
    dep.trip = static_cast<int>(i);
    dep.attrs = t.attrs;
    all.push_back(Keyed{std::move(dep), t.file, t.line, 0});
  }
  add_flows(d, seed, step_length, until, all);
  return sorted(all);
}

}  // namespace dpt::sim::traffic
