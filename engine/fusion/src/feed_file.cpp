// The recorded-file feed: NDJSON, one message per line, replayed at `speed` times real time from
// the messages' own times (speed 0: as fast as possible). Read in 1 MiB chunks, so that a large
// recording costs no more memory than a small one, and a line longer than kMaxMessageBytes is
// counted and skipped without being held whole.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "dpt/fusion/codec.h"
#include "feed_internal.h"

namespace dpt::fusion::detail {

namespace {

bool is_blank(std::string_view line) {
  for (const char c : line)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

class FileFeed final : public Feed {
 public:
  FileFeed(const std::string& spec, std::FILE* file, double speed) : Feed(spec), file_(file), speed_(speed) {}
  ~FileFeed() override {
    if (file_ != nullptr) std::fclose(file_);
  }

  Result<FeedEnd> run(const FeedSink& sink) override {
    constexpr std::size_t kChunk = 1 << 20;
    static_assert(kChunk > kMaxMessageBytes, "a whole message must fit in the buffer");
    std::vector<char> buf(kChunk);
    std::size_t filled = 0;       // bytes in buf
    bool skipping = false;        // inside an oversized line, until its newline
    std::uint64_t line_no = 0;    // lines completed so far
    for (;;) {
      if (stop_requested()) return FeedEnd::stopped;
      const std::size_t got = std::fread(buf.data() + filled, 1, buf.size() - filled, file_);
      if (got == 0 && std::ferror(file_))
        return Result<FeedEnd>::failure(SourceLoc{spec(), static_cast<int>(line_no + 1), 0},
                                        std::string("read error: ") + std::strerror(errno));
      const bool eof = got == 0;
      filled += got;
      std::size_t start = 0;
      for (;;) {
        const void* nl = std::memchr(buf.data() + start, '\n', filled - start);
        if (nl == nullptr) break;
        const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
        ++line_no;
        if (skipping) {
          skipping = false;  // the tail of an oversized line, already counted
        } else if (!deliver(std::string_view(buf.data() + start, end - start), line_no, sink)) {
          return FeedEnd::stopped;
        }
        start = end + 1;
      }
      // What is left is an unfinished line.
      const std::size_t rest = filled - start;
      if (eof) {
        if (rest > 0 && !skipping) {
          ++line_no;
          if (!deliver(std::string_view(buf.data() + start, rest), line_no, sink)) return FeedEnd::stopped;
        }
        return FeedEnd::exhausted;
      }
      if (skipping) {
        filled = 0;
      } else if (rest > kMaxMessageBytes) {
        count_oversized();
        skipping = true;
        filled = 0;
      } else {
        std::memmove(buf.data(), buf.data() + start, rest);
        filled = rest;
      }
    }
  }

 private:
  // One line: skipped when blank, counted when too long, otherwise paced and handed over.
  // Returns false when the feed was stopped while waiting.
  bool deliver(std::string_view line, std::uint64_t line_no, const FeedSink& sink) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (is_blank(line)) return true;
    if (line.size() > kMaxMessageBytes) {
      count_oversized();
      return true;
    }
    if (speed_ > 0.0 && !pace(line)) return false;
    count_received(line.size());
    sink(RawMessage{line, wall_clock_us(), line_no});
    return true;
  }

  // Waits until the line is due: the first message sets the origin; a message t µs after it is
  // due t / speed µs after the first was delivered. Lines that do not decode, and messages older
  // than one already delivered, go at once (the graph counts them as rejected or late).
  bool pace(std::string_view line) {
    if (!decode(line, scratch_).ok()) return true;
    const std::int64_t t = scratch_.time_us();
    if (!started_) {
      started_ = true;
      first_time_us_ = t;
      first_wall_us_ = steady_clock_us();
      return true;
    }
    const double offset = static_cast<double>(t - first_time_us_) / speed_;
    if (offset <= 0) return true;
    return sleep_until_or_stopped(*this, first_wall_us_ + static_cast<std::int64_t>(offset));
  }

  std::FILE* file_;
  double speed_;
  Message scratch_;  // decoded only for its time, when pacing
  bool started_ = false;
  std::int64_t first_time_us_ = 0;
  std::int64_t first_wall_us_ = 0;
};

}  // namespace

Result<std::unique_ptr<Feed>> open_file_feed(const std::string& spec, const std::string& path,
                                             const FeedOptions& options) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Result<std::unique_ptr<Feed>>::failure(SourceLoc{path, 0, 0},
                                                  std::string("cannot open feed file: ") + std::strerror(errno));
  return std::unique_ptr<Feed>(new FileFeed(spec, f, options.speed));
}

}  // namespace dpt::fusion::detail
