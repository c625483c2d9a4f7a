// The closed loop on a small synthetic district: the sensor simulator's three pole cameras watch
// 20 movers (people and vehicles, two buildings in the way) for 60 s at 5 Hz; every box is
// georeferenced and fed to the ground tracker, and the confirmed tracks are scored against the
// movers each camera could see with CLEAR MOT / IDF1 / HOTA on ground points (metrics.h).
#include <catch2/catch.hpp>

#include <cstdio>
#include <vector>

#include "dpt/fusion/georef.h"
#include "dpt/fusion/ground_tracker.h"
#include "dpt/fusion/metrics.h"
#include "dpt/fusion/sensor_sim.h"

namespace {

using namespace dpt::fusion;

dpt::world::Building box_building(double x0, double y0, double x1, double y1, float height) {
  dpt::world::Building b;
  b.footprint.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
  b.base_z = 0.0f;
  b.height = height;
  return b;
}

// Flat ground at z = 0 over [-300, 300]^2 with two buildings inside the watched square.
dpt::world::District loop_district() {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = 301;
  g.ny = 301;
  g.x0 = -300.0;
  g.y0 = 300.0;
  g.dx = 2.0;
  g.dy = 2.0;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 0.0f);
  d.buildings.push_back(box_building(30.0, 10.0, 45.0, 30.0, 20.0f));
  d.buildings.push_back(box_building(-50.0, -40.0, -35.0, -25.0, 12.0f));
  return d;
}

dpt::world::Camera pole(std::int32_t id, double x, double y, double yaw) {
  dpt::world::Camera c;
  c.id = id;
  c.pose = {x, y, 15.0, yaw, -10.0, 0.0};
  return c;
}

}  // namespace

TEST_CASE("Closed loop: simulated cameras → georeference → ground tracker, MOTA > 80") {
  const auto d = loop_district();
  const auto world = dpt::physics::CollisionWorld::build(d);
  // South, east and west of the square [-80, 80]^2, looking in.
  const std::vector<dpt::world::Camera> cams = {pole(1, 0.0, -150.0, 0.0), pole(2, 150.0, 0.0, 270.0),
                                                pole(3, -150.0, 40.0, 90.0)};
  MoverGenParams gp;
  gp.area = {-80.0, -80.0, 80.0, 80.0};
  gp.people = 14;
  gp.vehicles = 6;
  gp.waypoints = 3;
  const std::vector<Mover> movers = generate_movers(gp, 2026);
  SensorSimParams sp;  // pixel noise 1 px, 90 % detection, 0.2 false alarms per frame
  const SensorSim sim(cams, *world, d.terrain, movers, sp, 7);
  GeorefParams geo;
  geo.pixel_sigma = 1.5;
  GroundTracker tracker;
  tracker.reserve(256, 64);

  constexpr int kFrames = 300;            // 60 s at 5 Hz
  constexpr std::int64_t kPeriod = 200'000;
  constexpr std::int64_t kStagger = 50'000;  // cameras are not synchronised
  std::vector<GroundPoint> gt, hyp;
  std::vector<GroundMeasurement> batch;
  std::vector<MoverState> truth;
  SimFrame sf;
  std::int64_t boxes = 0, fixes = 0;
  for (int f = 0; f < kFrames; ++f) {
    const std::int64_t t = f * kPeriod;
    for (std::size_t c = 0; c < cams.size(); ++c) {
      const std::int64_t tc = t + static_cast<std::int64_t>(c) * kStagger;
      sim.frame(c, static_cast<std::uint64_t>(f), tc, sf);
      batch.clear();
      for (const BoxDetection& b : sf.frame.boxes) {
        ++boxes;
        const GroundFix fix = georeference(*world, cams[c], b, geo);
        if (!fix.ok) continue;
        ++fixes;
        GroundMeasurement m;
        m.x = fix.x;
        m.y = fix.y;
        m.cxx = fix.cxx;
        m.cxy = fix.cxy;
        m.cyy = fix.cyy;
        m.cls = b.cls;
        m.score = b.score;
        m.camera_id = cams[c].id;
        batch.push_back(m);
      }
      tracker.update(tc, cams[c].id, batch);
    }
    const std::int64_t t_eval = t + static_cast<std::int64_t>(cams.size() - 1) * kStagger;
    if (f % 5 == 4) tracker.advance(t_eval);
    // Truth: the movers some camera can see; hypotheses: confirmed tracks, predicted to t_eval.
    sim.truth(t_eval, truth);
    for (const MoverState& s : truth) {
      bool seen = false;
      for (std::size_t c = 0; c < cams.size() && !seen; ++c) seen = sim.visible(c, s);
      if (seen) gt.push_back({f + 1, s.id, s.x, s.y});
    }
    for (const GroundTrack& tr : tracker.tracks()) {
      if (tr.state != TrackState::confirmed) continue;
      double x, y;
      predict_position(tr, t_eval, x, y);
      hyp.push_back({f + 1, static_cast<std::int32_t>(tr.id), x, y});
    }
  }
  const MotMetrics m = evaluate_points(gt, hyp, kFrames, 2.0);
  REQUIRE(m.ok());
  std::printf("fusion loop: %lld boxes, %lld on the ground, %llu tracks started, %d gt ids; MOTA %.1f MOTP %.3f "
              "IDF1 %.1f HOTA %.1f (FP %lld, FN %lld, IDSW %lld)\n",
              static_cast<long long>(boxes), static_cast<long long>(fixes),
              static_cast<unsigned long long>(tracker.tracks_started()), m.gt_ids, m.clear.mota, m.clear.motp,
              m.id.idf1, m.hota.hota, static_cast<long long>(m.clear.fp), static_cast<long long>(m.clear.fn),
              static_cast<long long>(m.clear.idsw));
  CHECK(m.gt_ids >= 15);  // the cameras really see most movers
  CHECK(m.clear.mota > 80.0);
  CHECK(m.id.idf1 > 70.0);
}
