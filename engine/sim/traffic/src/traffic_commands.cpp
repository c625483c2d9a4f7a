// The arguments of the traffic.* commands (traffic_measures.h; keys in docs/scenarios.md).
#include <string>
#include <vector>

#include "dpt/core/time.h"
#include "dpt/sim/traffic/traffic_measures.h"

namespace dpt::sim::traffic {

namespace {

// A signal's green per road and yellow after it when the command does not say: half a minute
// each, as a police officer at a small junction gives it; 3 s of yellow as SUMO's netconvert.
constexpr double kDefaultSignalGreenS = 30.0;
constexpr double kDefaultSignalYellowS = 3.0;

struct VerbInfo {
  std::string_view name;
  CommandVerb verb;
};
constexpr VerbInfo kVerbs[] = {
    {"close", CommandVerb::close},         {"open", CommandVerb::open},
    {"accident", CommandVerb::accident},   {"speed_limit", CommandVerb::speed_limit},
    {"checkpoint", CommandVerb::checkpoint}, {"reversible", CommandVerb::reversible},
    {"signal", CommandVerb::signal},       {"clear", CommandVerb::clear},
};

std::string known_verbs() {
  std::string out;
  for (const VerbInfo& v : kVerbs) out += (out.empty() ? "traffic." : ", traffic.") + std::string(v.name);
  return out;
}

// `lanes = [0, 2]`: lane indices of the edge (0 = right-most), as a bit set; all lanes when absent.
std::uint64_t read_lanes(TableReader& r, const Edge& e, const std::string& what) {
  const ConfigValue* v = r.raw("lanes");
  if (!v) return ~std::uint64_t{0};
  const std::string expected = what + ".lanes: expected an array of lane indices from 0 (the right-most) to " +
                               std::to_string(static_cast<int>(e.lanes.count) - 1);
  if (v->kind != ConfigValue::Kind::array || v->items.empty()) {
    r.error(v->loc, expected);
    return 0;
  }
  std::uint64_t bits = 0;
  for (const ConfigValue& item : v->items) {
    if (item.kind != ConfigValue::Kind::integer || item.integer < 0 || item.integer >= e.lanes.count || item.integer >= 64) {
      r.error(item.loc, expected);
      return 0;
    }
    bits |= std::uint64_t{1} << item.integer;
  }
  return bits;
}

// The rank of `edge` among the roads into junction j (TrafficModel::link_approach); kNone when
// it does not lead into j.
std::uint32_t road_rank(const TrafficModel& m, std::uint32_t j, std::uint32_t edge) {
  for (std::uint32_t k = m.junction_link_first[j]; k < m.junction_link_first[j + 1]; ++k) {
    const std::uint32_t c = m.link_conn[k];
    if (c != kNone && m.net.connections[c].from_lane != kNone && m.net.lanes[m.net.connections[c].from_lane].edge == edge)
      return m.link_approach[k];
  }
  return kNone;
}

// The roads into junction j, by rank, as edge ids (for messages).
std::string road_list(const TrafficModel& m, std::uint32_t j) {
  std::vector<std::string> ids(m.junction_approaches[j]);
  for (std::uint32_t k = m.junction_link_first[j]; k < m.junction_link_first[j + 1]; ++k) {
    const std::uint32_t c = m.link_conn[k];
    if (c != kNone && m.link_approach[k] < ids.size() && m.net.connections[c].from_lane != kNone)
      ids[m.link_approach[k]] = m.net.edges[m.net.lanes[m.net.connections[c].from_lane].edge].id;
  }
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// A duration from a config value ("30s", "1min"); nullopt (with an error) when it is not one.
std::optional<double> duration_value(const ConfigValue& v, TableReader& r, const std::string& expected) {
  if (v.kind == ConfigValue::Kind::string)
    if (const auto d = parse_duration(v.text); d.ok()) return d->to_seconds();
  r.error(v.loc, expected);
  return std::nullopt;
}

// traffic.signal's plan: `phases` (lists of roads into the junction green together; default each
// road alone, in rank order), `green` (one duration for every phase, or one per phase) and `yellow`.
void read_signal_plan(TrafficCommand& c, const std::string& what, const std::string& junction_id, TableReader& r,
                      const TrafficModel& m) {
  const std::uint32_t j = c.junction;
  const std::uint32_t roads = m.junction_approaches[j];
  if (roads < 2) {
    r.error(r.loc(), what + ".junction: '" + junction_id + "' has " + std::to_string(roads) +
                         " road in; a signal needs two or more roads to give turns to");
    return;
  }
  if (roads > kMaxSignalRoads) {
    r.error(r.loc(), what + ".junction: '" + junction_id + "' has " + std::to_string(roads) + " roads in; a signal takes at most " +
                         std::to_string(kMaxSignalRoads));
    return;
  }
  const std::string roads_in = " (the roads into " + junction_id + ": " + road_list(m, j) + ")";
  c.phase_roads = 0;
  if (const ConfigValue* v = r.raw("phases")) {
    const std::string expected = what + ".phases: expected a list of 2 to " + std::to_string(kMaxSignalPhases) +
                                 " phases, each a list of the roads green together, e.g. [[\"L1\", \"L2\"], [\"L3\"]]" + roads_in;
    if (v->kind != ConfigValue::Kind::array || v->items.size() < 2 || v->items.size() > kMaxSignalPhases) {
      r.error(v->loc, expected);
      return;
    }
    c.phase_count = static_cast<std::uint32_t>(v->items.size());
    for (std::uint32_t p = 0; p < c.phase_count; ++p) {
      const ConfigValue& phase = v->items[p];
      if (phase.kind != ConfigValue::Kind::array || phase.items.empty()) {
        r.error(phase.loc, expected);
        return;
      }
      for (const ConfigValue& road : phase.items) {
        const std::uint32_t e = road.kind == ConfigValue::Kind::string ? m.net.find_edge(road.text) : kNone;
        const std::uint32_t rank = e != kNone ? road_rank(m, j, e) : kNone;
        if (rank == kNone) {
          r.error(road.loc, what + ".phases: '" + (road.kind == ConfigValue::Kind::string ? road.text : std::string("?")) +
                                "' is not a road into " + junction_id + roads_in);
          return;
        }
        c.phase_roads |= std::uint64_t{1} << (8 * p + rank);
      }
    }
  } else {
    c.phase_count = roads;
    for (std::uint32_t p = 0; p < roads; ++p) c.phase_roads |= std::uint64_t{1} << (8 * p + p);
  }
  std::uint64_t ever = 0;
  for (std::uint32_t p = 0; p < c.phase_count; ++p) ever |= (c.phase_roads >> (8 * p)) & 0xFF;
  for (std::uint32_t road = 0; road < roads; ++road)
    if (((ever >> road) & 1U) == 0) {
      r.error(r.loc(), what + ".phases: a road into " + junction_id + " never has green" + roads_in +
                           "; close it with traffic.close instead");
      return;
    }
  // Green: one duration for every phase, or a list with one per phase.
  const std::string green_expected = what + ".green: expected a positive duration, or a list of " +
                                     std::to_string(c.phase_count) + " (one per phase)";
  for (std::uint32_t p = 0; p < c.phase_count; ++p) c.green_s[p] = kDefaultSignalGreenS;
  if (const ConfigValue* g = r.raw("green")) {
    if (g->kind == ConfigValue::Kind::array) {
      if (g->items.size() != c.phase_count) {
        r.error(g->loc, green_expected);
        return;
      }
      for (std::uint32_t p = 0; p < c.phase_count; ++p)
        if (const auto d = duration_value(g->items[p], r, green_expected)) c.green_s[p] = *d;
    } else if (const auto d = duration_value(*g, r, green_expected)) {
      for (std::uint32_t p = 0; p < c.phase_count; ++p) c.green_s[p] = *d;
    }
    for (std::uint32_t p = 0; p < c.phase_count; ++p)
      if (!(c.green_s[p] > 0.0)) {
        r.error(g->loc, green_expected);
        return;
      }
  }
  const auto yellow = r.duration("yellow");
  c.yellow_s = yellow ? yellow->to_seconds() : kDefaultSignalYellowS;
  if (!(c.yellow_s >= 0.0)) r.error(r.loc(), what + ".yellow: expected a duration of 0 or more");
}

// A signal at a junction (traffic.signal), or the end of one (traffic.clear with `junction`).
std::optional<TrafficCommand> parse_junction_command(TrafficCommand c, const std::string& what, TableReader& r,
                                                     const TrafficModel& m) {
  const std::size_t before = r.errors().size();
  const auto id = r.string("junction", Need::required);
  if (!id) {
    r.finish();
    return std::nullopt;
  }
  c.edge = kNone;
  c.junction = m.net.find_junction(*id);
  if (c.junction == kNone) {
    r.error(r.loc(), what + ".junction: '" + *id + "' is not a junction of the traffic network");
    r.finish();
    return std::nullopt;
  }
  if (c.verb == CommandVerb::signal) {
    read_signal_plan(c, what, *id, r, m);
    if (const auto d = r.duration("duration")) {
      if (d->us <= 0) r.error(r.loc(), what + ".duration: expected a positive duration");
      c.duration_s = d->to_seconds();
    }
  }
  r.finish();
  if (r.errors().size() != before) return std::nullopt;
  return c;
}

}  // namespace

std::optional<TrafficCommand> parse_traffic_command(std::string_view verb, TableReader& r, const TrafficModel& m) {
  TrafficCommand c;
  bool known = false;
  for (const VerbInfo& v : kVerbs)
    if (v.name == verb) {
      c.verb = v.verb;
      known = true;
    }
  const std::string what = "traffic." + std::string(verb);
  if (!known) {
    r.error(r.loc(), "unknown traffic command '" + what + "' (known: " + known_verbs() + ")");
    return std::nullopt;
  }
  if (c.verb == CommandVerb::signal || (c.verb == CommandVerb::clear && r.node().find("junction"))) {
    if (r.node().find("edge")) {
      r.error(r.loc(), what + ": give a junction, not an edge");
      return std::nullopt;
    }
    return parse_junction_command(c, what, r, m);
  }
  const std::size_t before = r.errors().size();
  const auto edge_id = r.string("edge", Need::required);
  if (!edge_id) {
    r.finish();
    return std::nullopt;
  }
  c.edge = m.net.find_edge(*edge_id);
  if (c.edge == kNone || m.net.edges[c.edge].function != EdgeFunction::normal) {
    r.error(r.loc(), what + ".edge: '" + *edge_id + "' is not an edge of the traffic network");
    r.finish();
    return std::nullopt;
  }
  const Edge& e = m.net.edges[c.edge];
  const double length = e.lanes.count > 0 ? m.net.lanes[e.lanes.first].length_m : 0.0;
  const bool has_lanes = c.verb != CommandVerb::reversible && c.verb != CommandVerb::clear;
  if (has_lanes) c.lanes = read_lanes(r, e, what);
  if (c.verb != CommandVerb::open && c.verb != CommandVerb::reversible && c.verb != CommandVerb::clear) {
    if (const auto d = r.duration("duration")) {
      if (d->us <= 0) r.error(r.loc(), what + ".duration: expected a positive duration");
      c.duration_s = d->to_seconds();
    }
  }
  if (c.verb == CommandVerb::accident || c.verb == CommandVerb::checkpoint) {
    c.pos_m = r.quantity("pos", Dimension::length).value_or(0.5 * length);
    if (!(c.pos_m >= 0.0 && c.pos_m <= length))
      r.error(r.loc(), what + ".pos: expected a position from 0 to the edge's length (" + std::to_string(length) + " m)");
  }
  if (c.verb == CommandVerb::speed_limit) {
    c.speed_mps = r.quantity("speed", Dimension::speed, Need::required).value_or(1.0);
    if (!(c.speed_mps > 0.0)) r.error(r.loc(), what + ".speed: expected a speed above 0 (close the road instead)");
  }
  if (c.verb == CommandVerb::checkpoint) {
    const auto mean = r.duration("service", Need::required);
    const auto sd = r.duration("service_sd");
    const auto dist = r.choice("distribution", {"lognormal", "exponential", "fixed"});
    c.service_mean_s = mean ? mean->to_seconds() : 0.0;
    c.service_sd_s = sd ? sd->to_seconds() : 0.0;
    c.distribution = !dist || *dist == "lognormal" ? ServiceDistribution::lognormal
                     : *dist == "exponential"     ? ServiceDistribution::exponential
                                                  : ServiceDistribution::fixed;
    if (mean && mean->us <= 0) r.error(r.loc(), what + ".service: expected a positive mean service time");
    if (sd && sd->us < 0) r.error(r.loc(), what + ".service_sd: expected a duration of 0 or more");
  }
  if (c.verb == CommandVerb::reversible) {
    bool found = false;
    for (const ReversibleLane& p : m.reversible)
      for (std::uint32_t l : p.lane) found = found || m.net.lanes[l].edge == c.edge;
    if (!found)
      r.error(r.loc(), what + ".edge: '" + *edge_id + "' has no reversible lane (declare the road in [modules.traffic] reversible)");
  }
  r.finish();
  if (r.errors().size() != before) return std::nullopt;
  return c;
}

std::optional<std::vector<TrafficCommand>> parse_traffic_commands(std::string_view verb, TableReader& r,
                                                                  const TrafficModel& m) {
  const ConfigValue* list = r.node().find("edges");
  if (!list) {
    auto one = parse_traffic_command(verb, r, m);
    if (!one) return std::nullopt;
    return std::vector<TrafficCommand>{*one};
  }
  const std::string what = "traffic." + std::string(verb);
  r.raw("edges");
  if (r.node().find("edge")) {
    r.error(r.loc(), what + ": give edge or edges, not both");
    return std::nullopt;
  }
  if (list->kind != ConfigValue::Kind::array || list->items.empty()) {
    r.error(list->loc, what + ".edges: expected a list of edge ids, [\"L1\", \"L2\", ...]");
    return std::nullopt;
  }
  // Each edge is read as if the command named it alone (so every check applies to it).
  ConfigValue one = r.node();
  std::erase_if(one.fields, [](const auto& kv) { return kv.first == "edges"; });
  one.fields.emplace_back("edge", ConfigValue{});
  std::vector<TrafficCommand> out;
  bool ok = true;
  for (const ConfigValue& item : list->items) {
    one.fields.back().second = item;
    TableReader sub(one, r.path(), r.errors());
    auto c = parse_traffic_command(verb, sub, m);
    if (c) out.push_back(*c);
    ok = ok && c.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace dpt::sim::traffic
