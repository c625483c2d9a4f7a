#pragma once
// Site and place labels: each label's anchor projected to the screen, nearer-priority labels
// first, one that would overlap an earlier one dropped (decluttering), drawn as coloured text on a
// dark plate from a DejaVu Sans Bold atlas (dpt/render/font.h) over the 3-D scene, through the
// screen-space painter the overlays' legend uses.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "../vk/resources.h"
#include "frame_push.h"
#include "overlay_screen.h"
#include "scene_gpu.h"

namespace dpt::render::passes {

class LabelPass {
 public:
  // Without a font on the machine the pass stays off (note() says why); that is not an error.
  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples);
  bool ready() const { return painter_.font() != nullptr; }
  const std::string& note() const { return painter_.note(); }

  // Lays the labels out for this frame and records their draw; returns how many were drawn.
  std::uint32_t record(VkCommandBuffer cmd, const std::vector<Label>& labels, const FrameContext& f);
  void destroy() { painter_.destroy(); }

 private:
  ScreenPainter painter_;
  std::vector<TextBox> placed_;  // this frame's plates, for decluttering (kept: no allocation once warm)
};

}  // namespace dpt::render::passes
