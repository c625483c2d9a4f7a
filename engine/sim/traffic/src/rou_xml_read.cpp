// SUMO routes file (.rou.xml) reader; what is read and rejected is listed in rou_xml.h. Two passes
// over the document: vTypes and top-level routes first, so that vehicles, trips and flows may name
// them wherever they stand in the file; then the vehicles, trips and flows.
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "dpt/sim/traffic/rou_xml.h"
#include "rou_xml_attrs.h"

namespace dpt::sim::traffic {

namespace {

using rou_detail::AttrReader;

class RouReader {
 public:
  // Continues `base` (the files read before this one).
  RouReader(const AttrReader& r, Demand base) : r_(r), demand_(std::move(base)) {
    file_ = static_cast<int>(demand_.files.size());
    demand_.files.push_back(r_.file());
    if (demand_.file.empty()) demand_.file = r_.file();
    for (std::size_t i = 0; i < demand_.vtypes.size(); ++i) vtype_index_[demand_.vtypes[i].type.id] = static_cast<int>(i);
    for (std::size_t i = 0; i < demand_.routes.size(); ++i)
      if (demand_.routes[i].id[0] != '!') route_index_[demand_.routes[i].id] = static_cast<int>(i);
    for (const auto& v : demand_.vehicles) ids_.insert(v.id);
    for (const auto& t : demand_.trips) ids_.insert(t.id);
    for (const auto& f : demand_.flows) ids_.insert(f.id);
  }

  void read(const pugi::xml_node& root) {
    for (const pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view tag = n.name();
      if (tag == "vType") read_vtype(n);
      else if (tag == "route") read_route(n, "");
    }
    for (const pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view tag = n.name();
      if (tag == "vType" || tag == "route") continue;
      if (tag == "vehicle") read_vehicle(n);
      else if (tag == "trip") read_trip(n);
      else if (tag == "flow") read_flow(n);
      else if (tag == "param" || tag == "include") continue;
      else if (tag == "interval")
        r_.error(n, "<interval> is not supported yet (expected vehicles, trips and flows at top level)");
      else
        r_.error(n, "<" + std::string(tag) + "> is not supported yet (expected vType, route, vehicle, trip or flow)");
    }
  }

  Demand take() { return std::move(demand_); }

 private:
  // ---- vType ------------------------------------------------------------------------------
  void read_vtype(const pugi::xml_node& n) {
    const char* id = r_.required(n, "id");
    if (!id) return;
    VTypeDef def = rou_detail::read_vtype_element(r_, n, id);
    if (const auto it = vtype_index_.find(id); it != vtype_index_.end()) {
      const int existing = it->second;
      if (demand_.vtypes[static_cast<std::size_t>(existing)].implicit) {
        demand_.vtypes[static_cast<std::size_t>(existing)] = std::move(def);  // redefines the default
      } else {
        r_.error(n, AttrReader::describe(n) + ": duplicate vType id");
      }
      return;
    }
    vtype_index_.emplace(id, static_cast<int>(demand_.vtypes.size()));
    demand_.vtypes.push_back(std::move(def));
  }

  // ---- routes -----------------------------------------------------------------------------
  // A route element; `owner` is the vehicle / flow id for an embedded route. Returns its index
  // or -1.
  int read_route(const pugi::xml_node& n, const std::string& owner) {
    RouteDef route;
    route.line = r_.line(n);
    if (owner.empty()) {
      const char* id = r_.required(n, "id");
      if (!id) return -1;
      route.id = id;
    } else {
      route.id = "!" + owner;  // SUMO's name for an embedded route
    }
    if (AttrReader::get(n, "repeat") && std::string_view(AttrReader::get(n, "repeat")) != "0") {
      r_.error(n, AttrReader::describe(n) + ": attribute 'repeat' is not supported yet");
      return -1;
    }
    const char* edges = AttrReader::get(n, "edges");
    route.edges = AttrReader::split_ids(edges ? edges : "");
    if (route.edges.empty()) {
      r_.error(n, AttrReader::describe(n) + ": route has no edges (expected edges=\"e1 e2 ...\")");
      return -1;
    }
    if (owner.empty() && !route_index_.emplace(route.id, static_cast<int>(demand_.routes.size())).second) {
      r_.error(n, AttrReader::describe(n) + ": duplicate route id");
      return -1;
    }
    demand_.routes.push_back(std::move(route));
    return static_cast<int>(demand_.routes.size()) - 1;
  }

