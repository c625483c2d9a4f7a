// The Vulkan bootstrap on this machine's software rasteriser (Mesa's lavapipe, "llvmpipe"), with
// the Khronos validation layer on; and device selection on made-up inventories.
#include <catch2/catch.hpp>
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "dpt/render/device_check.h"
#include "dpt/render/device_select.h"
#include "dpt/render/gpu.h"
#include "dpt/render/shaders.h"

using namespace dpt::render;

namespace {

// Lavapipe allocates some state once per load of its library and never frees it; when the loader
// unloads the driver after vkDestroyInstance, LeakSanitizer (the asan preset) reports those blocks
// as leaks of an "<unknown module>". Keeping the driver loaded for the whole test makes them
// reachable again, so that a leak report from this test is ours. Harmless where lavapipe is absent.
[[maybe_unused]] const void* const kPinnedLavapipe = dlopen("libvulkan_lvp.so", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);

GpuInfo gpu(std::uint32_t index, std::string name, GpuType type, ApiVersion api = {1, 3, 0}, bool graphics = true) {
  GpuInfo g;
  g.index = index;
  g.name = std::move(name);
  g.type = type;
  g.api = api;
  if (graphics) g.graphics_queue_family = 0;
  return g;
}

std::size_t chosen(const GpuInventory& inv, const DevicePreference& pref = {}) {
  auto r = choose_device(inv, pref);
  REQUIRE(r.ok());
  return *r;
}

bool no_vulkan_allowed() {
  const char* v = std::getenv("DPT_ALLOW_NO_VULKAN");
  return v && std::string(v) == "1";
}

// The probe with validation on, or nullopt when there is no Vulkan driver at all and
// DPT_ALLOW_NO_VULKAN=1 says that is expected (the caller then skips). Anything else fails.
std::optional<GpuInventory> probe_or_skip() {
  InstanceOptions o;
  o.validation = true;
  auto inv = probe_gpus(o);
  const bool none = !inv || inv->gpus.empty();
  if (none && no_vulkan_allowed()) {
    WARN("SKIPPED: no Vulkan driver (ICD) on this machine and DPT_ALLOW_NO_VULKAN=1: "
         << (inv ? std::string("no physical device") : inv.errors().to_string()));
    return std::nullopt;
  }
  INFO((inv ? std::string() : inv.errors().to_string()) << "(install mesa-vulkan-drivers, or set DPT_ALLOW_NO_VULKAN=1 where "
                                                           "no Vulkan driver is expected)");
  REQUIRE(inv.ok());
  REQUIRE(!inv->gpus.empty());
  return *inv;
}

std::optional<std::size_t> find_lavapipe(const GpuInventory& inv) {
  for (std::size_t i = 0; i < inv.gpus.size(); ++i)
    if (inv.gpus[i].type == GpuType::cpu && inv.gpus[i].name.find("llvmpipe") != std::string::npos) return i;
  return std::nullopt;
}

}  // namespace

TEST_CASE("the shaders are embedded as SPIR-V", "[render][shaders]") {
  const auto all = embedded_shaders();
  // Every shader of shaders/ that engine/render/CMakeLists.txt compiles, in its order.
  std::vector<std::string> names;
  for (const ShaderBlob& b : all) names.emplace_back(b.name);
  CHECK(names == std::vector<std::string>{"field_overlay.vert", "field_overlay.frag", "terrain.vert", "terrain.frag",
                                          "mesh.vert", "mesh.frag", "sea.vert", "sea.frag", "road.vert", "road.frag",
                                          "text.vert", "text.frag", "overlay_geom.vert", "overlay_geom.frag",
                                          "agent.vert", "agent.frag"});
  const ShaderBlob* vert = find_shader("field_overlay.vert");
  const ShaderBlob* frag = find_shader("field_overlay.frag");
  REQUIRE(vert);
  REQUIRE(frag);
  CHECK(find_shader("no_such.frag") == nullptr);
  CHECK(vert->stage() == ShaderStage::vertex);
  CHECK(frag->stage() == ShaderStage::fragment);
  for (const ShaderBlob& b : all) {
    INFO(b.name);
    REQUIRE(b.words.size() > 5);  // the header alone is five words
    CHECK(b.words[0] == kSpirvMagic);
    // Version word: 0x00MMmm00. --target-env=vulkan1.2 means SPIR-V 1.5.
    CHECK(b.words[1] == 0x00010500u);
  }
}

