// <vType> elements of a .rou.xml file: SUMO's class defaults (vehicle_type.h), then the
// attributes, then a nested <carFollowing-XXX/> element (doc "Definition of Vehicles, Vehicle
// Types, and Routes", section "Vehicle Types", and "Car-Following-Models").
#include <algorithm>

#include "rou_xml_attrs.h"

namespace dpt::sim::traffic::rou_detail {

namespace {

void read_shape(const AttrReader& r, const pugi::xml_node& n, VehicleType& t) {
  if (AttrReader::get(n, "length")) r.positive(n, "length", t.length);
  if (AttrReader::get(n, "width")) r.positive(n, "width", t.width);
  if (AttrReader::get(n, "minGap")) r.positive(n, "minGap", t.min_gap, true);
  if (AttrReader::get(n, "maxSpeed")) r.positive(n, "maxSpeed", t.max_speed);
  if (const char* sf = AttrReader::get(n, "speedFactor")) {
    if (!parse_speed_factor(sf, t))
      r.error(n, AttrReader::describe(n) + ": speedFactor expected a number > 0 or normc(mean,dev[,min,max]), got '" +
                      sf + "'");
  }
  if (AttrReader::get(n, "speedDev")) r.positive(n, "speedDev", t.speed_dev, true);
}

// LC2013's lcStrategic, lcLookaheadLeft, lcCooperative (vehicle_type.h); others are not read.
void read_lc_params(const AttrReader& r, const pugi::xml_node& n, VehicleType& t) {
  // lcStrategic below 0 (SUMO: no strategic changes ahead of need): only the last metres' look-ahead.
  if (AttrReader::get(n, "lcStrategic") && r.number(n, "lcStrategic", t.lc_strategic))
    t.lc_strategic = std::max(t.lc_strategic, 0.0);
  if (AttrReader::get(n, "lcLookaheadLeft")) r.positive(n, "lcLookaheadLeft", t.lc_lookahead_left);
  if (AttrReader::get(n, "lcCooperative")) {
    r.positive(n, "lcCooperative", t.lc_cooperative, true);
    t.lc_cooperative = std::min(t.lc_cooperative, 1.0);  // SUMO's range is [0, 1]
  }
}

// accel, decel, emergencyDecel, tau, delta, stepping; true when emergencyDecel was given.
bool read_cf_params(const AttrReader& r, const pugi::xml_node& n, VehicleType& t) {
  if (AttrReader::get(n, "accel")) r.positive(n, "accel", t.accel);
  if (AttrReader::get(n, "decel")) r.positive(n, "decel", t.decel);
  if (AttrReader::get(n, "tau")) r.positive(n, "tau", t.tau, true);
  if (AttrReader::get(n, "delta")) r.positive(n, "delta", t.delta);
  if (AttrReader::get(n, "stepping")) r.positive(n, "stepping", t.stepping);
  if (AttrReader::get(n, "minGap")) r.positive(n, "minGap", t.min_gap, true);
  if (AttrReader::get(n, "emergencyDecel")) {
    r.positive(n, "emergencyDecel", t.emergency_decel);
    return true;
  }
  return false;
}

}  // namespace

VTypeDef read_vtype_element(const AttrReader& r, const pugi::xml_node& n, const char* id) {
  VTypeDef def;
  def.line = r.line(n);
  VehicleClass cls = VehicleClass::passenger;
  if (const char* vc = AttrReader::get(n, "vClass")) {
    if (!vehicle_class_from_string(vc, cls))
      r.error(n, AttrReader::describe(n) + ": unknown vClass '" + vc + "' (expected a SUMO vehicle class)");
  }
  // Our tankers and muck trucks are SUMO trucks told apart by the vType id (vehicle_class.h).
  const std::string_view sid = id;
  if (cls == VehicleClass::truck && sid.substr(0, 6) == "hazmat") cls = VehicleClass::hazmat;
  if (cls == VehicleClass::truck && sid.substr(0, 4) == "muck") cls = VehicleClass::muck;
  VehicleType& t = def.type;
  t = sumo_default_type(cls);
  t.id = id;
  read_shape(r, n, t);
  read_lc_params(r, n, t);
  bool emergency_given = read_cf_params(r, n, t);
  if (const char* cf = AttrReader::get(n, "carFollowModel")) def.car_follow_model_name = cf;
  // The nested form: <vType ...><carFollowing-IDM accel=".." .../></vType>.
  for (const pugi::xml_node c : n.children()) {
    const std::string_view ctag = c.name();
    if (ctag.substr(0, 13) != "carFollowing-") continue;
    def.car_follow_model_name = std::string(ctag.substr(13));
    emergency_given = read_cf_params(r, c, t) || emergency_given;
  }
  t.car_follow_model = car_follow_model_of(def.car_follow_model_name);
  // SUMO: an unset emergencyDecel is the class default but never below decel.
  if (!emergency_given) t.emergency_decel = std::max(t.emergency_decel, t.decel);
  return def;
}

}  // namespace dpt::sim::traffic::rou_detail
