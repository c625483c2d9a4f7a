// Named views: reading views.toml (good and bad files, errors with file:line and key), the lon/lat
// conversion against PROJ figures computed outside the engine, and the default overview of the
// real Dapeng district against its terrain corners.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "dpt/render/views.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::render;
namespace fs = std::filesystem;

namespace {

const fs::path kDistrictDir = fs::path(DPT_SOURCE_DIR) / "assets" / "dapeng";

// The real district's terrain and frame, loaded once (vectors are not needed here).
const world::District& dapeng() {
  static const world::District d = [] {
    world::LoadOptions opt;
    opt.vectors = false;
    Result<world::District> r = world::load_district(kDistrictDir, opt);
    if (!r) FAIL(r.errors().to_string());
    return std::move(r).value();
  }();
  return d;
}

fs::path write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "dpt_test_views";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << text;
  return p;
}

// The errors of reading `text` as a views file, as one string; empty when it read.
std::string errors_of(const std::string& name, const std::string& text) {
  const Result<std::vector<NamedView>> r = read_views(write_temp(name, text), dapeng());
  return r ? std::string() : r.errors().to_string();
}

bool corners_inside(const ViewCamera& c, double aspect, glm::dvec3 lo, glm::dvec3 hi) {
  const Frustum f = make_frustum(c, aspect);
  for (int k = 0; k < 8; ++k)
    if (!contains(f, {(k & 1) ? hi.x : lo.x, (k & 2) ? hi.y : lo.y, (k & 4) ? hi.z : lo.z})) return false;
  return true;
}

}  // namespace

TEST_CASE("read_views: a good file, lon/lat converted with the district frame") {
  const fs::path p = write_temp("good.toml", R"(format = 1
[[view]]
name = "origin"
title = "The district origin"
target = [114.48, 22.555, 100.0]
distance_m = 3000
heading_deg = 45
pitch_deg = -30
fov_y_deg = 40

[[view]]
name = "xichong-beach"
target = [114.538163416673, 22.4806367873973]
distance_m = 1500.5
)");
  const Result<std::vector<NamedView>> r = read_views(p, dapeng());
  REQUIRE(r);
  REQUIRE(r->size() == 2);
  const NamedView& o = (*r)[0];
  CHECK(o.name == "origin");
  CHECK(o.title == "The district origin");
  CHECK(o.target.x == Approx(0.0).margin(1e-6));
  CHECK(o.target.y == Approx(0.0).margin(1e-6));
  CHECK(o.target.z == Approx(100.0));
  CHECK(o.distance == Approx(3000.0));
  CHECK(o.heading_deg == Approx(45.0));
  CHECK(o.pitch_deg == Approx(-30.0));
  CHECK(o.fov_y_deg == Approx(40.0));
  // Xichong beach's centroid: EPSG:4547 (555383.2816, 2487122.5447) by ogr2ogr from district.gpkg,
  // minus the origin (549371.0615, 2495337.1968) by gdaltransform.
  const NamedView& x = (*r)[1];
  CHECK(x.title == "xichong-beach");  // defaults to the name
  CHECK(x.target.x == Approx(6012.2201).margin(0.01));
  CHECK(x.target.y == Approx(-8214.6521).margin(0.01));
  CHECK(x.target.z == Approx(std::max(0.0, dapeng().terrain.height({x.target.x, x.target.y}))));
  CHECK(x.distance == Approx(1500.5));
  CHECK(x.pitch_deg == Approx(-45.0));  // defaults
  CHECK(x.fov_y_deg == Approx(45.0));
  CHECK(find_view(*r, "xichong-beach") == &x);
  CHECK(find_view(*r, "nowhere") == nullptr);
  // The camera of the view looks at its target from `distance`.
  const ViewCamera c = to_camera(x);
  CHECK(glm::length(c.eye - x.target) == Approx(1500.5));
}

