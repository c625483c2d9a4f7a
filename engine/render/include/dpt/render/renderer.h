#pragma once
// The renderer: the district drawn with Vulkan into an offscreen image (headless: `dptwin render`,
// golden-image tests, `dptwin bench render`). Terrain chunks with distance LOD, the sea at a water
// level, buildings in frustum-culled tiles with distance LOD, road ribbons, and site labels.
// No Vulkan type appears here; the device, memory, pipelines and passes live in src/.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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
  // A GLFWwindow* to present to (dptwin view): the instance gets the window's surface extensions,
  // the device must present to it, and ImGui's Vulkan backend is set up for the caller's current
  // ImGui context (the caller owns the context and its GLFW backend). nullptr: headless.
  void* glfw_window = nullptr;
};

// One moving object drawn by instancing (vehicles, pedestrians, tracks): 32 bytes, uploaded as they
// are every frame. Positions are relative to FrameRequest::agents_origin (float keeps centimetres
// within 100 km of it).
enum class AgentKind : std::uint16_t { car = 0, bus = 1, truck = 2, hazmat_truck = 3, pedestrian = 4, track = 5 };
struct AgentInstance {
  float x = 0, y = 0, z = 0;   // m, relative to agents_origin; z at the ground
  float heading_rad = 0;       // clockwise from north
  float length_m = 4.5f, width_m = 1.8f, height_m = 1.5f;
  AgentKind kind = AgentKind::car;
  std::uint16_t flags = 0;     // bit 0: highlighted (selected, alerting)
};
static_assert(sizeof(AgentInstance) == 32);

// Overlays drawn over the district (all optional; empty means not drawn).
struct ScalarField {           // a grid draped on the terrain, coloured by a ramp, with a legend
  std::string name, unit;      // "wind speed", "m/s"
  int nx = 0, ny = 0;
  double x0 = 0, y0 = 0;       // district frame: centre of cell (0, 0); row 0 SOUTH
  double dx = 1, dy = 1;
  std::vector<float> values;   // nx * ny, NaN = no data
  float min_value = 0, max_value = 1;
  float opacity = 0.6f;
};
struct VectorArrows {          // wind arrows: one per sample
  std::vector<glm::dvec2> positions;  // district frame
  std::vector<glm::vec2> vectors;     // east, north components (m/s)
  float metres_per_unit = 30.0f;      // arrow length per m/s
};
struct Zone {                  // threat zone, evacuation area: translucent fill with an outline
  std::vector<glm::dvec2> ring;  // district frame, counter-clockwise, not closed
  glm::vec4 fill{1.0f, 0.2f, 0.1f, 0.3f};
  glm::vec4 outline{1.0f, 0.2f, 0.1f, 1.0f};
  std::string label;
};
struct Trail {                 // a track's recent positions, oldest first
  std::vector<glm::dvec3> points;
  glm::vec4 colour{1.0f, 1.0f, 0.2f, 1.0f};
};
struct Overlays {
  std::optional<ScalarField> field;
  std::optional<VectorArrows> arrows;
  std::vector<Zone> zones;
  std::vector<std::uint32_t> closed_links;  // road links (index into the district's network) drawn closed
  std::vector<Trail> trails;
  std::vector<std::uint32_t> camera_frusta;  // district cameras whose view cone is drawn
};

struct FrameRequest {
  ViewCamera camera;
  int width = 1280, height = 720;
  double water_level_m = 0.0;  // the sea's surface (the surge raises it)
  double lod_error_px = 2.0;   // terrain: largest screen-space error of the chosen LOD
  double building_lod1_px = 12.0;  // a building tile whose buildings would look smaller: its LOD1
  bool terrain = true, sea = true, buildings = true, roads = true, labels = true;
  // Pixels along the left, top, right and bottom edges covered by something drawn over the frame
  // (the console's panels): the legend and labels keep inside the rest.
  glm::vec4 hud_inset{0.0f};
  glm::dvec3 agents_origin{0.0};
  std::span<const AgentInstance> agents;
  const Overlays* overlays = nullptr;
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

  // Window frames (RendererOptions::glfw_window). Call imgui_new_frame() before ImGui::NewFrame();
  // present() draws the scene at the window's size (req.width/height are ignored), then the
  // current ImGui draw data (ImGui::Render() must have been called) over it, and shows it. With
  // `capture`, the presented picture (scene + console) is also read back. A window resized or
  // minimised is handled (the frame is skipped and the swapchain remade).
  void imgui_new_frame();
  Result<bool> present(const FrameRequest& req, FrameStats* stats = nullptr, Image* capture = nullptr);

  const GpuInfo& device() const;
  ValidationCounts messages() const;  // validation errors and warnings so far

 private:
  struct Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpt::render
