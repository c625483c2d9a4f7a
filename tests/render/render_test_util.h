#pragma once
// Helpers shared by the renderer's frame tests (test_renderer.cpp, test_agents.cpp): a lavapipe
// renderer with the validation layer, pixel look-ups and colour classes, and the golden-image
// comparison (tests/render/golden/<name>.png; DPT_UPDATE_GOLDEN=1 rewrites it; a failing
// comparison writes <name>.actual.png and <name>.diff.png into the test's working folder).
#include <catch2/catch.hpp>
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "dpt/render/image.h"
#include "dpt/render/renderer.h"

namespace render_test {

using namespace dpt::render;

// Keeps lavapipe loaded for the whole test (see test_vulkan_bootstrap.cpp: LeakSanitizer).
[[maybe_unused]] inline const void* const kPinnedLavapipe =
    dlopen("libvulkan_lvp.so", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

inline std::unique_ptr<Renderer> make_renderer(int msaa) {
  RendererOptions o;
  o.validation = true;
  o.msaa = msaa;
  o.gpu = "llvmpipe";  // the goldens are lavapipe's pictures, even where a GPU is present
  auto r = Renderer::create(o);
  INFO((r ? std::string() : r.errors().to_string()));
  REQUIRE(r);
  return std::move(*r);
}

inline const std::uint8_t* at(const Image& img, glm::dvec2 px) {
  return img.pixel(static_cast<int>(px.x), static_cast<int>(px.y));
}

inline bool greenish(const std::uint8_t* p) { return p[1] > p[0] && p[1] > p[2]; }
inline bool bluish(const std::uint8_t* p) { return p[2] > p[0] && p[2] >= p[1]; }
inline bool greyish(const std::uint8_t* p) {
  return std::abs(int(p[0]) - int(p[1])) < 30 && std::abs(int(p[1]) - int(p[2])) < 40 && p[0] > 60;
}

inline void compare_with_golden(const Image& img, const std::string& name) {
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
  INFO(name << ": max channel difference " << diff.max_channel_diff << ", " << diff.pixels_over << " pixels ("
            << 100.0 * diff.fraction_over << "%) differ by more than " << tol.channel_tolerance << ", PSNR "
            << diff.psnr_db << " dB");
  if (!within(diff, tol)) {
    (void)write_png(name + ".actual.png", img);
    (void)write_png(name + ".diff.png", diff_image(img, *expected));
  }
  CHECK(within(diff, tol));
}

// Fails the test on any message of the validation layer counted as an error.
inline void check_no_validation_errors(const Renderer& r) {
  const auto m = r.messages();
  INFO("validation messages: " << (m.messages.empty() ? std::string("none") : m.messages.front()));
  CHECK(m.errors == 0);
}

}  // namespace render_test
