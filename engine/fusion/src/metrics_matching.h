#pragma once
// Private to the metrics: a maximum-score assignment, the role scipy's linear_sum_assignment plays in
// TrackEval, built on the tracker's solver (assignment.h). Checked against TrackEval with scipy on
// the MOT15 training ground truth and perturbed trackers: identical counts and scores.
#include <cstdint>
#include <span>
#include <vector>

#include "dpt/fusion/assignment.h"

namespace dpt::fusion::detail {

struct MatchingScratch {
  std::vector<double> cost;
  AssignmentWorkspace ws;
};

// score: rows x cols, row-major, finite and >= 0. Fills row_to_col[r] with the column of row r or
// -1, maximising the total score over pairs with a positive score (a maximum-weight matching).
void max_score_assignment(std::span<const double> score, int rows, int cols, std::vector<std::int32_t>& row_to_col,
                          MatchingScratch& scratch);

}  // namespace dpt::fusion::detail
