// dptwin replay RUN_DIR: re-runs a recording and checks every step's state digest.
#include <cstdio>

#include "commands.h"
#include "dpt/core/digest.h"
#include "dpt/scenario/replay.h"

namespace dpt::app {

void add_replay_command(CLI::App& app, AppState& state) {
  auto dir = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(0);
  auto quiet = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("replay", "Replay a run's recording and verify that every step reproduces exactly");
  cmd->add_option("RUN_DIR", *dir, "A run directory (or its recording.dptrec)")->required();
  cmd->add_option("--threads", *threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_flag("-q,--quiet", *quiet, "No progress display");
  cmd->callback([&state, dir, threads, quiet] {
    scenario::ReplayOptions o;
    o.threads = *threads;
    o.progress = *quiet ? scenario::ProgressMode::none : scenario::ProgressMode::automatic;
    o.stop = install_stop_handler();
    auto r = scenario::replay(*dir, o);
    if (!r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      state.exit_code = kExitBadInput;
      return;
    }
    const scenario::ReplayReport& rep = *r;
    std::printf("recording: %u steps, run status '%s'\n", rep.steps_recorded, rep.recorded_status.c_str());
    std::printf("replayed:  %u steps verified, %u snapshots verified\n", rep.steps_verified, rep.snapshots_verified);
    if (rep.damage)
      std::printf("damaged:   chunk %llu at byte %llu: %s; replayed up to the last good chunk\n",
                  static_cast<unsigned long long>(rep.damage->chunk), static_cast<unsigned long long>(rep.damage->byte_offset),
                  rep.damage->reason.c_str());
    else if (rep.recorded_status == "unfinished")
      std::printf("unfinished: the recording has no END chunk (the run was killed); replayed what is there\n");
    if (rep.first_mismatch) std::printf("MISMATCH:  the state after step %u differs from the recording\n", *rep.first_mismatch);
    std::printf("final digest %s", hex64(rep.final_digest).c_str());
    if (rep.recorded_final_digest)
      std::printf(" (recorded %s: %s)", hex64(*rep.recorded_final_digest).c_str(),
                  *rep.recorded_final_digest == rep.final_digest ? "match" : "DIFFERENT");
    std::printf("\n");
    const bool digest_ok = !rep.recorded_final_digest || *rep.recorded_final_digest == rep.final_digest;
    state.exit_code = rep.ok() && digest_ok ? kExitOk : kExitFailure;
  });
}

}  // namespace dpt::app
