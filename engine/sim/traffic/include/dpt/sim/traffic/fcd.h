#pragma once
// SUMO's floating car data output (`sumo --fcd-output FILE`): every vehicle's position, angle and
// speed at every step (https://sumo.dlr.de/docs/Simulation/Output/FCDOutput.html; element and
// attribute names checked against a file written by sumo 1.15, see docs/sumo.md):
//   <fcd-export>
//     <timestep time="1.00">
//       <vehicle id x y angle type speed pos lane slope/>
//     </timestep>
//     <timestep time="2.00"/>          a step without vehicles is one empty element, as SUMO writes it
//   </fcd-export>
// x, y in metres of the network's coordinates, angle in degrees clockwise from north (SUMO's
// navigational angle), speed m/s, pos m from the lane's start, slope degrees; `precision` decimals.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/tripinfo.h"  // SumoOutputOptions

namespace dpt::sim::traffic {

// One vehicle at one step. The string views must stay valid only during FcdWriter::vehicle.
struct FcdVehicle {
  std::string_view id;
  double x = 0.0;
  double y = 0.0;
  double angle = 0.0;  // degrees, 0 = north, 90 = east (see sumo_angle_deg)
  std::string_view type;
  double speed = 0.0;
  double pos = 0.0;
  std::string_view lane;
  double slope = 0.0;
};

// SUMO's angle of a heading (dx east, dy north): degrees clockwise from north in [0, 360), i.e.
// atan2(dx, dy) in degrees (SUMO's GeomHelper::naviDegree). (0, 0) gives 0.
double sumo_angle_deg(double dx, double dy);

// Streams <fcd-export>. Not thread-safe. Usage: open → (begin_timestep → vehicle* →
// end_timestep)* → close.
class FcdWriter {
 public:
  FcdWriter();
  ~FcdWriter();  // closes an open file without reporting errors (call close() to see them)
  FcdWriter(FcdWriter&&) noexcept;
  FcdWriter& operator=(FcdWriter&&) noexcept;

  Result<bool> open(const std::string& path, const SumoOutputOptions& options = {});
  // Starts the step at `time_s`; the <timestep> tag is written with its first vehicle, or as an
  // empty element by end_timestep. A begin without end closes the previous step first.
  void begin_timestep(double time_s);
  void vehicle(const FcdVehicle& v);  // ignored outside a timestep; no allocation once warm
  void end_timestep();
  // Ends an open timestep, writes </fcd-export>, flushes and closes; reports any I/O error.
  Result<bool> close();
  bool is_open() const;
  std::uint64_t vehicle_records() const { return records_; }

 private:
  std::unique_ptr<detail::SumoXmlFile> out_;
  double time_ = 0.0;
  bool in_step_ = false;
  bool step_has_vehicles_ = false;
  std::uint64_t records_ = 0;
};

}  // namespace dpt::sim::traffic
