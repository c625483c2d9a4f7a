// IDM: hand-worked values of Treiber, Hennecke & Helbing (2000) eq. (1)-(2), the equilibrium
// relations of Treiber & Kesting (2013) sec. 11.3.5, and SUMO's sub-stepped integration.
#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "dpt/sim/traffic/idm.h"

using namespace dpt::sim::traffic;

namespace {
// Treiber's highway set (Traffic Flow Dynamics, table 11.2): v0 = 120 km/h, T = 1.5 s, a = 1,
// b = 1.5, s0 = 2 m; vehicle length 5 m.
IdmParams treiber() { return IdmParams{120.0 / 3.6, 1.5, 1.0, 1.5, 2.0, 4.0}; }
}  // namespace

TEST_CASE("IDM: free road from rest accelerates at a", "[traffic][idm]") {
  const IdmParams p = treiber();
  CHECK(idm_free_acceleration(p, 0.0) == Approx(1.0));
  // A leader far away at the same speed: the interaction term vanishes.
  CHECK(idm_acceleration(p, 0.0, 1e9, 0.0) == Approx(1.0).margin(1e-12));
  // At half the desired speed: a (1 - 0.5^4) = 0.9375.
  CHECK(idm_free_acceleration(p, p.v0 / 2) == Approx(0.9375));
  // At the desired speed: 0.
  CHECK(idm_free_acceleration(p, p.v0) == Approx(0.0).margin(1e-12));
}

TEST_CASE("IDM: hand-worked interaction term", "[traffic][idm]") {
  const IdmParams p = treiber();
  // v = 20, leader at 20, gap 50: s* = 2 + 20*1.5 = 32; (v/v0)^4 = 0.6^4 = 0.1296;
  // dv/dt = 1 - 0.1296 - (32/50)^2 = 1 - 0.1296 - 0.4096 = 0.4608.
  CHECK(idm_acceleration(p, 20.0, 50.0, 20.0) == Approx(0.4608));
  // Approaching at dv = 5 m/s: s* = 2 + 30 + 20*5/(2 sqrt(1.5)) = 32 + 100/2.449490 = 72.82483;
  // dv/dt = 0.8704 - (72.82483/50)^2 = 0.8704 - 2.121382 = -1.250982.
  CHECK(idm_acceleration(p, 20.0, 50.0, 15.0) == Approx(-1.250982).epsilon(1e-5));
  // Standing at the jam gap behind a standing leader: s* = s0 = gap, dv/dt = a (1 - 0 - 1) = 0;
  // at half the jam gap: a (1 - (2/1)^2) = -3.
  CHECK(idm_acceleration(p, 0.0, 2.0, 0.0) == Approx(0.0).margin(1e-12));
  CHECK(idm_acceleration(p, 0.0, 1.0, 0.0) == Approx(-3.0));
}

TEST_CASE("IDM: equal speeds at the equilibrium gap give zero acceleration", "[traffic][idm]") {
  const IdmParams p = treiber();
  for (double v : {1.0, 10.0, 20.0, 30.0}) {
    const double s = idm_equilibrium_gap(p, v);
    // By hand for v = 20: (2 + 30) / sqrt(1 - 0.1296) = 32 / 0.932952 = 34.29973.
    if (v == 20.0) CHECK(s == Approx(34.29973).epsilon(1e-6));
    CHECK(idm_acceleration(p, v, s, v) == Approx(0.0).margin(1e-12));
  }
  CHECK(idm_equilibrium_gap(p, 0.0) == Approx(2.0));
  CHECK(std::isinf(idm_equilibrium_gap(p, p.v0)));
}

