// The operator console in a headless Dear ImGui context: no window and no renderer backend, only
// a built font atlas, a display size and a frame time, which is all NewFrame needs. Input is
// simulated through ImGuiIO's 1.86 fields (MousePos, MouseDown, KeysDown with a GLFW-like KeyMap)
// and widgets are found through the ConsoleLayout that draw_console fills.
#include <catch2/catch.hpp>
#include <imgui.h>
#include <imgui_internal.h>  // GImGui: window stack and frame counters, to check each frame ended cleanly

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "dpt/ui/console.h"

using dpt::ui::ConsoleActions;
using dpt::ui::ConsoleLayout;
using dpt::ui::ConsoleModel;
using dpt::ui::ConsoleRect;
using dpt::ui::ConsoleState;

namespace {

// GLFW key codes, as imgui_impl_glfw.cpp (1.86) maps them into io.KeyMap / io.KeysDown.
constexpr int kGlfwSpace = 32, kGlfwEscape = 256, kGlfwTab = 258, kGlfwEnter = 257, kGlfwBackspace = 259;

class Headless {
 public:
  Headless(float width, float height) : ctx_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini written by tests
    io.LogFilename = nullptr;
    io.DisplaySize = {width, height};
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; no texture upload needed
    io.KeyMap[ImGuiKey_Space] = kGlfwSpace;
    io.KeyMap[ImGuiKey_Escape] = kGlfwEscape;
    io.KeyMap[ImGuiKey_Tab] = kGlfwTab;
    io.KeyMap[ImGuiKey_Enter] = kGlfwEnter;
    io.KeyMap[ImGuiKey_Backspace] = kGlfwBackspace;
  }
  ~Headless() { ImGui::DestroyContext(ctx_); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  // One frame: NewFrame, the console, Render; then checks that ImGui closed every window.
  ConsoleActions frame(ConsoleModel& model, ConsoleState& state, ConsoleLayout* layout = nullptr) {
    ImGui::NewFrame();
    ConsoleActions actions = dpt::ui::draw_console(model, state, layout);
    ImGui::Render();
    const ImGuiContext& g = *GImGui;
    CHECK(g.CurrentWindowStack.Size == 0);
    CHECK(g.FrameCountEnded == g.FrameCount);
    CHECK(g.FrameCountRendered == g.FrameCount);
    CHECK(ImGui::GetDrawData()->Valid);
    return actions;
  }

  void mouse(float x, float y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = {x, y};
    io.MouseDown[0] = down;
  }
  void key(int user_key, bool down) { ImGui::GetIO().KeysDown[user_key] = down; }

 private:
  ImGuiContext* ctx_;
};

// A click on `r`'s centre: hover, press, release (an ImGui button fires on release).
ConsoleActions click(Headless& h, ConsoleModel& m, ConsoleState& s, ConsoleRect r, ConsoleLayout* layout = nullptr) {
  REQUIRE_FALSE(r.empty());
  ConsoleActions any;
  const auto merge = [&any](const ConsoleActions& a) {
    any.toggle_play = any.toggle_play || a.toggle_play;
    if (a.look_through != -2) any.look_through = a.look_through;
    if (a.seek_to_s >= 0) any.seek_to_s = a.seek_to_s;
    any.branch = any.branch || a.branch;
    if (a.branch) any.params = a.params;
    any.screenshot = any.screenshot || a.screenshot;
    any.quit = any.quit || a.quit;
    if (a.decision_tool >= 0) any.decision_tool = a.decision_tool;
  };
  h.mouse(r.cx(), r.cy(), false);
  merge(h.frame(m, s, layout));
  h.mouse(r.cx(), r.cy(), true);
  merge(h.frame(m, s, layout));
  h.mouse(r.cx(), r.cy(), false);
  merge(h.frame(m, s, layout));
  return any;
}

ConsoleActions press_key(Headless& h, ConsoleModel& m, ConsoleState& s, int user_key) {
  h.key(user_key, true);
  ConsoleActions a = h.frame(m, s);
  h.key(user_key, false);
  h.frame(m, s);
  return a;
}

ConsoleModel make_model(int sensors, int alerts, int tracks, int kpi_samples) {
  ConsoleModel m;
  m.title = "lpg-leak-kuichong";
  m.clock = "2025-07-20 07:30:00 +08:00";
  m.t_s = 600.0;
  m.duration_s = 3600.0;
  m.views = {"overview", "xichong-beach", "kuichong"};
  char buf[64];
  for (int i = 0; i < sensors; ++i) {
    std::snprintf(buf, sizeof buf, "cam-%05d", i);
    m.sensors.push_back({static_cast<std::uint32_t>(i), buf, i % 10 == 0 ? "weather" : "camera",
                         i % 10 == 0 ? "12.5 m/s" : ""});
  }
  const char* severities[] = {"info", "warning", "alert"};
  for (int i = 0; i < alerts; ++i) {
    std::snprintf(buf, sizeof buf, "event %d", i);
    m.alerts.push_back({static_cast<double>(i), severities[i % 3], i % 2 == 0 ? "hazmat" : "crowd", buf});
  }
  for (int i = 0; i < tracks; ++i) {
    m.tracks.push_back({static_cast<std::uint32_t>(i), "car", 100.0 * i, -50.0, 8.3, "confirmed"});
  }
  dpt::ui::KpiSeries kpi{"evacuated", "people", {}, {}};
  for (int i = 0; i < kpi_samples; ++i) {
    kpi.t_s.push_back(3600.0f * static_cast<float>(i) / static_cast<float>(std::max(kpi_samples - 1, 1)));
    kpi.values.push_back(static_cast<float>(i));
  }
  m.kpis.push_back(kpi);
  m.kpis.push_back({"closed roads", "", {0.0f, 1800.0f}, {0.0f, 3.0f}});
  m.params = {{"hazmat.release_kg", "2000"}, {"typhoon.track", "mangkhut"}, {"seed", "7"}};
  m.status = "H200 | 0.8 ms";
  return m;
}

bool inside(const ConsoleRect& inner, const ConsoleRect& outer) {
  return inner.x0 >= outer.x0 - 0.5f && inner.y0 >= outer.y0 - 0.5f && inner.x1 <= outer.x1 + 0.5f &&
         inner.y1 <= outer.y1 + 0.5f;
}

}  // namespace

