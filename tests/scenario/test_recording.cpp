// The recording file: what is written reads back; damage (truncation, flipped bytes, a bad file
// header) is found, reading stops at the last good chunk and says where it broke.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dpt/scenario/recording.h"
#include "scenario_test_util.h"

using namespace dpt;
using namespace dpt::test;
using dpt::scenario::ChunkType;
using dpt::scenario::RecordingContents;
using dpt::scenario::RecordingWriter;
using dpt::scenario::SnapshotRecord;
using dpt::scenario::StepRecord;

namespace {

StepRecord make_step(std::uint32_t i) {
  StepRecord r;
  r.step = i;
  r.t_us = static_cast<std::int64_t>(i + 1) * 10'000'000;
  r.digest = (0x9e3779b97f4a7c15ULL * (i + 1)) ^ 0x0123456789abcdefULL;
  if (i % 50 == 0)
    r.commands = {R"({"t_us":)" + std::to_string(r.t_us - 10'000'000) + R"(,"command":"run.note","source":"scenario","args":{"text":"n)" +
                      std::to_string(i) + R"("}})"};
  if (i == 100) r.commands.push_back(R"({"t_us":990000000,"command":"wind.clear","source":"console","args":{}})");
  return r;
}

SnapshotRecord make_snapshot(std::uint32_t step) {
  SnapshotRecord s;
  s.step = step;
  s.digest = 0xfeedfacecafebeefULL + step;
  for (std::uint32_t k = 0; k < 5000; ++k) s.state.push_back(static_cast<std::uint8_t>((k * 7 + step) % 251));
  return s;
}

const std::string kHeader = R"({"format":1,"scenario_text":"[scenario]\nname = \"x\"\n","overrides":[]})";
const std::string kEnd = R"({"status":"completed","steps_run":310,"final_digest":"00000000000000ff"})";

// HEADER, STEPS(256), STEPS(44), SNAPSHOT(300), STEPS(10), END: six chunks.
std::uint64_t write_sample(const fs::path& path) {
  auto w = RecordingWriter::create(path);
  REQUIRE(w.ok());
  REQUIRE(w->write_header(kHeader));
  for (std::uint32_t i = 0; i < 300; ++i) REQUIRE(w->add_step(make_step(i)));
  REQUIRE(w->write_snapshot(make_snapshot(300)));
  for (std::uint32_t i = 300; i < 310; ++i) REQUIRE(w->add_step(make_step(i)));
  REQUIRE(w->finish(kEnd));
  return w->bytes_written();
}

void check_steps(const RecordingContents& rc, std::size_t n) {
  REQUIRE(rc.steps.size() == n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const StepRecord want = make_step(i);
    const StepRecord& got = rc.steps[i];
    if (got.step != want.step || got.t_us != want.t_us || got.digest != want.digest || got.commands != want.commands) {
      FAIL("step record " << i << " differs");
    }
  }
}

scenario::RecordingDamage require_damage(const RecordingContents& rc) {
  REQUIRE(rc.damage.has_value());
  return *rc.damage;
}

// A sample recording on disk, its bytes and its chunk layout, and a path for a damaged copy.
struct SampleFile {
  TempDir dir{"rec"};
  fs::path full = dir / "full.dptrec";
  std::vector<std::uint8_t> data;
  std::vector<ChunkSpan> layout;
  fs::path bad = dir / "bad.dptrec";

  SampleFile() {
    write_sample(full);
    data = read_bytes(full);
    layout = chunk_layout(data);
  }
};

}  // namespace

TEST_CASE("recording: what is written reads back") {
  TempDir dir("rec");
  const fs::path file = dir / "r.dptrec";
  const std::uint64_t bytes = write_sample(file);
  CHECK(bytes == fs::file_size(file));

  const auto data = read_bytes(file);
  const auto layout = chunk_layout(data);
  REQUIRE(layout.size() == 6);
  const std::vector<std::uint32_t> types{1, 2, 2, 3, 2, 4};
  for (std::size_t k = 0; k < layout.size(); ++k) CHECK(layout[k].type == types[k]);

  auto r = scenario::read_recording(file);
  REQUIRE(r.ok());
  const RecordingContents& rc = *r;
  CHECK(rc.format == scenario::kRecordingFormat);
  CHECK(rc.header_json == kHeader);
  check_steps(rc, 310);
  REQUIRE(rc.snapshots.size() == 1);
  CHECK(rc.snapshots[0].step == 300);
  CHECK(rc.snapshots[0].digest == make_snapshot(300).digest);
  CHECK(rc.snapshots[0].state == make_snapshot(300).state);
  REQUIRE(rc.end_json.has_value());
  CHECK(*rc.end_json == kEnd);
  CHECK_FALSE(rc.damage.has_value());
  CHECK(rc.chunks == 6);
}

