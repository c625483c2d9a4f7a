// dptwin info: the engine's version, the versions of the linked stack (each as the library reports
// it at run time) and the Vulkan devices; exit 1 when no device can render, so that it doubles as
// the "can this machine render?" check.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "dpt/core/version.h"
#include "dpt/geo/versions.h"
#include "dpt/physics/versions.h"
#include "dpt/render/device_check.h"
#include "dpt/render/device_select.h"
#include "dpt/render/gpu.h"
#include "dpt/render/versions.h"
#include "dpt/scenario/versions.h"
#include "dpt/ui/versions.h"

namespace dpt::app {
namespace {

struct InfoOptions {
  bool json = false;
  bool validation = false;
  std::string gpu;
};

// What `info` found out; printed as text or as one JSON object.
struct Info {
  std::vector<std::pair<std::string, std::string>> stack;  // (library, version), in print order
  std::string vulkan_headers;
  render::ApiVersion loader;
  std::optional<render::GpuInventory> inventory;
  std::optional<std::size_t> chosen;
  std::optional<render::DeviceCheck> check;
  std::string error;  // why no device can render ("" when one can)
  bool validation_requested = false;

  bool usable() const { return check.has_value(); }
  render::ValidationCounts messages() const {
    render::ValidationCounts m;
    for (const render::ValidationCounts* c : {inventory ? &inventory->messages : nullptr, check ? &check->messages : nullptr}) {
      if (!c) continue;
      m.errors += c->errors;
      m.warnings += c->warnings;
      m.messages.insert(m.messages.end(), c->messages.begin(), c->messages.end());
    }
    return m;
  }
};

Info gather(const InfoOptions& o) {
  Info info;
  info.stack = {{"GDAL", geo::gdal_version()},         {"PROJ", geo::proj_version()},
                {"oneTBB", scenario::tbb_version()},   {"zstd", scenario::zstd_version()},
                {"Bullet", physics::bullet_version()}, {"Dear ImGui", ui::imgui_version()},
                {"GLM", render::glm_version()},        {"GLFW", ui::glfw_version()}};
  info.vulkan_headers = render::vulkan_headers_version();
  info.loader = render::vulkan_loader_version();
  info.validation_requested = o.validation;

  render::InstanceOptions io;
  io.validation = o.validation;
  auto inv = render::probe_gpus(io);
  if (!inv) {
    info.error = inv.errors().to_string();
    return info;
  }
  info.inventory = *inv;
  render::DevicePreference pref;
  pref.name_contains = o.gpu;
  auto choice = render::choose_device(*inv, pref);
  if (!choice) {
    info.error = choice.errors().to_string();
    return info;
  }
  info.chosen = *choice;
  auto check = render::check_device(io, inv->gpus[*choice]);
  if (!check) {
    info.error = check.errors().to_string();
    return info;
  }
  info.check = *check;
  return info;
}

std::string gib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

std::string hex(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

void print_text(const Info& info) {
  std::printf("dptwin %s\n", kEngineVersion);
  for (const auto& [lib, version] : info.stack) std::printf("  %-11s %s\n", lib.c_str(), version.c_str());
  std::printf("  %-11s loader %s, headers %s", "Vulkan", info.loader.to_string().c_str(), info.vulkan_headers.c_str());
  if (info.inventory) std::printf(", instance %s", info.inventory->instance.to_string().c_str());
  std::printf("\n");
  if (info.inventory) {
    const render::GpuInventory& inv = *info.inventory;
    std::printf("Vulkan devices: %zu\n", inv.gpus.size());
    for (const render::GpuInfo& g : inv.gpus) {
      std::string driver = g.driver_name.empty() ? g.driver_version_text : g.driver_name + " " + g.driver_info;
      std::printf("  [%u] %s: %s, Vulkan %s, driver %s, vendor %s device %s, %s device-local", g.index, g.name.c_str(),
                  std::string(render::to_string(g.type)).c_str(), g.api.to_string().c_str(), driver.c_str(),
                  hex(g.vendor_id).c_str(), hex(g.device_id).c_str(), gib(g.device_local_bytes()).c_str());
      if (g.graphics_queue_family)
        std::printf(", graphics+compute queue family %u\n", *g.graphics_queue_family);
      else
        std::printf(", no graphics queue\n");
    }
  }
  if (info.chosen) {
    const render::GpuInfo& g = info.inventory->gpus[*info.chosen];
    std::printf("chosen: [%u] %s (%s)\n", g.index, g.name.c_str(), std::string(render::to_string(g.type)).c_str());
  }
  if (info.check)
    std::printf("device check: ok - VkDevice with one graphics queue (family %u); shader modules: %s\n",
                info.check->queue_family, join(info.check->shader_modules).c_str());
  if (info.validation_requested) {
    if (info.inventory && !info.inventory->validation) {
      std::printf("validation: off - %s\n", info.inventory->validation_note.c_str());
    } else if (info.inventory) {
      const render::ValidationCounts m = info.messages();
      std::printf("validation: %u error(s), %u warning(s)\n", m.errors, m.warnings);
      for (const std::string& s : m.messages) std::printf("  %s\n", s.c_str());
    }
  }
  if (!info.usable()) std::fprintf(stderr, "cannot render on this machine:\n%s", info.error.c_str());
}

// ordered_json: the keys come out in the order of the text output.
nlohmann::ordered_json to_json(const Info& info) {
  using json = nlohmann::ordered_json;
  json j;
  j["engine"] = {{"name", "dptwin"}, {"version", kEngineVersion}};
  json stack = json::object();
  for (const auto& [lib, version] : info.stack) stack[lib] = version;
  j["stack"] = stack;
  json vk;
  vk["headers"] = info.vulkan_headers;
  vk["loader"] = info.loader.to_string();
  vk["instance"] = info.inventory ? json(info.inventory->instance.to_string()) : json(nullptr);
  const render::ValidationCounts m = info.messages();
  vk["validation"] = {{"requested", info.validation_requested},
                      {"enabled", info.inventory && info.inventory->validation},
                      {"note", info.inventory ? info.inventory->validation_note : std::string()},
                      {"errors", m.errors},
                      {"warnings", m.warnings},
                      {"messages", m.messages}};
  json devices = json::array();
  if (info.inventory) {
    for (const render::GpuInfo& g : info.inventory->gpus) {
      json heaps = json::array();
      for (const render::MemoryHeap& h : g.heaps) heaps.push_back({{"bytes", h.bytes}, {"device_local", h.device_local}});
      devices.push_back({{"index", g.index},
                         {"name", g.name},
                         {"type", render::to_string(g.type)},
                         {"api_version", g.api.to_string()},
                         {"driver_version", g.driver_version_text},
                         {"driver_name", g.driver_name},
                         {"driver_info", g.driver_info},
                         {"vendor_id", g.vendor_id},
                         {"device_id", g.device_id},
                         {"heaps", heaps},
                         {"graphics_queue_family", g.graphics_queue_family ? json(*g.graphics_queue_family) : json(nullptr)},
                         {"score", render::device_score(g)}});
    }
  }
  vk["devices"] = devices;
  vk["chosen"] = info.chosen ? json(*info.chosen) : json(nullptr);
  vk["device_check"] = info.check ? json{{"queue_family", info.check->queue_family}, {"shader_modules", info.check->shader_modules}}
                                  : json(nullptr);
  vk["usable"] = info.usable();
  vk["error"] = info.error;
  j["vulkan"] = vk;
  return j;
}

}  // namespace

void add_info_command(CLI::App& app, AppState& state) {
  auto o = std::make_shared<InfoOptions>();
  auto* cmd = app.add_subcommand("info", "Print the versions of the engine and its libraries and the Vulkan devices; "
                                         "exit 1 if none can render");
  cmd->add_flag("--json", o->json, "Print one JSON object instead of text");
  cmd->add_flag("--validation", o->validation, "Enable the Khronos validation layer and report its errors and warnings");
  cmd->add_option("--gpu", o->gpu, "Only consider devices whose name contains this (case-insensitive)")->envname("DPT_GPU");
  cmd->callback([&state, o] {
    const Info info = gather(*o);
    if (o->json) {
      std::printf("%s\n", to_json(info).dump(2).c_str());
      if (!info.usable()) std::fprintf(stderr, "cannot render on this machine:\n%s", info.error.c_str());
    } else {
      print_text(info);
    }
    state.exit_code = info.usable() ? kExitOk : kExitFailure;
  });
}

}  // namespace dpt::app
