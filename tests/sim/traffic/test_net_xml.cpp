// The SUMO .net.xml reader: a hand-written net checked field by field against the file, errors
// with their lines, a request table wider than 64 links, and netgenerate grids read in full and
// counted against a second, independent pugixml pass.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>
#include <string>

#include "dpt/sim/traffic/net_xml.h"

using namespace dpt::sim::traffic;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(DPT_SOURCE_DIR) / "tests/sim/traffic/data";

// 1-based line of the first occurrence of `needle` (counted here, independently of the reader).
int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::uint32_t connection_between(const Network& net, const std::string& from, const std::string& to) {
  const std::uint32_t a = net.find_lane(from);
  const std::uint32_t b = net.find_lane(to);
  REQUIRE(a != kNone);
  REQUIRE(b != kNone);
  const auto out = net.outgoing(a);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].to_lane == b) return static_cast<std::uint32_t>(&out[i] - net.connections.data());
  FAIL("no connection " << from << " -> " << to);
  return kNone;
}

}  // namespace

TEST_CASE("net.xml: a hand-written net reads field by field", "[traffic][netxml]") {
  const auto r = read_net_xml(kData / "three_junctions.net.xml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Network& net = *r;
  CHECK(net.edges.size() == 8);
  CHECK(net.lanes.size() == 9);
  CHECK(net.junctions.size() == 3);
  CHECK(net.connections.size() == 9);
  REQUIRE(net.signals.size() == 1);

  CHECK(net.location.net_offset == "10.00,-20.00");
  CHECK(net.location.offset_x == 10.0);
  CHECK(net.location.offset_y == -20.0);
  CHECK(net.location.proj_parameter == "!");

  const std::uint32_t wc = net.find_edge("WC");
  REQUIRE(wc != kNone);
  const Edge& e = net.edges[wc];
  CHECK(e.function == EdgeFunction::normal);
  CHECK(e.priority == 3);
  CHECK(e.from_junction == net.find_junction("W"));
  CHECK(e.to_junction == net.find_junction("C"));
  REQUIRE(e.lanes.count == 2);
  CHECK(e.length_m == 95.5);
  CHECK(e.speed_mps == 16.67);
  CHECK(net.edges[net.find_edge("EC")].priority == -1);  // not given
  const Lane& l1 = net.lanes[e.lanes.first + 1];
  CHECK(net.lane_id(e.lanes.first + 1) == "WC_1");
  CHECK(l1.index == 1);
  CHECK(l1.speed_mps == 16.67);
  CHECK(l1.width_m == 3.5);
  CHECK(net.lanes[e.lanes.first].width_m == 3.2);  // SUMO's default
  // disallow="truck bicycle": trucks (and so the district's hazmat and muck trucks) and `other`.
  CHECK((l1.allowed & mask_of(VehicleClass::truck)) == 0);
  CHECK((l1.allowed & mask_of(VehicleClass::hazmat)) == 0);
  CHECK((l1.allowed & mask_of(VehicleClass::muck)) == 0);
  CHECK((l1.allowed & mask_of(VehicleClass::other)) == 0);
  CHECK((l1.allowed & mask_of(VehicleClass::passenger)) != 0);
  CHECK((l1.allowed & mask_of(VehicleClass::bus)) != 0);
  const Lane& ce = net.lanes[net.find_lane("CE_0")];
  CHECK(ce.allowed == (mask_of(VehicleClass::passenger) | mask_of(VehicleClass::bus)));
  // A 3-D position keeps x and y.
  const auto shape = net.shape(net.find_lane("CE_0"));
  REQUIRE(shape.size() == 2);
  CHECK(shape[1].x == 200.0);
  CHECK(shape[1].y == -1.6);
  CHECK(shape[0].x == 104.5);

  const std::uint32_t ic = net.find_edge(":C_2");
  REQUIRE(ic != kNone);
  CHECK(net.edges[ic].function == EdgeFunction::internal);
  CHECK(net.edges[ic].from_junction == net.find_junction("C"));
  CHECK(net.lanes[net.find_lane(":C_2_0")].junction == net.find_junction("C"));
  CHECK(net.lanes[net.find_lane(":C_2_0")].length_m == 4.5);

  const std::uint32_t c = net.find_junction("C");
  const Junction& jc = net.junctions[c];
  CHECK(jc.type == JunctionType::traffic_light);
  CHECK(jc.x == 100.0);
  REQUIRE(net.incoming_lanes(c).size() == 3);
  CHECK(net.incoming_lanes(c)[0] == net.find_lane("EC_0"));
  CHECK(net.incoming_lanes(c)[2] == net.find_lane("WC_1"));
  REQUIRE(net.internal_lanes(c).size() == 4);
  CHECK(net.internal_lanes(c)[3] == net.find_lane(":C_3_0"));
  REQUIRE(jc.link_count == 4);
  // The file's strings are highest link first: row 2 response "0001" is link 0.
  CHECK(net.must_yield(c, 2, 0));
  CHECK_FALSE(net.must_yield(c, 2, 3));
  CHECK(net.must_yield(c, 3, 1));
  CHECK_FALSE(net.must_yield(c, 1, 3));
  CHECK(net.is_foe(c, 0, 2));
  CHECK(net.is_foe(c, 1, 3));
  CHECK_FALSE(net.is_foe(c, 0, 1));
  CHECK(net.cont(c, 2));
  CHECK_FALSE(net.cont(c, 0));
  const Junction& je = net.junctions[net.find_junction("E")];
  CHECK(je.type == JunctionType::priority);
  CHECK(je.z == 4.5);
  CHECK(net.junctions[net.find_junction("W")].type == JunctionType::dead_end);

  // Link numbers follow incLanes (EC_0, WC_0, WC_1) and file order; the signal's are the file's.
  const Connection& ec_cw = net.connections[connection_between(net, "EC_0", "CW_0")];
  CHECK(ec_cw.link_index == 0);
  CHECK(ec_cw.tl_link == 0);
  CHECK(ec_cw.junction == c);
  CHECK(ec_cw.via_lane == net.find_lane(":C_0_0"));
  CHECK(ec_cw.dir == LinkDirection::straight);
  CHECK(ec_cw.state == LinkState::off_major);
  const Connection& turn = net.connections[connection_between(net, "WC_0", "CW_0")];
  CHECK(turn.link_index == 2);
  CHECK(turn.tl_link == 2);
  CHECK(turn.dir == LinkDirection::turn);
  CHECK(turn.state == LinkState::off_blinking);
  const Connection& wc1 = net.connections[connection_between(net, "WC_1", "CE_0")];
  CHECK(wc1.link_index == 3);
  CHECK(wc1.tl_link == 1);
  CHECK(wc1.tl == 0);
  CHECK(wc1.dir == LinkDirection::partial_left);
  CHECK(net.connections[connection_between(net, "WC_0", "CE_0")].link_index == 1);
  CHECK(net.connections[connection_between(net, "WC_0", "CE_0")].tl_link == 3);
  const Connection& uturn_e = net.connections[connection_between(net, "CE_0", "EC_0")];
  CHECK(uturn_e.via_lane == kNone);
  CHECK(uturn_e.tl == kNone);
  CHECK(uturn_e.junction == net.find_junction("E"));
  CHECK(uturn_e.link_index == 0);
  CHECK(uturn_e.state == LinkState::major);
  // Connections out of the junction's interior are governed by no request row.
  const Connection& inner = net.connections[connection_between(net, ":C_3_0", "CE_0")];
  CHECK(inner.link_index == kNone);
  CHECK(inner.junction == c);

  const SignalProgram& p = net.signals[0];
  CHECK(p.id == "C");
  CHECK(p.program_id == "0");
  CHECK(p.type == SignalType::static_);
  CHECK(p.offset_s == 5.0);
  CHECK(p.link_count == 4);
  REQUIRE(p.phases.size() == 3);
  CHECK(p.phases[0].duration_s == 30.0);
  CHECK(p.phases[0].state == "GGgG");
  CHECK(p.phases[0].min_dur_s == -1.0);
  CHECK(p.phases[2].min_dur_s == 10.0);
  CHECK(p.phases[2].max_dur_s == 40.0);

  // Successors through connections only: WC leads to CE and (U-turn) CW; CE only to EC.
  const auto s = net.successors_of(wc);
  REQUIRE(s.size() == 2);
  CHECK(s[0].edge == net.find_edge("CW"));
  CHECK(s[1].edge == net.find_edge("CE"));
  REQUIRE(net.successors_of(net.find_edge("CE")).size() == 1);
  CHECK(net.successors_of(net.find_edge("CE"))[0].edge == net.find_edge("EC"));
  CHECK(net.successors_of(net.find_edge("CW")).empty());
}

TEST_CASE("net.xml: errors name the file, the line and what was expected", "[traffic][netxml]") {
  const std::string good_lane = R"(<lane id="b_0" index="0" speed="10" length="50" shape="0,0 50,0"/>)";
  const std::string head = R"(<net>
  <edge id="a" from="J0" to="J1">
    <lane id="a_0" index="0" length="50" shape="0,0 50,0"/>
  </edge>
  <edge id="b" from="J1" to="J2">
    )" + good_lane + R"(
  </edge>
  <junction id="J0" type="dead_end" x="0" y="0" incLanes="" intLanes=""/>
  <junction id="J1" type="priority" x="50" y="0" incLanes="a_0" intLanes="">
    <request index="0" response="0" foes="0" cont="0"/>
  </junction>
  <junction id="J2" type="dead_end" x="100" y="0" incLanes="b_0" intLanes=""/>
  <connection from="a" to="b" fromLane="0" toLane="3"/>
  <connection from="a" to="b" fromLane="0" toLane="0" via="nowhere_0"/>
  <edge id="c" from="J2" to="J9">
    <lane id="c_0" index="0" speed="fast" length="50" shape="0,0 50,0"/>
  </edge>
</net>
)";
  const auto r = read_net_xml_text(head, "bad.net.xml");
  REQUIRE_FALSE(r.ok());
  const auto& errs = r.errors().items();
  auto has = [&](int line, const std::string& part) {
    return std::any_of(errs.begin(), errs.end(), [&](const dpt::Error& e) {
      return e.where.file == "bad.net.xml" && e.where.line == line && e.message.find(part) != std::string::npos;
    });
  };
  INFO(r.errors().to_string());
  CHECK(has(line_of(head, R"(<lane id="a_0")"), "lacks the required attribute 'speed'"));
  CHECK(has(line_of(head, R"(toLane="3")"), "unknown lane 'b_3'"));
  CHECK(has(line_of(head, R"(via="nowhere_0")"), "unknown lane 'nowhere_0'"));
  CHECK(has(line_of(head, R"(speed="fast")"), "expected a number, got 'fast'"));
  CHECK(has(line_of(head, R"(<edge id="c")"), "unknown junction 'J9'"));
  CHECK(errs.size() == 5);
}

