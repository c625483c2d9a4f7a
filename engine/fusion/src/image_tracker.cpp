// The image-plane tracker (image_tracker.h): per-frame predict, two-stage IoU association, update
// and life cycle.
//
// The Kalman filter: the state (cx, cy, w, h, vcx, vcy, vw, vh) with a constant-velocity model,
// and process and measurement noise that are diagonal and per coordinate (DeepSORT's choice,
// Wojke et al. 2017, with the width/height parametrisation of BoT-SORT, Aharon et al. 2022). With
// F, H, Q and R all block-diagonal by coordinate, the covariance stays block-diagonal, so the
// 8-state filter is exactly four independent 2-state filters (position, rate) — which is what
// `Axis` holds.
#include "dpt/fusion/image_tracker.h"

#include <algorithm>
#include <cmath>

namespace dpt::fusion {
namespace {

// Noise scale of axis k: the box width for x and width, the height for y and height.
double axis_scale(int k, double w, double h) { return (k == 0 || k == 2) ? w : h; }

}  // namespace

double mot_box_iou(const MotBox& a, const MotBox& b) {
  const double ix = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double iy = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  if (ix <= 0.0 || iy <= 0.0) return 0.0;
  const double inter = ix * iy;
  const double uni = static_cast<double>(a.w) * a.h + static_cast<double>(b.w) * b.h - inter;
  return uni > 0.0 ? inter / uni : 0.0;
}

ImageTracker::ImageTracker(const ImageTrackerParams& params, double frame_rate) : params_(params) {
  const double fps = frame_rate > 0.0 ? frame_rate : 30.0;
  // DeepSORT's noise was set for 30 frames/s; at a lower rate a frame holds more motion change.
  velocity_scale_ = 30.0 / fps;
  max_age_frames_ = std::max(params.min_age_frames, static_cast<int>(std::lround(params.max_age_s * fps)));
  max_gap_frames_ = std::max(0, static_cast<int>(std::lround(params.max_gap_s * fps)));
  key_to_id_.push_back(0);  // keys start at 1
}

void ImageTracker::predict(Track& t, int frames) const {
  const double w = std::max(t.axis[2].p, 1.0), h = std::max(t.axis[3].p, 1.0);
  for (int step = 0; step < frames; ++step) {
    for (int k = 0; k < 4; ++k) {
      Axis& a = t.axis[k];
      const double s = axis_scale(k, w, h);
      const double qp = params_.std_position * s, qv = params_.std_velocity * velocity_scale_ * s;
      a.p += a.v;
      // P <- F P F' + Q with F = [[1, 1], [0, 1]].
      a.p00 += 2.0 * a.p01 + a.p11 + qp * qp;
      a.p01 += a.p11;
      a.p11 += qv * qv;
    }
    // A shrinking box must not turn inside out (SORT zeroes the area rate in the same case).
    for (int k = 2; k < 4; ++k) {
      if (t.axis[k].p < 1.0) {
        t.axis[k].p = 1.0;
        t.axis[k].v = 0.0;
      }
    }
  }
}

void ImageTracker::update(Track& t, const MotBox& det) const {
  const double z[4] = {det.x + 0.5 * det.w, det.y + 0.5 * det.h, det.w, det.h};
  const double w = std::max(t.axis[2].p, 1.0), h = std::max(t.axis[3].p, 1.0);
  for (int k = 0; k < 4; ++k) {
    Axis& a = t.axis[k];
    const double r = params_.std_position * axis_scale(k, w, h);
    // Scalar measurement of the position: S = P00 + R, K = [P00, P01] / S (Kalman 1960).
    const double s = a.p00 + r * r;
    const double k0 = a.p00 / s, k1 = a.p01 / s;
    const double innov = z[k] - a.p;
    a.p += k0 * innov;
    a.v += k1 * innov;
    const double p00 = a.p00, p01 = a.p01;
    a.p00 = (1.0 - k0) * p00;
    a.p01 = (1.0 - k0) * p01;
    a.p11 -= k1 * p01;
  }
}

void ImageTracker::start_track(const MotBox& det) {
  Track t;
  const double z[4] = {det.x + 0.5 * det.w, det.y + 0.5 * det.h, det.w, det.h};
  for (int k = 0; k < 4; ++k) {
    const double s = axis_scale(k, det.w, det.h);
    // DeepSORT's initial uncertainty: twice the position noise, ten times the velocity noise.
    const double sp = 2.0 * params_.std_position * s, sv = 10.0 * params_.std_velocity * velocity_scale_ * s;
    t.axis[k] = Axis{z[k], 0.0, sp * sp, 0.0, sv * sv};
  }
  t.key = next_key_++;
  key_to_id_.push_back(0);
  ++stats_.tracks_started;
  tracks_.push_back(t);
  record_match(tracks_.back(), det);
}

MotBox ImageTracker::box_of(const Track& t) const {
  MotBox b;
  b.w = static_cast<float>(std::max(t.axis[2].p, 1.0));
  b.h = static_cast<float>(std::max(t.axis[3].p, 1.0));
  b.x = static_cast<float>(t.axis[0].p) - 0.5f * b.w;
  b.y = static_cast<float>(t.axis[1].p) - 0.5f * b.h;
  return b;
}

void ImageTracker::record_match(Track& t, const MotBox& det) {
  t.hits += 1;
  t.misses = 0;
  if (t.status == TrackStatus::tentative && t.hits >= params_.min_hits) {
    t.status = TrackStatus::confirmed;
    t.id = next_id_++;
    key_to_id_[static_cast<std::size_t>(t.key)] = t.id;
    ++stats_.tracks_confirmed;
  }
  MotBox out = params_.output_filtered ? box_of(t) : det;
  out.frame = last_frame_;
  out.conf = det.conf;
  out.id = t.id;
  observations_.push_back(Observation{t.key, last_frame_, out});
  if (t.status == TrackStatus::confirmed) current_.push_back(out);
}

void ImageTracker::associate(std::vector<std::int32_t>& track_idx, std::vector<std::int32_t>& det_idx,
                             double iou_min) {
  const int rows = static_cast<int>(track_idx.size()), cols = static_cast<int>(det_idx.size());
  if (rows == 0 || cols == 0) return;
  cost_.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
  for (int i = 0; i < rows; ++i) {
    const MotBox& pred = predicted_[static_cast<std::size_t>(track_idx[static_cast<std::size_t>(i)])];
    for (int j = 0; j < cols; ++j) {
      const MotBox& d = dets_[static_cast<std::size_t>(det_idx[static_cast<std::size_t>(j)])];
      const double iou = mot_box_iou(pred, d);
      // Boxes that do not overlap at all never pair, whatever iou_min says.
      cost_[static_cast<std::size_t>(i * cols + j)] = iou > 0.0 ? 1.0 - iou : 2.0;
    }
  }
  // Pairs need IoU >= iou_min, i.e. cost <= 1 - iou_min; the solver forbids cost >= gate, so the
  // gate sits a hair above.
  solve_assignment(cost_, rows, cols, 1.0 - iou_min + 1e-12, row_to_col_, ws_);
  for (int i = 0; i < rows; ++i) {
    const std::int32_t j = row_to_col_[static_cast<std::size_t>(i)];
    if (j < 0) continue;
    auto& ti = track_idx[static_cast<std::size_t>(i)];
    auto& dj = det_idx[static_cast<std::size_t>(j)];
    Track& t = tracks_[static_cast<std::size_t>(ti)];
    update(t, dets_[static_cast<std::size_t>(dj)]);
    record_match(t, dets_[static_cast<std::size_t>(dj)]);
    matched_[static_cast<std::size_t>(ti)] = 1;
    ti = -1;
    dj = -1;
  }
  std::erase(track_idx, -1);
  std::erase(det_idx, -1);
}

void ImageTracker::step(std::int32_t frame, std::span<const MotBox> detections) {
  const int elapsed = last_frame_ == 0 ? 1 : std::max(1, frame - last_frame_);
  last_frame_ = frame;
  current_.clear();
  ++stats_.frames;
  stats_.detections += static_cast<std::int64_t>(detections.size());

  dets_.clear();
  high_.clear();
  low_.clear();
  for (const MotBox& d : detections) {
    if (!(d.conf >= params_.min_score) || !(d.w > 0.f) || !(d.h > 0.f)) continue;
    const auto idx = static_cast<std::int32_t>(dets_.size());
    dets_.push_back(d);
    (d.conf >= params_.high_score ? high_ : low_).push_back(idx);
  }
  stats_.used_detections += static_cast<std::int64_t>(dets_.size());

  predicted_.clear();
  matched_.assign(tracks_.size(), 0);
  for (Track& t : tracks_) {
    predict(t, elapsed);
    predicted_.push_back(box_of(t));
  }

  // Stage 1: confirmed tracks (coasting or not) with the high-score detections.
  stage_tracks_.clear();
  left_tracks_.clear();
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    (tracks_[i].status == TrackStatus::confirmed ? stage_tracks_ : left_tracks_).push_back(static_cast<std::int32_t>(i));
  }
  associate(stage_tracks_, high_, params_.iou_min);
  // Stage 2 (ByteTrack): confirmed tracks seen in the previous frame take low-score detections,
  // which are often the same person partly occluded; a stricter IoU keeps clutter out.
  std::erase_if(stage_tracks_, [&](std::int32_t i) { return tracks_[static_cast<std::size_t>(i)].misses > 0; });
  associate(stage_tracks_, low_, params_.iou_min_low);
  // Stage 3: tentative tracks with the high-score detections left.
  associate(left_tracks_, high_, params_.iou_min);

