// dptwin bench <what>: whole-system throughput, measured on the real district. Every bench verb
// prints readable lines and ends with one line of JSON holding the figures (README "Benchmarks").
#include "commands.h"

namespace dpt::app {

void add_bench_district_command(CLI::App& bench, AppState& state);
void add_bench_render_command(CLI::App& bench, AppState& state);
void add_bench_fusion_command(CLI::App& bench, AppState& state);

void add_bench_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand("bench", "Measure whole-system throughput; the last output line is one JSON object");
  cmd->require_subcommand(1);
  add_bench_district_command(*cmd, state);
  add_bench_render_command(*cmd, state);
  add_bench_fusion_command(*cmd, state);
}

}  // namespace dpt::app
