// Maximum-score assignment for the metrics, on top of the tracker's exact solver (assignment.h,
// Jonker-Volgenant / Crouse 2016 shortest augmenting paths): minimise -score with a gate just
// below zero, so that only pairs with a positive score can be assigned.
#include "metrics_matching.h"

#include <limits>

#include "dpt/core/assert.h"

namespace dpt::fusion::detail {

void max_score_assignment(std::span<const double> score, int rows, int cols, std::vector<std::int32_t>& row_to_col,
                          MatchingScratch& s) {
  DPT_ASSERT(rows >= 0 && cols >= 0 && score.size() == static_cast<std::size_t>(rows) * cols,
             "assignment: score matrix size");
  s.cost.resize(score.size());
  for (std::size_t k = 0; k < score.size(); ++k) s.cost[k] = -score[k];
  solve_assignment(s.cost, rows, cols, -std::numeric_limits<double>::epsilon(), row_to_col, s.ws);
}

}  // namespace dpt::fusion::detail
