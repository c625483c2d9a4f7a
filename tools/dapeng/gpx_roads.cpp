#include "gpx_roads.h"

#include <algorithm>
#include <cstdlib>

#include "dpt/geo/vector_io.h"

namespace dapeng {
namespace {

constexpr double kSimplifyM = 5.0;   // Douglas–Peucker tolerance
constexpr double kDuplicateM = 15.0; // closer than this to drawn road: the same road
constexpr double kSelfLagM = 80.0;   // the run's own last 80 m are not "drawn road" yet
constexpr double kMinRunM = 120.0;   // shorter detours between two merges are GPS noise
constexpr double kParallelM = 40.0;  // a detour between two merges that never leaves the drawn
                                     // road by more than this is the same road recorded twice

std::int64_t ride_number(const std::filesystem::path& p) {
  // "..._xingzhe_995778.gpx" → 995778
  const std::string s = p.stem().string();
  const auto at = s.find_last_of('_');
  return at == std::string::npos ? -1 : std::atoll(s.c_str() + at + 1);
}

// Distance from p to the run's own segments that end more than kSelfLagM before its end.
double self_distance(const dpt::geo::LineString& run, const std::vector<double>& along, Local p) {
  double best = 1e30;
  if (run.size() < 2) return best;
  const double limit = along.back() - kSelfLagM;
  for (std::size_t s = 0; s + 1 < run.size() && along[s + 1] < limit; ++s)
    best = std::min(best, point_segment_distance(p, run[s], run[s + 1]));
  return best;
}

struct RunWriter {
  RoadSketch& sketch;
  GpxReport& rep;
  std::int64_t ride;
  dpt::geo::LineString run;
  std::vector<double> along;
  bool starts_attached = false;

  void push(Local p) {
    along.push_back(run.empty() ? 0.0 : along.back() + dist(run.back(), p));
    run.push_back(p);
  }
  // Ends the run; `end_attached`: its last vertex lies on drawn road.
  void commit(bool end_attached) {
    const double len = along.empty() ? 0.0 : along.back();
    bool parallel = starts_attached && end_attached;
    for (std::size_t k = 0; parallel && k < run.size(); ++k) parallel = sketch.distance(run[k], kParallelM) < kParallelM;
    if (run.size() >= 2 && !(starts_attached && end_attached && len < kMinRunM) && !parallel) {
      dpt::world::RoadInput r;
      r.line = run;
      r.cls = dpt::world::RoadClass::primary;
      r.source_id = ride;
      r.name = "GPX " + std::to_string(ride);
      sketch.add(std::move(r));
      rep.kept_km += len / 1000.0;
      ++rep.roads;
    } else {
      rep.merged_km += len / 1000.0;
    }
    run.clear();
    along.clear();
    starts_attached = false;
  }
};

}  // namespace

dpt::Result<bool> draw_gpx_roads(const Context& ctx, const std::vector<std::filesystem::path>& files,
                                 RoadSketch& sketch, GpxReport& rep) {
  dpt::geo::VectorReadOptions opt;
  opt.layers = {"tracks"};
  for (const auto& file : files) {
    auto layers = dpt::geo::read_vector(file, ctx.frame, opt);
    if (!layers) return dpt::Result<bool>(layers.errors());
    RunWriter w{sketch, rep, ride_number(file), {}, {}, false};
    ++rep.tracks;
    for (const auto& layer : *layers)
      for (const auto& f : layer.features)
        for (const auto& raw : f.lines) {
          rep.points_in += static_cast<std::int64_t>(raw.size());
          rep.track_km += dpt::geo::length(raw) / 1000.0;
          const dpt::geo::LineString line = simplify_dp(raw, kSimplifyM);
          rep.points_simplified += static_cast<std::int64_t>(line.size());
          bool in_dup = false;
          Local last_dup{};
          for (std::size_t k = 0; k < line.size(); ++k) {
            const Local p = line[k];
            const double step = k ? dist(line[k - 1], p) : 0.0;
            if (!ctx.cells.in_district(p) || !ctx.cells.is_land(p)) {
              if (!w.run.empty()) w.commit(false);
              rep.outside_km += step / 1000.0;
              in_dup = false;
              continue;
            }
            const bool on_drawn = sketch.distance(p, kDuplicateM) < kDuplicateM;
            const bool dup = on_drawn || self_distance(w.run, w.along, p) < kDuplicateM;
            if (dup) {
              if (!in_dup && !w.run.empty()) {
                // Leaving fresh road: the run ends on the drawn road it joins (or, on its own
                // earlier part, at the turn of an out-and-back leg: a dead end, drawn once).
                bool end_attached = false;
                Local a{};
                if (on_drawn && sketch.attach(p, 2 * kDuplicateM, a)) {
                  if (dist(a, w.run.back()) > 0.5) w.push(a);
                  end_attached = true;
                }
                w.commit(end_attached);
              }
              in_dup = true;
              rep.merged_km += step / 1000.0;
              last_dup = p;
              continue;
            }
            if (in_dup) {
              // Back on fresh road: start on the drawn road nearest to the last merged vertex.
              Local a{};
              if (sketch.attach(last_dup, 2 * kDuplicateM, a)) {
                w.push(a);
                w.starts_attached = true;
              }
              in_dup = false;
            }
            w.push(p);
          }
          if (!w.run.empty()) w.commit(false);
        }
  }
  return true;
}

}  // namespace dapeng
