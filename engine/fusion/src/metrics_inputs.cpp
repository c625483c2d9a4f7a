// Builds evaluation frames from MOTChallenge boxes (similarity = IoU) and from ground-plane points
// (similarity = max(0, 1 - d / d_max)), then evaluates them.
#include <algorithm>
#include <cmath>

#include "metrics_matching.h"
#include "metrics_sequence.h"

namespace dpt::fusion {

namespace {

// Intersection over union of two x,y,w,h boxes, guarded as TrackEval's _calculate_box_ious is:
// a degenerate box or an empty union gives 0.
double box_iou(const MotBox& a, const MotBox& b) {
  const double ax2 = double(a.x) + a.w, ay2 = double(a.y) + a.h, bx2 = double(b.x) + b.w, by2 = double(b.y) + b.h;
  const double iw = std::max(0.0, std::min(ax2, bx2) - std::max<double>(a.x, b.x));
  const double ih = std::max(0.0, std::min(ay2, by2) - std::max<double>(a.y, b.y));
  const double inter = iw * ih;
  const double area_a = double(a.w) * a.h, area_b = double(b.w) * b.h;
  const double uni = area_a + area_b - inter;
  if (area_a <= detail::kEps || area_b <= detail::kEps || uni <= detail::kEps) return 0.0;
  return std::clamp(inter / uni, 0.0, 1.0);
}

// Frame count and per-frame row lists (1-based frames; index 0 unused). Empty string when fine.
template <class Row>
std::string bucket_by_frame(const std::vector<Row>& rows, int n_frames, const char* what,
                            std::vector<std::vector<std::size_t>>& buckets) {
  buckets.assign(static_cast<std::size_t>(n_frames) + 1, {});
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto f = rows[k].frame;
    if (f < 1 || f > n_frames)
      return std::string(what) + " row " + std::to_string(k + 1) + ": frame " + std::to_string(f) +
             " outside 1.." + std::to_string(n_frames);
    buckets[static_cast<std::size_t>(f)].push_back(k);
  }
  return {};
}

template <class Row>
int last_frame(const std::vector<Row>& a, const std::vector<Row>& b) {
  int n = 0;
  for (const Row& r : a) n = std::max<int>(n, r.frame);
  for (const Row& r : b) n = std::max<int>(n, r.frame);
  return n;
}

// Whether a ground-truth row is scored, and whether a hypothesis matched to it is removed.
bool gt_scored(const MotBox& g, IgnoreRule rule) {
  if (g.conf == 0.f) return false;
  return rule == IgnoreRule::zero_marked_removes_hyps || rule == IgnoreRule::trackeval_mot15 || g.cls == 1;
}

bool gt_removes_hyp(const MotBox& g, IgnoreRule rule) {
  switch (rule) {
    case IgnoreRule::zero_marked_removes_hyps: return g.conf == 0.f;
    case IgnoreRule::trackeval_mot15: return false;
    case IgnoreRule::trackeval_mot17: return g.cls == 2 || g.cls == 7 || g.cls == 8 || g.cls == 12;
    case IgnoreRule::trackeval_mot20: return g.cls == 2 || g.cls == 6 || g.cls == 7 || g.cls == 8 || g.cls == 12;
  }
  return false;
}

std::string check_box(const MotBox& b, const char* what, std::size_t row) {
  const bool finite = std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.w) && std::isfinite(b.h);
  if (finite && b.w >= 0.f && b.h >= 0.f) return {};
  return std::string(what) + " row " + std::to_string(row + 1) + ": box is not finite or has a negative size";
}

}  // namespace

MotMetrics evaluate_boxes(const std::vector<MotBox>& gt, const std::vector<MotBox>& hyp, int n_frames) {
  return evaluate_boxes(gt, hyp, n_frames, BoxEvalOptions{});
}

