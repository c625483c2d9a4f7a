// The feed wire format (docs/feeds.md): decoding the documented examples, times, round trips,
// every reject reason with its detail, malformed JSON, and random byte mutations.
// The cross-check against nlohmann::json is in test_codec_crosscheck.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "dpt/fusion/codec.h"

using namespace dpt::fusion;

namespace {

// 2026-10-01T08:00:00Z: 20,454 days from 1970 to 2026 (56 years, 14 of them leap: 1972..2024),
// plus 273 days of January..September 2026, times 86,400 s, plus 8 h = 1,790,841,600 s.
constexpr std::int64_t k0800 = 1'790'841'600LL * 1'000'000;

const char* kDetectionExample =
    R"({"type":"detections","camera":12,"time":"2026-10-01T08:00:00.200000Z","seq":17,)"
    R"("detections":[{"box":[100,200,30.5,60],"class":"car","score":0.93},)"
    R"({"box":[5,6,7,8],"class":"person","score":1}]})";

const char* kObservationExample =
    R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,)"
    R"("observedProperty":"wind_speed","result":12.5,"unitOfMeasurement":"m/s"})";

DecodeStatus dec(std::string_view s) {
  Message m;
  return decode(s, m);
}

// A valid detection message whose member `name` has the JSON text `value` instead.
std::string detection_with(const std::string& name, const std::string& value) {
  std::string members[] = {R"("type":"detections")", R"("camera":12)", R"("time":"2026-10-01T08:00:00Z")",
                           R"("seq":17)", R"("detections":[{"box":[1,2,3,4],"class":"car","score":0.5}])"};
  std::string out = "{";
  for (auto& m : members) {
    if (m.rfind("\"" + name + "\":", 0) == 0) m = "\"" + name + "\":" + value;
    if (out.size() > 1) out += ",";
    out += m;
  }
  return out + "}";
}

std::string without(const std::string& name) {
  std::string members[] = {R"("type":"detections")", R"("camera":12)", R"("time":"2026-10-01T08:00:00Z")",
                           R"("seq":17)", R"("detections":[])"};
  std::string out = "{";
  for (auto& m : members) {
    if (m.rfind("\"" + name + "\":", 0) == 0) continue;
    if (out.size() > 1) out += ",";
    out += m;
  }
  return out + "}";
}

std::string box_with(const std::string& box_json) {
  return R"({"type":"detections","camera":1,"time":"2026-10-01T08:00:00Z","seq":1,"detections":[)"
         R"({"box":[1,2,3,4],"class":"car","score":0.5},{"box":[1,2,3,4],"class":"car","score":0.5},)"
         R"({"box":[1,2,3,4],"class":"car","score":0.5},)" +
         box_json + "]}";
}

std::int64_t time_of(const std::string& iso) {
  Message m;
  const auto s = decode(R"({"type":"observation","sensor":1,"phenomenonTime":")" + iso +
                            R"(","seq":1,"observedProperty":"x","result":0,"unitOfMeasurement":""})",
                        m);
  return s.ok() ? m.observation.time_us : -1;
}

bool same(const Message& a, const Message& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == MessageKind::detections) {
    const auto &x = a.detections, &y = b.detections;
    if (x.camera_id != y.camera_id || x.time_us != y.time_us || x.seq != y.seq || x.boxes.size() != y.boxes.size())
      return false;
    for (std::size_t i = 0; i < x.boxes.size(); ++i) {
      const auto &p = x.boxes[i], &q = y.boxes[i];
      // Bitwise, so that -0 vs +0 or a lost digit would show.
      if (std::memcmp(&p.x, &q.x, 4) || std::memcmp(&p.y, &q.y, 4) || std::memcmp(&p.w, &q.w, 4) ||
          std::memcmp(&p.h, &q.h, 4) || std::memcmp(&p.score, &q.score, 4) || p.cls != q.cls)
        return false;
    }
    return true;
  }
  const auto &x = a.observation, &y = b.observation;
  return x.sensor_id == y.sensor_id && x.time_us == y.time_us && x.seq == y.seq &&
         x.observed_property == y.observed_property && std::memcmp(&x.result, &y.result, 8) == 0 &&
         x.unit == y.unit;
}

}  // namespace

