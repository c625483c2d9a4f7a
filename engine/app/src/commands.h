#pragma once
// The verbs of the dptwin command line; each file cmd_<verb>.cpp adds one to the CLI11 app.
#include <CLI/CLI.hpp>

#include <atomic>

namespace dpt::app {

// Exit statuses (README "CLI"): 0 ok, 1 failure at run time, 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct AppState {
  int exit_code = kExitOk;
  std::string command_line;
};

void add_run_command(CLI::App& app, AppState& state);
void add_validate_command(CLI::App& app, AppState& state);
void add_replay_command(CLI::App& app, AppState& state);
void add_info_command(CLI::App& app, AppState& state);
void add_district_command(CLI::App& app, AppState& state);
void add_bench_command(CLI::App& app, AppState& state);

// Ctrl-C / SIGTERM ask a run to stop at the next step boundary; a second Ctrl-C kills at once.
const std::atomic<bool>* install_stop_handler();

}  // namespace dpt::app
