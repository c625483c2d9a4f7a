#include "dpt/render/renderer.h"

#include <chrono>

#include "renderer_impl.h"

namespace dpt::render {

namespace {

using Attr = vk::PipelineDesc::Attribute;

vk::PipelineDesc terrain_desc() {
  vk::PipelineDesc d;
  d.vert = "terrain.vert";
  d.frag = "terrain.frag";
  d.bindings = {{0, sizeof(TerrainVertex)}};
  d.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R32G32B32_SFLOAT, 12}};
  d.cull = VK_CULL_MODE_BACK_BIT;
  d.push_bytes = sizeof(passes::FramePush);
  return d;
}

vk::PipelineDesc mesh_desc() {
  vk::PipelineDesc d;
  d.vert = "mesh.vert";
  d.frag = "mesh.frag";
  d.bindings = {{0, sizeof(BuildingVertex)}};
  d.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R32G32B32_SFLOAT, 12},
                  Attr{2, 0, VK_FORMAT_R8G8B8A8_UNORM, 24}};
  d.cull = VK_CULL_MODE_BACK_BIT;
  d.push_bytes = sizeof(passes::FramePush);
  return d;
}

vk::PipelineDesc road_desc() {
  vk::PipelineDesc d;
  d.vert = "road.vert";
  d.frag = "road.frag";
  d.bindings = {{0, sizeof(RoadVertex)}};
  d.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R8G8B8A8_UNORM, 12},
                  Attr{2, 0, VK_FORMAT_R32_SFLOAT, 16}, Attr{3, 0, VK_FORMAT_R32_SFLOAT, 20},
                  Attr{4, 0, VK_FORMAT_R32G32_SFLOAT, 24}};
  // Ribbons lie 0.3 m over the ground: a little slope-scaled bias keeps them above it far away
  // (reversed Z: a positive bias moves towards the camera).
  d.depth_bias = 1.0f;
  d.depth_bias_slope = 1.0f;
  d.push_bytes = sizeof(passes::FramePush);
  return d;
}

vk::PipelineDesc sea_desc() {
  vk::PipelineDesc d;
  d.vert = "sea.vert";
  d.frag = "sea.frag";
  d.bindings = {{0, sizeof(SeaVertex)}};
  d.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}};
  d.depth_write = false;
  d.blend = vk::Blend::alpha;
  d.push_bytes = sizeof(passes::FramePush);
  return d;
}

}  // namespace

Result<bool> Renderer::Impl::make_target(std::uint32_t w, std::uint32_t h) {
  if (target.render_pass() != VK_NULL_HANDLE && target.width() == w && target.height() == h) return true;
  vkDeviceWaitIdle(device->handle());
  destroy_pipelines();
  labels.destroy();
  agents.destroy();
  overlays.destroy();
  target = vk::Target{};
  auto t = vk::Target::create(*resources, w, h, samples);
  if (!t) return t.errors();
  target = std::move(*t);
  const std::pair<vk::Pipeline*, vk::PipelineDesc> all[] = {
      {&terrain, terrain_desc()}, {&mesh, mesh_desc()}, {&road, road_desc()}, {&sea, sea_desc()}};
  for (const auto& [p, desc] : all) {
    auto made = vk::make_pipeline(*device, target.render_pass(), samples, desc);
    if (!made) return made.errors();
    *p = *made;
  }
  if (auto ok = agents.init(*resources, target.render_pass(), samples); !ok) return ok;
  if (auto ok = overlays.init(*resources, target.render_pass(), samples); !ok) return ok;
  return labels.init(*resources, target.render_pass(), samples);
}

