// decode(): one JSON message into a Message, in a single pass over the bytes with the strict
// reader of json_cursor.h, filling the Message in place (its vectors keep their storage).
//
// Every member is read as it comes (members may be in any order); each known member keeps its own
// first problem. Only when the whole text is known to be valid JSON is the verdict taken, in a
// fixed order that does not depend on the order of members: malformed JSON, then "type", then the
// type's required members in the order docs/feeds.md lists them. Box-level problems are taken
// box by box, and within a box in the order box, class, score. A member written twice is refused
// (bad_value, "duplicate member"): JSON leaves duplicates undefined (RFC 8259 section 4) and
// readers differ on which one wins. Members unknown to the message's type are ignored.
#include <cmath>
#include <string>

#include "codec_time.h"
#include "dpt/fusion/codec.h"
#include "json_cursor.h"

namespace dpt::fusion {

namespace {

enum Member : std::uint8_t {
  kType,
  kCamera,
  kTime,
  kSeq,
  kDetections,
  kSensor,
  kPhenomenonTime,
  kObservedProperty,
  kResult,
  kUnit,
  kMemberCount,
  kUnknownMember = kMemberCount,
};

constexpr const char* kMemberNames[kMemberCount] = {
    "type", "camera", "time", "seq", "detections", "sensor", "phenomenonTime", "observedProperty", "result",
    "unitOfMeasurement"};

// By length first: most keys are told apart by it alone.
Member classify(std::string_view key) {
  static constexpr std::string_view kNames[kMemberCount] = {
      "type", "camera", "time", "seq", "detections", "sensor", "phenomenonTime", "observedProperty", "result",
      "unitOfMeasurement"};
  for (int m = 0; m < kMemberCount; ++m)
    if (key.size() == kNames[m].size() && key == kNames[m]) return static_cast<Member>(m);
  return kUnknownMember;
}

constexpr const char* kExpectId = "expected an integer in 0..2147483647";
constexpr const char* kExpectSeq = "expected an integer in 0..18446744073709551615";
constexpr const char* kExpectTime = "expected an ISO 8601 time like 2026-10-01T08:00:00.200000Z (Z or +hh:mm)";
constexpr const char* kExpectBox = "expected [x, y, w, h]: four finite numbers, w and h >= 0";
constexpr const char* kExpectScore = "expected a number in 0..1";
constexpr const char* kExpectClass =
    "expected one of person, bicycle, car, bus, truck, hazmat_truck, muck_truck, unknown";
constexpr const char* kDuplicate = "duplicate member";
constexpr const char* kMissing = "missing";

// A problem found while reading: its reason and what was expected. `box`/`sub` locate it inside
// "detections" (box index, and the box's member).
struct Problem {
  Reject reject = Reject::none;
  const char* what = nullptr;
  int box = -1;
  const char* sub = nullptr;
};

// Within one box: the three members, each seen or not, each with its own problem.
enum BoxMember : std::uint8_t { kBoxBox, kBoxClass, kBoxScore, kBoxMemberCount };
constexpr const char* kBoxMemberNames[kBoxMemberCount] = {"box", "class", "score"};

class Decoder {
 public:
  Decoder(std::string_view bytes, Message& out) : cur_(bytes), out_(out) {}

  DecodeStatus run();

 private:
  bool read_members();
  bool read_member(Member m);
  bool read_id(Member m, std::int32_t& dst);
  bool read_seq(Member m, std::uint64_t& dst);
  bool read_time(Member m, std::int64_t& dst);
  bool read_text(Member m, std::string& dst, bool allow_empty);
  bool read_result(Member m);
  bool read_type(Member m);
  bool read_detections(Member m);
  bool read_box(int index, BoxDetection& box, Problem& problem);
  bool read_box_array(BoxDetection& box, bool& ok);

  // Records the member's problem (its first one; a duplicate overrides it) and skips the value.
  bool bad(Member m, Reject r, const char* what) {
    if (problems_[m].reject == Reject::none) problems_[m] = Problem{r, what, -1, nullptr};
    return cur_.skip_value();
  }
  DecodeStatus verdict();
  DecodeStatus member_status(Member m) const;

