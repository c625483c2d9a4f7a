// dptwin district map [DIR] --out FILE.png: a plan view of the district (relief, coastline, roads,
// buildings, sites) — the quick look before the 3-D renderer.
#include <cstdio>
#include <string>

#include "commands.h"
#include "district_locate.h"
#include "district_map.h"
#include "dpt/geo/raster_write.h"
#include "dpt/world/district_io.h"

namespace dpt::app {

void add_district_map_command(CLI::App& district, AppState& state) {
  auto* cmd = district.add_subcommand(
      "map",
      "Draw a plan view of a district as PNG: shaded relief and sea depth, coastline, roads (main roads\n"
      "yellow), buildings (red; industrial purple), sites (hazmat orange, beaches yellow, others blue)");
  auto dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto width = std::make_shared<int>(2000);
  cmd->add_option("DIR", *dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_option("--out", *out, "Output PNG file")->required();
  cmd->add_option("--width", *width, "Image width in pixels")->capture_default_str()->check(CLI::Range(64, 16384));
  cmd->callback([&state, dir, out, width] {
    if (dir->empty()) *dir = default_district_dir().string();
    auto d = world::load_district(*dir);
    if (!ok_or_report(d, state)) return;
    const RgbImage img = draw_district_map(*d, *width);
    if (auto w = geo::write_png_rgb(*out, img.width, img.height, img.rgb); !w) {
      std::fputs(w.errors().to_string().c_str(), stderr);
      state.exit_code = kExitFailure;
      return;
    }
    std::printf("district map: %s (%d x %d px)\n", out->c_str(), img.width, img.height);
  });
}

}  // namespace dpt::app
