// MOT metrics on hand-worked cases (the arithmetic is in the comments) and on real MOTChallenge
// ground truth compared with itself and with perturbed copies whose scores follow from the
// definitions (CLEAR MOT: Bernardin & Stiefelhagen 2008; IDF1: Ristani et al. 2016; HOTA: Luiten
// et al. 2021, with TrackEval's conventions).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "dpt/fusion/metrics.h"
#include "dpt/fusion/mot.h"

using namespace dpt::fusion;

namespace {

EvalFrame frame(std::vector<std::int32_t> gt, std::vector<std::int32_t> hyp, std::vector<double> sim) {
  return EvalFrame{std::move(gt), std::move(hyp), std::move(sim)};
}

MotBox box(int frame_no, int id, float x, float y, float w, float h, float conf = 1.f) {
  MotBox b;
  b.frame = frame_no;
  b.id = id;
  b.x = x;
  b.y = y;
  b.w = w;
  b.h = h;
  b.conf = conf;
  return b;
}

}  // namespace

TEST_CASE("ground truth given as the tracker scores 100 everywhere", "[fusion][metrics]") {
  // Two people over three frames, the second one leaving after frame 2: 5 boxes, each matched to
  // itself with IoU 1, so TP 5, FP = FN = IDSW = 0, MOTA 100, MOTP 1, IDF1 100, and at every alpha
  // DetA = AssA = 1, HOTA 100, LocA 100.
  const std::vector<MotBox> gt = {box(1, 1, 10, 10, 20, 40), box(1, 2, 100, 10, 20, 40), box(2, 1, 12, 10, 20, 40),
                                  box(2, 2, 98, 10, 20, 40), box(3, 1, 14, 10, 20, 40)};
  const MotMetrics m = evaluate_boxes(gt, gt, 3);
  REQUIRE(m.ok());
  CHECK(m.clear.gt == 5);
  CHECK(m.clear.matches == 5);
  CHECK(m.clear.fp == 0);
  CHECK(m.clear.fn == 0);
  CHECK(m.clear.idsw == 0);
  CHECK(m.clear.frag == 0);
  CHECK(m.clear.mota == Approx(100.0));
  CHECK(m.clear.motp == Approx(1.0));
  CHECK(m.clear.mostly_tracked == 2);
  CHECK(m.id.idf1 == Approx(100.0));
  CHECK(m.id.idtp == 5);
  CHECK(m.hota.hota == Approx(100.0));
  CHECK(m.hota.deta == Approx(100.0));
  CHECK(m.hota.assa == Approx(100.0));
  CHECK(m.hota.loca == Approx(100.0));
  CHECK(m.gt_ids == 2);
  CHECK(m.hyp_ids == 2);
}

TEST_CASE("an empty tracker misses everything; false positives alone make MOTA negative", "[fusion][metrics]") {
  const std::vector<MotBox> gt = {box(1, 1, 0, 0, 10, 10), box(2, 1, 1, 0, 10, 10), box(2, 2, 50, 0, 10, 10),
                                  box(3, 1, 2, 0, 10, 10), box(3, 2, 51, 0, 10, 10)};
  SECTION("empty tracker: FN = GT = 5, MOTA = 1 - 5/5 = 0, both gt mostly lost") {
    const MotMetrics m = evaluate_boxes(gt, {}, 3);
    REQUIRE(m.ok());
    CHECK(m.clear.fn == 5);
    CHECK(m.clear.gt == 5);
    CHECK(m.clear.fp == 0);
    CHECK(m.clear.mota == Approx(0.0).margin(1e-12));
    CHECK(m.clear.mostly_lost == 2);
    CHECK(m.id.idf1 == Approx(0.0).margin(1e-12));
    CHECK(m.id.idfn == 5);
    CHECK(m.hota.hota == Approx(0.0).margin(1e-12));
    CHECK(m.hota.deta == Approx(0.0).margin(1e-12));
  }
  SECTION("only false positives: 4 boxes far from everything, MOTA = 1 - (5 + 4)/5 = -80") {
    const std::vector<MotBox> hyp = {box(1, 7, 500, 500, 10, 10), box(2, 7, 500, 500, 10, 10),
                                     box(3, 7, 500, 500, 10, 10), box(3, 8, 600, 500, 10, 10)};
    const MotMetrics m = evaluate_boxes(gt, hyp, 3);
    REQUIRE(m.ok());
    CHECK(m.clear.fn == 5);
    CHECK(m.clear.fp == 4);
    CHECK(m.clear.matches == 0);
    CHECK(m.clear.mota == Approx(-80.0));
    CHECK(m.id.idfp == 4);
    CHECK(m.id.idf1 == Approx(0.0).margin(1e-12));
  }
  SECTION("a tracker on an empty scene: all FP, MOTA guarded to -FP/1") {
    // TrackEval divides by max(1, GT): MOTA = (0 - 2 - 0) / 1 = -200 percent.
    const MotMetrics m = evaluate_boxes({}, {box(1, 1, 0, 0, 5, 5), box(2, 1, 0, 0, 5, 5)}, 4);
    REQUIRE(m.ok());
    CHECK(m.clear.fp == 2);
    CHECK(m.clear.mota == Approx(-200.0));
    CHECK(m.hota.hota == Approx(0.0).margin(1e-12));
  }
  SECTION("nothing at all in any frame") {
    const MotMetrics m = evaluate_boxes({}, {}, 5);
    REQUIRE(m.ok());
    CHECK(m.clear.mota == Approx(0.0).margin(1e-12));
    CHECK(m.clear.gt == 0);
    CHECK(m.hota.hota == Approx(0.0).margin(1e-12));
  }
}