TEST_CASE("console layout fits 1280x720 and 1920x1080 and leaves the middle to the view", "[ui]") {
  for (const auto& [w, h] : {std::pair{1280.0f, 720.0f}, std::pair{1920.0f, 1080.0f}}) {
    CAPTURE(w, h);
    Headless ui(w, h);
    ConsoleModel m = make_model(50, 20, 10, 100);
    ConsoleState s;
    ConsoleLayout l;
    int windows = 0;
    for (int i = 0; i < 5; ++i) {
      const ConsoleActions a = ui.frame(m, s, &l);
      if (i == 1) windows = GImGui->Windows.Size;
      if (i > 1) CHECK(GImGui->Windows.Size == windows);  // no window created per frame
      // Nothing asked for without input: every action at its default.
      CHECK_FALSE(a.toggle_play);
      CHECK(a.set_speed == 0.0);
      CHECK(a.seek_to_s == -1.0);
      CHECK(a.select_view == -1);
      CHECK(a.look_through == -2);
      CHECK_FALSE(a.branch);
      CHECK(a.params.empty());
      CHECK_FALSE(a.screenshot);
      CHECK_FALSE(a.quit);
    }
    const ConsoleRect screen{0, 0, w, h};
    for (const ConsoleRect& r : {l.top_bar, l.left_panel, l.right_panel, l.status_bar, l.view}) {
      CHECK_FALSE(r.empty());
      CHECK(inside(r, screen));
    }
    CHECK(l.top_bar.y0 == 0.0f);
    CHECK(l.status_bar.y1 == Approx(h));
    CHECK(l.left_panel.x1 <= l.right_panel.x0);
    CHECK(l.view.x1 - l.view.x0 >= 0.45f * w);  // the district stays the main thing on screen
    CHECK(l.view.y1 - l.view.y0 >= 0.8f * h);
    for (const ConsoleRect& r : {l.play_button, l.speed_combo, l.view_combo, l.timeline}) {
      CHECK(inside(r, l.top_bar));
    }
    for (const ConsoleRect& r : l.layers) CHECK(inside(r, l.left_panel));
    CHECK(inside(l.kpi_plot, l.right_panel));
    CHECK(l.kpi_plot.x1 - l.kpi_plot.x0 > 150.0f);
    CHECK(l.timeline.x1 - l.timeline.x0 > 0.9f * w);
    CHECK(l.sensor_rows.size() >= 5);
    CHECK(l.alert_rows.size() >= 5);
    REQUIRE(GImGui->Windows.Size > 0);
    CHECK(ImGui::FindWindowByName("##console_top") != nullptr);
    CHECK(ImGui::FindWindowByName("##console_status") != nullptr);
  }
}

