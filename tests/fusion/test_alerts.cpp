// Alert engine and rules loader (alerts.h). Expected values are worked by hand from the rules in
// each test: corridor half-widths, dwell times, zone areas, density levels and hysteresis bands.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "dpt/fusion/alerts.h"
#include "dpt/world/district.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::fusion;

namespace {

constexpr std::int64_t kSecond = 1'000'000;

// A small district: one two-lane road (0,0)-(500,0)-(1000,0) as four links (both directions), a
// 100 m square yard at (500..600, 500..600), a 20 m square beach at (2000..2020, 0..20) with a
// crowd counter, a school point at (3000, 0), and wind sensors 1 and 2.
world::District test_district() {
  world::District d;
  std::vector<world::RoadNode> nodes = {{{0, 0}}, {{500, 0}}, {{1000, 0}}};
  std::vector<world::RoadLink> links;
  const auto link = [&](std::uint32_t a, std::uint32_t b) {
    world::RoadLink l;
    l.from = a;
    l.to = b;
    l.lanes = 2;
    l.cls = world::RoadClass::primary;
    l.name = "Test road";
    l.source_id = 1;
    l.geometry = {nodes[a].pos, nodes[b].pos};
    l.length_m = 500;
    links.push_back(l);
  };
  link(0, 1);  // 0
  link(1, 2);  // 1
  link(2, 1);  // 2
  link(1, 0);  // 3
  d.roads = world::RoadNetwork::from_parts(nodes, links);
  world::Site yard;
  yard.id = "yard";
  yard.kind = world::SiteKind::hazmat;
  yard.pos = {550, 550};
  yard.area.outer = {{500, 500}, {600, 500}, {600, 600}, {500, 600}};
  d.sites.push_back(yard);
  world::Site beach;
  beach.id = "beach";
  beach.kind = world::SiteKind::beach;
  beach.pos = {2010, 10};
  beach.area.outer = {{2000, 0}, {2020, 0}, {2020, 20}, {2000, 20}};
  d.sites.push_back(beach);
  world::Site school;
  school.id = "school";
  school.kind = world::SiteKind::shelter;
  school.pos = {3000, 0};
  d.sites.push_back(school);
  const auto sensor = [&](std::int32_t id, world::SensorKind k, const char* prop, const char* unit, const char* site) {
    world::Sensor s;
    s.id = id;
    s.kind = k;
    s.observed_property = prop;
    s.unit = unit;
    s.site_id = site;
    s.x = 10.0 * id;
    d.sensors.push_back(s);
  };
  sensor(1, world::SensorKind::weather, "wind_speed", "m/s", "");
  sensor(2, world::SensorKind::weather, "wind_speed", "m/s", "");
  sensor(3, world::SensorKind::crowd_counter, "people_count", "people", "beach");
  return d;
}

AlertRules rules_from(const std::string& text, const world::District& d) {
  auto r = parse_alert_rules(text, "rules.toml", d);
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return std::move(*r);
}

GroundTrack track(std::uint64_t id, ObjectClass cls, double x, double y, TrackState st = TrackState::confirmed) {
  GroundTrack g;
  g.id = id;
  g.cls = cls;
  g.state = st;
  g.x = x;
  g.y = y;
  return g;
}

std::size_t count(const std::vector<Alert>& v, AlertKind k, bool cleared) {
  return static_cast<std::size_t>(
      std::count_if(v.begin(), v.end(), [&](const Alert& a) { return a.kind == k && a.cleared == cleared; }));
}

// The text of the first error, which must name file:line.
std::string first_error(const std::string& text, const world::District& d) {
  auto r = parse_alert_rules(text, "rules.toml", d);
  REQUIRE_FALSE(r.ok());
  return r.errors().items().front().to_string();
}

const char* kRouteRules = R"(
[route_deviation]
classes = ["hazmat_truck"]
dwell = "10s"
[[route_deviation.corridor]]
id = "main"
links = [0, 1]
sites = ["yard"]
)";

}  // namespace

