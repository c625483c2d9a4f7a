// MOTChallenge text files (https://motchallenge.net/instructions/, and the MOT16 paper, Milan et
// al. 2016, section 3.3): one box per line, comma-separated numbers.
//   detections (det.txt):   frame, -1, x, y, w, h, score, -1, -1, -1
//   MOT15 ground truth:     frame, id, x, y, w, h, consider, wx, wy, wz   (world coordinates)
//   MOT16+ ground truth:    frame, id, x, y, w, h, consider, class, visibility   (9 columns)
//   results:                frame, id, x, y, w, h, conf, -1, -1, -1
// Only the 9-column form carries a class and a visibility; in the 10-column forms columns 8-10
// are world coordinates (or -1) and are not read.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "dpt/fusion/mot.h"

namespace dpt::fusion {
namespace {

constexpr int kMaxErrors = 50;  // a wholly wrong file should not print a million lines

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits a line at commas and parses each field as a number; false when a field is not one.
bool parse_numbers(std::string_view line, double* out, int max_fields, int& n_fields) {
  n_fields = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view field = trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (n_fields == max_fields) return false;
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
    if (field.empty() || ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(v)) return false;
    out[n_fields++] = v;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

bool is_integer(double v) { return v == std::floor(v) && std::abs(v) < 2.0e9; }

}  // namespace

Result<std::vector<MotBox>> read_mot_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Result<std::vector<MotBox>>::failure(SourceLoc{path, 0, 0}, "cannot open the file for reading");
  std::vector<MotBox> boxes;
  ErrorList errors;
  std::string line;
  int line_no = 0;
  constexpr int kMaxFields = 10;
  double f[kMaxFields + 1];
  auto fail = [&](std::string message) {
    if (static_cast<int>(errors.size()) < kMaxErrors) errors.add(SourceLoc{path, line_no, 0}, std::move(message));
  };
  while (std::getline(in, line)) {
    ++line_no;
    const std::string_view text = trim(line);
    if (text.empty()) continue;
    int n = 0;
    if (!parse_numbers(text, f, kMaxFields, n) || n < 7) {
      fail("expected 7 to 10 comma-separated numbers (frame,id,x,y,w,h,conf[,...]), got '" +
           std::string(text.substr(0, 80)) + "'");
      continue;
    }
    if (!is_integer(f[0]) || f[0] < 1) {
      fail("the frame (column 1) must be an integer >= 1");
      continue;
    }
    if (!is_integer(f[1])) {
      fail("the id (column 2) must be an integer (-1 for detections)");
      continue;
    }
    if (f[4] < 0 || f[5] < 0) {
      fail("the box width and height (columns 5 and 6) must not be negative");
      continue;
    }
    MotBox b;
    b.frame = static_cast<std::int32_t>(f[0]);
    b.id = static_cast<std::int32_t>(f[1]);
    b.x = static_cast<float>(f[2]);
    b.y = static_cast<float>(f[3]);
    b.w = static_cast<float>(f[4]);
    b.h = static_cast<float>(f[5]);
    b.conf = static_cast<float>(f[6]);
    if (n == 9) {  // MOT16+ ground truth: class and visibility
      if (!is_integer(f[7])) {
        fail("the class (column 8 of a 9-column line) must be an integer");
        continue;
      }
      b.cls = static_cast<std::int32_t>(f[7]);
      b.visibility = static_cast<float>(f[8]);
    }
    boxes.push_back(b);
  }
  if (in.bad()) fail("read error");
  if (static_cast<int>(errors.size()) >= kMaxErrors) {
    errors.add(SourceLoc{path, 0, 0}, "stopped listing errors after " + std::to_string(kMaxErrors));
  }
  if (!errors.empty()) return errors;
  return boxes;
}

Result<SeqInfo> read_seqinfo(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Result<SeqInfo>::failure(SourceLoc{path, 0, 0}, "cannot open the file for reading");
  SeqInfo info;
  ErrorList errors;
  bool in_sequence = false, seen_section = false;
  std::string line;
  int line_no = 0;
  auto read_int = [&](std::string_view value, std::string_view key, int& out) {
    int v = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || v <= 0) {
      errors.add(SourceLoc{path, line_no, 0}, std::string(key) + " must be a positive integer, got '" + std::string(value) + "'");
      return;
    }
    out = v;
  };
  while (std::getline(in, line)) {
    ++line_no;
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == ';' || text.front() == '#') continue;
    if (text.front() == '[') {
      if (text.back() != ']') {
        errors.add(SourceLoc{path, line_no, 0}, "expected a section header like [Sequence]");
        continue;
      }
      in_sequence = text == "[Sequence]";
      seen_section = seen_section || in_sequence;
      continue;
    }
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) {
      errors.add(SourceLoc{path, line_no, 0}, "expected key=value");
      continue;
    }
    if (!in_sequence) continue;  // other sections are not ours
    const std::string_view key = trim(text.substr(0, eq));
    const std::string_view value = trim(text.substr(eq + 1));
    if (key == "name") info.name = std::string(value);
    else if (key == "frameRate") read_int(value, key, info.frame_rate);
    else if (key == "seqLength") read_int(value, key, info.seq_length);
    else if (key == "imWidth") read_int(value, key, info.width);
    else if (key == "imHeight") read_int(value, key, info.height);
    // imDir, imExt and anything else: not needed by the tracker.
  }
  if (!seen_section) errors.add(SourceLoc{path, 0, 0}, "expected a [Sequence] section");
  else {
    if (info.frame_rate == 0 && errors.empty()) errors.add(SourceLoc{path, 0, 0}, "expected frameRate= in [Sequence]");
    if (info.seq_length == 0 && errors.empty()) errors.add(SourceLoc{path, 0, 0}, "expected seqLength= in [Sequence]");
  }
  if (!errors.empty()) return errors;
  return info;
}

Result<bool> write_mot_results(const std::string& path, std::vector<MotBox> boxes) {
  std::sort(boxes.begin(), boxes.end(), [](const MotBox& a, const MotBox& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.id < b.id;
  });
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return Result<bool>::failure(SourceLoc{path, 0, 0}, "cannot open the file for writing");
  bool ok = true;
  for (const MotBox& b : boxes) {
    ok = ok && std::fprintf(f, "%d,%d,%.2f,%.2f,%.2f,%.2f,%.4g,-1,-1,-1\n", b.frame, b.id, static_cast<double>(b.x),
                            static_cast<double>(b.y), static_cast<double>(b.w), static_cast<double>(b.h),
                            static_cast<double>(b.conf)) > 0;
  }
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return Result<bool>::failure(SourceLoc{path, 0, 0}, "write failed (disk full?)");
  return true;
}

}  // namespace dpt::fusion
