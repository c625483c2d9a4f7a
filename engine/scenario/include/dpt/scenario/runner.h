#pragma once
// The fixed-step runner: applies the scenario's injects at step boundaries, steps every stage in
// order, and writes the run directory (docs/run-directory.md): run.json, kpi.json,
// events.ndjson, recording.dptrec and the domains' outputs. A stop request (Ctrl-C) ends the run
// at the next step boundary with every file complete and the recording replayable.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/scenario/progress.h"
#include "dpt/scenario/scenario.h"
#include "dpt/scenario/stage.h"

namespace dpt::scenario {

// Called at the start and then every RunOptions::frames_every of simulated time with the world as
// it stands (after the step that reached that time); returns the file it wrote, relative to the
// run directory, or an error that fails the run. The app renders frames/*.png with it (the
// scenario module knows nothing of rendering).
using FrameWriter = std::function<Result<std::string>(const World& world, Duration since_start)>;

struct RunOptions {
  std::filesystem::path out_dir;
  int threads = 0;                        // 0: all cores (recorded in run.json only)
  std::optional<Instant> until;           // stop early at this sim instant
  ProgressMode progress = ProgressMode::automatic;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler
  std::string command_line;               // for run.json
  Duration frames_every{};                // 0: no frames
  FrameWriter frame;
};

struct RunSummary {
  std::string status;  // "completed", "interrupted", "failed"
  std::uint32_t steps_planned = 0;
  std::uint32_t steps_run = 0;
  std::uint64_t final_digest = 0;
  double wall_seconds = 0.0;
  std::vector<std::string> files;  // written, relative to out_dir
};

Result<RunSummary> run(const Scenario& s, const RunOptions& options);

// Files of the run directory (contract: docs/run-directory.md).
inline constexpr const char* kRunJson = "run.json";
inline constexpr const char* kKpiJson = "kpi.json";
inline constexpr const char* kEventsNdjson = "events.ndjson";
inline constexpr const char* kRecording = "recording.dptrec";

}  // namespace dpt::scenario
