#include "dpt/sim/tracer/tracer.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "dpt/core/rng.h"

namespace dpt::sim::tracer {
namespace {
constexpr std::uint32_t kStreamWalk = rng_stream("tracer.walk");
constexpr std::uint32_t kStreamRelease = rng_stream("tracer.release");
constexpr std::size_t kBlock = 4096;  // particles a task handles; also the fixed reduction block
}  // namespace

void init(const Model& m, State& s) {
  s.x.assign(m.capacity, 0.0);
  s.y.assign(m.capacity, 0.0);
  s.active = 0;
  s.next_puff = 0;
  s.dropped = 0;
}

std::uint32_t release(const Model& m, State& s, const Puff& p, std::uint64_t seed, std::uint32_t step_index) {
  const std::uint32_t room = m.capacity - s.active;
  const std::uint32_t n = std::min(room, p.count);
  s.dropped += p.count - n;
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t id = s.active + k;
    CounterRng rng(seed, kStreamRelease, id, step_index);
    s.x[id] = p.x + p.radius * rng.normal();
    s.y[id] = p.y + p.radius * rng.normal();
  }
  s.active += n;
  return n;
}

void step(const Model& m, State& s, const WindField& wind, const StepContext& ctx) {
  const Duration t = ctx.clock.now() - ctx.clock.epoch;
  while (s.next_puff < m.puffs.size() && m.puffs[s.next_puff].at <= t) {
    release(m, s, m.puffs[s.next_puff], ctx.seed, ctx.step);
    ++s.next_puff;
  }
  const double dt = ctx.dt.to_seconds();
  const double spread = std::sqrt(2.0 * m.diffusivity * dt);
  const double factor = wind.profile(m.height);
  double* x = s.x.data();
  double* y = s.y.data();
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, s.active, kBlock), [&](const tbb::blocked_range<std::uint32_t>& r) {
    for (std::uint32_t i = r.begin(); i < r.end(); ++i) {
      const WindField::Sample w = wind.sample_scaled(x[i], y[i], factor);
      CounterRng rng(ctx.seed, kStreamWalk, i, ctx.step);
      x[i] += w.u * dt + spread * rng.normal();
      y[i] += w.v * dt + spread * rng.normal();
    }
  });
}

void digest(const State& s, Hasher& h) {
  h.value(s.active);
  h.value(s.next_puff);
  h.value(s.dropped);
  h.bytes(s.x.data(), s.active * sizeof(double));
  h.bytes(s.y.data(), s.active * sizeof(double));
}

void save(const State& s, ByteWriter& w) {
  w.put(s.active);
  w.put(s.next_puff);
  w.put(s.dropped);
  w.put_array<double>(std::span<const double>(s.x.data(), s.active));
  w.put_array<double>(std::span<const double>(s.y.data(), s.active));
}

bool load(const Model& m, State& s, ByteReader& r) {
  init(m, s);
  std::vector<double> x, y;
  if (!r.get(s.active) || !r.get(s.next_puff) || !r.get(s.dropped) || !r.get_array(x, m.capacity) ||
      !r.get_array(y, m.capacity) || x.size() != s.active || y.size() != s.active)
    return false;
  std::copy(x.begin(), x.end(), s.x.begin());
  std::copy(y.begin(), y.end(), s.y.begin());
  return true;
}

Kpis kpis(const Model& m, const State& s) {
  Kpis k;
  k.active = s.active;
  if (s.active == 0) return k;
  const std::size_t n = s.active;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  struct Partial {
    double sx = 0, sy = 0, outside = 0;
  };
  std::vector<Partial> part(blocks);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    Partial p;
    for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
      p.sx += s.x[i];
      p.sy += s.y[i];
      p.outside += m.extent.contains(s.x[i], s.y[i]) ? 0.0 : 1.0;
    }
    part[b] = p;
  });
  Partial tot;
  for (const Partial& p : part) {
    tot.sx += p.sx;
    tot.sy += p.sy;
    tot.outside += p.outside;
  }
  const double dn = static_cast<double>(n);
  k.centroid_x = tot.sx / dn;
  k.centroid_y = tot.sy / dn;
  k.outside_fraction = tot.outside / dn;
  // Second pass about the centroid (numerically better than E[x^2] - E[x]^2).
  std::vector<Partial> var(blocks);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    Partial p;
    for (std::size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
      p.sx += (s.x[i] - k.centroid_x) * (s.x[i] - k.centroid_x);
      p.sy += (s.y[i] - k.centroid_y) * (s.y[i] - k.centroid_y);
    }
    var[b] = p;
  });
  double vx = 0, vy = 0;
  for (const Partial& p : var) {
    vx += p.sx;
    vy += p.sy;
  }
  k.sigma_x = std::sqrt(vx / dn);
  k.sigma_y = std::sqrt(vy / dn);
  return k;
}

}  // namespace dpt::sim::tracer
