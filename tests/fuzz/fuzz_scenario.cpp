// libFuzzer target for everything that reads scenario text: the bytes are a scenario file for
// load_scenario_text (toml++ -> ConfigValue -> validation -> module models), a line of them is a
// --set override, and short slices go to the duration / instant / quantity parsers. None of these
// may crash, throw or trip a sanitizer on any input; on top of that the target checks a few
// documented properties (round trips, what a loaded scenario guarantees) and aborts when one fails.
//
// Build: cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_scenario
// Run:   tools/fuzz            (seeds: tests/fuzz/corpus, dictionary: tests/fuzz/scenario.dict)
#include <proj.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/config.h"
#include "dpt/core/time.h"
#include "dpt/core/units.h"
#include "dpt/scenario/scenario.h"

// Speed: every scenario whose [district] is valid builds a geo::LocalFrame, and PROJ's
// proj_create_crs_to_crs takes 100-300 ms in a fresh context (a database search), which would hold
// the fuzzer to a few inputs a second. The engine's calls to three PROJ functions are therefore
// redirected here (-Wl,--wrap, see CMakeLists.txt): one long-lived context for every frame, and
// each (source, target) transformation built once and cloned afterwards. Same CRS text, same
// transformation; only the repeated cost goes.
extern "C" {
PJ_CONTEXT* __real_proj_context_create(void);
void __real_proj_context_destroy(PJ_CONTEXT* ctx);
PJ* __real_proj_create_crs_to_crs(PJ_CONTEXT* ctx, const char* source, const char* target, PJ_AREA* area);

namespace {
PJ_CONTEXT* shared_context() {
  static PJ_CONTEXT* const ctx = __real_proj_context_create();
  return ctx;
}
}  // namespace

PJ_CONTEXT* __wrap_proj_context_create(void) { return shared_context(); }

void __wrap_proj_context_destroy(PJ_CONTEXT* ctx) {
  if (ctx != shared_context()) __real_proj_context_destroy(ctx);
}

PJ* __wrap_proj_create_crs_to_crs(PJ_CONTEXT* ctx, const char* source, const char* target, PJ_AREA* area) {
  static std::map<std::string, PJ*>* const cache = new std::map<std::string, PJ*>;  // never freed: no leak report
  if (ctx != shared_context() || area != nullptr || !source || !target)
    return __real_proj_create_crs_to_crs(ctx, source, target, area);
  std::string key = std::string(source) + '\n' + target;
  auto it = cache->find(key);
  if (it == cache->end()) {
    if (cache->size() >= 256) return __real_proj_create_crs_to_crs(ctx, source, target, area);
    it = cache->emplace(std::move(key), __real_proj_create_crs_to_crs(ctx, source, target, area)).first;
  }
  return it->second ? proj_clone(ctx, it->second) : nullptr;
}
}  // extern "C"

