#pragma once
// The verbs of the dptwin command line; each file cmd_<verb>.cpp adds one to the CLI11 app.
#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>

#include "dpt/core/result.h"

namespace dpt::app {

// Debug builds run Vulkan with the Khronos validation layer whether or not --validation is given.
#ifdef NDEBUG
inline constexpr bool kDebugBuild = false;
#else
inline constexpr bool kDebugBuild = true;
#endif

// Exit statuses (README "CLI"): 0 ok, 1 failure at run time, 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct AppState {
  int exit_code = kExitOk;
  std::string command_line;
};

// True when `r` holds a value; otherwise prints its errors (file:line: what was expected) and sets
// the exit status, so that a verb can simply return.
template <class T>
bool ok_or_report(const Result<T>& r, AppState& state, int exit_code = kExitBadInput) {
  if (r) return true;
  std::fputs(r.errors().to_string().c_str(), stderr);
  state.exit_code = exit_code;
  return false;
}

void add_run_command(CLI::App& app, AppState& state);
void add_validate_command(CLI::App& app, AppState& state);
void add_replay_command(CLI::App& app, AppState& state);
void add_info_command(CLI::App& app, AppState& state);
void add_district_command(CLI::App& app, AppState& state);
void add_render_command(CLI::App& app, AppState& state);
void add_view_command(CLI::App& app, AppState& state);
void add_bench_command(CLI::App& app, AppState& state);
void add_track_command(CLI::App& app, AppState& state);
void add_feed_command(CLI::App& app, AppState& state);
void add_live_command(CLI::App& app, AppState& state);
void add_sumo_command(CLI::App& app, AppState& state);

// Ctrl-C / SIGTERM ask a run to stop at the next step boundary; a second Ctrl-C kills at once.
const std::atomic<bool>* install_stop_handler();

}  // namespace dpt::app
