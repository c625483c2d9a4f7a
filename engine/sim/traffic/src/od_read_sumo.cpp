// SUMO's inputs for od2trips (sumo.dlr.de/docs/Demand/Importing_O/D_Matrices.html): the TAZ file
// ("Describing the TAZ") and the O-format matrix ("Describing the Matrix Cells", VISUM's $O
// format: PTV Visum manual, "$O format"). Checked against od2trips 1.15 on small files: the
// period "7.30 8.00" starts at 27000 s, "7.5" reads as 7:05, a factor of 2 doubles each amount.
// One extension: VISUM's files may go on with a "$NAMES" section, which ends the matrix here
// (od2trips 1.15 stops with an error on it).
#include <pugixml.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "dpt/sim/traffic/od_demand.h"
#include "rou_xml_attrs.h"

namespace dpt::sim::traffic {
namespace {

using rou_detail::AttrReader;
using rou_detail::LineIndex;

std::string read_whole(const std::filesystem::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream text;
  if (ok) text << in.rdbuf();
  return text.str();
}

void read_taz_child(const AttrReader& r, const pugi::xml_node& c, Zone& z) {
  const std::string_view tag = c.name();
  if (tag != "tazSource" && tag != "tazSink") return;  // <param> and others carry nothing for us
  // Both attributes are required, as od2trips requires them.
  const char* edge = r.required(c, "id");
  double w = 0.0;
  if (!r.required(c, "weight") || !r.positive(c, "weight", w, true) || !edge) return;
  (tag == "tazSource" ? z.sources : z.sinks).push_back(ZoneEdge{edge, w});
}

// "hh.mm" as od2trips reads it: whole hours, a point, whole minutes (the digits after the point
// are a number of minutes, so "7.5" is 7:05). False when the text is not that.
bool parse_hh_mm(std::string_view text, Duration& out) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size()) return false;
  long long h = 0, m = 0;
  const char* b = text.data();
  auto rh = std::from_chars(b, b + dot, h);
  auto rm = std::from_chars(b + dot + 1, b + text.size(), m);
  if (rh.ec != std::errc() || rh.ptr != b + dot || rm.ec != std::errc() || rm.ptr != b + text.size()) return false;
  if (h < 0 || m < 0 || m >= 60) return false;
  out = Duration::hours(h) + Duration::minutes(m);
  return true;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const std::size_t s = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > s) out.push_back(line.substr(s, i - s));
  }
  return out;
}

}  // namespace

Result<std::vector<Zone>> read_taz_xml_string(std::string_view xml, const std::string& file_name) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  const LineIndex lines(xml);
  if (!parsed)
    return Result<std::vector<Zone>>::failure(SourceLoc{file_name, lines.line_of(parsed.offset), 0},
                                              std::string("not well-formed XML: ") + parsed.description());
  const pugi::xml_node root = doc.document_element();
  const std::string_view rn = root.name();
  if (rn != "tazs" && rn != "additional" && rn != "net")
    return Result<std::vector<Zone>>::failure(SourceLoc{file_name, lines.line_of(root.offset_debug()), 0},
                                              "root element <" + std::string(rn) + "> (expected <tazs> or <additional>)");
  ErrorList errors;
  const AttrReader r(file_name, lines, errors);
  std::vector<Zone> zones;
  for (const pugi::xml_node& n : root.children("taz")) {
    Zone z;
    z.where = SourceLoc{file_name, r.line(n), 0};
    if (const char* id = r.required(n, "id")) z.id = id;
    if (const char* edges = AttrReader::get(n, "edges"))
      for (std::string& e : AttrReader::split_ids(edges)) {
        z.sources.push_back(ZoneEdge{e, 1.0});
        z.sinks.push_back(ZoneEdge{std::move(e), 1.0});
      }
    for (const pugi::xml_node& c : n.children()) read_taz_child(r, c, z);
    if (z.sources.empty() && z.sinks.empty())
      r.error(n, "taz '" + z.id + "' has no edges (expected edges=\"...\" or <tazSource>/<tazSink> children)");
    zones.push_back(std::move(z));
  }
  if (!errors.empty()) return errors;
  return zones;
}

