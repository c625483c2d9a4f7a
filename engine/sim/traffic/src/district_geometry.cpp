// Planar polyline helpers for the district conversion (district_internal.h): lengths, cuts and
// sideways offsets of lane centre lines.
#include <algorithm>
#include <cmath>

#include "district_internal.h"

namespace dpt::sim::traffic::district {

namespace {

double dist(Point2 a, Point2 b) { return std::hypot(b.x - a.x, b.y - a.y); }

Point2 lerp(Point2 a, Point2 b, double t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// Unit right-hand normal of the segment a -> b ((dy, -dx) for a unit heading (dx, dy)).
Point2 right_normal(Point2 a, Point2 b) {
  const double len = dist(a, b);
  if (len <= 0.0) return {0.0, 0.0};
  return {(b.y - a.y) / len, -(b.x - a.x) / len};
}

}  // namespace

double wrap_pi(double a) {
  a = std::fmod(a, 2.0 * kPi);
  if (a <= -kPi) a += 2.0 * kPi;
  if (a > kPi) a -= 2.0 * kPi;
  return a;
}

double wrap_2pi(double a) {
  a = std::fmod(a, 2.0 * kPi);
  if (a < 0.0) a += 2.0 * kPi;
  return a;
}

double polyline_length(std::span<const Point2> p) {
  double len = 0.0;
  for (std::size_t i = 1; i < p.size(); ++i) len += dist(p[i - 1], p[i]);
  return len;
}

Point2 point_at(std::span<const Point2> p, double s) {
  if (p.empty()) return {};
  for (std::size_t i = 1; i < p.size(); ++i) {
    const double d = dist(p[i - 1], p[i]);
    if (s <= d) return d > 0.0 ? lerp(p[i - 1], p[i], std::max(0.0, s) / d) : p[i - 1];
    s -= d;
  }
  return p.back();
}

std::vector<Point2> cut_polyline(std::span<const Point2> p, double from_s, double to_s) {
  std::vector<Point2> out;
  if (p.empty()) return out;
  out.push_back(point_at(p, from_s));
  double s = 0.0;
  for (std::size_t i = 1; i < p.size(); ++i) {
    s += dist(p[i - 1], p[i]);
    if (s > from_s && s < to_s) out.push_back(p[i]);
  }
  out.push_back(point_at(p, to_s));
  return out;
}

std::vector<Point2> offset_polyline(std::span<const Point2> p, double right_m) {
  std::vector<Point2> out(p.begin(), p.end());
  if (p.size() < 2 || right_m == 0.0) return out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    // The mitre at a vertex: the mean of the two segments' normals, lengthened by 1 / cos of half
    // the bend so that both offset segments stay `right_m` away (limited at sharp bends).
    const Point2 n0 = i > 0 ? right_normal(p[i - 1], p[i]) : right_normal(p[0], p[1]);
    const Point2 n1 = i + 1 < p.size() ? right_normal(p[i], p[i + 1]) : n0;
    Point2 n{n0.x + n1.x, n0.y + n1.y};
    const double len = std::hypot(n.x, n.y);
    if (len < 1e-9) {
      n = n0;  // a full reversal: use the incoming segment's normal
    } else {
      const double cos_half = len / 2.0;
      const double scale = 1.0 / std::max(cos_half, 0.5) / len;  // mitre limited to 2x the offset
      n = {n.x * scale, n.y * scale};
    }
    out[i] = {p[i].x + n.x * right_m, p[i].y + n.y * right_m};
  }
  return out;
}

}  // namespace dpt::sim::traffic::district
