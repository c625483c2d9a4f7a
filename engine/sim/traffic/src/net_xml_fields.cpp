// Attribute parsing for the .net.xml reader (see net_xml_fields.h).
#include "net_xml_fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "dpt/sim/traffic/net_xml.h"

namespace dpt::sim::traffic::detail {

LineTable::LineTable(std::string_view text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

SourceLoc LineTable::locate(const std::string& file, std::ptrdiff_t offset) const {
  if (offset < 0) return {file, 0, 0};
  const auto off = static_cast<std::size_t>(offset);
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
  const auto line = static_cast<int>(it - starts_.begin());  // >= 1: starts_[0] == 0
  // offset_debug points at the element name; the column is that of its '<'.
  const auto col = static_cast<int>(off - starts_[static_cast<std::size_t>(line - 1)]);
  return {file, line, std::max(col, 1)};
}

const char* FieldReader::required(const pugi::xml_node& n, const char* name) const {
  const pugi::xml_attribute a = n.attribute(name);
  if (!a) {
    error(n, std::string("<") + n.name() + "> lacks the required attribute '" + name + "'");
    return nullptr;
  }
  return a.value();
}

const char* FieldReader::optional(const pugi::xml_node& n, const char* name) {
  const pugi::xml_attribute a = n.attribute(name);
  return a ? a.value() : nullptr;
}

bool FieldReader::real(const pugi::xml_node& n, const char* name, const char* text, double& out) const {
  const std::string_view s(text);
  double v = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
    error(n, std::string("<") + n.name() + "> attribute '" + name + "': expected a number, got '" + text + "'");
    return false;
  }
  out = v;
  return true;
}

bool FieldReader::integer(const pugi::xml_node& n, const char* name, const char* text, std::int64_t& out) const {
  const std::string_view s(text);
  std::int64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    error(n, std::string("<") + n.name() + "> attribute '" + name + "': expected an integer, got '" + text + "'");
    return false;
  }
  out = v;
  return true;
}

bool FieldReader::required_real(const pugi::xml_node& n, const char* name, double& out) const {
  const char* t = required(n, name);
  return t && real(n, name, t, out);
}

bool FieldReader::required_index(const pugi::xml_node& n, const char* name, std::uint32_t& out) const {
  const char* t = required(n, name);
  std::int64_t v = 0;
  if (!t || !integer(n, name, t, v)) return false;
  if (v < 0 || v >= std::int64_t{kNone}) {
    error(n, std::string("<") + n.name() + "> attribute '" + name + "': expected an index >= 0, got '" + t + "'");
    return false;
  }
  out = static_cast<std::uint32_t>(v);
  return true;
}

bool FieldReader::optional_real(const pugi::xml_node& n, const char* name, double& out) const {
  const char* t = optional(n, name);
  return !t || real(n, name, t, out);
}

bool FieldReader::shape(const pugi::xml_node& n, const char* name, const char* text,
                        std::vector<Point2>& points) const {
  for (const std::string_view pos : split_spaces(text)) {
    double xyz[3] = {0.0, 0.0, 0.0};
    int k = 0;
    const char* p = pos.data();
    const char* end = pos.data() + pos.size();
    bool ok = true;
    while (ok) {
      const auto r = std::from_chars(p, end, xyz[k]);
      ok = r.ec == std::errc() && std::isfinite(xyz[k]);
      ++k;
      p = r.ptr;
      if (!ok || p == end) break;
      ok = *p == ',' && k < 3;
      ++p;
    }
    if (!ok || k < 2) {
      error(n, std::string("<") + n.name() + "> attribute '" + name + "': expected positions 'x,y x,y ...', got '" +
                   std::string(pos) + "'");
      return false;
    }
    points.push_back({xyz[0], xyz[1]});
  }
  return true;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool parse_request_bits(std::string_view s, std::uint32_t n, std::uint64_t* row) {
  if (s.size() != n) return false;
  for (std::uint32_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (c != '0' && c != '1') return false;
    const std::uint32_t link = n - 1 - i;
    if (c == '1') row[link >> 6] |= std::uint64_t{1} << (link & 63U);
  }
  return true;
}

}  // namespace dpt::sim::traffic::detail

namespace dpt::sim::traffic {

namespace {

ClassMask mask_of_names(std::string_view list) {
  ClassMask m = 0;
  for (const std::string_view name : detail::split_spaces(list)) {
    if (name == "all") return kAllClasses;
    VehicleClass c{};
    if (!vehicle_class_from_string(name, c)) c = VehicleClass::other;  // rail_electric, scooter, ...
    m = static_cast<ClassMask>(m | mask_of(c));
    // The district's tankers and muck trucks are SUMO trucks: a lane that admits or bars trucks
    // admits or bars them too.
    if (c == VehicleClass::truck)
      m = static_cast<ClassMask>(m | mask_of(VehicleClass::hazmat) | mask_of(VehicleClass::muck));
  }
  return m;
}

}  // namespace

ClassMask permissions_from_sumo(const char* allow, const char* disallow) {
  if (allow) return mask_of_names(allow);
  if (disallow) return static_cast<ClassMask>(kAllClasses & ~mask_of_names(disallow));
  return kAllClasses;
}

}  // namespace dpt::sim::traffic