TEST_CASE("two objects, four frames, one identity switch", "[fusion][metrics]") {
  // gt 1 and 2 in every frame. Hypothesis 10 follows gt 1 in frames 1-2, then the tracker loses it
  // and restarts as 30 in frames 3-4; 20 follows gt 2 in frames 1-3 and misses frame 4; 40 is a
  // false alarm in frame 2.
  const std::vector<EvalFrame> frames = {
      frame({1, 2}, {10, 20}, {0.9, 0.0, 0.0, 0.8}),
      frame({1, 2}, {10, 20, 40}, {0.9, 0.0, 0.0, 0.0, 0.8, 0.0}),
      frame({1, 2}, {30, 20}, {0.7, 0.0, 0.0, 0.8}),
      frame({1, 2}, {30}, {0.6, 0.0}),
  };
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  // CLEAR: GT = 8; TP = 2 + 2 + 2 + 1 = 7; FN = 1 (gt 2, frame 4); FP = 1 (40); IDSW = 1 (gt 1:
  // 10 -> 30 in frame 3). MOTA = 1 - (1 + 1 + 1)/8 = 62.5. MOTP = (0.9+0.8+0.9+0.8+0.7+0.8+0.6)/7
  // = 5.5/7. gt 1 tracked 4/4 > 0.8: MT; gt 2 tracked 3/4 = 0.75: PT. No tracked run restarts: Frag 0.
  CHECK(m.clear.gt == 8);
  CHECK(m.clear.matches == 7);
  CHECK(m.clear.fn == 1);
  CHECK(m.clear.fp == 1);
  CHECK(m.clear.idsw == 1);
  CHECK(m.clear.frag == 0);
  CHECK(m.clear.mota == Approx(62.5));
  CHECK(m.clear.motp == Approx(5.5 / 7.0));
  CHECK(m.clear.mostly_tracked == 1);
  CHECK(m.clear.partly_tracked == 1);
  CHECK(m.clear.mostly_lost == 0);
  // IDF1: agreement (sim >= 0.5) counts (1,10) = 2, (1,30) = 2, (2,20) = 3. The best one-to-one
  // matching takes (2,20) and one of gt 1's two halves: IDTP = 3 + 2 = 5; IDFN = 8 - 5 = 3;
  // IDFP = 8 hypothesis boxes - 5 = 3; IDF1 = 2*5 / (2*5 + 3 + 3) = 62.5; IDP = IDR = 5/8.
  CHECK(m.id.idtp == 5);
  CHECK(m.id.idfn == 3);
  CHECK(m.id.idfp == 3);
  CHECK(m.id.idf1 == Approx(62.5));
  CHECK(m.id.idp == Approx(62.5));
  CHECK(m.id.idr == Approx(62.5));
  CHECK(m.gt_ids == 2);
  CHECK(m.hyp_ids == 4);
}

TEST_CASE("CLEAR keeps a still-valid match, switches when it fails, counts fragmentations", "[fusion][metrics]") {
  const std::vector<EvalFrame> frames = {
      frame({1}, {10}, {0.6}),              // 10 matches gt 1
      frame({1}, {10, 20}, {0.55, 0.95}),   // 10 still >= 0.5: kept, although 20 fits better; 20 is FP
      frame({1}, {10, 20}, {0.4, 0.95}),    // 10 fell below 0.5: 20 takes over, IDSW; 10 is FP
      frame({1}, {10, 20}, {0.3, 0.2}),     // nobody >= 0.5: FN, 2 FP
      frame({1}, {20}, {0.9}),              // 20 again: same id as last time, no IDSW; a new run: Frag
  };
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  // GT 5, TP 4, FN 1, FP 1 + 1 + 2 = 4, IDSW 1: MOTA = (4 - 4 - 1)/5 = -20.
  // MOTP = (0.6 + 0.55 + 0.95 + 0.9)/4 = 0.75. Tracked 4/5 = 0.8, not > 0.8: partly tracked.
  CHECK(m.clear.matches == 4);
  CHECK(m.clear.fn == 1);
  CHECK(m.clear.fp == 4);
  CHECK(m.clear.idsw == 1);
  CHECK(m.clear.frag == 1);
  CHECK(m.clear.mota == Approx(-20.0));
  CHECK(m.clear.motp == Approx(0.75));
  CHECK(m.clear.mostly_tracked == 0);
  CHECK(m.clear.partly_tracked == 1);
}

