#pragma once
// SUMO's trip information output (`sumo --tripinfo-output FILE`): one <tripinfo> element per
// vehicle, written when the vehicle arrives, so a traffic engineer's own tools read our runs.
// Attributes, their order and their meaning follow SUMO 1.15 (https://sumo.dlr.de/docs/Simulation/
// Output/TripInfo.html, and a file written by sumo 1.15 itself; see docs/sumo.md):
//   <tripinfo id depart departLane departPos departSpeed departDelay arrival arrivalLane arrivalPos
//             arrivalSpeed duration routeLength waitingTime waitingCount stopTime timeLoss rerouteNo
//             devices vType speedFactor vaporized/>
// Times are seconds, lengths metres, speeds m/s, all printed with `precision` decimals (SUMO's
// --precision, default 2: "97.00").
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt::sim::traffic {

namespace detail {
class SumoXmlFile;  // src/sumo_xml_out.h
}

// One finished trip. The string views must stay valid only during TripInfoWriter::write.
struct TripInfo {
  std::string_view id;
  double depart = 0.0;         // s: the time the vehicle entered the network
  std::string_view depart_lane;  // lane id, e.g. "A1A2_0"
  double depart_pos = 0.0;     // m from the lane's start
  double depart_speed = 0.0;   // m/s
  double depart_delay = 0.0;   // s: depart minus the time the vehicle wanted to depart
  double arrival = 0.0;        // s; -1 for a vehicle still running at the end (write-unfinished)
  std::string_view arrival_lane;
  double arrival_pos = 0.0;    // m
  double arrival_speed = 0.0;  // m/s
  double duration = 0.0;       // s: arrival - depart
  double route_length = 0.0;   // m driven
  double waiting_time = 0.0;   // s spent with speed <= 0.1 m/s (SUMO's halting threshold), not at a stop
  int waiting_count = 0;       // how many times the vehicle started to wait
  double stop_time = 0.0;      // s spent at planned stops
  double time_loss = 0.0;      // s lost against driving at the desired speed (speedFactor x allowed speed)
  int reroute_count = 0;       // SUMO's rerouteNo
  std::string_view devices;    // SUMO's device list; empty writes "tripinfo_<id>"
  std::string_view vtype;      // the vehicle type's id
  double speed_factor = 1.0;   // the vehicle's multiplier of the lane speed limit
  std::string_view vaporized;  // empty for a normal arrival; otherwise why it left (e.g. "end")
};

// Options shared by the SUMO-style writers.
struct SumoOutputOptions {
  int precision = 2;       // decimals of every real number (SUMO's --precision); 0..9
  std::string comment;     // written as <!-- comment --> after the XML declaration when not empty
};

// Streams <tripinfos> to a file as vehicles arrive. Not thread-safe: one writer, one thread.
// Usage: open → write (any number) → close; close reports any I/O error of the whole file.
class TripInfoWriter {
 public:
  TripInfoWriter();
  ~TripInfoWriter();  // closes an open file without reporting errors (call close() to see them)
  TripInfoWriter(TripInfoWriter&&) noexcept;
  TripInfoWriter& operator=(TripInfoWriter&&) noexcept;

  // Creates (truncates) `path` and writes the header; an error names the file.
  Result<bool> open(const std::string& path, const SumoOutputOptions& options = {});
  // Appends one <tripinfo/>. Does nothing when not open. No allocation once warm.
  void write(const TripInfo& t);
  // Writes </tripinfos>, flushes and closes; an error when any write or the close failed.
  Result<bool> close();
  bool is_open() const;
  std::uint64_t count() const { return count_; }  // records written since open

 private:
  std::unique_ptr<detail::SumoXmlFile> out_;
  std::uint64_t count_ = 0;
};

}  // namespace dpt::sim::traffic