TEST_CASE("device selection prefers discrete > integrated > virtual > cpu", "[render][select]") {
  GpuInventory inv;
  inv.gpus = {gpu(0, "llvmpipe (LLVM 15.0.6, 256 bits)", GpuType::cpu), gpu(1, "Virtio-GPU Venus", GpuType::virtual_gpu),
              gpu(2, "Intel(R) UHD Graphics 770", GpuType::integrated), gpu(3, "NVIDIA H200", GpuType::discrete)};
  CHECK(chosen(inv) == 3);
  inv.gpus.pop_back();
  CHECK(chosen(inv) == 2);
  inv.gpus.pop_back();
  CHECK(chosen(inv) == 1);
  inv.gpus.pop_back();
  CHECK(chosen(inv) == 0);

  SECTION("order in the list does not matter") {
    GpuInventory rev;
    rev.gpus = {gpu(0, "NVIDIA H200", GpuType::discrete), gpu(1, "Intel(R) UHD Graphics 770", GpuType::integrated),
                gpu(2, "llvmpipe", GpuType::cpu)};
    CHECK(chosen(rev) == 0);
  }
  SECTION("a tie goes to the lower index") {
    GpuInventory two;
    two.gpus = {gpu(0, "NVIDIA H200 #0", GpuType::discrete), gpu(1, "NVIDIA H200 #1", GpuType::discrete)};
    CHECK(chosen(two) == 0);
  }
  SECTION("a device without a graphics queue or below Vulkan 1.2 is not usable") {
    GpuInventory inv2;
    inv2.gpus = {gpu(0, "llvmpipe", GpuType::cpu), gpu(1, "compute-only accelerator", GpuType::discrete, {1, 3, 0}, false),
                 gpu(2, "old discrete", GpuType::discrete, {1, 1, 0})};
    CHECK(chosen(inv2) == 0);
    CHECK(device_score(inv2.gpus[1]) == 0);
    CHECK(device_score(inv2.gpus[2]) == 0);
    CHECK(device_score(inv2.gpus[0]) > 0);
    inv2.gpus.erase(inv2.gpus.begin());
    auto none = choose_device(inv2);
    REQUIRE_FALSE(none.ok());
    const std::string why = none.errors().to_string();
    CHECK_THAT(why, Catch::Contains("no graphics+compute queue family"));
    CHECK_THAT(why, Catch::Contains("Vulkan 1.1.0 < 1.2.0"));
  }
  SECTION("a name override wins over the type, case-insensitively") {
    GpuInventory both;
    both.gpus = {gpu(0, "NVIDIA H200", GpuType::discrete), gpu(1, "llvmpipe (LLVM 15.0.6, 256 bits)", GpuType::cpu)};
    CHECK(chosen(both, {"LLVMpipe"}) == 1);
    CHECK(chosen(both, {"h200"}) == 0);
    auto none = choose_device(both, {"radeon"});
    REQUIRE_FALSE(none.ok());
    CHECK_THAT(none.errors().to_string(), Catch::Contains("name does not contain 'radeon'"));
  }
  SECTION("no device at all") {
    auto none = choose_device(GpuInventory{});
    REQUIRE_FALSE(none.ok());
    CHECK_THAT(none.errors().to_string(), Catch::Contains("no Vulkan device"));
  }
}

