// SUMO's fcd-output (see fcd.h for the format and its source).
#include "dpt/sim/traffic/fcd.h"

#include <cmath>
#include <numbers>

#include "sumo_xml_out.h"

namespace dpt::sim::traffic {

double sumo_angle_deg(double dx, double dy) {
  if (dx == 0.0 && dy == 0.0) return 0.0;
  // Navigational angle: measured from north (+y), clockwise (towards +x east).
  double deg = std::atan2(dx, dy) * (180.0 / std::numbers::pi);
  if (deg < 0.0) deg += 360.0;
  if (deg >= 360.0) deg -= 360.0;  // -tiny + 360 can round to 360
  return deg;
}

FcdWriter::FcdWriter() : out_(std::make_unique<detail::SumoXmlFile>()) {}
FcdWriter::~FcdWriter() = default;
FcdWriter::FcdWriter(FcdWriter&&) noexcept = default;
FcdWriter& FcdWriter::operator=(FcdWriter&&) noexcept = default;

bool FcdWriter::is_open() const { return out_ && out_->is_open(); }

Result<bool> FcdWriter::open(const std::string& path, const SumoOutputOptions& options) {
  if (!out_) out_ = std::make_unique<detail::SumoXmlFile>();
  in_step_ = false;
  step_has_vehicles_ = false;
  records_ = 0;
  return out_->open(path, "fcd-export", "fcd_file.xsd", options.comment, options.precision);
}

void FcdWriter::begin_timestep(double time_s) {
  if (!is_open()) return;
  if (in_step_) end_timestep();
  time_ = time_s;
  in_step_ = true;
  step_has_vehicles_ = false;
}

void FcdWriter::vehicle(const FcdVehicle& v) {
  if (!is_open() || !in_step_) return;
  detail::SumoXmlFile& o = *out_;
  if (!step_has_vehicles_) {
    // The opening tag waits for the first vehicle: an empty step is written <timestep .../>.
    o.begin_line("    <timestep");
    o.attr("time", time_);
    o.end_line(">");
    step_has_vehicles_ = true;
  }
  o.begin_line("        <vehicle");
  o.attr("id", v.id);
  o.attr("x", v.x);
  o.attr("y", v.y);
  o.attr("angle", v.angle);
  o.attr("type", v.type);
  o.attr("speed", v.speed);
  o.attr("pos", v.pos);
  o.attr("lane", v.lane);
  o.attr("slope", v.slope);
  o.end_line("/>");
  ++records_;
}

void FcdWriter::end_timestep() {
  if (!is_open() || !in_step_) return;
  detail::SumoXmlFile& o = *out_;
  if (step_has_vehicles_) {
    o.begin_line("    </timestep");
    o.end_line(">");
  } else {
    o.begin_line("    <timestep");
    o.attr("time", time_);
    o.end_line("/>");
  }
  in_step_ = false;
  step_has_vehicles_ = false;
}

Result<bool> FcdWriter::close() {
  if (!is_open()) return Result<bool>::failure(SourceLoc{}, "the FCD output is not open");
  end_timestep();
  return out_->close();
}

}  // namespace dpt::sim::traffic
