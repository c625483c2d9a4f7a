#include "labels.h"

#include <algorithm>

namespace dpt::render::passes {
namespace {

constexpr float kFontPx = 17.0f;
constexpr float kPadPx = 4.0f;

std::uint32_t pack(const glm::vec4& c) {
  const auto b = [](float v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return b(c.r) | (b(c.g) << 8) | (b(c.b) << 16) | (b(c.a) << 24);
}

bool overlaps(const TextBox& a, const TextBox& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

}  // namespace

Result<bool> LabelPass::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples) {
  return painter_.init(res, pass, samples, kFontPx, /*bold=*/true);
}

std::uint32_t LabelPass::record(VkCommandBuffer cmd, const std::vector<Label>& labels, const FrameContext& f) {
  if (!ready() || labels.empty()) return 0;
  painter_.begin();
  placed_.clear();
  std::uint32_t drawn = 0;
  const TextAnchor centred{HAlign::centre, VAlign::middle};
  for (const Label& l : labels) {
    const auto px = project_to_pixel(f.camera, l.pos, f.width, f.height);
    if (!px || px->x < f.hud_inset.x || px->y < f.hud_inset.y ||
        px->x >= static_cast<double>(f.width) - f.hud_inset.z || px->y >= static_cast<double>(f.height) - f.hud_inset.w)
      continue;
    const float x = static_cast<float>(px->x), y = static_cast<float>(px->y);
    TextBox plate = painter_.measure(l.text, x, y, centred);
    plate.x0 -= kPadPx;
    plate.y0 -= kPadPx;
    plate.x1 += kPadPx;
    plate.y1 += kPadPx;
    if (std::any_of(placed_.begin(), placed_.end(), [&](const TextBox& o) { return overlaps(o, plate); })) continue;
    placed_.push_back(plate);
    // A dark translucent plate under the text keeps it readable over any terrain.
    painter_.quad(plate.x0, plate.y0, plate.x1, plate.y1, pack({0.05f, 0.07f, 0.10f, 0.62f}));
    painter_.text(l.text, x, y, centred, pack(l.colour));
    ++drawn;
  }
  painter_.draw(cmd, f.width, f.height);
  return drawn;
}

}  // namespace dpt::render::passes