TEST_CASE("IDM: edge cases are guarded", "[traffic][idm]") {
  IdmParams p = treiber();
  // Overlap: finite, strongly negative.
  const double a_overlap = idm_acceleration(p, 10.0, -1.0, 10.0);
  CHECK(std::isfinite(a_overlap));
  CHECK(a_overlap < -1000.0);
  // Above the desired speed: brakes, but never harder than b on a free road (IIDM term).
  CHECK(idm_free_acceleration(p, 2.0 * p.v0) < 0.0);
  CHECK(idm_free_acceleration(p, 2.0 * p.v0) >= -p.b);
  CHECK(idm_free_acceleration(p, 100.0 * p.v0) == Approx(-p.b).epsilon(1e-3));
  // v0 == 0 (closed lane): brake at b while moving, stand still otherwise; no NaN.
  p.v0 = 0.0;
  CHECK(idm_free_acceleration(p, 5.0) == Approx(-1.5));
  CHECK(idm_free_acceleration(p, 0.0) == 0.0);
  CHECK(std::isfinite(idm_acceleration(p, 5.0, 10.0, 0.0)));
  CHECK(idm_capacity(p, 5.0) == 0.0);
}

TEST_CASE("IDM: capacity of Treiber's parameters, by a fine scan of Q(v)", "[traffic][idm]") {
  const IdmParams p = treiber();
  const double l = 5.0;
  // Independent of idm_equilibrium_flow: Q(v) = v / ((s0 + vT)/sqrt(1 - (v/v0)^4) + l).
  double best_q = 0.0;
  double best_v = 0.0;
  for (int i = 1; i < 200000; ++i) {
    const double v = p.v0 * i / 200000.0;
    const double se = (p.s0 + v * p.T) / std::sqrt(1.0 - std::pow(v / p.v0, 4.0));
    const double q = v / (se + l);
    if (q > best_q) {
      best_q = q;
      best_v = v;
    }
  }
  const double cap = idm_capacity(p, l);
  CHECK(cap == Approx(best_q).epsilon(1e-6));
  CHECK(idm_capacity_speed(p, l) == Approx(best_v).epsilon(1e-3));
  const double per_hour = cap * 3600.0;
  CHECK(per_hour > 1800.0);
  CHECK(per_hour < 2200.0);
}

TEST_CASE("IDM, SUMO style: sub-step count and one free sub-step by hand", "[traffic][idm][sumo]") {
  CHECK(sumo_idm_iterations(1.0) == 4);
  CHECK(sumo_idm_iterations(0.1) == 1);
  CHECK(sumo_idm_iterations(1.0, 0.1) == 10);
  CHECK(sumo_idm_iterations(0.5, 0.25) == 2);
  const IdmParams p = treiber();
  // One sub-step from rest (dt = 0.25 s, n = 1): s* = 0 with no minGap, so v = 0 + a * 0.25.
  CHECK(sumo_idm_free_speed(p, 0.0, 0.25, 1) == Approx(0.25));
  // Four sub-steps from rest, by hand (v0 = 33.333, acc = 1 - (v/v0)^4 - (s*/1e6)^2):
  // v1 = 0.25, v2 = 0.25 + 0.25 (1 - 3.2e-9 - tiny) ~ 0.5, ... ~ 1.0 (the free term is < 1e-7).
  CHECK(sumo_idm_free_speed(p, 0.0, 1.0, 4) == Approx(1.0).epsilon(1e-6));
}

TEST_CASE("IDM, SUMO style: stop speed by hand", "[traffic][idm][sumo]") {
  const IdmParams p{13.89, 1.0, 2.6, 4.5, 2.5, 4.0};
  CHECK(sumo_idm_stop_speed(p, 5.0, 0.005, 1.0, 4) == 0.0);  // under 1 cm: stop now
  // One sub-step of 0.25 s at 10 m/s, 20 m before the stop line, no minGap in s*:
  // s* = 10 + 10 * 10 / 6.8410526 = 24.617631; acc = 2.6 (1 - 0.268653 - (24.617631 / 20)^2)
  // = 2.6 (1 - 0.268653 - 1.515069) = -2.037677; v = 10 - 0.509419 = 9.490581.
  CHECK(sumo_idm_stop_speed(p, 10.0, 20.0, 0.25, 1) == Approx(9.490581).epsilon(1e-6));
}

