#pragma once
// Private to engine/scenario: the factory of each stage.
#include "dpt/core/assert.h"
#include "dpt/scenario/stage.h"

namespace dpt::scenario {

std::unique_ptr<Stage> make_wind_stage(TableReader& params, const sim::BuildContext& ctx);
std::unique_ptr<Stage> make_tracer_stage(TableReader& params, const sim::BuildContext& ctx);
std::unique_ptr<Stage> make_traffic_stage(TableReader& params, const sim::BuildContext& ctx);

}  // namespace dpt::scenario
