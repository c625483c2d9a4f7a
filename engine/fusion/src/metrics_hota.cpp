// HOTA (Luiten, Osep, Dendorfer, Torr, Geiger, Leal-Taixe & Leibe 2021, "HOTA: A Higher Order
// Metric for Evaluating Multi-Object Tracking", IJCV 129), computed as TrackEval's hota.py does:
//  1. over the whole sequence, a soft count of how often each gt/hyp pair could match,
//     potential(g,h) = sum_t S(g,h) / (sum_h' S(g,h') + sum_g' S(g',h) - S(g,h)), and from it the
//     global alignment A(g,h) = potential / (|g| + |h| - potential) (a Jaccard of the two tracks);
//  2. per frame, one Hungarian matching maximising S * A, shared by every alpha; a matched pair is a
//     TP at alpha when S >= alpha;
//  3. per alpha: DetA = TP / (TP + FN + FP) (paper eq. 3); for each TP c,
//     A(c) = TPA / (TPA + FNA + FPA) with TPA the TPs of the same (g,h) pair, FNA = |g| - TPA,
//     FPA = |h| - TPA (eq. 6); AssA = mean over TPs of A(c) (eq. 5); HOTA = sqrt(DetA * AssA)
//     (eq. 9); LocA = mean similarity of the TPs (eq. 11).
// The reported HOTA, DetA, AssA and LocA are means over alpha = 0.05, 0.10, ..., 0.95 (eq. 10).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "metrics_matching.h"
#include "metrics_sequence.h"