TEST_CASE("IDM, SUMO style: following and final speed", "[traffic][idm][sumo]") {
  SumoIdmVehicle veh;
  veh.idm = IdmParams{13.89, 1.0, 2.6, 4.5, 2.5, 4.0};  // SUMO passenger defaults on a 50 km/h lane
  veh.max_speed = 55.55;
  veh.emergency_decel = 9.0;
  // One sub-step (dt = 0.25, n = 1) behind a standing leader 10 m ahead at 10 m/s, by hand:
  // s* = max(0, 10*1 + 10*10/(2 sqrt(2.6*4.5))) + 2.5 = 10 + 100/6.8410526 + 2.5 = 27.117631;
  // acc = 2.6 (1 - (10/13.89)^4 - (27.117631/10)^2) = 2.6 (1 - 0.268634 - 7.353659) = -17.216;
  // v = 10 - 17.216 * 0.25 = 5.696.
  CHECK(sumo_idm_follow_speed(veh.idm, 10.0, 10.0, 0.0, 0.25, 1) == Approx(5.696).epsilon(1e-3));
  // Final speed: the safe speed asks for 0 from 10 m/s in 1 s; emergencyDecel 9 allows 1 m/s.
  CHECK(sumo_idm_finalize_speed(veh, 10.0, 0.0, 1.0) == Approx(1.0));
  // A free vehicle at 13 m/s on a 13.89 m/s lane cannot overshoot the lane limit.
  CHECK(sumo_idm_finalize_speed(veh, 13.5, 20.0, 1.0) == Approx(13.89));
  // Acceleration bounded by accel: from 0 with a huge safe speed, 2.6 m/s after 1 s.
  CHECK(sumo_idm_finalize_speed(veh, 0.0, 100.0, 1.0) == Approx(2.6));
  // Whole step: Euler advances by the new speed, ballistic by the mean.
  const auto euler = sumo_idm_step(veh, 0.0, false, 0.0, 0.0, 1.0, false);
  const auto ball = sumo_idm_step(veh, 0.0, false, 0.0, 0.0, 1.0, true);
  // By hand, four sub-steps of 0.25 s, each adding 0.65 (1 - (v/13.89)^4):
  // 0.65, 1.2999969, 1.9499470, 2.5996946.
  CHECK(euler.speed == Approx(2.5996946).epsilon(1e-6));
  CHECK(euler.advance == Approx(euler.speed));
  CHECK(ball.advance == Approx(0.5 * ball.speed));
}

TEST_CASE("IDM, SUMO style: a follower settles near the equilibrium gap", "[traffic][idm][sumo]") {
  SumoIdmVehicle veh;
  veh.idm = IdmParams{30.0, 1.5, 1.0, 1.5, 2.0, 4.0};
  veh.max_speed = 50.0;
  // Leader at a constant 20 m/s, follower starting at 20 m/s 60 m behind: after long enough the gap
  // tends to s_e(20) of the continuous model (sub-stepping at 0.25 s is close to it).
  double gap = 60.0;
  double v = 20.0;
  for (int k = 0; k < 600; ++k) {
    const auto r = sumo_idm_step(veh, v, true, gap, 20.0, 1.0);
    gap += 20.0 * 1.0 - r.advance;
    v = r.speed;
  }
  CHECK(v == Approx(20.0).epsilon(1e-3));
  CHECK(gap == Approx(idm_equilibrium_gap(veh.idm, 20.0)).epsilon(0.02));
}

