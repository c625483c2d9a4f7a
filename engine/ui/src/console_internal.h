#pragma once
// Private to engine/ui: what the console's panel files share. Each panel is one function drawing
// into the current ImGui window; console.cpp places the windows and calls them in order.
#include <imgui.h>

#include <string>
#include <string_view>

#include "dpt/ui/console.h"

namespace dpt::ui::detail {

// Everything a panel reads and writes during one draw_console call.
struct Frame {
  ConsoleModel& model;
  ConsoleState& state;
  ConsoleActions& actions;
  ConsoleLayout* layout;  // nullptr unless the caller asked for rects
};

// The rect of the last submitted item (ImGui::GetItemRectMin/Max) in the layout's terms.
ConsoleRect last_item_rect();
ConsoleRect to_rect(ImVec2 min, ImVec2 max);
// The part of `r` inside the current window (a scrolled-out table row cannot be clicked).
ConsoleRect clip_to_window(ConsoleRect r);

// Case-insensitive (ASCII) substring test; an empty needle matches everything.
bool contains_nocase(std::string_view haystack, std::string_view needle);

// A one-line filter box ("filter..." as hint) editing `text`; true when it changed.
bool filter_box(const char* id, std::string& text, float width);

// The colour of an alert severity: "alert" red, "warning" amber, anything else (info) grey.
ImVec4 severity_colour(std::string_view severity);

// Height of a scrolling table that leaves `reserve` pixels below it, never under `min_height`.
float table_height(float reserve, float min_height);

void handle_keys(Frame& f);           // console_keys.cpp
void draw_top_bar(Frame& f);          // console_timeline.cpp
void draw_layers(Frame& f);           // console_layers.cpp
void draw_sensors(Frame& f);          // console_sensors.cpp
void draw_params(Frame& f);           // console_params.cpp
void draw_decision(Frame& f);         // console_decision.cpp
void draw_kpis(Frame& f);             // console_kpi_plot.cpp
void draw_alerts(Frame& f);           // console_alerts.cpp
void draw_tracks(Frame& f);           // console_tracks.cpp
void draw_status_bar(Frame& f);       // console_status_bar.cpp

}  // namespace dpt::ui::detail
