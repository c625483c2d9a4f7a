// Observed wind at stations: the HKO 10-minute CSV (real records of typhoon Wipha, 2025), compass
// names, file/line errors, and inverse-distance weighting (Shepard 1968) in space.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "dpt/core/config_reader.h"
#include "dpt/geo/local_frame.h"
#include "dpt/sim/common/station_series.h"
#include "dpt/sim/common/wind_model.h"

using namespace dpt;
using namespace dpt::sim;
namespace fs = std::filesystem;

namespace {
const fs::path kHko = fs::path(DPT_SHARED_DATA) / "typhoon" / "hko_10min_wind_30stations_wipha_tapah_2025.csv";
constexpr std::int64_t kTapMun1130 = 1'752'982'200;  // 2025-07-20 11:30 HKT = 03:30 UTC, Unix seconds
}  // namespace

TEST_CASE("HKO 10-min CSV: Tap Mun, 2025-07-20 11:30 HKT, 104 km/h from the East") {
  if (!fs::exists(kHko)) {
    WARN("SKIPPED: real data file absent: " << kHko.string());
    return;
  }
  const auto all = read_hko_10min_csv(kHko, {});
  INFO((all ? "" : all.errors().to_string()));
  REQUIRE(all.ok());
  CHECK(all->size() == 30);
  const auto r = read_hko_10min_csv(kHko, {"Tap Mun"});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  const StationSeries& s = r->front();
  CHECK(s.station == "Tap Mun");
  std::size_t k = 0;
  while (k < s.t.size() && s.t[k].us_since_unix != kTapMun1130 * 1'000'000) ++k;
  REQUIRE(k < s.t.size());
  CHECK(s.u[k] == Approx(-104.0 / 3.6).epsilon(1e-12));  // -28.9 m/s: blowing toward the west
  CHECK(s.v[k] == Approx(0.0).margin(1e-9));

  // Every Tap Mun record, read here independently of the engine's parser.
  const std::map<std::string, double> compass{{"North", 0},   {"Northeast", 45}, {"East", 90},  {"Southeast", 135},
                                              {"South", 180}, {"Southwest", 225}, {"West", 270}, {"Northwest", 315}};
  std::ifstream in(kHko);
  std::string line;
  std::size_t rows = 0, usable = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string t, name, dir, kmh;
    std::getline(ss, t, ',');
    std::getline(ss, name, ',');
    std::getline(ss, dir, ',');
    std::getline(ss, kmh, ',');
    if (name != "Tap Mun") continue;
    ++rows;
    if (kmh == "N/A" || (dir != "Calm" && !compass.count(dir))) continue;
    REQUIRE(usable < s.t.size());
    const double speed = std::hypot(s.u[usable], s.v[usable]) * 3.6;
    INFO(line);
    CHECK(speed == Approx(std::stod(kmh)).margin(1e-9));
    if (dir != "Calm" && speed > 0) CHECK(wind_from_deg(s.u[usable], s.v[usable]) == Approx(compass.at(dir)).margin(1e-9));
    ++usable;
  }
  CHECK(rows == 623);
  CHECK(usable == s.t.size());
  CHECK(s.skipped == rows - usable);
  const auto missing = read_hko_10min_csv(kHko, {"Tap Mun", "Nan'ao"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.errors().to_string().find("Nan'ao") != std::string::npos);
}

TEST_CASE("[modules.wind] source = stations: the real Tap Mun series at the station, linear in time") {
  if (!fs::exists(kHko)) {
    WARN("SKIPPED: real data file absent: " << kHko.string());
    return;
  }
  auto frame = geo::LocalFrame::create("EPSG:4547", {114.33, 22.44});
  REQUIRE(frame.ok());
  BuildContext ctx;
  ctx.frame = &frame.value();
  ctx.extent = {0.0, 0.0, 30000.0, 25000.0};
  ctx.start = parse_instant("2025-07-20T11:00:00+08:00")->instant;
  const std::string text = "source = \"stations\"\nstations_file = \"" + kHko.string() +
                           "\"\n[[stations]]\nname = \"Tap Mun\"\nlon = 114.3606\nlat = 22.4714\n";
  auto doc = parse_toml(text, "wind.toml");
  REQUIRE(doc.ok());
  ErrorList errors;
  TableReader r(*doc, "[modules.wind]", errors);
  const auto m = parse_wind_model(r, ctx);
  INFO(errors.to_string());
  REQUIRE(m);
  REQUIRE(m->stations.size() == 1);
  const auto p = frame->to_local({114.3606, 22.4714});
  REQUIRE(p.ok());
  CHECK(m->stations[0].x == p->x);
  CHECK(m->stations[0].y == p->y);
  const auto at1130 = mean_wind(*m, p->x, p->y, Duration::minutes(30));
  CHECK(at1130.u == Approx(-104.0 / 3.6));
  CHECK(at1130.v == Approx(0.0).margin(1e-9));
  const auto at1132 = mean_wind(*m, p->x, p->y, Duration::minutes(32));  // 1/5 of the way to 11:40 (99 km/h, East)
  CHECK(at1132.u == Approx(-(104.0 + (99.0 - 104.0) * 0.2) / 3.6));
}

