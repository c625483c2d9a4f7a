// make_dapeng: builds the default district (assets/dapeng) from the real GSHHG shoreline, the real
// GPX road tracks and the district boundary, plus documented synthesis (docs/district-dapeng.md).
// Usage: make_dapeng --mask LANDMASK.tif --data SHARED_GEO_DIR --out DIR [--mask-source TEXT]
// Deterministic: the same inputs give the same bytes.
#include <cstdio>
#include <cstring>
#include <string>

#include "district_mask.h"
#include "distance_transform.h"
#include "dpt/world/district_io.h"
#include "landmask.h"
#include "layers.h"
#include "progress.h"
#include "road_synth.h"
#include "sensor_synth.h"
#include "site_synth.h"
#include "building_synth.h"
#include "terrain_synth.h"
#include "value_noise.h"
#include "verify.h"

namespace dapeng {
namespace {

constexpr double kCell = 30.0;  // terrain spacing, m

struct Args {
  std::string mask, data, out, mask_source = "GSHHG full resolution land mask";
};

bool parse(int argc, char** argv, Args& a) {
  for (int k = 1; k + 1 < argc; k += 2) {
    const std::string key = argv[k];
    if (key == "--mask") a.mask = argv[k + 1];
    else if (key == "--data") a.data = argv[k + 1];
    else if (key == "--out") a.out = argv[k + 1];
    else if (key == "--mask-source") a.mask_source = argv[k + 1];
    else return false;
  }
  return !a.mask.empty() && !a.data.empty() && !a.out.empty();
}

// The terrain lattice: the projected bounding box of the lon/lat extent, on whole 30 m multiples.
dpt::geo::HeightGrid lattice(const dpt::geo::LocalFrame& frame) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (int k = 0; k <= 20; ++k) {
    const double t = k / 20.0;
    for (LonLat ll : {LonLat{kWest + t * (kEast - kWest), kSouth}, LonLat{kWest + t * (kEast - kWest), kNorth},
                      LonLat{kWest, kSouth + t * (kNorth - kSouth)}, LonLat{kEast, kSouth + t * (kNorth - kSouth)}}) {
      const Local p = *frame.to_local(ll);
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y);
      y1 = std::max(y1, p.y);
    }
  }
  dpt::geo::HeightGrid g;
  g.dx = g.dy = kCell;
  g.x0 = std::floor(x0 / kCell) * kCell;
  g.y0 = std::ceil(y1 / kCell) * kCell;
  g.nx = static_cast<int>(std::ceil(x1 / kCell) - std::floor(x0 / kCell)) + 1;
  g.ny = static_cast<int>(std::ceil(y1 / kCell) - std::floor(y0 / kCell)) + 1;
  return g;
}

int fail(const dpt::ErrorList& e) {
  std::fprintf(stderr, "%s\n", e.to_string().c_str());
  return 2;
}