// ---- against SUMO itself ----------------------------------------------------------------------
namespace fs = std::filesystem;
namespace {
struct FcdRow {
  double t;
  double lead_pos, lead_speed, fol_pos, fol_speed;
};
// Runs sumo on a 5 km single-lane road (speed limit 13.89 m/s) with `vehicles` and reads both
// vehicles' positions and speeds from the FCD output. Empty when SUMO is not installed.
std::vector<FcdRow> run_sumo_line(const std::string& name, const std::string& vehicles, int end_s) {
  std::vector<FcdRow> rows;
  if (std::system("sumo --version > /dev/null 2>&1") != 0 || std::system("netconvert --version > /dev/null 2>&1") != 0)
    return rows;
  const fs::path dir = fs::temp_directory_path() / ("dpt_test_traffic_idm_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "n.nod.xml") << "<nodes><node id=\"A\" x=\"0\" y=\"0\"/><node id=\"B\" x=\"5000\" y=\"0\"/></nodes>\n";
  std::ofstream(dir / "n.edg.xml") << "<edges><edge id=\"AB\" from=\"A\" to=\"B\" numLanes=\"1\" speed=\"13.89\"/></edges>\n";
  std::ofstream(dir / "r.rou.xml")
      << "<routes>\n  <vType id=\"idm\" carFollowModel=\"IDM\" accel=\"2.6\" decel=\"4.5\" emergencyDecel=\"9\" "
         "tau=\"1.0\" minGap=\"2.5\" length=\"5\" maxSpeed=\"55.55\" speedFactor=\"1\" speedDev=\"0\" delta=\"4\"/>\n"
      << vehicles << "</routes>\n";
  const std::string d = dir.string();
  const std::string cmd = "cd " + d + " && netconvert -n n.nod.xml -e n.edg.xml -o line.net.xml > /dev/null 2>&1 && " +
                          "sumo -n line.net.xml -r r.rou.xml --fcd-output fcd.xml --precision 6 --no-step-log " +
                          "--end " + std::to_string(end_s) + " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return rows;
  pugi::xml_document doc;
  if (!doc.load_file((dir / "fcd.xml").c_str())) return rows;
  for (const pugi::xml_node ts : doc.child("fcd-export").children("timestep")) {
    std::map<std::string, std::pair<double, double>> at;
    for (const pugi::xml_node v : ts.children("vehicle"))
      at[v.attribute("id").value()] = {v.attribute("pos").as_double(), v.attribute("speed").as_double()};
    if (at.count("lead") && at.count("fol"))
      rows.push_back({ts.attribute("time").as_double(), at["lead"].first, at["lead"].second, at["fol"].first,
                      at["fol"].second});
  }
  fs::remove_all(dir);
  return rows;
}
SumoIdmVehicle sumo_test_vehicle() {
  SumoIdmVehicle v;
  v.idm = IdmParams{13.89, 1.0, 2.6, 4.5, 2.5, 4.0};
  v.max_speed = 55.55;
  v.emergency_decel = 9.0;
  return v;
}
}  // namespace

TEST_CASE("IDM, SUMO style: matches sumo 1.15 from a standing start", "[traffic][idm][sumo]") {
  const auto rows = run_sumo_line(
      "start",
      "  <vehicle id=\"lead\" type=\"idm\" depart=\"0\" departSpeed=\"0\" departPos=\"50\"><route edges=\"AB\"/></vehicle>\n"
      "  <vehicle id=\"fol\" type=\"idm\" depart=\"0\" departSpeed=\"0\" departPos=\"0\"><route edges=\"AB\"/></vehicle>\n",
      60);
  if (rows.empty()) {
    WARN("sumo / netconvert not installed: comparison with SUMO skipped");
    return;
  }
  REQUIRE(rows.size() == 60);
  // Both vehicles integrated by us alone from SUMO's initial state: no drift over 60 steps.
  const SumoIdmVehicle veh = sumo_test_vehicle();
  double xl = rows[0].lead_pos, vl = rows[0].lead_speed, xf = rows[0].fol_pos, vf = rows[0].fol_speed;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double gap = xl - 5.0 - xf;  // leader's rear minus follower's front
    const auto rl = sumo_idm_step(veh, vl, false, 0.0, 0.0, 1.0);
    const auto rf = sumo_idm_step(veh, vf, true, gap, vl, 1.0);  // both use the old states
    xl += rl.advance;
    vl = rl.speed;
    xf += rf.advance;
    vf = rf.speed;
    INFO("t = " << rows[i].t);
    CHECK(xl == Approx(rows[i].lead_pos).margin(1e-5));
    CHECK(vl == Approx(rows[i].lead_speed).margin(1e-5));
    CHECK(xf == Approx(rows[i].fol_pos).margin(1e-5));
    CHECK(vf == Approx(rows[i].fol_speed).margin(1e-5));
  }
}

