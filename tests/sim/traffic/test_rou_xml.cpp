// The .rou.xml reader and the expansion of demand into departures. Expected values are read off
// the fixture by hand (tests/sim/traffic/data/all_kinds.rou.xml) and SUMO's flow rules (doc
// "Definition of Vehicles, Vehicle Types, and Routes", section "Repeated vehicles (Flows)").
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "dpt/sim/traffic/rou_xml.h"

using namespace dpt::sim::traffic;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(DPT_SOURCE_DIR) / "tests/sim/traffic/data";
dpt::Duration sec(double s) { return dpt::Duration::micros(static_cast<std::int64_t>(s * 1e6 + 0.5)); }
bool has_error(const dpt::ErrorList& errors, int line, const std::string& text) {
  for (const auto& e : errors)
    if (e.where.line == line && e.message.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("rou.xml: vTypes field by field", "[traffic][rou]") {
  const auto r = read_rou_xml(kData / "all_kinds.rou.xml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Demand& d = *r;
  REQUIRE(d.vtypes.size() == 5);
  CHECK(d.vtypes[0].implicit);
  CHECK(d.vtypes[0].type.id == "DEFAULT_VEHTYPE");
  CHECK(d.vtypes[0].type.car_follow_model == CarFollowModel::krauss);

  const VehicleType& car = d.vtypes[1].type;
  CHECK(d.vtypes[1].line == 4);
  CHECK(car.id == "car");
  CHECK(car.cls == VehicleClass::passenger);
  CHECK(car.length == 4.5);
  CHECK(car.width == 1.8);  // SUMO default
  CHECK(car.min_gap == 2.0);
  CHECK(car.max_speed == 40.0);
  CHECK(car.accel == 2.0);
  CHECK(car.decel == 4.0);
  CHECK(car.emergency_decel == 8.0);
  CHECK(car.tau == 1.2);
  CHECK(car.speed_factor == 1.1);
  CHECK(car.speed_dev == 0.2);
  CHECK(car.speed_factor_min == 0.5);
  CHECK(car.speed_factor_max == 1.5);
  CHECK(car.car_follow_model == CarFollowModel::idm);
  CHECK(car.delta == 3.5);

  const VehicleType& bus = d.vtypes[2].type;  // nested <carFollowing-IDM/>
  CHECK(bus.cls == VehicleClass::bus);
  CHECK(bus.length == 12.0);
  CHECK(bus.speed_factor == 1.0);
  CHECK(bus.speed_dev == 0.0);  // the bus class default: a plain speedFactor sets only the mean
  CHECK(bus.accel == 1.0);
  CHECK(bus.decel == 3.0);
  CHECK(bus.tau == 1.8);
  CHECK(bus.delta == 4.0);
  CHECK(bus.stepping == 0.5);
  CHECK(bus.emergency_decel == 7.0);  // the bus class default, above decel
  CHECK(bus.car_follow_model == CarFollowModel::idm);
  CHECK(d.vtypes[2].car_follow_model_name == "IDM");

  const VehicleType& tanker = d.vtypes[3].type;  // a truck whose id says hazmat
  CHECK(tanker.cls == VehicleClass::hazmat);
  CHECK(tanker.length == 7.1);
  CHECK(tanker.decel == 8.0);
  CHECK(tanker.emergency_decel == 8.0);  // SUMO: never below decel
  CHECK(tanker.car_follow_model == CarFollowModel::krauss);

  CHECK(d.vtypes[4].type.car_follow_model == CarFollowModel::other);  // kept, flagged
  CHECK(d.vtypes[4].car_follow_model_name == "W99");
}

TEST_CASE("rou.xml: routes, vehicles and trips field by field", "[traffic][rou]") {
  const auto r = read_rou_xml(kData / "all_kinds.rou.xml");
  REQUIRE(r.ok());
  const Demand& d = *r;
  REQUIRE(d.routes.size() == 3);
  CHECK(d.routes[0].id == "r0");
  CHECK(d.routes[0].edges == std::vector<std::string>{"a", "b", "c"});
  CHECK(d.routes[1].id == "!v1");
  CHECK(d.routes[1].edges == std::vector<std::string>{"c", "d"});
  CHECK(d.routes[2].id == "!f_number");
  CHECK(d.routes[2].edges == std::vector<std::string>{"b", "c"});

  REQUIRE(d.vehicles.size() == 2);
  const VehicleDef& v0 = d.vehicles[0];
  CHECK(v0.id == "v0");
  CHECK(v0.line == 11);
  CHECK(v0.type == 1);
  CHECK(v0.route == 0);
  CHECK(v0.depart.us == 1'500'000);
  CHECK(v0.attrs.lane.kind == DepartLane::Kind::best);
  CHECK(v0.attrs.pos.kind == DepartPos::Kind::given);
  CHECK(v0.attrs.pos.value == 10.0);
  CHECK(v0.attrs.speed.kind == DepartSpeed::Kind::max);
  CHECK(v0.attrs.arrival_pos.kind == ArrivalPos::Kind::given);
  CHECK(v0.attrs.arrival_pos.value == -5.0);
  const VehicleDef& v1 = d.vehicles[1];
  CHECK(v1.type == 0);
  CHECK(v1.route == 1);
  CHECK(v1.depart.us == 60'000'000);  // "0:01:00"
  CHECK(v1.attrs.lane.kind == DepartLane::Kind::given);
  CHECK(v1.attrs.lane.index == 2);
  CHECK(v1.attrs.pos.kind == DepartPos::Kind::random);
  CHECK(v1.attrs.speed.kind == DepartSpeed::Kind::given);
  CHECK(v1.attrs.speed.value == 13.9);
  CHECK(v1.attrs.arrival_pos.kind == ArrivalPos::Kind::random);

  REQUIRE(d.trips.size() == 1);
  const TripDef& t0 = d.trips[0];
  CHECK(t0.id == "t0");
  CHECK(t0.type == 2);
  CHECK(t0.depart.us == 3'000'000);
  CHECK(t0.from == "a");
  CHECK(t0.to == "d");
  CHECK(t0.via == std::vector<std::string>{"b", "c"});
  CHECK(t0.attrs.lane.kind == DepartLane::Kind::free);
  CHECK(t0.attrs.speed.kind == DepartSpeed::Kind::desired);
  CHECK(t0.attrs.pos.kind == DepartPos::Kind::base);  // default
}

TEST_CASE("rou.xml: flows and their SUMO spacing", "[traffic][rou][flow]") {
  const auto r = read_rou_xml(kData / "all_kinds.rou.xml");
  REQUIRE(r.ok());
  const Demand& d = *r;
  REQUIRE(d.flows.size() == 4);
  const FlowDef& vph = d.flows[0];  // 1200 veh/h: every 3 s in [10, 20): ceil(10 / 3) = 4
  CHECK(vph.route == 0);
  CHECK(vph.type == 1);
  CHECK(vph.period == sec(3));
  CHECK(vph.number == 4);
  const FlowDef& per = d.flows[1];  // period 4, number 3, no end: ends at 0 + 3 * 4
  CHECK(per.route == -1);
  CHECK(per.from == "a");
  CHECK(per.to == "c");
  CHECK(per.number == 3);
  CHECK(per.end == sec(12));
  const FlowDef& num = d.flows[2];  // 4 vehicles in [100, 110): every 10000 ms / 4 = 2.5 s
  CHECK(num.route == 2);
  CHECK(num.period == sec(2.5));
  CHECK(num.number == 4);
  const FlowDef& prob = d.flows[3];
  CHECK(prob.probability == 0.25);
  CHECK(prob.number == -1);
  CHECK(prob.end == sec(1000));

  // Everything but the random flow, in SUMO's insertion order.
  const auto all = expand_demand(d, 7, sec(1), sec(1e6));
  std::vector<std::string> ids;
  std::vector<double> times;
  for (const auto& dep : all) {
    if (dep.flow == 3) continue;
    ids.push_back(dep.id);
    times.push_back(dep.depart.to_seconds());
  }
  const std::vector<std::string> want_ids{"f_period.0", "v0", "t0", "f_period.1", "f_period.2", "f_vph.0",
                                          "f_vph.1", "f_vph.2", "f_vph.3", "v1", "f_number.0",
                                          "f_number.1", "f_number.2", "f_number.3"};
  const std::vector<double> want_times{0, 1.5, 3, 4, 8, 10, 13, 16, 19, 60, 100, 102.5, 105, 107.5};
  CHECK(ids == want_ids);
  CHECK(times == want_times);
  for (const auto& dep : all) {
    if (dep.id == "t0") CHECK(dep.trip == 0);
    if (dep.id == "v0") CHECK(dep.route == 0);
    if (dep.id == "f_number.1") CHECK(dep.route == 2);
  }
}

TEST_CASE("rou.xml: speedFactor forms", "[traffic][rou]") {
  const auto r = read_rou_xml_string(
      "<routes>\n"
      "<vType id=\"plain\" speedFactor=\"1.2\"/>\n"
      "<vType id=\"fixed\" speedFactor=\"1.2\" speedDev=\"0\"/>\n"
      "<vType id=\"norm\" speedFactor=\"norm(0.9,0.05)\"/>\n"
      "<vType id=\"bad\" speedFactor=\"normc(1,0.1,1.5,2)\"/>\n"
      "</routes>\n",
      "sf.rou.xml");
  REQUIRE_FALSE(r.ok());  // the last one has mean 1 outside [1.5, 2]
  CHECK(has_error(r.errors(), 5, "speedFactor expected"));
  const auto ok = read_rou_xml_string(
      "<routes><vType id=\"plain\" speedFactor=\"1.2\"/><vType id=\"fixed\" speedFactor=\"1.2\" speedDev=\"0\"/>"
      "<vType id=\"norm\" speedFactor=\"norm(0.9,0.05)\"/></routes>",
      "sf.rou.xml");
  REQUIRE(ok.ok());
  // SUMO 1.15: a plain number sets the mean and keeps the class deviation (0.1 for passenger).
  CHECK(ok->vtypes[1].type.speed_factor == 1.2);
  CHECK(ok->vtypes[1].type.speed_dev == 0.1);
  CHECK(ok->vtypes[2].type.speed_dev == 0.0);
  CHECK(ok->vtypes[3].type.speed_factor == 0.9);
  CHECK(ok->vtypes[3].type.speed_dev == 0.05);
}

TEST_CASE("rou.xml: vehsPerHour spacing is rounded to SUMO's milliseconds", "[traffic][rou][flow]") {
  // 7 veh/h: 3600/7 = 514.2857 s, kept as 514286 ms (SUMO's TIME2STEPS); in [0, 2000 s):
  // ceil(2000 / 514.286) = 4 members at 0, 514.286, 1028.572, 1542.858 s (SUMO 1.15's tripinfo
  // shows depart - departDelay = 0, 514.29, 1028.57, 1542.86 for this flow).
  const auto r = read_rou_xml_string(
      "<routes><flow id=\"f\" begin=\"0\" end=\"2000\" vehsPerHour=\"7\" from=\"a\" to=\"b\"/></routes>", "f.rou.xml");
  REQUIRE(r.ok());
  const auto m = expand_flows(*r, 0, sec(1), sec(1e6));
  REQUIRE(m.size() == 4);
  CHECK(m[1].depart.us == 514'286'000);
  CHECK(m[3].depart.us == 1'542'858'000);
  CHECK(m[3].id == "f.3");
  // `until` cuts the expansion.
  CHECK(expand_flows(*r, 0, sec(1), sec(600)).size() == 2);
}

TEST_CASE("rou.xml: probability flows are deterministic Bernoulli trials per step", "[traffic][rou][flow]") {
  const auto r = read_rou_xml(kData / "all_kinds.rou.xml");
  REQUIRE(r.ok());
  auto count_prob = [&](std::uint64_t seed, dpt::Duration step) {
    const auto flows = expand_flows(*r, seed, step, sec(1e6));
    int n = 0;
    for (const auto& dep : flows)
      if (dep.flow == 3) {
        CHECK(dep.id == "f_prob." + std::to_string(n));
        CHECK(dep.depart.us % step.us == 0);
        ++n;
      }
    return n;
  };
  // 1000 trials at p = 0.25: mean 250, sd sqrt(1000 * 0.25 * 0.75) = 13.7; +-50 is 3.6 sd.
  const int a = count_prob(1, sec(1));
  CHECK(a > 200);
  CHECK(a < 300);
  CHECK(count_prob(1, sec(1)) == a);  // same seed, same draws
  CHECK(count_prob(2, sec(1)) != a);  // another seed, other draws (equal with probability ~3%)
  // Half-second steps: 2000 trials at p = 0.125, the same mean of 250 (sd 14.8).
  const int h = count_prob(1, sec(0.5));
  CHECK(h > 200);
  CHECK(h < 300);
}

TEST_CASE("rou.xml: errors name the line and what was expected", "[traffic][rou][errors]") {
  const std::string xml =
      "<routes>\n"                                                         // 1
      "  <vType id=\"car\" accel=\"fast\"/>\n"                              // 2
      "  <route id=\"empty\" edges=\"\"/>\n"                                // 3
      "  <vehicle id=\"a\" type=\"nosuch\" depart=\"0\" route=\"r\"/>\n"    // 4
      "  <route id=\"r\" edges=\"x y\"/>\n"                                 // 5
      "  <vehicle id=\"b\" depart=\"-3\" route=\"r\"/>\n"                   // 6
      "  <vehicle id=\"c\" depart=\"triggered\" route=\"r\"/>\n"            // 7
      "  <trip id=\"d\" depart=\"0\" fromTaz=\"z1\" toTaz=\"z2\"/>\n"       // 8
      "  <flow id=\"e\" begin=\"0\" end=\"10\" period=\"2\" vehsPerHour=\"5\" route=\"r\"/>\n"  // 9
      "  <vehicle id=\"b\" depart=\"1\" route=\"nosuch\"/>\n"               // 10
      "  <person id=\"p\" depart=\"0\"/>\n"                                 // 11
      "  <vehicle id=\"g\" depart=\"1\"/>\n"                                // 12
      "</routes>\n";
  const auto r = read_rou_xml_string(xml, "bad.rou.xml");
  REQUIRE_FALSE(r.ok());
  const dpt::ErrorList& e = r.errors();
  INFO(e.to_string());
  CHECK(has_error(e, 2, "attribute 'accel' expected a number, got 'fast'"));
  CHECK(has_error(e, 3, "route has no edges"));
  CHECK(has_error(e, 4, "unknown vType 'nosuch'"));
  CHECK(has_error(e, 6, "depart must be >= 0"));
  CHECK(has_error(e, 7, "depart=\"triggered\" is not supported yet"));
  CHECK(has_error(e, 8, "fromTaz / toTaz"));
  CHECK(has_error(e, 8, "not supported yet"));
  CHECK(has_error(e, 9, "at most one of vehsPerHour, period and probability"));
  CHECK(has_error(e, 10, "duplicate vehicle id 'b'"));
  CHECK(has_error(e, 11, "<person> is not supported yet"));
  CHECK(has_error(e, 12, "no route"));
  for (const auto& err : e) CHECK(err.where.file == "bad.rou.xml");
  // The route referenced before its definition (line 4 -> line 5) is not an error.
  CHECK_FALSE(has_error(e, 4, "unknown route"));
}

TEST_CASE("rou.xml: malformed XML and a wrong root", "[traffic][rou][errors]") {
  const auto bad = read_rou_xml_string("<routes>\n<vehicle id=\"a\"\n</routes>\n", "x.rou.xml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors().items()[0].message.find("not well-formed XML") != std::string::npos);
  CHECK(bad.errors().items()[0].where.line >= 2);
  const auto root = read_rou_xml_string("<net/>", "n.xml");
  REQUIRE_FALSE(root.ok());
  CHECK(root.errors().items()[0].message.find("expected <routes>") != std::string::npos);
  const auto missing = read_rou_xml(kData / "no_such_file.rou.xml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.errors().items()[0].message.find("cannot open") != std::string::npos);
}

TEST_CASE("rou.xml: randomTrips.py output (trips and flows)", "[traffic][rou][sumo]") {
  const char* tool = "/usr/share/sumo/tools/randomTrips.py";
  if (!fs::exists(tool) || std::system("netgenerate --version > /dev/null 2>&1") != 0) {
    WARN("sumo-tools not installed: randomTrips.py test skipped");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / "dpt_test_traffic_rou_random_trips";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string d = dir.string();
  const std::string net = "netgenerate --grid --grid.number 4 --grid.length 200 -o " + d + "/grid.net.xml > /dev/null 2>&1";
  REQUIRE(std::system(net.c_str()) == 0);
  const std::string trips = std::string("python3 ") + tool + " -n " + d + "/grid.net.xml -o " + d +
                            "/trips.rou.xml -e 600 -p 2 --seed 42 > /dev/null 2>&1";
  REQUIRE(std::system(trips.c_str()) == 0);
  const auto t = read_rou_xml(dir / "trips.rou.xml");
  INFO((t.ok() ? std::string() : t.errors().to_string()));
  REQUIRE(t.ok());
  // -e 600 -p 2: one trip every 2 s from 0 to 598 s, ids 0..299.
  REQUIRE(t->trips.size() == 300);
  CHECK(t->trips.front().id == "0");
  CHECK(t->trips.front().depart.us == 0);
  CHECK(t->trips.back().id == "299");
  CHECK(t->trips.back().depart == sec(598));
  for (const auto& trip : t->trips) {
    CHECK_FALSE(trip.from.empty());
    CHECK_FALSE(trip.to.empty());
  }
  const auto deps = expand_demand(*t, 1, sec(1), sec(1e6));
  CHECK(deps.size() == 300);

  // --flows 5: five flows spread over [0, 600) that together keep the period of 2 s: each one
  // vehicle every 10 s, 60 each, 300 in all.
  const std::string flows = std::string("python3 ") + tool + " -n " + d + "/grid.net.xml -o " + d +
                            "/flows.rou.xml -e 600 -p 2 --flows 5 --seed 42 > /dev/null 2>&1";
  REQUIRE(std::system(flows.c_str()) == 0);
  const auto f = read_rou_xml(dir / "flows.rou.xml");
  INFO((f.ok() ? std::string() : f.errors().to_string()));
  REQUIRE(f.ok());
  REQUIRE(f->flows.size() == 5);
  const auto members = expand_flows(*f, 1, sec(1), sec(1e6));
  CHECK(members.size() == 300);
  REQUIRE(members.size() >= 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(members[static_cast<std::size_t>(i)].id == std::to_string(i) + ".0");
    CHECK(members[static_cast<std::size_t>(i)].depart.us == 0);
  }
  CHECK(members.back().depart == sec(590));
  fs::remove_all(dir);
}

TEST_CASE("rou.xml: several files make one demand", "[traffic][rou]") {
  const fs::path dir = fs::temp_directory_path() / "dpt_test_traffic_rou_files";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream(dir / "a.rou.xml") << "<routes>\n  <vType id=\"bus\" vClass=\"bus\"/>\n  <route id=\"r\" edges=\"x y\"/>\n"
                                        "  <vehicle id=\"a0\" depart=\"5\" route=\"r\"/>\n</routes>\n";
    std::ofstream(dir / "b.rou.xml") << "<routes>\n  <vehicle id=\"b0\" type=\"bus\" depart=\"5\" route=\"r\"/>\n"
                                        "  <vehicle id=\"b1\" depart=\"1\" route=\"r\"/>\n</routes>\n";
    std::ofstream(dir / "c.rou.xml") << "<routes>\n\n  <vehicle id=\"a0\" depart=\"9\" route=\"r\"/>\n</routes>\n";
  }
  const auto r = read_rou_xml_files({dir / "a.rou.xml", dir / "b.rou.xml"});
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  CHECK(r->files.size() == 2);
  REQUIRE(r->vehicles.size() == 3);
  CHECK(r->vehicles[1].type == r->find_vtype("bus"));  // the type of the first file
  CHECK(r->vehicles[1].route == r->find_route("r"));
  CHECK(r->vehicles[1].file == 1);
  // b1 first (1 s); at 5 s the first file's a0 before the second file's b0.
  const auto deps = expand_demand(*r, 0, sec(1), sec(100));
  REQUIRE(deps.size() == 3);
  CHECK(deps[0].id == "b1");
  CHECK(deps[1].id == "a0");
  CHECK(deps[2].id == "b0");
  // An id used again in a later file is an error at that file's line.
  const auto dup = read_rou_xml_files({dir / "a.rou.xml", dir / "c.rou.xml"});
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.errors().items()[0].where.file == (dir / "c.rou.xml").string());
  CHECK(has_error(dup.errors(), 3, "duplicate vehicle id 'a0'"));
  fs::remove_all(dir);
}
