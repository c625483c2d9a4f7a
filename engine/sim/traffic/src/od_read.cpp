// The OD demand file in TOML (docs/traffic.md "OD matrices"):
//
//   [mix]                      # optional: vehicle types by relative share
//   car = 0.92
//   [[zone]]
//   id = "town"
//   edges = ["e1", "e2"]       # sources and sinks; optional `weights = [2, 1]`
//   sources = { e5 = 2.0 }     # optional, weighted origins only
//   sinks = { e7 = 1.0 }       # optional, weighted destinations only
//   [[profile]]
//   id = "to_beach"
//   start = "0h"               # optional (default 0s), bin = "1h" optional
//   weights = [0, 0, ...]      # one per bin, normalised when used
//   [[matrix]]
//   id = "afternoon"           # optional (default "matrix<N>", N counting from 1)
//   begin = "14h"  end = "16h" # a slice, or: profile = "to_beach"
//   unit = "veh/h"             # default for a slice ("veh": vehicles in the slice); "veh" with a profile
//   factor = 1.0               # optional
//   trips = [["town", "beach", 300], ...]
//
// Cross references (zones, profiles) are checked by validate_od, since zones may also come from
// a SUMO TAZ file. Everything wrong in the file itself is reported at once, with its line.
#include <cmath>
#include <fstream>
#include <sstream>

#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"
#include "dpt/sim/traffic/od_demand.h"