  // The route of a vehicle or flow: attribute `route` or one nested <route>. -2 when it has
  // neither (the caller may look for from/to), -1 on error.
  int route_of(const pugi::xml_node& n, const std::string& id) {
    const char* ref = AttrReader::get(n, "route");
    const pugi::xml_node nested = n.child("route");
    if (ref && nested) {
      r_.error(n, AttrReader::describe(n) + ": both a route attribute and a nested <route>");
      return -1;
    }
    if (nested) return read_route(nested, id);
    if (!ref) return -2;
    const auto it = route_index_.find(ref);
    const int r = it == route_index_.end() ? -1 : it->second;
    if (r < 0) r_.error(n, AttrReader::describe(n) + ": unknown route '" + ref + "' (expected the id of a <route>)");
    return r;
  }

  int type_of(const pugi::xml_node& n) {
    const char* type = AttrReader::get(n, "type");
    if (!type) return 0;  // DEFAULT_VEHTYPE
    const auto it = vtype_index_.find(type);
    const int t = it == vtype_index_.end() ? -1 : it->second;
    if (t < 0) r_.error(n, AttrReader::describe(n) + ": unknown vType '" + type + "' (expected the id of a <vType>)");
    return t;
  }

  bool new_id(const pugi::xml_node& n, const char* id) {
    if (ids_.insert(id).second) return true;
    r_.error(n, AttrReader::describe(n) + ": duplicate vehicle id '" + id + "'");
    return false;
  }

  // depart="12.5"; SUMO's keywords are rejected; negative times too.
  bool depart_of(const pugi::xml_node& n, const char* attr, Duration& out) {
    const char* v = AttrReader::get(n, attr);
    if (!v) {
      if (std::string_view(attr) == "begin") return true;  // flows default to 0
      r_.error(n, AttrReader::describe(n) + ": missing attribute '" + attr + "'");
      return false;
    }
    const std::string_view s = v;
    if (s == "triggered" || s == "containerTriggered" || s == "now" || s == "split" || s == "begin") {
      r_.error(n, AttrReader::describe(n) + ": " + attr + "=\"" + std::string(s) +
                      "\" is not supported yet (expected a time in seconds)");
      return false;
    }
    if (!r_.time(n, attr, out)) return false;
    if (out.us < 0) {
      r_.error(n, AttrReader::describe(n) + ": " + attr + " must be >= 0, got '" + std::string(s) + "'");
      return false;
    }
    return true;
  }

  bool no_taz(const pugi::xml_node& n) {
    if (AttrReader::get(n, "fromTaz") || AttrReader::get(n, "toTaz") || AttrReader::get(n, "fromJunction") ||
        AttrReader::get(n, "toJunction")) {
      r_.error(n, AttrReader::describe(n) + ": fromTaz / toTaz / fromJunction / toJunction are not supported yet "
                                            "(expected from and to edges)");
      return false;
    }
    return true;
  }