TEST_CASE("recording: the same input gives byte-identical files") {
  TempDir dir("rec");
  write_sample(dir / "a.dptrec");
  write_sample(dir / "b.dptrec");
  CHECK(read_bytes(dir / "a.dptrec") == read_bytes(dir / "b.dptrec"));
}

TEST_CASE("recording: an empty run (header and end only) reads back") {
  TempDir dir("rec");
  auto w = RecordingWriter::create(dir / "e.dptrec");
  REQUIRE(w.ok());
  REQUIRE(w->write_header(kHeader));
  REQUIRE(w->flush_steps());  // nothing pending: writes nothing
  REQUIRE(w->finish(R"({"status":"interrupted"})"));
  auto r = scenario::read_recording(dir / "e.dptrec");
  REQUIRE(r.ok());
  CHECK(r->steps.empty());
  CHECK(r->chunks == 2);
  CHECK(r->end_json == std::optional<std::string>(R"({"status":"interrupted"})"));
  CHECK_FALSE(r->damage.has_value());
}

TEST_CASE("recording: a truncated file reads up to the last good chunk") {
  const SampleFile f;
  const auto& data = f.data;
  const auto& layout = f.layout;
  REQUIRE(layout.size() == 6);
  const fs::path cut = f.dir / "cut.dptrec";
  auto read_cut = [&](std::uint64_t keep) {
    write_bytes(cut, std::vector<std::uint8_t>(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(keep)));
    return scenario::read_recording(cut);
  };

  SECTION("mid chunk header of the first STEPS chunk") {
    auto r = read_cut(layout[1].offset + 20);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 1);
    CHECK(d.byte_offset == layout[1].offset);
    CHECK(d.reason == "truncated chunk header (20 of 40 bytes)");
    CHECK(r->header_json == kHeader);
    CHECK(r->steps.empty());
    CHECK(r->chunks == 1);
    CHECK_FALSE(r->end_json.has_value());
  }
  SECTION("mid payload of the second STEPS chunk") {
    const std::uint64_t payload = layout[2].size - 40;
    auto r = read_cut(layout[2].offset + 40 + payload / 2);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 2);
    CHECK(d.byte_offset == layout[2].offset);
    CHECK(d.reason.rfind("truncated chunk payload (" + std::to_string(payload / 2) + " of " + std::to_string(payload), 0) == 0);
    check_steps(*r, 256);
    CHECK(r->chunks == 2);
    CHECK(r->snapshots.empty());
  }
  SECTION("right after the header of the SNAPSHOT chunk") {
    auto r = read_cut(layout[3].offset + 40);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 3);
    CHECK(d.byte_offset == layout[3].offset);
    CHECK(d.reason.find("truncated chunk payload") != std::string::npos);
    check_steps(*r, 300);
    CHECK(r->snapshots.empty());
  }
  SECTION("mid END chunk") {
    auto r = read_cut(layout[5].offset + layout[5].size - 1);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 5);
    CHECK(d.byte_offset == layout[5].offset);
    check_steps(*r, 310);
    CHECK(r->snapshots.size() == 1);
    CHECK_FALSE(r->end_json.has_value());
  }
  SECTION("exactly at a chunk boundary: whole chunks, no damage, but no END") {
    auto r = read_cut(layout[4].offset);
    REQUIRE(r.ok());
    CHECK_FALSE(r->damage.has_value());
    CHECK_FALSE(r->end_json.has_value());
    check_steps(*r, 300);
    CHECK(r->snapshots.size() == 1);
    CHECK(r->chunks == 4);
  }
  SECTION("inside the HEADER chunk: nothing usable") {
    for (std::uint64_t keep : {layout[0].offset + 10, layout[0].offset + 40, layout[0].offset + layout[0].size - 1}) {
      INFO("keep " << keep);
      auto r = read_cut(keep);
      REQUIRE_FALSE(r.ok());
      CHECK(r.errors().to_string().find("no readable HEADER chunk") != std::string::npos);
    }
  }
  SECTION("only the file header") {
    auto r = read_cut(16);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().to_string().find("empty recording") != std::string::npos);
  }
  SECTION("inside the file header") {
    for (std::uint64_t keep : {0u, 8u, 15u}) {
      auto r = read_cut(keep);
      REQUIRE_FALSE(r.ok());
      CHECK(r.errors().to_string().find("bad file header") != std::string::npos);
    }
  }
}

