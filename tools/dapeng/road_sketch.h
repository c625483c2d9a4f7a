#pragma once
// Roads while they are being drawn: a list of RoadInput lines with a segment hash, so that a new
// road can end exactly on an existing one (RoadNetwork::build joins roads only at shared
// vertices: attach() records a vertex to insert into the road it lands on).
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "dpt/world/roads.h"
#include "synth.h"

namespace dapeng {

class RoadSketch {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  explicit RoadSketch(double cell = 100.0) : cell_(cell) {}

  std::uint32_t add(dpt::world::RoadInput road);
  // The nearest point on any road within `radius` of p; records a vertex there (inserted by
  // finish()). False when no road is that close.
  bool attach(Local p, double radius, Local& out);
  // Distance from p to the nearest road, or `radius` when none is closer.
  double distance(Local p, double radius, std::uint32_t* road = nullptr) const;
  const std::vector<dpt::world::RoadInput>& roads() const { return roads_; }
  // The roads with every attachment vertex inserted in place.
  std::vector<dpt::world::RoadInput> finish() const;

 private:
  struct SegRef {
    std::uint32_t road, seg;
  };
  struct Insert {
    std::uint32_t seg;
    double t;
    Local p;
  };
  std::int64_t key(int i, int j) const { return (static_cast<std::int64_t>(i) << 32) ^ static_cast<std::uint32_t>(j); }
  bool nearest(Local p, double radius, SegRef& best, double& best_d, double& best_t) const;

  double cell_;
  std::vector<dpt::world::RoadInput> roads_;
  std::vector<std::vector<Insert>> inserts_;
  std::unordered_map<std::int64_t, std::vector<SegRef>> grid_;
};

}  // namespace dapeng