MotMetrics evaluate_boxes(const std::vector<MotBox>& gt, const std::vector<MotBox>& hyp, int n_frames,
                          const BoxEvalOptions& options) {
  const IgnoreRule rule = options.ignore;
  MotMetrics fail;
  for (std::size_t k = 0; k < gt.size() && fail.ok(); ++k) fail.error = check_box(gt[k], "ground-truth", k);
  for (std::size_t k = 0; k < hyp.size() && fail.ok(); ++k) fail.error = check_box(hyp[k], "hypothesis", k);
  if (n_frames <= 0) n_frames = last_frame(gt, hyp);
  std::vector<std::vector<std::size_t>> gt_rows, hyp_rows;
  if (fail.ok()) fail.error = bucket_by_frame(gt, n_frames, "ground-truth", gt_rows);
  if (fail.ok()) fail.error = bucket_by_frame(hyp, n_frames, "hypothesis", hyp_rows);
  if (!fail.ok()) return fail;

  std::vector<EvalFrame> frames(static_cast<std::size_t>(n_frames));
  std::vector<double> iou, score;
  std::vector<std::int32_t> row_to_col;
  std::vector<std::uint8_t> drop_hyp;
  detail::MatchingScratch scratch;
  std::int64_t ignored = 0;
  for (int f = 1; f <= n_frames; ++f) {
    const auto& gr = gt_rows[static_cast<std::size_t>(f)];
    const auto& hr = hyp_rows[static_cast<std::size_t>(f)];
    const std::size_t ng = gr.size(), nh = hr.size();
    iou.resize(ng * nh);
    bool any_removing = false;
    for (std::size_t i = 0; i < ng; ++i) {
      any_removing = any_removing || gt_removes_hyp(gt[gr[i]], rule);
      for (std::size_t j = 0; j < nh; ++j) iou[i * nh + j] = box_iou(gt[gr[i]], hyp[hr[j]]);
    }
    // MOT devkit preprocessing: match all gt (scored or not) to the hypotheses at IoU >= 0.5;
    // a hypothesis that lands on an ignored (or distractor) gt is removed rather than counted as FP.
    drop_hyp.assign(nh, 0);
    if (any_removing && nh > 0) {
      score.assign(ng * nh, 0.0);
      for (std::size_t k = 0; k < ng * nh; ++k)
        if (iou[k] >= 0.5 - detail::kEps) score[k] = iou[k];
      detail::max_score_assignment(score, static_cast<int>(ng), static_cast<int>(nh), row_to_col, scratch);
      for (std::size_t i = 0; i < ng; ++i) {
        const std::int32_t j = row_to_col[i];
        if (j >= 0 && score[i * nh + j] > detail::kEps && gt_removes_hyp(gt[gr[i]], rule)) drop_hyp[j] = 1;
      }
    }
    EvalFrame& out = frames[static_cast<std::size_t>(f - 1)];
    for (std::size_t j = 0; j < nh; ++j) {
      if (drop_hyp[j]) ++ignored;
      else out.hyp_ids.push_back(hyp[hr[j]].id);
    }
    for (std::size_t i = 0; i < ng; ++i) {
      if (!gt_scored(gt[gr[i]], rule)) continue;
      out.gt_ids.push_back(gt[gr[i]].id);
      for (std::size_t j = 0; j < nh; ++j)
        if (!drop_hyp[j]) out.similarity.push_back(iou[i * nh + j]);
    }
  }
  MotMetrics m = evaluate(frames);
  m.ignored_hyp_dets = ignored;
  return m;
}

MotMetrics evaluate_points(const std::vector<GroundPoint>& gt, const std::vector<GroundPoint>& hyp, int n_frames,
                           double d_max) {
  MotMetrics fail;
  if (!(d_max > 0.0) || !std::isfinite(d_max)) fail.error = "d_max must be a positive distance";
  for (std::size_t k = 0; k < gt.size() && fail.ok(); ++k)
    if (!std::isfinite(gt[k].x) || !std::isfinite(gt[k].y))
      fail.error = "ground-truth row " + std::to_string(k + 1) + ": position is not finite";
  for (std::size_t k = 0; k < hyp.size() && fail.ok(); ++k)
    if (!std::isfinite(hyp[k].x) || !std::isfinite(hyp[k].y))
      fail.error = "hypothesis row " + std::to_string(k + 1) + ": position is not finite";
  if (n_frames <= 0) n_frames = last_frame(gt, hyp);
  std::vector<std::vector<std::size_t>> gt_rows, hyp_rows;
  if (fail.ok()) fail.error = bucket_by_frame(gt, n_frames, "ground-truth", gt_rows);
  if (fail.ok()) fail.error = bucket_by_frame(hyp, n_frames, "hypothesis", hyp_rows);
  if (!fail.ok()) return fail;

  std::vector<EvalFrame> frames(static_cast<std::size_t>(n_frames));
  for (int f = 1; f <= n_frames; ++f) {
    EvalFrame& out = frames[static_cast<std::size_t>(f - 1)];
    for (std::size_t k : hyp_rows[static_cast<std::size_t>(f)]) out.hyp_ids.push_back(hyp[k].id);
    for (std::size_t i : gt_rows[static_cast<std::size_t>(f)]) {
      out.gt_ids.push_back(gt[i].id);
      for (std::size_t j : hyp_rows[static_cast<std::size_t>(f)]) {
        const double d = std::hypot(gt[i].x - hyp[j].x, gt[i].y - hyp[j].y);
        out.similarity.push_back(std::max(0.0, 1.0 - d / d_max));
      }
    }
  }
  return evaluate(frames);
}

}  // namespace dpt::fusion
