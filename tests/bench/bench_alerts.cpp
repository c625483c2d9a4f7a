// The alert engine on the default district's shipped rules (assets/dapeng/alerts.toml) with 70,000
// confirmed tracks per snapshot: 60,000 people (a tenth on the beaches), 9,000 cars and 1,000 hazmat
// and muck trucks along the roads (issue 5: a snapshot at 5 Hz must leave the alert node most of
// its 200 ms).  build/default/tests/bench/bench_alerts --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <vector>

#include "dpt/fusion/alerts.h"
#include "dpt/world/district.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::fusion;

static void BM_AlertSnapshot70k(benchmark::State& state) {
  world::LoadOptions opt;
  opt.terrain = false;
  const auto district = world::load_district(DPT_SOURCE_DIR "/assets/dapeng", opt);
  if (!district.ok()) {
    state.SkipWithError("cannot load assets/dapeng");
    return;
  }
  auto rules = load_alert_rules(DPT_SOURCE_DIR "/assets/dapeng/alerts.toml", *district);
  if (!rules.ok()) {
    state.SkipWithError("cannot load alerts.toml");
    return;
  }
  AlertEngine e(std::move(*rules), *district);
  // 60,000 people (a tenth of them on the beaches), 9,000 cars, 1,000 hazmat and muck trucks
  // along the roads: a deterministic spread.
  std::vector<GroundTrack> gs;
  const auto& links = district->roads.links();
  std::vector<const world::Site*> beaches;
  for (const world::Site& s : district->sites)
    if (s.kind == world::SiteKind::beach) beaches.push_back(&s);
  for (std::uint64_t k = 0; k < 70000; ++k) {
    GroundTrack g;
    g.id = k + 1;
    g.state = TrackState::confirmed;
    if (k < 60000) {
      g.cls = ObjectClass::person;
      if (k % 10 == 0) {
        const world::Site* b = beaches[k / 10 % beaches.size()];
        g.x = b->pos.x + static_cast<double>(k % 7) - 3;
        g.y = b->pos.y + static_cast<double>(k % 5) - 2;
      } else {
        g.x = -12000.0 + static_cast<double>((k * 7919) % 24000);
        g.y = -9000.0 + static_cast<double>((k * 104729) % 20000);
      }
    } else {
      g.cls = k < 69000 ? ObjectClass::car : (k % 2 ? ObjectClass::hazmat_truck : ObjectClass::muck_truck);
      const world::RoadLink& l = links[(k * 31) % links.size()];
      g.x = l.geometry.front().x + 5.0;
      g.y = l.geometry.front().y;
    }
    gs.push_back(g);
  }
  std::vector<Alert> out;
  out.reserve(100000);
  e.on_tracks(0, gs, out);  // warm up: per-track state of the trucks
  std::int64_t t = 0;
  for (auto _ : state) {
    t += 200'000;
    out.clear();
    e.on_tracks(t, gs, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(gs.size()));
}
BENCHMARK(BM_AlertSnapshot70k)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
