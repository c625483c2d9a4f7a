// dptwin sumo: the traffic model on SUMO's own files, with SUMO's option names, so that a SUMO
// user can swap it into a script: -n NET.net.xml -r ROUTES.rou.xml [--begin] [--end]
// [--step-length] [--tripinfo-output] [--fcd-output] [--threads] (docs/sumo.md). The last line of
// its output is one JSON object: {"vehicle_updates", "wall_s", "arrived", ...}.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "dpt/sim/traffic/fcd.h"
#include "dpt/sim/traffic/lane_geometry.h"
#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_kpis.h"
#include "dpt/sim/traffic/traffic_step.h"
#include "dpt/sim/traffic/trip_record.h"

namespace dpt::app {
namespace {

namespace tr = dpt::sim::traffic;
using Clock = std::chrono::steady_clock;

struct SumoArgs {
  std::string net;
  std::string routes;      // comma-separated, as SUMO's -r
  std::string additional;  // comma-separated, as SUMO's -a (vTypes)
  double begin = 0.0;
  double end = -1.0;
  double step_length = 1.0;
  std::string tripinfo;
  std::string fcd;
  std::string kpi;            // ours: KPI time series and per-edge flow/speed/density/queue (JSON)
  double kpi_interval = 60.0;
  int threads = 0;
  std::uint64_t seed = 42;
  bool ballistic = false;
  double reroute_period = 0.0;  // SUMO's --device.rerouting.period (every vehicle equipped when > 0)
  double time_to_teleport = 300.0;    // SUMO's --time-to-teleport (<= 0: never)
  double time_to_impatience = 180.0;  // SUMO's --time-to-impatience (<= 0: never impatient)
  bool no_step_log = false;
  bool verbose = false;
  bool duration_log = false;  // accepted for SUMO scripts; the summary is always printed
  bool no_warnings = false;
  int precision = 2;
};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// The additional files (vTypes, as SUMO's -a) first, then the routes files (SUMO's -r a,b):
// one demand, so that a trip may use a type defined in an additional file.
Result<tr::Demand> read_routes(const std::vector<std::string>& additional, const std::vector<std::string>& routes) {
  std::vector<std::filesystem::path> files(additional.begin(), additional.end());
  files.insert(files.end(), routes.begin(), routes.end());
  return tr::read_rou_xml_files(files);
}

// The KPIs as JSON: the network series (columns x times) and the per-edge rows.
bool write_kpis(const std::string& path, const tr::TrafficModel& m, const tr::TrafficKpis& k, double interval_s) {
  nlohmann::ordered_json j;
  j["interval_s"] = interval_s;
  const auto& t = k.network();
  nlohmann::ordered_json cols = nlohmann::ordered_json::array();
  for (const auto& c : t.columns()) cols.push_back({{"name", c.name}, {"unit", c.unit}, {"description", c.description}});
  j["network"]["columns"] = cols;
  nlohmann::ordered_json times = nlohmann::ordered_json::array(), rows = nlohmann::ordered_json::array();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    times.push_back(static_cast<double>(t.times()[r]) * 1e-6);
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (std::size_t c = 0; c < t.columns().size(); ++c) {
      const double v = t.at(r, c);
      row.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr));
    }
    rows.push_back(row);
  }
  j["network"]["end_times_s"] = times;
  j["network"]["rows"] = rows;
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const tr::EdgeKpi& e : k.edges())
    edges.push_back({{"edge", m.net.edges[e.edge].id}, {"begin_s", e.begin_s}, {"end_s", e.end_s},
                     {"flow_veh_h_lane", e.flow_veh_h_lane}, {"density_veh_km_lane", e.density_veh_km_lane},
                     {"speed_mps", e.speed_mps}, {"queue_m", e.queue_m}, {"vehicle_s", e.vehicle_s}});
  j["edges"] = edges;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const std::string text = j.dump(1);
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

