// OD demand: the TOML, TAZ and O-format readers, the integer counts per cell and slice (worked by
// hand from the rounding rules in od_demand.h), the time profile's shape, the draws, and a
// netgenerate grid where every OD trip is routed and arrives.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/od_demand.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;
using dpt::Duration;
namespace fs = std::filesystem;

namespace {
const fs::path kData = fs::path(DPT_SOURCE_DIR) / "tests/sim/traffic/data";

bool has_error(const dpt::ErrorList& errors, int line, const std::string& text) {
  for (const auto& e : errors)
    if (e.where.line == line && e.message.find(text) != std::string::npos) return true;
  return false;
}

OdDemand holiday() {
  auto r = read_od_toml(kData / "od_holiday.toml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return *r;
}

// Vehicles per hour of a matrix, from the counts: hour -> vehicles.
std::map<std::int64_t, std::int64_t> per_hour(const std::vector<OdCount>& counts, int matrix, int cell) {
  std::map<std::int64_t, std::int64_t> out;
  for (const OdCount& c : counts)
    if (c.matrix == matrix && c.cell == cell) out[c.begin.us / Duration::hours(1).us] += c.count;
  return out;
}

// A demand with one slice matrix of `n` vehicles from zone a to zone b.
OdDemand one_pair(double n, Duration begin, Duration end) {
  OdDemand od;
  od.zones.push_back(Zone{"a", {{"x", 3.0}, {"y", 1.0}}, {{"x", 1.0}}, {}});
  od.zones.push_back(Zone{"b", {{"z", 1.0}}, {{"z", 1.0}, {"w", 4.0}}, {}});
  OdMatrix m;
  m.id = "m";
  m.begin = begin;
  m.end = end;
  m.cells.push_back(OdCell{"a", "b", n, 1});
  od.matrices.push_back(m);
  return od;
}
}  // namespace

TEST_CASE("od: the TOML file field by field", "[traffic][od]") {
  const OdDemand od = holiday();
  REQUIRE(od.mix.size() == 3);
  CHECK(od.mix[0].type == "car");
  CHECK(od.mix[0].share == 0.92);
  CHECK(od.mix[2].type == "truck");
  REQUIRE(od.zones.size() == 3);
  const Zone& town = od.zones[0];
  CHECK(town.id == "town");
  CHECK(town.where.line == 8);
  REQUIRE(town.sources.size() == 2);
  CHECK(town.sources[0].edge == "t1");
  CHECK(town.sources[0].weight == 3.0);
  CHECK(town.sinks[1].edge == "t2");
  CHECK(town.sinks[1].weight == 1.0);
  const Zone& beach = od.zones[1];
  REQUIRE(beach.sources.size() == 1);
  REQUIRE(beach.sinks.size() == 2);
  CHECK(beach.sinks[1].edge == "b_in2");
  CHECK(beach.sinks[1].weight == 4.0);
  REQUIRE(od.profiles.size() == 2);
  CHECK(od.profiles[0].weights.size() == 24);
  CHECK(od.profiles[0].start == Duration{0});
  CHECK(od.profiles[0].bin == Duration::hours(1));
  CHECK(od.profiles[1].start == Duration::hours(16));
  REQUIRE(od.matrices.size() == 3);
  CHECK(od.matrices[0].profile == "to_beach");
  REQUIRE(od.matrices[0].cells.size() == 2);
  CHECK(od.matrices[0].cells[1].line == 37);
  // freight: 30.3 veh/h over 7h-9h is 60.6 vehicles; the factor (0.5) stays separate.
  const OdMatrix& freight = od.matrices[2];
  CHECK(freight.begin == Duration::hours(7));
  CHECK(freight.end == Duration::hours(9));
  CHECK(freight.factor == 0.5);
  CHECK(freight.cells[0].amount == Approx(60.6));
  CHECK(freight.cells[1].amount == Approx(11.2));
  CHECK(validate_od(od).empty());
}

TEST_CASE("od: counts per pair and slice keep the totals", "[traffic][od]") {
  const OdDemand od = holiday();
  const std::vector<OdCount> counts = od_counts(od);
  // to the beach, 1000 vehicles with fractions .05 .05 .05 .10 .25 .25 .10 .05 .05 .05 at 10h-19h.
  const auto town = per_hour(counts, 0, 0);
  const std::map<std::int64_t, std::int64_t> town_expected{{10, 50},  {11, 50},  {12, 50}, {13, 100}, {14, 250},
                                                           {15, 250}, {16, 100}, {17, 50}, {18, 50},  {19, 50}};
  CHECK(town == town_expected);
  // port -> beach, 4 vehicles: running totals 4F = .2 .4 .6 1 2 3 3.4 3.6 3.8 4 round to
  // 0 0 1 1 2 3 3 4 4 4, so one vehicle at 12h, 14h, 15h and 17h.
  const auto port = per_hour(counts, 0, 1);
  const std::map<std::int64_t, std::int64_t> port_expected{{12, 1}, {14, 1}, {15, 1}, {17, 1}};
  CHECK(port == port_expected);
  // back home: 800 with weights 5 20 30 30 15 (of 100) from 16h.
  const auto back = per_hour(counts, 1, 0);
  const std::map<std::int64_t, std::int64_t> back_expected{{16, 40}, {17, 160}, {18, 240}, {19, 240}, {20, 120}};
  CHECK(back == back_expected);
  // freight, one row (port): 30.3 and 5.6 vehicles, sum 35.9 -> 36; floors 30 + 5, the larger
  // remainder (.6) gets the missing one: 30 and 6, both in the slice 7h-9h.
  std::int64_t to_town = 0, to_beach = 0;
  for (const OdCount& c : counts) {
    if (c.matrix != 2) continue;
    CHECK(c.begin == Duration::hours(7));
    CHECK(c.end == Duration::hours(9));
    (c.cell == 0 ? to_town : to_beach) += c.count;
  }
  CHECK(to_town == 30);
  CHECK(to_beach == 6);
}

TEST_CASE("od: largest-remainder rounding per origin row", "[traffic][od]") {
  OdDemand od;
  for (const char* z : {"A", "B", "C", "D"}) od.zones.push_back(Zone{z, {{std::string("e") + z, 1.0}}, {{std::string("e") + z, 1.0}}, {}});
  OdMatrix m;
  m.id = "m";
  m.end = Duration::hours(1);
  // Row A: 2.5 1.3 0.2 (sum 4): floors 2 1 0, one missing, to the largest remainder (.5).
  // Row B: .4 .4 .4 (sum 1.2 -> 1): the tie goes to the first cell; rounding each cell would give 0.
  // Row C: .6 .6 .6 (sum 1.8 -> 2): the first two.
  m.cells = {{"A", "B", 2.5, 1}, {"B", "A", 0.4, 2}, {"A", "C", 1.3, 3}, {"B", "C", 0.4, 4}, {"A", "D", 0.2, 5},
             {"B", "D", 0.4, 6}, {"C", "A", 0.6, 7}, {"C", "B", 0.6, 8}, {"C", "D", 0.6, 9}};
  od.matrices.push_back(m);
  REQUIRE(validate_od(od).empty());
  std::vector<std::int64_t> n(m.cells.size(), 0);
  for (const OdCount& c : od_counts(od)) n[static_cast<std::size_t>(c.cell)] += c.count;
  CHECK(n == std::vector<std::int64_t>{3, 1, 1, 0, 0, 0, 1, 1, 0});
  // A factor scales before rounding: 0.7 * 2 = 1.4 twice, sum 2.8 -> 3.
  OdDemand f = od;
  f.matrices[0].cells = {{"A", "B", 0.7, 1}, {"A", "C", 0.7, 2}};
  f.matrices[0].factor = 2.0;
  std::vector<std::int64_t> nf(2, 0);
  for (const OdCount& c : od_counts(f)) nf[static_cast<std::size_t>(c.cell)] += c.count;
  CHECK(nf == std::vector<std::int64_t>{2, 1});
}

TEST_CASE("od: a small count over a profile lands by the running total", "[traffic][od]") {
  // 3 vehicles over 4 equal bins of 15 min from 1h: 3F = .75 1.5 2.25 3 -> 1 2 2 3: one vehicle in
  // the first, second and last bins.
  OdDemand od = one_pair(3, Duration{0}, Duration{0});
  od.profiles.push_back(TimeProfile{"p", Duration::hours(1), Duration::minutes(15), {1, 1, 1, 1}, {}});
  od.matrices[0].profile = "p";
  REQUIRE(validate_od(od).empty());
  const auto counts = od_counts(od);
  REQUIRE(counts.size() == 3);
  CHECK(counts[0].begin == Duration::hours(1));
  CHECK(counts[1].begin == Duration::hours(1) + Duration::minutes(15));
  CHECK(counts[2].begin == Duration::hours(1) + Duration::minutes(45));
  CHECK(counts[2].end == Duration::hours(2));
  CHECK(counts[2].first == 2);  // vehicles are numbered over the slices
}

TEST_CASE("od: departures spread within their slice", "[traffic][od]") {
  // Evenly: 4 vehicles in 7:00-8:00 at the middles of four 15-min parts (as od2trips
  // --spread.uniform: 25650 s, 26550 s, 27450 s, 28350 s).
  OdDemand od = one_pair(4, Duration::hours(7), Duration::hours(8));
  OdExpandOptions even;
  even.spread = OdSpread::even;
  auto t = expand_od(od, even);
  REQUIRE(t.ok());
  REQUIRE(t->size() == 4);
  CHECK((*t)[0].depart == Duration::seconds(25650));
  CHECK((*t)[1].depart == Duration::seconds(26550));
  CHECK((*t)[2].depart == Duration::seconds(27450));
  CHECK((*t)[3].depart == Duration::seconds(28350));
  CHECK((*t)[3].id == "m:a-b.3");
  // Uniformly: every departure inside the slice, and the profile's hours get exactly their counts.
  const OdDemand h = holiday();
  auto u = expand_od(h, OdExpandOptions{});
  REQUIRE(u.ok());
  CHECK(u->size() == 1000 + 4 + 800 + 36);
  std::map<std::int64_t, std::int64_t> town_hours;
  for (const OdTrip& trip : *u)
    if (trip.matrix == 0 && trip.cell == 0) ++town_hours[trip.depart.us / Duration::hours(1).us];
  CHECK(town_hours[13] == 100);
  CHECK(town_hours[14] == 250);
  CHECK(town_hours[15] == 250);
  CHECK(town_hours[9] == 0);
  CHECK(town_hours[20] == 0);
}

TEST_CASE("od: draws are deterministic, keyed by seed, matrix, pair and number", "[traffic][od]") {
  const OdDemand od = holiday();
  const auto a = expand_od(od, OdExpandOptions{});
  const auto b = expand_od(od, OdExpandOptions{});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->size() == b->size());
  bool same = true;
  for (std::size_t i = 0; i < a->size(); ++i)
    same = same && (*a)[i].id == (*b)[i].id && (*a)[i].depart == (*b)[i].depart &&
           (*a)[i].from_edge == (*b)[i].from_edge && (*a)[i].to_edge == (*b)[i].to_edge && (*a)[i].share == (*b)[i].share;
  CHECK(same);
  OdExpandOptions other;
  other.seed = 7;
  const auto c = expand_od(od, other);
  REQUIRE(c.ok());
  std::size_t moved = 0;
  for (std::size_t i = 0; i < a->size(); ++i) moved += (*a)[i].depart != (*c)[i].depart;
  CHECK(moved > a->size() / 2);
  // A matrix added in front does not change the others' trips.
  OdDemand more = od;
  OdMatrix extra;
  extra.id = "extra";
  extra.end = Duration::hours(1);
  extra.cells.push_back(OdCell{"port", "town", 10, 1});
  more.matrices.insert(more.matrices.begin(), extra);
  const auto d = expand_od(more, OdExpandOptions{});
  REQUIRE(d.ok());
  REQUIRE(d->size() == a->size() + 10);
  bool kept = true;
  for (std::size_t i = 0; i < a->size(); ++i)
    kept = kept && (*d)[i + 10].id == (*a)[i].id && (*d)[i + 10].depart == (*a)[i].depart &&
           (*d)[i + 10].to_edge == (*a)[i].to_edge;
  CHECK(kept);
}