TEST_CASE("CLEAR follows TrackEval across a frame without any hypothesis", "[fusion][metrics]") {
  // TrackEval skips a frame with no hypotheses before it updates the "previous frame" matches, so a
  // track that resumes with the same id right after such a frame is not a new fragment, and its
  // continuation bonus still holds: in frame 3, 20 (0.9) would win on similarity, but 10 (0.6)
  // continues the frame-1 match. Frag 0, IDSW 0, TP 2, FN 1, FP 1: MOTA = (2 - 1 - 0)/3.
  const std::vector<EvalFrame> frames = {
      frame({1}, {10}, {0.6}),
      frame({1}, {}, {}),
      frame({1}, {10, 20}, {0.6, 0.9}),
  };
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  CHECK(m.clear.frag == 0);
  CHECK(m.clear.idsw == 0);
  CHECK(m.clear.matches == 2);
  CHECK(m.clear.fn == 1);
  CHECK(m.clear.fp == 1);
  CHECK(m.clear.mota == Approx(100.0 / 3.0));
}

TEST_CASE("HOTA: a ground-truth track split into two ids", "[fusion][metrics]") {
  // gt 1 in frames 1-4, hypothesis 10 on it in frames 1-2 and 20 in frames 3-4, similarity 1.
  // Every frame matches at every alpha: TP 4, FN = FP = 0, DetA = 1. Each TP's association:
  // TPA = 2, FNA = |gt| - TPA = 2, FPA = |hyp| - TPA = 0, A = 2/4 = 0.5, so AssA = 0.5 and
  // HOTA = sqrt(1 * 0.5) = 70.71 at every alpha; LocA = 1.
  // CLEAR: one IDSW, MOTA = (4 - 0 - 1)/4 = 75. IDF1: IDTP = 2 (one half), IDFN = 2, IDFP = 2: 50.
  const std::vector<EvalFrame> frames = {frame({1}, {10}, {1.0}), frame({1}, {10}, {1.0}), frame({1}, {20}, {1.0}),
                                         frame({1}, {20}, {1.0})};
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  CHECK(m.hota.deta == Approx(100.0));
  CHECK(m.hota.assa == Approx(50.0));
  CHECK(m.hota.hota == Approx(100.0 * std::sqrt(0.5)));
  CHECK(m.hota.hota == Approx(70.7107).epsilon(1e-5));
  CHECK(m.hota.loca == Approx(100.0));
  for (int a = 0; a < kHotaAlphaCount; ++a) CHECK(m.hota.hota_at[a] == Approx(100.0 * std::sqrt(0.5)));
  CHECK(m.clear.idsw == 1);
  CHECK(m.clear.mota == Approx(75.0));
  CHECK(m.id.idf1 == Approx(50.0));
}

TEST_CASE("HOTA: the paper's definitions at each alpha", "[fusion][metrics]") {
  // gt 1 and hypothesis 10 over two frames, similarity 0.88 then 0.32 (clear of every alpha).
  //  alpha 0.05..0.30 (6 values): TP 2, DetA = 2/2 = 1; TPA = 2, A = 2/(2 + 2 - 2) = 1; HOTA 1;
  //                                LocA = (0.88 + 0.32)/2 = 0.6.
  //  alpha 0.35..0.85 (11 values): TP 1, FN 1, FP 1, DetA = 1/3; TPA = 1, A = 1/(2 + 2 - 1) = 1/3;
  //                                HOTA = sqrt(1/9) = 1/3; LocA = 0.88.
  //  alpha 0.90, 0.95 (2 values):  TP 0, HOTA 0; LocA = 1 by TrackEval's convention.
  //  Means: HOTA = DetA = AssA = (6 + 11/3)/19 = 29/57; LocA = (6*0.6 + 11*0.88 + 2)/19 = 15.28/19.
  const std::vector<EvalFrame> frames = {frame({1}, {10}, {0.88}), frame({1}, {10}, {0.32})};
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  const int a045 = 8;  // alpha = 0.05 + 0.05 * 8 = 0.45
  CHECK(m.hota.tp_at[a045] == 1);
  CHECK(m.hota.fn_at[a045] == 1);
  CHECK(m.hota.fp_at[a045] == 1);
  CHECK(m.hota.deta_at[a045] == Approx(100.0 / 3.0));
  CHECK(m.hota.assa_at[a045] == Approx(100.0 / 3.0));
  CHECK(m.hota.hota_at[a045] == Approx(100.0 / 3.0));
  CHECK(m.hota.loca_at[a045] == Approx(88.0));
  CHECK(m.hota.hota_at[0] == Approx(100.0));
  CHECK(m.hota.loca_at[0] == Approx(60.0));
  CHECK(m.hota.hota_at[18] == Approx(0.0).margin(1e-12));
  CHECK(m.hota.hota == Approx(100.0 * 29.0 / 57.0));
  CHECK(m.hota.deta == Approx(100.0 * 29.0 / 57.0));
  CHECK(m.hota.assa == Approx(100.0 * 29.0 / 57.0));
  CHECK(m.hota.loca == Approx(100.0 * 15.28 / 19.0));
}

