// district.toml written as plain TOML text (no writer library needed for this flat a file) and
// read back with the project's TOML reader, so errors come with file and line.
#include "district_manifest.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"

namespace dpt::world::detail {

namespace {

// A TOML basic string: quotes, backslashes and control characters escaped (TOML 1.0 §String).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

// Shortest text that reads back to the same double; always a TOML float (has '.' or 'e').
std::string real(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string manifest_text(const District& d, const std::vector<LayerInfo>& layers) {
  std::ostringstream o;
  o << "# dptwin district directory (docs/district.md): this manifest, terrain.tif (float32 GeoTIFF)\n"
       "# and district.gpkg (GeoPackage), both in the district CRS. Layer counts are checked on load.\n";
  o << "format = " << kDistrictFormat << "\n";
  o << "name = " << quoted(d.name) << "\n";
  o << "description = " << quoted(d.description) << "\n";
  o << "crs = " << quoted(d.crs) << "\n";
  o << "origin = [" << real(d.origin.lon) << ", " << real(d.origin.lat) << "]  # WGS-84 lon, lat of x = y = 0\n";
  for (const LayerInfo& l : layers) {
    o << "\n[[layer]]\n";
    o << "name = " << quoted(l.name) << "\n";
    o << "file = " << quoted(l.file) << "\n";
    o << "status = " << quoted(l.status) << "\n";
    o << "source = " << quoted(l.source) << "\n";
    o << "licence = " << quoted(l.licence) << "\n";
    o << "note = " << quoted(l.note) << "\n";
    o << "features = " << l.features << "\n";
    o << "skipped = " << l.skipped << "\n";
    o << "repaired = " << l.repaired << "\n";
    o << "skipped_reasons = {";
    bool first = true;
    for (const auto& [reason, n] : l.skipped_reasons) {
      o << (first ? " " : ", ") << quoted(reason) << " = " << n;
      first = false;
    }
    o << (first ? "}" : " }") << "\n";
  }
  return o.str();
}

Result<Manifest> read_manifest(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<Manifest>::failure({file}, "cannot open the district manifest (expected district.toml)");
  std::ostringstream text;
  text << in.rdbuf();
  Result<ConfigValue> root = parse_toml(text.str(), file);
  if (!root) return root.errors();

  ErrorList errors;
  Manifest m;
  TableReader top(*root, "the manifest", errors);
  top.integer("format", Need::required, kDistrictFormat, kDistrictFormat);
  m.name = top.string("name", Need::required).value_or("");
  m.description = top.string("description").value_or("");
  m.crs = top.string("crs", Need::required).value_or("");
  if (const auto o = top.numbers("origin", 2, Need::required)) {
    m.origin = {(*o)[0], (*o)[1]};
    if (!(m.origin.lon >= -180.0 && m.origin.lon <= 180.0 && m.origin.lat >= -90.0 && m.origin.lat <= 90.0))
      top.error(top.raw("origin")->loc, "'origin' must be [lon, lat] in degrees (lon in [-180, 180], lat in [-90, 90])");
  }
  const std::vector<const ConfigValue*> tables = top.tables("layer");
  for (std::size_t k = 0; k < tables.size(); ++k) {
    TableReader t(*tables[k], "[[layer]] #" + std::to_string(k + 1), errors);
    LayerInfo l;
    l.name = t.string("name", Need::required).value_or("");
    l.file = t.string("file").value_or("");
    l.status = t.string("status").value_or("");
    l.source = t.string("source").value_or("");
    l.licence = t.string("licence").value_or("");
    l.note = t.string("note").value_or("");
    constexpr std::int64_t big = std::int64_t{1} << 53;
    l.features = t.integer("features", Need::required, 0, big).value_or(0);
    l.skipped = t.integer("skipped", Need::optional, 0, big).value_or(0);
    l.repaired = t.integer("repaired", Need::optional, 0, big).value_or(0);
    if (const ConfigValue* r = t.table("skipped_reasons")) {
      TableReader rt(*r, t.path() + ".skipped_reasons", errors);
      for (const auto& [reason, v] : r->fields)
        if (const auto n = rt.integer(reason, Need::required, 0, big)) l.skipped_reasons[reason] = *n;
      rt.finish();
    }
    t.finish();
    m.layers.push_back(std::move(l));
    m.layer_locs.push_back(tables[k]->loc);
  }
  top.finish();
  if (!errors.empty()) return errors;
  return m;
}

}  // namespace dpt::world::detail
