// The one list of modules a scenario can run, in run order: fields first, then the domains that
// read them. A new domain adds one line here and one *_stage.cpp.
#include "stages.h"

namespace dpt::scenario {
namespace {

struct Entry {
  StageInfo info;
  std::unique_ptr<Stage> (*make)(TableReader&, const sim::BuildContext&);
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> kEntries = {
      {{"wind", "time-varying wind field over the district (keyframes or weather stations)"}, make_wind_stage},
      {{"tracers", "passive particles carried by the wind with turbulent diffusion"}, make_tracer_stage},
      {{"traffic", "road vehicles: IDM car following, junctions and signals, on a SUMO network or the district's roads"},
       make_traffic_stage},
  };
  return kEntries;
}

}  // namespace

const std::vector<StageInfo>& known_stages() {
  static const std::vector<StageInfo> kInfos = [] {
    std::vector<StageInfo> v;
    for (const Entry& e : entries()) v.push_back(e.info);
    return v;
  }();
  return kInfos;
}

std::unique_ptr<Stage> make_stage(std::string_view name, TableReader& params, const sim::BuildContext& ctx) {
  for (const Entry& e : entries())
    if (e.info.name == name) return e.make(params, ctx);
  return nullptr;
}

}  // namespace dpt::scenario
