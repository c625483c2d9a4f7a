#pragma once
// The constant-velocity Kalman filter of the ground tracker, state (x, y, vx, vy) with a 4x4
// row-major covariance. Process noise: the discrete white-noise acceleration model (Bar-Shalom,
// Li & Kirubarajan, "Estimation with Applications to Tracking and Navigation", 2001, §6.3.2): a
// constant acceleration of variance q = sigma_a^2 over each interval, per axis
//   Q = q [dt^4/4  dt^3/2; dt^3/2  dt^2].
// Measurement: the position, z = H s + w, H = [I2 0], w ~ N(0, R). Header-only: small, inlined
// into the tracker's loops, no allocation.
#include <cmath>

namespace dpt::fusion::detail {

struct CvState {
  double s[4];   // x, y, vx, vy
  double P[16];  // row-major
};

// Predicts (s, P) by dt >= 0 seconds: s' = F s, P' = F P F^T + Q, F = [I dt*I; 0 I].
inline void cv_predict(const double s[4], const double P[16], double dt, double accel_var, CvState& out) {
  out.s[0] = s[0] + dt * s[2];
  out.s[1] = s[1] + dt * s[3];
  out.s[2] = s[2];
  out.s[3] = s[3];
  // A = F P: rows 0, 1 gain dt x rows 2, 3.
  double A[16];
  for (int c = 0; c < 4; ++c) {
    A[0 * 4 + c] = P[0 * 4 + c] + dt * P[2 * 4 + c];
    A[1 * 4 + c] = P[1 * 4 + c] + dt * P[3 * 4 + c];
    A[2 * 4 + c] = P[2 * 4 + c];
    A[3 * 4 + c] = P[3 * 4 + c];
  }
  // P' = A F^T: columns 0, 1 gain dt x columns 2, 3.
  for (int r = 0; r < 4; ++r) {
    out.P[r * 4 + 0] = A[r * 4 + 0] + dt * A[r * 4 + 2];
    out.P[r * 4 + 1] = A[r * 4 + 1] + dt * A[r * 4 + 3];
    out.P[r * 4 + 2] = A[r * 4 + 2];
    out.P[r * 4 + 3] = A[r * 4 + 3];
  }
  const double dt2 = dt * dt;
  const double q_pp = accel_var * dt2 * dt2 / 4.0, q_pv = accel_var * dt2 * dt / 2.0, q_vv = accel_var * dt2;
  out.P[0 * 4 + 0] += q_pp;
  out.P[1 * 4 + 1] += q_pp;
  out.P[0 * 4 + 2] += q_pv;
  out.P[2 * 4 + 0] += q_pv;
  out.P[1 * 4 + 3] += q_pv;
  out.P[3 * 4 + 1] += q_pv;
  out.P[2 * 4 + 2] += q_vv;
  out.P[3 * 4 + 3] += q_vv;
}

// The innovation of a position measurement against a (predicted) state: nu = z - H s and
// S = H P H^T + R, with S's inverse and log-determinant. False when S is not positive definite.
struct Innovation {
  double nu[2];
  double S[3];     // sxx, sxy, syy
  double Sinv[3];  // the same layout
  double log_det = 0.0;
  double d2 = 0.0;  // squared Mahalanobis distance nu^T S^-1 nu
};

inline bool cv_innovation(const CvState& st, double zx, double zy, double rxx, double rxy, double ryy,
                          Innovation& in) {
  in.nu[0] = zx - st.s[0];
  in.nu[1] = zy - st.s[1];
  in.S[0] = st.P[0] + rxx;
  in.S[1] = 0.5 * (st.P[1] + st.P[4]) + rxy;
  in.S[2] = st.P[5] + ryy;
  const double det = in.S[0] * in.S[2] - in.S[1] * in.S[1];
  if (!(det > 0.0) || !(in.S[0] > 0.0)) return false;
  in.Sinv[0] = in.S[2] / det;
  in.Sinv[1] = -in.S[1] / det;
  in.Sinv[2] = in.S[0] / det;
  in.log_det = std::log(det);
  in.d2 = in.nu[0] * (in.Sinv[0] * in.nu[0] + in.Sinv[1] * in.nu[1]) +
          in.nu[1] * (in.Sinv[1] * in.nu[0] + in.Sinv[2] * in.nu[1]);
  return true;
}

// The Kalman update with an innovation from cv_innovation: K = P H^T S^-1 (4x2),
// s += K nu, P -= K S K^T (= K H P), then symmetrised against round-off.
inline void cv_update(CvState& st, const Innovation& in) {
  double K[8];  // row-major 4x2
  for (int r = 0; r < 4; ++r) {
    const double p0 = st.P[r * 4 + 0], p1 = st.P[r * 4 + 1];  // (P H^T) row r
    K[r * 2 + 0] = p0 * in.Sinv[0] + p1 * in.Sinv[1];
    K[r * 2 + 1] = p0 * in.Sinv[1] + p1 * in.Sinv[2];
  }
  for (int r = 0; r < 4; ++r) st.s[r] += K[r * 2 + 0] * in.nu[0] + K[r * 2 + 1] * in.nu[1];
  // K S K^T = (P H^T) K^T: row r of P H^T times column c of K^T.
  double HP[8];  // P H^T, 4x2 (the first two columns of P)
  for (int r = 0; r < 4; ++r) {
    HP[r * 2 + 0] = st.P[r * 4 + 0];
    HP[r * 2 + 1] = st.P[r * 4 + 1];
  }
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) st.P[r * 4 + c] -= HP[r * 2 + 0] * K[c * 2 + 0] + HP[r * 2 + 1] * K[c * 2 + 1];
  }
  for (int r = 0; r < 4; ++r) {
    for (int c = r + 1; c < 4; ++c) {
      const double m = 0.5 * (st.P[r * 4 + c] + st.P[c * 4 + r]);
      st.P[r * 4 + c] = m;
      st.P[c * 4 + r] = m;
    }
  }
}

}  // namespace dpt::fusion::detail
