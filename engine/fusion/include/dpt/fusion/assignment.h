#pragma once
// Global-nearest-neighbour assignment: the rectangular linear assignment problem solved exactly
// (shortest augmenting paths, Jonker & Volgenant 1987 / Crouse 2016), with a gate: pairs whose cost
// is at or above `gate` are never assigned.
#include <cstdint>
#include <span>
#include <vector>

namespace dpt::fusion {

// Reusable scratch so that a tracker's per-frame assignment does not allocate.
struct AssignmentWorkspace {
  std::vector<double> u, v, shortest;
  std::vector<std::int32_t> path, col4row, row4col, remaining;
  std::vector<std::uint8_t> sr, sc;
  std::vector<double> padded;
};

// cost: rows x cols, row-major. Fills row_to_col (size rows) with the assigned column or -1,
// minimising the total cost of assigned pairs, each below `gate`.
void solve_assignment(std::span<const double> cost, int rows, int cols, double gate,
                      std::vector<std::int32_t>& row_to_col, AssignmentWorkspace& ws);

}  // namespace dpt::fusion
