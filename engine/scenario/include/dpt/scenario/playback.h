#pragma once
// Playback of a recorded run for the viewer: the recorded scenario rebuilt, and its simulation
// moved to any recorded step — from the nearest snapshot at or before it, re-applying the recorded
// commands step by step (the same path as replay, without the checks). Seeking backwards costs at
// most one snapshot interval of steps.
#include <cstdint>
#include <filesystem>
#include <memory>

#include "dpt/core/result.h"
#include "dpt/scenario/recording.h"
#include "dpt/scenario/scenario.h"
#include "dpt/scenario/simulation.h"

namespace dpt::scenario {

// The scenario a recording was made from (text, file name, base folder and overrides from its
// HEADER). `file` names the recording in errors.
Result<std::unique_ptr<Scenario>> load_recorded_scenario(const RecordingContents& rc, const std::filesystem::path& file);

class Playback {
 public:
  // `path`: a run directory or a recording file.
  static Result<std::unique_ptr<Playback>> open(const std::filesystem::path& path);

  const Scenario& scenario() const { return *scenario_; }
  Simulation& simulation() { return *sim_; }
  std::uint32_t steps() const { return static_cast<std::uint32_t>(rc_.steps.size()); }  // recorded
  std::uint32_t step() const { return sim_->step_index(); }
  // Moves to recorded step `target` (clamped to [0, steps()]); false if the recording does not
  // reproduce on the way (a command no longer valid, a snapshot that does not load).
  bool seek(std::uint32_t target);
  bool step_forward() { return seek(step() + 1); }

 private:
  Playback() = default;
  bool apply_step(std::uint32_t k);  // recorded step k: its commands, then the step

  RecordingContents rc_;
  std::unique_ptr<Scenario> scenario_;
  std::unique_ptr<Simulation> sim_;
};

}  // namespace dpt::scenario
