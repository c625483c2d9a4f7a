#include "dpt/scenario/replay.h"

#include <tbb/global_control.h>

#include <nlohmann/json.hpp>

#include <memory>

#include "dpt/core/digest.h"
#include "dpt/scenario/playback.h"
#include "dpt/scenario/runner.h"
#include "dpt/scenario/simulation.h"

namespace dpt::scenario {

Result<ReplayReport> replay(const std::filesystem::path& path, const ReplayOptions& o) {
  namespace fs = std::filesystem;
  const fs::path file = fs::is_directory(path) ? path / kRecording : path;
  auto contents = read_recording(file);
  if (!contents) return contents.errors();
  const RecordingContents& rc = *contents;

  auto scenario = load_recorded_scenario(rc, file);
  if (!scenario) return scenario.errors();
  const Scenario& s = **scenario;

  std::unique_ptr<tbb::global_control> threads;
  if (o.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));

  ReplayReport report;
  report.damage = rc.damage;
  report.steps_recorded = static_cast<std::uint32_t>(rc.steps.size());
  if (rc.end_json) {
    auto end = nlohmann::json::parse(*rc.end_json, nullptr, false);
    report.recorded_status = end.is_discarded() ? "unknown" : end.value("status", "unknown");
    if (!end.is_discarded() && end.contains("final_digest") && end["final_digest"].is_string())
      report.recorded_final_digest = std::stoull(end["final_digest"].get<std::string>(), nullptr, 16);
  } else {
    report.recorded_status = "unfinished";
  }

  Simulation sim(s);
  sim.init();
  std::size_t next_snapshot = 0;
  auto check_snapshot = [&]() -> bool {
    while (next_snapshot < rc.snapshots.size() && rc.snapshots[next_snapshot].step <= sim.step_index()) {
      const SnapshotRecord& snap = rc.snapshots[next_snapshot++];
      if (snap.step != sim.step_index()) continue;
      if (snap.digest != sim.digest() || snap.state != sim.save()) return false;
      ++report.snapshots_verified;
    }
    return true;
  };
  if (!check_snapshot()) report.first_mismatch = 0;
  report.final_digest = sim.digest();

  Progress progress(o.progress, Duration{static_cast<std::int64_t>(rc.steps.size()) * s.step.us}, "replay " + s.name);
  for (const StepRecord& r : rc.steps) {
    if (report.first_mismatch) break;
    if (o.stop && o.stop->load()) {
      report.interrupted = true;
      break;
    }
    if (r.step != sim.step_index()) {
      report.first_mismatch = r.step;
      break;
    }
    for (const std::string& cj : r.commands) {
      auto c = command_from_json(cj);
      ErrorList errors;
      if (!c || !validate_command(s, *c, errors)) {
        report.first_mismatch = r.step;
        break;
      }
      sim.apply(*c);
    }
    if (report.first_mismatch) break;
    sim.step();
    sim.world().events.take();
    const std::uint64_t d = sim.digest();
    if (d != r.digest || sim.now_us() != r.t_us || !check_snapshot()) {
      report.first_mismatch = r.step;
      break;
    }
    report.final_digest = d;
    ++report.steps_verified;
    progress.update(Duration{sim.now_us()});
  }
  progress.finish(Duration{sim.now_us()}, report.first_mismatch ? "mismatch" : "done");
  return report;
}

}  // namespace dpt::scenario