TEST_CASE("a hazmat truck off its corridor raises one alert after the dwell and re-arms on return", "[alerts]") {
  const world::District d = test_district();
  AlertEngine e(rules_from(kRouteRules, d), d);
  // Links have 2 lanes: half-width 2 × 3.5 m + 10 m margin = 17 m.
  REQUIRE(e.rules().routes.segments.size() == 2);
  CHECK(e.rules().routes.segments[0].half_width_m == Approx(17.0));
  std::vector<Alert> out;
  // t = 0..4 s on the road (16 m off the centre line: inside), t = 5..20 s at 18 m: off.
  for (int t = 0; t <= 20; ++t) {
    const double y = t < 5 ? 16.0 : 18.0;
    const GroundTrack g = track(7, ObjectClass::hazmat_truck, 250.0 + t, y);
    const std::size_t before = out.size();
    e.on_tracks(t * kSecond, std::span(&g, 1), out);
    // Off since t = 5 s: the dwell of 10 s is reached at t = 15 s, and only then.
    CHECK(out.size() - before == (t == 15 ? 1u : 0u));
  }
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == AlertKind::route_deviation);
  CHECK(out[0].severity == AlertSeverity::alarm);
  CHECK_FALSE(out[0].cleared);
  CHECK(out[0].subject == "track:7");
  CHECK(out[0].time_us == 15 * kSecond);
  CHECK(out[0].details.find("\"off_since_us\":5000000") != std::string::npos);
  // Back on the road at t = 21 s: one cleared alert; off again from t = 22 s: a new alert at 32 s.
  GroundTrack g = track(7, ObjectClass::hazmat_truck, 300, 0);
  e.on_tracks(21 * kSecond, std::span(&g, 1), out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].cleared);
  CHECK(out[1].severity == AlertSeverity::info);
  g.y = -40;
  for (int t = 22; t <= 31; ++t) e.on_tracks(t * kSecond, std::span(&g, 1), out);
  CHECK(out.size() == 2);
  e.on_tracks(32 * kSecond, std::span(&g, 1), out);
  CHECK(out.size() == 3);
  CHECK(count(out, AlertKind::route_deviation, false) == 2);
}

TEST_CASE("route checks apply to confirmed tracks of checked classes only, and the yard is on route", "[alerts]") {
  const world::District d = test_district();
  AlertEngine e(rules_from(kRouteRules, d), d);
  std::vector<Alert> out;
  for (int t = 0; t <= 30; ++t) {
    const std::vector<GroundTrack> gs = {
        track(1, ObjectClass::car, 250, 500),                                 // not a checked class
        track(2, ObjectClass::hazmat_truck, 250, 500, TrackState::tentative),  // not confirmed
        track(3, ObjectClass::hazmat_truck, 550, 590),                        // inside the yard polygon
        track(4, ObjectClass::hazmat_truck, 1010, 0),                         // 10 m past the road's end
    };
    e.on_tracks(t * kSecond, gs, out);
  }
  CHECK(out.empty());
}

TEST_CASE("a track that ends while off route gets its alert cleared", "[alerts]") {
  const world::District d = test_district();
  AlertEngine e(rules_from(kRouteRules, d), d);
  std::vector<Alert> out;
  const GroundTrack g = track(9, ObjectClass::hazmat_truck, 250, 100);
  for (int t = 0; t <= 10; ++t) e.on_tracks(t * kSecond, std::span(&g, 1), out);
  REQUIRE(out.size() == 1);
  // A coasting snapshot keeps it; an empty snapshot ends it.
  GroundTrack coasting = g;
  coasting.state = TrackState::coasting;
  e.on_tracks(11 * kSecond, std::span(&coasting, 1), out);
  CHECK(out.size() == 1);
  e.on_tracks(12 * kSecond, {}, out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].cleared);
  CHECK(out[1].subject == "track:9");
}

