// Cross-check of the hand-written decoder against an independent reference built on
// nlohmann::json (its DOM parser for syntax and values, its SAX interface to see duplicate
// members, std::regex and timegm for times) on generated and mutated messages: both must give the
// same reject reason and, when accepted, the same values. The rules of the reference are those
// of docs/feeds.md, written out again here the slow, obvious way.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpt/fusion/codec.h"

using namespace dpt::fusion;
using nlohmann::json;

namespace {

// Finds duplicate members at the top level and inside detections[i].
struct DuplicateFinder : nlohmann::json_sax<json> {
  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key;  // the current member (objects)
    std::size_t next_index = 0;
    std::size_t index = 0;  // the current element (arrays)
  };
  std::vector<Frame> stack;
  std::set<std::string> top;
  std::map<std::size_t, std::set<std::string>> box;

  void value_starts() {
    if (!stack.empty() && !stack.back().object) stack.back().index = stack.back().next_index++;
  }
  bool null() override { return value_starts(), true; }
  bool boolean(bool) override { return value_starts(), true; }
  bool number_integer(number_integer_t) override { return value_starts(), true; }
  bool number_unsigned(number_unsigned_t) override { return value_starts(), true; }
  bool number_float(number_float_t, const string_t&) override { return value_starts(), true; }
  bool string(string_t&) override { return value_starts(), true; }
  bool binary(binary_t&) override { return value_starts(), true; }
  bool start_object(std::size_t) override {
    value_starts();
    stack.push_back(Frame{true, {}, {}, 0, 0});
    return true;
  }
  bool key(string_t& k) override {
    Frame& f = stack.back();
    if (!f.keys.insert(k).second) {
      if (stack.size() == 1) top.insert(k);
      if (stack.size() == 3 && stack[0].key == "detections" && !stack[1].object) box[stack[1].index].insert(k);
    }
    f.key = k;
    return true;
  }
  bool end_object() override { return stack.pop_back(), true; }
  bool start_array(std::size_t) override {
    value_starts();
    stack.push_back(Frame{false, {}, {}, 0, 0});
    return true;
  }
  bool end_array() override { return stack.pop_back(), true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

bool reference_time(const json& v, std::int64_t& us) {
  if (!v.is_string()) return false;
  static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{1,6}))?(Z|([+-])(\d{2}):(\d{2}))$)");
  std::smatch m;
  const std::string s = v.get<std::string>();
  if (!std::regex_match(s, m, re)) return false;
  auto num = [&](int i) { return std::stoi(m[i].str()); };
  std::tm tm{};
  tm.tm_year = num(1) - 1900;
  tm.tm_mon = num(2) - 1;
  tm.tm_mday = num(3);
  tm.tm_hour = num(4);
  tm.tm_min = num(5);
  tm.tm_sec = num(6);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
    return false;
  const std::tm asked = tm;
  const std::time_t t = timegm(&tm);
  if (tm.tm_mday != asked.tm_mday || tm.tm_mon != asked.tm_mon) return false;  // normalised: no such day
  std::int64_t frac = 0;
  if (m[8].matched) {
    std::string f = m[8].str();
    f.resize(6, '0');
    frac = std::stoll(f);
  }
  std::int64_t offset_s = 0;
  if (m[10].matched) {
    const int oh = num(11), om = num(12);
    if (oh > 23 || om > 59) return false;
    offset_s = (m[10].str() == "+" ? 1 : -1) * (oh * 3600 + om * 60);
  }
  us = (static_cast<std::int64_t>(t) - offset_s) * 1'000'000 + frac;
  return true;
}

bool reference_uint(const json& v, std::uint64_t max, std::uint64_t& out) {
  if (v.is_number_unsigned()) {
    out = v.get<std::uint64_t>();
    return out <= max;
  }
  if (v.is_number_integer() && v.get<std::int64_t>() == 0) {  // "-0"
    out = 0;
    return true;
  }
  return false;
}

