// OD demand: integer counts per cell and slice, and the expansion into single trips
// (the job of SUMO's od2trips, sumo.dlr.de/docs/Demand/Importing_O/D_Matrices.html). The rounding
// rules are stated in od_demand.h and docs/traffic.md "OD matrices".
#include "dpt/sim/traffic/od_demand.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "dpt/core/rng.h"
#include "od_internal.h"

namespace dpt::sim::traffic {

using od_detail::lookup;
using od_detail::zone_index;

int OdDemand::find_zone(std::string_view id) const {
  for (std::size_t i = 0; i < zones.size(); ++i)
    if (zones[i].id == id) return static_cast<int>(i);
  return -1;
}

int OdDemand::find_profile(std::string_view id) const {
  for (std::size_t i = 0; i < profiles.size(); ++i)
    if (profiles[i].id == id) return static_cast<int>(i);
  return -1;
}

namespace {

// Round half up: the rule the counts use everywhere (x >= 0 here). Values within 1e-9 of a half
// count as the half, so that 3 * (0.05 + 0.05 + 0.05 + 0.10 + 0.25) rounds as 3 * 0.5 does, whatever
// the floating-point sum made of it.
std::int64_t round_half_up(double x) { return static_cast<std::int64_t>(std::floor(x + 0.5 + 1e-9)); }

// Largest-remainder rounding of `amounts` (>= 0): the integers sum to round_half_up(sum) and each
// is the floor or the ceiling of its amount; the largest remainders get the ceiling, ties go to the
// earlier entry.
std::vector<std::int64_t> largest_remainder(const std::vector<double>& amounts) {
  std::vector<std::int64_t> out(amounts.size());
  double sum = 0.0;
  std::int64_t floors = 0;
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    sum += amounts[i];
    out[i] = static_cast<std::int64_t>(std::floor(amounts[i]));
    floors += out[i];
  }
  std::int64_t missing = round_half_up(sum) - floors;
  std::vector<std::size_t> order(amounts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return amounts[a] - std::floor(amounts[a]) > amounts[b] - std::floor(amounts[b]);
  });
  for (std::size_t i = 0; i < order.size() && missing > 0; ++i, --missing) ++out[order[i]];
  return out;
}

// FNV-1a over the matrix id and the zone pair: the CounterRng entity of a cell, so that a cell's
// draws do not depend on where it sits in the file.
std::uint32_t cell_key(const std::string& matrix, const std::string& from, const std::string& to) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 16777619u;
    }
    h ^= 0xffu;  // separator that no id character produces alone
    h *= 16777619u;
  };
  mix(matrix);
  mix(from);
  mix(to);
  return h;
}

// Index of the entry whose cumulative weight first exceeds u * total (u in [0, 1)).
std::size_t pick_weighted(const std::vector<ZoneEdge>& edges, double u) {
  const double target = u * od_detail::total_weight(edges);
  double cum = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].weight <= 0.0) continue;
    cum += edges[i].weight;
    last_positive = i;
    if (target < cum) return i;
  }
  return last_positive;  // u * total rounded up to the total
}

}  // namespace

std::vector<OdCount> od_counts(const OdDemand& od) {
  std::vector<OdCount> out;
  for (std::size_t mi = 0; mi < od.matrices.size(); ++mi) {
    const OdMatrix& m = od.matrices[mi];
    // Group the cells by origin row, each row's cells in file order, and round each row.
    std::unordered_map<std::string_view, std::size_t> row_of;
    std::vector<std::vector<std::size_t>> rows;
    for (std::size_t i = 0; i < m.cells.size(); ++i) {
      const auto [it, added] = row_of.emplace(m.cells[i].from, rows.size());
      if (added) rows.emplace_back();
      rows[it->second].push_back(i);
    }
    std::vector<std::int64_t> cell_count(m.cells.size(), 0);
    std::vector<double> amounts;
    for (const std::vector<std::size_t>& row : rows) {
      amounts.clear();
      for (std::size_t i : row) amounts.push_back(m.cells[i].amount * m.factor);
      const std::vector<std::int64_t> n = largest_remainder(amounts);
      for (std::size_t r = 0; r < row.size(); ++r) cell_count[row[r]] = n[r];
    }
    const int pi = m.profile.empty() ? -1 : od.find_profile(m.profile);
    for (std::size_t ci = 0; ci < m.cells.size(); ++ci) {
      const std::int64_t n = cell_count[ci];
      if (n <= 0) continue;
      if (pi < 0) {
        out.push_back(OdCount{static_cast<int>(mi), static_cast<int>(ci), m.begin, m.end, n, 0});
        continue;
      }
      // Split over the bins by rounding the running total: count_h = R(n F_h) - R(n F_{h-1}).
      const TimeProfile& p = od.profiles[static_cast<std::size_t>(pi)];
      const double total = std::accumulate(p.weights.begin(), p.weights.end(), 0.0);
      double cum = 0.0;
      std::int64_t before = 0;
      for (std::size_t h = 0; h < p.weights.size(); ++h) {
        cum += p.weights[h];
        const std::int64_t upto = h + 1 == p.weights.size() ? n : round_half_up(static_cast<double>(n) * (cum / total));
        const std::int64_t c = upto - before;
        if (c > 0) {
          const Duration b = p.start + p.bin * static_cast<std::int64_t>(h);
          out.push_back(OdCount{static_cast<int>(mi), static_cast<int>(ci), b, b + p.bin, c, before});
        }
        before = upto;
      }
    }
  }
  return out;
}

