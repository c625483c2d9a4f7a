#pragma once
// The overlays of a frame (FrameRequest::overlays): a scalar field draped on the terrain with a
// colour ramp and a legend, wind arrows, translucent zones with outlines, closed roads, track
// trails and camera frusta. The field is drawn by FieldLayer (overlay_field.h); zones, arrows,
// trails and frusta are built on the CPU each frame (overlay_geometry.h) into one host-visible
// buffer and drawn translucent; closed links redraw their road ribbons in the closed colour; the
// legend and zone names are screen-space quads (overlay_screen.h).
#include <vulkan/vulkan.h>

#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/renderer.h"
#include "../vk/pipeline.h"
#include "../vk/resources.h"
#include "draw_world.h"
#include "frame_push.h"
#include "overlay_field.h"
#include "overlay_geometry.h"
#include "overlay_screen.h"
#include "scene_gpu.h"

namespace dpt::render::passes {

class OverlayPass {
 public:
  OverlayPass() = default;
  ~OverlayPass();
  OverlayPass(const OverlayPass&) = delete;
  OverlayPass& operator=(const OverlayPass&) = delete;

  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples);
  // What the overlays need of the district (terrain heights for draping, camera poses).
  void set_district(const world::District& d);
  // After the opaque 3-D passes and the sea, before the labels. `lod_error_px` must be the terrain
  // pass's, so that the draped field uses the same triangles as the ground under it.
  DrawCounts record(VkCommandBuffer cmd, const Overlays& o, const SceneGpu& scene, const FrameContext& f,
                    double lod_error_px = 2.0);
  // Problems of the last record (a field with the wrong number of values, an unknown camera).
  const std::vector<std::string>& warnings() const { return warnings_; }
  void destroy();

 private:
  DrawCounts draw_geometry(VkCommandBuffer cmd, const FrameContext& f);
  DrawCounts draw_closed_roads(VkCommandBuffer cmd, const std::vector<std::uint32_t>& links, const SceneGpu& s,
                               const FrameContext& f);
  void queue_legend(const ScalarField& field, const FrameContext& f);
  void queue_zone_labels(const std::vector<Zone>& zones, const FrameContext& f);

  vk::Resources* res_ = nullptr;
  FieldLayer field_;
  ScreenPainter screen_;
  vk::Pipeline geometry_, closed_road_;
  vk::Buffer vertices_;
  OverlayMesh mesh_;
  Ground ground_;
  std::vector<world::Camera> cameras_;
  std::vector<std::string> warnings_;
};

}  // namespace dpt::render::passes
