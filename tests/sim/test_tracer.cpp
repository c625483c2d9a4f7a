// Tracers: a Lagrangian random walk dx = U dt + sqrt(2 K dt) N(0,1) per axis (Taylor 1921). In a
// uniform wind a puff released at a point stays Gaussian with centroid x0 + U t and variance
// r0^2 + 2 K t on each axis (the Fickian puff). Tolerances are 5 standard errors of the estimator.
#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "dpt/sim/tracer/tracer.h"

using namespace dpt;
using namespace dpt::sim;
using namespace dpt::sim::tracer;

namespace {
WindField uniform_wind(double u, double v) {
  WindField w;
  w.grid = Grid2D{-50000.0, -50000.0, 1000.0, 100, 100};
  w.terrain = terrain_category('B');  // z = 10 m = z_min: the profile factor is exactly 1
  w.u.assign(w.grid.size(), u);
  w.v.assign(w.grid.size(), v);
  return w;
}

Model model(std::uint32_t capacity, double k, std::vector<Puff> puffs) {
  Model m;
  m.capacity = capacity;
  m.diffusivity = k;
  m.height = 10.0;
  m.extent = {-1e9, -1e9, 1e9, 1e9};
  m.puffs = std::move(puffs);
  return m;
}

StepContext context(std::uint32_t k, Duration dt, std::uint64_t seed = 11) {
  StepContext c;
  c.step = k;
  c.clock = SimClock{Instant{0}, static_cast<std::int64_t>(k) * dt.us};
  c.dt = dt;
  c.seed = seed;
  return c;
}

void run(const Model& m, State& s, const WindField& w, std::uint32_t from, std::uint32_t n, Duration dt, std::uint64_t seed = 11) {
  for (std::uint32_t k = from; k < from + n; ++k) step(m, s, w, context(k, dt, seed));
}

struct Moments {
  double mx = 0, my = 0, vx = 0, vy = 0, kurt_x = 0, corr = 0;
};
Moments moments(const State& s) {
  const double n = s.active;
  Moments r;
  for (std::uint32_t i = 0; i < s.active; ++i) r.mx += s.x[i] / n, r.my += s.y[i] / n;
  double m4 = 0, cxy = 0;
  for (std::uint32_t i = 0; i < s.active; ++i) {
    const double dx = s.x[i] - r.mx, dy = s.y[i] - r.my;
    r.vx += dx * dx, r.vy += dy * dy, m4 += dx * dx * dx * dx, cxy += dx * dy;
  }
  r.kurt_x = m4 * n / (r.vx * r.vx);
  r.corr = cxy / std::sqrt(r.vx * r.vy);
  r.vx /= n - 1, r.vy /= n - 1;
  return r;
}
}  // namespace

TEST_CASE("A point puff in a uniform wind: centroid x0 + U t, variance 2 K t, Gaussian") {
  const double N = 20000, K = 50.0, u = 2.0, v = -1.0;
  const WindField w = uniform_wind(u, v);
  for (int dt_s : {10, 60}) {  // the Fickian result must not depend on the step
    const Model m = model(20000, K, {Puff{Duration{0}, 1000.0, 2000.0, 0.0, 20000}});
    State s;
    init(m, s);
    const std::uint32_t steps = static_cast<std::uint32_t>(600 / dt_s);
    run(m, s, w, 0, steps, Duration::seconds(dt_s));
    REQUIRE(s.active == 20000);
    const double t = 600.0, var = 2 * K * t;
    const Moments r = moments(s);
    WARN("dt " << dt_s << " s: centroid (" << r.mx << ", " << r.my << ") expected (" << 1000 + u * t << ", " << 2000 + v * t
               << "); variance x " << r.vx << ", y " << r.vy << " expected 2Kt = " << var << "; kurtosis " << r.kurt_x);
    CHECK(std::abs(r.mx - (1000 + u * t)) < 5 * std::sqrt(var / N));
    CHECK(std::abs(r.my - (2000 + v * t)) < 5 * std::sqrt(var / N));
    CHECK(std::abs(r.vx - var) < 5 * var * std::sqrt(2 / N));
    CHECK(std::abs(r.vy - var) < 5 * var * std::sqrt(2 / N));
    CHECK(std::abs(r.kurt_x - 3.0) < 5 * std::sqrt(24 / N));  // Gaussian
    CHECK(std::abs(r.corr) < 5 / std::sqrt(N));                // the axes are independent
  }
}