Result<std::vector<OdTrip>> expand_od(const OdDemand& od, const OdExpandOptions& options) {
  ErrorList errors = validate_od(od);
  if (!errors.empty()) return errors;
  std::vector<double> mix_cum;
  for (const VehicleShare& s : od.mix) mix_cum.push_back((mix_cum.empty() ? 0.0 : mix_cum.back()) + s.share);

  const std::vector<OdCount> counts = od_counts(od);
  const auto zones = zone_index(od);
  std::size_t total = 0;
  for (const OdCount& c : counts) total += static_cast<std::size_t>(c.count);
  std::vector<OdTrip> trips;
  trips.reserve(total);
  constexpr std::uint32_t kStream = rng_stream("traffic.od.trip");
  for (const OdCount& c : counts) {
    const OdMatrix& m = od.matrices[static_cast<std::size_t>(c.matrix)];
    const OdCell& cell = m.cells[static_cast<std::size_t>(c.cell)];
    const Zone& from = od.zones[static_cast<std::size_t>(lookup(zones, cell.from))];
    const Zone& to = od.zones[static_cast<std::size_t>(lookup(zones, cell.to))];
    const std::uint32_t key = cell_key(m.id, cell.from, cell.to);
    const double len_us = static_cast<double>((c.end - c.begin).us);
    for (std::int64_t j = 0; j < c.count; ++j) {
      const std::int64_t k = c.first + j;
      // One generator per trip, draws in a fixed order: time, origin edge, destination edge, type.
      CounterRng rng(options.seed, kStream, key, static_cast<std::uint32_t>(k));
      const double u_time = rng.uniform();
      const double frac = options.spread == OdSpread::even
                              ? (static_cast<double>(j) + 0.5) / static_cast<double>(c.count)
                              : u_time;
      OdTrip t;
      t.id = m.id + ":" + cell.from + "-" + cell.to + "." + std::to_string(k);
      t.depart = c.begin + Duration{static_cast<std::int64_t>(std::floor(frac * len_us))};
      t.matrix = c.matrix;
      t.cell = c.cell;
      t.from_edge = from.sources[pick_weighted(from.sources, rng.uniform())].edge;
      t.to_edge = to.sinks[pick_weighted(to.sinks, rng.uniform())].edge;
      const double u_type = rng.uniform();
      if (!mix_cum.empty()) {
        const double target = u_type * mix_cum.back();
        t.share = static_cast<int>(mix_cum.size()) - 1;
        for (std::size_t i = 0; i < mix_cum.size(); ++i)
          if (target < mix_cum[i] && od.mix[i].share > 0.0) {
            t.share = static_cast<int>(i);
            break;
          }
      }
      trips.push_back(std::move(t));
    }
  }
  return trips;
}

Result<std::size_t> append_od_trips(const OdDemand& od, const OdExpandOptions& options, Demand& demand) {
  Result<std::vector<OdTrip>> expanded = expand_od(od, options);
  if (!expanded) return expanded.errors();
  ErrorList errors;
  if (demand.vtypes.empty()) demand.vtypes.push_back(make_empty_demand().vtypes.front());
  // The mix's types: the demand's own vTypes first, else the district's kinds.
  std::vector<int> share_type;
  for (const VehicleShare& s : od.mix) {
    int idx = demand.find_vtype(s.type);
    VehicleType t;
    if (idx < 0 && district_vehicle_type(s.type, t)) {
      VTypeDef def;
      t.id = s.type;
      def.type = t;
      def.car_follow_model_name = "IDM";
      demand.vtypes.push_back(std::move(def));
      idx = static_cast<int>(demand.vtypes.size()) - 1;
    }
    if (idx < 0)
      errors.add(s.where, "vehicle mix: unknown vehicle type '" + s.type +
                                  "' (expected a vType of the routes or one of car, bus, truck, hazmat, muck)");
    share_type.push_back(idx);
  }
  std::unordered_set<std::string> ids;
  for (const VehicleDef& v : demand.vehicles) ids.insert(v.id);
  for (const TripDef& t : demand.trips) ids.insert(t.id);
  for (const FlowDef& f : demand.flows) ids.insert(f.id);
  for (const OdTrip& t : *expanded)
    if (!ids.insert(t.id).second) {
      const OdMatrix& m = od.matrices[static_cast<std::size_t>(t.matrix)];
      errors.add(SourceLoc{m.where.file, m.cells[static_cast<std::size_t>(t.cell)].line, 0},
                 "trip id '" + t.id + "' is already used");
    }
  if (!errors.empty()) return errors;

  // One entry in demand.files per matrix file, so that the trips' file and line lead back to it.
  std::vector<int> matrix_file;
  for (const OdMatrix& m : od.matrices) {
    auto it = std::find(demand.files.begin(), demand.files.end(), m.where.file);
    if (it == demand.files.end()) {
      demand.files.push_back(m.where.file);
      it = demand.files.end() - 1;
    }
    matrix_file.push_back(static_cast<int>(it - demand.files.begin()));
  }
  demand.trips.reserve(demand.trips.size() + expanded->size());
  for (OdTrip& t : *expanded) {
    const OdMatrix& m = od.matrices[static_cast<std::size_t>(t.matrix)];
    TripDef d;
    d.id = std::move(t.id);
    d.type = t.share < 0 ? 0 : share_type[static_cast<std::size_t>(t.share)];
    d.depart = t.depart;
    d.from = std::move(t.from_edge);
    d.to = std::move(t.to_edge);
    d.attrs = options.attrs;
    d.line = m.cells[static_cast<std::size_t>(t.cell)].line;
    d.file = matrix_file[static_cast<std::size_t>(t.matrix)];
    demand.trips.push_back(std::move(d));
  }
  return expanded->size();
}

}  // namespace dpt::sim::traffic