Reject reference_decode(const std::string& text, Message& out) {
  if (text.size() > kMaxMessageBytes) return Reject::oversized;
  DuplicateFinder dups;
  if (!json::sax_parse(text, &dups)) return Reject::malformed_json;
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Reject::malformed_json;
  if (!j.contains("type")) return Reject::unknown_type;
  if (dups.top.count("type")) return Reject::bad_value;
  if (j["type"] != "detections" && j["type"] != "observation") return Reject::unknown_type;
  // Each required member: missing, duplicate, then its value.
  auto member = [&](const char* name, auto&& check) {
    if (!j.contains(name)) return Reject::missing_field;
    if (dups.top.count(name)) return Reject::bad_value;
    return check(j[name]);
  };
  std::uint64_t u = 0;
  Reject r = Reject::none;
  auto id = [&](std::int32_t& dst) {
    return [&](const json& v) {
      if (!reference_uint(v, 2147483647, u)) return Reject::bad_value;
      dst = static_cast<std::int32_t>(u);
      return Reject::none;
    };
  };
  auto time = [&](std::int64_t& dst) {
    return [&](const json& v) { return reference_time(v, dst) ? Reject::none : Reject::bad_value; };
  };
  auto seq = [&](const json& v) {
    if (!reference_uint(v, ~std::uint64_t{0}, u)) return Reject::bad_value;
    out.detections.seq = out.observation.seq = u;
    return Reject::none;
  };
  if (j["type"] == "detections") {
    out.kind = MessageKind::detections;
    auto& d = out.detections;
    if ((r = member("camera", id(d.camera_id))) != Reject::none) return r;
    if ((r = member("time", time(d.time_us))) != Reject::none) return r;
    if ((r = member("seq", seq)) != Reject::none) return r;
    return member("detections", [&](const json& a) {
      if (!a.is_array()) return Reject::bad_value;
      if (a.size() > kMaxBoxes) return Reject::oversized;
      d.boxes.clear();
      for (std::size_t i = 0; i < a.size(); ++i) {
        const json& o = a[i];
        if (!o.is_object()) return Reject::bad_value;
        for (const char* k : {"box", "class", "score"}) {
          if (!o.contains(k)) return Reject::missing_field;
          if (dups.box[i].count(k)) return Reject::bad_value;
          const json& v = o[k];
          BoxDetection b;
          if (std::strcmp(k, "box") == 0) {
            if (!v.is_array() || v.size() != 4) return Reject::bad_value;
            float f[4];
            for (int c = 0; c < 4; ++c) {
              if (!v[c].is_number()) return Reject::bad_value;
              f[c] = static_cast<float>(v[c].get<double>());
              if (!std::isfinite(f[c])) return Reject::bad_value;
            }
            if (f[2] < 0 || f[3] < 0) return Reject::bad_value;
          } else if (std::strcmp(k, "class") == 0) {
            if (!v.is_string() || !object_class_from_string(v.get<std::string>(), b.cls)) return Reject::bad_value;
          } else {
            if (!v.is_number()) return Reject::bad_value;
            const float s = static_cast<float>(v.get<double>());
            if (!(s >= 0.f && s <= 1.f)) return Reject::bad_value;
          }
        }
        BoxDetection b;
        b.x = static_cast<float>(o["box"][0].get<double>());
        b.y = static_cast<float>(o["box"][1].get<double>());
        b.w = static_cast<float>(o["box"][2].get<double>());
        b.h = static_cast<float>(o["box"][3].get<double>());
        object_class_from_string(o["class"].get<std::string>(), b.cls);
        b.score = static_cast<float>(o["score"].get<double>());
        d.boxes.push_back(b);
      }
      return Reject::none;
    });
  }
  out.kind = MessageKind::observation;
  auto& o = out.observation;
  if ((r = member("sensor", id(o.sensor_id))) != Reject::none) return r;
  if ((r = member("phenomenonTime", time(o.time_us))) != Reject::none) return r;
  if ((r = member("seq", seq)) != Reject::none) return r;
  if ((r = member("observedProperty", [&](const json& v) {
         if (!v.is_string() || v.get<std::string>().empty()) return Reject::bad_value;
         o.observed_property = v.get<std::string>();
         return Reject::none;
       })) != Reject::none)
    return r;
  if ((r = member("result", [&](const json& v) {
         if (!v.is_number()) return Reject::bad_value;
         o.result = v.get<double>();
         return Reject::none;
       })) != Reject::none)
    return r;
  return member("unitOfMeasurement", [&](const json& v) {
    if (!v.is_string()) return Reject::bad_value;
    o.unit = v.get<std::string>();
    return Reject::none;
  });
}

