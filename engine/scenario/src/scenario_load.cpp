// Scenario files -> Scenario, validated in one pass (docs/scenarios.md documents every key).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "dpt/core/digest.h"
#include "dpt/scenario/scenario.h"

namespace dpt::scenario {
namespace {

void read_scenario_table(TableReader& r, Scenario& s) {
  s.name = r.string("name", Need::required).value_or("");
  s.description = r.string("description").value_or("");
  if (auto t = r.instant("start", Need::required)) s.start = *t;
  s.duration = r.duration("duration", Need::required).value_or(Duration{});
  s.step = r.duration("step", Need::required).value_or(Duration{});
  s.seed = static_cast<std::uint64_t>(r.integer("seed", Need::optional, 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  r.finish();
  const ConfigValue* dv = r.node().find("duration");
  const ConfigValue* sv = r.node().find("step");
  if (sv && s.step.us <= 0 && sv->kind == ConfigValue::Kind::string && parse_duration(sv->text))
    r.error(sv->loc, "'step' in [scenario] must be positive");
  if (dv && s.duration.us <= 0 && dv->kind == ConfigValue::Kind::string && parse_duration(dv->text))
    r.error(dv->loc, "'duration' in [scenario] must be positive");
  if (s.step.us > 0 && s.duration.us > 0) {
    if (s.duration.us % s.step.us != 0)
      r.error(dv->loc, "'duration' " + format_duration(s.duration) + " is not a whole number of steps of " + format_duration(s.step));
    else if (s.duration.us / s.step.us >= std::numeric_limits<std::uint32_t>::max())
      r.error(dv->loc, "'duration' / 'step' gives more than 2^32 steps");
  }
}

void read_district(TableReader& r, Scenario& s) {
  District& d = s.district;
  d.name = r.string("name").value_or("district");
  d.crs = r.string("crs").value_or("EPSG:4547");
  const auto bounds = r.numbers("bounds", 4, Need::required);
  const auto origin = r.numbers("origin", 2);
  if (auto p = r.file("path")) d.path = *p;
  r.finish();
  if (!bounds) return;
  d.west = (*bounds)[0];
  d.south = (*bounds)[1];
  d.east = (*bounds)[2];
  d.north = (*bounds)[3];
  if (!(d.west < d.east && d.south < d.north && d.west >= -180 && d.east <= 180 && d.south >= -90 && d.north <= 90)) {
    r.error(r.node().find("bounds")->loc, "'bounds' in [district] must be [west, south, east, north] in degrees, west < east, south < north");
    return;
  }
  d.origin = origin ? geo::LonLat{(*origin)[0], (*origin)[1]} : geo::LonLat{(d.west + d.east) / 2, (d.south + d.north) / 2};
  auto frame = geo::LocalFrame::create(d.crs, d.origin);
  if (!frame) {
    const ConfigValue* c = r.node().find("crs");
    r.error(c ? c->loc : r.loc(), "'crs' in [district]: " + frame.errors().items().front().message);
    return;
  }
  s.frame = std::make_shared<geo::LocalFrame>(std::move(*frame));
  // The extent: the bounding box of the lon/lat bounds' corners and edge midpoints, projected.
  sim::DistrictExtent e{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                        std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (double fx : {0.0, 0.5, 1.0})
    for (double fy : {0.0, 0.5, 1.0}) {
      auto p = s.frame->to_local({d.west + fx * (d.east - d.west), d.south + fy * (d.north - d.south)});
      if (!p) {
        r.error(r.node().find("bounds")->loc, "'bounds' in [district]: " + p.errors().items().front().message);
        return;
      }
      e.x0 = std::min(e.x0, p->x);
      e.y0 = std::min(e.y0, p->y);
      e.x1 = std::max(e.x1, p->x);
      e.y1 = std::max(e.y1, p->y);
    }
  s.build.extent = e;
}

void read_outputs(TableReader& r, Scenario& s) {
  s.outputs.kpi_every = r.duration("kpi_every").value_or(Duration::minutes(1));
  s.outputs.snapshot_every = r.duration("snapshot_every").value_or(Duration::hours(1));
  s.outputs.fields = r.boolean("fields").value_or(true);
  r.finish();
  for (const char* key : {"kpi_every", "snapshot_every"}) {
    const Duration d = std::string_view(key) == "kpi_every" ? s.outputs.kpi_every : s.outputs.snapshot_every;
    const ConfigValue* v = r.node().find(key);
    if (d.us <= 0 || (s.step.us > 0 && d.us % s.step.us != 0))
      r.error(v ? v->loc : r.loc(), "'" + std::string(key) + "' in [outputs] must be a positive whole number of steps (step is " +
                                        format_duration(s.step) + ")");
  }
}

void read_modules(TableReader& r, Scenario& s) {
  for (const auto& field : r.node().fields) {
    const std::string& key = field.first;  // not a structured binding: clang 14 cannot capture one
    const ConfigValue& value = field.second;
    const auto& known = known_stages();
    if (std::none_of(known.begin(), known.end(), [&](const StageInfo& i) { return i.name == key; })) {
      std::string best, list;
      for (const StageInfo& i : known) {
        list += (list.empty() ? "" : ", ") + std::string(i.name);
        if (edit_distance(key, i.name) <= 2) best = std::string(i.name);
      }
      r.error(value.loc, "unknown module '" + key + "' in [modules]" + (best.empty() ? "" : "; did you mean '" + best + "'?") +
                             " (modules: " + list + ")");
    }
  }
  for (const StageInfo& info : known_stages()) {
    const ConfigValue* t = r.table(info.name);
    if (!t) continue;
    TableReader params(*t, "[modules." + std::string(info.name) + "]", r.errors(), s.base_dir);
    if (auto stage = make_stage(info.name, params, s.build)) s.stages.push_back(std::move(stage));
  }
  if (r.node().find("tracers") && !r.node().find("wind"))
    r.error(r.node().find("tracers")->loc, "module 'tracers' needs module 'wind' (it is carried by the wind field)");
}

void read_injects(TableReader& root, Scenario& s) {
  const auto injects = root.tables("injects");
  for (std::size_t k = 0; k < injects.size(); ++k) {
    const ConfigValue& t = *injects[k];
    const std::string path = "[[injects]] #" + std::to_string(k + 1);
    Command c;
    c.source = "scenario";
    c.args.kind = ConfigValue::Kind::table;
    c.args.loc = t.loc;
    bool ok = true;
    const ConfigValue* at = t.find("at");
    const ConfigValue* cmd = t.find("command");
    if (!at || (at->kind != ConfigValue::Kind::string && at->kind != ConfigValue::Kind::datetime)) {
      root.error(at ? at->loc : t.loc, path + " needs 'at': an offset such as \"2h\" or an ISO 8601 instant");
      ok = false;
    } else if (auto when = parse_time(at->text, s.start.instant); !when) {
      root.error(at->loc, "'at' in " + path + ": " + when.errors().items().front().message);
      ok = false;
    } else {
      c.t_us = (*when - s.start.instant).us;
      // With no valid duration (already reported), every inject would look outside: say nothing.
      if (c.t_us < 0 || (s.duration.us > 0 && c.t_us >= s.duration.us)) {
        root.error(at->loc, "'at' in " + path + " is outside the scenario (from 0s to before its end, " + format_duration(s.duration) + ")");
        ok = false;
      }
    }
    if (!cmd || cmd->kind != ConfigValue::Kind::string) {
      root.error(cmd ? cmd->loc : t.loc, path + " needs 'command': a string such as \"wind.set\"");
      ok = false;
    } else {
      c.name = cmd->text;
    }
    for (const auto& [key, value] : t.fields)
      if (key != "at" && key != "command") c.args.fields.emplace_back(key, value);
    // A command for a module whose table failed to build (its errors are reported) is not checked.
    const ConfigValue* modules = root.node().find("modules");
    const std::string module = c.name.substr(0, c.name.find('.'));
    if (ok && !s.stage(module) && modules && modules->kind == ConfigValue::Kind::table && modules->find(module)) ok = false;
    if (ok && !validate_command(s, c, root.errors())) ok = false;
    if (ok) s.injects.push_back(std::move(c));
  }
  std::stable_sort(s.injects.begin(), s.injects.end(), [](const Command& a, const Command& b) { return a.t_us < b.t_us; });
}

}  // namespace

Stage* Scenario::stage(std::string_view n) const {
  for (const auto& st : stages)
    if (st->name() == n) return st.get();
  return nullptr;
}

bool validate_command(const Scenario& s, const Command& c, ErrorList& errors) {
  const auto dot = c.name.find('.');
  const std::string module = c.name.substr(0, dot);
  const std::string verb = dot == std::string::npos ? "" : c.name.substr(dot + 1);
  if (module == "run") {
    if (verb != "note") {
      errors.add(c.args.loc, "unknown command '" + c.name + "' (run commands: run.note)");
      return false;
    }
    TableReader r(c.args, "command " + c.name, errors);
    const bool ok = r.string("text", Need::required).has_value();
    r.finish();
    return ok;
  }
  Stage* st = s.stage(module);
  if (!st) {
    errors.add(c.args.loc, "command '" + c.name + "' names module '" + module + "', which this scenario does not run");
    return false;
  }
  const std::size_t before = errors.size();
  TableReader r(c.args, "command " + c.name, errors, s.base_dir);
  const bool ok = st->check_command(verb, r);
  return ok && errors.size() == before;
}

Result<std::unique_ptr<Scenario>> load_scenario_text(std::string text, const std::filesystem::path& file,
                                                     const std::filesystem::path& base_dir,
                                                     const std::vector<std::string>& overrides) {
  auto doc = parse_toml(text, file.string());
  if (!doc) return doc.errors();
  ErrorList errors;
  for (const std::string& o : overrides)
    if (auto ok = apply_override(*doc, o); !ok) errors.append(ok.errors());

  auto s = std::make_unique<Scenario>();
  s->file = file;
  s->base_dir = base_dir;
  s->text = std::move(text);
  s->overrides = overrides;
  s->content_hash = hash64(s->text);

  TableReader root(*doc, "the scenario file", errors, base_dir);
  if (const ConfigValue* t = root.table("scenario", Need::required)) {
    TableReader r(*t, "[scenario]", errors, base_dir);
    read_scenario_table(r, *s);
  }
  if (const ConfigValue* t = root.table("district", Need::required)) {
    TableReader r(*t, "[district]", errors, base_dir);
    read_district(r, *s);
  }
  s->build.frame = s->frame.get();
  s->build.base_dir = base_dir;
  s->build.start = s->start.instant;
  s->build.step = s->step;
  s->build.duration = s->duration;
  if (const ConfigValue* t = root.table("outputs")) {
    TableReader r(*t, "[outputs]", errors, base_dir);
    read_outputs(r, *s);
  }
  if (const ConfigValue* t = root.table("modules", Need::required)) {
    TableReader r(*t, "[modules]", errors, base_dir);
    read_modules(r, *s);
    if (t->fields.empty()) errors.add(t->loc, "[modules] is empty: name at least one module (wind, tracers)");
  }
  read_injects(root, *s);
  root.finish();
  if (!errors.empty()) {
    errors.sort_by_location();
    return errors;
  }
  return s;
}

Result<std::unique_ptr<Scenario>> load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Result<std::unique_ptr<Scenario>>::failure({file.string()}, "cannot read the scenario file");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(file, ec);
  return load_scenario_text(ss.str(), file, (ec ? file : abs).parent_path(), overrides);
}

}  // namespace dpt::scenario
