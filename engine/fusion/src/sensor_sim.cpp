// The sensor simulator: movers along polylines, projected into virtual cameras (georef.h's exact
// inverse of the camera ray), kept when in the image, in range and in line of sight, then
// degraded as a detector degrades them: pixel noise, misses, false alarms, scores.
#include "dpt/fusion/sensor_sim.h"

#include <algorithm>
#include <cmath>

#include "dpt/core/rng.h"

namespace dpt::fusion {

namespace {

constexpr std::uint32_t kFrameStream = rng_stream("fusion.sensor_sim.frame");
constexpr std::uint32_t kMoverStream = rng_stream("fusion.sensor_sim.movers");

double clamp_score(double s) { return std::clamp(s, 0.01, 1.0); }

// Poisson draw by multiplying uniforms until their product falls below e^-mean (Knuth, TAOCP
// vol. 2, 3.4.1): fine for the small means of false alarms per frame.
int poisson(CounterRng& rng, double mean) {
  if (!(mean > 0.0)) return 0;
  const double limit = std::exp(-mean);
  int k = 0;
  double prod = rng.uniform();
  while (prod > limit && k < 1000) {
    ++k;
    prod *= rng.uniform();
  }
  return k;
}

}  // namespace

ObjectSize object_size(ObjectClass c) {
  switch (c) {
    case ObjectClass::person: return {0.5, 1.7, 0.5};
    case ObjectClass::bicycle: return {0.6, 1.7, 1.8};
    case ObjectClass::car: return {1.8, 1.5, 4.5};
    case ObjectClass::bus: return {2.5, 3.2, 12.0};
    case ObjectClass::truck: return {2.5, 3.5, 9.0};
    case ObjectClass::hazmat_truck: return {2.5, 3.5, 12.0};
    case ObjectClass::muck_truck: return {2.5, 3.5, 8.0};
    case ObjectClass::unknown: break;
  }
  return {};
}

MoverState mover_at(const Mover& m, std::int64_t time_us) {
  MoverState s;
  s.id = m.id;
  s.cls = m.cls;
  if (m.path.empty()) return s;
  s.x = m.path[0].x;
  s.y = m.path[0].y;
  double total = 0.0;
  for (std::size_t k = 1; k < m.path.size(); ++k)
    total += std::hypot(m.path[k].x - m.path[k - 1].x, m.path[k].y - m.path[k - 1].y);
  if (!(total > 0.0) || !(m.speed > 0.0)) return s;
  const double t = time_us > m.start_us ? static_cast<double>(time_us - m.start_us) * 1e-6 : 0.0;
  double dist = m.speed * t;
  double sign = 1.0;  // +1 outbound, -1 on the way back
  bool moving = true;
  if (m.ping_pong) {
    dist = std::fmod(dist, 2.0 * total);
    if (dist > total) {
      dist = 2.0 * total - dist;
      sign = -1.0;
    }
  } else if (dist >= total) {
    dist = total;
    moving = false;
  }
  // Walk the segments to the one holding `dist`.
  for (std::size_t k = 1; k < m.path.size(); ++k) {
    const double dx = m.path[k].x - m.path[k - 1].x, dy = m.path[k].y - m.path[k - 1].y;
    const double len = std::hypot(dx, dy);
    if (!(len > 0.0)) continue;
    if (dist <= len || k + 1 == m.path.size()) {
      const double f = std::min(dist / len, 1.0);
      s.x = m.path[k - 1].x + f * dx;
      s.y = m.path[k - 1].y + f * dy;
      s.hx = sign * dx / len;
      s.hy = sign * dy / len;
      if (moving) {
        s.vx = m.speed * s.hx;
        s.vy = m.speed * s.hy;
      }
      break;
    }
    dist -= len;
  }
  return s;
}

std::vector<Mover> generate_movers(const MoverGenParams& p, std::uint64_t seed) {
  std::vector<Mover> out;
  const int n = std::max(0, p.people) + std::max(0, p.vehicles);
  out.reserve(static_cast<std::size_t>(n));
  const double w = p.area.max_x - p.area.min_x, h = p.area.max_y - p.area.min_y;
  for (int k = 0; k < n; ++k) {
    CounterRng rng(seed, kMoverStream, static_cast<std::uint32_t>(k), 0);
    Mover m;
    m.id = p.first_id + k;
    m.start_us = p.start_us;
    const bool person = k < p.people;
    if (person) {
      m.cls = ObjectClass::person;
      m.speed = p.person_speed_min + (p.person_speed_max - p.person_speed_min) * rng.uniform();
    } else {
      const double c = rng.uniform();
      m.cls = c < 0.8 ? ObjectClass::car : (c < 0.9 ? ObjectClass::truck : ObjectClass::bus);
      m.speed = p.vehicle_speed_min + (p.vehicle_speed_max - p.vehicle_speed_min) * rng.uniform();
    }
    const int points = std::max(1, p.waypoints);
    m.path.reserve(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i) m.path.push_back({p.area.min_x + w * rng.uniform(), p.area.min_y + h * rng.uniform()});
    out.push_back(std::move(m));
  }
  return out;
}

SensorSim::SensorSim(std::span<const world::Camera> cameras, const physics::CollisionWorld& world,
                     const world::Terrain& terrain, std::span<const Mover> movers, SensorSimParams p,
                     std::uint64_t seed)
    : cameras_(cameras), world_(world), terrain_(terrain), movers_(movers), p_(p), seed_(seed) {
  frames_.reserve(cameras.size());
  for (const world::Camera& c : cameras) frames_.push_back(camera_frame(c));
}

double SensorSim::ground_z(double x, double y) const { return terrain_.empty() ? 0.0 : terrain_.height({x, y}); }

void SensorSim::truth(std::int64_t time_us, std::vector<MoverState>& out) const {
  out.clear();
  for (const Mover& m : movers_) {
    MoverState s = mover_at(m, time_us);
    s.z = ground_z(s.x, s.y);
    out.push_back(s);
  }
}

bool SensorSim::visible(std::size_t camera, const MoverState& s) const {
  const CameraFrame& cf = frames_[camera];
  const double dx = s.x - cf.origin[0], dy = s.y - cf.origin[1], dz = s.z - cf.origin[2];
  if (dx * dx + dy * dy + dz * dz > p_.max_range_m * p_.max_range_m) return false;
  double u, v;
  if (!project_to_image(cf, s.x, s.y, s.z, u, v)) return false;
  const double lift = p_.visible_height_fraction * object_size(s.cls).height;
  return world_.line_of_sight({cf.origin[0], cf.origin[1], cf.origin[2]}, {s.x, s.y, s.z + lift});
}

void SensorSim::frame(std::size_t camera, std::uint64_t seq, std::int64_t time_us, SimFrame& out) const {
  const world::Camera& cam = cameras_[camera];
  const CameraFrame& cf = frames_[camera];
  out.frame.camera_id = cam.id;
  out.frame.seq = seq;
  out.frame.time_us = time_us;
  out.frame.boxes.clear();
  out.truth.clear();
  CounterRng rng(seed_, kFrameStream, static_cast<std::uint32_t>(cam.id), static_cast<std::uint32_t>(seq));
  const double W = cf.width, H = cf.height;

  for (const Mover& m : movers_) {
    MoverState s = mover_at(m, time_us);
    s.z = ground_z(s.x, s.y);
    if (!visible(camera, s)) continue;
    if (rng.uniform() >= p_.p_detect) continue;  // missed
    const ObjectSize size = object_size(s.cls);
    double uf, vf, uh, vh, depth;
    project_to_image(cf, s.x, s.y, s.z, uf, vf, &depth);
    double head_depth;
    project_to_image(cf, s.x, s.y, s.z + size.height, uh, vh, &head_depth);
    if (!(head_depth > 0.0)) continue;
    // Apparent width: the footprint's extent across the line of sight (horizontal), at the foot's depth.
    const double lx = s.x - cf.origin[0], ly = s.y - cf.origin[1];
    const double ll = std::hypot(lx, ly);
    const double px = ll > 0.0 ? -ly / ll : 1.0, py = ll > 0.0 ? lx / ll : 0.0;  // across the view
    const double along = std::abs(s.hx * px + s.hy * py), across = std::abs(-s.hy * px + s.hx * py);
    double w = (size.length * along + size.width * across) * cf.fx / depth;
    uf += p_.pixel_sigma * rng.normal();
    vf += p_.pixel_sigma * rng.normal();
    vh += p_.pixel_sigma * rng.normal();
    w += p_.pixel_sigma * rng.normal();
    const double score = clamp_score(p_.true_score_mean + p_.true_score_sigma * rng.normal());
    // The detector reports boxes inside the image: the foot stays in it, the top is clipped.
    uf = std::clamp(uf, 0.0, W);
    vf = std::clamp(vf, 0.0, H);
    const double top = std::max(0.0, vh);
    if (vf - top < p_.min_box_height_px || w <= 0.0) continue;
    BoxDetection b;
    b.x = static_cast<float>(uf - 0.5 * w);
    b.y = static_cast<float>(top);
    b.w = static_cast<float>(w);
    b.h = static_cast<float>(vf - top);
    b.score = static_cast<float>(score);
    b.cls = s.cls;
    out.frame.boxes.push_back(b);
    out.truth.push_back(m.id);
  }

  // False alarms: a Poisson number per frame, foot uniform over the image, person- or car-shaped.
  const int n_false = poisson(rng, p_.false_alarms_per_frame);
  for (int k = 0; k < n_false; ++k) {
    const bool person = rng.uniform() < 0.5;
    const double uf = W * rng.uniform(), vf = H * rng.uniform();
    const double h = 20.0 + 180.0 * rng.uniform();
    const double w = h * (person ? 0.35 : 1.5);
    const double top = std::max(0.0, vf - h);
    BoxDetection b;
    b.x = static_cast<float>(uf - 0.5 * w);
    b.y = static_cast<float>(top);
    b.w = static_cast<float>(w);
    b.h = static_cast<float>(vf - top);
    b.score = static_cast<float>(clamp_score(p_.false_score_mean + p_.false_score_sigma * rng.normal()));
    b.cls = person ? ObjectClass::person : ObjectClass::car;
    out.frame.boxes.push_back(b);
    out.truth.push_back(-1);
  }
}

}  // namespace dpt::fusion
