// The ground-plane tracker: per camera frame, the live tracks in the 3 x 3 hash cells around the
// measurements are predicted (constant velocity, cv_kalman.h), gated on the squared Mahalanobis
// distance of the innovation, and assigned by global nearest neighbour (solve_assignment) on the
// cost d^2 + ln det S — the negative log-likelihood of the Gaussian innovation up to a constant
// (Blackman & Popoli, "Design and Analysis of Modern Tracking Systems", 1999, §6.5), so that a
// vague coasting track does not win a measurement from a sharp one merely by its wide gate.
#include "dpt/fusion/ground_tracker.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cv_kalman.h"

namespace dpt::fusion {

namespace {

constexpr double kUs = 1e-6;
// Pairs outside the gate or of incompatible classes. The solver's gate sits far above every real
// cost (d^2 < gate_chi2, |ln det S| of a few tens), so assignment first maximises the number of
// gated pairs and then minimises their total cost.
constexpr double kForbidden = std::numeric_limits<double>::infinity();
constexpr double kSolverGate = 1e6;
constexpr int kPredictedStride = 20;  // 4 state + 16 covariance

// Rounded up, so the gating bound built on them stays an upper bound.
void set_traces(GroundTrack& t) {
  t.pos_var = std::nextafter(static_cast<float>(t.P[0] + t.P[5]), std::numeric_limits<float>::max());
  t.vel_var = std::nextafter(static_cast<float>(t.P[10] + t.P[15]), std::numeric_limits<float>::max());
}

bool is_person(ObjectClass c) { return c == ObjectClass::person; }

double seconds_between(std::int64_t from_us, std::int64_t to_us) {
  return to_us > from_us ? static_cast<double>(to_us - from_us) * kUs : 0.0;
}

}  // namespace

const char* to_string(TrackState s) {
  switch (s) {
    case TrackState::tentative: return "tentative";
    case TrackState::confirmed: return "confirmed";
    case TrackState::coasting: return "coasting";
    case TrackState::deleted: return "deleted";
  }
  return "deleted";
}

void predict_position(const GroundTrack& t, std::int64_t time_us, double& x, double& y) {
  const double dt = seconds_between(t.time_us, time_us);
  x = t.x + dt * t.vx;
  y = t.y + dt * t.vy;
}

GroundTracker::GroundTracker(GroundTrackerParams p, std::uint64_t first_id, std::uint64_t id_stride)
    : p_(p), next_id_(first_id), id_stride_(id_stride == 0 ? 1 : id_stride) {
  if (!(p_.cell_m > 0.0) || !std::isfinite(p_.cell_m)) p_.cell_m = GroundTrackerParams{}.cell_m;
}

void GroundTracker::reserve(std::size_t tracks, std::size_t measurements) {
  tracks_.reserve(tracks);
  sorted_.reserve(tracks);
  order_.reserve(tracks);
  cell_.reserve(tracks);
  next_in_cell_.reserve(tracks);
  stamp_.reserve(tracks);
  // Candidates: a few dozen tracks per measurement in dense areas.
  const std::size_t cand = 64 * measurements;
  candidates_.reserve(cand);
  frame_cells_.reserve(9 * measurements);
  predicted_.reserve(cand * kPredictedStride);
  cost_.reserve(cand * measurements);
  assign_.reserve(cand);
  used_.reserve(measurements);
  const auto n = static_cast<std::size_t>(cand + measurements);
  ws_.u.reserve(n);
  ws_.v.reserve(n);
  ws_.shortest.reserve(n);
  ws_.path.reserve(n);
  ws_.col4row.reserve(n);
  ws_.row4col.reserve(n);
  ws_.remaining.reserve(n);
  ws_.sr.reserve(n);
  ws_.sc.reserve(n);
  ws_.padded.reserve(cand * n);
  // Warm the cell table to its working size by binning the (possibly empty) track list.
  rebin_all(0);
}

std::uint64_t GroundTracker::cell_of(double x, double y) const {
  auto index = [&](double v) {
    const double c = std::floor(v / p_.cell_m);
    constexpr double lim = 1e9;  // far beyond any district; keeps the cast defined
    return static_cast<std::int32_t>(std::clamp(c, -lim, lim));
  };
  const auto ix = static_cast<std::uint32_t>(index(x)), iy = static_cast<std::uint32_t>(index(y));
  return (static_cast<std::uint64_t>(ix) << 32) | iy;
}

void GroundTracker::link(std::int32_t i, std::uint64_t cell) {
  std::int32_t& head = cells_.head_slot(cell);
  const auto k = static_cast<std::size_t>(i);
  next_in_cell_[k] = head;
  head = i;
  cell_[k] = cell;
}

void GroundTracker::unlink(std::int32_t i) {
  const auto k = static_cast<std::size_t>(i);
  std::int32_t& head = cells_.head_slot(cell_[k]);
  if (head == i) {
    head = next_in_cell_[k];
    return;
  }
  std::int32_t prev = head;
  while (prev >= 0 && next_in_cell_[static_cast<std::size_t>(prev)] != i) prev = next_in_cell_[static_cast<std::size_t>(prev)];
  if (prev >= 0) next_in_cell_[static_cast<std::size_t>(prev)] = next_in_cell_[k];
}

void GroundTracker::rebin_all(std::int64_t time_us) {
  // Sort the tracks by cell (then by their current order, so the result is deterministic): the
  // tracks of one cell then lie together in memory and a frame's candidate walk reads a few
  // contiguous runs instead of scattered cache lines.
  const std::size_t n = tracks_.size();
  order_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    double x, y;
    predict_position(tracks_[k], time_us, x, y);
    order_[k] = {cell_of(x, y), static_cast<std::uint32_t>(k)};
  }
  std::sort(order_.begin(), order_.end());
  sorted_.resize(n);
  for (std::size_t k = 0; k < n; ++k) sorted_[k] = tracks_[order_[k].second];
  tracks_.swap(sorted_);
  cells_.clear();
  for (std::size_t k = n; k-- > 0;) link(static_cast<std::int32_t>(k), order_[k].first);  // lists in index order
}

