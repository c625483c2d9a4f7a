// Scenario files: what a valid one loads to, and strict validation (every error in one pass, each
// with file and line).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dpt/core/digest.h"
#include "scenario_test_util.h"

using namespace dpt;
using namespace dpt::test;
using dpt::scenario::Command;
using dpt::scenario::Scenario;

namespace {

// Loads `text` expecting failure; returns the errors.
ErrorList load_errors(const std::string& text, const std::vector<std::string>& overrides = {},
                      const fs::path& base_dir = fs::path(DPT_SOURCE_DIR) / "scenarios") {
  auto r = scenario::load_scenario_text(text, "test.toml", base_dir, overrides);
  REQUIRE_FALSE(r.ok());
  REQUIRE_FALSE(r.errors().empty());
  return r.errors();
}

// The errors whose message contains `needle`.
std::vector<Error> with_message(const ErrorList& errors, std::string_view needle) {
  std::vector<Error> out;
  for (const Error& e : errors)
    if (e.message.find(needle) != std::string::npos) out.push_back(e);
  return out;
}

// Exactly one error mentions `needle`; it is in test.toml at `line`.
void expect_error_at(const ErrorList& errors, std::string_view needle, int line) {
  INFO("errors:\n" << errors.to_string() << "looking for '" << needle << "' at line " << line);
  const auto found = with_message(errors, needle);
  REQUIRE(found.size() == 1);
  CHECK(found[0].where.file == "test.toml");
  CHECK(found[0].where.line == line);
  // The printed form names file and line, as `dptwin validate` shows it.
  CHECK(found[0].to_string().rfind("test.toml:" + std::to_string(line) + ":", 0) == 0);
}

// Removes the text from `from` (included) up to `to` (excluded); both must be there.
std::string erase_between(std::string text, std::string_view from, std::string_view to) {
  const auto a = text.find(from);
  REQUIRE(a != std::string::npos);
  const auto b = text.find(to, a);
  REQUIRE(b != std::string::npos);
  text.erase(a, b - a);
  return text;
}

constexpr std::int64_t kMinute = 60'000'000;

}  // namespace

