// The metrics' front door: validates a sequence of frames, relabels ids densely and runs the three
// metric families (CLEAR MOT, identity, HOTA) on it.
#include <cmath>
#include <unordered_map>

#include "metrics_sequence.h"

namespace dpt::fusion {

namespace detail {

namespace {

// Dense id of `id`, allocating the next one on first sight.
std::int32_t dense_id(std::unordered_map<std::int32_t, std::int32_t>& map, std::int32_t id, std::int32_t& next) {
  const auto [it, fresh] = map.try_emplace(id, next);
  if (fresh) ++next;
  return it->second;
}

// An id may appear once per frame: TrackEval refuses such input too.
std::string check_unique(const std::vector<std::int32_t>& dense, std::vector<std::int64_t>& seen_at,
                         std::int64_t frame, std::span<const std::int32_t> raw, const char* what) {
  for (std::size_t k = 0; k < dense.size(); ++k) {
    if (seen_at[dense[k]] == frame)
      return std::string(what) + " id " + std::to_string(raw[k]) + " appears twice in frame " +
             std::to_string(frame + 1);
    seen_at[dense[k]] = frame;
  }
  return {};
}

}  // namespace

std::string make_dense_sequence(std::span<const EvalFrame> frames, DenseSequence& seq) {
  seq = DenseSequence{};
  seq.frames.resize(frames.size());
  std::unordered_map<std::int32_t, std::int32_t> gt_map, hyp_map;
  std::vector<std::int64_t> gt_seen, hyp_seen;
  for (std::size_t t = 0; t < frames.size(); ++t) {
    const EvalFrame& in = frames[t];
    DenseFrame& out = seq.frames[t];
    const std::string where = "frame " + std::to_string(t + 1);
    if (in.similarity.size() != in.gt_ids.size() * in.hyp_ids.size())
      return where + ": similarity has " + std::to_string(in.similarity.size()) + " values, expected " +
             std::to_string(in.gt_ids.size()) + " x " + std::to_string(in.hyp_ids.size());
    for (double s : in.similarity)
      if (!(s >= 0.0 && s <= 1.0)) return where + ": similarity " + std::to_string(s) + " outside 0..1";
    out.gt.reserve(in.gt_ids.size());
    out.hyp.reserve(in.hyp_ids.size());
    for (std::int32_t id : in.gt_ids) out.gt.push_back(dense_id(gt_map, id, seq.n_gt_ids));
    for (std::int32_t id : in.hyp_ids) out.hyp.push_back(dense_id(hyp_map, id, seq.n_hyp_ids));
    gt_seen.resize(seq.n_gt_ids, -1);
    hyp_seen.resize(seq.n_hyp_ids, -1);
    const auto frame = static_cast<std::int64_t>(t);
    if (auto e = check_unique(out.gt, gt_seen, frame, in.gt_ids, "ground-truth"); !e.empty()) return e;
    if (auto e = check_unique(out.hyp, hyp_seen, frame, in.hyp_ids, "hypothesis"); !e.empty()) return e;
    out.sim = in.similarity;
    seq.n_gt_dets += static_cast<std::int64_t>(out.gt.size());
    seq.n_hyp_dets += static_cast<std::int64_t>(out.hyp.size());
  }
  return {};
}

}  // namespace detail

MotMetrics evaluate(std::span<const EvalFrame> frames) {
  MotMetrics m;
  detail::DenseSequence seq;
  m.error = detail::make_dense_sequence(frames, seq);
  if (!m.error.empty()) return m;
  m.gt_ids = seq.n_gt_ids;
  m.hyp_ids = seq.n_hyp_ids;
  m.gt_dets = seq.n_gt_dets;
  m.hyp_dets = seq.n_hyp_dets;
  m.clear = detail::compute_clear_mot(seq);
  m.id = detail::compute_identity(seq);
  m.hota = detail::compute_hota(seq);
  return m;
}

}  // namespace dpt::fusion
