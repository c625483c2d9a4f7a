#include "run_files.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "dpt/core/digest.h"
#include "dpt/core/version.h"
#include "dpt/scenario/recording.h"

namespace dpt::scenario {

using ojson = nlohmann::ordered_json;

bool EventWriter::open(const std::filesystem::path& path, const Scenario& s) {
  scenario_ = &s;
  out_.open(path, std::ios::binary | std::ios::trunc);
  return static_cast<bool>(out_);
}

void EventWriter::write(const sim::Event& e) {
  ojson j;
  j["t"] = format_instant(scenario_->start.instant + Duration{e.t_us}, scenario_->start.offset_minutes);
  j["t_s"] = static_cast<double>(e.t_us) * 1e-6;
  j["kind"] = e.kind;
  j["source"] = e.source;
  auto details = ojson::parse(e.details_json, nullptr, false);
  j["details"] = details.is_discarded() ? ojson{{"text", e.details_json}} : details;
  out_ << j.dump() << '\n';
  ++count_;
}

bool EventWriter::close() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  return ok;
}

Result<bool> write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return Result<bool>::failure({path.string()}, "cannot write file");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Result<bool>::failure({path.string()}, "cannot write file: " + ec.message());
  return true;
}

Result<bool> write_kpi_json(const std::filesystem::path& path, const Scenario& s, const sim::KpiTable& k) {
  ojson j;
  j["scenario"] = s.name;
  j["start"] = format_instant(s.start.instant, s.start.offset_minutes);
  j["sample_every_s"] = s.outputs.kpi_every.to_seconds();
  auto cols = ojson::array();
  for (const auto& c : k.columns()) cols.push_back({{"name", c.name}, {"unit", c.unit}, {"description", c.description}});
  j["columns"] = cols;
  auto t = ojson::array();
  for (std::int64_t us : k.times()) t.push_back(static_cast<double>(us) * 1e-6);
  j["t_s"] = t;
  auto series = ojson::object();
  auto final_values = ojson::object();
  for (std::size_t c = 0; c < k.columns().size(); ++c) {
    auto v = ojson::array();
    for (std::size_t r = 0; r < k.rows(); ++r) {
      const double x = k.at(r, c);
      v.push_back(std::isfinite(x) ? ojson(x) : ojson(nullptr));
    }
    const double last = k.rows() ? k.at(k.rows() - 1, c) : NAN;
    final_values[k.columns()[c].name] = std::isfinite(last) ? ojson(last) : ojson(nullptr);
    series[k.columns()[c].name] = std::move(v);
  }
  j["series"] = series;
  j["final"] = final_values;
  return write_text_file(path, j.dump(1) + "\n");
}

std::string recording_header_json(const Scenario& s, std::uint32_t steps_planned) {
  ojson j;
  j["format"] = kRecordingFormat;
  j["engine_version"] = kEngineVersion;
  j["scenario_file"] = s.file.string();
  j["base_dir"] = s.base_dir.string();
  j["scenario_hash"] = hex64(s.content_hash);
  j["overrides"] = s.overrides;
  j["seed"] = s.seed;
  j["start"] = format_instant(s.start.instant, s.start.offset_minutes);
  j["step_us"] = s.step.us;
  j["steps_planned"] = steps_planned;
  auto stages = ojson::array();
  for (const auto& st : s.stages) stages.push_back(std::string(st->name()));
  j["stages"] = stages;
  j["scenario_text"] = s.text;
  return j.dump();
}

}  // namespace dpt::scenario
