// scenario::run writes a run directory whose files do not depend on the thread count, and
// replay() reproduces the recorded run step for step; damage and tampering are found.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "dpt/core/digest.h"
#include "dpt/scenario/recording.h"
#include "dpt/scenario/replay.h"
#include "dpt/scenario/runner.h"
#include "scenario_test_util.h"

using namespace dpt;
using namespace dpt::test;
using dpt::scenario::ReplayOptions;
using dpt::scenario::ReplayReport;
using dpt::scenario::RunOptions;
using dpt::scenario::RunSummary;

namespace {

RunSummary run_into(const fs::path& out, int threads, const std::string& text = minimal_scenario(),
                    const std::vector<std::string>& overrides = {}, const std::atomic<bool>* stop = nullptr) {
  auto s = load_text(text, overrides);
  RunOptions o;
  o.out_dir = out;
  o.threads = threads;
  o.progress = scenario::ProgressMode::none;
  o.stop = stop;
  o.command_line = "test_scenario";
  auto r = scenario::run(*s, o);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return *r;
}

ReplayReport replay_of(const fs::path& path, int threads = 0, const std::atomic<bool>* stop = nullptr) {
  ReplayOptions o;
  o.progress = scenario::ProgressMode::none;
  o.threads = threads;
  o.stop = stop;
  auto r = scenario::replay(path, o);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return *r;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Rewrites a recording through `edit`, which may change its steps and snapshots.
template <class Edit>
void rewrite_recording(const fs::path& from, const fs::path& to, Edit edit) {
  auto r = scenario::read_recording(from);
  REQUIRE(r.ok());
  scenario::RecordingContents rc = *r;
  edit(rc);
  auto w = scenario::RecordingWriter::create(to);
  REQUIRE(w.ok());
  REQUIRE(w->write_header(rc.header_json));
  std::size_t next_snapshot = 0;
  for (const auto& snap : rc.snapshots)
    if (snap.step == 0) {
      REQUIRE(w->write_snapshot(snap));
      ++next_snapshot;
    }
  for (const auto& st : rc.steps) {
    REQUIRE(w->add_step(st));
    while (next_snapshot < rc.snapshots.size() && rc.snapshots[next_snapshot].step == st.step + 1)
      REQUIRE(w->write_snapshot(rc.snapshots[next_snapshot++]));
  }
  REQUIRE(rc.end_json.has_value());
  REQUIRE(w->finish(*rc.end_json));
}

}  // namespace

TEST_CASE("run writes a complete run directory") {
  TempDir dir("run");
  const RunSummary r = run_into(dir / "out", 2);
  CHECK(r.status == "completed");
  CHECK(r.steps_planned == 120);
  CHECK(r.steps_run == 120);
  CHECK(r.files == std::vector<std::string>{"run.json", "kpi.json", "events.ndjson", "recording.dptrec"});
  for (const auto& f : r.files) CHECK(fs::exists(dir / "out" / f));

  const auto run = read_json(dir / "out" / "run.json");
  CHECK(run["status"] == "completed");
  CHECK(run["final_digest"] == hex64(r.final_digest));
  CHECK(run["seed"] == 7);
  CHECK(run["threads"] == 2);
  CHECK(run["sim"]["steps_run"] == 120);
  CHECK(run["sim"]["start"] == "2025-07-20T06:00:00+08:00");
  CHECK(run["sim"]["end"] == "2025-07-20T06:20:00+08:00");
  CHECK(run["counters"]["commands_applied"] == 3);
  CHECK(run["counters"]["recording_bytes"] == fs::file_size(dir / "out" / "recording.dptrec"));

  const auto kpi = read_json(dir / "out" / "kpi.json");
  CHECK(kpi["t_s"].size() == 5);  // 0, 5, 10, 15, 20 min
  CHECK(kpi["final"]["tracers.active"] == 5000.0);

  // Two injects and a note, one line each.
  std::ifstream ev(dir / "out" / "events.ndjson");
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(ev, line);) events.push_back(nlohmann::json::parse(line));
  REQUIRE(events.size() == 3);
  CHECK(events[0]["kind"] == "command");
  CHECK(events[0]["t"] == "2025-07-20T06:05:00+08:00");
  CHECK(events[1]["kind"] == "note");
  CHECK(events[2]["details"]["command"] == "tracers.release");
}

TEST_CASE("run: the same scenario written twice gives byte-identical files at 1 and 2 threads") {
  TempDir dir("run");
  const RunSummary a = run_into(dir / "a", 1);
  const RunSummary b = run_into(dir / "b", 2);
  CHECK(a.final_digest == b.final_digest);
  for (const char* f : {"recording.dptrec", "kpi.json", "events.ndjson"}) {
    INFO(f);
    CHECK(read_bytes(dir / "a" / f) == read_bytes(dir / "b" / f));
  }
  auto ja = read_json(dir / "a" / "run.json");
  auto jb = read_json(dir / "b" / "run.json");
  CHECK(ja["threads"] == 1);
  CHECK(jb["threads"] == 2);
  for (auto* j : {&ja, &jb}) {
    j->erase("wall");
    j->erase("threads");
  }
  CHECK(ja == jb);

  // Another seed gives another run.
  const RunSummary c = run_into(dir / "c", 2, minimal_scenario(), {"scenario.seed=8"});
  CHECK(c.final_digest != a.final_digest);
  CHECK(read_bytes(dir / "a" / "recording.dptrec") != read_bytes(dir / "c" / "recording.dptrec"));
}

