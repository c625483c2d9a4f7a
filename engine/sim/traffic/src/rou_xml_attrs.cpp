// Attribute parsing for the .rou.xml reader. Keywords and defaults follow SUMO's doc page
// "Definition of Vehicles, Vehicle Types, and Routes", section "Vehicles and Routes" (departLane,
// departPos, departSpeed, arrivalPos).
#include "rou_xml_attrs.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace dpt::sim::traffic::rou_detail {

LineIndex::LineIndex(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') newlines_.push_back(static_cast<std::ptrdiff_t>(i));
}

int LineIndex::line_of(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  const auto it = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
  return static_cast<int>(it - newlines_.begin()) + 1;
}

bool parse_number(std::string_view text, double& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

bool parse_sumo_seconds(std::string_view text, double& out) {
  if (text.find(':') == std::string_view::npos) return parse_number(text, out);
  // "h:m:s" or "d:h:m:s" (SUMO accepts both wherever it reads a time).
  double parts[4];
  int n = 0;
  while (true) {
    const std::size_t colon = text.find(':');
    if (n == 4) return false;
    if (!parse_number(text.substr(0, colon), parts[n])) return false;
    ++n;
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 1);
  }
  if (n < 3) return false;
  const double factors3[] = {3600.0, 60.0, 1.0};
  const double factors4[] = {86400.0, 3600.0, 60.0, 1.0};
  const double* f = n == 3 ? factors3 : factors4;
  out = 0.0;
  for (int i = 0; i < n; ++i) out += parts[i] * f[i];
  return true;
}

Duration sumo_ms(double seconds) {
  return Duration::micros(std::llround(seconds * 1000.0) * 1000);
}

bool parse_speed_factor(std::string_view s, VehicleType& t) {
  double x = 0.0;
  if (parse_number(s, x)) {
    if (x <= 0.0) return false;
    // Only the mean: SUMO 1.15 keeps the class's deviation (speedDev) for a plain number - a
    // vType with speedFactor="1" still has drivers from 0.8 to 1.2; checked against sumo.
    t.speed_factor = x;
    return true;
  }
  const std::size_t open = s.find('(');
  if (open == std::string_view::npos || s.back() != ')') return false;
  const std::string_view name = s.substr(0, open);
  if (name != "normc" && name != "norm") return false;
  std::vector<double> args;
  std::string_view inner = s.substr(open + 1, s.size() - open - 2);
  while (true) {
    const std::size_t comma = inner.find(',');
    double v = 0.0;
    if (!parse_number(inner.substr(0, comma), v)) return false;
    args.push_back(v);
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  if (!(args.size() == 2 || args.size() == 4) || args[0] <= 0.0 || args[1] < 0.0) return false;
  t.speed_factor = args[0];
  t.speed_dev = args[1];
  if (args.size() == 4) {
    if (args[2] > args[0] || args[3] < args[0]) return false;
    t.speed_factor_min = args[2];
    t.speed_factor_max = args[3];
  }
  return true;
}

CarFollowModel car_follow_model_of(std::string_view name) {
  if (name == "IDM") return CarFollowModel::idm;
  if (name.empty() || name.substr(0, 6) == "Krauss") return CarFollowModel::krauss;
  return CarFollowModel::other;
}

void AttrReader::error(const pugi::xml_node& n, std::string message) const {
  errors_.add(SourceLoc{file_, line(n), 0}, std::move(message));
}

const char* AttrReader::get(const pugi::xml_node& n, const char* name) {
  const pugi::xml_attribute a = n.attribute(name);
  return a ? a.value() : nullptr;
}

std::string AttrReader::describe(const pugi::xml_node& n) {
  std::string s = "<";
  s += n.name();
  if (const char* id = get(n, "id")) {
    s += " id=\"";
    s += id;
    s += "\"";
  }
  s += ">";
  return s;
}

const char* AttrReader::required(const pugi::xml_node& n, const char* name) const {
  const char* v = get(n, name);
  if (!v || !*v) {
    error(n, describe(n) + ": missing attribute '" + name + "'");
    return nullptr;
  }
  return v;
}

bool AttrReader::number(const pugi::xml_node& n, const char* name, double& out) const {
  const char* v = get(n, name);
  if (v && parse_number(v, out)) return true;
  error(n, describe(n) + ": attribute '" + name + "' expected a number, got '" + (v ? v : "") + "'");
  return false;
}

bool AttrReader::positive(const pugi::xml_node& n, const char* name, double& out, bool allow_zero) const {
  double v = 0.0;
  if (!number(n, name, v)) return false;
  if (v < 0.0 || (v == 0.0 && !allow_zero)) {
    error(n, describe(n) + ": attribute '" + name + "' must be " + (allow_zero ? ">= 0" : "> 0") +
                 ", got '" + get(n, name) + "'");
    return false;
  }
  out = v;
  return true;
}

bool AttrReader::time(const pugi::xml_node& n, const char* name, Duration& out) const {
  const char* v = get(n, name);
  double s = 0.0;
  if (!v || !parse_sumo_seconds(v, s)) {
    error(n, describe(n) + ": attribute '" + name + "' expected a time in seconds, got '" +
                 (v ? v : "") + "'");
    return false;
  }
  out = sumo_ms(s);
  return true;
}

bool AttrReader::count(const pugi::xml_node& n, const char* name, std::int64_t& out) const {
  const char* v = get(n, name);
  const std::string_view t = v ? v : "";
  std::int64_t x = -1;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || x < 0) {
    error(n, describe(n) + ": attribute '" + name + "' expected a whole number >= 0, got '" +
                 std::string(t) + "'");
    return false;
  }
  out = x;
  return true;
}

