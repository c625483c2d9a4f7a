// dptwin validate SCENARIO: every error of a scenario file in one pass, without running it.
#include <cstdio>

#include "commands.h"
#include "dpt/scenario/scenario.h"

namespace dpt::app {

void add_validate_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and report every error in it (file:line: what was expected)");
  auto scenario = std::make_shared<std::string>();
  auto sets = std::make_shared<std::vector<std::string>>();
  cmd->add_option("SCENARIO", *scenario, "Scenario file (TOML, see docs/scenarios.md)")->required();
  cmd->add_option("--set", *sets, "Override a key before validating, e.g. --set scenario.duration=2h (repeatable)");
  cmd->callback([&state, scenario, sets] {
    auto s = scenario::load_scenario(*scenario, *sets);
    if (!s) {
      std::fputs(s.errors().to_string().c_str(), stderr);
      std::fprintf(stderr, "%s: %zu error(s)\n", scenario->c_str(), s.errors().size());
      state.exit_code = kExitBadInput;
      return;
    }
    const scenario::Scenario& sc = **s;
    std::string modules;
    for (const auto& st : sc.stages) modules += (modules.empty() ? "" : ", ") + std::string(st->name());
    std::printf("%s: ok - '%s', %s from %s in %u steps of %s; modules: %s; %zu inject(s)\n", scenario->c_str(),
                sc.name.c_str(), format_duration(sc.duration).c_str(),
                format_instant(sc.start.instant, sc.start.offset_minutes).c_str(), sc.steps(),
                format_duration(sc.step).c_str(), modules.c_str(), sc.injects.size());
  });
}

}  // namespace dpt::app
