// dptwin: the command line of the Dapeng digital twin.
#include <cstdio>

#include "commands.h"
#include "dpt/core/version.h"

int main(int argc, char** argv) {
  dpt::app::AppState state;
  for (int i = 0; i < argc; ++i) state.command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{
      "dptwin - a digital twin of Dapeng New District, Shenzhen.\n"
      "Runs scenarios (wind, tracers; traffic, crowds, typhoon and hazmat as they land), records\n"
      "every run so that it replays exactly, validates scenario files, and builds, inspects and samples\n"
      "the static district (terrain, buildings, roads, sites, cameras). `live` fuses camera detections and\n"
      "sensor readings (file, UDP or MQTT feeds) into tracks and alerts; `track` runs the tracker on\n"
      "MOTChallenge sequences.\n"
      "Exit status: 0 ok, 1 failure at run time, 2 bad input or usage.",
      "dptwin"};
  app.set_version_flag("--version", std::string("dptwin ") + dpt::kEngineVersion);
  app.require_subcommand(1);
  app.fallthrough(false);
  dpt::app::add_run_command(app, state);
  dpt::app::add_validate_command(app, state);
  dpt::app::add_replay_command(app, state);
  dpt::app::add_info_command(app, state);
  dpt::app::add_district_command(app, state);
  dpt::app::add_render_command(app, state);
  dpt::app::add_view_command(app, state);
  dpt::app::add_live_command(app, state);
  dpt::app::add_sumo_command(app, state);
  dpt::app::add_feed_command(app, state);
  dpt::app::add_bench_command(app, state);
  dpt::app::add_track_command(app, state);
  // An unknown verb gets its name in the message (CLI11 alone says only "A subcommand is required").
  if (argc > 1 && argv[1][0] != '-') {
    std::string verbs;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
      known = known || sub->get_name() == argv[1];
    }
    if (!known) {
      std::fprintf(stderr, "dptwin: unknown verb '%s' (verbs: %s); see dptwin --help\n", argv[1], verbs.c_str());
      return dpt::app::kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return dpt::app::kExitBadInput;
  }
  return state.exit_code;
}