namespace {

// A property that must hold whatever the input: report it and stop (libFuzzer saves the input).
void check(bool ok, const char* what, std::string_view detail) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_scenario: property violated: %s [%.*s]\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of a `key = "value"` line without its quotes, so that mutations of the seed scenarios
// reach the parsers as the loader would pass them ("2h", "500 m", an instant).
std::string_view value_part(std::string_view line) {
  const auto eq = line.find('=');
  if (eq == std::string_view::npos) return {};
  std::string_view v = trim(line.substr(eq + 1));
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

void fuzz_text_parsers(std::string_view s) {
  if (s.size() > 96) s = s.substr(0, 96);
  if (auto d = dpt::parse_duration(s)) {
    // format_duration promises "the shortest exact form parse_duration reads back".
    const std::string text = dpt::format_duration(*d);
    auto back = dpt::parse_duration(text);
    check(back.ok() && back->us == d->us, "parse_duration(format_duration(d)) == d", text);
  } else {
    check(!d.errors().empty(), "a failed parse_duration names an error", s);
  }
  if (auto z = dpt::parse_instant(s)) {
    const std::string text = dpt::format_instant(z->instant, z->offset_minutes);
    auto back = dpt::parse_instant(text);
    check(back.ok() && back->instant == z->instant && back->offset_minutes == z->offset_minutes,
          "parse_instant(format_instant(t)) == t", text);
  } else {
    check(!z.errors().empty(), "a failed parse_instant names an error", s);
  }
  (void)dpt::parse_time(s, dpt::Instant{1'737'331'200'000'000});  // 2025-01-20T00:00:00Z
  for (dpt::Dimension dim :
       {dpt::Dimension::length, dpt::Dimension::speed, dpt::Dimension::diffusivity, dpt::Dimension::pressure}) {
    auto q = dpt::parse_quantity(s, dim);
    if (!q) check(!q.errors().empty(), "a failed parse_quantity names an error", s);
  }
}

// After a successful override the dotted key must name the value it set.
void fuzz_override(dpt::ConfigValue& root, std::string_view line) {
  auto r = dpt::apply_override(root, line);
  if (!r) {
    check(!r.errors().empty(), "a failed apply_override names an error", line);
    return;
  }
  const std::string_view key = line.substr(0, line.find('='));
  const dpt::ConfigValue* node = &root;
  std::size_t start = 0;
  while (node) {
    const std::size_t dot = key.find('.', start);
    node = node->find(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  check(node != nullptr, "apply_override's key names a value afterwards", line);
}

void fuzz_scenario_text(std::string_view text) {
  // A folder that does not exist: relative paths in the input never resolve to real files.
  static const std::filesystem::path base_dir = "/nonexistent/dptwin-fuzz";
  auto r = dpt::scenario::load_scenario_text(std::string(text), base_dir / "fuzz.toml", base_dir, {});
  if (!r) {
    check(!r.errors().empty(), "a failed load names an error", {});
    for (const dpt::Error& e : r.errors()) check(!e.message.empty(), "errors have a message", e.where.to_string());
    (void)r.errors().to_string();
    return;
  }
  // What validation guarantees to the runner.
  const dpt::scenario::Scenario& s = **r;
  check(s.step.us > 0 && s.duration.us > 0, "a loaded scenario has a positive step and duration", s.name);
  check(s.duration.us % s.step.us == 0, "a loaded scenario's duration is a whole number of steps", s.name);
  check(s.steps() > 0, "a loaded scenario has at least one step", s.name);
  check(s.frame != nullptr, "a loaded scenario has a district frame", s.name);
  check(!s.stages.empty(), "a loaded scenario runs at least one module", s.name);
  check(s.outputs.kpi_every.us > 0 && s.outputs.kpi_every.us % s.step.us == 0, "kpi_every is whole steps", s.name);
  check(s.outputs.snapshot_every.us > 0 && s.outputs.snapshot_every.us % s.step.us == 0,
        "snapshot_every is whole steps", s.name);
  std::int64_t prev = 0;
  for (const dpt::scenario::Command& c : s.injects) {
    check(c.t_us >= prev && c.t_us < s.duration.us, "injects are sorted and inside the scenario", c.name);
    prev = c.t_us;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  fuzz_scenario_text(text);

  // Lines: the last non-empty one is a --set override (applied to the document when it parses,
  // else to an empty one); the first few, whole and as `key = value` values, feed the parsers.
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (end > start) lines.push_back(text.substr(start, end - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (!lines.empty()) {
    const std::string_view line = trim(lines.back());
    auto doc = dpt::parse_toml(text, "fuzz.toml");
    dpt::ConfigValue empty;
    fuzz_override(doc ? *doc : empty, line);
  }
  for (std::size_t k = 0; k < lines.size() && k < 16; ++k) {
    fuzz_text_parsers(trim(lines[k]));
    if (const std::string_view v = value_part(lines[k]); !v.empty()) fuzz_text_parsers(v);
  }
  return 0;
}
