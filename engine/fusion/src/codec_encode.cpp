// encode(): the inverse of decode(), written so that decode(encode(m)) == m exactly. Floats are
// written with 9 significant digits and doubles with the shortest text that reads back the same
// (std::to_chars; 9 digits always identify a binary32 value, IEEE 754-2008 section 5.12.2), times
// with microseconds in UTC.
#include <charconv>
#include <string>

#include "codec_time.h"
#include "dpt/fusion/codec.h"

namespace dpt::fusion {

namespace {

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void append_float(std::string& out, float v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 9);  // as printf %.9g
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void append_double(std::string& out, double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// A JSON string (RFC 8259 section 7): quotes, backslashes and control characters escaped; other
// bytes as they are (the text is expected to be UTF-8, which decode checks).
void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void encode_detections(const DetectionFrame& f, std::string& out) {
  out.append("{\"type\":\"detections\",\"camera\":");
  append_int(out, f.camera_id);
  out.append(",\"time\":\"");
  append_wire_time(f.time_us, out);
  out.append("\",\"seq\":");
  append_int(out, f.seq);
  out.append(",\"detections\":[");
  bool first = true;
  for (const BoxDetection& b : f.boxes) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"box\":[");
    append_float(out, b.x);
    out.push_back(',');
    append_float(out, b.y);
    out.push_back(',');
    append_float(out, b.w);
    out.push_back(',');
    append_float(out, b.h);
    out.append("],\"class\":\"");
    out.append(to_string(b.cls));
    out.append("\",\"score\":");
    append_float(out, b.score);
    out.push_back('}');
  }
  out.append("]}");
}

void encode_observation(const Observation& o, std::string& out) {
  out.append("{\"type\":\"observation\",\"sensor\":");
  append_int(out, o.sensor_id);
  out.append(",\"phenomenonTime\":\"");
  append_wire_time(o.time_us, out);
  out.append("\",\"seq\":");
  append_int(out, o.seq);
  out.append(",\"observedProperty\":");
  append_string(out, o.observed_property);
  out.append(",\"result\":");
  append_double(out, o.result);
  out.append(",\"unitOfMeasurement\":");
  append_string(out, o.unit);
  out.push_back('}');
}

}  // namespace

void encode(const Message& m, std::string& out) {
  if (m.kind == MessageKind::detections)
    encode_detections(m.detections, out);
  else
    encode_observation(m.observation, out);
}

}  // namespace dpt::fusion
