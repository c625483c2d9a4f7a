// dptwin run SCENARIO: runs a scenario and writes its run directory.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "commands.h"
#include "run_frames.h"
#include "dpt/core/log.h"
#include "dpt/core/time.h"
#include "dpt/scenario/runner.h"

namespace dpt::app {
namespace {

struct RunArgs {
  std::string scenario;
  std::string out;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string until;
  std::vector<std::string> sets;
  bool quiet = false;
  bool force = false;
  std::string progress = "auto";
  std::string frames;  // EVERY, "" = none
  std::string frame_view = "overview";
  std::string frame_size = "960x540";
};

std::filesystem::path default_out_dir(const std::string& scenario) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  return std::filesystem::path("runs") / (std::filesystem::path(scenario).stem().string() + "-" + stamp);
}

int run_verb(const RunArgs& a, const std::string& command_line) {
  namespace fs = std::filesystem;
  std::vector<std::string> overrides = a.sets;
  if (a.seed) overrides.push_back("scenario.seed=" + std::to_string(*a.seed));
  auto loaded = scenario::load_scenario(a.scenario, overrides);
  if (!loaded) {
    std::fputs(loaded.errors().to_string().c_str(), stderr);
    std::fprintf(stderr, "%s: %zu error(s); nothing was run\n", a.scenario.c_str(), loaded.errors().size());
    return kExitBadInput;
  }
  const scenario::Scenario& s = **loaded;

  scenario::RunOptions o;
  o.out_dir = a.out.empty() ? default_out_dir(a.scenario) : fs::path(a.out);
  std::error_code ec;
  if (fs::exists(o.out_dir, ec) && !fs::is_empty(o.out_dir, ec)) {
    if (!a.force) {
      std::fprintf(stderr, "dptwin run: %s exists and is not empty; choose another --out or add --force to replace it\n",
                   o.out_dir.c_str());
      return kExitBadInput;
    }
    fs::remove_all(o.out_dir, ec);
  }
  o.threads = a.threads;
  if (!a.until.empty()) {
    auto t = parse_time(a.until, s.start.instant);
    if (!t) {
      std::fprintf(stderr, "dptwin run: --until: %s\n", t.errors().items().front().message.c_str());
      return kExitBadInput;
    }
    o.until = *t;
  }
  if (a.quiet) o.progress = scenario::ProgressMode::none;
  else if (a.progress == "bar") o.progress = scenario::ProgressMode::bar;
  else if (a.progress == "lines") o.progress = scenario::ProgressMode::lines;
  else if (a.progress == "none") o.progress = scenario::ProgressMode::none;
  if (!a.frames.empty()) {
    auto every = parse_duration(a.frames);
    if (!every || every->us <= 0 || every->us % s.step.us != 0) {
      std::fprintf(stderr, "dptwin run: --frames %s: expected a positive multiple of the scenario's step (%s), e.g. 10min\n",
                   a.frames.c_str(), format_duration(s.step).c_str());
      return kExitBadInput;
    }
    FrameOptions fo;
    fo.view = a.frame_view;
    if (std::sscanf(a.frame_size.c_str(), "%dx%d", &fo.width, &fo.height) != 2 || fo.width < 16 || fo.height < 16 ||
        fo.width > 16384 || fo.height > 16384) {
      std::fprintf(stderr, "dptwin run: --frame-size %s: expected WIDTHxHEIGHT, each 16..16384\n", a.frame_size.c_str());
      return kExitBadInput;
    }
    auto writer = make_frame_writer(s, o.out_dir, fo);
    if (!writer) {
      std::fputs(writer.errors().to_string().c_str(), stderr);
      return kExitFailure;
    }
    o.frames_every = *every;
    o.frame = std::move(*writer);
  }
  o.stop = install_stop_handler();
  o.command_line = command_line;

  auto result = scenario::run(s, o);
  if (!result) {
    std::fputs(result.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  const scenario::RunSummary& r = *result;
  if (!a.quiet || r.status != "completed") {
    std::printf("%s: %s after %u of %u steps (%.2f s wall); final state digest %016llx\n", s.name.c_str(), r.status.c_str(),
                r.steps_run, r.steps_planned, r.wall_seconds, static_cast<unsigned long long>(r.final_digest));
    std::printf("outputs in %s/\n", fs::absolute(o.out_dir).lexically_normal().c_str());
    for (const std::string& f : r.files) std::printf("  %s\n", f.c_str());
    if (r.status == "interrupted") std::printf("the recording is complete up to the stop: dptwin replay %s\n", o.out_dir.c_str());
  }
  return r.status == "completed" ? kExitOk : kExitFailure;
}

}  // namespace

void add_run_command(CLI::App& app, AppState& state) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Run a scenario and write its run directory (run.json, kpi.json, events.ndjson, recording)");
  cmd->add_option("SCENARIO", a->scenario, "Scenario file (TOML, see docs/scenarios.md)")->required();
  cmd->add_option("--out", a->out, "Run directory to create (default: runs/<scenario>-<UTC time>)");
  cmd->add_option("--seed", a->seed, "Seed of the counter-based random numbers (overrides scenario.seed)");
  cmd->add_option("--threads", a->threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--until", a->until, "Stop early at TIME: an offset from the start (\"2h30min\") or an ISO 8601 instant");
  cmd->add_option("--set", a->sets, "Override a scenario key, e.g. --set modules.tracers.capacity=5000 (repeatable)");
  cmd->add_option("--progress", a->progress, "Progress display: auto (bar on a terminal, lines otherwise), bar, lines, none")
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));
  cmd->add_flag("-q,--quiet", a->quiet, "No progress and no summary (errors still go to stderr)");
  cmd->add_flag("--force", a->force, "Replace --out if it exists");
  cmd->add_option("--frames", a->frames,
                  "Render the world every EVERY of simulated time (a multiple of the step, e.g. 10min) into frames/*.png");
  cmd->add_option("--frame-view", a->frame_view, "Named view of the district for --frames (docs/views.md)")->capture_default_str();
  cmd->add_option("--frame-size", a->frame_size, "Size of the --frames images, WIDTHxHEIGHT")->capture_default_str();
  cmd->callback([&state, a] {
    if (a->quiet) log::set_level(log::Level::warn);
    state.exit_code = run_verb(*a, state.command_line);
  });
}

}  // namespace dpt::app
