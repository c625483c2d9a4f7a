// OD demand checks: the references between zones, profiles and matrices, the numbers, and the
// zones' edges against a network. Every error names the file and line of what is wrong.
#include <unordered_set>

#include "dpt/sim/traffic/od_demand.h"
#include "od_internal.h"

namespace dpt::sim::traffic {

using od_detail::finite_non_negative;
using od_detail::lookup;
using od_detail::total_weight;
using od_detail::zone_index;

namespace {

void check_edges(const Zone& z, const std::vector<ZoneEdge>& edges, const char* what, ErrorList& errors) {
  for (const ZoneEdge& e : edges)
    if (!finite_non_negative(e.weight))
      errors.add(z.where, "zone '" + z.id + "': " + what + " '" + e.edge + "' has weight " + std::to_string(e.weight) +
                              ", expected a number >= 0");
}

}  // namespace

ErrorList validate_od(const OdDemand& od) {
  ErrorList errors;
  std::unordered_set<std::string> seen;
  for (const Zone& z : od.zones) {
    if (z.id.empty()) errors.add(z.where, "zone without an id");
    else if (!seen.insert(z.id).second) errors.add(z.where, "zone '" + z.id + "' defined twice");
    check_edges(z, z.sources, "source", errors);
    check_edges(z, z.sinks, "sink", errors);
  }
  seen.clear();
  for (const TimeProfile& p : od.profiles) {
    if (p.id.empty()) errors.add(p.where, "profile without an id");
    else if (!seen.insert(p.id).second) errors.add(p.where, "profile '" + p.id + "' defined twice");
    if (p.bin.us <= 0) errors.add(p.where, "profile '" + p.id + "': the bin width must be > 0");
    double sum = 0.0;
    bool ok = true;
    for (double w : p.weights) {
      ok = ok && finite_non_negative(w);
      sum += w;
    }
    if (!ok) errors.add(p.where, "profile '" + p.id + "': expected weights that are numbers >= 0");
    else if (!(sum > 0.0)) errors.add(p.where, "profile '" + p.id + "': expected at least one weight > 0");
  }
  seen.clear();
  const auto zones = zone_index(od);
  for (const OdMatrix& m : od.matrices) {
    if (m.id.empty()) errors.add(m.where, "matrix without an id");
    else if (!seen.insert(m.id).second) errors.add(m.where, "matrix '" + m.id + "' defined twice");
    if (!finite_non_negative(m.factor)) errors.add(m.where, "matrix '" + m.id + "': expected a factor >= 0");
    if (m.profile.empty()) {
      if (m.begin.us < 0 || m.end <= m.begin)
        errors.add(m.where, "matrix '" + m.id + "': expected 0 <= begin < end, got " + format_duration(m.begin) +
                                " .. " + format_duration(m.end));
    } else if (od.find_profile(m.profile) < 0) {
      errors.add(m.where, "matrix '" + m.id + "': unknown profile '" + m.profile + "'");
    }
    for (const OdCell& c : m.cells) {
      const SourceLoc at{m.where.file, c.line, 0};
      const std::string in = "matrix '" + m.id + "': ";
      if (!finite_non_negative(c.amount)) {
        errors.add(at, in + "expected an amount >= 0 for " + c.from + " -> " + c.to);
        continue;
      }
      const int from = lookup(zones, c.from), to = lookup(zones, c.to);
      if (from < 0) errors.add(at, in + "unknown origin zone '" + c.from + "'");
      if (to < 0) errors.add(at, in + "unknown destination zone '" + c.to + "'");
      if (from < 0 || to < 0 || c.amount * m.factor <= 0.0) continue;
      if (!(total_weight(od.zones[static_cast<std::size_t>(from)].sources) > 0.0))
        errors.add(at, in + "origin zone '" + c.from + "' has no source edge with a weight > 0");
      if (!(total_weight(od.zones[static_cast<std::size_t>(to)].sinks) > 0.0))
        errors.add(at, in + "destination zone '" + c.to + "' has no sink edge with a weight > 0");
    }
  }
  for (const VehicleShare& s : od.mix)
    if (!finite_non_negative(s.share)) errors.add(s.where, "vehicle mix: share of '" + s.type + "' must be >= 0");
  if (!od.mix.empty()) {
    double sum = 0.0;
    for (const VehicleShare& s : od.mix) sum += s.share;
    if (!(sum > 0.0)) errors.add(od.mix.front().where, "vehicle mix: expected at least one share > 0");
  }
  return errors;
}

ErrorList check_od_zones(const OdDemand& od, const Network& net) {
  ErrorList errors;
  for (const Zone& z : od.zones) {
    auto check = [&](const std::vector<ZoneEdge>& edges, const char* what) {
      for (const ZoneEdge& e : edges) {
        const std::uint32_t i = net.find_edge(e.edge);
        if (i == kNone) errors.add(z.where, "zone '" + z.id + "': unknown " + what + " edge '" + e.edge + "'");
        else if (net.edges[i].function != EdgeFunction::normal)
          errors.add(z.where, "zone '" + z.id + "': " + what + " edge '" + e.edge + "' is not a normal road edge");
      }
    };
    check(z.sources, "source");
    check(z.sinks, "sink");
  }
  return errors;
}

}  // namespace dpt::sim::traffic