TEST_CASE("tracks that end in one snapshot are cleared in id order", "[alerts]") {
  const world::District d = test_district();
  AlertEngine e(rules_from(kRouteRules, d), d);
  std::vector<Alert> out;
  // Three trucks 100 m off the road from t = 0: alerts at t = 10 s in snapshot order.
  const std::vector<GroundTrack> gs = {track(20, ObjectClass::hazmat_truck, 100, 100), track(5, ObjectClass::hazmat_truck, 200, 100),
                                       track(11, ObjectClass::hazmat_truck, 300, 100)};
  for (int t = 0; t <= 10; ++t) e.on_tracks(t * kSecond, gs, out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].subject == "track:20");
  out.clear();
  e.on_tracks(11 * kSecond, {}, out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].subject == "track:5");
  CHECK(out[1].subject == "track:11");
  CHECK(out[2].subject == "track:20");
  CHECK(e.counters().raised == 3);
  CHECK(e.counters().cleared == 3);
}

TEST_CASE("corridors from road names, road classes and written lines", "[alerts]") {
  const world::District d = test_district();
  // The four links are two pieces of road (one per direction): each is added once.
  const AlertRules by_name = rules_from(R"(
[route_deviation]
classes = ["muck_truck"]
margin_m = 0
[[route_deviation.corridor]]
id = "named"
road_names = ["Test road"]
)", d);
  REQUIRE(by_name.routes.segments.size() == 2);
  CHECK(by_name.routes.segments[0].half_width_m == Approx(7.0));  // 2 lanes × 3.5 m, no margin
  CHECK(by_name.routes.corridors[0].length_m == Approx(1000.0));
  const AlertRules by_class = rules_from(R"(
[route_deviation]
classes = ["muck_truck"]
[[route_deviation.corridor]]
id = "arterials"
road_classes = ["primary"]
)", d);
  CHECK(by_class.routes.segments.size() == 2);
  // A written L-shaped line, 5 m either side: (100, 3) and (203, 50) are on it, (100, 6) is not.
  AlertEngine e(rules_from(R"(
[route_deviation]
classes = ["muck_truck"]
dwell = "0s"
[[route_deviation.corridor]]
id = "drawn"
line = [[0, 0], [200, 0], [200, 100]]
half_width_m = 5
)", d), d);
  std::vector<Alert> out;
  const std::vector<GroundTrack> gs = {track(1, ObjectClass::muck_truck, 100, 3), track(2, ObjectClass::muck_truck, 203, 50),
                                       track(3, ObjectClass::muck_truck, 100, 6)};
  e.on_tracks(0, gs, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].subject == "track:3");
}

TEST_CASE("entering a forbidden zone raises one alert per entry", "[alerts]") {
  const world::District d = test_district();
  const std::string text = std::string(kRouteRules) + R"(
[[forbidden_zone]]
id = "yard-no-muck"
classes = ["muck_truck"]
sites = ["yard"]
rearm = "2s"
[[forbidden_zone]]
id = "school-zone"
classes = ["muck_truck"]
sites = ["school"]
radius_m = 50
)";
  AlertEngine e(rules_from(text, d), d);
  std::vector<Alert> out;
  // Outside at t = 0..2, inside the yard at t = 3..6, outside from t = 7: the exit counts after
  // 2 s outside (t = 9); back inside at t = 10: a second entry.
  const double xs[] = {450, 470, 490, 510, 530, 560, 590, 610, 620, 630, 590};
  for (int t = 0; t <= 10; ++t) {
    const GroundTrack g = track(5, ObjectClass::muck_truck, xs[t], 550);
    e.on_tracks(t * kSecond, std::span(&g, 1), out);
  }
  std::vector<int> raised_at, cleared_at;
  for (const Alert& a : out) {
    REQUIRE(a.kind == AlertKind::forbidden_zone);
    (a.cleared ? cleared_at : raised_at).push_back(static_cast<int>(a.time_us / kSecond));
  }
  CHECK(raised_at == std::vector<int>{3, 10});
  CHECK(cleared_at == std::vector<int>{9});
  CHECK(out[0].rule == "yard-no-muck");
  CHECK(out[0].details.find("\"zone\":\"yard\"") != std::string::npos);

  // The school circle of 50 m drawn as a 32-gon: its edges are at least 50 cos(π/32) = 49.76 m
  // from the centre, so 49 m is inside and 51 m outside.
  std::vector<Alert> school;
  GroundTrack g = track(6, ObjectClass::muck_truck, 3000 + 51, 0);
  e.on_tracks(20 * kSecond, std::span(&g, 1), school);
  CHECK(count(school, AlertKind::forbidden_zone, false) == 0);
  g.x = 3000 - 49;
  e.on_tracks(21 * kSecond, std::span(&g, 1), school);
  CHECK(count(school, AlertKind::forbidden_zone, false) == 1);
  // A hazmat truck is not a listed class there.
  g = track(8, ObjectClass::hazmat_truck, 3000, 0);
  std::vector<Alert> other;
  e.on_tracks(22 * kSecond, std::span(&g, 1), other);
  CHECK(count(other, AlertKind::forbidden_zone, false) == 0);
}

