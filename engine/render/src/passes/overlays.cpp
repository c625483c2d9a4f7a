#include "overlays.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "../vk/device.h"

namespace dpt::render::passes {
namespace {

constexpr VkShaderStageFlags kStages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;

std::string tick_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3g", v);
  return buf;
}

}  // namespace

OverlayPass::~OverlayPass() { destroy(); }

Result<bool> OverlayPass::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples) {
  destroy();
  res_ = &res;
  if (auto ok = field_.init(res, pass, samples); !ok) return ok;
  if (auto ok = screen_.init(res, pass, samples, 14.0f, false); !ok) return ok;
  using Attr = vk::PipelineDesc::Attribute;
  vk::PipelineDesc g;
  g.vert = "overlay_geom.vert";
  g.frag = "overlay_geom.frag";
  g.bindings = {{0, sizeof(OverlayVertex)}};
  g.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R8G8B8A8_UNORM, 12}};
  g.depth_write = false;
  g.blend = vk::Blend::alpha;
  g.depth_bias = 1.0f;
  g.depth_bias_slope = 1.0f;
  g.push_bytes = sizeof(FramePush);
  auto gp = vk::make_pipeline(res.device(), pass, samples, g);
  if (!gp) return gp.errors();
  geometry_ = *gp;
  // Closed links: the road ribbons again, in road.vert's closed colour (params.w > 0), pulled a
  // little further towards the eye than the roads themselves so that they win the depth test.
  vk::PipelineDesc r;
  r.vert = "road.vert";
  r.frag = "road.frag";
  r.bindings = {{0, sizeof(RoadVertex)}};
  r.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R8G8B8A8_UNORM, 12},
                  Attr{2, 0, VK_FORMAT_R32_SFLOAT, 16}, Attr{3, 0, VK_FORMAT_R32_SFLOAT, 20},
                  Attr{4, 0, VK_FORMAT_R32G32_SFLOAT, 24}};
  r.depth_bias = 3.0f;
  r.depth_bias_slope = 2.0f;
  r.push_bytes = sizeof(FramePush);
  auto rp = vk::make_pipeline(res.device(), pass, samples, r);
  if (!rp) return rp.errors();
  closed_road_ = *rp;
  return true;
}

void OverlayPass::set_district(const world::District& d) {
  ground_.set(d.terrain);
  cameras_ = d.cameras;
}

DrawCounts OverlayPass::record(VkCommandBuffer cmd, const Overlays& o, const SceneGpu& scene, const FrameContext& f,
                               double lod_error_px) {
  DrawCounts c;
  warnings_.clear();
  if (!res_) return c;
  screen_.begin();
  const auto add = [&c](DrawCounts d) {
    c.triangles += d.triangles;
    c.items += d.items;
  };
  if (o.field) {
    if (auto ok = field_.update(*o.field); !ok) {
      warnings_.push_back(ok.errors().to_string());
    } else {
      add(field_.record(cmd, *o.field, scene, f, lod_error_px));
      queue_legend(*o.field, f);
    }
  }
  if (!o.closed_links.empty()) add(draw_closed_roads(cmd, o.closed_links, scene, f));

  mesh_.clear();
  const ScreenScale scale{f.camera.eye, f.pixels_per_radian};
  for (const Zone& z : o.zones)
    if (!append_zone(z, ground_, scale, mesh_)) warnings_.push_back("zone '" + z.label + "': ring cannot be triangulated");
  if (o.arrows) {
    // Coloured on the field's range when there is one (the wind speed field and its arrows then
    // agree), otherwise from calm to the fastest arrow.
    float lo = 0.0f, hi = 0.0f;
    if (o.field) {
      lo = o.field->min_value;
      hi = o.field->max_value;
    } else {
      for (const glm::vec2& v : o.arrows->vectors) hi = std::max(hi, glm::length(v));
    }
    append_arrows(*o.arrows, lo, hi, ground_, f.camera.eye, mesh_);
  }
  for (const Trail& t : o.trails) append_trail(t, ground_, scale, mesh_);
  for (const std::uint32_t k : o.camera_frusta) {
    if (k >= cameras_.size()) {
      warnings_.push_back("camera frustum " + std::to_string(k) + ": the district has " + std::to_string(cameras_.size()) +
                          " cameras");
      continue;
    }
    append_frustum(cameras_[k], ground_, scale, mesh_);
  }
  add(draw_geometry(cmd, f));
  queue_zone_labels(o.zones, f);
  screen_.draw(cmd, f.width, f.height);
  return c;
}

DrawCounts OverlayPass::draw_geometry(VkCommandBuffer cmd, const FrameContext& f) {
  DrawCounts c;
  if (mesh_.vertices.empty()) return c;
  const VkDeviceSize bytes = mesh_.vertices.size() * sizeof(OverlayVertex);
  if (vertices_.size < bytes) {
    // Frames are waited for, so the old buffer is idle here; grow by doubling.
    res_->destroy(vertices_);
    auto b = res_->buffer(std::max<VkDeviceSize>(bytes * 2, 1 << 20), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, true);
    if (!b) {
      warnings_.push_back(b.errors().to_string());
      return c;
    }
    vertices_ = *b;
  }
  std::memcpy(vertices_.memory.mapped, mesh_.vertices.data(), bytes);
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, geometry_.pipeline);
  const FramePush push = f.with_origin(f.camera.eye);
  vkCmdPushConstants(cmd, geometry_.layout, kStages, 0, sizeof(push), &push);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &vertices_.handle, &zero);
  vkCmdDraw(cmd, static_cast<std::uint32_t>(mesh_.vertices.size()), 1, 0, 0);
  c.triangles = mesh_.vertices.size() / 3;
  c.items = 1;
  return c;
}