TEST_CASE("recording: a flipped byte is found by the checksums") {
  const SampleFile f;
  const auto& data = f.data;
  const auto& layout = f.layout;
  const fs::path& bad = f.bad;

  SECTION("in a payload") {
    for (std::size_t k : {std::size_t{2}, std::size_t{3}, std::size_t{5}}) {
      INFO("chunk " << k);
      auto copy = data;
      copy[layout[k].offset + 40 + (layout[k].size - 40) / 2] ^= 0x10;
      write_bytes(bad, copy);
      auto r = scenario::read_recording(bad);
      REQUIRE(r.ok());
      const auto d = require_damage(*r);
      CHECK(d.chunk == k);
      CHECK(d.byte_offset == layout[k].offset);
      CHECK(d.reason == "chunk payload checksum mismatch");
      CHECK(r->chunks == k);
      CHECK_FALSE(r->end_json.has_value());
    }
  }
  SECTION("in a chunk header") {
    for (std::size_t byte : {std::size_t{0}, std::size_t{9}, std::size_t{21}, std::size_t{39}}) {
      INFO("header byte " << byte);
      auto copy = data;
      copy[layout[4].offset + byte] ^= 0x01;
      write_bytes(bad, copy);
      auto r = scenario::read_recording(bad);
      REQUIRE(r.ok());
      const auto d = require_damage(*r);
      CHECK(d.chunk == 4);
      CHECK(d.byte_offset == layout[4].offset);
      CHECK(d.reason == "chunk header checksum mismatch");
      check_steps(*r, 300);
    }
  }
  SECTION("in the HEADER chunk's payload: nothing usable") {
    auto copy = data;
    copy[layout[0].offset + 45] ^= 0xff;
    write_bytes(bad, copy);
    auto r = scenario::read_recording(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().to_string().find("checksum mismatch") != std::string::npos);
  }
}

TEST_CASE("recording: chunks out of order or after END are damage") {
  const SampleFile f;
  const auto& data = f.data;
  const auto& layout = f.layout;
  const fs::path& bad = f.bad;

  SECTION("a chunk repeated") {
    std::vector<std::uint8_t> copy(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(layout[2].offset));
    copy.insert(copy.end(), data.begin() + static_cast<std::ptrdiff_t>(layout[1].offset),
                data.begin() + static_cast<std::ptrdiff_t>(layout[2].offset));
    write_bytes(bad, copy);
    auto r = scenario::read_recording(bad);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 2);
    CHECK(d.byte_offset == layout[2].offset);
    CHECK(d.reason == "chunk sequence number 1 where 2 was expected");
    check_steps(*r, 256);
  }
  SECTION("bytes after END") {
    auto copy = data;
    copy.push_back(0);
    write_bytes(bad, copy);
    auto r = scenario::read_recording(bad);
    REQUIRE(r.ok());
    const auto d = require_damage(*r);
    CHECK(d.chunk == 6);
    CHECK(d.byte_offset == data.size());
    CHECK(d.reason == "data after the END chunk");
    CHECK(r->end_json.has_value());
    check_steps(*r, 310);
  }
}

TEST_CASE("recording: a bad file header is an error") {
  const SampleFile f;
  const auto& data = f.data;
  const fs::path& bad = f.bad;

  SECTION("wrong magic") {
    auto copy = data;
    copy[0] = 'X';
    write_bytes(bad, copy);
    auto r = scenario::read_recording(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().items()[0].message == "not a dptwin recording (bad file header)");
    CHECK(r.errors().items()[0].where.file == bad.string());
  }
  SECTION("unsupported format") {
    auto copy = data;
    copy[8] = 2;
    write_bytes(bad, copy);
    auto r = scenario::read_recording(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().items()[0].message.find("recording format 2 is not supported") != std::string::npos);
  }
  SECTION("not a recording at all") {
    write_text(bad, "[scenario]\nname = \"this is a scenario file, not a recording\"\n");
    CHECK_FALSE(scenario::read_recording(bad).ok());
  }
  SECTION("no such file") {
    auto r = scenario::read_recording(f.dir / "none.dptrec");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().items()[0].message == "cannot open recording");
  }
}

TEST_CASE("recording: the writer reports a path it cannot create") {
  auto w = RecordingWriter::create("/no/such/dir/r.dptrec");
  REQUIRE_FALSE(w.ok());
  CHECK(w.errors().items()[0].message.find("cannot create recording") != std::string::npos);
}