TEST_CASE("the play button and the keys ask for play, screenshot and quit", "[ui]") {
  Headless ui(1280, 720);
  ConsoleModel m = make_model(20, 5, 5, 10);
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);

  const ConsoleActions clicked = click(ui, m, s, l.play_button);
  CHECK(clicked.toggle_play);
  CHECK_FALSE(clicked.quit);

  // Each key fires once, on the frame it goes down.
  const ConsoleActions space = press_key(ui, m, s, kGlfwSpace);
  CHECK(space.toggle_play);
  CHECK_FALSE(space.screenshot);
  const ConsoleActions shot = press_key(ui, m, s, 'S');
  CHECK(shot.screenshot);
  CHECK_FALSE(shot.toggle_play);
  CHECK(press_key(ui, m, s, kGlfwEscape).quit);
  CHECK(press_key(ui, m, s, 'Q').quit);
  ui.key(kGlfwSpace, true);
  ui.frame(m, s);
  CHECK_FALSE(ui.frame(m, s).toggle_play);  // held, not pressed again
  ui.key(kGlfwSpace, false);
  ui.frame(m, s);

  // While the sensor filter has focus, keys type text instead.
  ui.frame(m, s, &l);
  click(ui, m, s, l.sensor_filter);
  ui.frame(m, s);
  REQUIRE(ImGui::GetIO().WantTextInput);
  CHECK_FALSE(press_key(ui, m, s, kGlfwSpace).toggle_play);
  CHECK_FALSE(press_key(ui, m, s, 'Q').quit);
  CHECK_FALSE(press_key(ui, m, s, 'S').screenshot);
}

TEST_CASE("clicking a sensor row looks through it; Back to view returns", "[ui]") {
  Headless ui(1920, 1080);
  ConsoleModel m = make_model(7000, 10, 10, 10);
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  // The clipper submits only the visible rows, top down from row 0.
  REQUIRE(l.sensor_rows.size() >= 4);
  CHECK(l.sensor_rows.size() < 80);
  for (std::size_t i = 0; i < l.sensor_rows.size(); ++i) CHECK(l.sensor_rows[i].row == static_cast<int>(i));

  CHECK(click(ui, m, s, l.sensor_rows[3].rect).look_through == 3);
  // "Back to view" is disabled while no sensor is looked through, enabled once one is.
  ui.frame(m, s, &l);
  CHECK(click(ui, m, s, l.back_to_view).look_through == -2);
  m.looking_through = 3;
  ui.frame(m, s, &l);
  CHECK(click(ui, m, s, l.back_to_view).look_through == -1);

  // A filter keeps matching rows only (case-insensitive), still clickable by their model index.
  s.sensor_filter = "CAM-0699";
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  REQUIRE(l.sensor_rows.size() == 10);
  CHECK(l.sensor_rows.front().row == 6990);
  CHECK(l.sensor_rows.back().row == 6999);
  CHECK(click(ui, m, s, l.sensor_rows[2].rect).look_through == 6992);
}

TEST_CASE("layer checkboxes edit the model's layers in place", "[ui]") {
  Headless ui(1280, 720);
  ConsoleModel m = make_model(10, 0, 0, 0);
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  REQUIRE(std::string(dpt::ui::layer_name(0)) == "Terrain");
  REQUIRE(std::string(dpt::ui::layer_name(dpt::ui::kLayerCount - 1)) == "Frusta");
  CHECK(dpt::ui::layer_name(dpt::ui::kLayerCount) == nullptr);
  CHECK(dpt::ui::layer_flag(m.layers, 2) == &m.layers.buildings);

  const dpt::ui::LayerToggles before = m.layers;
  click(ui, m, s, l.layers[0], &l);
  CHECK_FALSE(m.layers.terrain);
  CHECK(m.layers.sea == before.sea);
  CHECK(m.layers.buildings == before.buildings);
  click(ui, m, s, l.layers[dpt::ui::kLayerCount - 1], &l);
  CHECK(m.layers.frusta);
  click(ui, m, s, l.layers[0], &l);
  CHECK(m.layers.terrain);
  CHECK(m.layers.roads == before.roads);
}