TEST_CASE("read_views: bad files name the file, the line and the key") {
  SECTION("missing key") {
    const std::string e = errors_of("missing.toml", "format = 1\n[[view]]\nname = \"a\"\ntarget = [114.48, 22.555]\n");
    CHECK_THAT(e, Catch::Contains("missing.toml:2"));
    CHECK_THAT(e, Catch::Contains("distance_m"));
  }
  SECTION("missing target") {
    const std::string e = errors_of("notarget.toml", "format = 1\n\n[[view]]\nname = \"a\"\ndistance_m = 10\n");
    CHECK_THAT(e, Catch::Contains("notarget.toml:3"));
    CHECK_THAT(e, Catch::Contains("'target'"));
  }
  SECTION("wrong type") {
    const std::string e = errors_of(
        "type.toml", "format = 1\n[[view]]\nname = \"a\"\ntarget = [114.48, 22.555]\ndistance_m = \"far\"\n");
    CHECK_THAT(e, Catch::Contains("type.toml:5"));
    CHECK_THAT(e, Catch::Contains("'distance_m'"));
    const std::string e2 = errors_of(
        "type2.toml", "format = 1\n[[view]]\nname = \"a\"\ntarget = [114.48, \"north\"]\ndistance_m = 5\n");
    CHECK_THAT(e2, Catch::Contains("type2.toml:4"));
    CHECK_THAT(e2, Catch::Contains("'target'"));
  }
  SECTION("lon/lat outside the district") {
    // Hong Kong Central: a real place, but ~40 km west of the Dapeng terrain.
    const std::string e = errors_of(
        "outside.toml", "format = 1\n[[view]]\nname = \"hk\"\ndistance_m = 5\n\ntarget = [114.158, 22.282]\n");
    CHECK_THAT(e, Catch::Contains("outside.toml:6"));
    CHECK_THAT(e, Catch::Contains("outside the district"));
    const std::string e2 = errors_of(
        "latlon.toml", "format = 1\n[[view]]\nname = \"swapped\"\ndistance_m = 5\ntarget = [22.555, 114.48]\n");
    CHECK_THAT(e2, Catch::Contains("latlon.toml:5"));
  }
  SECTION("duplicate and bad names, unknown keys, several errors in one pass") {
    const std::string e = errors_of("many.toml",
                                    "format = 1\n"
                                    "[[view]]\nname = \"a\"\ntarget = [114.48, 22.555]\ndistance_m = 5\n"
                                    "[[view]]\nname = \"a\"\ntarget = [114.48, 22.555]\ndistance_m = 5\n"
                                    "[[view]]\nname = \"Big View\"\ntarget = [114.48, 22.555]\ndistance = 5\n");
    CHECK_THAT(e, Catch::Contains("many.toml:7"));   // duplicate "a"
    CHECK_THAT(e, Catch::Contains("many.toml:11"));  // bad name
    CHECK_THAT(e, Catch::Contains("many.toml:13"));  // unknown key 'distance'
    CHECK_THAT(e, Catch::Contains("did you mean 'distance_m'"));
  }
  SECTION("no views, wrong format, not TOML, no file") {
    CHECK_THAT(errors_of("empty.toml", "format = 1\n"), Catch::Contains("[[view]]"));
    CHECK_THAT(errors_of("format.toml", "format = 2\n[[view]]\nname = \"a\"\ntarget = [114.48, 22.555]\ndistance_m = 5\n"),
               Catch::Contains("format.toml:1"));
    CHECK_THAT(errors_of("syntax.toml", "format = 1\n[[view]\n"), Catch::Contains("syntax.toml:2"));
    const Result<std::vector<NamedView>> r = read_views("/nonexistent/views.toml", dapeng());
    REQUIRE_FALSE(r);
    CHECK_THAT(r.errors().to_string(), Catch::Contains("/nonexistent/views.toml"));
  }
}

TEST_CASE("default overview of the real district holds every terrain corner, and no more than it needs") {
  const world::District& d = dapeng();
  const std::vector<NamedView> views = default_views(d);
  REQUIRE(views.size() == 1);
  const NamedView& o = views.front();
  CHECK(o.name == "overview");
  CHECK(o.heading_deg == Approx(0.0));
  CHECK(o.pitch_deg == Approx(-50.0));
  const geo::Box b = d.terrain.bounds();
  float zmin = d.terrain.grid.z.front(), zmax = zmin;
  for (const float z : d.terrain.grid.z) {
    zmin = std::min(zmin, z);
    zmax = std::max(zmax, z);
  }
  const glm::dvec3 lo{b.min_x, b.min_y, zmin}, hi{b.max_x, b.max_y, zmax};
  CHECK(zmax == Approx(869.0).margin(1.0));  // Qiniangshan (docs/district-dapeng.md)
  for (const double aspect : {1.0, 4.0 / 3.0, 16.0 / 9.0, 3.0})
    CHECK(corners_inside(to_camera(o), aspect, lo, hi));
  // Fitted: 10 % closer, a corner falls out of a square viewport.
  NamedView closer = o;
  closer.distance *= 0.9;
  CHECK_FALSE(corners_inside(to_camera(closer), 1.0, lo, hi));
  // Every terrain corner projects inside a 1920 × 1080 image.
  const ViewCamera c = to_camera(o);
  for (int k = 0; k < 8; ++k) {
    const auto px = project_to_pixel(c, {(k & 1) ? hi.x : lo.x, (k & 2) ? hi.y : lo.y, (k & 4) ? hi.z : lo.z}, 1920, 1080);
    REQUIRE(px);
    CHECK(px->x >= 0.0);
    CHECK(px->x <= 1920.0);
    CHECK(px->y >= 0.0);
    CHECK(px->y <= 1080.0);
  }
}

TEST_CASE("the district's views.toml reads, has the overview and the named places") {
  const Result<std::vector<NamedView>> r = load_district_views(dapeng(), kDistrictDir);
  REQUIRE(r);
  for (const char* name : {"overview", "kuichong", "dapeng-town", "nanao", "xichong-beach", "dongchong",
                           "jiaochangwei", "baguang", "qiniangshan"})
    CHECK(find_view(*r, name) != nullptr);
  // Every eye is above the ground beneath it (a view from inside a hill shows nothing).
  for (const NamedView& v : *r) {
    const glm::dvec3 eye = to_camera(v).eye;
    INFO(v.name);
    if (dapeng().terrain.bounds().contains({eye.x, eye.y}))
      CHECK(eye.z > dapeng().terrain.height({eye.x, eye.y}) + 10.0);
  }
  // Qiniangshan's summit (869 m at x 7,860, y -3,510 in docs/district-dapeng.md) is the target.
  if (const NamedView* q = find_view(*r, "qiniangshan")) {
    CHECK(q->target.x == Approx(7860.0).margin(30.0));
    CHECK(q->target.y == Approx(-3510.0).margin(30.0));
    CHECK(q->target.z == Approx(869.0).margin(5.0));
  }
  // Without a file: the default overview only.
  const Result<std::vector<NamedView>> none = load_district_views(dapeng(), fs::temp_directory_path() / "no-such-dir");
  REQUIRE(none);
  REQUIRE(none->size() == 1);
  CHECK(none->front().name == "overview");
}