TEST_CASE("a valid scenario loads with every field") {
  const std::string text = minimal_scenario();
  auto s = load_text(text);

  CHECK(s->name == "unit test scenario");
  CHECK(s->description == "small scenario for the scenario module's tests");
  // 06:00 at +08:00 is 22:00 UTC the day before.
  const std::int64_t expected_us = (days_from_civil(2025, 7, 19) * 86400 + 22 * 3600) * 1'000'000LL;
  CHECK(s->start.instant.us_since_unix == expected_us);
  CHECK(s->start.offset_minutes == 480);
  CHECK(format_instant(s->start.instant, s->start.offset_minutes) == "2025-07-20T06:00:00+08:00");
  CHECK(s->step == Duration::seconds(10));
  CHECK(s->duration == Duration::minutes(20));
  CHECK(s->steps() == 120);
  CHECK(s->seed == 7);

  CHECK(s->district.name == "Dapeng New District");
  CHECK(s->district.crs == "EPSG:4547");
  CHECK(s->district.west == Approx(114.33));
  CHECK(s->district.north == Approx(22.67));
  REQUIRE(s->frame != nullptr);
  CHECK(s->build.frame == s->frame.get());
  // The district is about 30 km x 25 km around its centre.
  CHECK(s->build.extent.x0 < -10'000);
  CHECK(s->build.extent.x1 > 10'000);
  CHECK(s->build.extent.x1 - s->build.extent.x0 == Approx(31'000).margin(2'000));
  CHECK(s->build.extent.y1 - s->build.extent.y0 == Approx(25'500).margin(2'000));

  CHECK(s->outputs.kpi_every == Duration::minutes(5));
  CHECK(s->outputs.snapshot_every == Duration::minutes(10));
  CHECK_FALSE(s->outputs.fields);

  REQUIRE(s->stages.size() == 2);
  CHECK(s->stages[0]->name() == "wind");
  CHECK(s->stages[1]->name() == "tracers");
  CHECK(s->stage("wind") == s->stages[0].get());
  CHECK(s->stage("tracers") == s->stages[1].get());
  CHECK(s->stage("traffic") == nullptr);

  // Sorted by time; injects at the same time keep their file order.
  REQUIRE(s->injects.size() == 3);
  CHECK(s->injects[0].name == "wind.set");
  CHECK(s->injects[0].t_us == 5 * kMinute);
  CHECK(s->injects[1].name == "run.note");
  CHECK(s->injects[1].t_us == 5 * kMinute);
  CHECK(s->injects[2].name == "tracers.release");
  CHECK(s->injects[2].t_us == 10 * kMinute);
  for (const Command& c : s->injects) {
    CHECK(c.source == "scenario");
    CHECK(c.args.kind == ConfigValue::Kind::table);
    CHECK(c.args.find("at") == nullptr);
    CHECK(c.args.find("command") == nullptr);
  }
  REQUIRE(s->injects[0].args.find("speed") != nullptr);
  CHECK(s->injects[0].args.find("speed")->text == "2.5 m/s");
  REQUIRE(s->injects[2].args.find("count") != nullptr);
  CHECK(s->injects[2].args.find("count")->integer == 2000);

  // Where it came from is kept for the recording.
  CHECK(s->text == text);
  CHECK(s->file == fs::path("test.toml"));
  CHECK(s->overrides.empty());
  CHECK(s->content_hash == hash64(text));
}

TEST_CASE("the content hash follows the text") {
  auto a = load_text(minimal_scenario());
  auto b = load_text(replace(minimal_scenario(), "seed = 7", "seed = 8"));
  CHECK(a->content_hash != b->content_hash);
  CHECK(b->seed == 8);
}

TEST_CASE("optional keys take their defaults") {
  std::string text = replace(minimal_scenario(), "seed = 7\n", "");
  text = erase_between(text, "[outputs]", "[modules.wind]");
  auto s = load_text(text);
  CHECK(s->seed == 1);
  CHECK(s->outputs.kpi_every == Duration::minutes(1));
  CHECK(s->outputs.snapshot_every == Duration::hours(1));
  CHECK(s->outputs.fields);
}

TEST_CASE("an inject may be given as an absolute instant") {
  auto s = load_text(replace(minimal_scenario(), "at = \"10min\"", "at = 2025-07-20T06:12:00+08:00"));
  REQUIRE(s->injects.size() == 3);
  CHECK(s->injects.back().name == "tracers.release");
  CHECK(s->injects.back().t_us == 12 * kMinute);
}

TEST_CASE("load_scenario reads a file and resolves relative paths against its folder") {
  TempDir dir("load");
  fs::create_directories(dir / "assets");
  const std::string text = replace(minimal_scenario(), "crs = \"EPSG:4547\"", "crs = \"EPSG:4547\"\npath = \"assets\"");
  write_text(dir / "s.toml", text);

  auto r = scenario::load_scenario(dir / "s.toml", {});
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Scenario& s = **r;
  CHECK(s.file == dir / "s.toml");
  CHECK(s.base_dir == dir.path());
  CHECK(s.text == text);
  REQUIRE(s.district.path.has_value());
  CHECK(*s.district.path == dir / "assets");

  // The same scenario moved elsewhere no longer finds its folder.
  TempDir other("load2");
  write_text(other / "s.toml", text);
  auto moved = scenario::load_scenario(other / "s.toml", {});
  REQUIRE_FALSE(moved.ok());
  REQUIRE(moved.errors().size() == 1);
  CHECK(moved.errors().items()[0].message.find("file not found") != std::string::npos);
  CHECK(moved.errors().items()[0].where.file == (other / "s.toml").string());
  CHECK(moved.errors().items()[0].where.line == line_of(text, "path = \"assets\""));
}

TEST_CASE("a scenario file that cannot be read is one error naming it") {
  auto r = scenario::load_scenario("/no/such/dir/scenario.toml", {});
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors().items()[0].where.file == "/no/such/dir/scenario.toml");
  CHECK(r.errors().items()[0].message.find("cannot read") != std::string::npos);
}

TEST_CASE("misspelt key, wrong type and missing file: exactly three errors, each with its line") {
  std::string text = replace(minimal_scenario(), "description = ", "descripton = ");
  text = replace(text, "seed = 7", "seed = \"seven\"");
  text = replace(text, "crs = \"EPSG:4547\"", "crs = \"EPSG:4547\"\npath = \"no/such/dir\"");
  const ErrorList errors = load_errors(text);
  INFO(errors.to_string());
  CHECK(errors.size() == 3);
  expect_error_at(errors, "'descripton'", line_of(text, "descripton ="));
  CHECK(with_message(errors, "did you mean 'description'?").size() == 1);
  expect_error_at(errors, "'seed' in [scenario] must be an integer", line_of(text, "seed = \"seven\""));
  expect_error_at(errors, "file not found", line_of(text, "path = \"no/such/dir\""));
}

TEST_CASE("misspelt 'duration', wrong type and a missing stations file are all reported in one pass") {
  std::string text = replace(minimal_scenario(), "duration = ", "durration = ");
  text = replace(text, "seed = 7", "seed = \"seven\"");
  text = replace(text, "turbulence_time_scale = \"2min\"", "turbulence_time_scale = \"2min\"\nstations_file = \"missing.csv\"");
  const ErrorList errors = load_errors(text);
  INFO(errors.to_string());
  expect_error_at(errors, "unknown key 'durration' in [scenario]; did you mean 'duration'?", line_of(text, "durration ="));
  expect_error_at(errors, "'seed' in [scenario] must be an integer", line_of(text, "seed = \"seven\""));
  expect_error_at(errors, "'stations_file' in [modules.wind]: file not found", line_of(text, "stations_file ="));
  // Every error names the file and a line.
  for (const Error& e : errors) {
    CHECK(e.where.file == "test.toml");
    CHECK(e.where.line > 0);
  }
  // The misspelling also leaves 'duration' missing, which is reported at its table; consequences
  // of the three mistakes (injects "outside" a zero-length scenario, commands for a wind module
  // that failed to build) must not be reported as further errors.
  expect_error_at(errors, "missing key 'duration' in [scenario]", line_of(text, "[scenario]"));
  CHECK(errors.size() == 4);
}

TEST_CASE("quantities need a known unit") {
  SECTION("a bad unit") {
    const std::string text = replace(minimal_scenario(), "speed = \"2 m/s\"", "speed = \"12 m/h\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'speed' in [modules.wind].keyframes[0]", line_of(text, "12 m/h"));
  }
  SECTION("a bare number") {
    const std::string text = replace(minimal_scenario(), "diffusivity = \"50 m2/s\"", "diffusivity = 50");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'diffusivity' in [modules.tracers] needs a unit", line_of(text, "diffusivity = 50"));
  }
  SECTION("a bare number in an inject") {
    const std::string text = replace(minimal_scenario(), "speed = \"2.5 m/s\"", "speed = 2.5");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "needs a unit", line_of(text, "speed = 2.5"));
  }
  SECTION("a diffusivity beyond any atmosphere") {
    const std::string text = replace(minimal_scenario(), "diffusivity = \"50 m2/s\"", "diffusivity = \"1e308 m2/s\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'diffusivity' in [modules.tracers] must be between", line_of(text, "1e308 m2/s"));
  }
  SECTION("a duration without its unit") {
    const std::string text = replace(minimal_scenario(), "step = \"10s\"", "step = \"10\"");
    const ErrorList errors = load_errors(text);
    expect_error_at(errors, "'step' in [scenario]", line_of(text, "step = \"10\""));
  }
}

