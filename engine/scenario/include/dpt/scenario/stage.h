#pragma once
// A stage is one module of the fixed-step loop, seen by the runner: it owns its domain's Model
// and State and adapts the domain's free functions (init, step, commands, KPIs, digest,
// snapshot) to one interface. Stages run in a fixed order; they meet through the World, whose
// fields are published by one stage and read by the ones after it.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/bytes.h"
#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"
#include "dpt/core/digest.h"
#include "dpt/sim/common/build_context.h"
#include "dpt/sim/common/events.h"
#include "dpt/sim/common/kpi.h"
#include "dpt/sim/common/step_context.h"
#include "dpt/sim/common/wind_field.h"

namespace dpt::scenario {

// Where a stage writes its domain outputs at the end of a run (docs/run-directory.md).
struct OutputContext {
  std::filesystem::path run_dir;
  const sim::BuildContext* build = nullptr;
  bool fields = true;  // [outputs] fields: write the GeoTIFF/PNG fields (other domain outputs always)
};

// What stages share during a run: published fields and the event log.
struct World {
  const sim::BuildContext* build = nullptr;
  const sim::WindField* wind = nullptr;  // published by the wind stage
  sim::EventLog events;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;

  // Allocates the State (all memory a run needs) and publishes fields into the world.
  virtual void init(World& world) = 0;
  virtual void step(World& world, const sim::StepContext& ctx) = 0;

  // Commands addressed to this stage ("wind.set" reaches the wind stage with verb "set").
  virtual bool check_command(std::string_view verb, TableReader& args) const = 0;
  virtual void apply_command(World& world, std::string_view verb, const ConfigValue& args,
                             const sim::StepContext& ctx) = 0;

  virtual void define_kpis(sim::KpiTable& kpis) = 0;
  virtual void sample_kpis(sim::KpiTable& kpis) const = 0;

  virtual void digest(Hasher& h) const = 0;
  virtual void save(ByteWriter& w) const = 0;
  virtual bool load(World& world, ByteReader& r) = 0;

  // Domain outputs (GeoTIFF fields, CSV, ...): appends the paths written, relative to the run
  // directory; errors are reported, not thrown.
  virtual void write_outputs(const OutputContext& out, std::vector<std::string>& written, ErrorList& errors) const = 0;
};

// The modules a scenario can name under [modules], in run order.
struct StageInfo {
  std::string_view name;
  std::string_view summary;
};
const std::vector<StageInfo>& known_stages();

// Builds the stage named `name` from its [modules.<name>] table; nullptr after errors.
std::unique_ptr<Stage> make_stage(std::string_view name, TableReader& params, const sim::BuildContext& ctx);

}  // namespace dpt::scenario