TEST_CASE("replay reproduces a run") {
  TempDir dir("replay");
  const RunSummary r = run_into(dir / "out", 2);
  for (const fs::path& p : {dir / "out", dir / "out" / "recording.dptrec"}) {
    for (int threads : {1, 2}) {
      INFO(p << " at " << threads << " threads");
      const ReplayReport rep = replay_of(p, threads);
      CHECK(rep.ok());
      CHECK(rep.recorded_status == "completed");
      CHECK(rep.steps_recorded == 120);
      CHECK(rep.steps_verified == rep.steps_recorded);
      CHECK(rep.snapshots_verified == 2);  // at steps 0 and 60 (10 min)
      CHECK_FALSE(rep.first_mismatch.has_value());
      CHECK_FALSE(rep.damage.has_value());
      CHECK(rep.final_digest == r.final_digest);
      REQUIRE(rep.recorded_final_digest.has_value());
      CHECK(*rep.recorded_final_digest == r.final_digest);
    }
  }
}

TEST_CASE("replay of a truncated recording verifies fewer steps and reports the damage") {
  TempDir dir("replay");
  const RunSummary r = run_into(dir / "out", 2);
  const fs::path rec = dir / "out" / "recording.dptrec";
  const auto data = read_bytes(rec);
  const auto layout = chunk_layout(data);
  // HEADER, SNAPSHOT(0), STEPS(60), SNAPSHOT(60), STEPS(60), END.
  REQUIRE(layout.size() == 6);
  CHECK(layout[2].type == static_cast<std::uint32_t>(scenario::ChunkType::steps));
  CHECK(layout[4].type == static_cast<std::uint32_t>(scenario::ChunkType::steps));

  SECTION("cut in the middle of the second STEPS chunk") {
    write_bytes(rec, std::vector<std::uint8_t>(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(layout[4].offset + 50)));
    const ReplayReport rep = replay_of(dir / "out");
    CHECK_FALSE(rep.ok());
    CHECK(rep.recorded_status == "unfinished");
    CHECK(rep.steps_recorded == 60);
    CHECK(rep.steps_verified == 60);
    CHECK(rep.snapshots_verified == 2);
    CHECK_FALSE(rep.first_mismatch.has_value());
    REQUIRE(rep.damage.has_value());
    CHECK(rep.damage->chunk == 4);
    CHECK(rep.damage->byte_offset == layout[4].offset);
    CHECK(rep.final_digest != r.final_digest);
  }
  SECTION("cut in half") {
    write_bytes(rec, std::vector<std::uint8_t>(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(data.size() / 2)));
    const ReplayReport rep = replay_of(dir / "out");
    CHECK_FALSE(rep.ok());
    CHECK(rep.steps_verified < 120);
    CHECK(rep.steps_verified == rep.steps_recorded);
    REQUIRE(rep.damage.has_value());
    CHECK(rep.damage->byte_offset < data.size() / 2);
  }
  SECTION("the END chunk lost at a chunk boundary") {
    write_bytes(rec, std::vector<std::uint8_t>(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(layout[5].offset)));
    const ReplayReport rep = replay_of(dir / "out");
    CHECK_FALSE(rep.ok());
    CHECK_FALSE(rep.damage.has_value());
    CHECK(rep.recorded_status == "unfinished");
    CHECK(rep.steps_verified == 120);
    CHECK(rep.final_digest == r.final_digest);
  }
}