void Renderer::Impl::record_scene(VkCommandBuffer cmd, const FrameRequest& req, const passes::FrameContext& f,
                                  FrameStats& st) {
  Impl& m = *this;
  m.timer->reset(cmd);
  // The sky colour of shaders/shading.glsl, linear (the target is sRGB: the GPU encodes it).
  const float clear[4] = {0.66f, 0.76f, 0.86f, 1.0f};
  m.target.begin(cmd, clear);
  const auto timed = [&](const char* name, auto&& draw) {
    m.timer->begin(cmd, name);
    const passes::DrawCounts c = draw();
    m.timer->end(cmd);
    st.triangles += c.triangles;
    return c;
  };

  if (req.terrain) st.terrain_chunks = timed("terrain", [&] { return passes::draw_terrain(cmd, m.terrain, m.scene, f, req.lod_error_px); }).items;
  if (req.buildings)
    st.building_tiles = timed("buildings", [&] { return passes::draw_buildings(cmd, m.mesh, m.scene, f, req.building_lod1_px); }).items;
  if (req.roads) st.road_tiles = timed("roads", [&] { return passes::draw_roads(cmd, m.road, m.scene, f); }).items;
  if (!req.agents.empty()) {
    m.timer->begin(cmd, "agents");
    const passes::DrawCounts c = m.agents.record(cmd, req.agents, req.agents_origin, f);
    m.timer->end(cmd);
    st.triangles += c.triangles;
    st.instances = c.items;
  }
  if (req.sea) timed("sea", [&] { return passes::draw_sea(cmd, m.sea, m.scene, f); });
  if (req.overlays) timed("overlays", [&] { return passes::DrawCounts(m.overlays.record(cmd, *req.overlays, m.scene, f, req.lod_error_px)); });
  if (req.labels) {
    m.timer->begin(cmd, "labels");
    st.labels = m.labels.record(cmd, m.scene.labels, f);
    m.timer->end(cmd);
  }
  vkCmdEndRenderPass(cmd);
}

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>> Renderer::create(const RendererOptions& options) {
  InstanceOptions io;
  io.validation = options.validation;
  DevicePreference pref;
  pref.name_contains = options.gpu;
  vk::Device::SurfaceFactory surface;
  if (options.glfw_window) {
    io.extensions = window_instance_extensions();
    surface = [w = options.glfw_window](VkInstance instance) { return make_window_surface(instance, w); };
  }
  auto dev = vk::Device::create(io, pref, surface);
  if (!dev) return dev.errors();
  auto impl = std::make_unique<Impl>();
  impl->device = std::move(*dev);
  impl->allocator = std::make_unique<vk::Allocator>(*impl->device);
  impl->resources = std::make_unique<vk::Resources>(*impl->device, *impl->allocator);
  impl->timer = std::make_unique<vk::GpuTimer>(*impl->device);
  impl->samples = impl->device->max_samples(static_cast<VkSampleCountFlagBits>(std::max(1, options.msaa)));
  if (options.glfw_window) {
    if (auto ok = impl->attach_window(options.glfw_window); !ok) return ok.errors();
  }
  return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

Result<bool> Renderer::set_district(const world::District& district) {
  vkDeviceWaitIdle(impl_->device->handle());
  impl_->overlays.set_district(district);
  return passes::upload_scene(*impl_->resources, district, impl_->scene);
}

Result<Image> Renderer::render(const FrameRequest& req, FrameStats* stats) {
  if (req.width < 1 || req.height < 1 || req.width > 16384 || req.height > 16384)
    return Result<Image>::failure({"render"}, "image size " + std::to_string(req.width) + "x" + std::to_string(req.height) +
                                                  " is outside 1..16384");
  const auto t0 = std::chrono::steady_clock::now();
  Impl& m = *impl_;
  if (auto ok = m.make_target(static_cast<std::uint32_t>(req.width), static_cast<std::uint32_t>(req.height)); !ok)
    return ok.errors();
  passes::FrameContext f = passes::make_frame_context(req.camera, req.width, req.height, req.water_level_m);
  f.hud_inset = req.hud_inset;
  FrameStats st;
  st.device = m.device->info().name;
  VkCommandBuffer cmd = m.device->begin_commands();
  if (cmd == VK_NULL_HANDLE) return Result<Image>::failure({"vulkan"}, "could not allocate a command buffer");
  m.record_scene(cmd, req, f, st);
  m.target.copy_to_readback(cmd);
  if (auto ok = m.device->end_submit_wait(cmd); !ok) return ok.errors();
  Image img;
  img.width = req.width;
  img.height = req.height;
  m.target.read(img.rgba);
  st.passes = m.timer->results();
  st.gpu_ms = m.timer->frame_ms();
  st.cpu_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (stats) *stats = std::move(st);
  return img;
}

std::vector<PlaceLabel> place_labels(const std::vector<NamedView>& views) {
  std::vector<PlaceLabel> out;
  for (const auto& v : views) {
    if (v.name == "overview" || v.title.empty()) continue;
    out.push_back({v.target + glm::dvec3(0.0, 0.0, 40.0), v.title.substr(0, v.title.find(" ("))});
  }
  return out;
}

void Renderer::set_place_labels(const std::vector<PlaceLabel>& places) {
  auto& labels = impl_->scene.labels;
  std::erase_if(labels, [](const passes::Label& l) { return l.priority < 0; });
  std::vector<passes::Label> add;
  for (const PlaceLabel& p : places) add.push_back({p.pos, p.text, -1, glm::vec4(1.0f)});
  labels.insert(labels.begin(), add.begin(), add.end());
}

const GpuInfo& Renderer::device() const { return impl_->device->info(); }
ValidationCounts Renderer::messages() const { return impl_->device->messages(); }

}  // namespace dpt::render
