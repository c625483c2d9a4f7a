// The overlays on lavapipe with validation: a flat synthetic district seen from straight above, so
// that every overlay lands on pixels computed from its geometry (project_to_pixel), then golden
// images over the default district (DPT_UPDATE_GOLDEN=1 writes them; look before keeping).
#include <catch2/catch.hpp>
#include <dlfcn.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

#include "dpt/render/camera.h"
#include "dpt/render/image.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/world/district_io.h"

using namespace dpt::render;

namespace {

[[maybe_unused]] const void* const kPinnedLavapipe = dlopen("libvulkan_lvp.so", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

std::unique_ptr<Renderer> make_renderer(int msaa) {
  RendererOptions o;
  o.validation = true;
  o.msaa = msaa;
  o.gpu = "llvmpipe";
  auto r = Renderer::create(o);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r);
  return std::move(*r);
}

// Flat ground at 10 m over [-500, 500]², one one-way east-west road along y = -100 from x = -300 to 300.
dpt::world::District flat_district() {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = g.ny = 101;
  g.x0 = -500.0;
  g.y0 = 500.0;
  g.dx = g.dy = 10.0;
  g.z.assign(101 * 101, 10.0f);
  dpt::world::RoadInput road;
  road.line = {{-300.0, -100.0}, {300.0, -100.0}};
  road.lanes = 4;  // 14 m wide: 8 px from 600 m
  road.oneway = 1;
  road.cls = dpt::world::RoadClass::primary;
  d.roads = dpt::world::RoadNetwork::build({road});
  return d;
}

// Straight down from 1500 m: x east is right, y north is up in the picture.
ViewCamera top_down() {
  ViewCamera c;
  c.eye = {0.0, 0.0, 1500.0};
  c.pitch_deg = -90.0;
  c.fov_y_deg = 40.0;
  return c;
}

const std::uint8_t* pixel_at(const Image& img, const ViewCamera& c, glm::dvec3 p) {
  const auto px = project_to_pixel(c, p, img.width, img.height);
  REQUIRE(px);
  REQUIRE(px->x >= 0);
  REQUIRE(px->y >= 0);
  REQUIRE(px->x < img.width);
  REQUIRE(px->y < img.height);
  return img.pixel(static_cast<int>(px->x), static_cast<int>(px->y));
}

bool greenish(const std::uint8_t* p) { return p[1] > p[0] && p[1] > p[2]; }
bool reddish(const std::uint8_t* p) { return p[0] > 150 && p[1] < 90 && p[2] < 90; }

// Viridis stops (matplotlib _cm_listed.py, sRGB bytes), interpolated in sRGB as the shader does.
std::array<double, 3> viridis_bytes(double t) {
  static const double stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  const double x = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(static_cast<int>(x), 3);
  std::array<double, 3> out{};
  for (int k = 0; k < 3; ++k) out[static_cast<std::size_t>(k)] = stops[i][k] + (stops[i + 1][k] - stops[i][k]) * (x - i);
  return out;
}

void check_errors(const Renderer& r) {
  const auto m = r.messages();
  INFO("validation messages: " << (m.messages.empty() ? std::string("none") : m.messages.front()));
  CHECK(m.errors == 0);
}

void compare_with_golden(const Image& img, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path golden = fs::path(DPT_SOURCE_DIR) / "tests/render/golden" / (name + ".png");
  const char* update = std::getenv("DPT_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    REQUIRE(write_png(golden, img));
    WARN("updated " << golden.string());
    return;
  }
  auto expected = read_png(golden);
  INFO((expected ? std::string() : expected.errors().to_string()) << "(DPT_UPDATE_GOLDEN=1 writes it)");
  REQUIRE(expected);
  const GoldenTolerance tol;
  const ImageDiff diff = compare_images(img, *expected, tol.channel_tolerance);
  INFO(name << ": max channel difference " << diff.max_channel_diff << ", " << diff.pixels_over << " pixels differ, PSNR "
            << diff.psnr_db << " dB");
  if (!within(diff, tol)) {
    (void)write_png(name + ".actual.png", img);
    (void)write_png(name + ".diff.png", diff_image(img, *expected));
  }
  CHECK(within(diff, tol));
}

}  // namespace