std::vector<std::string> AttrReader::split_ids(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

void AttrReader::depart_attrs(const pugi::xml_node& n, DepartAttrs& out) const {
  if (const char* v = get(n, "departLane")) {
    using K = DepartLane::Kind;
    const std::string_view s = v;
    double x = 0.0;
    if (s == "first") out.lane.kind = K::first;
    else if (s == "random") out.lane.kind = K::random;
    else if (s == "free") out.lane.kind = K::free;
    else if (s == "allowed") out.lane.kind = K::allowed;
    else if (s == "best") out.lane.kind = K::best;
    else if (parse_number(s, x) && x >= 0 && x == std::floor(x)) {
      out.lane.kind = K::given;
      out.lane.index = static_cast<int>(x);
    } else {
      error(n, describe(n) + ": departLane expected a lane index >= 0 or one of first, random, free, "
                             "allowed, best; got '" + std::string(s) + "'");
    }
  }
  if (const char* v = get(n, "departPos")) {
    using K = DepartPos::Kind;
    const std::string_view s = v;
    if (s == "base") out.pos.kind = K::base;
    else if (s == "random") out.pos.kind = K::random;
    else if (s == "free") out.pos.kind = K::free;
    else if (s == "random_free") out.pos.kind = K::random_free;
    else if (s == "last") out.pos.kind = K::last;
    else if (parse_number(s, out.pos.value)) out.pos.kind = K::given;
    else
      error(n, describe(n) + ": departPos expected metres or one of base, random, free, random_free, "
                             "last; got '" + std::string(s) + "'");
  }
  if (const char* v = get(n, "departSpeed")) {
    using K = DepartSpeed::Kind;
    const std::string_view s = v;
    if (s == "random") out.speed.kind = K::random;
    else if (s == "max") out.speed.kind = K::max;
    else if (s == "desired") out.speed.kind = K::desired;
    else if (s == "speedLimit") out.speed.kind = K::speed_limit;
    else if (s == "last") out.speed.kind = K::last;
    else if (s == "avg") out.speed.kind = K::avg;
    else if (parse_number(s, out.speed.value) && out.speed.value >= 0.0) out.speed.kind = K::given;
    else
      error(n, describe(n) + ": departSpeed expected m/s >= 0 or one of random, max, desired, "
                             "speedLimit, last, avg; got '" + std::string(s) + "'");
  }
  if (const char* v = get(n, "arrivalPos")) {
    using K = ArrivalPos::Kind;
    const std::string_view s = v;
    if (s == "max") out.arrival_pos.kind = K::max;
    else if (s == "random") out.arrival_pos.kind = K::random;
    else if (parse_number(s, out.arrival_pos.value)) out.arrival_pos.kind = K::given;
    else
      error(n, describe(n) + ": arrivalPos expected metres or one of max, random; got '" +
                   std::string(s) + "'");
  }
}

}  // namespace dpt::sim::traffic::rou_detail