  // ---- vehicles, trips, flows ---------------------------------------------------------------
  void read_vehicle(const pugi::xml_node& n) {
    const char* id = r_.required(n, "id");
    if (!id || !new_id(n, id)) return;
    if (!AttrReader::get(n, "route") && !n.child("route")) {
      if (AttrReader::get(n, "from") && AttrReader::get(n, "to")) {  // a vehicle written like a trip
        read_trip(n, true);
        return;
      }
      r_.error(n, AttrReader::describe(n) + ": no route (expected a route attribute or a nested <route edges=...>)");
      return;
    }
    VehicleDef v;
    v.id = id;
    v.line = r_.line(n);
    v.file = file_;
    v.type = type_of(n);
    const bool depart_ok = depart_of(n, "depart", v.depart);
    r_.depart_attrs(n, v.attrs);
    const int route = route_of(n, v.id);
    if (route < 0 || v.type < 0 || !depart_ok) return;
    v.route = route;
    demand_.vehicles.push_back(std::move(v));
  }

  void read_trip(const pugi::xml_node& n, bool id_checked = false) {
    const char* id = r_.required(n, "id");
    if (!id || (!id_checked && !new_id(n, id))) return;
    TripDef t;
    t.id = id;
    t.line = r_.line(n);
    t.file = file_;
    t.type = type_of(n);
    const bool depart_ok = depart_of(n, "depart", t.depart);
    r_.depart_attrs(n, t.attrs);
    if (!no_taz(n)) return;
    const char* from = r_.required(n, "from");
    const char* to = r_.required(n, "to");
    if (!from || !to || t.type < 0 || !depart_ok) return;
    t.from = from;
    t.to = to;
    if (const char* via = AttrReader::get(n, "via")) t.via = AttrReader::split_ids(via);
    demand_.trips.push_back(std::move(t));
  }

  // A flow; the rules of SUMO's flow parser (SUMOVehicleParserHelper::parseFlowAttributes,
  // SUMO 1.15): at most one of vehsPerHour / period / probability; with one of them at most one of
  // end / number; without any, number is required and the vehicles are spread evenly over
  // [begin, end). An absent end means 24 h after begin (SUMO warns), unless number and a rate fix it.
  void read_flow(const pugi::xml_node& n) {
    const char* id = r_.required(n, "id");
    if (!id || !new_id(n, id)) return;
    FlowDef f;
    f.id = id;
    f.line = r_.line(n);
    f.file = file_;
    f.type = type_of(n);
    bool ok = f.type >= 0;
    ok = depart_of(n, "begin", f.begin) && ok;
    r_.depart_attrs(n, f.attrs);
    const char* period = AttrReader::get(n, "period");
    const char* vph_name = AttrReader::get(n, "vehsPerHour") ? "vehsPerHour" : "perHour";
    const bool has_vph = AttrReader::get(n, vph_name) != nullptr;
    const bool has_prob = AttrReader::get(n, "probability") != nullptr;
    const bool has_number = AttrReader::get(n, "number") != nullptr;
    const bool has_end = AttrReader::get(n, "end") != nullptr;
    const int rates = (period ? 1 : 0) + (has_vph ? 1 : 0) + (has_prob ? 1 : 0);
    const std::string what = AttrReader::describe(n);
    if (rates > 1) {
      r_.error(n, what + ": at most one of vehsPerHour, period and probability may be given");
      return;
    }
    if (rates == 1 && has_end && has_number) {
      r_.error(n, what + ": with a rate, at most one of end and number may be given");
      return;
    }
    if (rates == 0 && !has_number) {
      r_.error(n, what + ": expected one of vehsPerHour, period, probability or number");
      return;
    }
    if (period) {
      if (std::string_view(period).substr(0, 4) == "exp(") {
        r_.error(n, what + ": period=\"exp(...)\" (Poisson arrivals) is not supported yet");
        ok = false;
      } else if (r_.time(n, "period", f.period) && f.period.us <= 0) {
        r_.error(n, what + ": period must be > 0");
        ok = false;
      }
    }
    if (has_vph) {
      double vph = 0.0;
      if (r_.positive(n, vph_name, vph)) f.period = rou_detail::sumo_ms(3600.0 / vph);
      else ok = false;
    }
    if (has_prob) {
      if (r_.number(n, "probability", f.probability) && (f.probability <= 0.0 || f.probability > 1.0)) {
        r_.error(n, what + ": probability must be in (0, 1]");
        ok = false;
      }
    }
    f.end = f.begin + Duration::hours(24);
    if (has_end) {
      ok = r_.time(n, "end", f.end) && ok;
      if (ok && f.end < f.begin) {
        r_.error(n, what + ": end lies before begin");
        ok = false;
      }
    }
    if (has_number) {
      ok = r_.count(n, "number", f.number) && ok;
      if (ok && f.number > 0) {
        if (f.period.us <= 0) {
          // Spread evenly over [begin, end): SUMO divides whole milliseconds.
          const std::int64_t ms = (f.end - f.begin).us / 1000 / f.number;
          f.period = Duration::micros(ms * 1000);
          if (ms <= 0 && !has_prob) {
            r_.error(n, what + ": number is larger than the milliseconds between begin and end");
            ok = false;
          }
        }
        f.end = f.begin + f.period * f.number;
        if (has_prob) f.period = Duration{0};
      }
    } else if (!has_prob && f.period.us > 0) {
      const double span = static_cast<double>((f.end - f.begin).us);
      f.number = static_cast<std::int64_t>(std::ceil(span / static_cast<double>(f.period.us)));
    }
    const int route = route_of(n, f.id);
    if (route == -2) {
      if (!no_taz(n)) return;
      const char* from = r_.required(n, "from");
      const char* to = r_.required(n, "to");
      if (!from || !to) return;
      f.from = from;
      f.to = to;
      if (const char* via = AttrReader::get(n, "via")) f.via = AttrReader::split_ids(via);
    } else if (route < 0) {
      return;
    } else {
      f.route = route;
    }
    if (ok) demand_.flows.push_back(std::move(f));
  }