namespace dpt::sim::traffic {
namespace {

bool is_number(const ConfigValue& v) {
  return v.kind == ConfigValue::Kind::integer || v.kind == ConfigValue::Kind::floating;
}
double number_of(const ConfigValue& v) {
  return v.kind == ConfigValue::Kind::integer ? static_cast<double>(v.integer) : v.floating;
}

// `{ edge = weight, ... }` -> zone edges.
void read_weighted_edges(TableReader& r, const char* key, std::vector<ZoneEdge>& out) {
  const ConfigValue* t = r.table(key);
  if (!t) return;
  for (const auto& [edge, w] : t->fields) {
    if (!is_number(w) || !(number_of(w) >= 0.0) || !std::isfinite(number_of(w))) {
      r.error(w.loc, std::string(key) + "." + edge + " in " + r.path() + ": expected a weight (a number >= 0)");
      continue;
    }
    out.push_back(ZoneEdge{edge, number_of(w)});
  }
}

Zone read_zone(const ConfigValue& node, std::size_t n, ErrorList& errors) {
  Zone z;
  z.where = node.loc;
  TableReader r(node, "[[zone]] #" + std::to_string(n + 1), errors);
  z.id = r.string("id", Need::required).value_or("");
  std::vector<std::string> edges;
  if (const ConfigValue* e = r.raw("edges")) {
    if (e->kind != ConfigValue::Kind::array) r.error(e->loc, "'edges' in zone '" + z.id + "' must be an array of edge ids");
    else
      for (const ConfigValue& item : e->items) {
        if (item.kind == ConfigValue::Kind::string) edges.push_back(item.text);
        else r.error(item.loc, "'edges' in zone '" + z.id + "': expected an edge id (a string), not " + a_kind(item.kind));
      }
  }
  std::vector<double> weights(edges.size(), 1.0);
  if (const ConfigValue* w = r.raw("weights")) {
    if (w->kind != ConfigValue::Kind::array || w->items.size() != edges.size()) {
      r.error(w->loc, "'weights' in zone '" + z.id + "' must be an array of " + std::to_string(edges.size()) +
                          " numbers (one per edge)");
    } else {
      for (std::size_t i = 0; i < edges.size(); ++i) {
        const ConfigValue& item = w->items[i];
        if (is_number(item) && number_of(item) >= 0.0 && std::isfinite(number_of(item))) weights[i] = number_of(item);
        else r.error(item.loc, "'weights' in zone '" + z.id + "': expected a number >= 0");
      }
    }
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    z.sources.push_back(ZoneEdge{edges[i], weights[i]});
    z.sinks.push_back(ZoneEdge{edges[i], weights[i]});
  }
  read_weighted_edges(r, "sources", z.sources);
  read_weighted_edges(r, "sinks", z.sinks);
  if (z.sources.empty() && z.sinks.empty())
    r.error(node.loc, "zone '" + z.id + "' has no edges (expected 'edges', 'sources' or 'sinks')");
  r.finish();
  return z;
}

TimeProfile read_profile(const ConfigValue& node, std::size_t n, ErrorList& errors) {
  TimeProfile p;
  p.where = node.loc;
  TableReader r(node, "[[profile]] #" + std::to_string(n + 1), errors);
  p.id = r.string("id", Need::required).value_or("");
  p.start = r.duration("start").value_or(Duration{0});
  p.bin = r.duration("bin").value_or(Duration::hours(1));
  if (const ConfigValue* w = r.raw("weights")) {
    if (w->kind != ConfigValue::Kind::array || w->items.empty()) {
      r.error(w->loc, "'weights' in profile '" + p.id + "' must be an array of numbers (one per bin)");
    } else {
      for (const ConfigValue& item : w->items) {
        if (is_number(item) && number_of(item) >= 0.0 && std::isfinite(number_of(item))) p.weights.push_back(number_of(item));
        else r.error(item.loc, "'weights' in profile '" + p.id + "': expected a number >= 0");
      }
    }
  } else {
    r.error(node.loc, "missing key 'weights' in profile '" + p.id + "' (expected an array of numbers, one per bin)");
  }
  r.finish();
  return p;
}

OdMatrix read_matrix(const ConfigValue& node, std::size_t n, ErrorList& errors) {
  OdMatrix m;
  m.where = node.loc;
  TableReader r(node, "[[matrix]] #" + std::to_string(n + 1), errors);
  m.id = r.string("id").value_or("matrix" + std::to_string(n + 1));
  m.profile = r.string("profile").value_or("");
  const auto begin = r.duration("begin", m.profile.empty() ? Need::required : Need::optional);
  const auto end = r.duration("end", m.profile.empty() ? Need::required : Need::optional);
  if (!m.profile.empty() && (begin || end))
    r.error(node.loc, "matrix '" + m.id + "': give either 'profile' or 'begin' and 'end', not both");
  m.begin = begin.value_or(Duration{0});
  m.end = end.value_or(Duration{0});
  const std::string unit = r.choice("unit", {"veh/h", "veh"}).value_or(m.profile.empty() ? "veh/h" : "veh");
  if (!m.profile.empty() && unit != "veh")
    r.error(node.loc, "matrix '" + m.id + "': with a profile the amounts are vehicles over the profile (unit \"veh\")");
  m.factor = r.number("factor", Need::optional, 0.0, 1e9).value_or(1.0);
  // veh/h over the slice -> vehicles in the slice.
  const double per_amount = unit == "veh/h" ? (m.end - m.begin).to_seconds() / 3600.0 : 1.0;
  const ConfigValue* trips = r.raw("trips");
  if (!trips || trips->kind != ConfigValue::Kind::array) {
    r.error(trips ? trips->loc : node.loc, "matrix '" + m.id + "': expected 'trips = [[\"from zone\", \"to zone\", amount], ...]'");
  } else {
    for (const ConfigValue& cell : trips->items) {
      const bool ok = cell.kind == ConfigValue::Kind::array && cell.items.size() == 3 &&
                      cell.items[0].kind == ConfigValue::Kind::string && cell.items[1].kind == ConfigValue::Kind::string &&
                      is_number(cell.items[2]);
      if (!ok) {
        r.error(cell.loc, "matrix '" + m.id + "': expected a cell [\"from zone\", \"to zone\", amount]");
        continue;
      }
      const double amount = number_of(cell.items[2]);
      if (!(amount >= 0.0) || !std::isfinite(amount)) {
        r.error(cell.items[2].loc, "matrix '" + m.id + "': expected an amount >= 0");
        continue;
      }
      m.cells.push_back(OdCell{cell.items[0].text, cell.items[1].text, amount * per_amount, cell.loc.line});
    }
  }
  r.finish();
  return m;
}

}  // namespace

Result<OdDemand> read_od_toml_string(std::string_view text, const std::string& file_name) {
  Result<ConfigValue> root = parse_toml(text, file_name);
  if (!root) return root.errors();
  ErrorList errors;
  OdDemand od;
  TableReader top(*root, "the OD file", errors);
  if (const ConfigValue* mix = top.table("mix")) {
    for (const auto& [type, share] : mix->fields) {
      if (is_number(share) && number_of(share) >= 0.0 && std::isfinite(number_of(share)))
        od.mix.push_back(VehicleShare{type, number_of(share), share.loc});
      else errors.add(share.loc, "[mix] " + type + ": expected a share (a number >= 0)");
    }
  }
  const auto zones = top.tables("zone");
  for (std::size_t i = 0; i < zones.size(); ++i) od.zones.push_back(read_zone(*zones[i], i, errors));
  const auto profiles = top.tables("profile");
  for (std::size_t i = 0; i < profiles.size(); ++i) od.profiles.push_back(read_profile(*profiles[i], i, errors));
  const auto matrices = top.tables("matrix");
  for (std::size_t i = 0; i < matrices.size(); ++i) od.matrices.push_back(read_matrix(*matrices[i], i, errors));
  top.finish();
  if (!errors.empty()) {
    errors.sort_by_location();
    return errors;
  }
  return od;
}

Result<OdDemand> read_od_toml(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<OdDemand>::failure(SourceLoc{path.string(), 0, 0}, "cannot open the OD file (expected a TOML file)");
  std::ostringstream text;
  text << in.rdbuf();
  return read_od_toml_string(text.str(), path.string());
}

}  // namespace dpt::sim::traffic
