// CLEAR MOT (Bernardin & Stiefelhagen 2008, "Evaluating Multiple Object Tracking Performance: The
// CLEAR MOT Metrics", EURASIP JIVP), with the MOTChallenge conventions of TrackEval
// (trackeval/metrics/clear.py):
//  - per frame, a pair may match when similarity >= 0.5; the pair that continues a gt's match of
//    the previous evaluated frame gets a bonus of 1000, so the Hungarian step keeps every still-valid
//    correspondence first (the paper's step 1) and maximises total similarity among the rest;
//  - an identity switch is counted when a gt is matched to a hypothesis other than the one it was
//    last matched to (any number of frames before);
//  - MOTA = 1 - (FN + FP + IDSW) / GT; MOTP = mean similarity (IoU) of the matches;
//  - MT: tracked in more than 80% of the frames where the gt exists, ML: less than 20%, PT: the
//    rest; Frag: the number of times a gt's tracked run restarts after its first one.
// As in TrackEval, a frame without any gt or without any hypothesis does not reset the "previous
// frame" matches (it is skipped), so the continuation bonus and Frag look across it.
#include <algorithm>

#include "metrics_matching.h"
#include "metrics_sequence.h"

namespace dpt::fusion::detail {

namespace {
constexpr double kMatchThreshold = 0.5;
// TrackEval's bonus: it outweighs any gain in total similarity (at most 1 per match) while a
// frame has fewer than 1000 matches.
constexpr double kContinuationBonus = 1000.0;
constexpr double kMostlyTracked = 0.8, kPartlyTracked = 0.2;
}  // namespace

ClearMot compute_clear_mot(const DenseSequence& seq) {
  ClearMot r;
  r.gt = seq.n_gt_dets;
  const auto n_gt = static_cast<std::size_t>(seq.n_gt_ids);
  std::vector<std::int64_t> present(n_gt, 0), tracked(n_gt, 0), runs(n_gt, 0);
  std::vector<std::int32_t> last_hyp(n_gt, -1);             // for IDSW: last matched hypothesis ever
  std::vector<std::int32_t> step_hyp(n_gt, -1);             // hypothesis matched at step_of[g]
  std::vector<std::int64_t> step_of(n_gt, -2);              // evaluated step of that match
  std::int64_t step = 0;                                    // counts evaluated (non-skipped) frames
  double sim_sum = 0.0;
  std::vector<double> score;
  std::vector<std::int32_t> row_to_col;
  MatchingScratch scratch;

  for (const DenseFrame& f : seq.frames) {
    if (f.gt.empty()) {
      r.fp += static_cast<std::int64_t>(f.hyp.size());
      continue;
    }
    for (std::int32_t g : f.gt) ++present[g];
    if (f.hyp.empty()) {
      r.fn += static_cast<std::int64_t>(f.gt.size());
      continue;
    }
    const std::size_t ng = f.gt.size(), nh = f.hyp.size();
    score.assign(ng * nh, 0.0);
    for (std::size_t i = 0; i < ng; ++i) {
      const std::int32_t g = f.gt[i];
      const bool continuing = step_of[g] == step - 1;
      for (std::size_t j = 0; j < nh; ++j) {
        const double s = f.at(i, j);
        if (s < kMatchThreshold - kEps) continue;
        score[i * nh + j] = s + (continuing && step_hyp[g] == f.hyp[j] ? kContinuationBonus : 0.0);
      }
    }
    max_score_assignment(score, static_cast<int>(ng), static_cast<int>(nh), row_to_col, scratch);

    std::int64_t matches = 0;
    for (std::size_t i = 0; i < ng; ++i) {
      const std::int32_t j = row_to_col[i];
      if (j < 0 || score[i * nh + j] <= kEps) continue;
      const std::int32_t g = f.gt[i], h = f.hyp[j];
      if (last_hyp[g] >= 0 && last_hyp[g] != h) ++r.idsw;
      if (step_of[g] != step - 1) ++runs[g];  // a new tracked run starts here
      last_hyp[g] = h;
      step_hyp[g] = h;
      step_of[g] = step;
      ++tracked[g];
      ++matches;
      sim_sum += f.at(i, static_cast<std::size_t>(j));
    }
    r.matches += matches;
    r.fn += static_cast<std::int64_t>(ng) - matches;
    r.fp += static_cast<std::int64_t>(nh) - matches;
    ++step;
  }

  for (std::size_t g = 0; g < n_gt; ++g) {
    r.frag += std::max<std::int64_t>(0, runs[g] - 1);
    if (present[g] == 0) continue;
    const double ratio = static_cast<double>(tracked[g]) / static_cast<double>(present[g]);
    if (ratio > kMostlyTracked) ++r.mostly_tracked;
    else if (ratio >= kPartlyTracked) ++r.partly_tracked;
  }
  r.mostly_lost = seq.n_gt_ids - r.mostly_tracked - r.partly_tracked;
  const double gt = static_cast<double>(std::max<std::int64_t>(1, r.matches + r.fn));
  r.mota = 100.0 * static_cast<double>(r.matches - r.fp - r.idsw) / gt;
  r.similarity_sum = sim_sum;
  r.motp = sim_sum / static_cast<double>(std::max<std::int64_t>(1, r.matches));
  return r;
}

}  // namespace dpt::fusion::detail