TEST_CASE("compass_to_deg: 8- and 16-point names, case-insensitive; others are negative") {
  CHECK(compass_to_deg("North") == 0.0);
  CHECK(compass_to_deg("East") == 90.0);
  CHECK(compass_to_deg("South") == 180.0);
  CHECK(compass_to_deg("West") == 270.0);
  CHECK(compass_to_deg("Northeast") == 45.0);
  CHECK(compass_to_deg("Southwest") == 225.0);
  CHECK(compass_to_deg("Northwest") == 315.0);
  CHECK(compass_to_deg("North-northeast") == 22.5);
  CHECK(compass_to_deg("East-southeast") == 112.5);
  CHECK(compass_to_deg("West-northwest") == 292.5);
  CHECK(compass_to_deg("NORTH-NORTHWEST") == 337.5);
  CHECK(compass_to_deg("Calm") < 0);
  CHECK(compass_to_deg("Variable") < 0);
  CHECK(compass_to_deg("N/A") < 0);
  CHECK(compass_to_deg("") < 0);
}

TEST_CASE("A malformed HKO CSV gives errors naming the file and line") {
  const fs::path file = fs::temp_directory_path() / ("dpt_test_hko_" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(file);
    out << "datetime_hkt,station,dir_10min,mean_speed_kmh,max_gust_kmh\n"
           "202507201130,A,East\n"                  // 2: too few fields
           "2025-07-20 11:30,A,East,10,12\n"        // 3: bad time
           "202507201130,A,East,-4,12\n"            // 4: negative speed
           "202507201140,A,East,12,15\n"            // 5: fine
           "202507201140,A,East,13,15\n"            // 6: time not increasing
           "202507201150,A,Variable,5,8\n";         // 7: no direction: skipped, not an error
  }
  const auto r = read_hko_10min_csv(file, {});
  REQUIRE_FALSE(r.ok());
  std::vector<int> lines;
  for (const Error& e : r.errors()) {
    CHECK(e.where.file == file.string());
    lines.push_back(e.where.line);
  }
  CHECK(lines == std::vector<int>{2, 3, 4, 6});
  {
    std::ofstream out(file);
    out << "time,station,speed\n202507201130,A,10\n";
  }
  const auto header = read_hko_10min_csv(file, {});
  REQUIRE_FALSE(header.ok());
  CHECK(header.errors().items().front().where.line == 1);
  fs::remove(file);
  const auto absent = read_hko_10min_csv(file, {});
  REQUIRE_FALSE(absent.ok());
  CHECK(absent.errors().items().front().where.file == file.string());
}

TEST_CASE("Station IDW: the station value at a station, the Shepard weighted mean between") {
  WindModel m;
  m.source = WindModel::Source::stations;
  const std::vector<std::int64_t> t{0, 600'000'000};
  m.stations = {WindStation{"A", 0.0, 0.0, t, {10.0, 10.0}, {0.0, 0.0}},
                WindStation{"B", 1000.0, 0.0, t, {0.0, 0.0}, {10.0, 10.0}},
                WindStation{"C", 0.0, 2000.0, t, {-4.0, 2.0}, {-4.0, -4.0}}};
  for (const auto& st : m.stations) {
    const auto w = mean_wind(m, st.x, st.y, Duration{0});
    CHECK(w.u == st.u[0]);
    CHECK(w.v == st.v[0]);
  }
  for (double p : {1.0, 2.0, 3.0}) {
    m.idw_power = p;
    const double x = 300.0, y = 400.0;
    double su = 0, sv = 0, sw = 0;
    for (const auto& st : m.stations) {
      const double wgt = 1.0 / std::pow(std::hypot(x - st.x, y - st.y), p);
      su += wgt * st.u[0];
      sv += wgt * st.v[0];
      sw += wgt;
    }
    const auto w = mean_wind(m, x, y, Duration{0});
    CHECK(w.u == Approx(su / sw).epsilon(1e-12));
    CHECK(w.v == Approx(sv / sw).epsilon(1e-12));
  }
  // In time: linear between observations (C's u goes -4 -> 2 over 10 min).
  CHECK(mean_wind(m, 0.0, 2000.0, Duration::seconds(150)).u == Approx(-2.5));
  // A station whose observations are more than max_gap away drops out: A and B alone, equidistant.
  m.stations[2].t_us = {Duration::hours(10).us, Duration::hours(11).us};
  m.idw_power = 2.0;
  const auto mid = mean_wind(m, 500.0, 0.0, Duration{0});
  CHECK(mid.u == Approx(5.0));
  CHECK(mid.v == Approx(5.0));
}
