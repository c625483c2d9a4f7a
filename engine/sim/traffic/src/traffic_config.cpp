// [modules.traffic] → TrafficModel (traffic_config.h).
#include "dpt/sim/traffic/traffic_config.h"

#include <cmath>

#include "dpt/sim/traffic/district_network.h"
#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/od_demand.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/world/district_io.h"

namespace dpt::sim::traffic {

std::optional<TrafficModel> parse_traffic_model(TableReader& r, const BuildContext& ctx) {
  const std::size_t before = r.errors().size();
  const auto network = r.string("network", Need::required);
  const auto district_dir = r.file("district");
  const bool lights = r.boolean("traffic_lights").value_or(false);
  const auto routes = r.file("routes");
  const auto od = r.file("od");
  const auto types = r.file("types");
  const Duration step = r.duration("step").value_or(Duration::seconds(1));
  const auto seed = r.integer("seed", Need::optional, 0, std::numeric_limits<std::int64_t>::max());
  r.finish();
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
  auto m = build_traffic_model(std::move(*net), *demand, o, ctx.duration.to_seconds());
  if (!m) {
    r.errors().append(m.errors());
    return std::nullopt;
  }
  return std::move(*m);
}

}  // namespace dpt::sim::traffic
