#include "agents.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include <glm/glm.hpp>

namespace dpt::render::passes {
namespace {

// --- the unit meshes -----------------------------------------------------------------------
// Every shape is a prism: a polygon (counter-clockwise, star-shaped from vertex `fan`) extruded
// over w in [0, 1]. A vehicle's polygon is its side profile (u forward, v up) extruded across its
// width; a pedestrian's or a track's is its plan (u east, v north) extruded upwards. Faces get
// their own vertices (flat normals) and wind counter-clockwise seen from outside, like the
// buildings (back faces culled). The bottom is left out: it is never seen from above ground.
struct Shape {
  std::span<const glm::vec2> polygon;
  std::uint32_t fan = 0;
  bool profile = false;        // true: (u, v, w) -> (x = w - 0.5, y = u, z = v); false: (u, v, z0 + w (z1 - z0))
  float z0 = 0.0f, z1 = 1.0f;  // plan shapes only
};

// A car: a box with a sloped bonnet and windscreen.
constexpr glm::vec2 kCar[] = {{-0.5f, 0.0f}, {0.5f, 0.0f}, {0.5f, 0.5f}, {0.15f, 1.0f}, {-0.5f, 1.0f}};
// A bus: a box with a nearly upright front.
constexpr glm::vec2 kBus[] = {{-0.5f, 0.0f}, {0.5f, 0.0f}, {0.5f, 0.85f}, {0.46f, 1.0f}, {-0.5f, 1.0f}};
// A truck: a low sloped cab in front of a taller cargo box.
constexpr glm::vec2 kTruck[] = {{-0.5f, 0.0f}, {0.5f, 0.0f}, {0.5f, 0.5f}, {0.4f, 0.75f},
                                {0.3f, 0.75f}, {0.3f, 1.0f}, {-0.5f, 1.0f}};
// A pedestrian: an upright hexagonal prism.
constexpr glm::vec2 kPedestrian[] = {{0.5f, 0.0f},    {0.25f, 0.433f},  {-0.25f, 0.433f},
                                     {-0.5f, 0.0f},   {-0.25f, -0.433f}, {0.25f, -0.433f}};
// A track: a flat chevron pointing forward (its thickness is 0.3 of the instance's height).
constexpr glm::vec2 kTrack[] = {{0.0f, 0.5f}, {-0.5f, -0.5f}, {0.0f, -0.15f}, {0.5f, -0.5f}};

// Indexed by AgentKind: the hazmat truck shares the truck's mesh.
const Shape kShapes[kAgentKinds] = {
    {kCar, 0, true},   {kBus, 0, true}, {kTruck, 0, true}, {kTruck, 0, true}, {kPedestrian, 0, false},
    {kTrack, 2, false, 0.0f, 0.3f}};

void add_prism(const Shape& s, std::vector<AgentPass::Vertex>& vs, std::vector<std::uint32_t>& is) {
  const auto to_model = [&](glm::vec3 uvw) {
    return s.profile ? glm::vec3(uvw.z - 0.5f, uvw.x, uvw.y) : glm::vec3(uvw.x, uvw.y, s.z0 + uvw.z * (s.z1 - s.z0));
  };
  const auto normal_to_model = [&](glm::vec3 n) { return s.profile ? glm::vec3(n.z, n.x, n.y) : n; };
  const auto vertex = [&](glm::vec3 uvw, glm::vec3 n) {
    const glm::vec3 p = to_model(uvw), m = normal_to_model(n);
    vs.push_back({{p.x, p.y, p.z}, {m.x, m.y, m.z}});
    return static_cast<std::uint32_t>(vs.size() - 1);
  };
  const auto n = static_cast<std::uint32_t>(s.polygon.size());
  // Both caps: a fan from `fan`; the w = 0 cap faces -w, so its triangles are reversed. A plan
  // shape's w = 0 cap is its bottom: left out.
  for (int cap = s.profile ? 0 : 1; cap < 2; ++cap) {
    const std::uint32_t base = static_cast<std::uint32_t>(vs.size());
    for (const glm::vec2& q : s.polygon) vertex({q, float(cap)}, {0.0f, 0.0f, cap ? 1.0f : -1.0f});
    for (std::uint32_t k = 1; k + 1 < n; ++k) {
      const std::uint32_t a = (s.fan + k) % n, b = (s.fan + k + 1) % n;
      if (cap) is.insert(is.end(), {base + s.fan, base + a, base + b});
      else is.insert(is.end(), {base + s.fan, base + b, base + a});
    }
  }
  // The sides: edge a -> b of a counter-clockwise polygon faces (dv, -du).
  for (std::uint32_t i = 0; i < n; ++i) {
    const glm::vec2 a = s.polygon[i], b = s.polygon[(i + 1) % n];
    if (s.profile && a.y == 0.0f && b.y == 0.0f) continue;  // a vehicle's underside
    const glm::vec3 nn = glm::normalize(glm::vec3(b.y - a.y, a.x - b.x, 0.0f));
    const std::uint32_t a0 = vertex({a, 0.0f}, nn), b0 = vertex({b, 0.0f}, nn), b1 = vertex({b, 1.0f}, nn),
                        a1 = vertex({a, 1.0f}, nn);
    is.insert(is.end(), {a0, b0, b1, a0, b1, a1});
  }
}

constexpr auto kOffsetPos = static_cast<std::uint32_t>(offsetof(AgentInstance, x));
constexpr auto kOffsetSize = static_cast<std::uint32_t>(offsetof(AgentInstance, length_m));
constexpr auto kOffsetKind = static_cast<std::uint32_t>(offsetof(AgentInstance, kind));
static_assert(kOffsetSize == 16 && kOffsetKind == 28 && offsetof(AgentInstance, heading_rad) == 12);

std::size_t kind_index(AgentKind k) {
  const auto i = static_cast<std::size_t>(k);
  return i < kAgentKinds ? i : kAgentKinds - 1;
}

}  // namespace

KindBuckets bucket_by_kind(std::span<const AgentInstance> in, AgentInstance* out) {
  KindBuckets b;
  bool grouped = true;
  std::size_t prev = 0;
  for (const AgentInstance& a : in) {
    const std::size_t k = kind_index(a.kind);
    grouped = grouped && k >= prev;
    prev = k;
    ++b.count[k];
  }
  std::uint32_t at = 0;
  for (std::size_t k = 0; k < kAgentKinds; ++k) {
    b.first[k] = at;
    at += b.count[k];
  }
  if (grouped) {
    if (!in.empty()) std::memcpy(out, in.data(), in.size_bytes());
    return b;
  }
  std::array<std::uint32_t, kAgentKinds> next = b.first;
  for (const AgentInstance& a : in) out[next[kind_index(a.kind)]++] = a;
  return b;
}

AgentPass::~AgentPass() { destroy(); }

Result<bool> AgentPass::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples) {
  destroy();
  res_ = &res;
  std::vector<Vertex> vs;
  std::vector<std::uint32_t> is;
  for (std::size_t k = 0; k < kAgentKinds; ++k) {
    if (k > 0 && kShapes[k].polygon.data() == kShapes[k - 1].polygon.data()) {
      meshes_[k] = meshes_[k - 1];
      continue;
    }
    const auto first_vertex = vs.size(), first_index = is.size();
    add_prism(kShapes[k], vs, is);
    meshes_[k] = {static_cast<std::uint32_t>(first_index), static_cast<std::uint32_t>(is.size() - first_index),
                  static_cast<std::int32_t>(first_vertex)};
    // Indices are local to the kind's mesh (base_vertex adds its start).
    for (std::size_t i = first_index; i < is.size(); ++i) is[i] -= static_cast<std::uint32_t>(first_vertex);
  }
  auto vb = res.upload(std::span<const Vertex>(vs), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
  if (!vb) return vb.errors();
  vertices_ = *vb;
  auto ib = res.upload(std::span<const std::uint32_t>(is), VK_BUFFER_USAGE_INDEX_BUFFER_BIT);
  if (!ib) return ib.errors();
  indices_ = *ib;

  using Attr = vk::PipelineDesc::Attribute;
  vk::PipelineDesc d;
  d.vert = "agent.vert";
  d.frag = "agent.frag";
  d.bindings = {{0, sizeof(Vertex)}, {1, sizeof(AgentInstance), true}};
  d.attributes = {Attr{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}, Attr{1, 0, VK_FORMAT_R32G32B32_SFLOAT, 12},
                  Attr{2, 1, VK_FORMAT_R32G32B32A32_SFLOAT, kOffsetPos},
                  Attr{3, 1, VK_FORMAT_R32G32B32_SFLOAT, kOffsetSize},
                  Attr{4, 1, VK_FORMAT_R16G16_UINT, kOffsetKind}};
  d.cull = VK_CULL_MODE_BACK_BIT;
  d.push_bytes = sizeof(FramePush);
  auto p = vk::make_pipeline(res.device(), pass, samples, d);
  if (!p) return p.errors();
  pipeline_ = *p;
  return true;
}

bool AgentPass::reserve(std::size_t n) {
  if (n <= capacity_) return true;
  // Grow by doubling (from 64 Ki instances, 2 MiB): a count that creeps up reallocates rarely.
  std::size_t cap = capacity_ ? capacity_ : std::size_t{1} << 16;
  while (cap < n) cap *= 2;
  res_->destroy(instances_);
  capacity_ = 0;
  auto b = res_->buffer(cap * sizeof(AgentInstance), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, true);
  if (!b || !b->memory.mapped) {
    error_ = "agents: no host-visible instance buffer for " + std::to_string(n) + " instances" +
             (b ? std::string(" (not mapped)") : ": " + b.errors().to_string());
    if (b) res_->destroy(*b);
    return false;
  }
  instances_ = *b;
  capacity_ = cap;
  return true;
}

DrawCounts AgentPass::record(VkCommandBuffer cmd, std::span<const AgentInstance> agents, const glm::dvec3& origin,
                             const FrameContext& f) {
  DrawCounts c;
  if (agents.empty() || pipeline_.pipeline == VK_NULL_HANDLE || agents.size() > UINT32_MAX || !reserve(agents.size()))
    return c;
  error_.clear();
  const KindBuckets b = bucket_by_kind(agents, static_cast<AgentInstance*>(instances_.memory.mapped));
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.pipeline);
  const VkBuffer buffers[2] = {vertices_.handle, instances_.handle};
  const VkDeviceSize offsets[2] = {0, 0};
  vkCmdBindVertexBuffers(cmd, 0, 2, buffers, offsets);
  vkCmdBindIndexBuffer(cmd, indices_.handle, 0, VK_INDEX_TYPE_UINT32);
  const FramePush push = f.with_origin(origin);
  vkCmdPushConstants(cmd, pipeline_.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push),
                     &push);
  for (std::size_t k = 0; k < kAgentKinds; ++k) {
    if (b.count[k] == 0) continue;
    const MeshRange& m = meshes_[k];
    vkCmdDrawIndexed(cmd, m.index_count, b.count[k], m.first_index, m.base_vertex, b.first[k]);
    c.triangles += std::uint64_t{m.index_count / 3} * b.count[k];
    c.items += b.count[k];
  }
  return c;
}

void AgentPass::destroy() {
  if (!res_) return;
  vk::destroy(res_->device(), pipeline_);
  res_->destroy(vertices_);
  res_->destroy(indices_);
  res_->destroy(instances_);
  capacity_ = 0;
  meshes_ = {};
  res_ = nullptr;
}

}  // namespace dpt::render::passes