TEST_CASE("A puff of radius r0: variance r0^2 at release, r0^2 + 2 K t later; kpis agree with a direct computation") {
  const double N = 20000, K = 20.0, r0 = 300.0;
  const WindField w = uniform_wind(-3.0, 0.5);
  Model m = model(20000, K, {Puff{Duration{0}, 0.0, 0.0, r0, 20000}});
  State s;
  init(m, s);
  release(m, s, m.puffs[0], 11, 0);
  Moments r = moments(s);
  CHECK(std::abs(r.vx - r0 * r0) < 5 * r0 * r0 * std::sqrt(2 / N));
  init(m, s);
  run(m, s, w, 0, 90, Duration::seconds(10));  // t = 900 s
  const double t = 900.0, var = r0 * r0 + 2 * K * t;
  r = moments(s);
  WARN("r0 = 300 m, t = 900 s: variance x " << r.vx << ", y " << r.vy << " expected r0^2 + 2Kt = " << var);
  CHECK(std::abs(r.vx - var) < 5 * var * std::sqrt(2 / N));
  CHECK(std::abs(r.vy - var) < 5 * var * std::sqrt(2 / N));
  CHECK(std::abs(r.mx - (-3.0 * t)) < 5 * std::sqrt(var / N));

  // Half the cloud lies east of its centre: an extent ending at x = U t leaves ~half outside.
  m.extent = {-1e9, -1e9, -3.0 * t, 1e9};
  const Kpis k = kpis(m, s);
  std::uint32_t outside = 0;
  for (std::uint32_t i = 0; i < s.active; ++i) outside += m.extent.contains(s.x[i], s.y[i]) ? 0 : 1;
  CHECK(k.active == 20000);
  CHECK(k.outside_fraction == static_cast<double>(outside) / N);
  CHECK(std::abs(k.outside_fraction - 0.5) < 5 * 0.5 / std::sqrt(N));
  CHECK(k.centroid_x == Approx(r.mx).epsilon(1e-12));
  CHECK(k.centroid_y == Approx(r.my).epsilon(1e-12));
  CHECK(k.sigma_x == Approx(std::sqrt(r.vx * (N - 1) / N)).epsilon(1e-12));  // population sigma
  CHECK(k.sigma_y == Approx(std::sqrt(r.vy * (N - 1) / N)).epsilon(1e-12));
  m.extent = {-1e9, -1e9, 1e9, 1e9};
  CHECK(kpis(m, s).outside_fraction == 0.0);
  CHECK(kpis(m, State{}).active == 0);
}

TEST_CASE("Releases: due puffs at the start of a step, capacity limits them and counts the dropped") {
  const WindField w = uniform_wind(0.0, 0.0);
  const Model m = model(100, 0.0, {Puff{Duration{0}, 5.0, 5.0, 0.0, 60}, Puff{Duration::seconds(25), 1.0, 1.0, 0.0, 60},
                                   Puff{Duration::seconds(25), 2.0, 2.0, 0.0, 5}});
  State s;
  init(m, s);
  run(m, s, w, 0, 3, Duration::seconds(10));  // steps start at 0, 10, 20 s
  CHECK(s.active == 60);
  CHECK(s.next_puff == 1);
  CHECK(s.x[59] == 5.0);  // K = 0 and no wind: particles stay put
  run(m, s, w, 3, 1, Duration::seconds(10));  // starts at 30 s: both 25 s puffs are due
  CHECK(s.active == 100);
  CHECK(s.next_puff == 3);
  CHECK(s.dropped == 25);
  CHECK(s.x[99] == 1.0);
  State t;
  init(m, t);
  CHECK(release(m, t, Puff{Duration{0}, 0, 0, 0, 70}, 1, 0) == 70);
  CHECK(release(m, t, Puff{Duration{0}, 0, 0, 0, 70}, 1, 0) == 30);
  CHECK(release(m, t, Puff{Duration{0}, 0, 0, 0, 1}, 1, 0) == 0);
  CHECK(t.dropped == 41);
}

TEST_CASE("Tracer snapshots reproduce the digest; a truncated snapshot is refused") {
  const WindField w = uniform_wind(1.0, 1.0);
  const Model m = model(5000, 30.0, {Puff{Duration{0}, 0.0, 0.0, 50.0, 3000}, Puff{Duration::minutes(5), 0, 0, 0, 3000}});
  State s;
  init(m, s);
  run(m, s, w, 0, 40, Duration::seconds(10));
  ByteWriter bw;
  save(s, bw);
  State r;
  ByteReader br(bw.data());
  REQUIRE(load(m, r, br));
  auto digest_of = [](const State& st) {
    Hasher h;
    digest(st, h);
    return h.finish();
  };
  CHECK(digest_of(r) == digest_of(s));
  run(m, s, w, 40, 5, Duration::seconds(10));
  run(m, r, w, 40, 5, Duration::seconds(10));
  CHECK(r.active == 5000);
  CHECK(r.dropped == 1000);
  CHECK(digest_of(r) == digest_of(s));
  std::vector<std::uint8_t> cut(bw.data().begin(), bw.data().end() - 8);
  ByteReader short_reader(cut);
  State bad;
  CHECK_FALSE(load(m, bad, short_reader));
}

TEST_CASE("Tracer positions are bit-identical with 1 and 2 threads") {
  WindField w = uniform_wind(0.0, 0.0);
  for (int j = 0; j < w.grid.ny; ++j)  // a sheared wind, so that each particle samples a different value
    for (int i = 0; i < w.grid.nx; ++i) w.u[w.grid.index(i, j)] = 0.001 * w.grid.cy(j), w.v[w.grid.index(i, j)] = std::sin(i * 0.3);
  const Model m = model(30000, 40.0, {Puff{Duration{0}, 0.0, 0.0, 2000.0, 30000}});
  auto positions = [&](int threads, std::uint64_t seed) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    State s;
    init(m, s);
    run(m, s, w, 0, 30, Duration::seconds(20), seed);
    return s;
  };
  const State one = positions(1, 3), two = positions(2, 3);
  REQUIRE(one.active == two.active);
  CHECK(std::memcmp(one.x.data(), two.x.data(), one.active * sizeof(double)) == 0);
  CHECK(std::memcmp(one.y.data(), two.y.data(), one.active * sizeof(double)) == 0);
  const Kpis k1 = kpis(m, one), k2 = kpis(m, two);
  CHECK(std::memcmp(&k1.sigma_x, &k2.sigma_x, sizeof(double)) == 0);
  CHECK(one.x != positions(2, 4).x);
}