namespace dpt::fusion::detail {

namespace {

constexpr int kA = kHotaAlphaCount;

double alpha_at(int a) { return 0.05 + 0.05 * a; }  // as np.arange(0.05, 0.99, 0.05)

// Pairs that ever have a non-zero similarity, numbered densely so that the per-alpha match counts
// stay small (n_gt x n_hyp x 19 would not).
struct PairIndex {
  std::unordered_map<std::int64_t, std::int32_t> index;
  std::vector<std::int32_t> gt, hyp;
  std::vector<double> potential;
  std::int64_t key(std::int32_t g, std::int32_t h, std::int32_t n_hyp) const {
    return static_cast<std::int64_t>(g) * n_hyp + h;
  }
};

}  // namespace

Hota compute_hota(const DenseSequence& seq) {
  Hota r;
  std::vector<double> gt_count(seq.n_gt_ids, 0.0), hyp_count(seq.n_hyp_ids, 0.0);
  PairIndex pairs;
  std::vector<double> row_sum, col_sum;

  // Pass 1: potential matches, normalised per frame so that a detection shared by several
  // candidates spreads its weight among them.
  for (const DenseFrame& f : seq.frames) {
    const std::size_t ng = f.gt.size(), nh = f.hyp.size();
    for (std::int32_t g : f.gt) gt_count[g] += 1.0;
    for (std::int32_t h : f.hyp) hyp_count[h] += 1.0;
    row_sum.assign(ng, 0.0);
    col_sum.assign(nh, 0.0);
    for (std::size_t i = 0; i < ng; ++i)
      for (std::size_t j = 0; j < nh; ++j) {
        row_sum[i] += f.at(i, j);
        col_sum[j] += f.at(i, j);
      }
    for (std::size_t i = 0; i < ng; ++i)
      for (std::size_t j = 0; j < nh; ++j) {
        const double s = f.at(i, j);
        const double denom = row_sum[i] + col_sum[j] - s;
        if (s <= 0.0 || denom <= kEps) continue;
        const auto [it, fresh] = pairs.index.try_emplace(pairs.key(f.gt[i], f.hyp[j], seq.n_hyp_ids),
                                                         static_cast<std::int32_t>(pairs.gt.size()));
        if (fresh) {
          pairs.gt.push_back(f.gt[i]);
          pairs.hyp.push_back(f.hyp[j]);
          pairs.potential.push_back(0.0);
        }
        pairs.potential[it->second] += s / denom;
      }
  }
  const std::size_t n_pairs = pairs.gt.size();
  std::vector<double> alignment(n_pairs);
  for (std::size_t p = 0; p < n_pairs; ++p)
    alignment[p] = pairs.potential[p] / (gt_count[pairs.gt[p]] + hyp_count[pairs.hyp[p]] - pairs.potential[p]);

  // Pass 2: per-frame matching on similarity x alignment, scored at every alpha.
  std::vector<double> matches(n_pairs * kA, 0.0);  // [pair][alpha]
  double loc_sum[kA] = {};
  std::vector<double> score;
  std::vector<std::int32_t> pair_of, row_to_col;
  MatchingScratch scratch;
  for (const DenseFrame& f : seq.frames) {
    const std::size_t ng = f.gt.size(), nh = f.hyp.size();
    if (ng == 0 || nh == 0) {
      for (int a = 0; a < kA; ++a) {
        r.fn_at[a] += static_cast<std::int64_t>(ng);
        r.fp_at[a] += static_cast<std::int64_t>(nh);
      }
      continue;
    }
    score.assign(ng * nh, 0.0);
    pair_of.assign(ng * nh, -1);
    for (std::size_t i = 0; i < ng; ++i)
      for (std::size_t j = 0; j < nh; ++j) {
        const auto it = pairs.index.find(pairs.key(f.gt[i], f.hyp[j], seq.n_hyp_ids));
        if (it == pairs.index.end()) continue;
        pair_of[i * nh + j] = it->second;
        score[i * nh + j] = alignment[it->second] * f.at(i, j);
      }
    max_score_assignment(score, static_cast<int>(ng), static_cast<int>(nh), row_to_col, scratch);
    for (int a = 0; a < kA; ++a) {
      std::int64_t tp = 0;
      for (std::size_t i = 0; i < ng; ++i) {
        const std::int32_t j = row_to_col[i];
        if (j < 0) continue;
        const double s = f.at(i, static_cast<std::size_t>(j));
        if (s < alpha_at(a) - kEps) continue;
        ++tp;
        loc_sum[a] += s;
        matches[static_cast<std::size_t>(pair_of[i * nh + j]) * kA + a] += 1.0;
      }
      r.tp_at[a] += tp;
      r.fn_at[a] += static_cast<std::int64_t>(ng) - tp;
      r.fp_at[a] += static_cast<std::int64_t>(nh) - tp;
    }
  }

  // Per alpha: AssA = (1/|TP|) sum_c A(c) = (1/|TP|) sum_pairs TPA * TPA / (|g| + |h| - TPA).
  for (int a = 0; a < kA; ++a) {
    double ass_sum = 0.0;
    for (std::size_t p = 0; p < n_pairs; ++p) {
      const double m = matches[p * kA + a];
      if (m == 0.0) continue;
      ass_sum += m * m / std::max(1.0, gt_count[pairs.gt[p]] + hyp_count[pairs.hyp[p]] - m);
    }
    const double tp = static_cast<double>(r.tp_at[a]);
    const double det = tp / std::max(1.0, tp + static_cast<double>(r.fn_at[a] + r.fp_at[a]));
    const double ass = ass_sum / std::max(1.0, tp);
    // TrackEval's guard: LocA is 1 when nothing matched.
    const double loc = std::max(1e-10, loc_sum[a]) / std::max(1e-10, tp);
    r.deta_at[a] = 100.0 * det;
    r.assa_at[a] = 100.0 * ass;
    r.loca_at[a] = 100.0 * loc;
    r.hota_at[a] = 100.0 * std::sqrt(det * ass);
    r.hota += r.hota_at[a] / kA;
    r.deta += r.deta_at[a] / kA;
    r.assa += r.assa_at[a] / kA;
    r.loca += r.loca_at[a] / kA;
  }
  return r;
}

}  // namespace dpt::fusion::detail