TEST_CASE("Overlays on a flat district seen from above", "[render][gpu][overlays]") {
  auto r = make_renderer(1);
  REQUIRE(r->set_district(flat_district()));
  FrameRequest req;
  req.width = 320;
  req.height = 240;
  req.camera = top_down();
  req.sea = req.labels = false;
  Overlays o;
  req.overlays = &o;

  SECTION("a left-to-right ramp shows the ramp's colours; NaN cells show the terrain") {
    ScalarField f;
    f.name = "wind speed";
    f.unit = "m/s";
    f.nx = 6;
    f.ny = 4;
    f.x0 = -250.0;  // cell centres at x = -250, -150, ..., 250; rows at y = -150 .. 150 (row 0 south)
    f.y0 = -150.0;
    f.dx = f.dy = 100.0;
    f.values.resize(24);
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 6; ++i) f.values[static_cast<std::size_t>(j * 6 + i)] = static_cast<float>(i);
    for (int i = 0; i < 6; ++i) f.values[static_cast<std::size_t>(3 * 6 + i)] = std::numeric_limits<float>::quiet_NaN();
    f.min_value = 0.0f;
    f.max_value = 5.0f;
    f.opacity = 1.0f;
    o.field = f;
    auto img = r->render(req);
    REQUIRE(img);
    (void)write_png("overlay_field_flat.png", *img);
    for (int i : {1, 2, 4}) {
      const auto* p = pixel_at(*img, req.camera, {-250.0 + 100.0 * i, 0.0, 10.0});
      const auto want = viridis_bytes(i / 5.0);
      INFO("cell " << i << ": " << int(p[0]) << " " << int(p[1]) << " " << int(p[2]) << " want " << want[0] << " "
                   << want[1] << " " << want[2]);
      for (int k = 0; k < 3; ++k) CHECK(std::abs(p[k] - want[static_cast<std::size_t>(k)]) <= 6.0);
    }
    CHECK(greenish(pixel_at(*img, req.camera, {-150.0, 150.0, 10.0})));  // the NaN row (y = 150)
    CHECK(greenish(pixel_at(*img, req.camera, {-150.0, 300.0, 10.0})));  // off the field
  }
  SECTION("a zone's fill covers its interior and nothing outside") {
    Zone z;
    z.ring = {{-100.0, -50.0}, {100.0, -50.0}, {100.0, 50.0}, {-100.0, 50.0}};
    z.fill = {0.1f, 0.2f, 1.0f, 0.8f};
    o.zones.push_back(z);
    auto img = r->render(req);
    REQUIRE(img);
    (void)write_png("overlay_zone_flat.png", *img);
    for (const glm::dvec3 p : {glm::dvec3{0, 0, 10}, glm::dvec3{-80, 40, 10}, glm::dvec3{80, -40, 10}}) {
      const auto* px = pixel_at(*img, req.camera, p);
      INFO("inside (" << p.x << ", " << p.y << "): " << int(px[0]) << " " << int(px[1]) << " " << int(px[2]));
      CHECK((px[2] > 150 && px[2] > px[1] + 40));
    }
    for (const glm::dvec3 p : {glm::dvec3{130, 0, 10}, glm::dvec3{0, 80, 10}, glm::dvec3{-130, -80, 10}})
      CHECK(greenish(pixel_at(*img, req.camera, p)));
  }
  SECTION("a closed link turns red where it was grey") {
    req.camera.eye.z = 600.0;
    const glm::dvec3 on_road{0.0, -100.0, 10.3};
    auto before = r->render(req);
    REQUIRE(before);
    CHECK_FALSE(reddish(pixel_at(*before, req.camera, on_road)));
    o.closed_links = {0};
    auto after = r->render(req);
    REQUIRE(after);
    (void)write_png("overlay_closed_flat.png", *after);
    CHECK(reddish(pixel_at(*after, req.camera, on_road)));
    CHECK_FALSE(reddish(pixel_at(*after, req.camera, {0.0, -140.0, 10.0})));
  }
  SECTION("an east wind's arrow points east") {
    VectorArrows a;
    a.positions = {{0.0, 0.0}};
    a.vectors = {{10.0f, 0.0f}};
    a.metres_per_unit = 20.0f;  // 200 m long, centred on the sample
    o.arrows = a;
    auto img = r->render(req);
    REQUIRE(img);
    (void)write_png("overlay_arrow_flat.png", *img);
    // The head (east of the centre) is wide, the shaft (west) thin: 24 m north of the axis is
    // inside the head at x = +40 but off the shaft at x = -40.
    CHECK_FALSE(greenish(pixel_at(*img, req.camera, {40.0, 24.0, 10.0})));
    CHECK(greenish(pixel_at(*img, req.camera, {-40.0, 24.0, 10.0})));
    CHECK_FALSE(greenish(pixel_at(*img, req.camera, {-60.0, 0.0, 10.0})));  // the shaft itself
    CHECK(greenish(pixel_at(*img, req.camera, {-120.0, 0.0, 10.0})));       // beyond the tail
  }
  check_errors(*r);
}

