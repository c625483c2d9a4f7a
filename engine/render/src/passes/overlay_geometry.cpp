#include "overlay_geometry.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "dpt/render/camera.h"
#include "dpt/world/buildings.h"

namespace dpt::render::passes {
namespace {

// IEC 61966-2-1 sRGB transfer function, inverse.
float srgb_to_linear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

std::uint32_t pack_linear(const glm::vec4& c) {
  const auto b = [](float v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return b(c.r) | (b(c.g) << 8) | (b(c.b) << 16) | (b(c.a) << 24);
}

std::uint32_t with_alpha(std::uint32_t rgba, float a) {
  return (rgba & 0x00ffffffu) | (static_cast<std::uint32_t>(std::clamp(a, 0.0f, 1.0f) * 255.0f + 0.5f) << 24);
}

glm::dvec3 on_ground(const Ground& g, glm::dvec2 p, double lift) { return {p.x, p.y, g.at(p.x, p.y) + lift}; }

// Splits a ground triangle along its longest edge until every edge is at most `step` (m), so that
// the drape follows hills; `budget` caps the triangles made for one zone.
void drape_triangle(const std::array<glm::dvec2, 3>& t0, double step, const Ground& g, std::uint32_t rgba,
                    const glm::dvec3& eye, OverlayMesh& out, std::size_t& budget) {
  std::vector<std::array<glm::dvec2, 3>> stack{t0};
  while (!stack.empty()) {
    const auto t = stack.back();
    stack.pop_back();
    double longest = 0.0;
    int e = 0;
    for (int i = 0; i < 3; ++i) {
      const double l = glm::length(t[static_cast<std::size_t>((i + 1) % 3)] - t[static_cast<std::size_t>(i)]);
      if (l > longest) longest = l, e = i;
    }
    if (longest > step && budget > stack.size() + 2) {
      const auto a = t[static_cast<std::size_t>(e)], b = t[static_cast<std::size_t>((e + 1) % 3)],
                 c = t[static_cast<std::size_t>((e + 2) % 3)];
      const glm::dvec2 m = 0.5 * (a + b);
      stack.push_back({a, m, c});
      stack.push_back({m, b, c});
      continue;
    }
    if (budget == 0) return;
    --budget;
    out.triangle(on_ground(g, t[0], kDrapeLiftM), on_ground(g, t[1], kDrapeLiftM), on_ground(g, t[2], kDrapeLiftM), rgba,
                 eye);
  }
}

}  // namespace

std::uint32_t pack_srgb(const glm::vec4& c) {
  return pack_linear({srgb_to_linear(c.r), srgb_to_linear(c.g), srgb_to_linear(c.b), c.a});
}

glm::vec3 viridis(float t) {
  // matplotlib _cm_listed.py viridis at 0, 1/4, 1/2, 3/4, 1 (#440154 #3b528b #21918c #5ec962 #fde725).
  static constexpr std::array<glm::vec3, 5> kStops{glm::vec3(0.267f, 0.004f, 0.329f), glm::vec3(0.231f, 0.322f, 0.545f),
                                                   glm::vec3(0.129f, 0.569f, 0.549f), glm::vec3(0.369f, 0.788f, 0.384f),
                                                   glm::vec3(0.992f, 0.906f, 0.145f)};
  const float x = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * 4.0f;
  const int i = std::min(static_cast<int>(x), 3);
  return glm::mix(kStops[static_cast<std::size_t>(i)], kStops[static_cast<std::size_t>(i + 1)], x - static_cast<float>(i));
}

double Ground::at(double x, double y) const {
  const geo::HeightGrid& g = terrain_.grid;
  if (terrain_.empty() || g.nx < 2 || g.ny < 2) return 0.0;
  const double z = terrain_.height({x, y});
  return std::isfinite(z) ? z : 0.0;
}

double Ground::spacing() const { return terrain_.empty() ? 10.0 : std::max(terrain_.grid.dx, terrain_.grid.dy); }

void OverlayMesh::triangle(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c, std::uint32_t rgba,
                           const glm::dvec3& eye) {
  for (const glm::dvec3& p : {a, b, c}) {
    const glm::dvec3 r = p - eye;
    vertices.push_back({static_cast<float>(r.x), static_cast<float>(r.y), static_cast<float>(r.z), rgba});
  }
}

void OverlayMesh::polyline(const std::vector<glm::dvec3>& pts, const std::vector<std::uint32_t>& rgba, double px,
                           const ScreenScale& s, bool closed) {
  const std::size_t n = pts.size();
  if (n < 2) return;
  const std::size_t segments = closed ? n : n - 1;
  for (std::size_t i = 0; i < segments; ++i) {
    const glm::dvec3 a = pts[i], b = pts[(i + 1) % n];
    // Across the segment and across the line of sight: the ribbon faces the eye.
    glm::dvec3 side = glm::cross(b - a, a - s.eye);
    const double len = glm::length(side);
    if (len <= 0.0) continue;
    side /= len;
    const glm::dvec3 ha = side * (0.5 * s.metres(px, a)), hb = side * (0.5 * s.metres(px, b));
    const std::uint32_t ca = rgba[std::min(i, rgba.size() - 1)], cb = rgba[std::min((i + 1) % n, rgba.size() - 1)];
    // Two triangles; the colour of each end is carried by its own vertices.
    const glm::dvec3 q[4] = {a - ha, a + ha, b + hb, b - hb};
    const std::uint32_t qc[4] = {ca, ca, cb, cb};
    for (const int k : {0, 1, 2, 0, 2, 3}) {
      const glm::dvec3 r = q[k] - s.eye;
      vertices.push_back({static_cast<float>(r.x), static_cast<float>(r.y), static_cast<float>(r.z), qc[k]});
    }
  }
}

bool append_zone(const Zone& z, const Ground& g, const ScreenScale& s, OverlayMesh& out) {
  if (z.ring.size() < 3) return false;
  geo::Polygon poly;
  for (const glm::dvec2& p : z.ring) poly.outer.push_back({p.x, p.y});
  const std::vector<std::uint32_t> tri = world::triangulate(poly);
  if (tri.empty()) return false;
  // Two grid cells per edge follow the relief; a big zone gets coarser steps (at most ~20k triangles).
  double area = 0.0;
  for (std::size_t i = 0; i < z.ring.size(); ++i) {
    const glm::dvec2 a = z.ring[i], b = z.ring[(i + 1) % z.ring.size()];
    area += a.x * b.y - b.x * a.y;
  }
  const double step = std::max(2.0 * g.spacing(), std::sqrt(std::abs(0.5 * area) / 10000.0));
  std::size_t budget = 20000;
  const std::uint32_t fill = pack_srgb(z.fill);
  for (std::size_t i = 0; i + 2 < tri.size(); i += 3)
    drape_triangle({z.ring[tri[i]], z.ring[tri[i + 1]], z.ring[tri[i + 2]]}, step, g, fill, s.eye, out, budget);
  // The outline: edges resampled at the same step, 2.5 px wide.
  std::vector<glm::dvec3> line;
  for (std::size_t i = 0; i < z.ring.size(); ++i) {
    const glm::dvec2 a = z.ring[i], b = z.ring[(i + 1) % z.ring.size()];
    const int n = std::max(1, static_cast<int>(std::ceil(glm::length(b - a) / step)));
    for (int k = 0; k < n; ++k) line.push_back(on_ground(g, a + (b - a) * (static_cast<double>(k) / n), kDrapeLiftM + 0.5));
  }
  out.polyline(line, {pack_srgb(z.outline)}, 2.5, s, true);
  return true;
}

void append_arrows(const VectorArrows& a, float lo, float hi, const Ground& g, const glm::dvec3& eye, OverlayMesh& out) {
  const std::size_t n = std::min(a.positions.size(), a.vectors.size());
  const float span = hi > lo ? hi - lo : 1.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const glm::dvec2 v(a.vectors[i]);
    const double speed = glm::length(v);
    const double len = speed * a.metres_per_unit;
    if (!(len > 0.0) || !std::isfinite(len)) continue;
    const glm::dvec2 d = v / speed, side(-d.y, d.x);  // side: left of the arrow
    const glm::dvec2 p = a.positions[i];
    const double z = g.at(p.x, p.y) + kDrapeLiftM + 1.0;
    const glm::dvec2 tail = p - 0.5 * len * d, tip = p + 0.5 * len * d, neck = tip - 0.35 * len * d;
    const double shaft = 0.06 * len, head = 0.2 * len;
    const auto at = [z](glm::dvec2 q) { return glm::dvec3(q, z); };
    const glm::vec3 c = viridis((static_cast<float>(speed) - lo) / span);
    const std::uint32_t rgba = pack_srgb({c, 0.95f});
    out.triangle(at(tail - shaft * side), at(neck - shaft * side), at(neck + shaft * side), rgba, eye);
    out.triangle(at(tail - shaft * side), at(neck + shaft * side), at(tail + shaft * side), rgba, eye);
    out.triangle(at(neck - head * side), at(tip), at(neck + head * side), rgba, eye);
  }
}

void append_trail(const Trail& t, const Ground& g, const ScreenScale& s, OverlayMesh& out) {
  const std::size_t n = t.points.size();
  if (n < 2) return;
  std::vector<glm::dvec3> pts(n);
  std::vector<std::uint32_t> rgba(n);
  const std::uint32_t base = pack_srgb(t.colour);
  for (std::size_t i = 0; i < n; ++i) {
    const glm::dvec3 p = t.points[i];
    pts[i] = {p.x, p.y, std::max(p.z, g.at(p.x, p.y)) + 1.0};
    const float age = static_cast<float>(i) / static_cast<float>(n - 1);  // 0 oldest .. 1 newest
    rgba[i] = with_alpha(base, t.colour.a * (0.15f + 0.85f * age));
  }
  out.polyline(pts, rgba, 3.0, s);
}

glm::dvec3 frustum_corner(const world::Camera& c, double u, double v, const Ground& g, double reach_m) {
  double dir[3];
  world::camera_ray(c, u, v, dir);
  const glm::dvec3 o(c.pose.x, c.pose.y, c.pose.z), d(dir[0], dir[1], dir[2]);
  // March 1 m steps for the first ground crossing, then bisect (the ground is smooth at that scale).
  const auto below = [&](double t) {
    const glm::dvec3 p = o + t * d;
    return p.z <= g.at(p.x, p.y);
  };
  double prev = 0.0;
  for (double t = 1.0; t <= reach_m; t += 1.0) {
    if (below(t)) {
      double lo = prev, hi = t;
      for (int k = 0; k < 20; ++k) (below(0.5 * (lo + hi)) ? hi : lo) = 0.5 * (lo + hi);
      return o + lo * d;
    }
    prev = t;
  }
  return o + reach_m * d;
}

void append_frustum(const world::Camera& c, const Ground& g, const ScreenScale& s, OverlayMesh& out, double reach_m) {
  const double w = c.k.width, h = c.k.height;
  const glm::dvec3 eye(c.pose.x, c.pose.y, c.pose.z);
  const glm::dvec3 k[4] = {frustum_corner(c, 0, 0, g, reach_m), frustum_corner(c, w, 0, g, reach_m),
                           frustum_corner(c, w, h, g, reach_m), frustum_corner(c, 0, h, g, reach_m)};
  const std::uint32_t face = pack_srgb({0.20f, 0.75f, 1.0f, 0.22f}), edge = pack_srgb({0.20f, 0.75f, 1.0f, 0.95f});
  for (int i = 0; i < 4; ++i) out.triangle(eye, k[i], k[(i + 1) % 4], face, s.eye);
  for (const glm::dvec3& corner : k) out.polyline({eye, corner}, {edge}, 2.0, s);
  out.polyline({k[0], k[1], k[2], k[3]}, {edge}, 2.0, s, true);
}

}  // namespace dpt::render::passes
