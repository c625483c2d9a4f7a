#pragma once
// A scenario: the district, the time span, the seed, the modules with their parameters, the
// injects and the outputs, read strictly from a TOML file (docs/scenarios.md lists every key).
// Loading validates everything in one pass and builds every module's Model, so `dptwin validate`
// finds every error that `dptwin run` would.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/config.h"
#include "dpt/core/result.h"
#include "dpt/core/time.h"
#include "dpt/geo/local_frame.h"
#include "dpt/scenario/stage.h"
#include "dpt/sim/common/build_context.h"

namespace dpt::scenario {

struct District {
  std::string name;
  std::string crs = "EPSG:4547";
  geo::LonLat origin;
  double west = 0, south = 0, east = 0, north = 0;  // lon/lat bounds
  std::optional<std::filesystem::path> path;        // a district folder (assets/...), when given
};

struct Outputs {
  Duration kpi_every = Duration::minutes(1);
  Duration snapshot_every = Duration::hours(1);
  Duration chunk_every;  // derived: steps per recording chunk * step
  bool fields = true;    // final fields as GeoTIFF + quicklook PNG
};

// A timed command: applied at the first step boundary at or after `at`.
struct Command {
  std::int64_t t_us = 0;     // from the scenario start
  std::string name;          // "wind.set"
  ConfigValue args;          // a table
  std::string source;        // "scenario" for injects; "console", "live" later
};

struct Scenario {
  // Where it came from (kept verbatim in the recording so that a replay rebuilds it exactly).
  std::filesystem::path file;
  std::filesystem::path base_dir;
  std::string text;
  std::vector<std::string> overrides;
  std::uint64_t content_hash = 0;

  std::string name;
  std::string description;
  ZonedInstant start;
  Duration duration;
  Duration step;
  std::uint64_t seed = 0;
  District district;
  Outputs outputs;
  std::vector<Command> injects;  // sorted by time

  // Built from the above: the district frame and the stages in run order.
  std::shared_ptr<geo::LocalFrame> frame;
  sim::BuildContext build;
  std::vector<std::unique_ptr<Stage>> stages;

  std::uint32_t steps() const { return static_cast<std::uint32_t>(duration.us / step.us); }
  Stage* stage(std::string_view name) const;
};

// Reads and validates a scenario file; `overrides` are "dotted.key=value" (the CLI's --set).
Result<std::unique_ptr<Scenario>> load_scenario(const std::filesystem::path& file,
                                                const std::vector<std::string>& overrides);
// The same from text already read (replay uses the text stored in the recording).
Result<std::unique_ptr<Scenario>> load_scenario_text(std::string text, const std::filesystem::path& file,
                                                     const std::filesystem::path& base_dir,
                                                     const std::vector<std::string>& overrides);

// Checks a command against the scenario's stages (name and arguments); errors go to `errors`.
bool validate_command(const Scenario& s, const Command& c, ErrorList& errors);

}  // namespace dpt::scenario