TEST_CASE("od: edges and vehicle types drawn by weight", "[traffic][od]") {
  // 10000 vehicles a -> b: sources x:y = 3:1, sinks z:w = 1:4, mix 92/3/5. Each count is binomial;
  // the bounds are 5 standard deviations (sqrt(n p (1-p))).
  OdDemand od = one_pair(10000, Duration{0}, Duration::hours(1));
  od.mix = {{"car", 0.92, {}}, {"bus", 0.03, {}}, {"truck", 0.05, {}}};
  const auto t = expand_od(od, OdExpandOptions{});
  REQUIRE(t.ok());
  REQUIRE(t->size() == 10000);
  int from_x = 0, to_w = 0, bus = 0, truck = 0;
  for (const OdTrip& trip : *t) {
    from_x += trip.from_edge == "x";
    to_w += trip.to_edge == "w";
    bus += trip.share == 1;
    truck += trip.share == 2;
  }
  CHECK(std::abs(from_x - 7500) < 5 * 43.3);
  CHECK(std::abs(to_w - 8000) < 5 * 40.0);
  CHECK(std::abs(bus - 300) < 5 * 17.1);
  CHECK(std::abs(truck - 500) < 5 * 21.8);
}

TEST_CASE("od: trips appended to a demand", "[traffic][od]") {
  const OdDemand od = holiday();
  Demand d = make_empty_demand();
  const auto n = append_od_trips(od, OdExpandOptions{}, d);
  INFO((n.ok() ? std::string() : n.errors().to_string()));
  REQUIRE(n.ok());
  CHECK(*n == 1840);
  REQUIRE(d.trips.size() == 1840);
  // The mix's district kinds become vTypes after DEFAULT_VEHTYPE.
  REQUIRE(d.vtypes.size() == 4);
  CHECK(d.vtypes[1].type.id == "car");
  CHECK(d.vtypes[2].type.cls == VehicleClass::bus);
  CHECK(d.vtypes[3].type.cls == VehicleClass::truck);
  const TripDef& first = d.trips.front();
  CHECK(first.id == "to_beach:town-beach.0");
  CHECK(first.line == 36);
  REQUIRE(first.file >= 0);
  CHECK(fs::path(d.files[static_cast<std::size_t>(first.file)]).filename() == "od_holiday.toml");
  CHECK(first.type >= 1);
  // Appending the same matrices again would repeat the ids.
  const auto again = append_od_trips(od, OdExpandOptions{}, d);
  REQUIRE_FALSE(again.ok());
  CHECK(has_error(again.errors(), 36, "already used"));
  // A type that is neither a vType of the demand nor a district kind.
  OdDemand odd = od;
  odd.mix.push_back(VehicleShare{"tram", 1.0, {"x.toml", 5, 1}});
  Demand d2 = make_empty_demand();
  const auto bad = append_od_trips(odd, OdExpandOptions{}, d2);
  REQUIRE_FALSE(bad.ok());
  CHECK(has_error(bad.errors(), 5, "unknown vehicle type 'tram'"));
}