// Random messages written in many legal ways: member order, whitespace, number spellings,
// escapes, unknown members, offsets; sometimes with a wrong or missing member.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  std::string message() {
    std::vector<std::string> members;
    const bool detections = pick(2) == 0;
    members.push_back(kv("type", detections ? str("detections") : str("observation")));
    if (detections) {
      members.push_back(kv("camera", integer()));
      members.push_back(kv("time", time()));
      members.push_back(kv("seq", integer()));
      std::string boxes = "[";
      const int n = pick(6);
      for (int i = 0; i < n; ++i) {
        std::vector<std::string> bm;
        bm.push_back(kv("box", "[" + number() + "," + ws() + number() + "," + size() + "," + size() + "]"));
        static const char* classes[] = {"car", "person", "hazmat_truck", "c\\u0061r", "tank", "unknown"};
        bm.push_back(kv("class", str(classes[pick(6)])));
        bm.push_back(kv("score", pick(8) ? std::to_string(pick(1001) / 1000.0) : number()));
        boxes += (i ? "," : "") + object(bm);
      }
      members.push_back(kv("detections", boxes + ws() + "]"));
    } else {
      members.push_back(kv("sensor", integer()));
      members.push_back(kv("phenomenonTime", time()));
      members.push_back(kv("seq", integer()));
      members.push_back(kv("observedProperty", pick(10) ? str("wind_speed") : str("")));
      members.push_back(kv("result", number()));
      members.push_back(kv("unitOfMeasurement", str(pick(2) ? "m/s" : "\\u00b5g/m\\u00b3")));
    }
    if (pick(3) == 0) members.push_back(kv("extra", pick(2) ? "{\"a\":[1,2,{\"b\":null}]}" : "true"));
    if (pick(10) == 0) members.erase(members.begin() + pick(static_cast<int>(members.size())));
    if (pick(10) == 0) members.push_back(members[pick(static_cast<int>(members.size()))]);  // duplicate
    if (pick(8) == 0) members[pick(static_cast<int>(members.size()))] = kv(key_of(members), wrong_value());
    std::shuffle(members.begin(), members.end(), rng_);
    return ws() + object(members) + ws();
  }

  // A few random edits that tend to stay near valid JSON.
  std::string mutate(std::string t) {
    static const char interesting[] = "{}[],:\"\\0123456789.eE+- \x80\xC3\xA9";
    const int edits = 1 + pick(3);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const auto at = static_cast<std::size_t>(pick(static_cast<int>(t.size())));
      const char c = interesting[pick(sizeof interesting - 1)];
      switch (pick(3)) {
        case 0: t[at] = c; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: t.erase(at, 1); break;
      }
    }
    return t;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  std::string ws() {
    static const char* spaces[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
    return spaces[pick(7)];
  }
  std::string str(const std::string& s) { return "\"" + s + "\""; }
  std::string kv(const std::string& k, const std::string& v) {
    return ws() + str(k == "seq" && pick(20) == 0 ? "s\\u0065q" : k) + ws() + ":" + ws() + v + ws();
  }
  std::string object(const std::vector<std::string>& members) {
    std::string s = "{";
    for (std::size_t i = 0; i < members.size(); ++i) s += (i ? "," : "") + members[i];
    return s + "}";
  }
  std::string key_of(const std::vector<std::string>& members) {
    const std::string& m = members[pick(static_cast<int>(members.size()))];
    const auto a = m.find('"'), b = m.find('"', a + 1);
    return m.substr(a + 1, b - a - 1);
  }
  std::string integer() {
    static const char* special[] = {"0", "-0", "-1", "2147483647", "2147483648", "18446744073709551615",
                                    "18446744073709551616", "1.0", "1e2", "00"};
    return pick(5) ? std::to_string(rng_() % 100000) : special[pick(10)];
  }
  std::string number() {
    static const char* special[] = {"0", "-0", "1e-400", "1e39", "-1e39", "3.4028235e38", "1E+2", "0.5e-1",
                                    "123456789012345678901234567890", "-12.75"};
    if (pick(4)) return std::to_string(static_cast<double>(rng_() % 2000000) / 1000.0 - 500.0);
    return special[pick(10)];
  }
  std::string size() { return pick(10) ? std::to_string(rng_() % 500) : number(); }
  std::string time() {
    static const char* times[] = {
        "2026-10-01T08:00:00.200000Z", "2026-10-01T08:00:00Z", "2026-10-01T16:00:00.5+08:00",
        "2026-12-31T23:59:59.999999-05:30", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-10-01T08:00:00", "2026-10-01T08:00:00.1234567Z", "0001-01-01T00:00:00Z", "2026-10-01T08:00:00+24:00"};
    return str(times[pick(10)]);
  }
  std::string wrong_value() {
    static const char* values[] = {"null", "true", "\"x\"", "[]", "{}", "-5", "1.5", "[1,2,3,4]"};
    return values[pick(8)];
  }

  std::mt19937_64 rng_;
};

bool same_values(const Message& a, const Message& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == MessageKind::detections) {
    const auto &x = a.detections, &y = b.detections;
    if (x.camera_id != y.camera_id || x.time_us != y.time_us || x.seq != y.seq || x.boxes.size() != y.boxes.size())
      return false;
    for (std::size_t i = 0; i < x.boxes.size(); ++i) {
      const auto &p = x.boxes[i], &q = y.boxes[i];
      // Exact equality per field. Not bitwise: nlohmann::json reads "-0" as the integer 0, so
      // its -0 is +0, where decode keeps the sign (encode writes -0.0f as "-0"; the round-trip
      // test in test_codec.cpp checks bits).
      if (p.x != q.x || p.y != q.y || p.w != q.w || p.h != q.h || p.score != q.score || p.cls != q.cls) return false;
    }
    return true;
  }
  const auto &x = a.observation, &y = b.observation;
  return x.sensor_id == y.sensor_id && x.time_us == y.time_us && x.seq == y.seq &&
         x.observed_property == y.observed_property && x.result == y.result && x.unit == y.unit;
}

}  // namespace

TEST_CASE("codec agrees with an nlohmann::json reference on generated and mutated messages", "[fusion][codec]") {
  Generator gen(42);
  Message mine, ref;
  int counts[kRejectCount] = {};
  for (int iter = 0; iter < 40000; ++iter) {
    std::string text = gen.message();
    if (iter % 2) text = gen.mutate(text);
    const Reject expected = reference_decode(text, ref);
    const DecodeStatus got = decode(text, mine);
    INFO(text);
    INFO(got.detail);
    REQUIRE(got.reject == expected);
    if (got.ok()) REQUIRE(same_values(mine, ref));
    ++counts[static_cast<int>(got.reject)];
  }
  // The generator must reach every reason that decode can give, or this test proves little.
  CHECK(counts[static_cast<int>(Reject::none)] > 3000);
  CHECK(counts[static_cast<int>(Reject::malformed_json)] > 1000);
  CHECK(counts[static_cast<int>(Reject::unknown_type)] > 100);
  CHECK(counts[static_cast<int>(Reject::missing_field)] > 100);
  CHECK(counts[static_cast<int>(Reject::bad_value)] > 1000);
}