TEST_CASE("IDM, SUMO style: matches sumo 1.15 behind a leader that stops", "[traffic][idm][sumo]") {
  // The leader stops at 300 m for 20 s (SUMO's own stop logic); the follower brakes behind it to
  // the jam gap, waits, and follows again. We predict each follower step from SUMO's state.
  const auto rows = run_sumo_line(
      "stop",
      "  <vehicle id=\"lead\" type=\"idm\" depart=\"0\" departSpeed=\"0\" departPos=\"60\"><route edges=\"AB\"/>"
      "<stop lane=\"AB_0\" endPos=\"300\" duration=\"20\"/></vehicle>\n"
      "  <vehicle id=\"fol\" type=\"idm\" depart=\"0\" departSpeed=\"13.89\" departPos=\"0\"><route edges=\"AB\"/></vehicle>\n",
      150);
  if (rows.empty()) {
    WARN("sumo / netconvert not installed: comparison with SUMO skipped");
    return;
  }
  REQUIRE(rows.size() > 100);
  const SumoIdmVehicle veh = sumo_test_vehicle();
  double min_speed = 1e9;
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    const FcdRow& r = rows[i];
    const auto f = sumo_idm_step(veh, r.fol_speed, true, r.lead_pos - 5.0 - r.fol_pos, r.lead_speed, 1.0);
    INFO("t = " << rows[i + 1].t);
    CHECK(r.fol_pos + f.advance == Approx(rows[i + 1].fol_pos).margin(1e-5));
    CHECK(f.speed == Approx(rows[i + 1].fol_speed).margin(1e-5));
    min_speed = std::min(min_speed, rows[i + 1].fol_speed);
  }
  CHECK(min_speed == 0.0);  // the follower did come to a halt
  // The leader's approach to its stop: free speed and SUMO's stop speed towards the stop position.
  // SUMO measures that gap to endPos + 0.001 m (its NUMERICAL_EPS slack); with it the speeds agree
  // until the leader halts (t = 26 s).
  const int n = sumo_idm_iterations(1.0);
  int checked = 0;
  for (std::size_t i = 0; i + 1 < rows.size() && rows[i + 1].t <= 26.0; ++i) {
    const FcdRow& r = rows[i];
    const double v_safe = std::min(sumo_idm_free_speed(veh.idm, r.lead_speed, 1.0, n),
                                   sumo_idm_stop_speed(veh.idm, r.lead_speed, 300.001 - r.lead_pos, 1.0, n));
    INFO("t = " << rows[i + 1].t);
    CHECK(sumo_idm_finalize_speed(veh, r.lead_speed, v_safe, 1.0) == Approx(rows[i + 1].lead_speed).margin(1e-5));
    ++checked;
  }
  CHECK(checked == 26);
}