TEST_CASE("Golden images of the overlays over the default district", "[render][gpu][golden][overlays]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  auto d = dpt::world::load_district(dir);
  REQUIRE(d);
  auto views = load_district_views(*d, dir);
  REQUIRE(views);
  auto r = make_renderer(4);
  REQUIRE(r->set_district(*d));
  const NamedView* v = find_view(*views, "kuichong");
  REQUIRE(v);
  FrameRequest req;
  req.camera = to_camera(*v);
  req.width = 480;
  req.height = 270;
  req.labels = false;
  Overlays o;
  req.overlays = &o;
  const glm::dvec3 t = v->target;
  SECTION("a wind speed field with its legend") {
    ScalarField f;
    f.name = "wind speed";
    f.unit = "m/s";
    f.nx = f.ny = 40;
    f.dx = f.dy = 50.0;
    f.x0 = t.x - 975.0;
    f.y0 = t.y - 975.0;
    for (int j = 0; j < f.ny; ++j)
      for (int i = 0; i < f.nx; ++i) {
        const double x = (i - 20) / 20.0, y = (j - 20) / 20.0;
        f.values.push_back(static_cast<float>(12.0 + 10.0 * std::exp(-2.0 * (x * x + y * y)) + 3.0 * x));
      }
    f.min_value = 8.0f;
    f.max_value = 26.0f;
    o.field = f;
    auto img = r->render(req);
    REQUIRE(img);
    compare_with_golden(*img, "overlay_field_legend");
  }
  SECTION("zones, arrows, trails, closed roads and camera frusta") {
    Zone z;
    z.label = "evacuation";
    for (int k = 0; k < 24; ++k) {
      const double a = 2.0 * M_PI * k / 24.0;
      z.ring.push_back({t.x + 900.0 * std::cos(a), t.y + 600.0 * std::sin(a)});
    }
    o.zones.push_back(z);
    VectorArrows a;
    for (int j = -2; j <= 2; ++j)
      for (int i = -2; i <= 2; ++i) {
        a.positions.push_back({t.x + 600.0 * i, t.y + 500.0 * j});
        a.vectors.push_back({8.0f + static_cast<float>(i), 4.0f - static_cast<float>(j)});
      }
    a.metres_per_unit = 30.0f;
    o.arrows = a;
    Trail tr;
    for (int k = 0; k < 30; ++k) tr.points.push_back({t.x - 1200.0 + 60.0 * k, t.y - 800.0 + 150.0 * std::sin(k / 5.0), 0.0});
    o.trails.push_back(tr);
    for (std::uint32_t k = 0; k < std::min<std::size_t>(d->roads.links().size(), 200); ++k) o.closed_links.push_back(k);
    if (!d->cameras.empty()) o.camera_frusta = {0};
    auto img = r->render(req);
    REQUIRE(img);
    compare_with_golden(*img, "overlay_zones_arrows");
  }
  check_errors(*r);
}