bool GroundTracker::age(GroundTrack& t, std::int64_t time_us) const {
  const double since = seconds_between(t.last_update_us, time_us);
  switch (t.state) {
    case TrackState::tentative:
      if (since > p_.tentative_timeout_s) t.state = TrackState::deleted;
      break;
    case TrackState::confirmed:
    case TrackState::coasting: {
      if (since > p_.delete_after_s) {
        t.state = TrackState::deleted;
        break;
      }
      if (since > p_.coast_after_s) t.state = TrackState::coasting;
      if (t.state != TrackState::coasting) break;
      // Position variance predicted over the gap (F P F^T + Q, diagonal position terms).
      const double dt = seconds_between(t.time_us, time_us), dt2 = dt * dt;
      const double q = p_.accel_sigma * p_.accel_sigma * dt2 * dt2 / 4.0;
      const double vxx = t.P[0] + 2.0 * dt * t.P[2] + dt2 * t.P[10] + q;
      const double vyy = t.P[5] + 2.0 * dt * t.P[7] + dt2 * t.P[15] + q;
      if (std::max(vxx, vyy) > p_.max_position_sigma_m * p_.max_position_sigma_m) t.state = TrackState::deleted;
      break;
    }
    case TrackState::deleted: break;
  }
  return t.state != TrackState::deleted;
}

void GroundTracker::gather_candidates(std::int64_t time_us, std::span<const GroundMeasurement> batch) {
  candidates_.clear();
  if (++frame_stamp_ == 0) {  // wrapped: old stamps could collide with the new series
    std::fill(stamp_.begin(), stamp_.end(), 0u);
    frame_stamp_ = 1;
  }
  // The distinct cells of the 3 x 3 blocks around the measurements: one camera's measurements
  // are close together, so their blocks overlap and each cell's list is walked once.
  frame_cells_.clear();
  for (const GroundMeasurement& m : batch) {
    const std::uint64_t c = cell_of(m.x, m.y);
    const auto cx = static_cast<std::int32_t>(c >> 32), cy = static_cast<std::int32_t>(c & 0xffffffffu);
    for (std::int32_t dy = -1; dy <= 1; ++dy) {
      for (std::int32_t dx = -1; dx <= 1; ++dx) {
        const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx + dx)) << 32) |
                                  static_cast<std::uint32_t>(cy + dy);
        if (std::find(frame_cells_.begin(), frame_cells_.end(), key) == frame_cells_.end()) frame_cells_.push_back(key);
      }
    }
  }
  for (const std::uint64_t key : frame_cells_) {
    for (std::int32_t i = cells_.head(key); i >= 0; i = next_in_cell_[static_cast<std::size_t>(i)]) {
      const auto k = static_cast<std::size_t>(i);
      if (stamp_[k] == frame_stamp_) continue;  // a track binned twice? never, but cheap to be sure
      stamp_[k] = frame_stamp_;
      GroundTrack& t = tracks_[k];
      if (t.state == TrackState::deleted || !age(t, time_us)) continue;
      candidates_.push_back(i);
    }
  }
}