TEST_CASE("lavapipe is found, chosen and runs our shaders, with no validation errors", "[render][vulkan]") {
  const auto inv = probe_or_skip();
  if (!inv) return;
  INFO("loader " << inv->loader.to_string() << ", instance " << inv->instance.to_string());
  for (const GpuInfo& g : inv->gpus) INFO("[" << g.index << "] " << g.name << " (" << to_string(g.type) << ")");

  REQUIRE(inv->validation);  // vulkan-validationlayers is part of the setup
  CHECK(inv->validation_note.empty());
  CHECK(inv->instance >= kRequiredApi);
  for (const std::string& m : inv->messages.messages) UNSCOPED_INFO(m);
  CHECK(inv->messages.errors == 0);

  const auto lvp = find_lavapipe(*inv);
  REQUIRE(lvp);  // mesa-vulkan-drivers is part of the setup
  const GpuInfo& g = inv->gpus[*lvp];
  CHECK(g.type == GpuType::cpu);
  CHECK(g.has_graphics_queue());
  CHECK(g.api >= kRequiredApi);
  CHECK(!g.heaps.empty());
  CHECK(g.device_local_bytes() > 0);
  CHECK(g.driver_name == "llvmpipe");
  CHECK_THAT(g.driver_info, Catch::Contains("Mesa"));

  // Asked for by name, lavapipe is chosen; left to the scoring, it is chosen unless the machine has
  // something better.
  CHECK(chosen(*inv, {"llvmpipe"}) == *lvp);
  const std::size_t best = chosen(*inv);
  CHECK(device_score(inv->gpus[best]) >= device_score(g));
  if (std::count_if(inv->gpus.begin(), inv->gpus.end(), [](const GpuInfo& x) { return device_score(x) > 0; }) == 1)
    CHECK(best == *lvp);

  InstanceOptions o;
  o.validation = true;
  auto check = check_device(o, g);
  INFO((check ? std::string() : check.errors().to_string()));
  REQUIRE(check.ok());
  CHECK(check->device_name == g.name);
  CHECK(check->validation);
  CHECK(check->queue_family == *g.graphics_queue_family);
  std::vector<std::string> embedded;
  for (const ShaderBlob& b : embedded_shaders()) embedded.emplace_back(b.name);
  CHECK(check->shader_modules == embedded);  // every one became a VkShaderModule
  for (const std::string& m : check->messages.messages) UNSCOPED_INFO(m);
  CHECK(check->messages.errors == 0);
}

TEST_CASE("check_device refuses a device that is not in the inventory any more", "[render][vulkan]") {
  if (!probe_or_skip()) return;
  auto check = check_device(InstanceOptions{}, gpu(999, "no such device", GpuType::discrete));
  REQUIRE_FALSE(check.ok());
  CHECK_THAT(check.errors().to_string(), Catch::Contains("vulkan: error: device [999] no such device is gone"));
}

TEST_CASE("without a Vulkan driver the probe is an error naming the VkResult, not a crash", "[render][vulkan]") {
  // Point the loader at a driver list with nothing in it (VK_DRIVER_FILES is the newer name of
  // VK_ICD_FILENAMES; loaders read them at instance creation).
  struct EnvGuard {
    std::string name;
    std::optional<std::string> old;
    explicit EnvGuard(std::string n) : name(std::move(n)) {
      if (const char* v = std::getenv(name.c_str())) old = v;
      ::setenv(name.c_str(), "/nonexistent/dpt_no_such_icd.json", 1);
    }
    ~EnvGuard() {
      if (old)
        ::setenv(name.c_str(), old->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  };
  EnvGuard a("VK_ICD_FILENAMES");
  EnvGuard b("VK_DRIVER_FILES");
  for (bool validation : {false, true}) {
    InstanceOptions o;
    o.validation = validation;
    auto inv = probe_gpus(o);
    if (inv.ok()) {
      CHECK(inv->gpus.empty());  // an old loader may create the instance and then list nothing
      auto none = choose_device(*inv);
      REQUIRE_FALSE(none.ok());
      CHECK_THAT(none.errors().to_string(), Catch::Contains("no Vulkan device"));
    } else {
      CHECK_THAT(inv.errors().to_string(), Catch::Contains("vkCreateInstance failed: VK_ERROR_INCOMPATIBLE_DRIVER"));
    }
  }
}