TEST_CASE("a module that fails to build does not turn its injects into errors") {
  // The wind module has an error; the wind.set inject is not reported as naming a module the
  // scenario "does not run", and the tracers (which need the wind) do not add errors either.
  const std::string text = replace(minimal_scenario(), "cell = \"1000 m\"", "cell = \"1000\"");
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "'cell' in [modules.wind]", line_of(text, "cell = \"1000\""));
  CHECK(with_message(errors, "does not run").empty());
}

TEST_CASE("an unknown module is reported with a suggestion") {
  const std::string text = minimal_scenario() + "\n[modules.tracer]\ncapacity = 10\n";
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "unknown module 'tracer' in [modules]; did you mean 'tracers'?", line_of(text, "[modules.tracer]\n"));
  CHECK(with_message(errors, "(modules: wind, tracers, traffic)").size() == 1);
}

TEST_CASE("an unknown top-level table is reported with a suggestion") {
  const std::string text = minimal_scenario() + "\n[outptus]\nfields = true\n";
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "unknown key 'outptus' in the scenario file; did you mean 'outputs'?", line_of(text, "[outptus]"));
}

TEST_CASE("missing required tables and keys") {
  SECTION("no [district]") {
    const std::string text = erase_between(minimal_scenario(), "[district]", "[outputs]");
    const ErrorList errors = load_errors(text);
    CHECK(with_message(errors, "missing key 'district'").size() == 1);
  }
  SECTION("no name") {
    const std::string text = replace(minimal_scenario(), "name = \"unit test scenario\"\n", "");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "missing key 'name' in [scenario]", 1);
  }
}

TEST_CASE("the duration must be a whole number of steps") {
  const std::string text = replace(minimal_scenario(), "duration = \"20min\"", "duration = \"20min5s\"");
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "is not a whole number of steps of 10s", line_of(text, "duration = "));
}

TEST_CASE("step and duration must be positive") {
  const std::string text = replace(minimal_scenario(), "step = \"10s\"", "step = \"0s\"");
  const ErrorList errors = load_errors(text);
  expect_error_at(errors, "'step' in [scenario] must be positive", line_of(text, "step = \"0s\""));
}