void GroundTracker::start_track(std::int64_t time_us, std::int32_t camera_id, const GroundMeasurement& m) {
  GroundTrack t;
  t.id = next_id_;
  next_id_ += id_stride_;
  ++started_;
  t.state = p_.confirm_hits <= 1 ? TrackState::confirmed : TrackState::tentative;
  t.cls = m.cls;
  t.x = m.x;
  t.y = m.y;
  // Position from the measurement; velocity unknown: zero with a class-dependent spread.
  const double sv = is_person(m.cls) ? p_.birth_speed_sigma_person : p_.birth_speed_sigma_vehicle;
  t.P[0] = m.cxx;
  t.P[1] = t.P[4] = m.cxy;
  t.P[5] = m.cyy;
  t.P[10] = t.P[15] = sv * sv;
  set_traces(t);
  t.born_us = t.last_update_us = t.time_us = time_us;
  t.hits = 1;
  t.last_camera = camera_id;
  tracks_.push_back(t);
  cell_.push_back(0);
  next_in_cell_.push_back(-1);
  stamp_.push_back(frame_stamp_);  // not a candidate of the frame that bore it
  link(static_cast<std::int32_t>(tracks_.size() - 1), cell_of(t.x, t.y));
}

void GroundTracker::update(std::int64_t time_us, std::int32_t camera_id, std::span<const GroundMeasurement> batch) {
  const auto auto_us = static_cast<std::int64_t>(p_.auto_advance_s * 1e6);
  if (auto_us > 0) {
    if (!advanced_) {
      advanced_ = true;
      last_advance_us_ = time_us;
    } else if (time_us - last_advance_us_ >= auto_us) {
      advance(time_us);
    }
  }
  if (batch.empty()) return;
  const int nm = static_cast<int>(batch.size());
  const auto snm = static_cast<std::size_t>(nm);
  gather_candidates(time_us, batch);

  // Predict each candidate and cost it against every measurement; only candidates with at least
  // one gated pair become rows of the assignment.
  const std::size_t nc = candidates_.size();
  predicted_.resize(nc * kPredictedStride);
  cost_.resize(nc * snm);
  const double accel_var = p_.accel_sigma * p_.accel_sigma;
  int rows = 0;
  for (std::size_t c = 0; c < nc; ++c) {
    const std::int32_t i = candidates_[c];
    GroundTrack& t = tracks_[static_cast<std::size_t>(i)];
    // Gate on the predicted position block first (cheap); the full prediction only for tracks
    // that gate with some measurement.
    const double dt = seconds_between(t.time_us, time_us), dt2 = dt * dt;
    const double px = t.x + dt * t.vx, py = t.y + dt * t.vy;
    const double q = accel_var * dt2 * dt2 / 4.0;
    // First from the track's first cache line alone: trace(S) <= (sqrt(pos_var) + dt
    // sqrt(vel_var))^2 + 2 q + trace(R) (Cauchy-Schwarz on the cross terms), and
    // d^2 >= |nu|^2 / trace(S); a track no measurement can pass this for is skipped unread.
    const double rp = std::sqrt(static_cast<double>(t.pos_var)) + dt * std::sqrt(static_cast<double>(t.vel_var));
    const double bound = 1.0001 * (rp * rp + 2.0 * q);  // float rounding of the traces
    bool near = false;
    for (int j = 0; j < nm && !near; ++j) {
      const GroundMeasurement& m = batch[static_cast<std::size_t>(j)];
      const double nx = m.x - px, ny = m.y - py;
      near = nx * nx + ny * ny < p_.gate_chi2 * (bound + m.cxx + m.cyy);
    }
    if (!near) {
      ++t.misses;
      continue;
    }
    const double pxx = t.P[0] + 2.0 * dt * t.P[2] + dt2 * t.P[10] + q;
    const double pyy = t.P[5] + 2.0 * dt * t.P[7] + dt2 * t.P[15] + q;
    const double pxy = t.P[1] + dt * (t.P[3] + t.P[6]) + dt2 * t.P[11];
    double* row = cost_.data() + static_cast<std::size_t>(rows) * snm;
    bool any = false;
    for (int j = 0; j < nm; ++j) {
      const GroundMeasurement& m = batch[static_cast<std::size_t>(j)];
      row[j] = kForbidden;
      if (!class_compatible(t.cls, m.cls)) continue;
      const double nx = m.x - px, ny = m.y - py;
      const double sxx = pxx + m.cxx, sxy = pxy + m.cxy, syy = pyy + m.cyy;
      // d^2 >= |nu|^2 / lambda_max(S) >= |nu|^2 / trace(S): most pairs fail here.
      if (nx * nx + ny * ny >= p_.gate_chi2 * (sxx + syy)) continue;
      const double det = sxx * syy - sxy * sxy;
      if (!(det > 0.0)) continue;
      const double d2 = (syy * nx * nx - 2.0 * sxy * nx * ny + sxx * ny * ny) / det;
      if (!(d2 < p_.gate_chi2)) continue;
      row[j] = d2 + std::log(det);
      any = true;
    }
    if (!any) {
      ++t.misses;
      continue;
    }
    detail::CvState st;
    const double s[4] = {t.x, t.y, t.vx, t.vy};
    detail::cv_predict(s, t.P, dt, accel_var, st);
    candidates_[static_cast<std::size_t>(rows)] = i;
    double* out = predicted_.data() + static_cast<std::size_t>(rows) * kPredictedStride;
    std::copy(st.s, st.s + 4, out);
    std::copy(st.P, st.P + 16, out + 4);
    ++rows;
  }

  used_.assign(snm, 0);
  if (rows > 0) {
    solve_assignment(std::span<const double>(cost_.data(), static_cast<std::size_t>(rows) * snm), rows, nm,
                     kSolverGate, assign_, ws_);
  }
  for (int r = 0; r < rows; ++r) {
    const std::int32_t i = candidates_[static_cast<std::size_t>(r)];
    GroundTrack& t = tracks_[static_cast<std::size_t>(i)];
    const std::int32_t j = assign_[static_cast<std::size_t>(r)];
    if (j < 0) {
      ++t.misses;
      continue;
    }
    const GroundMeasurement& m = batch[static_cast<std::size_t>(j)];
    used_[static_cast<std::size_t>(j)] = 1;
    detail::CvState st;
    const double* in_pred = predicted_.data() + static_cast<std::size_t>(r) * kPredictedStride;
    std::copy(in_pred, in_pred + 4, st.s);
    std::copy(in_pred + 4, in_pred + 20, st.P);
    detail::Innovation in;
    detail::cv_innovation(st, m.x, m.y, m.cxx, m.cxy, m.cyy, in);  // gated above: S is positive definite
    detail::cv_update(st, in);
    t.x = st.s[0];
    t.y = st.s[1];
    t.vx = st.s[2];
    t.vy = st.s[3];
    std::copy(st.P, st.P + 16, t.P);
    set_traces(t);
    t.time_us = std::max(t.time_us, time_us);
    t.last_update_us = std::max(t.last_update_us, time_us);
    ++t.hits;
    t.misses = 0;
    t.last_camera = camera_id;
    if (t.cls == ObjectClass::unknown) t.cls = m.cls;
    if (t.state == TrackState::coasting || (t.state == TrackState::tentative && t.hits >= p_.confirm_hits)) {
      t.state = TrackState::confirmed;
    }
    const std::uint64_t cell = cell_of(t.x, t.y);
    if (cell != cell_[static_cast<std::size_t>(i)]) {
      unlink(i);
      link(i, cell);
    }
  }

  for (int j = 0; j < nm; ++j) {
    const GroundMeasurement& m = batch[static_cast<std::size_t>(j)];
    if (!used_[static_cast<std::size_t>(j)] && m.score >= p_.birth_min_score) start_track(time_us, camera_id, m);
  }
}

void GroundTracker::advance(std::int64_t time_us) {
  last_advance_us_ = std::max(last_advance_us_, time_us);
  advanced_ = true;
  std::size_t out = 0;
  for (std::size_t k = 0; k < tracks_.size(); ++k) {
    if (tracks_[k].state == TrackState::deleted || !age(tracks_[k], time_us)) continue;
    if (out != k) tracks_[out] = tracks_[k];
    ++out;
  }
  tracks_.resize(out);
  cell_.resize(out);
  next_in_cell_.resize(out);
  stamp_.assign(out, 0u);
  frame_stamp_ = 0;
  rebin_all(time_us);
}

}  // namespace dpt::fusion