int run(const Args& args) {
  Progress progress;
  auto frame = dpt::geo::LocalFrame::create("EPSG:4547", {kOriginLon, kOriginLat});
  if (!frame) return fail(frame.errors());
  Context ctx{std::move(*frame), {}, {}, {}, args.data, {}, {}, {}};
  ctx.cells.spec = lattice(ctx.frame);
  {
    const auto& g = ctx.cells.spec;
    ctx.outline_noise = std::make_shared<const ValueNoise>(dpt::rng_stream("settlements.outline"), g.x0,
                                                           g.y0 - (g.ny - 1) * g.dy, (g.nx - 1) * g.dx,
                                                           (g.ny - 1) * g.dy, 900.0, 2);
  }
  progress.say("lattice ", ctx.cells.nx(), " x ", ctx.cells.ny(), " samples at ", kCell, " m");

  auto mask = read_lonlat_mask(args.mask);
  if (!mask) return fail(mask.errors());
  sample_land(*mask, ctx.frame, ctx.cells);
  {
    std::vector<std::uint8_t> sea(ctx.cells.land.size());
    for (std::size_t k = 0; k < sea.size(); ++k) sea[k] = ctx.cells.land[k] ? 0 : 1;
    const auto to_sea = distance_to(sea, ctx.cells.nx(), ctx.cells.ny(), kCell);
    const auto to_land = distance_to(ctx.cells.land, ctx.cells.nx(), ctx.cells.ny(), kCell);
    ctx.cells.coast_dist.resize(sea.size());
    for (std::size_t k = 0; k < sea.size(); ++k) ctx.cells.coast_dist[k] = ctx.cells.land[k] ? to_sea[k] : to_land[k];
  }
  progress.say("land mask sampled, distance to coast done");

  auto boundary = read_dapeng_boundary(args.data + "/shenzhen_districts_transbigdata_sz.json", ctx.frame);
  if (!boundary) return fail(boundary.errors());
  ctx.boundary = std::move(*boundary);
  rasterise_district(ctx.boundary, 300.0, ctx.cells);
  progress.say("district boundary: ", ctx.boundary.size(), " polygon(s), buffered 300 m");

  for (const SettlementDef& d : settlements()) {
    const Local want = ctx.to_local({d.lon, d.lat});
    ctx.settlements.push_back({&d, snap_to_land(ctx.cells, want, std::min(0.3 * d.radius_m, 200.0), 3000.0)});
    ctx.flats.push_back({ctx.settlements.back().centre, d.radius_m});
  }
  const std::vector<Local> key_pos = snap_key_sites(ctx);
  for (const Local& p : key_pos) ctx.flats.push_back({p, 300.0});

  TerrainReport terrain_rep;
  synth_terrain(ctx, terrain_rep);
  for (const auto& p : terrain_rep.peaks)
    progress.say("terrain: ", p.name, " max within 1 km = ", p.max_within_1km_m, " m (target ", p.target_m, ")");
  progress.say("terrain: ", terrain_rep.hills, " hills; highest > 3 km from the summits ", terrain_rep.highest_elsewhere_m,
               " m; land min ", terrain_rep.land_min_m, " m; sea ", terrain_rep.sea_min_m, " .. ",
               terrain_rep.sea_max_m, " m");

  dpt::world::District d;
  d.name = "dapeng";
  d.description = "Dapeng New District, Shenzhen: real GSHHG shoreline and GPX roads, synthetic terrain, "
                  "buildings, sites and sensors (docs/district-dapeng.md)";
  d.crs = "EPSG:4547";
  d.origin = {kOriginLon, kOriginLat};

  CoastlineStats coast_rep;
  auto land = land_polygons(*mask, ctx.frame, kWest, kEast, kSouth, kNorth, 10.0, 2000.0, &coast_rep);
  if (!land) return fail(land.errors());
  d.land = std::move(*land);
  progress.say("coastline: ", d.land.size(), " land polygons (", coast_rep.polygons_raw, " raw, ",
               coast_rep.dropped_small, " under 2000 m2 dropped, ", coast_rep.repaired, " split by MakeValid), ", coast_rep.vertices, " vertices");

  make_key_sites(ctx, key_pos, d.sites, d.buildings);
  make_beaches(ctx, d.land, d.sites);
  make_service_sites(ctx, d.sites);
  std::vector<RoadTarget> targets;
  std::vector<dpt::geo::Polygon> keep_out;
  for (const auto& s : d.sites) {
    using dpt::world::SiteKind;
    using dpt::world::RoadClass;
    if (s.kind == SiteKind::hazmat || s.kind == SiteKind::industrial) {
      keep_out.push_back(s.area);
      // The gate: the middle of the yard's first side.
      const auto& o = s.area.outer;
      targets.push_back({{0.5 * (o[0].x + o[1].x), 0.5 * (o[0].y + o[1].y)}, RoadClass::tertiary, s.name + " access"});
    } else if (s.kind == SiteKind::beach) {
      targets.push_back({s.pos, RoadClass::track, s.name + " track"});
    } else if (s.kind == SiteKind::checkpoint) {
      targets.push_back({s.pos, RoadClass::trunk, s.name});
    }
  }
  progress.say("sites: ", d.sites.size(), " (", d.buildings.size(), " site buildings)");

  RoadReport road_rep;
  const std::vector<std::filesystem::path> gpx = {args.data + "/dapeng_cycling_route_2017-03_xingzhe_995778.gpx",
                                                  args.data + "/dapeng_cycling_route_2017-04_xingzhe_1041365.gpx"};
  auto roads = synth_roads(ctx, gpx, targets, keep_out, road_rep);
  if (!roads) return fail(roads.errors());
  d.roads = std::move(*roads);
  snap_checkpoints(d.roads, d.sites);
  progress.say("roads: GPX ", road_rep.gpx.track_km, " km of track -> ", road_rep.gpx.kept_km, " km drawn (",
               road_rep.gpx.merged_km, " km merged as duplicates, ", road_rep.gpx.outside_km, " km outside)");
  progress.say("roads: arterials ", road_rep.arterials.km, " km in ", road_rep.arterials.roads, " roads (",
               road_rep.arterials.unreachable, " unreachable); streets ", road_rep.streets.km, " km, ",
               road_rep.streets.segments, " segments, ", road_rep.streets.connectors, " connectors");
  progress.say("roads: ", road_rep.components_before, " components joined by ", road_rep.connectors, " connectors; ",
               road_rep.links_removed, " links removed; ", road_rep.nodes, " nodes, ", road_rep.links, " links, ",
               road_rep.centreline_km, " km centreline (", road_rep.real_km, " km real), strongly connected: ",
               road_rep.strong_components);

  BuildingReport build_rep;
  synth_buildings(ctx, d.roads, d.sites, 22000, d.buildings, build_rep);
  progress.say("buildings: ", d.buildings.size(), " (", build_rep.candidates, " candidates, ", build_rep.rejected_overlap,
               " overlapping, ", build_rep.rejected_ground, " on unsuitable ground; ", build_rep.l_shaped, " L-shaped, ",
               build_rep.courtyards, " courtyards, ", build_rep.towers, " towers, ", build_rep.sheds, " sheds)");

  d.cameras = synth_cameras(ctx, d.roads, d.sites, d.buildings, 7000);
  d.sensors = synth_sensors(ctx, d.sites);
  progress.say("cameras: ", d.cameras.size(), "; sensors: ", d.sensors.size());

  d.terrain.grid = ctx.terrain;
  d.layers = make_layers(d, args.mask_source, road_rep, terrain_rep);
  auto w = dpt::world::write_district(d, args.out);
  if (!w) return fail(w.errors());
  write_report(d, road_rep, terrain_rep, coast_rep, build_rep, args.out + "/generation-report.txt");
  progress.say("wrote ", args.out);
  const int failed = verify_district(args.out, d);
  if (failed)
    progress.say("FAILED ", failed, " check(s); done in ", progress.seconds(), " s");
  else
    progress.say("all checks passed; done in ", progress.seconds(), " s");
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace dapeng

int main(int argc, char** argv) {
  dapeng::Args args;
  if (!dapeng::parse(argc, argv, args)) {
    std::fprintf(stderr, "usage: make_dapeng --mask LANDMASK.tif --data SHARED_GEO_DIR --out DIR [--mask-source TEXT]\n");
    return 2;
  }
  return dapeng::run(args);
}
