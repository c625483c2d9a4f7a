#pragma once
// Demand from origin-destination (OD) matrices: zones (SUMO's traffic assignment zones, TAZ:
// sumo.dlr.de/docs/Demand/Importing_O/D_Matrices.html, "Describing the TAZ"), matrices of trips
// between zones for a time slice, or one matrix spread over the day by a time profile (the holiday
// afternoon flow to the beaches, the evening flow back), and a vehicle-type mix. Expansion turns
// them into single trips (TripDef: from edge, to edge, departure) that build_traffic_model routes,
// as SUMO's od2trips does.
//
// Readers: a TOML file of our own (zones, mix, profiles, matrices; docs/traffic.md "OD
// matrices"), SUMO's TAZ XML (<taz edges=.../> or <tazSource>/<tazSink> children) and the
// VISUM/od2trips "O-format" ($O;D2 header, period "hh.mm hh.mm", factor, "from to amount" lines).
//
// Rounding (documented in docs/traffic.md): a matrix's amounts are fractional. For each origin
// row, the cells' integer counts are the largest-remainder rounding of the amounts, so the row's
// total is its sum rounded half up and each cell gets the floor or the ceiling of its amount
// (ties to the earlier cell in the file). A profiled cell's count is then split over the profile's
// bins by rounding the running total (count_h = round(n*F_h) - round(n*F_{h-1}), F the cumulative
// normalised profile): the cell total is kept and each bin gets the floor or ceiling of n*w_h.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/core/time.h"
#include "dpt/sim/traffic/demand.h"
#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic {

struct ZoneEdge {
  std::string edge;     // edge id in the network
  double weight = 1.0;  // relative chance of being drawn (SUMO's tazSource / tazSink weight)
};

// A zone: where its trips start (sources) and where trips to it end (sinks).
struct Zone {
  std::string id;
  std::vector<ZoneEdge> sources;
  std::vector<ZoneEdge> sinks;
  SourceLoc where;
};

// Relative weights of consecutive time bins (e.g. 24 hours of a day). Weights are normalised
// when used, so fractions, percentages or counts all work.
struct TimeProfile {
  std::string id;
  Duration start{0};              // the first bin's start, from the simulation's time 0
  Duration bin = Duration::hours(1);
  std::vector<double> weights;    // one per bin, >= 0, sum > 0
  SourceLoc where;
};

struct OdCell {
  std::string from;     // zone ids
  std::string to;
  double amount = 0.0;  // vehicles over the matrix's period (or over the whole profile)
  int line = 0;         // in OdMatrix::where.file
};

// Vehicles between zone pairs: either within [begin, end), or, with a profile, spread over its bins.
struct OdMatrix {
  std::string id;
  Duration begin{0};
  Duration end{0};
  std::string profile;  // empty: the slice [begin, end); else a TimeProfile's id
  double factor = 1.0;  // every amount is multiplied by it (the O-format's factor)
  std::vector<OdCell> cells;
  SourceLoc where;      // the file (and line of the matrix's definition)
};

struct VehicleShare {
  std::string type;    // a vType id of the demand, or a district kind (car, bus, truck, hazmat, muck)
  double share = 0.0;  // relative; normalised when used
  SourceLoc where;
};

struct OdDemand {
  std::vector<Zone> zones;
  std::vector<TimeProfile> profiles;
  std::vector<OdMatrix> matrices;
  std::vector<VehicleShare> mix;  // empty: every trip gets the demand's DEFAULT_VEHTYPE

  int find_zone(std::string_view id) const;     // -1 when absent
  int find_profile(std::string_view id) const;  // -1 when absent
};

// --- readers ---------------------------------------------------------------------------------
// Our TOML format (zones, [mix], profiles, matrices). Every problem is reported at once, with
// file, line and what was expected.
Result<OdDemand> read_od_toml(const std::filesystem::path& path);
Result<OdDemand> read_od_toml_string(std::string_view text, const std::string& file_name);
// SUMO's TAZ file (<tazs><taz .../></tazs>, also inside an additional file): `edges="a b"` makes
// each edge a source and a sink of weight 1; <tazSource id= weight=/> and <tazSink .../> children
// give weighted ones (both attributes required, as in od2trips).
Result<std::vector<Zone>> read_taz_xml(const std::filesystem::path& path);
Result<std::vector<Zone>> read_taz_xml_string(std::string_view xml, const std::string& file_name);
// The O-format (od2trips "O-Format (VISUM/VISSIM)"): "$O" or "$OR" (optionally ";D2" etc.), then,
// skipping '*' comment lines, the period "hh.mm hh.mm" (as od2trips reads it: the digits after the
// point are whole minutes, "7.30" = 7:30, "7.5" = 7:05), the factor, and one "from to amount" line
// per cell; a line starting with '$' (VISUM's $NAMES) ends the matrix.
Result<OdMatrix> read_od_o_format(const std::filesystem::path& path);
Result<OdMatrix> read_od_o_format_string(std::string_view text, const std::string& file_name);

// --- checks and expansion --------------------------------------------------------------------
// Matrices referring to unknown zones or profiles, origin zones without sources, destination
// zones without sinks, negative amounts, empty periods; each error names the cell's file and line.
ErrorList validate_od(const OdDemand& od);
// Zone edges that the network does not have.
ErrorList check_od_zones(const OdDemand& od, const Network& net);

// The integer number of vehicles of one matrix cell in one slice.
struct OdCount {
  int matrix = 0;
  int cell = 0;          // into OdMatrix::cells
  Duration begin{0};     // the slice
  Duration end{0};
  std::int64_t count = 0;
  std::int64_t first = 0;  // the number of the cell's first vehicle in this slice (k counts over slices)
};
// The counts of every non-empty (cell, slice), by the rounding rules above. Call on a valid demand.
std::vector<OdCount> od_counts(const OdDemand& od);

enum class OdSpread : std::uint8_t {
  uniform,  // each departure uniform at random in its slice
  even,     // the slice cut in `count` equal parts, one departure at each part's middle
            // (od2trips --spread.uniform)
};

struct OdExpandOptions {
  std::uint64_t seed = 42;
  OdSpread spread = OdSpread::uniform;
  DepartAttrs attrs;  // given to every trip (SUMO's defaults unless changed)
};

struct OdTrip {
  std::string id;      // "<matrix id>:<from zone>-<to zone>.<k>"
  Duration depart;
  int matrix = 0;
  int cell = 0;
  std::string from_edge;
  std::string to_edge;
  int share = -1;      // into OdDemand::mix, -1 when the mix is empty
};

// Every trip of every matrix, in matrix, cell and number order (not sorted by time). Draws come
// from a CounterRng keyed by (seed, matrix and zone pair, k): the same seed gives the same trips,
// and adding a matrix or a cell does not change another cell's trips. Errors: validate_od's.
Result<std::vector<OdTrip>> expand_od(const OdDemand& od, const OdExpandOptions& options);

// expand_od, then the trips appended to `demand` as TripDefs (build_traffic_model routes them).
// The mix's types are looked up among the demand's vTypes, else created from the district's kinds
// (district_vehicle_type) and appended (a demand without vTypes first gets DEFAULT_VEHTYPE, as
// make_empty_demand gives); the OD source files are added to demand.files. Returns the
// number of trips added. Trip ids already in the demand are an error.
Result<std::size_t> append_od_trips(const OdDemand& od, const OdExpandOptions& options, Demand& demand);

}  // namespace dpt::sim::traffic