  json::Cursor cur_;
  Message& out_;
  std::string scratch_;  // unescaped strings (only when a string has escapes)
  bool seen_[kMemberCount] = {};
  Problem problems_[kMemberCount];
  int type_ = -1;  // -1 not seen or not recognised, else a MessageKind
  bool too_many_boxes_ = false;
};

DecodeStatus Decoder::run() {
  cur_.skip_bom();
  if (!cur_.expect('{', "expected '{' (a message is one JSON object)")) return verdict();
  if (!read_members()) return verdict();
  cur_.skip_ws();
  if (!cur_.at_end()) cur_.fail("trailing characters after the object");
  return verdict();
}

bool Decoder::read_members() {
  if (cur_.accept('}')) return true;
  for (;;) {
    std::string_view key;
    if (!cur_.read_string(key, scratch_) || !cur_.expect(':', "expected ':'")) return false;
    if (!read_member(classify(key))) return false;
    if (cur_.accept(',')) continue;
    return cur_.expect('}', "expected ',' or '}'");
  }
}

bool Decoder::read_member(Member m) {
  if (m == kUnknownMember) return cur_.skip_value();
  if (seen_[m]) {
    problems_[m] = Problem{Reject::bad_value, kDuplicate, -1, nullptr};
    return cur_.skip_value();
  }
  seen_[m] = true;
  switch (m) {
    case kType: return read_type(m);
    case kCamera: return read_id(m, out_.detections.camera_id);
    case kSensor: return read_id(m, out_.observation.sensor_id);
    case kTime: return read_time(m, out_.detections.time_us);
    case kPhenomenonTime: return read_time(m, out_.observation.time_us);
    case kSeq: {
      // Both payloads carry seq; copy it to the other once the type is known (verdict()).
      return read_seq(m, out_.detections.seq);
    }
    case kDetections:
      if (type_ == static_cast<int>(MessageKind::observation)) return cur_.skip_value();
      return read_detections(m);
    case kObservedProperty: return read_text(m, out_.observation.observed_property, false);
    case kUnit: return read_text(m, out_.observation.unit, true);
    case kResult: return read_result(m);
    default: return cur_.skip_value();
  }
}

bool Decoder::read_type(Member m) {
  if (cur_.peek() != '"') return bad(m, Reject::unknown_type, "expected \"detections\" or \"observation\"");
  std::string_view v;
  if (!cur_.read_string(v, scratch_)) return false;
  if (v == "detections") {
    type_ = static_cast<int>(MessageKind::detections);
  } else if (v == "observation") {
    type_ = static_cast<int>(MessageKind::observation);
  } else {
    problems_[m] = Problem{Reject::unknown_type, "expected \"detections\" or \"observation\"", -1, nullptr};
  }
  return true;
}

bool Decoder::read_id(Member m, std::int32_t& dst) {
  const char c = cur_.peek();
  if (c != '-' && (c < '0' || c > '9')) return bad(m, Reject::bad_value, kExpectId);
  json::NumberToken n;
  if (!cur_.read_number(n)) return false;
  std::uint64_t v = 0;
  if (!json::to_uint64(n, v) || v > 2147483647U) {
    problems_[m] = Problem{Reject::bad_value, kExpectId, -1, nullptr};
    return true;
  }
  dst = static_cast<std::int32_t>(v);
  return true;
}

bool Decoder::read_seq(Member m, std::uint64_t& dst) {
  const char c = cur_.peek();
  if (c != '-' && (c < '0' || c > '9')) return bad(m, Reject::bad_value, kExpectSeq);
  json::NumberToken n;
  if (!cur_.read_number(n)) return false;
  if (!json::to_uint64(n, dst)) problems_[m] = Problem{Reject::bad_value, kExpectSeq, -1, nullptr};
  return true;
}

bool Decoder::read_time(Member m, std::int64_t& dst) {
  if (cur_.peek() != '"') return bad(m, Reject::bad_value, kExpectTime);
  std::string_view v;
  if (!cur_.read_string(v, scratch_)) return false;
  if (!parse_wire_time(v, dst)) problems_[m] = Problem{Reject::bad_value, kExpectTime, -1, nullptr};
  return true;
}

bool Decoder::read_text(Member m, std::string& dst, bool allow_empty) {
  const char* what = allow_empty ? "expected a string" : "expected a non-empty string";
  if (cur_.peek() != '"') return bad(m, Reject::bad_value, what);
  std::string_view v;
  if (!cur_.read_string(v, scratch_)) return false;
  if (v.empty() && !allow_empty) problems_[m] = Problem{Reject::bad_value, what, -1, nullptr};
  dst.assign(v.data(), v.size());
  return true;
}

bool Decoder::read_result(Member m) {
  const char c = cur_.peek();
  if (c != '-' && (c < '0' || c > '9')) return bad(m, Reject::bad_value, "expected a number");
  json::NumberToken n;
  if (!cur_.read_number(n)) return false;
  json::to_double(n, out_.observation.result);  // finite: read_number refused overflow
  return true;
}

bool Decoder::read_detections(Member m) {
  if (cur_.peek() != '[') return bad(m, Reject::bad_value, "expected an array of boxes");
  cur_.accept('[');
  auto& boxes = out_.detections.boxes;
  boxes.clear();
  if (cur_.accept(']')) return true;
  for (int i = 0;; ++i) {
    if (static_cast<std::size_t>(i) >= kMaxBoxes) {
      too_many_boxes_ = true;  // refused before reading the rest (docs/feeds.md: limits)
      return false;
    }
    BoxDetection b;
    Problem p;
    if (!read_box(i, b, p)) return false;
    if (p.reject != Reject::none && problems_[m].reject == Reject::none) problems_[m] = p;
    boxes.push_back(b);
    if (cur_.accept(',')) continue;
    return cur_.expect(']', "expected ',' or ']'");
  }
}

bool Decoder::read_box(int index, BoxDetection& box, Problem& problem) {
  if (cur_.peek() != '{') {
    problem = Problem{Reject::bad_value, "expected an object {\"box\", \"class\", \"score\"}", index, nullptr};
    return cur_.skip_value();
  }
  cur_.accept('{');
  bool seen[kBoxMemberCount] = {};
  const char* what[kBoxMemberCount] = {};  // each member's problem, nullptr if none
  if (!cur_.accept('}')) {
    for (;;) {
      std::string_view key;
      if (!cur_.read_string(key, scratch_) || !cur_.expect(':', "expected ':'")) return false;
      const int k = key == std::string_view("box")     ? kBoxBox
                    : key == std::string_view("class") ? kBoxClass
                    : key == std::string_view("score") ? kBoxScore
                                                       : kBoxMemberCount;
      if (k == kBoxMemberCount) {
        if (!cur_.skip_value()) return false;
      } else if (seen[k]) {
        what[k] = kDuplicate;
        if (!cur_.skip_value()) return false;
      } else {
        seen[k] = true;
        if (k == kBoxBox) {
          bool ok = true;
          if (!read_box_array(box, ok)) return false;
          if (!ok) what[k] = kExpectBox;
        } else if (k == kBoxClass) {
          if (cur_.peek() != '"') {
            what[k] = kExpectClass;
            if (!cur_.skip_value()) return false;
          } else {
            std::string_view v;
            if (!cur_.read_string(v, scratch_)) return false;
            if (!object_class_from_string(v, box.cls)) what[k] = kExpectClass;
          }
        } else {
          const char c = cur_.peek();
          if (c != '-' && (c < '0' || c > '9')) {
            what[k] = kExpectScore;
            if (!cur_.skip_value()) return false;
          } else {
            json::NumberToken n;
            double d = 0;
            if (!cur_.read_number(n)) return false;
            json::to_double(n, d);
            box.score = static_cast<float>(d);
            if (!(box.score >= 0.f && box.score <= 1.f)) what[k] = kExpectScore;
          }
        }
      }
      if (cur_.accept(',')) continue;
      if (!cur_.expect('}', "expected ',' or '}'")) return false;
      break;
    }
  }
  for (int k = 0; k < kBoxMemberCount; ++k) {
    if (!seen[k]) {
      problem = Problem{Reject::missing_field, kMissing, index, kBoxMemberNames[k]};
      return true;
    }
    if (what[k] != nullptr) {
      problem = Problem{Reject::bad_value, what[k], index, kBoxMemberNames[k]};
      return true;
    }
  }
  return true;
}

bool Decoder::read_box_array(BoxDetection& box, bool& ok) {
  if (cur_.peek() != '[') {
    ok = false;
    return cur_.skip_value();
  }
  cur_.accept('[');
  float* dst[4] = {&box.x, &box.y, &box.w, &box.h};
  int n = 0;
  if (cur_.accept(']')) {
    ok = false;
    return true;
  }
  for (;; ++n) {
    const char c = cur_.peek();
    if (c != '-' && (c < '0' || c > '9')) {
      ok = false;
      if (!cur_.skip_value()) return false;
    } else {
      json::NumberToken t;
      if (!cur_.read_number(t)) return false;
      double d = 0;
      json::to_double(t, d);
      const float f = static_cast<float>(d);
      if (n < 4) *dst[n] = f;
      // A double beyond FLT_MAX becomes an infinite float: refused like any impossible box.
      if (!std::isfinite(f)) ok = false;
    }
    if (cur_.accept(',')) continue;
    if (!cur_.expect(']', "expected ',' or ']'")) return false;
    break;
  }
  if (n != 3 || box.w < 0.f || box.h < 0.f) ok = false;  // n counts commas: 3 means four elements
  return true;
}

DecodeStatus Decoder::member_status(Member m) const {
  DecodeStatus s;
  if (!seen_[m]) {
    s.reject = Reject::missing_field;
    s.detail = std::string(kMemberNames[m]) + ": missing";
    return s;
  }
  const Problem& p = problems_[m];
  if (p.reject == Reject::none) return s;
  s.reject = p.reject;
  s.detail = kMemberNames[m];
  if (p.box >= 0) {
    s.detail += "[" + std::to_string(p.box) + "]";
    if (p.sub != nullptr) s.detail += std::string(".") + p.sub;
  }
  s.detail += ": ";
  s.detail += p.what;
  return s;
}

DecodeStatus Decoder::verdict() {
  DecodeStatus s;
  if (too_many_boxes_) {
    s.reject = Reject::oversized;
    s.detail = "detections: more than " + std::to_string(kMaxBoxes) + " boxes";
    return s;
  }
  if (cur_.failed()) {
    s.reject = Reject::malformed_json;
    s.detail = "byte " + std::to_string(cur_.error_offset()) + ": " + cur_.error();
    return s;
  }
  if (!seen_[kType]) {
    s.reject = Reject::unknown_type;
    s.detail = "type: missing";
    return s;
  }
  if (problems_[kType].reject != Reject::none || type_ < 0) return member_status(kType);
  static constexpr Member kDetectionMembers[] = {kCamera, kTime, kSeq, kDetections};
  static constexpr Member kObservationMembers[] = {kSensor,           kPhenomenonTime, kSeq,
                                                   kObservedProperty, kResult,         kUnit};
  out_.kind = static_cast<MessageKind>(type_);
  if (out_.kind == MessageKind::detections) {
    for (const Member m : kDetectionMembers)
      if (s = member_status(m); !s.ok()) return s;
  } else {
    for (const Member m : kObservationMembers)
      if (s = member_status(m); !s.ok()) return s;
    out_.observation.seq = out_.detections.seq;
  }
  return s;
}

}  // namespace

const char* to_string(Reject r) {
  switch (r) {
    case Reject::none: return "none";
    case Reject::oversized: return "oversized";
    case Reject::malformed_json: return "malformed_json";
    case Reject::unknown_type: return "unknown_type";
    case Reject::missing_field: return "missing_field";
    case Reject::bad_value: return "bad_value";
    case Reject::unknown_camera: return "unknown_camera";
    case Reject::unknown_sensor: return "unknown_sensor";
  }
  return "unknown";
}

DecodeStatus decode(std::string_view bytes, Message& out) {
  if (bytes.size() > kMaxMessageBytes) {
    DecodeStatus s;
    s.reject = Reject::oversized;
    s.detail = "message is " + std::to_string(bytes.size()) + " bytes, more than " + std::to_string(kMaxMessageBytes);
    return s;
  }
  Decoder d(bytes, out);
  return d.run();
}

}  // namespace dpt::fusion