TEST_CASE("HOTA: the per-frame matching is weighted by global alignment", "[fusion][metrics]") {
  // gt 1 in frames 1-3; hypothesis 10 on it throughout (similarity 0.62), hypothesis 20 only in
  // frame 3 (similarity 0.8). Potential matches (normalised per frame):
  //   frames 1-2: 0.62/(0.62 + 0.62 - 0.62) = 1 for (1,10);
  //   frame 3: row sum 1.42; (1,10): 0.62/1.42; (1,20): 0.8/1.42.
  // Alignment (1,10) = P/(3 + 3 - P) with P = 2 + 0.62/1.42 = 2.4366: 0.6838; (1,20) =
  // (0.8/1.42)/(3 + 1 - 0.8/1.42) = 0.1639. Frame 3 scores: 0.6838*0.62 = 0.424 > 0.1639*0.8 = 0.131,
  // so 10 keeps the gt (a similarity-only matching would take 20).
  //  alpha 0.05..0.60 (12 values): TP 3, FN 0, FP 1 (20): DetA = 3/4; pair (1,10) TPA 3,
  //   A = 3/(3 + 3 - 3) = 1, AssA = 1; HOTA = sqrt(3/4).
  //  alpha 0.65..0.95 (7 values): TP 0, HOTA 0.   Mean HOTA = 12 sqrt(3/4)/19.
  const std::vector<EvalFrame> frames = {frame({1}, {10}, {0.62}), frame({1}, {10}, {0.62}),
                                         frame({1}, {10, 20}, {0.62, 0.8})};
  const MotMetrics m = evaluate(frames);
  REQUIRE(m.ok());
  CHECK(m.hota.assa_at[0] == Approx(100.0));
  CHECK(m.hota.deta_at[0] == Approx(75.0));
  CHECK(m.hota.hota_at[11] == Approx(100.0 * std::sqrt(0.75)));  // alpha 0.60
  CHECK(m.hota.hota_at[12] == Approx(0.0).margin(1e-12));         // alpha 0.65
  CHECK(m.hota.hota == Approx(100.0 * 12.0 * std::sqrt(0.75) / 19.0));
}

TEST_CASE("ignored ground truth removes the hypotheses on it and is not a miss", "[fusion][metrics]") {
  // gt 1 (kept) at (0,0,10,10) in frames 1-2; gt 2 at (100,100,10,10) flagged conf 0 (ignore).
  // Frame 1: hypothesis 10 on gt 1 (IoU 1); 20 at (101,100,10,10): IoU with the ignored box
  //   = 9*10 / (100 + 100 - 90) = 0.818 >= 0.5, so 20 is removed.
  // Frame 2: 10 on gt 1; 30 far away (FP); 40 at (105,100,10,10): IoU = 50/150 = 1/3 < 0.5, kept: FP.
  // GT = 2 (the ignored box is no FN), TP 2, FP 2, FN 0: MOTA = (2 - 2 - 0)/2 = 0.
  const std::vector<MotBox> gt = {box(1, 1, 0, 0, 10, 10), box(1, 2, 100, 100, 10, 10, 0.f),
                                  box(2, 1, 0, 0, 10, 10), box(2, 2, 100, 100, 10, 10, 0.f)};
  const std::vector<MotBox> hyp = {box(1, 10, 0, 0, 10, 10), box(1, 20, 101, 100, 10, 10), box(2, 10, 0, 0, 10, 10),
                                   box(2, 30, 300, 300, 10, 10), box(2, 40, 105, 100, 10, 10)};
  const MotMetrics m = evaluate_boxes(gt, hyp, 2);
  REQUIRE(m.ok());
  CHECK(m.ignored_hyp_dets == 1);
  CHECK(m.clear.gt == 2);
  CHECK(m.clear.fn == 0);
  CHECK(m.clear.fp == 2);
  CHECK(m.clear.matches == 2);
  CHECK(m.clear.mota == Approx(0.0).margin(1e-12));
  CHECK(m.gt_ids == 1);
  CHECK(m.hyp_ids == 3);  // 10, 30, 40: 20 vanished with its only box
  CHECK(m.hyp_dets == 4);
  // Identity: IDTP 2 (gt 1 with 10), IDFN 0, IDFP 2: IDF1 = 4/(4 + 2) = 66.67.
  CHECK(m.id.idf1 == Approx(200.0 / 3.0));
}

