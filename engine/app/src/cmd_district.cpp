// dptwin district info|import|sample: the static world — what a district holds, how a user's GIS
// data becomes one, and heights at given places (docs/district.md).
#include "commands.h"

namespace dpt::app {

void add_district_info_command(CLI::App& district, AppState& state);
void add_district_import_command(CLI::App& district, AppState& state);
void add_district_sample_command(CLI::App& district, AppState& state);
void add_district_map_command(CLI::App& district, AppState& state);

void add_district_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand(
      "district",
      "The static district: terrain, buildings, roads, sites, cameras and sensors (docs/district.md)");
  cmd->require_subcommand(1);
  add_district_info_command(*cmd, state);
  add_district_import_command(*cmd, state);
  add_district_sample_command(*cmd, state);
  add_district_map_command(*cmd, state);
}

}  // namespace dpt::app
