// [modules.traffic] → TrafficModel (traffic_config.h).
#include "dpt/sim/traffic/traffic_config.h"

#include <cmath>

#include "dpt/sim/traffic/district_network.h"
#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/od_demand.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/world/district_io.h"

namespace dpt::sim::traffic {

namespace {

const char* kReversibleExpected =
    "expected reversible = [\"L12\", ...] (district roads: the road of each edge gets a reversible lane) or, on a "
    "SUMO network, [[\"LANE_A\", \"LANE_B\"], ...] (pairs of lanes, the first open at the start)";

// The district link that runs the other way along the same road as link `k` (kNone: one-way).
std::uint32_t opposite_link(const world::RoadNetwork& roads, std::uint32_t k) {
  const world::RoadLink& a = roads.links()[k];
  for (std::uint32_t j = 0; j < roads.links().size(); ++j) {
    const world::RoadLink& b = roads.links()[j];
    if (j != k && b.from == a.to && b.to == a.from && b.source_id == a.source_id) return j;
  }
  return kNone;
}

// reversible = ["L12", ...] on the district: both directions of each named road get one more lane,
// the left-most (read_reversible_lanes pairs them after the conversion); `widened` lists the links.
std::optional<world::RoadNetwork> widen_reversible_roads(const world::RoadNetwork& roads, const ConfigValue& list,
                                                         TableReader& r, std::vector<std::uint32_t>& widened) {
  if (list.kind != ConfigValue::Kind::array || list.items.empty()) {
    r.error(list.loc, r.path() + ".reversible: " + kReversibleExpected);
    return std::nullopt;
  }
  std::vector<world::RoadLink> links = roads.links();
  std::vector<world::RoadNode> nodes = roads.nodes();
  for (const ConfigValue& item : list.items) {
    const std::uint32_t k = item.kind == ConfigValue::Kind::string ? district_link_of_edge(item.text) : kNone;
    if (k == kNone || k >= links.size()) {
      r.error(item.loc, r.path() + ".reversible: '" + item.text + "' is not a road edge of the district (" +
                            kReversibleExpected + ")");
      return std::nullopt;
    }
    const std::uint32_t back = opposite_link(roads, k);
    if (back == kNone) {
      r.error(item.loc, r.path() + ".reversible: '" + item.text + "' is a one-way road; a reversible lane needs a two-way road");
      return std::nullopt;
    }
    ++links[k].lanes;
    ++links[back].lanes;
    widened.push_back(k);
    widened.push_back(back);
  }
  return world::RoadNetwork::from_parts(std::move(nodes), std::move(links));
}

// The model's reversible lanes: on the district, the left-most lanes of each named road's two
// edges (the named direction open first); on a SUMO network, the pairs of lane ids given.
bool read_reversible_lanes(const ConfigValue& list, bool district, TrafficModel& m, TableReader& r) {
  const Network& n = m.net;
  for (const ConfigValue& item : list.items) {
    ReversibleLane pair;
    if (district && item.kind == ConfigValue::Kind::string) {
      const std::uint32_t e = n.find_edge(item.text);
      if (e == kNone) continue;  // widen_reversible_roads has reported it
      const Edge& a = n.edges[e];
      pair.lane[0] = a.lanes.first + a.lanes.count - 1;
      // The opposite edge: the normal edge from a's end junction back to its start junction.
      for (std::uint32_t j = 0; j < n.edges.size(); ++j) {
        const Edge& b = n.edges[j];
        if (j != e && b.function == EdgeFunction::normal && b.from_junction == a.to_junction &&
            b.to_junction == a.from_junction) {
          pair.lane[1] = b.lanes.first + b.lanes.count - 1;
          break;
        }
      }
    } else if (!district && item.kind == ConfigValue::Kind::array && item.items.size() == 2 &&
               item.items[0].kind == ConfigValue::Kind::string && item.items[1].kind == ConfigValue::Kind::string) {
      pair.lane[0] = n.find_lane(item.items[0].text);
      pair.lane[1] = n.find_lane(item.items[1].text);
    }
    if (pair.lane[0] == kNone || pair.lane[1] == kNone || pair.lane[0] == pair.lane[1]) {
      r.error(item.loc, r.path() + ".reversible: " + kReversibleExpected);
      return false;
    }
    m.reversible.push_back(pair);
  }
  return true;
}

}  // namespace

std::optional<TrafficModel> parse_traffic_model(TableReader& r, const BuildContext& ctx) {
  const std::size_t before = r.errors().size();
  const auto network = r.string("network", Need::required);
  const auto district_dir = r.file("district");
  const bool lights = r.boolean("traffic_lights").value_or(false);
  const auto routes = r.file("routes");
  const auto od = r.file("od");
  const double od_scale = r.number("od_scale", Need::optional, 0.0, 1e6).value_or(1.0);
  const auto types = r.file("types");
  const Duration step = r.duration("step").value_or(Duration::seconds(1));
  const auto seed = r.integer("seed", Need::optional, 0, std::numeric_limits<std::int64_t>::max());
  const Duration reroute = r.duration("reroute_period").value_or(Duration::seconds(0));
  const auto teleport = r.duration("time_to_teleport");
  const auto impatience = r.duration("time_to_impatience");
  const ConfigValue* reversible = r.raw("reversible");
  r.finish();
  if (reroute.us < 0) r.error(r.loc(), r.path() + ".reroute_period: expected a duration of 0 (off) or more");
  if (step.us <= 0 || (ctx.step.us > 0 && ctx.step.us % step.us != 0))
    r.error(r.loc(), r.path() + ".step: expected a positive duration that divides the scenario's step (" +
                         std::to_string(ctx.step.to_seconds()) + " s)");
  if (!routes && !od) r.error(r.loc(), r.path() + ": expected routes = \"FILE.rou.xml\" or od = \"FILE.toml\" (or both)");
  if (!network || r.errors().size() != before) return std::nullopt;

  Result<Network> net = Result<Network>::failure(r.loc(), "no network");
  if (*network == "district") {
    if (!district_dir) {
      r.error(r.loc(), r.path() + ": network = \"district\" needs district = \"DIR\"");
      return std::nullopt;
    }
    auto d = world::load_district(*district_dir);
    if (!d) {
      r.errors().append(d.errors());
      return std::nullopt;
    }
    DistrictNetworkOptions o;
    o.traffic_lights = lights;
    if (reversible) {
      auto widened = widen_reversible_roads(d->roads, *reversible, r, o.reversible_links);
      if (!widened) return std::nullopt;
      d->roads = std::move(*widened);
    }
    net = network_from_roads(d->roads, o);
  } else {
    net = read_net_xml(ctx.base_dir / *network);
  }
  if (!net) {
    r.errors().append(net.errors());
    return std::nullopt;
  }
  std::vector<std::filesystem::path> files;
  if (types) files.push_back(*types);
  if (routes) files.push_back(*routes);
  auto demand = files.empty() ? Result<Demand>(make_empty_demand()) : read_rou_xml_files(files);
  if (!demand) {
    r.errors().append(demand.errors());
    return std::nullopt;
  }
  if (od) {  // OD matrices: trips between zones, appended to the routes' demand
    auto matrices = read_od_toml(*od);
    if (!matrices) {
      r.errors().append(matrices.errors());
      return std::nullopt;
    }
    if (const ErrorList zones = check_od_zones(*matrices, *net); !zones.empty()) {
      r.errors().append(zones);
      return std::nullopt;
    }
    for (OdMatrix& mx : matrices->matrices) mx.factor *= od_scale;  // a demand variant: every matrix scaled
    OdExpandOptions eo;
    eo.seed = seed ? static_cast<std::uint64_t>(*seed) : 42;
    if (auto added = append_od_trips(*matrices, eo, *demand); !added) {
      r.errors().append(added.errors());
      return std::nullopt;
    }
  }
  TrafficOptions o;
  o.step_length_s = step.to_seconds();
  o.begin_s = 0.0;  // scenario time: seconds from the scenario's start
  o.seed = seed ? static_cast<std::uint64_t>(*seed) : 42;
  o.reroute_period_s = reroute.to_seconds();
  if (teleport) o.time_to_teleport_s = teleport->to_seconds();
  if (impatience) o.time_to_impatience_s = impatience->to_seconds();
  auto m = build_traffic_model(std::move(*net), *demand, o, ctx.duration.to_seconds());
  if (!m) {
    r.errors().append(m.errors());
    return std::nullopt;
  }
  if (reversible && !read_reversible_lanes(*reversible, *network == "district", *m, r)) return std::nullopt;
  return std::move(*m);
}

}  // namespace dpt::sim::traffic
