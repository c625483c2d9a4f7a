#pragma once
// What the live-data verbs (live, feed simulate) need from their SCENARIO|DIR argument: the
// district, its collision world (georeferencing, occlusion) and the scenario's start instant.
#include <filesystem>
#include <memory>
#include <string>

#include "dpt/core/result.h"
#include "dpt/core/time.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district.h"

namespace dpt::app {

struct LiveWorld {
  std::filesystem::path district_dir;
  std::filesystem::path scenario_file;  // empty when the argument was a district directory
  std::string scenario_name;
  ZonedInstant start;  // the scenario's start, or 2025-07-20T06:00:00+08:00 for a bare district
  std::unique_ptr<world::District> district;
  std::unique_ptr<physics::CollisionWorld> collision;
};

// `input`: a scenario file (its district, or the default district when it names none) or a district
// directory; empty: the default district. Errors name the file and what was wrong.
Result<LiveWorld> load_live_world(const std::string& input);

}  // namespace dpt::app
