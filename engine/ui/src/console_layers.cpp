// Layer toggles: one checkbox per bool of LayerToggles, in two columns, edited in place.
#include <iterator>

#include "console_internal.h"

namespace dpt::ui {
namespace {

struct LayerEntry {
  const char* name;
  bool LayerToggles::*flag;
};

// In LayerToggles' declaration order (kLayerCount entries).
constexpr LayerEntry kLayers[] = {
    {"Terrain", &LayerToggles::terrain}, {"Sea", &LayerToggles::sea},
    {"Buildings", &LayerToggles::buildings}, {"Roads", &LayerToggles::roads},
    {"Labels", &LayerToggles::labels}, {"Agents", &LayerToggles::agents},
    {"Field", &LayerToggles::field}, {"Arrows", &LayerToggles::arrows},
    {"Zones", &LayerToggles::zones}, {"Trails", &LayerToggles::trails},
    {"Frusta", &LayerToggles::frusta},
};
static_assert(std::size(kLayers) == kLayerCount, "one checkbox per LayerToggles flag");

}  // namespace

const char* layer_name(int layer) {
  return layer >= 0 && layer < kLayerCount ? kLayers[layer].name : nullptr;
}

bool* layer_flag(LayerToggles& layers, int layer) {
  return layer >= 0 && layer < kLayerCount ? &(layers.*kLayers[layer].flag) : nullptr;
}

namespace detail {

void draw_layers(Frame& f) {
  const float column_x = 0.5f * ImGui::GetContentRegionAvail().x;
  for (int i = 0; i < kLayerCount; ++i) {
    if (i % 2 == 1) ImGui::SameLine(column_x);
    ImGui::Checkbox(kLayers[i].name, layer_flag(f.model.layers, i));
    if (f.layout != nullptr) f.layout->layers[i] = last_item_rect();
  }
}

}  // namespace detail
}  // namespace dpt::ui