TEST_CASE("dragging the timeline seeks monotonically within [0, duration]", "[ui]") {
  Headless ui(1280, 720);
  ConsoleModel m = make_model(5, 0, 0, 10);
  m.recording = true;  // a run directory: scrub anywhere
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  const float x0 = l.timeline_t0_x, x1 = l.timeline_t1_x, y = l.timeline.cy();
  REQUIRE(x1 > x0 + 100.0f);
  const double per_px = m.duration_s / static_cast<double>(x1 - x0);

  ui.mouse(x0 + 20.0f, y, false);  // hover, then press inside the slider
  ui.frame(m, s);
  ui.mouse(x0 + 20.0f, y, true);
  CHECK(ui.frame(m, s).seek_to_s == Approx(20.0 * per_px).margin(1.5 * per_px));
  double previous = -1.0;
  int seeks = 0;
  for (float x = x0 - 30.0f; x <= x1 + 30.0f; x += 17.0f) {  // past both ends
    ui.mouse(x, y, true);
    const ConsoleActions a = ui.frame(m, s);
    if (a.seek_to_s < 0.0) continue;  // value unchanged this frame
    ++seeks;
    CHECK(a.seek_to_s >= 0.0);
    CHECK(a.seek_to_s <= m.duration_s);
    CHECK(a.seek_to_s >= previous);
    const double expected = std::clamp((x - x0) * per_px, 0.0, m.duration_s);
    CHECK(a.seek_to_s == Approx(expected).margin(1.5 * per_px));
    previous = a.seek_to_s;
  }
  ui.mouse(x1 + 30.0f, y, false);
  ui.frame(m, s);
  CHECK(seeks > 40);
  CHECK(previous == Approx(m.duration_s));

  // A simulated run seeks only back into what it has computed: [0, t].
  m.recording = false;
  m.t_s = 1000.0;
  ui.frame(m, s, &l);
  ui.mouse(x1 - 5.0f, y, false);
  ui.frame(m, s);
  ui.mouse(x1 - 5.0f, y, true);
  const ConsoleActions late = ui.frame(m, s);
  ui.mouse(x1 - 5.0f, y, false);
  ui.frame(m, s);
  CHECK(late.seek_to_s == Approx(1000.0));
}

TEST_CASE("Start branch run returns the edited parameters", "[ui]") {
  Headless ui(1280, 720);
  ConsoleModel m = make_model(5, 0, 0, 10);
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  REQUIRE(s.edit_buffers.size() == 3);
  CHECK(s.edit_buffers[0] == "2000");
  s.edit_buffers[0] = "5000";  // as if typed into the value field
  ui.frame(m, s, &l);
  const ConsoleActions a = click(ui, m, s, l.branch_button);
  REQUIRE(a.branch);
  REQUIRE(a.params.size() == 3);
  CHECK(a.params[0].key == "hazmat.release_kg");
  CHECK(a.params[0].value == "5000");
  CHECK(a.params[2].value == "7");
  CHECK(m.params[0].value == "2000");  // the model is the scenario's, not the edit
  // Other keys (another scenario) reset the buffers.
  m.params = {{"crowd.count", "12000"}};
  ui.frame(m, s, &l);
  REQUIRE(s.edit_buffers.size() == 1);
  CHECK(s.edit_buffers[0] == "12000");
}