TEST_CASE("beach crowd density alerts with hysteresis, from tracks and from counters", "[alerts]") {
  const world::District d = test_district();
  const std::string text = R"(
[[crowd_density]]
id = "beach-crowding"
sites = ["beach"]
warning_per_m2 = 0.5
alarm_per_m2 = 1.08
clear_fraction = 0.8
)";
  AlertEngine e(rules_from(text, d), d);
  // The beach is 20 m × 20 m = 400 m²: warning at 0.5 × 400 = 200 people, cleared below
  // 0.4 × 400 = 160; alarm at 1.08 × 400 = 432 people.
  REQUIRE(e.rules().density[0].zones[0].area_m2 == Approx(400.0));
  std::int64_t t = 0;
  const auto snapshot = [&](int inside) {
    std::vector<GroundTrack> gs;
    for (int k = 0; k < inside; ++k)
      gs.push_back(track(static_cast<std::uint64_t>(k + 1), ObjectClass::person, 2000.5 + k % 19, 0.5 + (k / 19) % 19));
    // Never counted: a person outside, a tentative person inside, a car inside.
    gs.push_back(track(100000, ObjectClass::person, 2021, 10));
    gs.push_back(track(100001, ObjectClass::person, 2010, 10, TrackState::tentative));
    gs.push_back(track(100002, ObjectClass::car, 2010, 10));
    std::vector<Alert> out;
    t += kSecond;
    e.on_tracks(t, gs, out);
    return out;
  };
  CHECK(snapshot(199).empty());
  auto a = snapshot(200);
  REQUIRE(a.size() == 1);
  CHECK(a[0].kind == AlertKind::crowd_density);
  CHECK(a[0].severity == AlertSeverity::warning);
  CHECK(a[0].subject == "site:beach");
  CHECK(e.densities()[0].people == 200);
  CHECK(e.densities()[0].per_m2 == Approx(0.5));
  CHECK(snapshot(250).empty());
  CHECK(snapshot(160).empty());  // 0.4 /m² is not below the clear level
  a = snapshot(159);
  REQUIRE(a.size() == 1);
  CHECK(a[0].cleared);
  a = snapshot(432);  // straight from normal to alarm: one alert
  REQUIRE(a.size() == 1);
  CHECK(a[0].severity == AlertSeverity::alarm);

  // Crowd counter 3 stands at the beach: 250 people / 400 m² = 0.625 → warning; 150 → cleared.
  std::vector<Alert> out;
  Observation o;
  o.sensor_id = 3;
  o.observed_property = "people_count";
  o.unit = "people";
  o.result = 250;
  e.on_observation(o, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].details.find("\"source\":\"sensor:3\"") != std::string::npos);
  CHECK(out[0].severity == AlertSeverity::warning);
  o.result = 150;
  e.on_observation(o, out);
  REQUIRE(out.size() == 2);
  CHECK(out[1].cleared);
}

