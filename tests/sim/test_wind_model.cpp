// The keyframe wind: [modules.wind] parsed from TOML in the real district frame (EPSG:4547), then
// stepped; the mean wind must be linear in time between keyframes (on the components) and held
// after the last one. Also the wind.set / wind.clear commands and the parser's errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "dpt/core/config_reader.h"
#include "dpt/geo/local_frame.h"
#include "dpt/sim/common/wind_model.h"

using namespace dpt;
using namespace dpt::sim;

namespace {
ConfigValue parse(const std::string& text) {
  auto r = parse_toml(text, "wind.toml");
  INFO((r ? "" : r.errors().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

geo::LocalFrame dapeng_frame() {
  auto f = geo::LocalFrame::create("EPSG:4547", {114.33, 22.44});
  INFO((f ? "" : f.errors().to_string()));
  REQUIRE(f.ok());
  return std::move(f).value();
}

// The district of scenarios/default.toml: bounds 114.33-114.63 E, 22.44-22.67 N, origin at the SW corner.
struct District {
  geo::LocalFrame frame = dapeng_frame();
  BuildContext ctx;
  District() {
    const auto ne = frame.to_local({114.63, 22.67});
    REQUIRE(ne.ok());
    ctx.frame = &frame;
    ctx.extent = {0.0, 0.0, ne->x, ne->y};
    ctx.start = parse_instant("2025-07-20T06:00:00+08:00")->instant;
    ctx.step = Duration::minutes(5);
    ctx.duration = Duration::hours(3);
  }
  District(const District&) = delete;
  District& operator=(const District&) = delete;
};

// Keyframes written out of order; the third is an absolute instant (06:00 + 2h).
const char* kWind = R"(source = "keyframes"
cell = "1 km"
terrain_category = "C"
[[keyframes]]
at = "0s"
speed = "5 m/s"
from_deg = 90
[[keyframes]]
at = 2025-07-20T08:00:00+08:00
speed = "4 m/s"
from_deg = 270
[[keyframes]]
at = "1h"
speed = "36 km/h"
from_deg = 180
)";

StepContext context(const BuildContext& b, std::uint32_t k) {
  StepContext c;
  c.step = k;
  c.clock = SimClock{b.start, static_cast<std::int64_t>(k) * b.step.us};
  c.dt = b.step;
  c.seed = 42;
  return c;
}
}  // namespace

TEST_CASE("Wind keyframes from TOML: linear in time between keyframes, held after the last") {
  District d;
  // 0.30 deg of longitude at 22.5 N is ~30.8 km, 0.23 deg of latitude ~25.5 km: 31 x 26 cells of 1 km.
  CHECK(d.ctx.extent.x1 == Approx(30800).margin(300));
  CHECK(d.ctx.extent.y1 == Approx(25500).margin(300));
  const ConfigValue doc = parse(kWind);
  ErrorList errors;
  TableReader r(doc, "[modules.wind]", errors);
  const auto m = parse_wind_model(r, d.ctx);
  INFO(errors.to_string());
  REQUIRE(m);
  CHECK(m->grid.nx == 31);
  CHECK(m->grid.ny == 26);
  CHECK(m->grid.cell == 1000.0);
  CHECK(m->terrain.alpha == 0.22);
  REQUIRE(m->keyframes.size() == 3);
  CHECK(m->keyframes[1].at == Duration::hours(1));
  CHECK(m->keyframes[2].at == Duration::hours(2));

  // From 90 deg at 5 m/s: (-5, 0); from 180 at 10 m/s: (0, +10); from 270 at 4 m/s: (+4, 0).
  auto expected = [](double t_s, double& u, double& v) {
    if (t_s <= 3600) { u = -5 * (1 - t_s / 3600); v = 10 * t_s / 3600; }
    else if (t_s <= 7200) { const double w = (t_s - 3600) / 3600; u = 4 * w; v = 10 * (1 - w); }
    else { u = 4; v = 0; }
  };
  WindState s;
  init(*m, s);
  CHECK(s.field.u.front() == Approx(-5.0));
  for (std::uint32_t k = 0; k < 36; ++k) {  // 3 h in 5-minute steps
    step(*m, s, context(d.ctx, k));
    const double t_end = 300.0 * (k + 1);
    double u = 0, v = 0;
    expected(t_end, u, v);
    INFO("t " << t_end << " s");
    for (std::size_t c : {std::size_t{0}, s.field.u.size() / 2, s.field.u.size() - 1}) {
      CHECK(s.field.u[c] == Approx(u).margin(1e-12));
      CHECK(s.field.v[c] == Approx(v).margin(1e-12));
    }
    const auto mw = mean_wind(*m, 1000.0, 2000.0, Duration::seconds(static_cast<std::int64_t>(t_end)));
    CHECK(mw.u == Approx(u).margin(1e-12));
    CHECK(mw.v == Approx(v).margin(1e-12));
  }
  const WindKpis k = kpis(s);
  CHECK(k.mean_speed == Approx(4.0));
  CHECK(k.max_speed == Approx(4.0));
  CHECK(k.mean_from_deg == Approx(270.0));
}

TEST_CASE("wind.set holds a uniform wind until wind.clear; snapshots restore the state") {
  District d;
  const ConfigValue doc = parse(kWind);
  ErrorList errors;
  TableReader r(doc, "[modules.wind]", errors);
  const auto m = parse_wind_model(r, d.ctx);
  REQUIRE(m);
  WindState s;
  init(*m, s);
  const ConfigValue args = parse("speed = \"20 kn\"\nfrom_deg = 45\n");
  TableReader ar(args, "[args]", errors);
  const auto set = parse_wind_command("set", ar);
  REQUIRE(set);
  apply(s, *set);
  step(*m, s, context(d.ctx, 0));
  const double kn = 1852.0 / 3600.0;  // the international knot
  CHECK(s.field.u[7] == Approx(-20 * kn * std::sqrt(0.5)));
  CHECK(s.field.v[7] == Approx(-20 * kn * std::sqrt(0.5)));

  ByteWriter w;
  save(s, w);
  WindState restored;
  init(*m, restored);
  ByteReader br(w.data());
  REQUIRE(load(restored, br));
  Hasher h1, h2;
  digest(s, h1);
  digest(restored, h2);
  CHECK(h1.finish() == h2.finish());

  apply(s, WindCommand{WindCommand::Kind::clear, 0, 0});
  step(*m, s, context(d.ctx, 1));  // t = 10 min: back on the keyframes
  CHECK(s.field.u[7] == Approx(-5.0 * (1 - 600.0 / 3600)));
  CHECK(errors.empty());
  const ConfigValue none = parse("");
  TableReader nr(none, "[args]", errors);
  CHECK_FALSE(parse_wind_command("blow", nr));
  CHECK(errors.size() == 1);
}

TEST_CASE("parse_wind_model reports every problem with file and line") {
  District d;
  const ConfigValue doc = parse(R"(source = "keyframes"
cell = "5 m"
turbulance_intensity = 0.1
[[keyframes]]
at = "0s"
from_deg = 90
[[keyframes]]
at = "soon"
speed = "3 m/s"
from_deg = 400
)");
  ErrorList errors;
  TableReader r(doc, "[modules.wind]", errors);
  CHECK_FALSE(parse_wind_model(r, d.ctx));
  INFO(errors.to_string());
  CHECK(errors.size() >= 5);  // cell, typo, missing speed, bad 'at', from_deg out of range
  const std::string all = errors.to_string();
  CHECK(all.find("'cell' in [modules.wind] must be at least 10 m") != std::string::npos);
  CHECK(all.find("did you mean 'turbulence_intensity'") != std::string::npos);
  CHECK(all.find("wind.toml:3") != std::string::npos);
  CHECK(all.find("'speed'") != std::string::npos);
  CHECK(all.find("wind.toml:8") != std::string::npos);
  CHECK(all.find("wind.toml:10") != std::string::npos);

  const ConfigValue empty = parse("source = \"keyframes\"\n");
  ErrorList e2;
  TableReader r2(empty, "[modules.wind]", e2);
  CHECK_FALSE(parse_wind_model(r2, d.ctx));
  CHECK(e2.to_string().find("at least one") != std::string::npos);
}