TEST_CASE("output intervals must be whole numbers of steps") {
  const std::string text = replace(minimal_scenario(), "kpi_every = \"5min\"", "kpi_every = \"15s\"");
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "'kpi_every' in [outputs] must be a positive whole number of steps", line_of(text, "kpi_every"));
}

TEST_CASE("injects must fall inside the scenario") {
  for (const char* at : {"\"20min\"", "\"25min\"", "2025-07-20T05:59:50+08:00"}) {
    INFO("at = " << at);
    const std::string text = replace(minimal_scenario(), "at = \"10min\"", std::string("at = ") + at);
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'at' in [[injects]] #1 is outside the scenario",
                    line_of(text, std::string("at = ") + at + "\ncommand = \"tracers.release\""));
  }
  // The last step boundary is still inside.
  auto s = load_text(replace(minimal_scenario(), "at = \"10min\"", "at = \"19min50s\""));
  CHECK(s->injects.back().t_us == 19 * kMinute + 50'000'000);
}

TEST_CASE("an inject needs a time and a known command") {
  SECTION("unknown verb of a module") {
    const std::string text = replace(minimal_scenario(), "command = \"wind.set\"", "command = \"wind.blow\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    CHECK(with_message(errors, "unknown wind command 'wind.blow'").size() == 1);
    CHECK(errors.items()[0].where.file == "test.toml");
    CHECK(errors.items()[0].where.line > 0);
  }
  SECTION("a module the scenario does not run") {
    const std::string text = replace(minimal_scenario(), "command = \"wind.set\"", "command = \"fire.start\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    CHECK(with_message(errors, "command 'fire.start' names module 'fire'").size() == 1);
  }
  SECTION("an unknown run command") {
    const std::string text = replace(minimal_scenario(), "command = \"run.note\"", "command = \"run.stop\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    CHECK(with_message(errors, "unknown command 'run.stop'").size() == 1);
  }
  SECTION("a bad argument of a known command") {
    const std::string text = replace(minimal_scenario(), "from_deg = 135", "from_dge = 135");
    const ErrorList errors = load_errors(text);
    expect_error_at(errors, "unknown key 'from_dge'", line_of(text, "from_dge"));
    CHECK(with_message(errors, "missing key 'from_deg'").size() == 1);
  }
  SECTION("no 'at' and no 'command'") {
    const std::string text = minimal_scenario() + "\n[[injects]]\ntext = \"orphan\"\n";
    const ErrorList errors = load_errors(text);
    CHECK(with_message(errors, "[[injects]] #4 needs 'at'").size() == 1);
    CHECK(with_message(errors, "[[injects]] #4 needs 'command'").size() == 1);
  }
}

TEST_CASE("tracers need the wind module") {
  std::string text = erase_between(minimal_scenario(), "[modules.wind]", "[modules.tracers]");
  text = erase_between(text, "[[injects]]\nat = \"5min\"\ncommand = \"wind.set\"", "[[injects]]\nat = \"5min\"\ncommand = \"run.note\"");
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "module 'tracers' needs module 'wind'", line_of(text, "[modules.tracers]"));
}

TEST_CASE("an empty [modules] is an error") {
  const std::string text = "[scenario]\nname = \"x\"\nstart = 2025-07-20T06:00:00+08:00\nduration = \"1h\"\nstep = \"10s\"\n"
                           "[district]\nbounds = [114.33, 22.44, 114.63, 22.67]\n[modules]\n";
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "[modules] is empty", line_of(text, "[modules]"));
}

TEST_CASE("an invalid CRS is reported at its line") {
  for (const char* crs : {"EPSG:999999", "EPSG:4326", "not a crs"}) {
    INFO("crs = " << crs);
    const std::string text = replace(minimal_scenario(), "crs = \"EPSG:4547\"", std::string("crs = \"") + crs + "\"");
    const ErrorList errors = load_errors(text);
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'crs' in [district]", line_of(text, "crs = "));
  }
}

TEST_CASE("bad district bounds are reported at their line") {
  const std::string text = replace(minimal_scenario(), "bounds = [114.33, 22.44, 114.63, 22.67]", "bounds = [114.63, 22.44, 114.33, 22.67]");
  const ErrorList errors = load_errors(text);
  CHECK(errors.size() == 1);
  expect_error_at(errors, "'bounds' in [district] must be [west, south, east, north]", line_of(text, "bounds = "));
}

TEST_CASE("a TOML syntax error is one error at its line") {
  const std::string text = replace(minimal_scenario(), "seed = 7", "seed = 7 7");
  const ErrorList errors = load_errors(text);
  REQUIRE(errors.size() == 1);
  CHECK(errors.items()[0].where.file == "test.toml");
  CHECK(errors.items()[0].where.line == line_of(text, "seed = 7 7"));
  CHECK(errors.items()[0].message.rfind("TOML syntax", 0) == 0);
}

TEST_CASE("--set overrides apply before validation") {
  SECTION("valid overrides") {
    const std::vector<std::string> sets{"scenario.duration=30min", "scenario.seed=42", "modules.tracers.capacity=8000",
                                        "outputs.fields=true"};
    auto s = load_text(minimal_scenario(), sets);
    CHECK(s->duration == Duration::minutes(30));
    CHECK(s->steps() == 180);
    CHECK(s->seed == 42);
    CHECK(s->outputs.fields);
    CHECK(s->overrides == sets);
    // The text stays as written; the overrides travel beside it.
    CHECK(s->text == minimal_scenario());
  }
  SECTION("an override that makes an inject fall outside the scenario") {
    const ErrorList errors = load_errors(minimal_scenario(), {"scenario.duration=10min"});
    CHECK(errors.size() == 1);
    expect_error_at(errors, "'at' in [[injects]] #1 is outside the scenario", line_of(minimal_scenario(), "at = \"10min\""));
  }
  SECTION("an override of the wrong type names the --set") {
    const ErrorList errors = load_errors(minimal_scenario(), {"scenario.seed=seven"});
    REQUIRE(errors.size() == 1);
    CHECK(errors.items()[0].where.file == "--set scenario.seed=seven");
    CHECK(errors.items()[0].message.find("'seed' in [scenario] must be an integer") != std::string::npos);
  }
  SECTION("a misspelt override key") {
    const ErrorList errors = load_errors(minimal_scenario(), {"scenario.durration=1h"});
    REQUIRE(errors.size() == 1);
    CHECK(errors.items()[0].where.file == "--set scenario.durration=1h");
    CHECK(errors.items()[0].message.find("did you mean 'duration'?") != std::string::npos);
  }
  SECTION("malformed overrides, all reported") {
    const ErrorList errors = load_errors(minimal_scenario(), {"noequals", "scenario.name.x=1", "scenario.step=7s"});
    CHECK(with_message(errors, "expected key=value").size() == 1);
    CHECK(with_message(errors, "not a table").size() == 1);
    CHECK(with_message(errors, "is not a whole number of steps of 7s").size() == 1);
    for (const char* needle : {"expected key=value", "not a table"})
      for (const Error& e : with_message(errors, needle)) CHECK(e.where.file.rfind("--set ", 0) == 0);
  }
}

TEST_CASE("validate_command checks commands against the scenario's stages") {
  auto s = load_text(minimal_scenario());
  auto args = [](const char* toml) {
    auto r = parse_toml(toml, "console");
    REQUIRE(r.ok());
    return std::move(r).value();
  };
  Command c;
  c.source = "console";
  c.name = "wind.set";
  c.args = args("speed = \"4 m/s\"\nfrom_deg = 45\n");
  ErrorList errors;
  CHECK(scenario::validate_command(*s, c, errors));
  CHECK(errors.empty());

  c.args = args("speed = \"4 m/s\"\n");
  CHECK_FALSE(scenario::validate_command(*s, c, errors));
  CHECK(errors.size() == 1);

  c.name = "wind.clear";
  c.args = args("");
  ErrorList e2;
  CHECK(scenario::validate_command(*s, c, e2));

  c.name = "tracers.release";
  c.args = args("x = \"100 m\"\ny = \"-200 m\"\ncount = 10\n");
  CHECK(scenario::validate_command(*s, c, e2));
  c.args = args("x = \"100 m\"\ny = \"-200 m\"\nlon = 114.5\nlat = 22.5\ncount = 10\n");
  CHECK_FALSE(scenario::validate_command(*s, c, e2));
  CHECK(e2.size() == 1);

  c.name = "run.note";
  c.args = args("text = \"hello\"\n");
  ErrorList e3;
  CHECK(scenario::validate_command(*s, c, e3));
  c.args = args("");
  CHECK_FALSE(scenario::validate_command(*s, c, e3));
  c.name = "traffic.close";
  CHECK_FALSE(scenario::validate_command(*s, c, e3));
  CHECK(e3.size() == 2);
}

TEST_CASE("the registry lists the modules in run order") {
  const auto& known = scenario::known_stages();
  REQUIRE(known.size() >= 2);
  CHECK(known[0].name == "wind");
  CHECK(known[1].name == "tracers");
  for (const auto& k : known) CHECK_FALSE(k.summary.empty());
}
