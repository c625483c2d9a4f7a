// The live state of a run: deterministic at any thread count, seeded, and restorable from a
// snapshot so that continuing from it gives the same states as an uninterrupted run.
#include <catch2/catch.hpp>

#include <tbb/global_control.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "dpt/sim/common/kpi.h"
#include "scenario_test_util.h"

using namespace dpt;
using namespace dpt::test;
using dpt::scenario::Simulation;

namespace {

// Digests of the whole run: the initial state, then after every step.
std::vector<std::uint64_t> run_digests(const std::string& text, std::size_t threads) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
  auto s = load_text(text);
  Simulation sim(*s);
  sim.init();
  std::vector<std::uint64_t> d{sim.digest()};
  std::size_t next = 0;
  const auto steps = drive(sim, next, s->steps());
  d.insert(d.end(), steps.begin(), steps.end());
  CHECK(sim.step_index() == s->steps());
  CHECK(next == s->injects.size());
  return d;
}

// Index of the first differing entry, or -1.
long first_difference(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return static_cast<long>(i);
  return a.size() == b.size() ? -1 : static_cast<long>(n);
}

}  // namespace

TEST_CASE("the same scenario gives the same digest after every step at 1 and 2 threads") {
  const std::string text = minimal_scenario();
  const auto one = run_digests(text, 1);
  const auto two = run_digests(text, 2);
  REQUIRE(one.size() == 121);
  CHECK(first_difference(one, two) == -1);
  // And a second run at the same thread count, for good measure.
  CHECK(first_difference(one, run_digests(text, 2)) == -1);
  // The state does change from step to step (turbulence, moving particles).
  const std::set<std::uint64_t> distinct(one.begin(), one.end());
  CHECK(distinct.size() == one.size());
}

TEST_CASE("the digest depends on the seed") {
  const auto seven = run_digests(minimal_scenario(), 2);
  const auto eight = run_digests(replace(minimal_scenario(), "seed = 7", "seed = 8"), 2);
  REQUIRE(seven.size() == eight.size());
  CHECK(seven.back() != eight.back());
  // Turbulence is seeded, so the states part from the first step on.
  CHECK(first_difference(seven, eight) <= 1);
}

TEST_CASE("the digest depends on the injects") {
  const auto with = run_digests(minimal_scenario(), 2);
  const auto without = run_digests(replace(minimal_scenario(), "from_deg = 135", "from_deg = 80"), 2);
  // Identical up to the 5 min boundary (step 30), different from then on.
  CHECK(first_difference(with, without) == 31);
}

TEST_CASE("save and load round-trip the state; continuing from it matches an uninterrupted run") {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
  const std::string text = minimal_scenario();

  // The reference: one run from start to end.
  auto s_ref = load_text(text);
  Simulation ref(*s_ref);
  ref.init();
  std::size_t next_ref = 0;
  const auto ref_digests = drive(ref, next_ref, s_ref->steps());

  for (const std::uint32_t cut : {0u, 40u, 65u, 119u}) {
    INFO("snapshot after step " << cut);
    // Run A to the cut, snapshot.
    auto s_a = load_text(text);
    Simulation a(*s_a);
    a.init();
    std::size_t next_a = 0;
    drive(a, next_a, cut);
    const std::uint64_t digest_at_cut = a.digest();
    const std::vector<std::uint8_t> state = a.save();
    REQUIRE_FALSE(state.empty());
    CHECK(a.save() == state);  // saving does not change anything

    // B: a fresh simulation of a separately loaded scenario, restored from the snapshot.
    auto s_b = load_text(text);
    Simulation b(*s_b);
    b.init();
    REQUIRE(b.load(state));
    CHECK(b.step_index() == cut);
    CHECK(b.now_us() == static_cast<std::int64_t>(cut) * 10'000'000);
    CHECK(b.digest() == digest_at_cut);
    CHECK(b.commands_applied() == a.commands_applied());
    CHECK(b.save() == state);
    if (cut > 0) CHECK(b.digest() == ref_digests[cut - 1]);

    // Continue both; they must match the reference step for step.
    std::size_t next_b = next_a;
    const auto rest_a = drive(a, next_a, s_a->steps());
    const auto rest_b = drive(b, next_b, s_b->steps());
    const std::vector<std::uint64_t> ref_rest(ref_digests.begin() + cut, ref_digests.end());
    CHECK(first_difference(rest_a, ref_rest) == -1);
    CHECK(first_difference(rest_b, ref_rest) == -1);
    CHECK(b.commands_applied() == ref.commands_applied());
  }
}