TEST_CASE("sequences combine as sums of counts, not means of scores", "[fusion][metrics]") {
  // Sequence A: the identity-switch example (GT 8, TP 7, FN 1, FP 1, IDSW 1; IDTP 5, IDFN 3, IDFP 3).
  const std::vector<EvalFrame> a = {
      frame({1, 2}, {10, 20}, {0.9, 0.0, 0.0, 0.8}),
      frame({1, 2}, {10, 20, 40}, {0.9, 0.0, 0.0, 0.0, 0.8, 0.0}),
      frame({1, 2}, {30, 20}, {0.7, 0.0, 0.0, 0.8}),
      frame({1, 2}, {30}, {0.6, 0.0}),
  };
  // Sequence B: the CLEAR continuation example (GT 5, TP 4, FN 1, FP 4, IDSW 1). Identity: gt 1
  // agrees with 10 in frames 1-2 (2) and with 20 in frames 2, 3, 5 (3): IDTP 3, IDFN 5 - 3 = 2,
  // IDFP = 8 hypothesis boxes - 3 = 5.
  const std::vector<EvalFrame> b = {
      frame({1}, {10}, {0.6}),
      frame({1}, {10, 20}, {0.55, 0.95}),
      frame({1}, {10, 20}, {0.4, 0.95}),
      frame({1}, {10, 20}, {0.3, 0.2}),
      frame({1}, {20}, {0.9}),
  };
  const MotMetrics per_seq[2] = {evaluate(a), evaluate(b)};
  REQUIRE(per_seq[1].id.idtp == 3);
  const MotMetrics m = combine_sequences(per_seq);
  REQUIRE(m.ok());
  // MOTA = 1 - (FN + FP + IDSW)/GT = 1 - (2 + 5 + 2)/13 = 4/13 (not the mean of 62.5 and -20).
  CHECK(m.clear.gt == 13);
  CHECK(m.clear.mota == Approx(100.0 * 4.0 / 13.0));
  // MOTP = (5.5 + 3.0)/(7 + 4).
  CHECK(m.clear.motp == Approx(8.5 / 11.0));
  CHECK(m.clear.mostly_tracked + m.clear.partly_tracked + m.clear.mostly_lost == 3);
  // IDF1 = 2*8 / (2*8 + (3 + 5) + (3 + 2)) = 16/29.
  CHECK(m.id.idf1 == Approx(100.0 * 16.0 / 29.0));

  SECTION("HOTA: DetA from summed counts, AssA weighted by TPs") {
    // A: the split track (TP 4, AssA 0.5 at every alpha). B: one exact match and one FP (TP 1,
    // FP 1, AssA 1). Combined: DetA = 5/(5 + 0 + 1) = 5/6, AssA = (4*0.5 + 1*1)/5 = 3/5,
    // HOTA = sqrt(5/6 * 3/5) = sqrt(1/2) at every alpha.
    const std::vector<EvalFrame> split = {frame({1}, {10}, {1.0}), frame({1}, {10}, {1.0}), frame({1}, {20}, {1.0}),
                                          frame({1}, {20}, {1.0})};
    const std::vector<EvalFrame> one = {frame({1}, {10, 20}, {1.0, 0.0})};
    const MotMetrics parts[2] = {evaluate(split), evaluate(one)};
    const MotMetrics h = combine_sequences(parts);
    CHECK(h.hota.deta == Approx(100.0 * 5.0 / 6.0));
    CHECK(h.hota.assa == Approx(60.0));
    CHECK(h.hota.hota == Approx(100.0 * std::sqrt(0.5)));
    CHECK(h.hota.loca == Approx(100.0));
  }
  SECTION("one sequence combines to itself") {
    const MotMetrics self = combine_sequences(std::span<const MotMetrics>(per_seq, 1));
    CHECK(self.clear.mota == Approx(per_seq[0].clear.mota));
    CHECK(self.id.idf1 == Approx(per_seq[0].id.idf1));
    CHECK(self.hota.hota == Approx(per_seq[0].hota.hota));
    CHECK(self.hota.loca == Approx(per_seq[0].hota.loca));
  }
}

TEST_CASE("the ignore rules of the MOTChallenge benchmarks", "[fusion][metrics]") {
  // One frame, five gt boxes far apart, a hypothesis exactly on each (IoU 1):
  //   gt 1: pedestrian (class 1), conf 1        hyp 10
  //   gt 2: static person (class 7), conf 0     hyp 20
  //   gt 3: pedestrian, conf 0 (zero-marked)    hyp 30
  //   gt 4: car (class 3), conf 0               hyp 40
  //   gt 5: non-MOT vehicle (class 6), conf 0   hyp 50
  // Only gt 1 is ever scored (TP 1, GT 1, FN 0). The rules differ in which hypotheses they remove:
  //   default: every conf-0 gt removes its hypothesis: 20, 30, 40, 50 -> FP 0, MOTA 100;
  //   MOT15:   none removed -> FP 4, MOTA = (1 - 4)/1 = -300;
  //   MOT17:   class 7 removes 20 -> FP 3 (30, 40, 50), MOTA -200;
  //   MOT20:   classes 7 and 6 remove 20 and 50 -> FP 2, MOTA -100.
  std::vector<MotBox> gt, hyp;
  const int classes[5] = {1, 7, 1, 3, 6};
  for (int k = 0; k < 5; ++k) {
    MotBox g = box(1, k + 1, 100.f * static_cast<float>(k), 0, 20, 40, k == 0 ? 1.f : 0.f);
    g.cls = classes[k];
    gt.push_back(g);
    hyp.push_back(box(1, 10 * (k + 1), 100.f * static_cast<float>(k), 0, 20, 40));
  }
  struct Case {
    IgnoreRule rule;
    std::int64_t fp, removed;
    double mota;
  };
  for (const Case& c : {Case{IgnoreRule::zero_marked_removes_hyps, 0, 4, 100.0}, Case{IgnoreRule::trackeval_mot15, 4, 0, -300.0},
                        Case{IgnoreRule::trackeval_mot17, 3, 1, -200.0}, Case{IgnoreRule::trackeval_mot20, 2, 2, -100.0}}) {
    BoxEvalOptions options;
    options.ignore = c.rule;
    const MotMetrics m = evaluate_boxes(gt, hyp, 1, options);
    INFO("rule " << static_cast<int>(c.rule));
    REQUIRE(m.ok());
    CHECK(m.clear.gt == 1);
    CHECK(m.clear.matches == 1);
    CHECK(m.clear.fn == 0);
    CHECK(m.clear.fp == c.fp);
    CHECK(m.ignored_hyp_dets == c.removed);
    CHECK(m.clear.mota == Approx(c.mota));
  }
}