Result<std::vector<Zone>> read_taz_xml(const std::filesystem::path& path) {
  bool ok = false;
  const std::string text = read_whole(path, ok);
  if (!ok) return Result<std::vector<Zone>>::failure(SourceLoc{path.string(), 0, 0}, "cannot open the TAZ file");
  return read_taz_xml_string(text, path.string());
}

Result<OdMatrix> read_od_o_format_string(std::string_view text, const std::string& file_name) {
  ErrorList errors;
  OdMatrix m;
  m.where = SourceLoc{file_name, 1, 0};
  m.id = std::filesystem::path(file_name).stem().string();
  // The parts in order: the "$O" header, the period, the factor, then cells.
  enum class Part { header, period, factor, cells } part = Part::header;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> f = split_fields(line);
    if (f.empty() || f[0][0] == '*') continue;  // blank or comment
    const SourceLoc at{file_name, line_no, 0};
    if (part == Part::header) {
      // "$O" or "$OR", optionally ";D2" etc. (VISUM's variants); other $ formats are not this one.
      const std::string_view h = f[0];
      const std::string_view kind = h.substr(0, h.find(';'));
      if (kind != "$O" && kind != "$OR") {
        errors.add(at, "expected the O-format header \"$O;D2\" (or \"$OR\"), got \"" + std::string(h) + "\"" +
                           (h.size() > 1 && h[0] == '$' ? " (only the O-format is read)" : ""));
        return errors;
      }
      m.where.line = line_no;
      part = Part::period;
    } else if (part == Part::period) {
      if (f.size() != 2 || !parse_hh_mm(f[0], m.begin) || !parse_hh_mm(f[1], m.end)) {
        errors.add(at, "expected the period \"from to\" as hh.mm hh.mm (e.g. \"7.00 8.00\"), got \"" + std::string(line) + "\"");
        return errors;
      }
      if (m.end <= m.begin) errors.add(at, "the period ends before it begins");
      part = Part::factor;
    } else if (part == Part::factor) {
      if (f.size() != 1 || !rou_detail::parse_number(f[0], m.factor) || !(m.factor >= 0.0)) {
        errors.add(at, "expected the factor (one number >= 0), got \"" + std::string(line) + "\"");
        return errors;
      }
      part = Part::cells;
    } else {
      if (f[0][0] == '$') break;  // the next section (VISUM's $NAMES) ends the matrix
      double amount = 0.0;
      if (f.size() != 3 || !rou_detail::parse_number(f[2], amount)) {
        errors.add(at, "expected a cell \"from to amount\", got \"" + std::string(line) + "\"");
        continue;
      }
      if (!(amount >= 0.0) || !std::isfinite(amount)) {
        errors.add(at, "expected an amount >= 0, got \"" + std::string(f[2]) + "\"");
        continue;
      }
      m.cells.push_back(OdCell{std::string(f[0]), std::string(f[1]), amount, line_no});
    }
  }
  if (part != Part::cells && errors.empty()) {
    const char* missing = part == Part::header ? "the \"$O\" header" : part == Part::period ? "the period" : "the factor";
    errors.add(SourceLoc{file_name, line_no, 0}, std::string("the file ends before ") + missing);
  }
  if (!errors.empty()) return errors;
  return m;
}

Result<OdMatrix> read_od_o_format(const std::filesystem::path& path) {
  bool ok = false;
  const std::string text = read_whole(path, ok);
  if (!ok) return Result<OdMatrix>::failure(SourceLoc{path.string(), 0, 0}, "cannot open the O-format matrix");
  return read_od_o_format_string(text, path.string());
}

}  // namespace dpt::sim::traffic