TEST_CASE("load rejects damaged or foreign snapshots") {
  auto s = load_text(minimal_scenario());
  Simulation sim(*s);
  sim.init();
  std::size_t next = 0;
  drive(sim, next, 70);
  const std::vector<std::uint8_t> state = sim.save();

  auto s2 = load_text(minimal_scenario());
  Simulation other(*s2);
  other.init();
  SECTION("truncated") {
    for (std::size_t keep : {std::size_t{0}, std::size_t{3}, state.size() / 2, state.size() - 1}) {
      INFO("keep " << keep << " of " << state.size() << " bytes");
      CHECK_FALSE(other.load(std::span<const std::uint8_t>(state.data(), keep)));
    }
  }
  SECTION("trailing bytes") {
    std::vector<std::uint8_t> longer = state;
    longer.push_back(0);
    CHECK_FALSE(other.load(longer));
  }
  SECTION("from a scenario with other stages") {
    std::string text = minimal_scenario();
    const auto a = text.find("[modules.tracers]");
    const auto b = text.find("[[injects]]");
    text.erase(a, b - a);
    text = replace(text, "command = \"tracers.release\"\nlon = 114.50\nlat = 22.59\ncount = 2000\nradius = \"200 m\"\n",
                   "command = \"run.note\"\ntext = \"no tracers\"\n");
    auto s3 = load_text(text);
    Simulation wind_only(*s3);
    wind_only.init();
    CHECK_FALSE(wind_only.load(state));
    CHECK_FALSE(other.load(wind_only.save()));
  }
}

TEST_CASE("commands reach their stage and the event log") {
  auto s = load_text(minimal_scenario());
  Simulation sim(*s);
  sim.init();
  std::size_t next = 0;
  drive(sim, next, 30);  // up to the 5 min boundary, before its injects
  CHECK(sim.commands_applied() == 0);
  const std::uint64_t before = sim.digest();
  CHECK(sim.world().events.empty());

  sim.apply(s->injects[0]);  // wind.set
  sim.apply(s->injects[1]);  // run.note
  CHECK(sim.commands_applied() == 2);
  CHECK(sim.digest() != before);  // the wind override is part of the state
  const auto events = sim.world().events.take();
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == "command");
  CHECK(events[0].source == "scenario");
  CHECK(events[0].t_us == 30 * 10'000'000LL);
  CHECK(events[0].details_json.find("\"wind.set\"") != std::string::npos);
  CHECK(events[1].kind == "note");
  CHECK(events[1].details_json.find("wind veers") != std::string::npos);
}

TEST_CASE("KPIs: every stage defines its columns and samples them") {
  auto s = load_text(minimal_scenario());
  Simulation sim(*s);
  sim.init();
  sim::KpiTable k;
  sim.define_kpis(k);
  std::vector<std::string> names;
  for (const auto& c : k.columns()) names.push_back(c.name);
  CHECK(std::find(names.begin(), names.end(), "wind.mean_speed") != names.end());
  CHECK(std::find(names.begin(), names.end(), "tracers.active") != names.end());
  const auto active = static_cast<std::size_t>(std::find(names.begin(), names.end(), "tracers.active") - names.begin());

  sim.sample_kpis(k);
  std::size_t next = 0;
  drive(sim, next, s->steps());
  sim.sample_kpis(k);
  REQUIRE(k.rows() == 2);
  CHECK(k.times()[1] == s->duration.us);
  CHECK(k.at(0, active) == 0.0);
  CHECK(k.at(1, active) == 5000.0);  // 3000 from the scenario, 2000 from the inject
}
