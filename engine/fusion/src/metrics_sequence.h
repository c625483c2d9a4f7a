#pragma once
// Private to the metrics: a validated sequence with dense ids (0..n-1), the input of the three
// metric families (metrics_clear_mot.cpp, metrics_identity.cpp, metrics_hota.cpp).
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "dpt/fusion/metrics.h"

namespace dpt::fusion::detail {

// TrackEval compares against thresholds with numpy's float epsilon; so do we, so that a similarity
// of exactly 0.5 (or alpha) computed with rounding still counts.
inline constexpr double kEps = std::numeric_limits<double>::epsilon();

struct DenseFrame {
  std::vector<std::int32_t> gt, hyp;  // dense ids
  std::span<const double> sim;        // gt-major, gt.size() x hyp.size()
  double at(std::size_t g, std::size_t h) const { return sim[g * hyp.size() + h]; }
};

struct DenseSequence {
  std::int32_t n_gt_ids = 0, n_hyp_ids = 0;
  std::int64_t n_gt_dets = 0, n_hyp_dets = 0;
  std::vector<DenseFrame> frames;
};

// Checks sizes, values and unique ids per frame, and relabels ids densely (in order of first
// appearance). Returns an empty string on success, else the reason. `seq` keeps spans into `frames`.
std::string make_dense_sequence(std::span<const EvalFrame> frames, DenseSequence& seq);

ClearMot compute_clear_mot(const DenseSequence& seq);
IdScores compute_identity(const DenseSequence& seq);
Hota compute_hota(const DenseSequence& seq);

}  // namespace dpt::fusion::detail