  const AttrReader& r_;
  Demand demand_;
  std::unordered_set<std::string> ids_;
  // Look-ups while reading (Demand::find_* are linear; a file may hold 10^5 routes).
  std::unordered_map<std::string, int> vtype_index_;
  int file_ = 0;
  std::unordered_map<std::string, int> route_index_;
};

Result<Demand> read_more_rou_xml(std::string_view xml, std::string_view file_name, Demand base) {
  const std::string file(file_name);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  const rou_detail::LineIndex lines(xml);
  if (!parsed) {
    return Result<Demand>::failure(SourceLoc{file, lines.line_of(parsed.offset), 0},
                                   std::string("not well-formed XML: ") + parsed.description());
  }
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "routes" && std::string_view(root.name()) != "additional") {
    return Result<Demand>::failure(SourceLoc{file, lines.line_of(root.offset_debug()), 0},
                                   "root element <" + std::string(root.name()) + "> (expected <routes>)");
  }
  ErrorList errors;
  const AttrReader attrs(file, lines, errors);
  RouReader reader(attrs, std::move(base));
  reader.read(root);
  if (!errors.empty()) {
    errors.sort_by_location();
    return errors;
  }
  return reader.take();
}

Result<Demand> read_more_rou_xml_file(const std::filesystem::path& path, Demand base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<Demand>::failure(SourceLoc{path.string(), 0, 0}, "cannot open the routes file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return read_more_rou_xml(buffer.str(), path.string(), std::move(base));
}

}  // namespace

Result<Demand> read_rou_xml_string(std::string_view xml, std::string_view file_name) {
  return read_more_rou_xml(xml, file_name, make_empty_demand());
}

Result<Demand> read_rou_xml(const std::filesystem::path& path) {
  return read_more_rou_xml_file(path, make_empty_demand());
}

Result<Demand> read_rou_xml_files(const std::vector<std::filesystem::path>& paths) {
  Demand d = make_empty_demand();
  for (const auto& p : paths) {
    auto r = read_more_rou_xml_file(p, std::move(d));
    if (!r) return r;
    d = std::move(*r);
  }
  return d;
}

}  // namespace dpt::sim::traffic
