#pragma once
// The renderer: the district drawn with Vulkan into an offscreen image (headless: `dptwin render`,
// golden-image tests, `dptwin bench render`). Terrain chunks with distance LOD, the sea at a water
// level, buildings in frustum-culled tiles with distance LOD, road ribbons, and site labels.
// No Vulkan type appears here; the device, memory, pipelines and passes live in src/.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/camera.h"
#include "dpt/render/gpu.h"
#include "dpt/render/image.h"
#include "dpt/render/views.h"
#include "dpt/world/district.h"

namespace dpt::render {

struct RendererOptions {
  bool validation = false;  // the Khronos validation layer; its errors are counted (messages())
  std::string gpu;          // part of the device name to force ("llvmpipe"); "" = the best device
  int msaa = 4;             // samples per pixel (clamped to what the device offers)
};

struct FrameRequest {
  ViewCamera camera;
  int width = 1280, height = 720;
  double water_level_m = 0.0;  // the sea's surface (the surge raises it)
  double lod_error_px = 2.0;   // terrain: largest screen-space error of the chosen LOD
  double building_lod1_px = 12.0;  // a building tile whose buildings would look smaller: its LOD1
  bool terrain = true, sea = true, buildings = true, roads = true, labels = true;
};

struct FrameStats {
  std::string device;
  double cpu_ms = 0.0;   // recording + submission + wait + readback, wall clock
  double gpu_ms = -1.0;  // sum of the passes' GPU timestamps (-1: the device has none)
  std::vector<std::pair<std::string, double>> passes;  // per pass, ms
  std::uint64_t triangles = 0;     // submitted this frame
  std::uint64_t instances = 0;     // dynamic instances drawn (agents, tracks)
  std::uint32_t terrain_chunks = 0, building_tiles = 0, road_tiles = 0, labels = 0;
};

// A place name drawn over the 3-D view (towns, peaks): above the site labels when they collide.
struct PlaceLabel {
  glm::dvec3 pos;  // district frame
  std::string text;
};

// The named views' places as labels: each view's title (up to a parenthesis) 40 m above its
// target, leaving out the whole-district overview.
std::vector<PlaceLabel> place_labels(const std::vector<NamedView>& views);

class Renderer {
 public:
  static Result<std::unique_ptr<Renderer>> create(const RendererOptions& options);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Builds the district's render geometry and uploads it (replacing any earlier district). The
  // district is not kept.
  Result<bool> set_district(const world::District& district);
  // Place names to label (replacing earlier ones); the district's sites are labelled anyway.
  void set_place_labels(const std::vector<PlaceLabel>& places);
  // One frame into an image of request.width × request.height.
  Result<Image> render(const FrameRequest& request, FrameStats* stats = nullptr);

  const GpuInfo& device() const;
  ValidationCounts messages() const;  // validation errors and warnings so far

 private:
  struct Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpt::render
