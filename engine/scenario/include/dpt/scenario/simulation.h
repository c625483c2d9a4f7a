#pragma once
// One run's live state: the stages of a scenario, the world they share and the clock. The runner
// drives it from the scenario's injects; replay drives it from a recording; later the console
// and live feeds drive it from their command queues. Everything that changes the world goes
// through apply() at a step boundary.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/scenario/scenario.h"

namespace dpt::scenario {

class Simulation {
 public:
  explicit Simulation(const Scenario& s);

  // Allocates every stage's state; the clock is at the scenario start, step 0.
  void init();
  // Applies a command at the current step boundary (validated already).
  void apply(const Command& c);
  // Advances all stages, in order, by one step.
  void step();

  std::uint32_t step_index() const { return step_; }
  std::int64_t now_us() const { return static_cast<std::int64_t>(step_) * scenario_.step.us; }
  // Digest of the whole state: step index and every stage's state.
  std::uint64_t digest() const;
  // Snapshot and restore of the whole state.
  std::vector<std::uint8_t> save() const;
  bool load(std::span<const std::uint8_t> data);

  void define_kpis(sim::KpiTable& k);
  void sample_kpis(sim::KpiTable& k);
  World& world() { return world_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t commands_applied() const { return commands_applied_; }

 private:
  sim::StepContext context() const;

  const Scenario& scenario_;
  World world_;
  std::uint32_t step_ = 0;
  std::uint64_t commands_applied_ = 0;
};

// Commands as JSON objects {"t_s":…, "command":"wind.set", "source":…, "args":{…}} (recordings).
std::string command_to_json(const Command& c);
Result<Command> command_from_json(const std::string& json);

}  // namespace dpt::scenario
