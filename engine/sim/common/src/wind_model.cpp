#include "dpt/sim/common/wind_model.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "dpt/core/rng.h"

namespace dpt::sim {
namespace {

constexpr std::uint32_t kStreamTurbulence = rng_stream("wind.turbulence");

// Station vector at time t (µs from start), linear between observations; false when the nearest
// observations are more than max_gap away.
bool station_at(const WindStation& s, std::int64_t t, std::int64_t max_gap, double& u, double& v) {
  const auto it = std::lower_bound(s.t_us.begin(), s.t_us.end(), t);
  const std::size_t k = static_cast<std::size_t>(it - s.t_us.begin());
  if (k < s.t_us.size() && s.t_us[k] == t) {
    u = s.u[k];
    v = s.v[k];
    return true;
  }
  if (k == 0) {
    if (s.t_us.front() - t > max_gap) return false;
    u = s.u.front();
    v = s.v.front();
    return true;
  }
  if (k == s.t_us.size()) {
    if (t - s.t_us.back() > max_gap) return false;
    u = s.u.back();
    v = s.v.back();
    return true;
  }
  const std::int64_t t0 = s.t_us[k - 1], t1 = s.t_us[k];
  if (t1 - t0 > 2 * max_gap) return false;
  const double w = static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
  u = s.u[k - 1] * (1 - w) + s.u[k] * w;
  v = s.v[k - 1] * (1 - w) + s.v[k] * w;
  return true;
}

WindField::Sample keyframe_at(const std::vector<WindKeyframe>& kf, Duration t) {
  if (kf.empty()) return {};
  if (t <= kf.front().at) return {kf.front().u, kf.front().v};
  if (t >= kf.back().at) return {kf.back().u, kf.back().v};
  const auto it = std::upper_bound(kf.begin(), kf.end(), t, [](Duration a, const WindKeyframe& k) { return a < k.at; });
  const WindKeyframe& b = *it;
  const WindKeyframe& a = *(it - 1);
  const double w = static_cast<double>((t - a.at).us) / static_cast<double>((b.at - a.at).us);
  return {a.u * (1 - w) + b.u * w, a.v * (1 - w) + b.v * w};
}

WindField::Sample station_idw(const WindModel& m, double x, double y, Duration t) {
  double su = 0, sv = 0, sw = 0;
  for (const WindStation& st : m.stations) {
    double u = 0, v = 0;
    if (!station_at(st, t.us, m.max_gap.us, u, v)) continue;
    const double d2 = (x - st.x) * (x - st.x) + (y - st.y) * (y - st.y);
    if (d2 < 1e-6) return {u, v};
    const double w = std::pow(d2, -0.5 * m.idw_power);
    su += w * u;
    sv += w * v;
    sw += w;
  }
  if (sw == 0) return {};
  return {su / sw, sv / sw};
}

void compute_mean(const WindModel& m, WindState& s, Duration t) {
  const Grid2D& g = m.grid;
  if (s.override_active || m.source == WindModel::Source::keyframes) {
    const WindField::Sample w = s.override_active ? WindField::Sample{s.override_u, s.override_v} : keyframe_at(m.keyframes, t);
    std::fill(s.mean_u.begin(), s.mean_u.end(), w.u);
    std::fill(s.mean_v.begin(), s.mean_v.end(), w.v);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<int>(0, g.ny), [&](const tbb::blocked_range<int>& rows) {
    for (int j = rows.begin(); j < rows.end(); ++j)
      for (int i = 0; i < g.nx; ++i) {
        const WindField::Sample w = station_idw(m, g.cx(i), g.cy(j), t);
        s.mean_u[g.index(i, j)] = w.u;
        s.mean_v[g.index(i, j)] = w.v;
      }
  });
}

}  // namespace

WindField::Sample mean_wind(const WindModel& m, double x, double y, Duration t) {
  return m.source == WindModel::Source::keyframes ? keyframe_at(m.keyframes, t) : station_idw(m, x, y, t);
}

void init(const WindModel& m, WindState& s) {
  const std::size_t n = m.grid.size();
  s.field.grid = m.grid;
  s.field.terrain = m.terrain;
  s.field.u.assign(n, 0.0);
  s.field.v.assign(n, 0.0);
  s.mean_u.assign(n, 0.0);
  s.mean_v.assign(n, 0.0);
  s.turb_u.assign(n, 0.0);
  s.turb_v.assign(n, 0.0);
  s.override_active = false;
  compute_mean(m, s, Duration{0});
  s.field.u = s.mean_u;
  s.field.v = s.mean_v;
}

void step(const WindModel& m, WindState& s, const StepContext& ctx) {
  const Duration t_end = (ctx.clock.now() + ctx.dt) - ctx.clock.epoch;
  compute_mean(m, s, t_end);
  const double intensity = m.turbulence_intensity;
  // Exact discretisation of the OU process over dt: x' = x e^{-dt/T} + sigma sqrt(1 - e^{-2dt/T}) N(0,1).
  const double decay = std::exp(-ctx.dt.to_seconds() / m.turbulence_time_scale.to_seconds());
  const double noise = std::sqrt(std::max(0.0, 1.0 - decay * decay));
  const std::size_t n = m.grid.size();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t c = r.begin(); c < r.end(); ++c) {
      if (intensity > 0) {
        const double sigma = intensity * std::hypot(s.mean_u[c], s.mean_v[c]);
        CounterRng rng(ctx.seed, kStreamTurbulence, static_cast<std::uint32_t>(c), ctx.step);
        s.turb_u[c] = s.turb_u[c] * decay + sigma * noise * rng.normal();
        s.turb_v[c] = s.turb_v[c] * decay + sigma * noise * rng.normal();
      }
      s.field.u[c] = s.mean_u[c] + s.turb_u[c];
      s.field.v[c] = s.mean_v[c] + s.turb_v[c];
    }
  });
}

