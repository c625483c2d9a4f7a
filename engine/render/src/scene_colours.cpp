// The palette of the district's static geometry. Chosen for a daylight overview: buildings in
// muted, distinguishable tones by use, lightened with height so towers read against the village
// fabric; hazmat buildings in a saturated orange-red so the sites stand out; roads darker for
// higher classes (asphalt), light for tracks.
#include <algorithm>
#include <array>
#include <cmath>

#include "dpt/render/scene_geometry.h"

namespace dpt::render {

namespace {
struct Rgb {
  float r, g, b;
};
// Indexed by world::BuildingUse: unknown, residential, commercial, industrial, public_, hazmat.
constexpr std::array<Rgb, 6> kBuildingUse = {{
    {0.74f, 0.73f, 0.71f},  // unknown: neutral grey
    {0.78f, 0.74f, 0.68f},  // residential: warm grey
    {0.66f, 0.72f, 0.80f},  // commercial: cool blue-grey
    {0.72f, 0.66f, 0.55f},  // industrial: tan
    {0.70f, 0.78f, 0.70f},  // public: pale green-grey
    {0.93f, 0.45f, 0.20f},  // hazmat: orange-red
}};
constexpr Rgb kHazmat = kBuildingUse[5];
// Heights lighten toward white by up to kTallLighten, linearly from kLowM to kTallM.
constexpr float kLowM = 9.0f, kTallM = 60.0f, kTallLighten = 0.35f;

// Indexed by world::RoadClass: motorway, trunk, primary, secondary, tertiary, unclassified,
// residential, service, track, other.
constexpr std::array<Rgb, 10> kRoadClass = {{
    {0.85f, 0.45f, 0.25f},  // motorway: orange, as on most maps
    {0.80f, 0.55f, 0.30f},  // trunk
    {0.30f, 0.30f, 0.32f},  // primary: dark asphalt
    {0.36f, 0.36f, 0.38f},  // secondary
    {0.42f, 0.42f, 0.44f},  // tertiary
    {0.48f, 0.48f, 0.50f},  // unclassified
    {0.52f, 0.52f, 0.54f},  // residential
    {0.58f, 0.58f, 0.60f},  // service
    {0.62f, 0.55f, 0.45f},  // track: dirt
    {0.55f, 0.55f, 0.55f},  // other
}};

std::uint8_t to_byte(float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); }
}  // namespace

std::uint32_t pack_rgba8(float r, float g, float b, float a) {
  return std::uint32_t{to_byte(r)} | std::uint32_t{to_byte(g)} << 8 | std::uint32_t{to_byte(b)} << 16 |
         std::uint32_t{to_byte(a)} << 24;
}

std::uint32_t building_colour(const world::Building& b, bool hazmat_site) {
  if (hazmat_site || b.use == world::BuildingUse::hazmat) return pack_rgba8(kHazmat.r, kHazmat.g, kHazmat.b);
  const auto u = static_cast<std::size_t>(b.use);
  const Rgb c = kBuildingUse[u < kBuildingUse.size() ? u : 0];
  const float t = kTallLighten * std::clamp((b.height - kLowM) / (kTallM - kLowM), 0.0f, 1.0f);
  return pack_rgba8(c.r + (1.0f - c.r) * t, c.g + (1.0f - c.g) * t, c.b + (1.0f - c.b) * t);
}

std::uint32_t road_colour(world::RoadClass cls) {
  const auto k = static_cast<std::size_t>(cls);
  const Rgb c = kRoadClass[k < kRoadClass.size() ? k : kRoadClass.size() - 1];
  return pack_rgba8(c.r, c.g, c.b);
}

}  // namespace dpt::render