TEST_CASE("od: errors in the TOML file and in its references", "[traffic][od]") {
  const char* text =
      "[[zone]]\n"                                 // 1
      "id = \"a\"\n"                               // 2
      "edges = [\"e1\"]\n"                         // 3
      "weight = [1]\n"                             // 4: misspelt
      "[[zone]]\n"                                 // 5
      "id = \"b\"\n"                               // 6
      "sources = { e2 = -1 }\n"                    // 7
      "[[matrix]]\n"                               // 8
      "begin = \"1h\"\n"                           // 9
      "trips = [[\"a\", \"b\"], [\"a\", \"b\", 2]]\n";  // 10: the first cell lacks its amount; end missing
  const auto r = read_od_toml_string(text, "bad.toml");
  REQUIRE_FALSE(r.ok());
  INFO(r.errors().to_string());
  CHECK(has_error(r.errors(), 4, "weight"));
  CHECK(has_error(r.errors(), 7, "expected a weight"));
  CHECK(has_error(r.errors(), 8, "missing key 'end'"));
  CHECK(has_error(r.errors(), 10, "expected a cell"));
  for (const auto& e : r.errors()) CHECK(e.where.file == "bad.toml");

  const char* refs =
      "[[zone]]\nid = \"a\"\nsources = { e1 = 1 }\n"              // 1-3: no sinks
      "[[zone]]\nid = \"a\"\nedges = [\"e2\"]\n"                  // 4-6: defined twice
      "[[profile]]\nid = \"p\"\nweights = [0, 0]\n"               // 7-9: nothing > 0
      "[[matrix]]\nprofile = \"q\"\ntrips = [\n"                  // 10-12: unknown profile
      "  [\"a\", \"nowhere\", 1],\n"                             // 13
      "  [\"a\", \"a\", 1],\n"                                   // 14: a has no sinks (first a)
      "]\n";
  const auto od = read_od_toml_string(refs, "refs.toml");
  INFO((od.ok() ? std::string() : od.errors().to_string()));
  REQUIRE(od.ok());
  const dpt::ErrorList e = validate_od(*od);
  INFO(e.to_string());
  CHECK(has_error(e, 4, "zone 'a' defined twice"));
  CHECK(has_error(e, 7, "expected at least one weight > 0"));
  CHECK(has_error(e, 10, "unknown profile 'q'"));
  CHECK(has_error(e, 13, "unknown destination zone 'nowhere'"));
  CHECK(has_error(e, 14, "destination zone 'a' has no sink"));
  CHECK_FALSE(expand_od(*od, OdExpandOptions{}).ok());
}