TEST_CASE("evaluate_points scores ground positions by distance", "[fusion][metrics]") {
  // d_max = 2: similarity = 1 - d/2. gt 1 at (0,0) and gt 2 at (10,0) in frames 1-3. Hypothesis 7
  // at (0.44,0): similarity 0.78; 8 at (10,1.16): similarity 0.42 < 0.5, so no CLEAR/IDF1 match.
  // CLEAR: GT 6, TP 3, FN 3, FP 3: MOTA = (3 - 3)/6 = 0, MOTP 0.78. IDF1: IDTP 3, IDFN 3, IDFP 3: 50.
  // HOTA: alignments are 1 (each pair alone in its row and column, every frame).
  //  alpha 0.05..0.40 (8): both pairs match, DetA 1, AssA 1 (A = 3/(3+3-3));
  //  alpha 0.45..0.75 (7): only (1,7): DetA = 3/(3+3+3) = 1/3, AssA 1, HOTA = sqrt(1/3);
  //  alpha 0.80..0.95 (4): nothing.  Mean HOTA = (8 + 7 sqrt(1/3))/19.
  std::vector<GroundPoint> gt, hyp;
  for (int f = 1; f <= 3; ++f) {
    gt.push_back({f, 1, 0.0, 0.0});
    gt.push_back({f, 2, 10.0, 0.0});
    hyp.push_back({f, 7, 0.44, 0.0});
    hyp.push_back({f, 8, 10.0, 1.16});
  }
  const MotMetrics m = evaluate_points(gt, hyp, 3, 2.0);
  REQUIRE(m.ok());
  CHECK(m.clear.matches == 3);
  CHECK(m.clear.fn == 3);
  CHECK(m.clear.fp == 3);
  CHECK(m.clear.mota == Approx(0.0).margin(1e-12));
  CHECK(m.clear.motp == Approx(0.78));
  CHECK(m.id.idf1 == Approx(50.0));
  CHECK(m.hota.hota == Approx(100.0 * (8.0 + 7.0 * std::sqrt(1.0 / 3.0)) / 19.0));

  SECTION("a larger d_max turns 8 into a match") {
    // d_max = 4: 8's similarity = 1 - 1.16/4 = 0.71 >= 0.5; 7's = 0.89. All 6 match: MOTA 100,
    // MOTP = (3*0.89 + 3*0.71)/6 = 0.8.
    const MotMetrics w = evaluate_points(gt, hyp, 3, 4.0);
    REQUIRE(w.ok());
    CHECK(w.clear.mota == Approx(100.0));
    CHECK(w.clear.motp == Approx(0.8));
  }
  SECTION("a non-positive d_max is rejected") { CHECK_FALSE(evaluate_points(gt, hyp, 3, 0.0).ok()); }
}

TEST_CASE("malformed evaluation input is reported, not scored", "[fusion][metrics]") {
  CHECK_FALSE(evaluate(std::vector<EvalFrame>{frame({1, 2}, {10}, {0.5})}).ok());        // 2x1 needs 2 values
  CHECK_FALSE(evaluate(std::vector<EvalFrame>{frame({1}, {10}, {1.5})}).ok());           // outside 0..1
  CHECK_FALSE(evaluate(std::vector<EvalFrame>{frame({1}, {10}, {std::nan("")})}).ok());  // NaN
  CHECK_FALSE(evaluate(std::vector<EvalFrame>{frame({1, 1}, {10}, {0.5, 0.5})}).ok());   // gt 1 twice
  const MotMetrics dup = evaluate_boxes({box(1, 1, 0, 0, 5, 5)}, {box(1, 3, 0, 0, 5, 5), box(1, 3, 9, 0, 5, 5)}, 1);
  CHECK_FALSE(dup.ok());
  CHECK(dup.error.find("appears twice") != std::string::npos);
  const MotMetrics late = evaluate_boxes({box(1, 1, 0, 0, 5, 5)}, {box(7, 3, 0, 0, 5, 5)}, 5);
  CHECK_FALSE(late.ok());
  CHECK(late.error.find("outside 1..5") != std::string::npos);
  CHECK_FALSE(evaluate_boxes({box(1, 1, 0, 0, -5, 5)}, {}, 1).ok());
  // n_frames <= 0: the last frame present (7) sets the length.
  CHECK(evaluate_boxes({box(1, 1, 0, 0, 5, 5)}, {box(7, 3, 0, 0, 5, 5)}, 0).ok());
}

