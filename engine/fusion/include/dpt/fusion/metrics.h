#pragma once
// Multi-object tracking metrics, implemented here from their papers:
//  - CLEAR MOT (Bernardin & Stiefelhagen 2008): MOTA, MOTP, with MT/PT/ML and fragmentations;
//  - IDF1 (Ristani et al. 2016): the identity-level global min-cost matching;
//  - HOTA (Luiten et al. 2021): DetA, AssA, LocA averaged over localisation thresholds
//    alpha = 0.05, 0.10, ..., 0.95.
// Conventions follow the MOTChallenge devkit (TrackEval): a match needs similarity >= 0.5 for
// CLEAR and IDF1; CLEAR keeps the previous frame's matches when still valid.
// Sources: engine/fusion/src/metrics_{clear_mot,identity,hota,evaluate,inputs,combine,matching}.cpp.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dpt/fusion/mot.h"

namespace dpt::fusion {

// One frame of an evaluation: ids of ground-truth objects and of tracker hypotheses present in
// it, and their similarity (gt-major, |gt| x |hyp|, each in 0..1: IoU for boxes, a distance score
// for ground points).
struct EvalFrame {
  std::vector<std::int32_t> gt_ids;
  std::vector<std::int32_t> hyp_ids;
  std::vector<double> similarity;
};

struct ClearMot {
  double mota = 0.0, motp = 0.0;  // MOTA in percent; MOTP = mean similarity of matches (0..1)
  double similarity_sum = 0.0;    // MOTP's numerator, so that sequences can be combined
  std::int64_t gt = 0, matches = 0, fp = 0, fn = 0, idsw = 0, frag = 0;
  std::int32_t mostly_tracked = 0, partly_tracked = 0, mostly_lost = 0;
};

struct IdScores {
  double idf1 = 0.0, idp = 0.0, idr = 0.0;  // percent
  std::int64_t idtp = 0, idfp = 0, idfn = 0;
};

// Localisation thresholds alpha_a = 0.05 + 0.05 a, a = 0 .. 18 (TrackEval: np.arange(0.05, 0.99, 0.05)).
inline constexpr int kHotaAlphaCount = 19;

struct Hota {
  // Means over the 19 alphas, percent (LocA: mean similarity of the matches, percent). As in
  // TrackEval, LocA is 100 when there are no matches at all.
  double hota = 0.0, deta = 0.0, assa = 0.0, loca = 0.0;
  double hota_at[kHotaAlphaCount] = {};  // per alpha 0.05 .. 0.95, percent
  double deta_at[kHotaAlphaCount] = {}, assa_at[kHotaAlphaCount] = {}, loca_at[kHotaAlphaCount] = {};
  std::int64_t tp_at[kHotaAlphaCount] = {}, fn_at[kHotaAlphaCount] = {}, fp_at[kHotaAlphaCount] = {};
};

struct MotMetrics {
  ClearMot clear;
  IdScores id;
  Hota hota;
  std::int32_t gt_ids = 0, hyp_ids = 0;  // distinct ids that take part (after ignore filtering)
  std::int64_t gt_dets = 0, hyp_dets = 0, ignored_hyp_dets = 0;
  // Empty when the input was well formed; otherwise why it was rejected (the scores are then all
  // zero). Reasons: a similarity matrix of the wrong size, a value outside 0..1 or NaN, an id twice
  // in one frame, a frame outside 1..n_frames, a non-positive d_max.
  std::string error;
  bool ok() const { return error.empty(); }
};

// Frames in time order; ids are arbitrary integers (not necessarily dense).
MotMetrics evaluate(std::span<const EvalFrame> frames);

// Scores over several sequences, combined as TrackEval's combine_sequences does: counts add up
// (GT, TP, FP, FN, IDSW, Frag, MT/PT/ML, IDTP/IDFP/IDFN, and HOTA's TP/FN/FP per alpha); MOTP and
// LocA are match-weighted means; AssA per alpha is the TP-weighted mean of the sequences' AssA;
// then MOTA, IDF1, DetA and HOTA are recomputed from those. Ids are per sequence, so gt_ids and
// hyp_ids add up too. A sequence with an error makes the result carry that error.
MotMetrics combine_sequences(std::span<const MotMetrics> sequences);

// MOTChallenge boxes: frames 1..n_frames, similarity = IoU. Ground-truth rows with conf == 0
// (the "ignore" flag) are dropped together with the hypotheses matched to them (IoU >= 0.5,
// Hungarian per frame against all ground truth), as the MOT devkit does; those hypotheses are
// neither TP nor FP. n_frames <= 0 means "up to the last frame present in either list".
MotMetrics evaluate_boxes(const std::vector<MotBox>& gt, const std::vector<MotBox>& hyp, int n_frames);

// Which ground-truth rows are scored, and which remove the hypotheses matched to them (IoU >= 0.5,
// Hungarian per frame against all ground truth). The official MOTChallenge evaluation (TrackEval,
// trackeval/datasets/mot_challenge_2d_box.py) differs per benchmark, so results meant to be
// compared with published MOT15 or MOT17 numbers must pick the matching rule.
enum class IgnoreRule : std::uint8_t {
  zero_marked_removes_hyps,  // default: conf 0 rows are not scored and remove their hypotheses
  trackeval_mot15,           // conf 0 rows are not scored; no hypothesis is removed (they count as FP)
  trackeval_mot17,           // MOT16/17: scored = conf != 0 and class 1 (pedestrian); hypotheses on
                             // classes 2, 7, 8, 12 (person on vehicle, static person, distractor,
                             // reflection) are removed. Needs the 9-column ground truth (class).
  trackeval_mot20,           // as MOT17, and class 6 (non-MOT vehicle) also removes hypotheses
};
struct BoxEvalOptions {
  IgnoreRule ignore = IgnoreRule::zero_marked_removes_hyps;
};
MotMetrics evaluate_boxes(const std::vector<MotBox>& gt, const std::vector<MotBox>& hyp, int n_frames,
                          const BoxEvalOptions& options);

// Ground-plane points (the district simulator's truth): similarity = max(0, 1 - d / d_max), so a
// CLEAR/IDF1 match needs d <= d_max / 2. Frames 1..n_frames as for boxes (n_frames <= 0: derived).
struct GroundPoint {
  std::int32_t frame = 0;
  std::int32_t id = 0;
  double x = 0.0, y = 0.0;
};
MotMetrics evaluate_points(const std::vector<GroundPoint>& gt, const std::vector<GroundPoint>& hyp, int n_frames,
                           double d_max = 2.0);

}  // namespace dpt::fusion
