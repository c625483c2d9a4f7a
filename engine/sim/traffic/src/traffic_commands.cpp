// The arguments of the traffic.* commands (traffic_measures.h; keys in docs/scenarios.md).
#include <string>

#include "dpt/sim/traffic/traffic_measures.h"

namespace dpt::sim::traffic {

namespace {

struct VerbInfo {
  std::string_view name;
  CommandVerb verb;
};
constexpr VerbInfo kVerbs[] = {
    {"close", CommandVerb::close},         {"open", CommandVerb::open},
    {"accident", CommandVerb::accident},   {"speed_limit", CommandVerb::speed_limit},
    {"checkpoint", CommandVerb::checkpoint}, {"reversible", CommandVerb::reversible},
    {"clear", CommandVerb::clear},
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
