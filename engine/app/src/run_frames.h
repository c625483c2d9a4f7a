#pragma once
// `dptwin run --frames EVERY`: renders the world every EVERY of simulated time into
// <run>/frames/<seconds since the start, 6 digits>.png — the district from a named view with the
// wind field (speed, draped, with a legend) and wind arrows when the scenario has a wind stage.
#include <filesystem>
#include <memory>
#include <string>

#include "dpt/core/result.h"
#include "dpt/render/renderer.h"
#include "dpt/sim/common/wind_field.h"
#include "dpt/scenario/runner.h"
#include "dpt/scenario/scenario.h"

namespace dpt::app {

struct FrameOptions {
  std::string view = "overview";
  int width = 960, height = 540;
  bool validation = false;
};

// The wind's speed at 10 m as a draped scalar field (legend "wind speed at 10 m (m/s)") and an
// arrow every few cells; shared by --frames and the viewer.
void wind_overlays(const sim::WindField& wind, render::Overlays& out);

// Loads the scenario's district (the default district when it names none) and the renderer, or
// says why it cannot; the writer then renders into out_dir/frames/.
Result<scenario::FrameWriter> make_frame_writer(const scenario::Scenario& s, const std::filesystem::path& out_dir,
                                                const FrameOptions& options);

}  // namespace dpt::app
