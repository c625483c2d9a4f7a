#include "dpt/scenario/runner.h"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <memory>

#include "dpt/core/digest.h"
#include "dpt/core/log.h"
#include "dpt/core/version.h"
#include "dpt/scenario/recording.h"
#include "dpt/scenario/simulation.h"
#include "run_files.h"

namespace dpt::scenario {
namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return format_instant(Instant{us - us % 1'000'000}, 0);
}

Result<bool> write_run_json(const std::filesystem::path& path, const Scenario& s, const RunOptions& o,
                            const RunSummary& r, const std::string& started, std::uint64_t commands,
                            std::uint64_t events, std::uint64_t recording_bytes) {
  nlohmann::ordered_json j;
  j["status"] = r.status;
  j["engine_version"] = kEngineVersion;
  j["scenario"] = {{"name", s.name},
                   {"path", s.file.string()},
                   {"content_xxh3", hex64(s.content_hash)},
                   {"overrides", s.overrides}};
  j["seed"] = s.seed;
  j["threads"] = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  const Instant end = s.start.instant + Duration{static_cast<std::int64_t>(r.steps_run) * s.step.us};
  j["sim"] = {{"start", format_instant(s.start.instant, s.start.offset_minutes)},
              {"end", format_instant(end, s.start.offset_minutes)},
              {"step_s", s.step.to_seconds()},
              {"steps_planned", r.steps_planned},
              {"steps_run", r.steps_run}};
  const double sim_s = static_cast<double>(r.steps_run) * s.step.to_seconds();
  j["wall"] = {{"started_utc", started},
               {"seconds", r.wall_seconds},
               {"sim_per_wall", r.wall_seconds > 0 ? sim_s / r.wall_seconds : 0.0},
               {"command_line", o.command_line}};
  j["counters"] = {{"commands_applied", commands}, {"events", events}, {"recording_bytes", recording_bytes}};
  j["final_digest"] = hex64(r.final_digest);
  j["files"] = r.files;
  return write_text_file(path, j.dump(1) + "\n");
}

}  // namespace

Result<RunSummary> run(const Scenario& s, const RunOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) return Result<RunSummary>::failure({o.out_dir.string()}, "cannot create the run directory: " + ec.message());

  std::unique_ptr<tbb::global_control> threads;
  if (o.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o.threads));

  const std::string started = utc_now();
  RunSummary summary;
  summary.steps_planned = s.steps();
  if (o.until) {
    const Duration span = *o.until - s.start.instant;
    if (span.us < 0) return Result<RunSummary>::failure({}, "--until is before the scenario start");
    const std::int64_t steps = (span.us + s.step.us - 1) / s.step.us;
    summary.steps_planned = static_cast<std::uint32_t>(std::min<std::int64_t>(steps, s.steps()));
  }

  auto rec = RecordingWriter::create(o.out_dir / kRecording);
  if (!rec) return rec.errors();
  EventWriter events;
  if (!events.open(o.out_dir / kEventsNdjson, s))
    return Result<RunSummary>::failure({(o.out_dir / kEventsNdjson).string()}, "cannot create the events file");
  if (!rec->write_header(recording_header_json(s, summary.steps_planned)))
    return Result<RunSummary>::failure({(o.out_dir / kRecording).string()}, "cannot write the recording");

  Simulation sim(s);
  sim.init();
  sim::KpiTable kpis;
  sim.define_kpis(kpis);
  sim.sample_kpis(kpis);
  bool io_ok = rec->write_snapshot({0, sim.digest(), sim.save()});

  Progress progress(o.progress, Duration{static_cast<std::int64_t>(summary.steps_planned) * s.step.us}, s.name);
  const std::int64_t kpi_every = s.outputs.kpi_every.us;
  const std::int64_t snap_every = s.outputs.snapshot_every.us;
  std::size_t next_inject = 0;
  std::string status = "completed";
  std::uint64_t digest = sim.digest();
  const bool frames = o.frame && o.frames_every.us > 0;
  std::vector<std::string> frame_files;
  ErrorList frame_errors;
  bool frames_ok = true;
  const auto write_frame = [&]() {
    auto f = o.frame(sim.world(), Duration{sim.now_us()});
    if (!f) {
      frame_errors.append(f.errors());
      return false;
    }
    frame_files.push_back(*f);
    return true;
  };
  if (frames) frames_ok = write_frame();

  for (std::uint32_t k = 0; k < summary.steps_planned && io_ok && frames_ok; ++k) {
    if (o.stop && o.stop->load()) {
      status = "interrupted";
      break;
    }
    StepRecord record;
    record.step = k;
    while (next_inject < s.injects.size() && s.injects[next_inject].t_us <= sim.now_us()) {
      const Command& c = s.injects[next_inject++];
      sim.apply(c);
      record.commands.push_back(command_to_json(c));
    }
    sim.step();
    digest = sim.digest();
    record.t_us = sim.now_us();
    record.digest = digest;
    io_ok = rec->add_step(std::move(record));
    for (const sim::Event& e : sim.world().events.take()) events.write(e);
    if (sim.now_us() % kpi_every == 0) sim.sample_kpis(kpis);
    if (sim.now_us() % snap_every == 0 && k + 1 < summary.steps_planned)
      io_ok = io_ok && rec->write_snapshot({sim.step_index(), digest, sim.save()});
    if (frames && sim.now_us() % o.frames_every.us == 0) frames_ok = write_frame();
    progress.update(Duration{sim.now_us()});
  }
  if (!io_ok || !frames_ok) status = "failed";
  if (kpis.times().empty() || kpis.times().back() != sim.now_us()) sim.sample_kpis(kpis);
  for (const sim::Event& e : sim.world().events.take()) events.write(e);

  summary.status = status;
  summary.steps_run = sim.step_index();
  summary.final_digest = digest;
  summary.wall_seconds = progress.wall_seconds();
  progress.finish(Duration{sim.now_us()}, status);

  nlohmann::ordered_json end;
  end["status"] = status;
  end["steps_run"] = summary.steps_run;
  end["final_digest"] = hex64(digest);
  ErrorList errors;
  if (!rec->finish(end.dump())) errors.add({(o.out_dir / kRecording).string()}, "cannot finish the recording");
  if (!events.close()) errors.add({(o.out_dir / kEventsNdjson).string()}, "cannot write the events file");
  if (auto ok = write_kpi_json(o.out_dir / kKpiJson, s, kpis); !ok) errors.append(ok.errors());

  summary.files = {kRunJson, kKpiJson, kEventsNdjson, kRecording};
  summary.files.insert(summary.files.end(), frame_files.begin(), frame_files.end());
  errors.append(frame_errors);
  if (s.frame) {
    OutputContext out{o.out_dir, &s.build, s.outputs.fields};
    for (const auto& st : s.stages) st->write_outputs(out, summary.files, errors);
  }
  if (auto ok = write_run_json(o.out_dir / kRunJson, s, o, summary, started, sim.commands_applied(), events.count(),
                               rec->bytes_written());
      !ok)
    errors.append(ok.errors());
  if (!errors.empty()) return errors;
  if (status == "failed" && !io_ok) return Result<RunSummary>::failure({(o.out_dir / kRecording).string()}, "writing the recording failed");
  return summary;
}

}  // namespace dpt::scenario
