#pragma once
// The SPIR-V of shaders/, compiled by glslc at build time and embedded in the binary
// (cmake/DptShaders.cmake generates the table behind embedded_shaders()).
#include <cstdint>
#include <span>
#include <string_view>

namespace dpt::render {

inline constexpr std::uint32_t kSpirvMagic = 0x07230203;

enum class ShaderStage { vertex, fragment, compute, other };

struct ShaderBlob {
  std::string_view name;               // the source's file name: "field_overlay.frag"
  std::span<const std::uint32_t> words;  // the SPIR-V module

  ShaderStage stage() const;  // from the name's extension, as glslc decides it
};

// Every embedded shader, in the order the build listed them.
std::span<const ShaderBlob> embedded_shaders();
// nullptr when there is no shader of that name.
const ShaderBlob* find_shader(std::string_view name);

}  // namespace dpt::render