TEST_CASE("net.xml: malformed XML and request tables are reported", "[traffic][netxml]") {
  const auto broken = read_net_xml_text("<net>\n<edge id=\"a\">\n</net>\n", "broken.net.xml");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.errors().items()[0].where.line >= 2);
  CHECK(broken.errors().items()[0].message.find("XML") != std::string::npos);
  const std::string text = R"(<net>
  <junction id="J" type="priority" x="0" y="0" incLanes="" intLanes="">
    <request index="0" response="00" foes="0" cont="0"/>
    <request index="1" response="00" foes="00" cont="0"/>
  </junction>
</net>
)";
  const auto r = read_net_xml_text(text, "req.net.xml");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors().items()[0].where.line == 3);
  CHECK(r.errors().items()[0].message.find("'foes'") != std::string::npos);
  CHECK(read_net_xml(kData / "no_such.net.xml").ok() == false);
}

TEST_CASE("net.xml: a request table wider than 64 links", "[traffic][netxml]") {
  // 70 links in a chain: link i yields to i-1 and conflicts with i-1 and i+1.
  constexpr int n = 70;
  std::string text = "<net>\n<junction id=\"J\" type=\"priority\" x=\"0\" y=\"0\">\n";
  for (int i = 0; i < n; ++i) {
    std::string response(n, '0'), foes(n, '0');
    if (i > 0) response[n - 1 - (i - 1)] = foes[n - 1 - (i - 1)] = '1';
    if (i + 1 < n) foes[n - 1 - (i + 1)] = '1';
    text += "<request index=\"" + std::to_string(i) + "\" response=\"" + response + "\" foes=\"" + foes + "\" cont=\"" +
            (i == 66 ? "1" : "0") + "\"/>\n";
  }
  text += "</junction>\n</net>\n";
  const auto r = read_net_xml_text(text, "wide.net.xml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Junction& j = r->junctions[0];
  CHECK(j.link_count == 70);
  CHECK(j.words == 2);
  CHECK(r->must_yield(0, 65, 64));
  CHECK_FALSE(r->must_yield(0, 64, 65));
  CHECK(r->must_yield(0, 64, 63));
  CHECK(r->is_foe(0, 64, 65));
  CHECK(r->is_foe(0, 69, 68));
  CHECK_FALSE(r->is_foe(0, 69, 67));
  CHECK(r->cont(0, 66));
  CHECK_FALSE(r->cont(0, 65));
  for (std::uint32_t k = 0; k < n; ++k) CHECK_FALSE(r->is_foe(0, k, k));
}

namespace {

void check_generated_grid(const std::string& extra, const std::string& name) {
  if (std::system("command -v netgenerate > /dev/null 2>&1") != 0) {
    WARN("netgenerate not installed: skipping the generated grid (tools/setup installs sumo)");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("dpt_test_net_xml_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  const std::string cmd =
      "netgenerate --grid --grid.number 5 --grid.length 200 " + extra + " -o '" + file.string() + "' > /dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto r = read_net_xml(file);
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Network& net = *r;

  // A second, independent pass over the same file.
  pugi::xml_document doc;
  REQUIRE(doc.load_file(file.c_str()));
  const pugi::xml_node root = doc.child("net");
  std::size_t edges = 0, lanes = 0, junctions = 0, connections = 0, programs = 0, requests = 0;
  for (const pugi::xml_node e : root.children("edge")) {
    ++edges;
    for (const pugi::xml_node l : e.children("lane")) (void)l, ++lanes;
  }
  for (const pugi::xml_node j : root.children("junction")) {
    ++junctions;
    for (const pugi::xml_node q : j.children("request")) (void)q, ++requests;
  }
  for (const pugi::xml_node c : root.children("connection")) (void)c, ++connections;
  for (const pugi::xml_node t : root.children("tlLogic")) (void)t, ++programs;
  CHECK(net.edges.size() == edges);
  CHECK(net.lanes.size() == lanes);
  CHECK(net.junctions.size() == junctions);
  CHECK(net.connections.size() == connections);
  CHECK(net.signals.size() == programs);
  std::size_t rows = 0;
  for (const Junction& j : net.junctions) rows += j.link_count;
  CHECK(rows == requests);
  CHECK(edges > 0);

  // Every reference valid; every request row owned by exactly one link; signal links in range.
  std::size_t numbered = 0;
  for (const Connection& c : net.connections) {
    REQUIRE(c.from_lane < net.lanes.size());
    REQUIRE(c.to_lane < net.lanes.size());
    CHECK((c.via_lane == kNone || c.via_lane < net.lanes.size()));
    REQUIRE(c.junction < net.junctions.size());
    if (c.link_index != kNone) {
      ++numbered;
      CHECK(c.link_index < net.junctions[c.junction].link_count);
    }
    if (c.tl != kNone) {
      REQUIRE(c.tl < net.signals.size());
      CHECK(c.tl_link < net.signals[c.tl].link_count);
      // netgenerate gives each junction its own signal, numbered like its request table.
      CHECK(net.signals[c.tl].id == net.junctions[c.junction].id);
      if (net.edges[net.lanes[c.from_lane].edge].function == EdgeFunction::normal) CHECK(c.tl_link == c.link_index);
    }
  }
  CHECK(numbered == requests);
  // netconvert lists a junction's internal lanes in link order (for a link that crosses several
  // internal lanes, the last one; for a crossing link, the crossing): walking from each link's
  // first internal lane along the interior must reach the lane listed at its link index.
  for (const Connection& c : net.connections) {
    if (c.link_index == kNone) continue;
    const auto listed = net.internal_lanes(c.junction);
    if (listed.size() != net.junctions[c.junction].link_count) continue;  // a net without interiors
    std::uint32_t lane = c.via_lane != kNone ? c.via_lane : c.to_lane;
    for (int hops = 0; lane != listed[c.link_index] && hops < 4; ++hops) {
      const auto out = net.outgoing(lane);
      if (out.empty()) break;
      lane = out[0].via_lane != kNone ? out[0].via_lane : out[0].to_lane;
    }
    CHECK(net.lane_id(lane) == net.lane_id(listed[c.link_index]));
  }
  // SUMO's request semantics: no link conflicts with itself, conflicts are mutual, and a link
  // yields only to its foes. Reading the strings the wrong way round breaks the first rule.
  for (std::uint32_t j = 0; j < net.junctions.size(); ++j) {
    const std::uint32_t n = net.junctions[j].link_count;
    for (std::uint32_t a = 0; a < n; ++a) {
      CHECK_FALSE(net.is_foe(j, a, a));
      for (std::uint32_t b = 0; b < n; ++b) {
        CHECK(net.is_foe(j, a, b) == net.is_foe(j, b, a));
        if (net.must_yield(j, a, b)) CHECK(net.is_foe(j, a, b));
      }
    }
  }
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("net.xml: a netgenerate grid (priority junctions) reads in full", "[traffic][netxml][sumo]") {
  check_generated_grid("", "grid.net.xml");
}

TEST_CASE("net.xml: a netgenerate grid with traffic lights reads in full", "[traffic][netxml][sumo]") {
  check_generated_grid("--default-junction-type traffic_light", "grid_tl.net.xml");
}

TEST_CASE("net.xml: generated nets with sidewalks, crossings and several lanes read in full",
          "[traffic][netxml][sumo]") {
  check_generated_grid("-L 3 --sidewalks.guess --crossings.guess --default-junction-type right_before_left",
                       "grid_peds.net.xml");
  check_generated_grid("-L 2 --turn-lanes 1 --default-junction-type traffic_light --sidewalks.guess --crossings.guess",
                       "grid_turn_lanes.net.xml");
}