TEST_CASE("sensor thresholds cross up and down with hysteresis; per-sensor rules win", "[alerts]") {
  const world::District d = test_district();
  const std::string text = R"(
[[sensor_threshold]]
id = "wind"
property = "wind_speed"
unit = "m/s"
warning = 17.2
alarm = 24.5
hysteresis = 2.0
[[sensor_threshold]]
id = "wind-2"
property = "wind_speed"
unit = "m/s"
sensors = [2]
alarm = 30.0
)";
  AlertEngine e(rules_from(text, d), d);
  Observation o;
  o.sensor_id = 1;
  o.observed_property = "wind_speed";
  o.unit = "m/s";
  // Warning at 17.2, cleared below 15.2; alarm at 24.5, back to warning below 22.5.
  struct Step {
    double v;
    int alerts;
    bool cleared;
    AlertSeverity sev;
  };
  const Step steps[] = {
      {10.0, 0, false, AlertSeverity::info},   {17.2, 1, false, AlertSeverity::warning},
      {15.5, 0, false, AlertSeverity::info},   {25.0, 1, false, AlertSeverity::alarm},
      {22.6, 0, false, AlertSeverity::info},   {22.4, 1, true, AlertSeverity::info},
      {15.1, 1, true, AlertSeverity::info},    {30.0, 1, false, AlertSeverity::alarm},
      {10.0, 1, true, AlertSeverity::info},
  };
  for (const Step& s : steps) {
    std::vector<Alert> out;
    o.result = s.v;
    o.time_us += kSecond;
    e.on_observation(o, out);
    INFO("value " << s.v);
    REQUIRE(out.size() == static_cast<std::size_t>(s.alerts));
    if (s.alerts) {
      CHECK(out[0].cleared == s.cleared);
      CHECK(out[0].severity == s.sev);
      CHECK(out[0].rule == "wind");
      CHECK(out[0].x == Approx(10.0));  // sensor 1's position
    }
  }
  // A reading in another unit is counted, not judged.
  std::vector<Alert> out;
  o.result = 100;
  o.unit = "km/h";
  e.on_observation(o, out);
  CHECK(out.empty());
  CHECK(e.counters().unit_mismatch == 1);
  // Sensor 2 has its own rule (alarm only, at 30 m/s): 25 m/s raises nothing.
  o.sensor_id = 2;
  o.unit = "m/s";
  o.result = 25;
  e.on_observation(o, out);
  CHECK(out.empty());
  o.result = 31;
  e.on_observation(o, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "wind-2");
  // No rule for water level here.
  o.observed_property = "water_level";
  e.on_observation(o, out);
  CHECK(e.counters().no_rule == 1);
  // The event's details hold the common fields and the kind's own.
  const auto ev = nlohmann::json::parse(alert_event_details(out[0]));
  CHECK(ev.at("alert") == "sensor_threshold");
  CHECK(ev.at("severity") == "alarm");
  CHECK(ev.at("cleared") == false);
  CHECK(ev.at("subject") == "sensor:2");
  CHECK(ev.at("sensor") == 2);
  CHECK(ev.at("value") == 31.0);
  CHECK(ev.at("threshold") == 30.0);
}

TEST_CASE("the alert rules loader names file:line for each error", "[alerts]") {
  const world::District d = test_district();
  // Unknown key on line 4.
  CHECK(first_error("\n[[sensor_threshold]]\nid = \"w\"\nwarnign = 3\nproperty = \"wind_speed\"\nunit = \"m/s\"\nwarning = 2\n", d)
            .find("rules.toml:4") != std::string::npos);
  // Bad value on line 6: alarm not above warning.
  CHECK(first_error("\n[[sensor_threshold]]\nid = \"w\"\nproperty = \"wind_speed\"\nunit = \"m/s\"\nalarm = 2\nwarning = 3\n", d)
            .find("rules.toml:6") != std::string::npos);
  // Unknown site id on line 4 (with a suggestion).
  const std::string site = first_error("[[crowd_density]]\nid = \"c\"\nwarning_per_m2 = 0.5\nsites = [\"beech\"]\n", d);
  CHECK(site.find("rules.toml:4") != std::string::npos);
  CHECK(site.find("did you mean 'beach'") != std::string::npos);
  // A site without an area and no radius.
  CHECK(first_error("[[forbidden_zone]]\nid = \"z\"\nclasses = [\"hazmat_truck\"]\nsites = [\"school\"]\n", d).find("rules.toml:4") !=
        std::string::npos);
  // Links that do not chain (link 3 runs 1 → 0; link 1 starts at node 1, not 0) on line 5.
  CHECK(first_error("[route_deviation]\nclasses = [\"hazmat_truck\"]\n[[route_deviation.corridor]]\nid = \"c\"\nlinks = [3, 1]\n", d)
            .find("rules.toml:5") != std::string::npos);
  // An unknown class on line 2; a sensor of another property on line 5.
  CHECK(first_error("[[forbidden_zone]]\nclasses = [\"tank\"]\nid = \"z\"\nsites = [\"yard\"]\n", d).find("rules.toml:2") !=
        std::string::npos);
  CHECK(first_error("[[sensor_threshold]]\nid = \"w\"\nproperty = \"wind_speed\"\nunit = \"m/s\"\nsensors = [3]\nwarning = 1\n", d)
            .find("rules.toml:5") != std::string::npos);
  // An unknown key inside a corridor table, on line 5.
  CHECK(first_error("[route_deviation]\nclasses = [\"hazmat_truck\"]\n[[route_deviation.corridor]]\nid = \"c\"\nlink = [0]\nlinks = [0]\n", d)
            .find("rules.toml:5") != std::string::npos);
  // A checked class without a corridor.
  CHECK_FALSE(parse_alert_rules("[route_deviation]\nclasses = [\"muck_truck\"]\n", "rules.toml", d).ok());
}