  // Life cycle: unmatched tracks coast (confirmed) or die (tentative).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    if (!matched_[i]) {
      t.misses += elapsed;
      t.hits = 0;
      if (t.status == TrackStatus::tentative || t.misses > max_age_frames_) continue;
    }
    tracks_[kept++] = t;
  }
  tracks_.resize(kept);

  // Unmatched confident detections start tentative tracks.
  for (const std::int32_t j : high_) {
    if (dets_[static_cast<std::size_t>(j)].conf >= params_.new_track_score) start_track(dets_[static_cast<std::size_t>(j)]);
  }
}

std::vector<MotBox> ImageTracker::results() const {
  // Observations grouped by track in time order (they were recorded in frame order).
  std::vector<const Observation*> obs;
  obs.reserve(observations_.size());
  for (const Observation& o : observations_) {
    if (key_to_id_[static_cast<std::size_t>(o.key)] != 0) obs.push_back(&o);
  }
  std::stable_sort(obs.begin(), obs.end(), [](const Observation* a, const Observation* b) { return a->key < b->key; });

  std::vector<MotBox> out;
  out.reserve(obs.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    const Observation& o = *obs[i];
    const std::int32_t id = key_to_id_[static_cast<std::size_t>(o.key)];
    if (o.box.id == 0 && !params_.backfill) continue;  // recorded while tentative
    MotBox b = o.box;
    b.id = id;
    out.push_back(b);
    // A short gap to the track's next match: linear interpolation of the box.
    if (i + 1 < obs.size() && obs[i + 1]->key == o.key) {
      const Observation& n = *obs[i + 1];
      const int gap = n.frame - o.frame - 1;
      if (gap > 0 && gap <= max_gap_frames_) {
        for (int g = 1; g <= gap; ++g) {
          const float a = static_cast<float>(g) / static_cast<float>(gap + 1);
          MotBox m;
          m.frame = o.frame + g;
          m.id = id;
          m.x = o.box.x + a * (n.box.x - o.box.x);
          m.y = o.box.y + a * (n.box.y - o.box.y);
          m.w = o.box.w + a * (n.box.w - o.box.w);
          m.h = o.box.h + a * (n.box.h - o.box.h);
          m.conf = std::min(o.box.conf, n.box.conf);
          out.push_back(m);
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const MotBox& a, const MotBox& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.id < b.id;
  });
  return out;
}

std::vector<MotBox> track_mot_sequence(const std::vector<MotBox>& detections, const SeqInfo& info,
                                       const ImageTrackerParams& params, ImageTrackerStats* stats) {
  std::vector<MotBox> dets = detections;
  std::stable_sort(dets.begin(), dets.end(), [](const MotBox& a, const MotBox& b) { return a.frame < b.frame; });
  ImageTracker tracker(params, info.frame_rate);
  const std::int32_t last = std::max(info.seq_length, dets.empty() ? 0 : dets.back().frame);
  std::size_t k = 0;
  for (std::int32_t frame = 1; frame <= last; ++frame) {
    const std::size_t begin = k;
    while (k < dets.size() && dets[k].frame == frame) ++k;
    tracker.step(frame, std::span<const MotBox>(dets.data() + begin, k - begin));
  }
  if (stats) *stats = tracker.stats();
  return tracker.results();
}

}  // namespace dpt::fusion