// ---- Real data: MOTChallenge 2015 training ground truth, read in place ----------------------------

namespace {

struct Mot15Seq {
  std::vector<MotBox> gt;
  int n_frames = 0;
};

Mot15Seq load_mot15(const std::string& name) {
  const std::string dir = std::string(DPT_SHARED_DATA) + "/tracking/mot15/" + name;
  auto gt = read_mot_file(dir + "/gt/gt.txt");
  auto info = read_seqinfo(dir + "/seqinfo.ini");
  INFO(name);
  REQUIRE(gt.ok());
  REQUIRE(info.ok());
  return {std::move(gt.value()), info->seq_length};
}

// Even a perfect tracker fragments where the ground truth itself has gaps: a gt id absent from a
// frame that has other (kept) ground truth ends its tracked run there. Frames with no kept ground
// truth are skipped by the evaluation (TrackEval), so a gap made only of those does not count.
std::int64_t expected_fragmentations(const std::vector<MotBox>& gt) {
  std::map<std::int32_t, std::vector<std::int32_t>> frames_of;
  std::map<std::int32_t, bool> frame_has_gt;
  for (const MotBox& b : gt) {
    if (b.conf == 0.f) continue;
    frames_of[b.id].push_back(b.frame);
    frame_has_gt[b.frame] = true;
  }
  std::int64_t frag = 0;
  for (auto& [id, frames] : frames_of) {
    std::sort(frames.begin(), frames.end());
    for (std::size_t k = 1; k < frames.size(); ++k) {
      bool evaluated_gap = false;
      for (std::int32_t f = frames[k - 1] + 1; f < frames[k] && !evaluated_gap; ++f)
        evaluated_gap = frame_has_gt.count(f) > 0;
      frag += evaluated_gap ? 1 : 0;
    }
  }
  return frag;
}

}  // namespace

TEST_CASE("MOT15 ground truth against itself scores 100 on every sequence", "[fusion][metrics][data]") {
  for (const char* name : {"ADL-Rundle-6", "ETH-Bahnhof", "KITTI-13", "PETS09-S2L1", "TUD-Stadtmitte"}) {
    const Mot15Seq seq = load_mot15(name);
    std::int64_t ignored = 0;
    for (const MotBox& b : seq.gt) ignored += b.conf == 0.f ? 1 : 0;
    // The copy's boxes on ignored ground truth land on their twins (IoU 1) and are removed.
    const MotMetrics m = evaluate_boxes(seq.gt, seq.gt, seq.n_frames);
    INFO(name << ": " << m.error);
    REQUIRE(m.ok());
    CHECK(m.ignored_hyp_dets == ignored);
    CHECK(m.clear.gt == static_cast<std::int64_t>(seq.gt.size()) - ignored);
    CHECK(m.clear.mota == Approx(100.0));
    CHECK(m.clear.motp == Approx(1.0));
    CHECK(m.clear.idsw == 0);
    CHECK(m.clear.frag == expected_fragmentations(seq.gt));
    CHECK(m.id.idf1 == Approx(100.0));
    CHECK(m.hota.hota == Approx(100.0));
  }
}

TEST_CASE("MOT15 ground truth with every tenth box dropped", "[fusion][metrics][data]") {
  // ADL-Rundle-6 has no ignored rows. Dropping d of the G boxes leaves a tracker with no FP and no
  // IDSW: MOTA = 1 - d/G; IDTP = G - d, IDFP = 0, IDFN = d: IDF1 = 2(G-d)/(2(G-d) + d). HOTA at
  // every alpha (similarity 1): DetA = (G-d)/G; for gt g with n_g boxes of which d_g dropped, each
  // TP has A = (n_g - d_g)/(n_g + (n_g - d_g) - (n_g - d_g)) = (n_g - d_g)/n_g, so
  // AssA = sum_g (n_g - d_g)^2/n_g / (G - d).
  const Mot15Seq seq = load_mot15("ADL-Rundle-6");
  std::vector<MotBox> hyp;
  std::map<std::int32_t, double> n, dropped;
  for (std::size_t k = 0; k < seq.gt.size(); ++k) {
    n[seq.gt[k].id] += 1.0;
    if (k % 10 == 9) dropped[seq.gt[k].id] += 1.0;
    else hyp.push_back(seq.gt[k]);
  }
  const double g_total = static_cast<double>(seq.gt.size());
  const double d = g_total - static_cast<double>(hyp.size());
  double ass_sum = 0.0;
  for (const auto& [id, n_g] : n) ass_sum += (n_g - dropped[id]) * (n_g - dropped[id]) / n_g;
  const double det_a = (g_total - d) / g_total, ass_a = ass_sum / (g_total - d);

  const MotMetrics m = evaluate_boxes(seq.gt, hyp, seq.n_frames);
  REQUIRE(m.ok());
  CHECK(m.clear.fn == static_cast<std::int64_t>(d));
  CHECK(m.clear.fp == 0);
  CHECK(m.clear.idsw == 0);
  CHECK(m.clear.mota == Approx(100.0 * (1.0 - d / g_total)));
  CHECK(m.id.idf1 == Approx(100.0 * 2.0 * (g_total - d) / (2.0 * (g_total - d) + d)));
  CHECK(m.hota.deta == Approx(100.0 * det_a));
  CHECK(m.hota.assa == Approx(100.0 * ass_a));
  CHECK(m.hota.hota == Approx(100.0 * std::sqrt(det_a * ass_a)));
}

