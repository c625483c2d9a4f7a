#pragma once
// The operator console: Dear ImGui windows over the 3-D view of `dptwin view`. It draws a plain
// model of what the viewer shows (ConsoleModel) and returns what the operator asked for
// (ConsoleActions); it owns no simulation, no renderer and no window, so it can be driven by a
// test with a headless ImGui context. Call draw_console between ImGui::NewFrame and ImGui::Render.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dpt::ui {

struct KpiSeries {
  std::string name, unit;
  std::vector<float> t_s;     // seconds since the start
  std::vector<float> values;
};

struct AlertRow {
  double t_s = 0.0;
  std::string severity;  // "info", "warning", "alert"
  std::string source;    // module or sensor
  std::string text;
};

struct TrackRow {
  std::uint32_t id = 0;
  std::string kind;           // "car", "pedestrian", ...
  double x = 0, y = 0;        // district frame, m
  double speed_mps = 0.0;
  std::string state;          // "tentative", "confirmed", "coasting"
};

struct SensorRow {
  std::uint32_t index = 0;    // into the district's cameras (or sensors)
  std::string id, kind;       // "cam-00017", "camera" / "weather" / "gas" / "crowd"
  std::string reading;        // last value, formatted, "" when none
};

struct LayerToggles {
  bool terrain = true, sea = true, buildings = true, roads = true, labels = true;
  bool agents = true, field = true, arrows = true, zones = true, trails = true, frusta = false;
};

struct ParamRow {            // a scenario parameter the operator may change for a branch run
  std::string key;           // dotted key, as `dptwin run --set` takes it
  std::string value;         // as text
};

// A decision tool offered in the console's Decision panel (filled by the decision issue: e.g.
// "close roads in the threat zone", "evacuate Xichong beach"); the viewer runs the one chosen.
struct DecisionTool {
  std::string name;
  std::string description;  // shown as the button's tooltip
  bool enabled = true;
};

struct ConsoleModel {
  std::string title;          // scenario name
  double t_s = 0.0, duration_s = 0.0;
  std::string clock;          // the simulated wall time, "2025-07-20 07:30:00 +08:00"
  bool playing = false;
  double speed = 1.0;         // simulated seconds per real second
  bool recording = false;     // a run directory is being scrubbed (seek allowed anywhere)
  LayerToggles layers;
  std::vector<std::string> views;  // named views
  int current_view = 0;
  std::vector<KpiSeries> kpis;
  std::vector<AlertRow> alerts;
  std::vector<TrackRow> tracks;
  std::vector<SensorRow> sensors;
  int looking_through = -1;   // sensor row whose camera the view looks through, -1 none
  std::vector<ParamRow> params;
  std::vector<DecisionTool> decision_tools;
  std::string status;         // one line for the status bar (device, frame time)
};

struct ConsoleActions {
  bool toggle_play = false;
  double set_speed = 0.0;     // > 0: new speed
  double seek_to_s = -1.0;    // >= 0: jump there
  int select_view = -1;       // index into views
  int look_through = -2;      // sensor row to look through; -1: back to the named view; -2: no change
  bool branch = false;        // start a branch run with `params`
  std::vector<ParamRow> params;  // edited parameters (valid when branch)
  int decision_tool = -1;     // index into decision_tools, -1: none chosen
  bool screenshot = false;
  bool quit = false;
};

// Keys the console reacts to when no text field has focus, as indices into ImGuiIO::KeysDown
// (ImGui 1.86's key API). Space and Escape come through io.KeyMap; letters have no ImGuiKey_ in
// 1.86, so they are the backend's codes: the GLFW backend stores GLFW_KEY_S == 'S', GLFW_KEY_Q == 'Q'.
struct ConsoleKeys {
  int screenshot = 'S';
  int quit = 'Q';
};

// Persistent widget state (text being edited, plot ranges, filter strings).
struct ConsoleState {
  std::vector<std::string> edit_buffers;  // one per model.params row, reset when the keys change
  std::string alert_filter;
  int kpi_selected = 0;
  std::string sensor_filter;              // case-insensitive substring of id, kind or reading
  ConsoleKeys keys;
  // Scratch kept between frames so that filtering allocates nothing once warm.
  std::vector<int> filtered_sensors, filtered_alerts;
  std::vector<std::string> edit_keys;     // the keys edit_buffers were made for
};

// Screen rectangles (pixels, y down) of widgets the viewer and the tests need to find.
struct ConsoleRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  float cx() const { return 0.5f * (x0 + x1); }
  float cy() const { return 0.5f * (y0 + y1); }
};

inline constexpr int kLayerCount = 11;  // the bools of LayerToggles, in declaration order
const char* layer_name(int layer);     // "Terrain", "Sea", ... ; nullptr outside [0, kLayerCount)
bool* layer_flag(LayerToggles& layers, int layer);  // the bool behind checkbox `layer`

struct ConsoleLayout {
  ConsoleRect view;            // the area between the panels, left to the 3-D view
  ConsoleRect top_bar, left_panel, right_panel, status_bar;
  ConsoleRect play_button, speed_combo, view_combo, timeline;
  ConsoleRect layers[kLayerCount];  // checkboxes (empty when the header is closed)
  ConsoleRect sensor_filter, back_to_view, branch_button, kpi_plot;
  struct Row { int row; ConsoleRect rect; };
  std::vector<Row> sensor_rows;     // the visible sensor rows (row = index into model.sensors)
  std::vector<Row> alert_rows;
  std::vector<Row> decision_buttons;  // row = index into model.decision_tools      // the visible alert rows, top down (row = index into model.alerts)
  float timeline_t0_x = 0, timeline_t1_x = 0;  // slider x of t = 0 and t = duration
};

// Draws the console's windows for `model` and returns the operator's actions. `layers` in the
// model is edited in place (checkboxes). `layout_out`, when given, receives the widgets' rects.
ConsoleActions draw_console(ConsoleModel& model, ConsoleState& state,
                            ConsoleLayout* layout_out = nullptr);

// Speeds offered by the speed selector (simulated seconds per real second), ascending.
inline constexpr double kConsoleSpeeds[] = {0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600};

// Axis ticks at "nice" steps (1, 2 or 5 times a power of ten) covering [lo, hi] with about
// `target` intervals: Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
struct AxisTicks {
  double first = 0.0, step = 1.0;  // first tick >= lo, ticks first + i * step
  int count = 0;                   // ticks inside [lo, hi]
};
AxisTicks nice_ticks(double lo, double hi, int target);

// "hh:mm:ss" for a duration in seconds (negative clamps to 0; hours may exceed 24) into `out`.
void format_hms(double seconds, char* out, std::size_t size);

}  // namespace dpt::ui
