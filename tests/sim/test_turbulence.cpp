// The turbulent part of the wind: per cell and component an Ornstein-Uhlenbeck process with
// standard deviation sigma = I |U| and time scale T (Langevin model, Pope 2000 ch. 12). Its
// statistics are known in closed form: started from 0, Var(t) = sigma^2 (1 - exp(-2t/T)); in the
// stationary state the autocorrelation at lag tau is exp(-tau/T). Cells are independent, so the
// 2 x 10 000 cell values are a sample; tolerances are 5 standard errors of the estimator.
#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "dpt/sim/common/wind_model.h"

using namespace dpt;
using namespace dpt::sim;

namespace {
WindModel uniform_model(double intensity, Duration time_scale) {
  WindModel m;
  m.source = WindModel::Source::keyframes;
  m.grid = Grid2D{0.0, 0.0, 100.0, 100, 100};
  m.terrain = terrain_category('B');
  m.keyframes = {WindKeyframe{Duration{0}, 6.0, -8.0}};  // |U| = 10 m/s
  m.turbulence_intensity = intensity;
  m.turbulence_time_scale = time_scale;
  return m;
}

struct Run {
  const WindModel& m;
  Duration dt;
  std::uint64_t seed = 2025;
  WindState s;
  std::uint32_t k = 0;
  Run(const WindModel& model, Duration step_dt) : m(model), dt(step_dt) { init(m, s); }
  void steps(std::uint32_t n) {
    for (std::uint32_t e = k + n; k < e; ++k) {
      StepContext c;
      c.step = k;
      c.clock = SimClock{Instant{0}, static_cast<std::int64_t>(k) * dt.us};
      c.dt = dt;
      c.seed = seed;
      step(m, s, c);
    }
  }
  // Both components of every cell, as one sample.
  std::vector<double> turbulence() const {
    std::vector<double> t(s.turb_u);
    t.insert(t.end(), s.turb_v.begin(), s.turb_v.end());
    return t;
  }
};

double mean(const std::vector<double>& a) {
  double s = 0;
  for (double x : a) s += x;
  return s / static_cast<double>(a.size());
}
double variance(const std::vector<double>& a) {
  const double m = mean(a);
  double s = 0;
  for (double x : a) s += (x - m) * (x - m);
  return s / static_cast<double>(a.size() - 1);
}
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}
}  // namespace

TEST_CASE("OU turbulence: transient and stationary variance, lag correlation exp(-tau/T)") {
  const double sigma = 0.2 * 10.0;  // I |U|
  const WindModel m = uniform_model(0.2, Duration::seconds(60));
  Run run(m, Duration::seconds(10));
  const double n = 2.0 * static_cast<double>(m.grid.size());
  const double rho = std::exp(-10.0 / 60.0);

  run.steps(3);  // t = 30 s = T/2: Var = sigma^2 (1 - e^{-1})
  const double v_transient = variance(run.turbulence());
  const double e_transient = sigma * sigma * (1 - std::exp(-1.0));
  WARN("OU variance after T/2: " << v_transient << " (expected " << e_transient << ")");
  CHECK(std::abs(v_transient - e_transient) < 5 * e_transient * std::sqrt(2 / n));

  run.steps(297);  // t = 3000 s = 50 T: stationary
  const std::vector<double> a = run.turbulence();
  const double v_stat = variance(a);
  WARN("OU stationary variance: " << v_stat << " (expected (I|U|)^2 = " << sigma * sigma << ")");
  CHECK(std::abs(v_stat - sigma * sigma) < 5 * sigma * sigma * std::sqrt(2 / n));
  CHECK(std::abs(mean(a)) < 5 * sigma / std::sqrt(n));
  // The published field is the mean plus the turbulence.
  CHECK(run.s.field.u[123] == run.s.mean_u[123] + run.s.turb_u[123]);
  CHECK(run.s.mean_u[123] == 6.0);

  run.steps(1);
  const double r1 = correlation(a, run.turbulence());
  WARN("OU lag-one autocorrelation: " << r1 << " (expected exp(-dt/T) = " << rho << ")");
  CHECK(std::abs(r1 - rho) < 5 * (1 - rho * rho) / std::sqrt(n));
  run.steps(5);  // lag 6 steps = T
  const double r6 = correlation(a, run.turbulence());
  const double rho6 = std::exp(-1.0);
  WARN("OU autocorrelation at lag T: " << r6 << " (expected " << rho6 << ")");
  CHECK(std::abs(r6 - rho6) < 5 * (1 - rho6 * rho6) / std::sqrt(n));
  CHECK(std::abs(variance(run.turbulence()) - sigma * sigma) < 5 * sigma * sigma * std::sqrt(2 / n));
}

TEST_CASE("OU turbulence with dt > T: the exact discretisation keeps the variance and gives exp(-2)") {
  const double sigma = 0.15 * 10.0;
  const WindModel m = uniform_model(0.15, Duration::seconds(30));
  Run run(m, Duration::seconds(60));
  const double n = 2.0 * static_cast<double>(m.grid.size());
  run.steps(40);
  const std::vector<double> a = run.turbulence();
  const double v = variance(a);
  WARN("OU stationary variance (dt = 2T): " << v << " (expected " << sigma * sigma << ")");
  CHECK(std::abs(v - sigma * sigma) < 5 * sigma * sigma * std::sqrt(2 / n));
  run.steps(1);
  const double rho = std::exp(-2.0);
  const double r = correlation(a, run.turbulence());
  WARN("OU lag-one autocorrelation (dt = 2T): " << r << " (expected " << rho << ")");
  CHECK(std::abs(r - rho) < 5 * (1 - rho * rho) / std::sqrt(n));
}

TEST_CASE("OU turbulence is bit-identical with 1 and 2 threads, and depends on the seed") {
  const WindModel m = uniform_model(0.2, Duration::seconds(60));
  auto run_with = [&](int threads, std::uint64_t seed) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Run run(m, Duration::seconds(10));
    run.seed = seed;
    run.steps(25);
    Hasher h;
    digest(run.s, h);
    return std::make_pair(run.turbulence(), h.finish());
  };
  const auto one = run_with(1, 7);
  const auto two = run_with(2, 7);
  REQUIRE(one.first.size() == two.first.size());
  CHECK(std::memcmp(one.first.data(), two.first.data(), one.first.size() * sizeof(double)) == 0);
  CHECK(one.second == two.second);
  const auto other_seed = run_with(2, 8);
  CHECK(other_seed.second != one.second);
  CHECK(variance(one.first) > 1.0);  // the field is not trivially zero
}