TEST_CASE("codec decodes the documented detection example", "[fusion][codec]") {
  Message m;
  const auto s = decode(kDetectionExample, m);
  REQUIRE(s.ok());
  CHECK(m.kind == MessageKind::detections);
  CHECK(m.detections.camera_id == 12);
  CHECK(m.detections.time_us == k0800 + 200'000);
  CHECK(m.detections.seq == 17);
  REQUIRE(m.detections.boxes.size() == 2);
  const auto& b = m.detections.boxes[0];
  CHECK(b.x == 100.f);
  CHECK(b.y == 200.f);
  CHECK(b.w == 30.5f);
  CHECK(b.h == 60.f);
  CHECK(b.cls == ObjectClass::car);
  CHECK(b.score == 0.93f);
  CHECK(m.detections.boxes[1].cls == ObjectClass::person);
  CHECK(m.detections.boxes[1].score == 1.f);
  CHECK(m.time_us() == k0800 + 200'000);
}

TEST_CASE("codec decodes the documented observation example", "[fusion][codec]") {
  Message m;
  const auto s = decode(kObservationExample, m);
  REQUIRE(s.ok());
  CHECK(m.kind == MessageKind::observation);
  CHECK(m.observation.sensor_id == 3);
  CHECK(m.observation.time_us == k0800);
  CHECK(m.observation.seq == 5);
  CHECK(m.observation.observed_property == "wind_speed");
  CHECK(m.observation.result == 12.5);
  CHECK(m.observation.unit == "m/s");
}

TEST_CASE("codec takes members in any order, whitespace, unknown members and escapes", "[fusion][codec]") {
  Message m;
  const std::string text =
      "\t{ \"seq\" : 5 ,\r\n \"extra\" : {\"a\":[1,{\"b\":null}],\"c\":\"\\\"}\"}, \"result\" : -1.5e1,"
      " \"unitOfMeasurement\":\"\\u00b5g/m\\u00b3\", \"observedProperty\":\"pm\\u0032\\u002e5\","
      " \"phenomenonTime\":\"2026-10-01T08:00:00Z\", \"sensor\":3, \"type\":\"observation\" } \n";
  const auto s = decode(text, m);
  REQUIRE(s.ok());
  CHECK(m.observation.result == -15.0);
  CHECK(m.observation.observed_property == "pm2.5");
  CHECK(m.observation.unit == "\xC2\xB5g/m\xC2\xB3");  // µg/m³ in UTF-8
  CHECK(m.observation.seq == 5);
  // An escaped key is the same key (RFC 8259 section 8.3: compare after unescaping).
  REQUIRE(decode(R"({"typ\u0065":"detections","camera":1,"time":"2026-10-01T08:00:00Z","seq":0,"detections":[]})", m)
              .ok());
  CHECK(m.detections.boxes.empty());
}

TEST_CASE("codec times: fractions, offsets and impossible dates", "[fusion][codec]") {
  CHECK(time_of("2026-10-01T08:00:00Z") == k0800);
  CHECK(time_of("2026-10-01T08:00:00.5Z") == k0800 + 500'000);
  CHECK(time_of("2026-10-01T08:00:00.000001Z") == k0800 + 1);
  CHECK(time_of("2026-10-01T16:00:00+08:00") == k0800);
  CHECK(time_of("2026-10-01T02:30:00-05:30") == k0800);
  CHECK(time_of("1970-01-01T00:00:00Z") == 0);
  CHECK(time_of("2024-02-29T23:59:59Z") == 1'709'251'199LL * 1'000'000);  // leap day
  CHECK(time_of("2026-10-01T08:00:00.0000001Z") == -1);  // finer than a microsecond
  CHECK(time_of("2026-10-01T08:00:00") == -1);           // no offset: ambiguous
  CHECK(time_of("2026-02-29T08:00:00Z") == -1);          // 2026 is not a leap year
  CHECK(time_of("2026-10-01T24:00:00Z") == -1);
  CHECK(time_of("2026-10-01T08:00:60Z") == -1);
  CHECK(time_of("2026-10-01 08:00:00Z") == -1);
  CHECK(time_of("2026-10-01T08:00:00.Z") == -1);
  CHECK(time_of("2026-10-01T08:00:00+0800") == -1);
  CHECK(time_of("2026-13-01T08:00:00Z") == -1);
}

TEST_CASE("codec round trip: decode(encode(m)) == m exactly", "[fusion][codec]") {
  std::mt19937_64 rng(20261001);
  auto any_float = [&] {
    // Any finite float bit pattern (normals, subnormals, ±0), not only "nice" decimals.
    for (;;) {
      const auto bits = static_cast<std::uint32_t>(rng());
      float f = 0;
      std::memcpy(&f, &bits, 4);
      if (std::isfinite(f)) return f;
    }
  };
  auto any_double = [&] {
    for (;;) {
      const std::uint64_t bits = rng();
      double d = 0;
      std::memcpy(&d, &bits, 8);
      if (std::isfinite(d)) return d;
    }
  };
  std::string text;
  Message back;
  for (int iter = 0; iter < 3000; ++iter) {
    Message m;
    // Times within years 0000..9999, to the microsecond.
    const std::int64_t t = static_cast<std::int64_t>(rng() % 315'537'897'600'000'000ULL) - 62'167'219'200'000'000LL;
    if (iter % 2 == 0) {
      m.kind = MessageKind::detections;
      m.detections.camera_id = static_cast<std::int32_t>(rng() % 2147483648ULL);
      m.detections.time_us = t;
      m.detections.seq = rng();
      const int n = static_cast<int>(rng() % 12);
      for (int i = 0; i < n; ++i) {
        BoxDetection b;
        b.x = any_float();
        b.y = any_float();
        b.w = std::fabs(any_float());
        b.h = std::fabs(any_float());
        b.score = static_cast<float>(rng() % 1000001) / 1e6f;
        if (i == 0) b.score = std::nextafter(1.f, 0.f);
        b.cls = static_cast<ObjectClass>(rng() % kObjectClassCount);
        m.detections.boxes.push_back(b);
      }
    } else {
      m.kind = MessageKind::observation;
      m.observation.sensor_id = static_cast<std::int32_t>(rng() % 2147483648ULL);
      m.observation.time_us = t;
      m.observation.seq = rng();
      m.observation.observed_property = iter % 3 ? "wind_speed" : "quote\" back\\slash \x01 tab\t \xE9\x9B\xA8";
      m.observation.result = any_double();
      m.observation.unit = iter % 5 ? "m/s" : "";
    }
    text.clear();
    encode(m, text);
    const auto s = decode(text, back);
    INFO(text);
    REQUIRE(s.ok());
    REQUIRE(same(m, back));
  }
}

TEST_CASE("codec encodes the documented layout", "[fusion][codec]") {
  Message m;
  m.kind = MessageKind::detections;
  m.detections.camera_id = 12;
  m.detections.time_us = k0800 + 200'000;
  m.detections.seq = 17;
  m.detections.boxes.push_back(BoxDetection{100.f, 200.f, 30.5f, 60.f, 0.5f, ObjectClass::car});
  std::string text;
  encode(m, text);
  CHECK(text ==
        R"({"type":"detections","camera":12,"time":"2026-10-01T08:00:00.200000Z","seq":17,)"
        R"("detections":[{"box":[100,200,30.5,60],"class":"car","score":0.5}]})");
}

TEST_CASE("codec rejects: oversized", "[fusion][codec]") {
  std::string big = kObservationExample;
  big.insert(1, R"("pad":")" + std::string(kMaxMessageBytes, 'x') + "\",");
  auto s = dec(big);
  CHECK(s.reject == Reject::oversized);
  CHECK(s.detail.find("bytes") != std::string::npos);
  // 513 boxes, and then garbage: refused as oversized as soon as box 513 begins.
  std::string many = R"({"type":"detections","camera":1,"time":"2026-10-01T08:00:00Z","seq":1,"detections":[)";
  for (std::size_t i = 0; i < kMaxBoxes; ++i) many += R"({"box":[1,2,3,4],"class":"car","score":0.5},)";
  REQUIRE(many.size() < kMaxMessageBytes);
  s = dec(many + "#garbage");
  CHECK(s.reject == Reject::oversized);
  CHECK(s.detail == "detections: more than 512 boxes");
  // Exactly 512 is fine.
  many.back() = ']';
  many += "}";
  Message m;
  CHECK(decode(many, m).ok());
  CHECK(m.detections.boxes.size() == kMaxBoxes);
}

TEST_CASE("codec rejects: malformed JSON", "[fusion][codec]") {
  const std::string good = kDetectionExample;
  for (std::size_t cut = 0; cut < good.size(); ++cut) {  // every truncation
    INFO(cut);
    CHECK(dec(good.substr(0, cut)).reject == Reject::malformed_json);
  }
  const char* bad[] = {
      "",
      "   ",
      "[1,2]",                        // JSON, but not an object
      "\"detections\"",
      "{\"type\":\"detections\"} {}",  // trailing garbage
      "{\"type\":\"detections\"}x",
      "{\"type\":\"detections\",}",  // trailing comma
      "{'type':'detections'}",       // single quotes
      "{type:\"detections\"}",       // bare key
      "{\"type\":\"observation\",\"result\":NaN}",
      "{\"type\":\"observation\",\"result\":Infinity}",
      "{\"type\":\"observation\",\"result\":1e999}",  // overflows a double
      "{\"type\":\"observation\",\"result\":01}",
      "{\"type\":\"observation\",\"result\":+1}",
      "{\"type\":\"observation\",\"result\":.5}",
      "{\"type\":\"observation\",\"result\":1.}",
      "{\"type\":\"observation\",\"result\":0x10}",
      "{\"type\":\"obs\x01\"}",          // raw control character in a string
      "{\"type\":\"\\x41\"}",            // invalid escape
      "{\"type\":\"\\ud800\"}",          // unpaired surrogate
      "{\"type\":\"\xC0\xAF\"}",         // overlong UTF-8
      "{\"type\":\"\xED\xA0\x80\"}",     // UTF-8-encoded surrogate
      "{\"type\":\"\xF4\x90\x80\x80\"}", // above U+10FFFF
      "{\"type\" \"detections\"}",
      "{\"a\":[1,2}",
      "{\"a\":{\"b\":1]}",
      "{\"a\":tru}",
      "{\"a\":nul}",
  };
  for (const char* t : bad) {
    INFO(t);
    const auto s = dec(t);
    CHECK(s.reject == Reject::malformed_json);
    CHECK(s.detail.rfind("byte ", 0) == 0);
  }
  auto s = dec("{\"type\":\"detections\",\"camera\":1 \"seq\":2}");
  CHECK(s.detail == "byte 32: expected ',' or '}'");
  // Also fine: a UTF-8 byte order mark, deep nesting in an unknown member, \u0000.
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  CHECK(dec("\xEF\xBB\xBF" + std::string(kObservationExample)).ok());
  CHECK(dec(R"({"x":)" + deep + R"(,"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z",)"
                                R"("seq":5,"observedProperty":"a\u0000b","result":1,"unitOfMeasurement":""})")
            .ok());
}

TEST_CASE("codec rejects: unknown type, missing members", "[fusion][codec]") {
  auto s = dec(R"({"camera":1})");
  CHECK(s.reject == Reject::unknown_type);
  CHECK(s.detail == "type: missing");
  s = dec(R"({"type":"detection"})");
  CHECK(s.reject == Reject::unknown_type);
  CHECK(s.detail == R"(type: expected "detections" or "observation")");
  CHECK(dec(R"({"type":7})").reject == Reject::unknown_type);
  CHECK(dec(R"({"type":null})").reject == Reject::unknown_type);
  for (const char* name : {"camera", "time", "seq", "detections"}) {
    INFO(name);
    s = dec(without(name));
    CHECK(s.reject == Reject::missing_field);
    CHECK(s.detail == std::string(name) + ": missing");
  }
  s = dec(R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,"result":1})");
  CHECK(s.reject == Reject::missing_field);
  CHECK(s.detail == "observedProperty: missing");
  // An observation's members do not make a detection frame.
  s = dec(R"({"type":"detections","sensor":3,"time":"2026-10-01T08:00:00Z","seq":5,"detections":[]})");
  CHECK(s.detail == "camera: missing");
  s = dec(box_with(R"({"box":[1,2,3,4],"score":0.5})"));
  CHECK(s.reject == Reject::missing_field);
  CHECK(s.detail == "detections[3].class: missing");
}

TEST_CASE("codec rejects: bad values name the member", "[fusion][codec]") {
  struct Case {
    std::string text;
    const char* detail;
  };
  const Case cases[] = {
      {detection_with("camera", "-1"), "camera: expected an integer in 0..2147483647"},
      {detection_with("camera", "2147483648"), "camera: expected an integer in 0..2147483647"},
      {detection_with("camera", "1.0"), "camera: expected an integer in 0..2147483647"},
      {detection_with("camera", "\"12\""), "camera: expected an integer in 0..2147483647"},
      {detection_with("seq", "18446744073709551616"), "seq: expected an integer in 0..18446744073709551615"},
      {detection_with("seq", "-3"), "seq: expected an integer in 0..18446744073709551615"},
      {detection_with("time", "1790841600"),
       "time: expected an ISO 8601 time like 2026-10-01T08:00:00.200000Z (Z or +hh:mm)"},
      {detection_with("detections", "{}"), "detections: expected an array of boxes"},
      {box_with("[1,2,3,4]"), R"(detections[3]: expected an object {"box", "class", "score"})"},
      {box_with(R"({"box":[1,2,3,4],"class":"car","score":1.01})"), "detections[3].score: expected a number in 0..1"},
      {box_with(R"({"box":[1,2,3,4],"class":"car","score":-0.5})"), "detections[3].score: expected a number in 0..1"},
      {box_with(R"({"box":[1,2,3,4],"class":"car","score":"high"})"), "detections[3].score: expected a number in 0..1"},
      {box_with(R"({"box":[1,2,-3,4],"class":"car","score":0.5})"),
       "detections[3].box: expected [x, y, w, h]: four finite numbers, w and h >= 0"},
      {box_with(R"({"box":[1,2,3],"class":"car","score":0.5})"),
       "detections[3].box: expected [x, y, w, h]: four finite numbers, w and h >= 0"},
      {box_with(R"({"box":[1,2,3,4,5],"class":"car","score":0.5})"),
       "detections[3].box: expected [x, y, w, h]: four finite numbers, w and h >= 0"},
      {box_with(R"({"box":[1e39,2,3,4],"class":"car","score":0.5})"),  // beyond FLT_MAX
       "detections[3].box: expected [x, y, w, h]: four finite numbers, w and h >= 0"},
      {box_with(R"({"box":[1,2,3,"4"],"class":"car","score":0.5})"),
       "detections[3].box: expected [x, y, w, h]: four finite numbers, w and h >= 0"},
      {box_with(R"({"box":[1,2,3,4],"class":"tank","score":0.5})"),
       "detections[3].class: expected one of person, bicycle, car, bus, truck, hazmat_truck, muck_truck, unknown"},
      // Within a box: box, then class, then score, whatever the order written.
      {box_with(R"({"score":2,"class":"tank","box":[1,2,3,4]})"),
       "detections[3].class: expected one of person, bicycle, car, bus, truck, hazmat_truck, muck_truck, unknown"},
      {R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,)"
       R"("observedProperty":"","result":1,"unitOfMeasurement":"m"})",
       "observedProperty: expected a non-empty string"},
      {R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,)"
       R"("observedProperty":"x","result":"1","unitOfMeasurement":"m"})",
       "result: expected a number"},
      {R"({"type":"observation","sensor":3,"phenomenonTime":"2026-10-01T08:00:00Z","seq":5,)"
       R"("observedProperty":"x","result":1,"unitOfMeasurement":null})",
       "unitOfMeasurement: expected a string"},
      // Duplicates are refused (RFC 8259 leaves them undefined; readers disagree on which wins).
      {detection_with("seq", "1,\"seq\":2"), "seq: duplicate member"},
      {box_with(R"({"box":[1,2,3,4],"class":"car","score":0.5,"class":"car"})"), "detections[3].class: duplicate member"},
      {R"({"type":"observation","type":"observation"})", "type: duplicate member"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto s = dec(c.text);
    CHECK(s.reject == Reject::bad_value);
    CHECK(s.detail == c.detail);
  }
  // Members that the type does not use are ignored, even when they are wrong.
  CHECK(dec(detection_with("camera", "12,\"sensor\":-4,\"result\":\"x\"")).ok());
  CHECK(dec(box_with(R"({"box":[1,2,3,4],"class":"car","score":0.5,"track":-1})")).ok());
  // The first problem by member order of the documentation wins, not by order in the text.
  const auto s = dec(R"({"detections":7,"seq":-1,"camera":-1,"type":"detections","time":"x"})");
  CHECK(s.detail == "camera: expected an integer in 0..2147483647");
}

TEST_CASE("codec reject reasons have names", "[fusion][codec]") {
  CHECK(std::string(to_string(Reject::none)) == "none");
  CHECK(std::string(to_string(Reject::oversized)) == "oversized");
  CHECK(std::string(to_string(Reject::malformed_json)) == "malformed_json");
  CHECK(std::string(to_string(Reject::unknown_type)) == "unknown_type");
  CHECK(std::string(to_string(Reject::missing_field)) == "missing_field");
  CHECK(std::string(to_string(Reject::bad_value)) == "bad_value");
  CHECK(std::string(to_string(Reject::unknown_camera)) == "unknown_camera");
  CHECK(std::string(to_string(Reject::unknown_sensor)) == "unknown_sensor");
}

TEST_CASE("codec survives random byte mutations", "[fusion][codec]") {
  std::mt19937_64 rng(7);
  const std::string seeds[] = {kDetectionExample, kObservationExample};
  const char interesting[] = "{}[],:\"\\0123456789.eE+-tfnu \x80\xC2\xE0\xED\xF0\xF4\xFF";
  Message m;
  int ok = 0, rejected = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    std::string t = seeds[iter % 2];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const std::size_t at = rng() % t.size();
      const char c = rng() % 2 ? static_cast<char>(rng()) : interesting[rng() % (sizeof interesting - 1)];
      switch (rng() % 4) {
        case 0: t[at] = c; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        case 2: t.erase(at, 1); break;
        default: t.resize(at); break;
      }
    }
    const auto s = decode(t, m);
    if (s.ok()) {
      ++ok;
    } else {
      ++rejected;
      REQUIRE(static_cast<int>(s.reject) < kRejectCount);
      REQUIRE(!s.detail.empty());
    }
  }
  CHECK(ok > 0);        // some mutations keep a valid message (a digit changed)
  CHECK(rejected > 0);
}
