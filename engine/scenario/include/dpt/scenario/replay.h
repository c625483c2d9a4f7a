#pragma once
// Replay: rebuilds a run from its recording (the scenario text, overrides and seed are in the
// HEADER), re-applies the recorded commands at their steps, and checks the state digest after
// every step and the state against every snapshot. A damaged recording replays up to its last
// good chunk, and the report says where it broke.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "dpt/core/result.h"
#include "dpt/scenario/progress.h"
#include "dpt/scenario/recording.h"

namespace dpt::scenario {

struct ReplayReport {
  std::string recorded_status;     // from the END chunk; "unfinished" when there is none
  std::uint32_t steps_recorded = 0;
  std::uint32_t steps_verified = 0;
  std::uint32_t snapshots_verified = 0;
  std::optional<std::uint32_t> first_mismatch;  // step whose digest differs
  std::uint64_t final_digest = 0;               // after the last verified step
  std::optional<std::uint64_t> recorded_final_digest;  // from the END chunk
  std::optional<RecordingDamage> damage;
  bool interrupted = false;  // by a stop request

  // Every recorded step was reproduced and the recording is whole.
  bool ok() const { return !first_mismatch && !damage && !interrupted && recorded_status != "unfinished"; }
};

struct ReplayOptions {
  ProgressMode progress = ProgressMode::automatic;
  const std::atomic<bool>* stop = nullptr;
  int threads = 0;
};

// `path`: a run directory or a recording file.
Result<ReplayReport> replay(const std::filesystem::path& path, const ReplayOptions& options);

}  // namespace dpt::scenario