TEST_CASE("replay finds a step that does not reproduce") {
  TempDir dir("replay");
  run_into(dir / "out", 2);
  const fs::path rec = dir / "out" / "recording.dptrec";
  const fs::path bad = dir / "bad.dptrec";

  SECTION("a wrong digest") {
    rewrite_recording(rec, bad, [](scenario::RecordingContents& rc) { rc.steps[45].digest ^= 1; });
    const ReplayReport rep = replay_of(bad);
    CHECK_FALSE(rep.ok());
    REQUIRE(rep.first_mismatch.has_value());
    CHECK(*rep.first_mismatch == 45);
    CHECK(rep.steps_verified == 45);
  }
  SECTION("a command removed (the wind.set at 5 min, step 30)") {
    rewrite_recording(rec, bad, [](scenario::RecordingContents& rc) {
      REQUIRE(rc.steps[30].commands.size() == 2);
      rc.steps[30].commands.erase(rc.steps[30].commands.begin());
    });
    const ReplayReport rep = replay_of(bad);
    CHECK_FALSE(rep.ok());
    REQUIRE(rep.first_mismatch.has_value());
    CHECK(*rep.first_mismatch == 30);
  }
  SECTION("a command that does not validate") {
    rewrite_recording(rec, bad, [](scenario::RecordingContents& rc) {
      rc.steps[10].commands.push_back(R"({"t_us":100000000,"command":"wind.blow","source":"console","args":{}})");
    });
    const ReplayReport rep = replay_of(bad);
    REQUIRE(rep.first_mismatch.has_value());
    CHECK(*rep.first_mismatch == 10);
  }
  SECTION("a snapshot that differs") {
    rewrite_recording(rec, bad, [](scenario::RecordingContents& rc) {
      REQUIRE(rc.snapshots.size() == 2);
      rc.snapshots[1].state.back() ^= 0x40;
    });
    const ReplayReport rep = replay_of(bad);
    CHECK_FALSE(rep.ok());
    REQUIRE(rep.first_mismatch.has_value());
    CHECK(*rep.first_mismatch == 59);  // the step after which the snapshot (state after 60 steps) was taken
    CHECK(rep.snapshots_verified == 1);
  }
  SECTION("a faithful rewrite still replays") {
    rewrite_recording(rec, bad, [](scenario::RecordingContents&) {});
    CHECK(read_bytes(bad) == read_bytes(rec));
    CHECK(replay_of(bad).ok());
  }
}

TEST_CASE("replay of interrupted and shortened runs") {
  TempDir dir("replay");
  SECTION("a run stopped before its first step") {
    std::atomic<bool> stop{true};
    const RunSummary r = run_into(dir / "out", 2, minimal_scenario(), {}, &stop);
    CHECK(r.status == "interrupted");
    CHECK(r.steps_run == 0);
    CHECK(read_json(dir / "out" / "run.json")["status"] == "interrupted");
    const ReplayReport rep = replay_of(dir / "out");
    CHECK(rep.recorded_status == "interrupted");
    CHECK(rep.steps_verified == 0);
    CHECK(rep.ok());
  }
  SECTION("a run with --until") {
    auto s = load_text(minimal_scenario());
    RunOptions o;
    o.out_dir = dir / "out";
    o.progress = scenario::ProgressMode::none;
    o.until = s->start.instant + Duration::minutes(7);
    auto r = scenario::run(*s, o);
    REQUIRE(r.ok());
    CHECK(r->steps_planned == 42);
    CHECK(r->steps_run == 42);
    const ReplayReport rep = replay_of(dir / "out");
    CHECK(rep.ok());
    CHECK(rep.steps_verified == 42);
    CHECK(rep.final_digest == r->final_digest);
  }
  SECTION("--until before the start is an error") {
    auto s = load_text(minimal_scenario());
    RunOptions o;
    o.out_dir = dir / "out";
    o.progress = scenario::ProgressMode::none;
    o.until = s->start.instant + Duration{-1};
    CHECK_FALSE(scenario::run(*s, o).ok());
  }
  SECTION("a replay asked to stop") {
    run_into(dir / "out", 2);
    std::atomic<bool> stop{true};
    const ReplayReport rep = replay_of(dir / "out", 0, &stop);
    CHECK(rep.interrupted);
    CHECK_FALSE(rep.ok());
    CHECK(rep.steps_verified == 0);
  }
}

TEST_CASE("replay refuses what it cannot rebuild") {
  TempDir dir("replay");
  SECTION("no recording") {
    CHECK_FALSE(scenario::replay(dir.path(), {scenario::ProgressMode::none, nullptr, 0}).ok());
  }
  SECTION("a HEADER without the scenario") {
    auto w = scenario::RecordingWriter::create(dir / "r.dptrec");
    REQUIRE(w.ok());
    REQUIRE(w->write_header("{\"format\":1}"));
    REQUIRE(w->finish("{\"status\":\"completed\"}"));
    auto r = scenario::replay(dir / "r.dptrec", {scenario::ProgressMode::none, nullptr, 0});
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().to_string().find("scenario_text") != std::string::npos);
  }
  SECTION("a recorded scenario that no longer loads") {
    nlohmann::json h;
    h["scenario_text"] = replace(minimal_scenario(), "seed = 7", "seed = \"seven\"");
    h["overrides"] = nlohmann::json::array();
    auto w = scenario::RecordingWriter::create(dir / "r.dptrec");
    REQUIRE(w.ok());
    REQUIRE(w->write_header(h.dump()));
    REQUIRE(w->finish("{\"status\":\"completed\"}"));
    auto r = scenario::replay(dir / "r.dptrec", {scenario::ProgressMode::none, nullptr, 0});
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().to_string().find("no longer loads") != std::string::npos);
    CHECK(r.errors().to_string().find("'seed'") != std::string::npos);
  }
}
