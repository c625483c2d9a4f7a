#include "dpt/scenario/playback.h"

#include <nlohmann/json.hpp>

#include "dpt/scenario/runner.h"

namespace dpt::scenario {

Result<std::unique_ptr<Scenario>> load_recorded_scenario(const RecordingContents& rc, const std::filesystem::path& file) {
  auto header = nlohmann::json::parse(rc.header_json, nullptr, false);
  if (header.is_discarded() || !header.contains("scenario_text") || !header.contains("overrides"))
    return Result<std::unique_ptr<Scenario>>::failure({file.string()},
                                                      "recording HEADER is not valid JSON with scenario_text and overrides");
  std::vector<std::string> overrides;
  for (const auto& v : header["overrides"])
    if (v.is_string()) overrides.push_back(v.get<std::string>());
  auto scenario = load_scenario_text(header["scenario_text"].get<std::string>(), header.value("scenario_file", "recorded scenario"),
                                     header.value("base_dir", ""), overrides);
  if (!scenario) {
    ErrorList e;
    e.add({file.string()}, "the recorded scenario no longer loads (a file it names may have changed or moved):");
    e.append(scenario.errors());
    return e;
  }
  return std::move(*scenario);
}

Result<std::unique_ptr<Playback>> Playback::open(const std::filesystem::path& path) {
  const std::filesystem::path file = std::filesystem::is_directory(path) ? path / kRecording : path;
  auto contents = read_recording(file);
  if (!contents) return contents.errors();
  std::unique_ptr<Playback> p(new Playback());
  p->rc_ = std::move(*contents);
  auto s = load_recorded_scenario(p->rc_, file);
  if (!s) return s.errors();
  p->scenario_ = std::move(*s);
  p->sim_ = std::make_unique<Simulation>(*p->scenario_);
  p->sim_->init();
  return p;
}

bool Playback::apply_step(std::uint32_t k) {
  const StepRecord& r = rc_.steps[k];
  if (r.step != sim_->step_index()) return false;
  for (const std::string& cj : r.commands) {
    auto c = command_from_json(cj);
    ErrorList errors;
    if (!c || !validate_command(*scenario_, *c, errors)) return false;
    sim_->apply(*c);
  }
  sim_->step();
  sim_->world().events.take();
  return true;
}

bool Playback::seek(std::uint32_t target) {
  target = std::min(target, steps());
  if (target == step()) return true;
  if (target < step()) {
    // The latest snapshot at or before the target, else a fresh start.
    const SnapshotRecord* from = nullptr;
    for (const SnapshotRecord& s : rc_.snapshots)
      if (s.step <= target && (!from || s.step > from->step)) from = &s;
    sim_ = std::make_unique<Simulation>(*scenario_);
    sim_->init();
    // Loading even the step-0 snapshot: a stage's init() need not undo what an earlier load() set.
    if (from && !sim_->load(from->state)) return false;
  } else {
    for (const SnapshotRecord& s : rc_.snapshots) {
      if (s.step > step() && s.step <= target) {
        if (!sim_->load(s.state)) return false;  // jump ahead: cheaper than stepping
      }
    }
  }
  while (step() < target)
    if (!apply_step(step())) return false;
  return true;
}

}  // namespace dpt::scenario
