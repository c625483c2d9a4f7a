#pragma once
// Multi-object tracking metrics, implemented here from their papers:
//  - CLEAR MOT (Bernardin & Stiefelhagen 2008): MOTA, MOTP, with MT/PT/ML and fragmentations;
//  - IDF1 (Ristani et al. 2016): the identity-level global min-cost matching;
//  - HOTA (Luiten et al. 2021): DetA, AssA, LocA averaged over localisation thresholds
//    alpha = 0.05, 0.10, ..., 0.95.
// Conventions follow the MOTChallenge devkit (TrackEval): a match needs similarity >= 0.5 for
// CLEAR and IDF1; CLEAR keeps the previous frame's matches when still valid.
#include <cstdint>
#include <span>
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
  std::int64_t gt = 0, matches = 0, fp = 0, fn = 0, idsw = 0, frag = 0;
  std::int32_t mostly_tracked = 0, partly_tracked = 0, mostly_lost = 0;
};

struct IdScores {
  double idf1 = 0.0, idp = 0.0, idr = 0.0;  // percent
  std::int64_t idtp = 0, idfp = 0, idfn = 0;
};

struct Hota {
  double hota = 0.0, deta = 0.0, assa = 0.0, loca = 0.0;  // percent (LocA: mean similarity, percent)
  double hota_at[19] = {};  // per alpha 0.05 .. 0.95, percent
};

struct MotMetrics {
  ClearMot clear;
  IdScores id;
  Hota hota;
  std::int32_t gt_ids = 0, hyp_ids = 0;
};

// Frames in time order; ids are arbitrary integers (not necessarily dense).
MotMetrics evaluate(std::span<const EvalFrame> frames);

// MOTChallenge boxes: frames 1..n_frames, similarity = IoU. Ground-truth rows with conf == 0
// (the "ignore" flag) are dropped together with the hypotheses matched to them, as the devkit does.
MotMetrics evaluate_boxes(const std::vector<MotBox>& gt, const std::vector<MotBox>& hyp, int n_frames);

// Ground-plane points (the district simulator's truth): similarity = max(0, 1 - d / d_max).
struct GroundPoint {
  std::int32_t frame = 0;
  std::int32_t id = 0;
  double x = 0.0, y = 0.0;
};
MotMetrics evaluate_points(const std::vector<GroundPoint>& gt, const std::vector<GroundPoint>& hyp, int n_frames,
                           double d_max = 2.0);

}  // namespace dpt::fusion