TEST_CASE("od: SUMO's TAZ file", "[traffic][od][sumo]") {
  const auto r = read_taz_xml(kData / "od_zones.taz.xml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  const Zone& one = (*r)[0];
  CHECK(one.id == "1");
  CHECK(one.where.line == 2);
  REQUIRE(one.sources.size() == 2);
  REQUIRE(one.sinks.size() == 2);
  CHECK(one.sources[1].edge == "b");
  CHECK(one.sinks[0].weight == 1.0);
  const Zone& two = (*r)[1];
  REQUIRE(two.sources.size() == 1);
  REQUIRE(two.sinks.size() == 2);
  CHECK(two.sinks[0].edge == "d");
  CHECK(two.sinks[0].weight == 3.0);
  CHECK(two.sinks[1].weight == 1.0);

  const auto bad = read_taz_xml_string("<tazs>\n<taz edges=\"a\"/>\n<taz id=\"z\"/>\n<taz id=\"w\">\n"
                                       "<tazSink id=\"e\" weight=\"-2\"/>\n<tazSource id=\"f\"/>\n</taz>\n</tazs>\n",
                                       "bad.taz.xml");
  REQUIRE_FALSE(bad.ok());
  INFO(bad.errors().to_string());
  CHECK(has_error(bad.errors(), 2, "id"));
  CHECK(has_error(bad.errors(), 3, "has no edges"));
  CHECK(has_error(bad.errors(), 5, "weight"));
  CHECK(has_error(bad.errors(), 6, "weight"));  // required, as in od2trips
  CHECK_FALSE(read_taz_xml_string("<routes/>", "r.xml").ok());
}

TEST_CASE("od: SUMO's O-format matrix", "[traffic][od][sumo]") {
  const auto r = read_od_o_format(kData / "od_small.fma");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const OdMatrix& m = *r;
  CHECK(m.id == "od_small");
  CHECK(m.begin == Duration::seconds(27000));  // 7.30 = 7:30 (od2trips: "Parsing time 27000")
  CHECK(m.end == Duration::hours(8));
  CHECK(m.factor == 2.0);
  REQUIRE(m.cells.size() == 2);  // $NAMES ends the matrix
  CHECK(m.cells[0].from == "1");
  CHECK(m.cells[0].to == "2");
  CHECK(m.cells[0].amount == 3.0);
  CHECK(m.cells[0].line == 8);
  CHECK(m.cells[1].amount == 1.5);
  // With the TAZ file: 2 * 3 + 2 * 1.5 = 9 vehicles, as od2trips 1.15 makes of these two files
  // (without the $NAMES section, which it does not read).
  OdDemand od;
  od.zones = *read_taz_xml(kData / "od_zones.taz.xml");
  od.matrices.push_back(m);
  const auto trips = expand_od(od, OdExpandOptions{});
  REQUIRE(trips.ok());
  CHECK(trips->size() == 9);
  for (const OdTrip& t : *trips) {
    CHECK(t.depart >= Duration::seconds(27000));
    CHECK(t.depart < Duration::hours(8));
  }

  const auto minutes = read_od_o_format_string("$O;D2\n7.5 8.00\n1\n", "m.fma");
  REQUIRE(minutes.ok());
  CHECK(minutes->begin == Duration::seconds(25500));  // "7.5" is 7:05 in od2trips

  const auto v = read_od_o_format_string("* comment\n$V;D2\n0.00 24.00\n1.00\n", "v.fma");
  REQUIRE_FALSE(v.ok());
  CHECK(has_error(v.errors(), 2, "only the O-format"));
  const auto period = read_od_o_format_string("$O;D2\n* x\n7:00 8:00\n1.0\n", "p.fma");
  REQUIRE_FALSE(period.ok());
  CHECK(has_error(period.errors(), 3, "hh.mm"));
  const auto cell = read_od_o_format_string("$OR\n0.00 1.00\n1.0\n1 2 3\n1 2\n2 1 -4\n", "c.fma");
  REQUIRE_FALSE(cell.ok());
  CHECK(has_error(cell.errors(), 5, "from to amount"));
  CHECK(has_error(cell.errors(), 6, ">= 0"));
  const auto cut = read_od_o_format_string("$O\n0.00 1.00\n", "cut.fma");
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.errors().items()[0].message.find("before the factor") != std::string::npos);
}

