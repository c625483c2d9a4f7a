#include "dpt/scenario/recording.h"

#include <zstd.h>

#include <array>
#include <cstring>
#include <fstream>

#include "dpt/core/bytes.h"
#include "dpt/core/digest.h"

namespace dpt::scenario {
namespace {

constexpr std::array<char, 8> kFileMagic{'D', 'P', 'T', 'W', 'I', 'N', 'R', 'C'};
constexpr std::uint32_t kChunkMagic = 0x43545044;  // "DPTC"
constexpr std::size_t kChunkHeaderSize = 40;
constexpr std::uint32_t kMaxChunkRaw = 1u << 30;
constexpr int kZstdLevel = 3;

struct ChunkHeader {
  std::uint32_t magic = kChunkMagic;
  std::uint32_t type = 0;
  std::uint64_t seq = 0;
  std::uint32_t raw_size = 0;
  std::uint32_t stored_size = 0;
  std::uint64_t payload_hash = 0;
  std::uint64_t header_hash = 0;  // of the 32 bytes before it
};

void encode_header(const ChunkHeader& h, std::uint8_t* out) {
  ByteWriter w;
  w.put(h.magic);
  w.put(h.type);
  w.put(h.seq);
  w.put(h.raw_size);
  w.put(h.stored_size);
  w.put(h.payload_hash);
  const std::uint64_t hh = hash64(w.data().data(), w.data().size());
  w.put(hh);
  std::memcpy(out, w.data().data(), kChunkHeaderSize);
}

void encode_steps(const std::vector<StepRecord>& steps, ByteWriter& w) {
  w.put<std::uint32_t>(static_cast<std::uint32_t>(steps.size()));
  for (const StepRecord& s : steps) {
    w.put(s.step);
    w.put(s.t_us);
    w.put(s.digest);
    w.put<std::uint32_t>(static_cast<std::uint32_t>(s.commands.size()));
    for (const std::string& c : s.commands) w.put_string(c);
  }
}

bool decode_steps(ByteReader& r, std::vector<StepRecord>& out) {
  std::uint32_t n = 0;
  if (!r.get(n)) return false;
  for (std::uint32_t i = 0; i < n; ++i) {
    StepRecord s;
    std::uint32_t nc = 0;
    if (!r.get(s.step) || !r.get(s.t_us) || !r.get(s.digest) || !r.get(nc)) return false;
    for (std::uint32_t k = 0; k < nc; ++k) {
      std::string c;
      if (!r.get_string(c)) return false;
      s.commands.push_back(std::move(c));
    }
    out.push_back(std::move(s));
  }
  return r.at_end();
}

}  // namespace

Result<RecordingWriter> RecordingWriter::create(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Result<RecordingWriter>::failure({path.string()}, std::string("cannot create recording: ") + std::strerror(errno));
  RecordingWriter w(f);
  ByteWriter head;
  for (char c : kFileMagic) head.put(c);
  head.put(kRecordingFormat);
  head.put<std::uint32_t>(0);
  if (std::fwrite(head.data().data(), 1, head.data().size(), f) != head.data().size())
    return Result<RecordingWriter>::failure({path.string()}, "cannot write recording");
  w.bytes_ = head.data().size();
  return w;
}

RecordingWriter::RecordingWriter(RecordingWriter&& o) noexcept
    : file_(std::exchange(o.file_, nullptr)), seq_(o.seq_), bytes_(o.bytes_), pending_(std::move(o.pending_)) {}

RecordingWriter::~RecordingWriter() {
  if (file_) std::fclose(file_);
}

bool RecordingWriter::write_chunk(ChunkType type, const std::vector<std::uint8_t>& raw) {
  if (!file_ || raw.size() > kMaxChunkRaw) return false;
  std::vector<std::uint8_t> out(kChunkHeaderSize + ZSTD_compressBound(raw.size()));
  const std::size_t n = ZSTD_compress(out.data() + kChunkHeaderSize, out.size() - kChunkHeaderSize, raw.data(), raw.size(), kZstdLevel);
  if (ZSTD_isError(n)) return false;
  ChunkHeader h;
  h.type = static_cast<std::uint32_t>(type);
  h.seq = seq_++;
  h.raw_size = static_cast<std::uint32_t>(raw.size());
  h.stored_size = static_cast<std::uint32_t>(n);
  h.payload_hash = hash64(out.data() + kChunkHeaderSize, n);
  encode_header(h, out.data());
  const std::size_t total = kChunkHeaderSize + n;
  if (std::fwrite(out.data(), 1, total, file_) != total) return false;
  // Each chunk reaches the file as soon as it is complete: a crash loses at most the steps since.
  if (std::fflush(file_) != 0) return false;
  bytes_ += total;
  return true;
}

bool RecordingWriter::write_header(const std::string& json) {
  return write_chunk(ChunkType::header, std::vector<std::uint8_t>(json.begin(), json.end()));
}

bool RecordingWriter::add_step(StepRecord rec) {
  pending_.push_back(std::move(rec));
  if (pending_.size() >= kStepsPerChunk) return flush_steps();
  return true;
}

bool RecordingWriter::flush_steps() {
  if (pending_.empty()) return true;
  ByteWriter w;
  encode_steps(pending_, w);
  pending_.clear();
  return write_chunk(ChunkType::steps, w.data());
}

bool RecordingWriter::write_snapshot(const SnapshotRecord& snap) {
  if (!flush_steps()) return false;
  ByteWriter w;
  w.put(snap.step);
  w.put(snap.digest);
  w.put_array<std::uint8_t>(snap.state);
  return write_chunk(ChunkType::snapshot, w.data());
}

bool RecordingWriter::finish(const std::string& end_json) {
  const bool ok = flush_steps() && write_chunk(ChunkType::end, std::vector<std::uint8_t>(end_json.begin(), end_json.end()));
  if (file_) {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    return ok && closed;
  }
  return ok;
}

Result<RecordingContents> read_recording(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<RecordingContents>::failure({path.string()}, "cannot open recording");
  std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RecordingContents rc;
  if (data.size() < 16 || std::memcmp(data.data(), kFileMagic.data(), kFileMagic.size()) != 0)
    return Result<RecordingContents>::failure({path.string()}, "not a dptwin recording (bad file header)");
  std::memcpy(&rc.format, data.data() + 8, 4);
  if (rc.format != kRecordingFormat)
    return Result<RecordingContents>::failure({path.string()}, "recording format " + std::to_string(rc.format) +
                                                                   " is not supported (this dptwin reads format " +
                                                                   std::to_string(kRecordingFormat) + ")");
  std::size_t pos = 16;
  std::uint64_t expected_seq = 0;
  auto damage = [&](std::string why) { rc.damage = RecordingDamage{expected_seq, pos, std::move(why)}; };
  while (pos < data.size()) {
    if (data.size() - pos < kChunkHeaderSize) {
      damage("truncated chunk header (" + std::to_string(data.size() - pos) + " of 40 bytes)");
      break;
    }
    ByteReader hr(std::span<const std::uint8_t>(data.data() + pos, kChunkHeaderSize));
    ChunkHeader h;
    hr.get(h.magic), hr.get(h.type), hr.get(h.seq), hr.get(h.raw_size), hr.get(h.stored_size), hr.get(h.payload_hash),
        hr.get(h.header_hash);
    if (h.magic != kChunkMagic || hash64(data.data() + pos, 32) != h.header_hash) {
      damage("chunk header checksum mismatch");
      break;
    }
    if (h.seq != expected_seq) {
      damage("chunk sequence number " + std::to_string(h.seq) + " where " + std::to_string(expected_seq) + " was expected");
      break;
    }
    if (data.size() - pos - kChunkHeaderSize < h.stored_size) {
      damage("truncated chunk payload (" + std::to_string(data.size() - pos - kChunkHeaderSize) + " of " +
             std::to_string(h.stored_size) + " bytes)");
      break;
    }
    const std::uint8_t* payload = data.data() + pos + kChunkHeaderSize;
    if (hash64(payload, h.stored_size) != h.payload_hash) {
      damage("chunk payload checksum mismatch");
      break;
    }
    if (h.raw_size > kMaxChunkRaw) {
      damage("chunk too large");
      break;
    }
    std::vector<std::uint8_t> raw(h.raw_size);
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), payload, h.stored_size);
    if (ZSTD_isError(n) || n != h.raw_size) {
      damage("chunk does not decompress");
      break;
    }
    ByteReader r(raw);
    bool ok = true;
    switch (static_cast<ChunkType>(h.type)) {
      case ChunkType::header:
        if (expected_seq != 0) ok = false;
        rc.header_json.assign(raw.begin(), raw.end());
        break;
      case ChunkType::steps:
        ok = decode_steps(r, rc.steps);
        break;
      case ChunkType::snapshot: {
        SnapshotRecord s;
        ok = r.get(s.step) && r.get(s.digest) && r.get_array(s.state, kMaxChunkRaw) && r.at_end();
        if (ok) rc.snapshots.push_back(std::move(s));
        break;
      }
      case ChunkType::end:
        rc.end_json = std::string(raw.begin(), raw.end());
        break;
      default:
        ok = false;
    }
    if (!ok) {
      damage("chunk of type " + std::to_string(h.type) + " has a malformed payload");
      break;
    }
    if (expected_seq == 0 && rc.header_json.empty()) {
      damage("the first chunk is not a HEADER");
      break;
    }
    pos += kChunkHeaderSize + h.stored_size;
    ++expected_seq;
    rc.chunks = expected_seq;
    if (rc.end_json && pos < data.size()) {
      damage("data after the END chunk");
      break;
    }
  }
  if (rc.header_json.empty()) {
    const std::string why = rc.damage ? rc.damage->reason : "empty recording";
    return Result<RecordingContents>::failure({path.string()}, "recording has no readable HEADER chunk: " + why);
  }
  return rc;
}

}  // namespace dpt::scenario