TEST_CASE("the shipped assets/dapeng/alerts.toml loads against the real district", "[alerts][district]") {
  world::LoadOptions opt;
  opt.terrain = false;
  const auto district = world::load_district(DPT_SOURCE_DIR "/assets/dapeng", opt);
  REQUIRE(district.ok());
  const world::District& d = *district;
  const auto rules = load_alert_rules(DPT_SOURCE_DIR "/assets/dapeng/alerts.toml", d);
  INFO((rules.ok() ? std::string() : rules.errors().to_string()));
  REQUIRE(rules.ok());
  const AlertRules& r = *rules;
  CHECK(r.routes.corridors.size() == 7);
  CHECK(r.forbidden.size() == 2);
  CHECK(r.density.size() == 1);
  CHECK(r.density[0].zones.size() == 9);
  CHECK(r.thresholds.size() == 6);
  // No permitted corridor crosses a zone forbidden to one of its classes (sampled every 5 m).
  std::size_t crossings = 0;
  for (const CorridorSegment& s : r.routes.segments) {
    const double len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
    const int n = std::max(1, static_cast<int>(len / 5.0));
    for (int k = 0; k <= n; ++k) {
      const geo::Local p{s.a.x + (s.b.x - s.a.x) * k / n, s.a.y + (s.b.y - s.a.y) * k / n};
      for (const ForbiddenZoneRule& f : r.forbidden)
        if (f.classes & s.classes)
          for (const Zone& z : f.zones) crossings += geo::point_in_polygon(z.polygon, p) ? 1 : 0;
    }
  }
  CHECK(crossings == 0);

  // A tanker parked in each depot yard stays quiet; one on each beach is in a forbidden zone at
  // once and off route after the 10 s dwell.
  AlertEngine e(r, d);
  std::vector<GroundTrack> gs;
  std::uint64_t id = 1;
  for (const char* depot : {"guanghui-oil", "huaan-lpg", "cnooc-power"})
    gs.push_back(track(id++, ObjectClass::hazmat_truck, d.site(depot)->pos.x, d.site(depot)->pos.y));
  for (const Zone& z : r.density[0].zones) {
    const world::Site* s = d.site(z.name);
    REQUIRE(geo::point_in_polygon(s->area, s->pos));
    gs.push_back(track(id++, ObjectClass::hazmat_truck, s->pos.x, s->pos.y));
  }
  std::vector<Alert> out;
  for (int t = 0; t <= 10; ++t) e.on_tracks(t * kSecond, gs, out);
  CHECK(count(out, AlertKind::forbidden_zone, false) == 9);
  CHECK(count(out, AlertKind::route_deviation, false) == 9);
  for (const Alert& a : out) CHECK((a.subject != "track:1" && a.subject != "track:2" && a.subject != "track:3"));
}

// The cost of a 70,000-track snapshot is measured by tests/bench/bench_alerts.cpp (timings are not tests).
