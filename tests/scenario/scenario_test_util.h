#pragma once
// Helpers shared by the scenario tests: a minimal valid scenario as text, temporary folders,
// whole-file I/O, the chunk layout of a recording and a driver that steps a Simulation the way
// the runner does.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "dpt/scenario/scenario.h"
#include "dpt/scenario/simulation.h"

namespace dpt::test {

namespace fs = std::filesystem;

// A small but complete scenario: 20 min of 10 s steps, wind keyframes with turbulence, 5000
// tracer particles released from the scenario and by an inject, a wind.set inject and a note.
// The injects are written out of time order on purpose (the loader sorts them).
inline std::string minimal_scenario() {
  return R"([scenario]
name = "unit test scenario"
description = "small scenario for the scenario module's tests"
start = 2025-07-20T06:00:00+08:00
duration = "20min"
step = "10s"
seed = 7

[district]
name = "Dapeng New District"
crs = "EPSG:4547"
bounds = [114.33, 22.44, 114.63, 22.67]

[outputs]
kpi_every = "5min"
snapshot_every = "10min"
fields = false

[modules.wind]
source = "keyframes"
cell = "1000 m"
terrain_category = "A"
turbulence_intensity = 0.12
turbulence_time_scale = "2min"

[[modules.wind.keyframes]]
at = "0s"
speed = "2 m/s"
from_deg = 80

[[modules.wind.keyframes]]
at = "20min"
speed = "3 m/s"
from_deg = 100

[modules.tracers]
capacity = 5000
diffusivity = "50 m2/s"
height = "10 m"

[[modules.tracers.release]]
at = "1min"
lon = 114.56
lat = 22.50
count = 3000
radius = "100 m"

[[injects]]
at = "10min"
command = "tracers.release"
lon = 114.50
lat = 22.59
count = 2000
radius = "200 m"

[[injects]]
at = "5min"
command = "wind.set"
speed = "2.5 m/s"
from_deg = 135

[[injects]]
at = "5min"
command = "run.note"
text = "wind veers"
)";
}

// Replaces the first occurrence of `from` (which must be there) by `to`.
inline std::string replace(std::string text, std::string_view from, std::string_view to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle` (which must be there).
inline int line_of(const std::string& text, std::string_view needle) {
  const auto pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  int line = 1;
  for (std::size_t i = 0; i < pos; ++i)
    if (text[i] == '\n') ++line;
  return line;
}

// A folder under the system temp folder, removed with everything in it at scope exit.
class TempDir {
 public:
  explicit TempDir(std::string_view tag = "t") {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("dpt-scn-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

inline std::vector<std::uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  REQUIRE(out);
}

inline void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out);
}

// Where each chunk of a recording starts, and how long it is, read independently of the reader
// under test (docs/recording.md: a 16-byte file header, then chunks of a 40-byte header whose
// bytes 4..8 hold the type and 20..24 the stored payload size, followed by the payload).
struct ChunkSpan {
  std::uint64_t offset = 0;
  std::uint32_t type = 0;
  std::uint64_t size = 0;  // header + payload
};

inline std::vector<ChunkSpan> chunk_layout(const std::vector<std::uint8_t>& data) {
  std::vector<ChunkSpan> out;
  std::size_t pos = 16;
  while (pos + 40 <= data.size()) {
    ChunkSpan c;
    c.offset = pos;
    std::uint32_t stored = 0;
    std::memcpy(&c.type, data.data() + pos + 4, 4);
    std::memcpy(&stored, data.data() + pos + 20, 4);
    c.size = 40 + std::uint64_t{stored};
    out.push_back(c);
    pos += c.size;
  }
  REQUIRE(pos == data.size());
  return out;
}

inline std::unique_ptr<scenario::Scenario> load_text(const std::string& text, const std::vector<std::string>& overrides = {}) {
  auto r = scenario::load_scenario_text(text, "test.toml", fs::path(DPT_SOURCE_DIR) / "scenarios", overrides);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

// Steps a simulation the way the runner does: at each step boundary, apply the injects that are
// due, then step. `next_inject` is the first inject not applied yet. Returns the digest after
// every step.
inline std::vector<std::uint64_t> drive(scenario::Simulation& sim, std::size_t& next_inject, std::uint32_t until_step) {
  const scenario::Scenario& s = sim.scenario();
  std::vector<std::uint64_t> digests;
  while (sim.step_index() < until_step) {
    while (next_inject < s.injects.size() && s.injects[next_inject].t_us <= sim.now_us()) sim.apply(s.injects[next_inject++]);
    sim.step();
    sim.world().events.take();
    digests.push_back(sim.digest());
  }
  return digests;
}

}  // namespace dpt::test
