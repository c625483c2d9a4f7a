// Identity scores (Ristani, Solera, Zou, Cucchiara & Tomasi 2016, "Performance Measures and a Data
// Set for Multi-Target, Multi-Camera Tracking", ECCV workshops): one global one-to-one matching
// between gt trajectories and hypothesis trajectories minimising IDFN + IDFP, where a gt/hypothesis
// pair "agrees" in a frame when their similarity is >= 0.5 (TrackEval identity.py).
//
// TrackEval solves it on an (n_gt + n_hyp) square matrix with dummy rows/columns. Its total cost is
//   sum_g |g| + sum_h |h| - 2 * sum_{(g,h) matched} agree(g, h),
// so minimising it is the same as a maximum-weight matching on agree(g, h); we solve that smaller
// problem, restricted to ids that agree with someone at least once (the others add nothing).
// Then IDTP = the matched agreement, IDFN = |gt dets| - IDTP, IDFP = |hyp dets| - IDTP,
// IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN).
#include <algorithm>
#include <unordered_map>

#include "metrics_matching.h"
#include "metrics_sequence.h"

namespace dpt::fusion::detail {

namespace {
constexpr double kMatchThreshold = 0.5;
}  // namespace

IdScores compute_identity(const DenseSequence& seq) {
  IdScores r;
  // Sparse agreement counts keyed by (gt, hyp): most pairs never overlap.
  std::unordered_map<std::int64_t, std::int64_t> agree;
  for (const DenseFrame& f : seq.frames)
    for (std::size_t i = 0; i < f.gt.size(); ++i)
      for (std::size_t j = 0; j < f.hyp.size(); ++j)
        if (f.at(i, j) >= kMatchThreshold)
          ++agree[static_cast<std::int64_t>(f.gt[i]) * seq.n_hyp_ids + f.hyp[j]];

  // Compact the ids that take part in some agreement, then match.
  std::vector<std::int32_t> gt_row(seq.n_gt_ids, -1), hyp_col(seq.n_hyp_ids, -1);
  int rows = 0, cols = 0;
  for (const auto& [key, count] : agree) {
    const auto g = static_cast<std::size_t>(key / seq.n_hyp_ids), h = static_cast<std::size_t>(key % seq.n_hyp_ids);
    if (gt_row[g] < 0) gt_row[g] = rows++;
    if (hyp_col[h] < 0) hyp_col[h] = cols++;
  }
  std::vector<double> weight(static_cast<std::size_t>(rows) * cols, 0.0);
  for (const auto& [key, count] : agree) {
    const auto g = static_cast<std::size_t>(key / seq.n_hyp_ids), h = static_cast<std::size_t>(key % seq.n_hyp_ids);
    weight[static_cast<std::size_t>(gt_row[g]) * cols + hyp_col[h]] = static_cast<double>(count);
  }
  std::vector<std::int32_t> row_to_col;
  MatchingScratch scratch;
  max_score_assignment(weight, rows, cols, row_to_col, scratch);
  double idtp = 0.0;  // a sum of integer counts: exact in double
  for (int i = 0; i < rows; ++i)
    if (row_to_col[i] >= 0) idtp += weight[static_cast<std::size_t>(i) * cols + row_to_col[i]];

  r.idtp = static_cast<std::int64_t>(idtp);
  r.idfn = seq.n_gt_dets - r.idtp;
  r.idfp = seq.n_hyp_dets - r.idtp;
  const auto pct = [](std::int64_t num, std::int64_t den) {
    return 100.0 * static_cast<double>(num) / static_cast<double>(std::max<std::int64_t>(1, den));
  };
  r.idr = pct(r.idtp, r.idtp + r.idfn);
  r.idp = pct(r.idtp, r.idtp + r.idfp);
  // 2 IDTP / (2 IDTP + IDFP + IDFN), written as TrackEval does to share its guard against 0/0.
  r.idf1 = 100.0 * static_cast<double>(r.idtp) /
           std::max(1.0, static_cast<double>(r.idtp) + 0.5 * static_cast<double>(r.idfp + r.idfn));
  return r;
}

}  // namespace dpt::fusion::detail