int run_sumo(const SumoArgs& a) {
  const auto wall0 = Clock::now();
  std::unique_ptr<tbb::global_control> threads;
  if (a.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(a.threads));
  auto net = tr::read_net_xml(a.net);
  if (!net) {
    std::fputs(net.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  auto demand = read_routes(split_commas(a.additional), split_commas(a.routes));
  if (!demand) {
    std::fputs(demand.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  tr::TrafficOptions o;
  o.step_length_s = a.step_length;
  o.begin_s = a.begin;
  o.end_s = a.end;
  o.seed = a.seed;
  o.ballistic = a.ballistic;
  o.reroute_period_s = a.reroute_period;
  o.time_to_teleport_s = a.time_to_teleport;
  o.time_to_impatience_s = a.time_to_impatience;
  auto model = tr::build_traffic_model(std::move(*net), *demand, o);
  if (!model) {
    std::fputs(model.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  const tr::TrafficModel& m = *model;
  if (!a.no_warnings)
    for (const auto& w : m.warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
  const double load_s = std::chrono::duration<double>(Clock::now() - wall0).count();

  tr::SumoOutputOptions out_opt;
  out_opt.precision = a.precision;
  tr::TripInfoWriter tripinfo;
  tr::FcdWriter fcd;
  if (!a.tripinfo.empty()) {
    if (auto r = tripinfo.open(a.tripinfo, out_opt); !r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      return kExitFailure;
    }
  }
  if (!a.fcd.empty()) {
    if (auto r = fcd.open(a.fcd, out_opt); !r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      return kExitFailure;
    }
  }
  auto write_fcd = [&](const tr::TrafficState& s) {
    fcd.begin_timestep(s.time_s);
    for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
      const tr::ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const tr::LanePoint p = tr::position_on_lane(m.net, s.lane[i], s.pos[i]);
      tr::FcdVehicle v;
      v.id = mv.id;
      v.x = p.x;
      v.y = p.y;
      v.angle = tr::sumo_angle_deg(p.dx, p.dy);
      v.type = m.types[mv.type].id;
      v.speed = s.speed[i];
      v.pos = s.pos[i];
      v.lane = m.net.lane_id(s.lane[i]);
      fcd.vehicle(v);
    }
    fcd.end_timestep();
  };

  const auto sim0 = Clock::now();
  tr::TrafficState s = tr::make_traffic_state(m);
  std::optional<tr::TrafficKpis> kpis;
  if (!a.kpi.empty()) kpis.emplace(m, a.kpi_interval);
  if (fcd.is_open()) write_fcd(s);
  double duration_sum = 0.0, waiting_sum = 0.0, loss_sum = 0.0, route_sum = 0.0, delay_sum = 0.0;
  auto last_log = sim0;
  bool io_ok_kpi = true;
  while (true) {
    if (m.options.end_s >= 0.0 ? s.time_s + 1e-9 >= m.options.end_s : tr::traffic_done(m, s)) break;
    tr::step(m, s);
    if (kpis) kpis->observe(m, s);
    for (const tr::Arrival& arr : s.arrived) {
      const tr::ModelVehicle& mv = m.vehicles[arr.vehicle];
      duration_sum += arr.arrival_s - arr.depart_s;
      waiting_sum += arr.waiting_s;
      loss_sum += arr.time_loss_s;
      route_sum += arr.route_length_m;
      delay_sum += arr.depart_s - mv.depart_s;
      if (tripinfo.is_open()) tripinfo.write(tr::trip_info_of(m, arr));
    }
    if (fcd.is_open()) write_fcd(s);
    if (!a.no_step_log && Clock::now() - last_log > std::chrono::seconds(1)) {
      last_log = Clock::now();
      std::fprintf(stderr, "\rStep #%.2f (running %zu, arrived %llu, waiting to depart %zu)   ", s.time_s, s.running(),
                   static_cast<unsigned long long>(s.arrivals), s.waiting_insert.size());
    }
  }
  const double sim_s = std::chrono::duration<double>(Clock::now() - sim0).count();
  if (kpis) {
    kpis->finish(m, s);
    if (!write_kpis(a.kpi, m, *kpis, a.kpi_interval)) {
      std::fprintf(stderr, "dptwin sumo: cannot write %s\n", a.kpi.c_str());
      io_ok_kpi = false;
    }
  }
  if (!a.no_step_log) std::fputs("\n", stderr);
  bool io_ok = io_ok_kpi;
  if (tripinfo.is_open())
    if (auto r = tripinfo.close(); !r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      io_ok = false;
    }
  if (fcd.is_open())
    if (auto r = fcd.close(); !r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      io_ok = false;
    }
  const double wall_s = std::chrono::duration<double>(Clock::now() - wall0).count();
  const double n = static_cast<double>(std::max<std::uint64_t>(s.arrivals, 1));
  std::printf("Simulation ended at time: %.2f\n", s.time_s);
  std::printf("Vehicles: inserted %llu, running %zu, waiting to depart %zu, arrived %llu\n",
              static_cast<unsigned long long>(s.inserted), s.running(), s.waiting_insert.size(),
              static_cast<unsigned long long>(s.arrivals));
  std::printf("Statistics (avg of %llu arrived): route length %.2f m, duration %.2f s, waiting time %.2f s, time loss %.2f s, depart delay %.2f s\n",
              static_cast<unsigned long long>(s.arrivals), route_sum / n, duration_sum / n, waiting_sum / n, loss_sum / n,
              delay_sum / n);
  const double ups = sim_s > 0.0 ? static_cast<double>(s.vehicle_updates) / sim_s : 0.0;
  std::printf("Performance: load %.3f s, simulation %.3f s, %.0f vehicle updates/s on %d threads\n", load_s, sim_s, ups,
              a.threads > 0 ? a.threads : tbb::info::default_concurrency());
  nlohmann::ordered_json j;
  j["vehicle_updates"] = s.vehicle_updates;
  j["wall_s"] = wall_s;
  j["arrived"] = s.arrivals;
  j["inserted"] = s.inserted;
  j["running"] = s.running();
  j["waiting_to_depart"] = s.waiting_insert.size();
  j["mean_duration_s"] = s.arrivals ? duration_sum / n : 0.0;
  j["mean_waiting_s"] = s.arrivals ? waiting_sum / n : 0.0;
  j["mean_time_loss_s"] = s.arrivals ? loss_sum / n : 0.0;
  j["sim_wall_s"] = sim_s;
  j["updates_per_s"] = ups;
  j["end_time_s"] = s.time_s;
  j["rerouted"] = s.reroutes;
  j["teleports"] = s.teleports;
  std::printf("%s\n", j.dump().c_str());
  return io_ok ? kExitOk : kExitFailure;
}

}  // namespace

void add_sumo_command(CLI::App& app, AppState& state) {
  auto a = std::make_shared<SumoArgs>();
  auto* cmd = app.add_subcommand(
      "sumo",
      "Run the traffic model on SUMO files with SUMO's option names (docs/sumo.md): reads a .net.xml and a\n"
      ".rou.xml (vTypes, routes, vehicles, trips, flows), simulates IDM vehicles through the junctions and signals\n"
      "of the net, and writes SUMO's tripinfo and FCD outputs. Ends when every vehicle has arrived, or at --end.\n"
      "Last line: one JSON object {\"vehicle_updates\", \"wall_s\", \"arrived\", ...}.");
  cmd->add_option("-n,--net-file", a->net, "SUMO network (.net.xml)")->required();
  cmd->add_option("-r,--route-files", a->routes, "SUMO routes (.rou.xml)")->required();
  cmd->add_option("-a,--additional-files", a->additional, "SUMO additional files with vTypes (comma-separated), read before the routes");
  cmd->add_option("-b,--begin", a->begin, "Begin time, s")->capture_default_str();
  cmd->add_option("-e,--end", a->end, "End time, s (-1: until every vehicle has arrived)")->capture_default_str();
  cmd->add_option("--step-length", a->step_length, "Step length, s")->capture_default_str()->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--tripinfo-output", a->tripinfo, "Write SUMO's tripinfo XML here (one record per arrived vehicle)");
  cmd->add_option("--fcd-output", a->fcd, "Write SUMO's floating car data XML here (every vehicle every step)");
  cmd->add_option("--kpi-output", a->kpi,
                  "Write KPIs as JSON (dptwin's own, docs/traffic.md): vehicles in the network, arrivals, mean travel time\n"
                  "and delay per interval, and per edge flow, speed, density and queue length");
  cmd->add_option("--kpi-interval", a->kpi_interval, "Interval of the KPIs, s")->capture_default_str()->check(CLI::Range(0.001, 1e9));
  cmd->add_option("--threads", a->threads, "Worker threads (0: one per core)")->check(CLI::Range(0, 1024));
  cmd->add_option("--seed", a->seed, "Random seed (the drivers' speed factors)")->capture_default_str();
  cmd->add_option("--device.rerouting.period", a->reroute_period,
                  "Every vehicle re-plans its route on the current travel times this often, s, and when it departs\n"
                  "(SUMO's rerouting device with every vehicle equipped; 0: off)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--time-to-teleport", a->time_to_teleport,
                  "A vehicle that has stood this long at its junction link is moved across the junction, s\n"
                  "(SUMO's jam teleport; 0 or less: never)")
      ->capture_default_str();
  cmd->add_option("--time-to-impatience", a->time_to_impatience,
                  "Standing this long at a link that must yield makes a driver fully impatient, s: it assumes\n"
                  "in proportion that the prioritised vehicles will brake for it (SUMO's; 0 or less: never)")
      ->capture_default_str();
  cmd->add_flag("--step-method.ballistic", a->ballistic, "Ballistic position update instead of SUMO's default Euler");
  cmd->add_option("--precision", a->precision, "Decimals of the numbers in the XML outputs")->capture_default_str()->check(CLI::Range(0, 9));
  cmd->add_flag("--no-step-log", a->no_step_log, "No progress line");
  cmd->add_flag("-v,--verbose", a->verbose, "Accepted for SUMO scripts (the summary is always printed)");
  cmd->add_flag("--duration-log.statistics", a->duration_log, "Accepted for SUMO scripts (the statistics are always printed)");
  cmd->add_flag("-W,--no-warnings", a->no_warnings, "Do not print warnings");
  cmd->callback([&state, a] { state.exit_code = run_sumo(*a); });
}

}  // namespace dpt::app
