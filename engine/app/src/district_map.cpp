#include "district_map.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace dpt::app {
namespace {

using Rgb = std::array<float, 3>;

Rgb lerp(const Rgb& a, const Rgb& b, double t) {
  const float u = static_cast<float>(std::clamp(t, 0.0, 1.0));
  return {a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u};
}

// Hypsometric tints: deep sea → shallow sea | lowland green → hill ochre → summit grey.
Rgb relief_colour(double z) {
  if (z < 0.0) return lerp({150, 190, 225}, {40, 80, 150}, -z / 30.0);
  if (z < 150.0) return lerp({120, 170, 100}, {175, 185, 120}, z / 150.0);
  if (z < 500.0) return lerp({175, 185, 120}, {160, 130, 90}, (z - 150.0) / 350.0);
  return lerp({160, 130, 90}, {235, 235, 230}, (z - 500.0) / 400.0);
}

class Canvas {
 public:
  Canvas(const geo::Box& box, int width)
      : box_(box), scale_(width / (box.max_x - box.min_x)) {
    img_.width = width;
    img_.height = std::max(1, static_cast<int>(std::lround((box.max_y - box.min_y) * scale_)));
    img_.rgb.assign(static_cast<std::size_t>(img_.width) * img_.height * 3, 0);
  }
  int width() const { return img_.width; }
  int height() const { return img_.height; }
  geo::Local centre_of(int px, int py) const {
    return {box_.min_x + (px + 0.5) / scale_, box_.max_y - (py + 0.5) / scale_};
  }
  double to_px(double x) const { return (x - box_.min_x) * scale_; }
  double to_py(double y) const { return (box_.max_y - y) * scale_; }
  void set(int px, int py, const Rgb& c) {
    if (px < 0 || py < 0 || px >= img_.width || py >= img_.height) return;
    unsigned char* p = &img_.rgb[(static_cast<std::size_t>(py) * img_.width + px) * 3];
    for (int k = 0; k < 3; ++k) p[k] = static_cast<unsigned char>(std::clamp(c[k], 0.0f, 255.0f));
  }
  // A line of `thickness` pixels (square brush), stepped at half-pixel intervals.
  void line(geo::Local a, geo::Local b, const Rgb& c, int thickness) {
    const double ax = to_px(a.x), ay = to_py(a.y), bx = to_px(b.x), by = to_py(b.y);
    const int n = std::max(1, static_cast<int>(std::ceil(2.0 * std::hypot(bx - ax, by - ay))));
    for (int i = 0; i <= n; ++i) {
      const double t = static_cast<double>(i) / n;
      const int x = static_cast<int>(std::floor(ax + (bx - ax) * t)), y = static_cast<int>(std::floor(ay + (by - ay) * t));
      for (int dy = 0; dy < thickness; ++dy)
        for (int dx = 0; dx < thickness; ++dx) set(x + dx - thickness / 2, y + dy - thickness / 2, c);
    }
  }
  RgbImage take() { return std::move(img_); }

 private:
  geo::Box box_;
  double scale_;
  RgbImage img_;
};

void draw_relief(const world::District& d, Canvas& c) {
  constexpr double kPi = 3.14159265358979323846;
  // Hillshade: sun from the north-west, 45 degrees up (the cartographic convention).
  const double az = 315.0 * kPi / 180.0, alt = 45.0 * kPi / 180.0;
  const double lx = std::sin(az) * std::cos(alt), ly = std::cos(az) * std::cos(alt), lz = std::sin(alt);
  for (int py = 0; py < c.height(); ++py)
    for (int px = 0; px < c.width(); ++px) {
      const geo::Local p = c.centre_of(px, py);
      const double z = d.terrain.height(p);
      double n[3];
      d.terrain.normal(p, n);
      const double shade = z < 0.0 ? 1.0 : 0.55 + 0.45 * std::max(0.0, n[0] * lx + n[1] * ly + n[2] * lz) / lz;
      Rgb col = relief_colour(z);
      for (float& k : col) k = static_cast<float>(k * std::min(shade, 1.15));
      c.set(px, py, col);
    }
}

}  // namespace

RgbImage draw_district_map(const world::District& d, int width) {
  geo::Box box = d.terrain.empty() ? geo::Box{-1000, -1000, 1000, 1000} : d.terrain.bounds();
  Canvas c(box, width);
  if (!d.terrain.empty()) draw_relief(d, c);
  for (const geo::Polygon& land : d.land)
    for (std::size_t i = 0; i < land.outer.size(); ++i)
      c.line(land.outer[i], land.outer[(i + 1) % land.outer.size()], {30, 50, 90}, 1);
  for (const world::RoadLink& l : d.roads.links()) {
    const bool major = l.cls <= world::RoadClass::secondary;
    for (std::size_t i = 1; i < l.geometry.size(); ++i)
      c.line(l.geometry[i - 1], l.geometry[i], major ? Rgb{250, 210, 90} : Rgb{245, 245, 240}, major ? 3 : 1);
  }
  for (const world::Building& b : d.buildings) {
    const geo::Box bb = geo::bounds(b.footprint.outer);
    const int x0 = static_cast<int>(std::floor(c.to_px(bb.min_x))), x1 = static_cast<int>(std::floor(c.to_px(bb.max_x)));
    const int y0 = static_cast<int>(std::floor(c.to_py(bb.max_y))), y1 = static_cast<int>(std::floor(c.to_py(bb.min_y)));
    const Rgb col = b.use == world::BuildingUse::industrial || b.use == world::BuildingUse::hazmat ? Rgb{120, 60, 140} : Rgb{170, 40, 40};
    bool any = false;
    for (int py = y0; py <= y1; ++py)
      for (int px = x0; px <= x1; ++px)
        if (geo::point_in_polygon(b.footprint, c.centre_of(px, py))) {
          c.set(px, py, col);
          any = true;
        }
    if (!any) c.set(static_cast<int>(c.to_px(0.5 * (bb.min_x + bb.max_x))), static_cast<int>(c.to_py(0.5 * (bb.min_y + bb.max_y))), col);
  }
  for (const world::Site& s : d.sites) {
    const Rgb col = s.kind == world::SiteKind::hazmat ? Rgb{255, 120, 0}
                    : s.kind == world::SiteKind::beach ? Rgb{255, 240, 120}
                                                        : Rgb{40, 160, 255};
    const int px = static_cast<int>(c.to_px(s.pos.x)), py = static_cast<int>(c.to_py(s.pos.y));
    for (int dy = -4; dy <= 4; ++dy)
      for (int dx = -4; dx <= 4; ++dx) c.set(px + dx, py + dy, (std::abs(dx) == 4 || std::abs(dy) == 4) ? Rgb{0, 0, 0} : col);
  }
  return c.take();
}

}  // namespace dpt::app
