// dptwin district sample DIR --points IN.csv --out OUT.csv: ground and surface heights, and the
// building, at each lon/lat of a CSV file.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "commands.h"
#include "district_locate.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

// Splits one CSV record (RFC 4180 quoting; no embedded line breaks).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::string trim_lower(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t b = s.find_first_not_of(" \t");
  s = b == std::string::npos ? std::string() : s.substr(b);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool parse_number(const std::string& s, double& out) {
  const char* b = s.c_str();
  char* e = nullptr;
  errno = 0;
  out = std::strtod(b, &e);
  while (*e == ' ' || *e == '\t') ++e;
  return e != b && *e == '\0' && errno == 0 && std::isfinite(out);
}

struct Point {
  std::string line;  // the input record as it was
  geo::LonLat ll;
  int line_no = 0;
};

Result<std::vector<Point>> read_points(const std::string& path) {
  std::ifstream f(path);
  if (!f) return Result<std::vector<Point>>::failure({path}, "cannot open the points file");
  std::string header;
  if (!std::getline(f, header)) return Result<std::vector<Point>>::failure({path, 1}, "empty file: expected a header with 'lon,lat'");
  if (!header.empty() && header.back() == '\r') header.pop_back();
  int lon_col = -1, lat_col = -1;
  const auto names = split_csv(header);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string n = trim_lower(names[i]);
    if (n == "lon" || n == "longitude") lon_col = static_cast<int>(i);
    if (n == "lat" || n == "latitude") lat_col = static_cast<int>(i);
  }
  ErrorList errors;
  if (lon_col < 0 || lat_col < 0) {
    errors.add({path, 1}, "header must name the columns 'lon' and 'lat' (got '" + header + "')");
    return errors;
  }
  std::vector<Point> points;
  std::string line;
  for (int no = 2; std::getline(f, line); ++no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto cells = split_csv(line);
    Point p{line, {}, no};
    if (static_cast<int>(cells.size()) <= std::max(lon_col, lat_col)) {
      errors.add({path, no}, "expected at least " + std::to_string(std::max(lon_col, lat_col) + 1) + " columns");
      continue;
    }
    if (!parse_number(cells[lon_col], p.ll.lon) || p.ll.lon < -180.0 || p.ll.lon > 180.0)
      errors.add({path, no}, "lon: expected a longitude in degrees, got '" + cells[lon_col] + "'");
    else if (!parse_number(cells[lat_col], p.ll.lat) || p.ll.lat < -90.0 || p.ll.lat > 90.0)
      errors.add({path, no}, "lat: expected a latitude in degrees, got '" + cells[lat_col] + "'");
    else
      points.push_back(std::move(p));
  }
  if (!errors.empty()) return errors;
  return points;
}

}  // namespace

void add_district_sample_command(CLI::App& district, AppState& state) {
  auto* cmd = district.add_subcommand(
      "sample",
      "Heights at places: IN.csv has columns lon,lat (WGS-84; other columns are kept); OUT.csv adds\n"
      "ground_z (terrain, bilinear), surface_z (roof where the point is inside a building) and\n"
      "building_id (empty outside buildings). Points outside the terrain get empty heights.");
  auto dir = std::make_shared<std::string>();
  auto in = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("DIR", *dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_option("--points", *in, "Input CSV with lon,lat columns")->required();
  cmd->add_option("--out", *out, "Output CSV")->required();
  cmd->callback([&state, dir, in, out] {
    if (dir->empty()) *dir = default_district_dir().string();
    auto points = read_points(*in);
    if (!ok_or_report(points, state)) return;
    auto d = world::load_district(*dir);
    if (!ok_or_report(d, state)) return;
    auto frame = geo::LocalFrame::create(d->crs, d->origin);
    if (!ok_or_report(frame, state)) return;
    std::ifstream header_src(*in);
    std::string header;
    std::getline(header_src, header);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    std::FILE* f = std::fopen(out->c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "%s: cannot write\n", out->c_str());
      state.exit_code = kExitFailure;
      return;
    }
    std::fprintf(f, "%s,ground_z,surface_z,building_id\n", header.c_str());
    const geo::Box box = d->terrain.empty() ? geo::Box{} : d->terrain.bounds();
    std::size_t outside = 0, in_buildings = 0;
    for (const Point& p : *points) {
      auto local = frame->to_local(p.ll);
      if (!local || (!d->terrain.empty() && !box.contains(*local))) {
        ++outside;
        std::fprintf(f, "%s,,,\n", p.line.c_str());
        continue;
      }
      std::int64_t b = -1;
      const double ground = d->terrain.empty() ? 0.0 : d->ground_z(*local);
      const double surface = d->surface_z(*local, &b);
      std::fprintf(f, "%s,%.4f,%.4f,", p.line.c_str(), ground, surface);
      if (b >= 0) {
        ++in_buildings;
        std::fprintf(f, "%lld", static_cast<long long>(d->buildings[b].id));
      }
      std::fputc('\n', f);
    }
    if (std::fclose(f) != 0) {
      std::fprintf(stderr, "%s: write failed\n", out->c_str());
      state.exit_code = kExitFailure;
      return;
    }
    std::printf("district sample: %zu point(s) -> %s (%zu inside buildings, %zu outside the terrain)\n",
                points->size(), out->c_str(), in_buildings, outside);
  });
}

}  // namespace dpt::app
