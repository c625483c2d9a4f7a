#pragma once
// The run's recording (docs/recording.md): a file header, then chunks, each with its own header
// (type, sequence number, sizes, XXH3 checksums) and a zstd-compressed payload. Chunks: HEADER
// (how to rebuild the run: scenario text, overrides, seed), STEPS (per step: time, state digest,
// commands applied), SNAPSHOT (the full state after a step: seek points), END (how the run ended).
// Everything in it is deterministic: the same scenario and seed give the same bytes at any
// thread count. A reader stops at the first damaged chunk and says where.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::scenario {

inline constexpr std::uint32_t kRecordingFormat = 1;
inline constexpr std::uint32_t kStepsPerChunk = 256;

enum class ChunkType : std::uint32_t { header = 1, steps = 2, snapshot = 3, end = 4 };

struct StepRecord {
  std::uint32_t step = 0;               // index of the step
  std::int64_t t_us = 0;                // sim time after the step, from the start
  std::uint64_t digest = 0;             // state digest after the step
  std::vector<std::string> commands;    // commands applied before the step, as JSON objects
};

struct SnapshotRecord {
  std::uint32_t step = 0;       // state after this many steps
  std::uint64_t digest = 0;     // state digest at that point
  std::vector<std::uint8_t> state;
};

class RecordingWriter {
 public:
  static Result<RecordingWriter> create(const std::filesystem::path& path);
  RecordingWriter(RecordingWriter&& o) noexcept;
  RecordingWriter& operator=(RecordingWriter&&) = delete;
  ~RecordingWriter();

  bool write_header(const std::string& json);
  bool add_step(StepRecord rec);  // buffered; a STEPS chunk every kStepsPerChunk steps
  bool write_snapshot(const SnapshotRecord& snap);
  bool finish(const std::string& end_json);  // flushes steps, writes END, closes
  bool flush_steps();
  std::uint64_t bytes_written() const { return bytes_; }

 private:
  explicit RecordingWriter(std::FILE* f) : file_(f) {}
  bool write_chunk(ChunkType type, const std::vector<std::uint8_t>& raw);

  std::FILE* file_ = nullptr;
  std::uint64_t seq_ = 0;
  std::uint64_t bytes_ = 0;
  std::vector<StepRecord> pending_;
};

struct RecordingDamage {
  std::uint64_t chunk = 0;       // index of the first bad chunk (0-based)
  std::uint64_t byte_offset = 0; // where it starts in the file
  std::string reason;
};

struct RecordingContents {
  std::uint32_t format = 0;
  std::string header_json;
  std::vector<StepRecord> steps;
  std::vector<SnapshotRecord> snapshots;
  std::optional<std::string> end_json;  // absent when the run did not finish writing
  std::optional<RecordingDamage> damage;
  std::uint64_t chunks = 0;              // good chunks read
};

// Fails only when nothing usable is there (unreadable file, bad file header, damaged HEADER chunk).
Result<RecordingContents> read_recording(const std::filesystem::path& path);

}  // namespace dpt::scenario
