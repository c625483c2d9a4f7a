#include "live_world.h"

#include "district_locate.h"
#include "dpt/scenario/scenario.h"
#include "dpt/world/district_io.h"

namespace dpt::app {

namespace fs = std::filesystem;

Result<LiveWorld> load_live_world(const std::string& input) {
  LiveWorld w;
  auto start = parse_instant("2025-07-20T06:00:00+08:00");
  w.start = *start;
  if (input.empty()) {
    w.district_dir = default_district_dir();
  } else if (fs::is_directory(input)) {
    w.district_dir = input;
  } else {
    auto s = scenario::load_scenario(input, {});
    if (!s) return s.errors();
    w.scenario_file = input;
    w.scenario_name = (*s)->name;
    w.start = (*s)->start;
    w.district_dir = (*s)->district.path ? *(*s)->district.path : default_district_dir();
  }
  auto d = world::load_district(w.district_dir);
  if (!d) return d.errors();
  w.district = std::make_unique<world::District>(std::move(*d));
  w.collision = physics::CollisionWorld::build(*w.district);
  return w;
}

}  // namespace dpt::app