TEST_CASE("MOT15 ground truth relabelled halfway through", "[fusion][metrics][data]") {
  // Every id gets a new one after the middle frame. A gt seen b_g times before and a_g times after
  // the cut (n_g = a_g + b_g) switches once if both are > 0: IDSW = #such gt, MOTA = 1 - IDSW/G.
  // Each half agrees only with its own gt, so IDTP = sum_g max(a_g, b_g) and IDFN = IDFP = G - IDTP:
  // IDF1 = IDTP/G. HOTA: DetA 1; the TPs of a half with c boxes have A = c/n_g:
  // AssA = sum_g (a_g^2 + b_g^2)/n_g / G.
  const Mot15Seq seq = load_mot15("PETS09-S2L1");
  const int cut = seq.n_frames / 2;
  std::vector<MotBox> gt, hyp;
  std::map<std::int32_t, double> before, after;
  for (MotBox b : seq.gt) {
    if (b.conf == 0.f) continue;  // keep this case free of ignore regions
    gt.push_back(b);
    if (b.frame > cut) {
      after[b.id] += 1.0;
      b.id += 100000;
    } else {
      before[b.id] += 1.0;
    }
    hyp.push_back(b);
  }
  const double g_total = static_cast<double>(gt.size());
  std::int64_t switches = 0;
  double idtp = 0.0, ass_sum = 0.0;
  std::map<std::int32_t, bool> ids;
  for (const MotBox& b : gt) ids[b.id] = true;
  for (const auto& [id, unused] : ids) {
    const double a = after[id], bf = before[id];
    switches += (a > 0 && bf > 0) ? 1 : 0;
    idtp += std::max(a, bf);
    ass_sum += (a * a + bf * bf) / (a + bf);
  }
  REQUIRE(switches > 0);

  const MotMetrics m = evaluate_boxes(gt, hyp, seq.n_frames);
  REQUIRE(m.ok());
  CHECK(m.clear.idsw == switches);
  CHECK(m.clear.mota == Approx(100.0 * (1.0 - static_cast<double>(switches) / g_total)));
  CHECK(m.id.idtp == static_cast<std::int64_t>(idtp));
  CHECK(m.id.idf1 == Approx(100.0 * idtp / g_total));
  CHECK(m.hota.deta == Approx(100.0));
  CHECK(m.hota.assa == Approx(100.0 * ass_sum / g_total));
}

TEST_CASE("MOT15 ground truth shifted by a fifth of the box width", "[fusion][metrics][data]") {
  // Shifting a w x h box by w/5 sideways leaves an overlap of 0.8 w h over a union of 1.2 w h:
  // IoU = 2/3 for every box. All still match (>= 0.5): MOTA 100, MOTP 2/3. HOTA: TPs at
  // alpha <= 0.65 (13 of the 19 alphas) with AssA 1, none above: HOTA = 13/19; LocA = 2/3.
  const Mot15Seq seq = load_mot15("TUD-Stadtmitte");
  std::vector<MotBox> hyp = seq.gt;
  for (MotBox& b : hyp) b.x += b.w / 5.f;
  const MotMetrics m = evaluate_boxes(seq.gt, hyp, seq.n_frames);
  REQUIRE(m.ok());
  CHECK(m.clear.mota == Approx(100.0));
  CHECK(m.clear.motp == Approx(2.0 / 3.0).epsilon(1e-5));
  CHECK(m.id.idf1 == Approx(100.0));
  CHECK(m.hota.hota == Approx(100.0 * 13.0 / 19.0).epsilon(1e-5));
  CHECK(m.hota.assa == Approx(100.0 * 13.0 / 19.0).epsilon(1e-5));
  CHECK(m.hota.hota_at[12] == Approx(100.0));                 // alpha 0.65
  CHECK(m.hota.hota_at[13] == Approx(0.0).margin(1e-12));     // alpha 0.70
  CHECK(m.hota.loca_at[0] == Approx(100.0 * 2.0 / 3.0).epsilon(1e-5));
}
