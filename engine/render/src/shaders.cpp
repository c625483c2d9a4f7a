// Lookup in the embedded shader table (the table itself is generated: cmake/DptShaders.cmake).
#include "dpt/render/shaders.h"

#include <algorithm>

namespace dpt::render {

ShaderStage ShaderBlob::stage() const {
  if (name.ends_with(".vert")) return ShaderStage::vertex;
  if (name.ends_with(".frag")) return ShaderStage::fragment;
  if (name.ends_with(".comp")) return ShaderStage::compute;
  return ShaderStage::other;
}

const ShaderBlob* find_shader(std::string_view name) {
  const auto all = embedded_shaders();
  const auto it = std::find_if(all.begin(), all.end(), [name](const ShaderBlob& b) { return b.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace dpt::render