DrawCounts OverlayPass::draw_closed_roads(VkCommandBuffer cmd, const std::vector<std::uint32_t>& links,
                                          const SceneGpu& s, const FrameContext& f) {
  DrawCounts c;
  if (!s.roads.vertices) return c;
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, closed_road_.pipeline);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &s.roads.vertices.handle, &zero);
  vkCmdBindIndexBuffer(cmd, s.roads.indices.handle, 0, VK_INDEX_TYPE_UINT32);
  for (const std::uint32_t k : links) {
    if (k >= s.road_links.size()) {
      warnings_.push_back("closed link " + std::to_string(k) + ": the network has " + std::to_string(s.road_links.size()) +
                          " links");
      continue;
    }
    const LinkRibbon& l = s.road_links[k];
    if (l.indices.count == 0 || l.tile >= s.roads.tiles.size()) continue;
    const Tile& t = s.roads.tiles[l.tile];
    if (!intersects(f.frustum, t.lo, t.hi)) continue;
    const FramePush push = f.with_origin(t.origin, 1.0f);
    vkCmdPushConstants(cmd, closed_road_.layout, kStages, 0, sizeof(push), &push);
    vkCmdDrawIndexed(cmd, l.indices.count, 1, l.indices.first, static_cast<std::int32_t>(t.base_vertex), 0);
    c.triangles += l.indices.count / 3;
    ++c.items;
  }
  return c;
}

void OverlayPass::queue_legend(const ScalarField& field, const FrameContext& f) {
  // Bottom-left: a dark plate, "name (unit)", a 24-step colour bar, min / mid / max under it.
  constexpr float kBarW = 200.0f, kBarH = 12.0f, kMargin = 10.0f, kPad = 8.0f;
  const float h = static_cast<float>(f.height);
  const float x0 = kMargin + f.hud_inset.x, x1 = x0 + kBarW + 2 * kPad;
  const float y1 = h - kMargin - f.hud_inset.w, y0 = y1 - (kBarH + 2 * kPad + 40.0f);
  screen_.quad(x0, y0, x1, y1, pack_srgb({0.05f, 0.07f, 0.10f, 0.62f}));
  const std::string title = field.unit.empty() ? field.name : field.name + " (" + field.unit + ")";
  const float bar_x = x0 + kPad, bar_y = y0 + kPad + 18.0f;
  screen_.text(title, bar_x, y0 + kPad, {HAlign::left, VAlign::top}, pack_srgb(glm::vec4(1.0f)));
  constexpr int kSteps = 24;
  for (int i = 0; i < kSteps; ++i) {
    const float t = (static_cast<float>(i) + 0.5f) / kSteps;
    const float a = bar_x + kBarW * static_cast<float>(i) / kSteps, b = bar_x + kBarW * static_cast<float>(i + 1) / kSteps;
    screen_.quad(a, bar_y, b, bar_y + kBarH, pack_srgb({viridis(t), 1.0f}));
  }
  const double lo = field.min_value, hi = field.max_value;
  const std::pair<float, HAlign> ticks[] = {{0.0f, HAlign::left}, {0.5f, HAlign::centre}, {1.0f, HAlign::right}};
  for (const auto& [t, align] : ticks) {
    const float x = bar_x + kBarW * t;
    screen_.quad(x - 0.5f, bar_y + kBarH, x + 0.5f, bar_y + kBarH + 3.0f, pack_srgb(glm::vec4(1.0f)));
    screen_.text(tick_text(lo + (hi - lo) * t), x, bar_y + kBarH + 4.0f, {align, VAlign::top}, pack_srgb(glm::vec4(1.0f)));
  }
}

void OverlayPass::queue_zone_labels(const std::vector<Zone>& zones, const FrameContext& f) {
  for (const Zone& z : zones) {
    if (z.label.empty() || z.ring.empty()) continue;
    glm::dvec2 c(0.0);
    for (const glm::dvec2& p : z.ring) c += p;
    c /= static_cast<double>(z.ring.size());
    const auto px = project_to_pixel(f.camera, {c.x, c.y, ground_.at(c.x, c.y) + 10.0}, f.width, f.height);
    if (!px) continue;
    const float x = static_cast<float>(px->x), y = static_cast<float>(px->y);
    const TextBox b = screen_.measure(z.label, x, y, {HAlign::centre, VAlign::middle});
    screen_.quad(b.x0 - 3, b.y0 - 2, b.x1 + 3, b.y1 + 2, pack_srgb({0.05f, 0.07f, 0.10f, 0.55f}));
    screen_.text(z.label, x, y, {HAlign::centre, VAlign::middle}, pack_srgb(z.outline));
  }
}

void OverlayPass::destroy() {
  if (!res_) return;
  field_.destroy();
  screen_.destroy();
  vk::destroy(res_->device(), geometry_);
  vk::destroy(res_->device(), closed_road_);
  res_->destroy(vertices_);
  res_ = nullptr;
}

}  // namespace dpt::render::passes