TEST_CASE("IDM, SUMO style: matches sumo 1.15 slowing for a lower speed limit ahead", "[traffic][idm][sumo]") {
  // A 1 km road at 20 m/s, then (through the junction's short internal lane) a road at 10 m/s. SUMO
  // takes, for every lane ahead, freeSpeed with that lane's limit; we predict each step from
  // SUMO's state with sumo_idm_free_speed_ahead for the internal lane and the slow road.
  if (std::system("sumo --version > /dev/null 2>&1") != 0 || std::system("netconvert --version > /dev/null 2>&1") != 0) {
    WARN("sumo / netconvert not installed: comparison with SUMO skipped");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / "dpt_test_traffic_idm_slow";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "n.nod.xml") << "<nodes><node id=\"A\" x=\"0\" y=\"0\"/><node id=\"B\" x=\"1000\" y=\"0\"/>"
                                      "<node id=\"C\" x=\"3000\" y=\"0\"/></nodes>\n";
  std::ofstream(dir / "n.edg.xml") << "<edges><edge id=\"AB\" from=\"A\" to=\"B\" numLanes=\"1\" speed=\"20\"/>"
                                      "<edge id=\"BC\" from=\"B\" to=\"C\" numLanes=\"1\" speed=\"10\"/></edges>\n";
  std::ofstream(dir / "r.rou.xml")
      << "<routes><vType id=\"idm\" carFollowModel=\"IDM\" accel=\"2.6\" decel=\"4.5\" emergencyDecel=\"9\" tau=\"1.0\" "
         "minGap=\"2.5\" length=\"5\" maxSpeed=\"55.55\" speedFactor=\"1\" speedDev=\"0\"/>"
         "<vehicle id=\"v\" type=\"idm\" depart=\"0\" departSpeed=\"0\"><route edges=\"AB BC\"/></vehicle></routes>\n";
  const std::string cmd = "cd " + dir.string() + " && netconvert -n n.nod.xml -e n.edg.xml -o n.net.xml > /dev/null 2>&1 && " +
                          "sumo -n n.net.xml -r r.rou.xml --fcd-output fcd.xml --precision 6 --no-step-log --end 100 > /dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  pugi::xml_document net;
  REQUIRE(net.load_file((dir / "n.net.xml").c_str()));
  double internal_speed = -1.0, internal_length = -1.0;
  for (const pugi::xml_node e : net.child("net").children("edge"))
    if (std::string(e.attribute("function").value()) == "internal") {
      internal_speed = e.child("lane").attribute("speed").as_double();
      internal_length = e.child("lane").attribute("length").as_double();
    }
  REQUIRE(internal_speed > 0.0);
  pugi::xml_document fcd;
  REQUIRE(fcd.load_file((dir / "fcd.xml").c_str()));
  struct Row { double pos, speed; std::string lane; };
  std::vector<Row> rows;
  for (const pugi::xml_node ts : fcd.child("fcd-export").children("timestep"))
    for (const pugi::xml_node v : ts.children("vehicle"))
      rows.push_back({v.attribute("pos").as_double(), v.attribute("speed").as_double(), v.attribute("lane").value()});
  SumoIdmVehicle veh = sumo_test_vehicle();
  veh.idm.v0 = 20.0;
  const int n = sumo_idm_iterations(1.0);
  int checked = 0;
  for (std::size_t i = 0; i + 1 < rows.size() && rows[i].lane == "AB_0"; ++i) {
    const double v = rows[i].speed;
    const double seen = 1000.0 - rows[i].pos;  // the front's distance to the end of AB
    double v_safe = sumo_idm_free_speed(veh.idm, v, 1.0, n);
    v_safe = std::min(v_safe, sumo_idm_free_speed_ahead(veh.idm, v, seen, internal_speed, 1.0, n));
    v_safe = std::min(v_safe, sumo_idm_free_speed_ahead(veh.idm, v, seen + internal_length, 10.0, 1.0, n));
    INFO("step " << i + 1);
    CHECK(sumo_idm_finalize_speed(veh, v, v_safe, 1.0) == Approx(rows[i + 1].speed).margin(1e-5));
    ++checked;
  }
  CHECK(checked > 50);
  CHECK(rows.back().speed == Approx(10.0));
  fs::remove_all(dir);
}
