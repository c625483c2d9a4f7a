#pragma once
// What every domain's step() is told by the runner. A domain never reads a wall clock.
#include <cstdint>

#include "dpt/core/time.h"

namespace dpt::sim {

struct StepContext {
  std::uint32_t step = 0;  // index of this step; the state after it is at clock.now() + dt
  SimClock clock;          // time at the start of the step
  Duration dt;
  std::uint64_t seed = 0;  // the run's seed, for CounterRng
};

}  // namespace dpt::sim
