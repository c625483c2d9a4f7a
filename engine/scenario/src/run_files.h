#pragma once
// Private to engine/scenario: writers of the run directory's JSON files.
#include <filesystem>
#include <fstream>
#include <string>

#include "dpt/core/result.h"
#include "dpt/scenario/scenario.h"
#include "dpt/sim/common/events.h"
#include "dpt/sim/common/kpi.h"

namespace dpt::scenario {

// events.ndjson, one object a line, written as the run goes.
class EventWriter {
 public:
  bool open(const std::filesystem::path& path, const Scenario& s);
  void write(const sim::Event& e);
  bool close();
  std::uint64_t count() const { return count_; }

 private:
  std::ofstream out_;
  const Scenario* scenario_ = nullptr;
  std::uint64_t count_ = 0;
};

Result<bool> write_kpi_json(const std::filesystem::path& path, const Scenario& s, const sim::KpiTable& k);
// The recording's HEADER: what a replay needs to rebuild the run (no wall-clock, no thread count).
std::string recording_header_json(const Scenario& s, std::uint32_t steps_planned);
// Writes text to a file atomically (a temporary beside it, then renamed).
Result<bool> write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace dpt::scenario
