// SUMO's tripinfo-output (see tripinfo.h for the format and its source).
#include "dpt/sim/traffic/tripinfo.h"

#include "sumo_xml_out.h"

namespace dpt::sim::traffic {

TripInfoWriter::TripInfoWriter() : out_(std::make_unique<detail::SumoXmlFile>()) {}
TripInfoWriter::~TripInfoWriter() = default;
TripInfoWriter::TripInfoWriter(TripInfoWriter&&) noexcept = default;
TripInfoWriter& TripInfoWriter::operator=(TripInfoWriter&&) noexcept = default;

bool TripInfoWriter::is_open() const { return out_ && out_->is_open(); }

Result<bool> TripInfoWriter::open(const std::string& path, const SumoOutputOptions& options) {
  if (!out_) out_ = std::make_unique<detail::SumoXmlFile>();
  count_ = 0;
  return out_->open(path, "tripinfos", "tripinfo_file.xsd", options.comment, options.precision);
}

void TripInfoWriter::write(const TripInfo& t) {
  if (!is_open()) return;
  detail::SumoXmlFile& o = *out_;
  // Attribute order as sumo 1.15 writes it (MSDevice_Tripinfo's output, observed in its files).
  o.begin_line("    <tripinfo");
  o.attr("id", t.id);
  o.attr("depart", t.depart);
  o.attr("departLane", t.depart_lane);
  o.attr("departPos", t.depart_pos);
  o.attr("departSpeed", t.depart_speed);
  o.attr("departDelay", t.depart_delay);
  o.attr("arrival", t.arrival);
  o.attr("arrivalLane", t.arrival_lane);
  o.attr("arrivalPos", t.arrival_pos);
  o.attr("arrivalSpeed", t.arrival_speed);
  o.attr("duration", t.duration);
  o.attr("routeLength", t.route_length);
  o.attr("waitingTime", t.waiting_time);
  o.attr("waitingCount", static_cast<long long>(t.waiting_count));
  o.attr("stopTime", t.stop_time);
  o.attr("timeLoss", t.time_loss);
  o.attr("rerouteNo", static_cast<long long>(t.reroute_count));
  if (t.devices.empty()) {
    // The tripinfo device is present by definition: SUMO names it "tripinfo_<vehicle id>".
    o.text(" devices=\"tripinfo_");
    o.escaped(t.id);
    o.text("\"");
  } else {
    o.attr("devices", t.devices);
  }
  o.attr("vType", t.vtype);
  o.attr("speedFactor", t.speed_factor);
  o.attr("vaporized", t.vaporized);
  o.end_line("/>");
  ++count_;
}

Result<bool> TripInfoWriter::close() {
  if (!is_open()) return Result<bool>::failure(SourceLoc{}, "the tripinfo output is not open");
  return out_->close();
}

}  // namespace dpt::sim::traffic