void apply(WindState& s, const WindCommand& c) {
  if (c.kind == WindCommand::Kind::clear) {
    s.override_active = false;
    return;
  }
  s.override_active = true;
  s.override_u = c.u;
  s.override_v = c.v;
}

void digest(const WindState& s, Hasher& h) {
  h.array<double>(s.field.u);
  h.array<double>(s.field.v);
  h.array<double>(s.turb_u);
  h.array<double>(s.turb_v);
  h.value<std::uint8_t>(s.override_active ? 1 : 0);
  h.value(s.override_u);
  h.value(s.override_v);
}

void save(const WindState& s, ByteWriter& w) {
  w.put_array<double>(s.field.u);
  w.put_array<double>(s.field.v);
  w.put_array<double>(s.mean_u);
  w.put_array<double>(s.mean_v);
  w.put_array<double>(s.turb_u);
  w.put_array<double>(s.turb_v);
  w.put<std::uint8_t>(s.override_active ? 1 : 0);
  w.put(s.override_u);
  w.put(s.override_v);
}

bool load(WindState& s, ByteReader& r) {
  const std::uint64_t n = s.field.grid.size();
  std::uint8_t active = 0;
  const bool ok = r.get_array(s.field.u, n) && r.get_array(s.field.v, n) && r.get_array(s.mean_u, n) &&
                  r.get_array(s.mean_v, n) && r.get_array(s.turb_u, n) && r.get_array(s.turb_v, n) &&
                  r.get(active) && r.get(s.override_u) && r.get(s.override_v);
  s.override_active = active != 0;
  return ok && s.field.u.size() == n && s.turb_v.size() == n;
}

WindKpis kpis(const WindState& s) {
  WindKpis k;
  const std::size_t n = s.field.u.size();
  if (n == 0) return k;
  double su = 0, sv = 0, ss = 0;
  for (std::size_t c = 0; c < n; ++c) {  // serial, in index order: deterministic
    const double sp = std::hypot(s.field.u[c], s.field.v[c]);
    su += s.field.u[c];
    sv += s.field.v[c];
    ss += sp;
    k.max_speed = std::max(k.max_speed, sp);
  }
  k.mean_speed = ss / static_cast<double>(n);
  k.mean_from_deg = wind_from_deg(su, sv);
  return k;
}

}  // namespace dpt::sim
