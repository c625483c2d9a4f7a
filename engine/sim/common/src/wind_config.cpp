// [modules.wind] of a scenario file -> WindModel (keys documented in docs/scenarios.md).
#include <algorithm>
#include <cmath>

#include "dpt/sim/common/station_series.h"
#include "dpt/sim/common/wind_model.h"

namespace dpt::sim {

std::optional<WindModel> parse_wind_model(TableReader& r, const BuildContext& ctx) {
  const std::size_t errors_before = r.errors().size();
  WindModel m;
  const auto source = r.choice("source", {"keyframes", "stations"}, Need::required);
  const double cell = r.quantity("cell", Dimension::length).value_or(1000.0);
  auto key_loc = [&](const char* key) { return r.node().find(key) ? r.node().find(key)->loc : r.loc(); };
  if (cell < 10.0) r.error(key_loc("cell"), "'cell' in " + r.path() + " must be at least 10 m");
  const std::string cat = r.choice("terrain_category", {"A", "B", "C", "D"}).value_or("B");
  m.terrain = terrain_category(cat[0]);
  m.turbulence_intensity = r.number("turbulence_intensity", Need::optional, 0.0, 1.0).value_or(0.0);
  m.turbulence_time_scale = r.duration("turbulence_time_scale").value_or(Duration::seconds(60));
  if (m.turbulence_time_scale.us <= 0) r.error(key_loc("turbulence_time_scale"), "'turbulence_time_scale' in " + r.path() + " must be positive");
  m.idw_power = r.number("idw_power", Need::optional, 0.5, 6.0).value_or(2.0);
  m.max_gap = r.duration("max_gap").value_or(Duration::minutes(30));

  if (cell >= 10.0) {
    const DistrictExtent& e = ctx.extent;
    m.grid.x0 = e.x0;
    m.grid.y0 = e.y0;
    m.grid.cell = cell;
    // Counted in double first: an extent in a CRS with small units (+units=mm) must not overflow int.
    const double cells_x = std::max(1.0, std::ceil((e.x1 - e.x0) / cell));
    const double cells_y = std::max(1.0, std::ceil((e.y1 - e.y0) / cell));
    if (cells_x * cells_y > 4'000'000) {
      r.error(r.loc(), "'cell' in " + r.path() + " is too fine for the district (over 4 million cells)");
    } else {
      m.grid.nx = static_cast<int>(cells_x);
      m.grid.ny = static_cast<int>(cells_y);
    }
  }

  const auto keyframes = r.tables("keyframes");
  for (std::size_t k = 0; k < keyframes.size(); ++k) {
    TableReader kr(*keyframes[k], r.path() + ".keyframes[" + std::to_string(k) + "]", r.errors(), ctx.base_dir);
    const auto at = kr.time_offset("at", ctx.start, Need::required);
    const auto speed = kr.quantity("speed", Dimension::speed, Need::required);
    const auto from = kr.number("from_deg", Need::required, 0.0, 360.0);
    kr.finish();
    if (at && speed && from) {
      WindKeyframe f;
      f.at = *at;
      wind_components(*speed, *from, f.u, f.v);
      m.keyframes.push_back(f);
    }
  }
  std::stable_sort(m.keyframes.begin(), m.keyframes.end(), [](const WindKeyframe& a, const WindKeyframe& b) { return a.at < b.at; });

  const auto stations_file = r.file("stations_file");
  const auto station_tables = r.tables("stations");
  std::vector<std::string> names;
  for (std::size_t k = 0; k < station_tables.size(); ++k) {
    TableReader sr(*station_tables[k], r.path() + ".stations[" + std::to_string(k) + "]", r.errors(), ctx.base_dir);
    const auto name = sr.string("name", Need::required);
    const auto lon = sr.number("lon", Need::required, -180.0, 180.0);
    const auto lat = sr.number("lat", Need::required, -90.0, 90.0);
    sr.finish();
    if (!name || !lon || !lat) continue;
    WindStation st;
    st.name = *name;
    if (ctx.frame) {
      auto p = ctx.frame->to_local({*lon, *lat});
      if (!p) {
        sr.error(sr.loc(), "station '" + *name + "': " + p.errors().items().front().message);
        continue;
      }
      st.x = p->x;
      st.y = p->y;
    }
    names.push_back(st.name);
    m.stations.push_back(std::move(st));
  }

  if (source == "keyframes") {
    m.source = WindModel::Source::keyframes;
    if (keyframes.empty()) r.error(r.loc(), r.path() + " with source = \"keyframes\" needs at least one [[" + r.path().substr(1, r.path().size() - 2) + ".keyframes]]");
  } else if (source == "stations") {
    m.source = WindModel::Source::stations;
    if (!r.node().find("stations_file")) r.error(r.loc(), "missing key 'stations_file' in " + r.path() + " (source = \"stations\" reads an HKO 10-minute wind CSV)");
    if (station_tables.empty()) r.error(r.loc(), r.path() + " with source = \"stations\" needs [[stations]] entries with name, lon, lat");
    if (stations_file && !m.stations.empty()) {
      auto series = read_hko_10min_csv(*stations_file, names);
      if (!series) {
        r.errors().append(series.errors());
      } else {
        for (std::size_t k = 0; k < m.stations.size(); ++k) {
          const StationSeries& s = (*series)[k];
          for (std::size_t i = 0; i < s.t.size(); ++i) {
            m.stations[k].t_us.push_back((s.t[i] - ctx.start).us);
            m.stations[k].u.push_back(s.u[i]);
            m.stations[k].v.push_back(s.v[i]);
          }
        }
      }
    }
  }
  r.finish();
  if (r.errors().size() != errors_before) return std::nullopt;
  return m;
}

std::optional<WindCommand> parse_wind_command(std::string_view name, TableReader& args) {
  WindCommand c;
  if (name == "clear") {
    c.kind = WindCommand::Kind::clear;
    args.finish();
    return c;
  }
  if (name != "set") {
    args.error(args.loc(), "unknown wind command 'wind." + std::string(name) + "' (known: wind.set, wind.clear)");
    return std::nullopt;
  }
  const auto speed = args.quantity("speed", Dimension::speed, Need::required);
  const auto from = args.number("from_deg", Need::required, 0.0, 360.0);
  args.finish();
  if (!speed || !from) return std::nullopt;
  c.kind = WindCommand::Kind::set;
  wind_components(*speed, *from, c.u, c.v);
  return c;
}

}  // namespace dpt::sim