TEST_CASE("the Decision panel offers the scenario's tools and returns the one clicked", "[ui]") {
  // 1920x1080: room below the sensors and parameters for the panel.
  Headless ui(1920, 1080);
  ConsoleModel m = make_model(5, 0, 0, 10);
  m.decision_tools = {{"Close roads in the threat zone", "closes every link inside the zone", true},
                      {"Evacuate Xichong beach", "sends the beach crowd to the nearest shelters", true},
                      {"Reopen the Baguang exit", "not available before the plume has passed", false}};
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  REQUIRE(l.decision_buttons.size() == 3);
  CHECK(click(ui, m, s, l.decision_buttons[1].rect).decision_tool == 1);
  CHECK(click(ui, m, s, l.decision_buttons[0].rect).decision_tool == 0);
  CHECK(click(ui, m, s, l.decision_buttons[2].rect).decision_tool == -1);  // disabled
  m.decision_tools.clear();
  ui.frame(m, s, &l);
  CHECK(l.decision_buttons.empty());
}

TEST_CASE("alerts show newest first and filter by text", "[ui]") {
  Headless ui(1280, 720);
  ConsoleModel m = make_model(5, 125, 0, 0);
  ConsoleState s;
  ConsoleLayout l;
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  REQUIRE(l.alert_rows.size() >= 3);
  CHECK(l.alert_rows.size() < 60);  // clipped
  CHECK(l.alert_rows[0].row == 124);
  CHECK(l.alert_rows[1].row == 123);
  s.alert_filter = "Event 12";  // matches 12 and 120..124, case-insensitive
  ui.frame(m, s, &l);
  ui.frame(m, s, &l);
  REQUIRE(l.alert_rows.size() == 6);
  CHECK(l.alert_rows.front().row == 124);
  CHECK(l.alert_rows[4].row == 120);
  CHECK(l.alert_rows.back().row == 12);
}

TEST_CASE("nice axis ticks follow Heckbert's 1-2-5 steps", "[ui]") {
  const auto t1 = dpt::ui::nice_ticks(0.0, 97.0, 5);
  CHECK(t1.step == Approx(20.0));
  CHECK(t1.first == Approx(0.0));
  CHECK(t1.count == 5);  // 0 20 40 60 80
  const auto t2 = dpt::ui::nice_ticks(0.0012, 0.0049, 4);
  CHECK(t2.step == Approx(0.001));
  CHECK(t2.first == Approx(0.002));
  CHECK(t2.count == 3);
  const auto t3 = dpt::ui::nice_ticks(-3.2, 7.9, 5);
  CHECK(t3.step == Approx(5.0));
  CHECK(t3.first == Approx(0.0).margin(1e-12));
  CHECK(t3.count == 2);
  const auto t4 = dpt::ui::nice_ticks(0.0, 3600.0, 6);
  CHECK(t4.step == Approx(1000.0));  // range 5000 / 6 -> 833 -> 1000
  CHECK(t4.count == 4);
  CHECK(dpt::ui::nice_ticks(5.0, 5.0, 4).count == 0);
  CHECK(dpt::ui::nice_ticks(0.0, 1.0, 0).count == 0);

  char buf[16];
  dpt::ui::format_hms(3725.9, buf, sizeof buf);
  CHECK(std::string(buf) == "01:02:05");
  dpt::ui::format_hms(-3.0, buf, sizeof buf);
  CHECK(std::string(buf) == "00:00:00");
  dpt::ui::format_hms(90000.0, buf, sizeof buf);
  CHECK(std::string(buf) == "25:00:00");
}

TEST_CASE("7,000 sensors, thousands of alerts and tracks and a long KPI stay cheap", "[ui]") {
  Headless ui(1920, 1080);
  ConsoleModel m = make_model(7000, 5000, 3000, 100000);
  ConsoleState s;
  ui.frame(m, s);
  constexpr int kFrames = 60;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kFrames; ++i) {
    if (i == kFrames / 2) s.sensor_filter = "weather";  // the filtered path scans every row
    m.t_s = 60.0 * i;
    ui.frame(m, s);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kFrames;
  // Only visible rows are submitted and the 100k-sample curve collapses to one segment per pixel
  // column, so the draw data stays small whatever the model's size.
  const ImDrawData* dd = ImGui::GetDrawData();
  CHECK(dd->TotalVtxCount < 120000);
  std::printf("console frame: %.2f ms, %d vertices, %d draw lists\n", ms, dd->TotalVtxCount, dd->CmdListsCount);
  CHECK(ms < 25.0);  // generous: a shared CI core; about 1-2 ms on a desktop
}
