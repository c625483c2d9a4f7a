// Combining per-sequence scores into benchmark-wide ones, as TrackEval's combine_sequences does
// (trackeval/metrics/clear.py, identity.py, hota.py): a benchmark's MOTA is not the mean of the
// sequences' MOTA but 1 - sum(FN + FP + IDSW) / sum(GT), and likewise for the others.
#include <algorithm>
#include <cmath>

#include "dpt/fusion/metrics.h"

namespace dpt::fusion {

namespace {

double percent(double num, double den) { return 100.0 * num / std::max(1.0, den); }

void finish_clear(ClearMot& c) {
  c.mota = percent(static_cast<double>(c.matches - c.fp - c.idsw), static_cast<double>(c.matches + c.fn));
  c.motp = c.similarity_sum / std::max(1.0, static_cast<double>(c.matches));
}

void finish_identity(IdScores& id) {
  const auto tp = static_cast<double>(id.idtp), fp = static_cast<double>(id.idfp), fn = static_cast<double>(id.idfn);
  id.idr = percent(tp, tp + fn);
  id.idp = percent(tp, tp + fp);
  id.idf1 = percent(tp, tp + 0.5 * fp + 0.5 * fn);
}

}  // namespace

MotMetrics combine_sequences(std::span<const MotMetrics> sequences) {
  MotMetrics out;
  double ass_weighted[kHotaAlphaCount] = {}, loc_weighted[kHotaAlphaCount] = {};
  for (const MotMetrics& s : sequences) {
    if (!s.ok() && out.ok()) out.error = s.error;
    ClearMot& c = out.clear;
    c.gt += s.clear.gt;
    c.matches += s.clear.matches;
    c.fp += s.clear.fp;
    c.fn += s.clear.fn;
    c.idsw += s.clear.idsw;
    c.frag += s.clear.frag;
    c.similarity_sum += s.clear.similarity_sum;
    c.mostly_tracked += s.clear.mostly_tracked;
    c.partly_tracked += s.clear.partly_tracked;
    c.mostly_lost += s.clear.mostly_lost;
    out.id.idtp += s.id.idtp;
    out.id.idfp += s.id.idfp;
    out.id.idfn += s.id.idfn;
    for (int a = 0; a < kHotaAlphaCount; ++a) {
      const auto tp = static_cast<double>(s.hota.tp_at[a]);
      out.hota.tp_at[a] += s.hota.tp_at[a];
      out.hota.fn_at[a] += s.hota.fn_at[a];
      out.hota.fp_at[a] += s.hota.fp_at[a];
      ass_weighted[a] += s.hota.assa_at[a] / 100.0 * tp;
      loc_weighted[a] += s.hota.loca_at[a] / 100.0 * tp;
    }
    out.gt_ids += s.gt_ids;
    out.hyp_ids += s.hyp_ids;
    out.gt_dets += s.gt_dets;
    out.hyp_dets += s.hyp_dets;
    out.ignored_hyp_dets += s.ignored_hyp_dets;
  }
  finish_clear(out.clear);
  finish_identity(out.id);
  Hota& h = out.hota;
  for (int a = 0; a < kHotaAlphaCount; ++a) {
    const auto tp = static_cast<double>(h.tp_at[a]);
    const double det = tp / std::max(1.0, tp + static_cast<double>(h.fn_at[a] + h.fp_at[a]));
    const double ass = ass_weighted[a] / std::max(1.0, tp);
    // TrackEval: max(1e-10, sum) / max(1e-10, TP), so 1 when nothing matched anywhere.
    const double loc = std::max(1e-10, loc_weighted[a]) / std::max(1e-10, tp);
    h.deta_at[a] = 100.0 * det;
    h.assa_at[a] = 100.0 * ass;
    h.loca_at[a] = 100.0 * loc;
    h.hota_at[a] = 100.0 * std::sqrt(det * ass);
    h.hota += h.hota_at[a] / kHotaAlphaCount;
    h.deta += h.deta_at[a] / kHotaAlphaCount;
    h.assa += h.assa_at[a] / kHotaAlphaCount;
    h.loca += h.loca_at[a] / kHotaAlphaCount;
  }
  return out;
}

}  // namespace dpt::fusion
