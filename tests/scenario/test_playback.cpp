// scenario::Playback (the viewer's scrubbing of a recorded run): every seek — forward past a
// snapshot, backward to before one, back to the start, to the end — lands on the state the run
// had at that step (its recorded digest), however it got there.
#include <catch2/catch.hpp>

#include "dpt/scenario/playback.h"
#include "dpt/scenario/recording.h"
#include "dpt/scenario/runner.h"
#include "scenario_test_util.h"

using namespace dpt;
using namespace dpt::test;

TEST_CASE("Playback seeks anywhere in a recorded run and lands on the recorded state", "[scenario][playback]") {
  TempDir dir("playback");
  auto s = load_text(minimal_scenario());  // 120 steps of 10 s, snapshots every 10 min (60 steps)
  scenario::RunOptions o;
  o.out_dir = dir.path();
  o.progress = scenario::ProgressMode::none;
  auto r = scenario::run(*s, o);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  auto rc = scenario::read_recording(dir / scenario::kRecording);
  REQUIRE(rc);
  const auto digest_at = [&](std::uint32_t step) {
    return step == 0 ? 0 : rc->steps[step - 1].digest;  // digest after recorded step `step`
  };

  auto p = scenario::Playback::open(dir.path());
  INFO((p ? std::string() : p.errors().to_string()));
  REQUIRE(p);
  scenario::Playback& pb = **p;
  REQUIRE(pb.steps() == 120);
  CHECK(pb.step() == 0);
  // Forward across the snapshot at 60, backward before it, to a snapshot exactly, to both ends.
  for (const std::uint32_t target : {5u, 75u, 61u, 20u, 60u, 119u, 0u, 120u, 59u}) {
    INFO("seek to step " << target);
    REQUIRE(pb.seek(target));
    CHECK(pb.step() == target);
    if (target > 0) CHECK(pb.simulation().digest() == digest_at(target));
  }
  // One step at a time from 59 matches the recording too.
  for (std::uint32_t k = 60; k <= 64; ++k) {
    REQUIRE(pb.step_forward());
    CHECK(pb.simulation().digest() == digest_at(k));
  }
  CHECK(pb.seek(100000));  // clamped to the end
  CHECK(pb.step() == 120);
  CHECK_FALSE(scenario::Playback::open(dir / "no-such-run"));
}