TEST_CASE("od: zones checked against the network", "[traffic][od]") {
  const auto net = read_net_xml(kData / "three_junctions.net.xml");
  REQUIRE(net.ok());
  REQUIRE_FALSE(net->edges.empty());
  OdDemand od;
  std::string normal;
  for (const Edge& e : net->edges)
    if (e.function == EdgeFunction::normal) normal = e.id;
  od.zones.push_back(Zone{"z", {{normal, 1.0}, {"no_such_edge", 1.0}}, {}, {"zones.toml", 3, 1}});
  const dpt::ErrorList e = check_od_zones(od, *net);
  REQUIRE(e.size() == 1);
  CHECK(has_error(e, 3, "unknown source edge 'no_such_edge'"));
}

TEST_CASE("od: every OD trip on a netgenerate grid arrives", "[traffic][od][sumo]") {
  if (std::system("command -v netgenerate > /dev/null 2>&1") != 0) {
    WARN("netgenerate not installed: skipping the OD run on a grid (tools/setup installs sumo)");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / "dpt_test_traffic_od_grid";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string cmd = "netgenerate --grid --grid.number 3 --grid.length 200 -o '" + (dir / "grid.net.xml").string() +
                          "' > /dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  // Town on the west column (A), beach on the east (C); the flow out in three 10-min bins, the
  // flow back in three more from 30 min.
  const char* toml =
      "[mix]\ncar = 0.9\nbus = 0.05\ntruck = 0.05\n"
      "[[zone]]\nid = \"town\"\nsources = { A0A1 = 2, A1A2 = 1 }\nsinks = { A1A0 = 1, A2A1 = 1 }\n"
      "[[zone]]\nid = \"beach\"\nsources = { C2C1 = 1, C1C0 = 1 }\nsinks = { C0C1 = 1, C1C2 = 1 }\n"
      "[[profile]]\nid = \"out\"\nbin = \"10min\"\nweights = [1, 3, 1]\n"
      "[[profile]]\nid = \"back\"\nstart = \"30min\"\nbin = \"10min\"\nweights = [1, 2, 1]\n"
      "[[matrix]]\nid = \"out\"\nprofile = \"out\"\ntrips = [[\"town\", \"beach\", 40]]\n"
      "[[matrix]]\nid = \"back\"\nprofile = \"back\"\ntrips = [[\"beach\", \"town\", 30]]\n";
  const auto od = read_od_toml_string(toml, "grid_od.toml");
  INFO((od.ok() ? std::string() : od.errors().to_string()));
  REQUIRE(od.ok());
  auto net = read_net_xml(dir / "grid.net.xml");
  INFO((net.ok() ? std::string() : net.errors().to_string()));
  REQUIRE(net.ok());
  CHECK(check_od_zones(*od, *net).empty());
  Demand demand = make_empty_demand();
  const auto added = append_od_trips(*od, OdExpandOptions{}, demand);
  REQUIRE(added.ok());
  REQUIRE(*added == 70);
  TrafficOptions opt;
  const auto model = build_traffic_model(std::move(*net), demand, opt);
  INFO((model.ok() ? std::string() : model.errors().to_string()));
  REQUIRE(model.ok());
  CHECK(model->warnings.empty());
  REQUIRE(model->vehicles.size() == 70);
  TrafficState state = make_traffic_state(*model);
  for (int i = 0; i < 20000 && !traffic_done(*model, state); ++i) step(*model, state);
  CHECK(traffic_done(*model, state));
  CHECK(state.arrivals == 70);
  fs::remove_all(dir);
}

TEST_CASE("od: a district-sized matrix expands (timing)", "[.perf][od_perf]") {
  // 300 zones, every pair 12.4 vehicles over a 24-hour profile: each row is 299 * 12.4 = 3707.6
  // -> 3708 vehicles (largest remainder), 300 rows: 1,112,400 trips.
  OdDemand od;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "z" + std::to_string(i);
    od.zones.push_back(Zone{id, {{id + "_out_a", 1.0}, {id + "_out_b", 2.0}}, {{id + "_in", 1.0}}, {}});
  }
  std::vector<double> day(24, 1.0);
  for (int h = 14; h < 16; ++h) day[static_cast<std::size_t>(h)] = 6.0;
  od.profiles.push_back(TimeProfile{"day", Duration{0}, Duration::hours(1), day, {}});
  OdMatrix m;
  m.id = "day";
  m.profile = "day";
  for (int i = 0; i < 300; ++i)
    for (int j = 0; j < 300; ++j)
      if (i != j) m.cells.push_back(OdCell{od.zones[static_cast<std::size_t>(i)].id, od.zones[static_cast<std::size_t>(j)].id, 12.4, 0});
  od.matrices.push_back(std::move(m));
  const auto t0 = std::chrono::steady_clock::now();
  const auto trips = expand_od(od, OdExpandOptions{});
  const auto t1 = std::chrono::steady_clock::now();
  REQUIRE(trips.ok());
  CHECK(trips->size() == 1112400);
  std::printf("od expansion: %zu cells, %zu trips in %.3f s\n", od.matrices[0].cells.size(), trips->size(),
              std::chrono::duration<double>(t1 - t0).count());
}
