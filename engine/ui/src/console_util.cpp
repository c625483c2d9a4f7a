// Small helpers shared by the console's panels, and the public nice_ticks / format_hms.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "console_internal.h"

#include <imgui_stdlib.h>  // after imgui.h, which it needs

namespace dpt::ui {

namespace {
// Heckbert's nicenum: the "nice" number (1, 2, 5 or 10 times a power of ten) near x, rounding
// to the nearest when `round`, else taking the smallest nice number >= x (Graphics Gems, 1990).
double nice_number(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice = 10.0;
  if (round) {
    nice = fraction < 1.5 ? 1.0 : fraction < 3.0 ? 2.0 : fraction < 7.0 ? 5.0 : 10.0;
  } else {
    nice = fraction <= 1.0 ? 1.0 : fraction <= 2.0 ? 2.0 : fraction <= 5.0 ? 5.0 : 10.0;
  }
  return nice * std::pow(10.0, exponent);
}
}  // namespace

AxisTicks nice_ticks(double lo, double hi, int target) {
  AxisTicks ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return ticks;
  const double range = nice_number(hi - lo, false);
  ticks.step = nice_number(range / target, true);
  ticks.first = std::ceil(lo / ticks.step) * ticks.step;
  // A tick within a millionth of a step of `hi` still counts (floating-point division).
  ticks.count = static_cast<int>(std::floor((hi - ticks.first) / ticks.step + 1e-6)) + 1;
  ticks.count = std::max(ticks.count, 0);
  return ticks;
}

void format_hms(double seconds, char* out, std::size_t size) {
  if (out == nullptr || size == 0) return;
  const long long total = std::isfinite(seconds) && seconds > 0 ? static_cast<long long>(seconds) : 0;
  std::snprintf(out, size, "%02lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
}

namespace detail {

ConsoleRect to_rect(ImVec2 min, ImVec2 max) { return {min.x, min.y, max.x, max.y}; }

ConsoleRect clip_to_window(ConsoleRect r) {
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  r.x0 = std::max(r.x0, pos.x);
  r.y0 = std::max(r.y0, pos.y);
  r.x1 = std::min(r.x1, pos.x + size.x);
  r.y1 = std::min(r.y1, pos.y + size.y);
  return r;
}

ConsoleRect last_item_rect() { return to_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

bool contains_nocase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [&](char a, char b) { return lower(a) == lower(b); });
  return it != haystack.end();
}

bool filter_box(const char* id, std::string& text, float width) {
  ImGui::SetNextItemWidth(width);
  return ImGui::InputTextWithHint(id, "filter...", &text);
}

ImVec4 severity_colour(std::string_view severity) {
  if (severity == "alert") return {1.00f, 0.35f, 0.30f, 1.0f};
  if (severity == "warning") return {1.00f, 0.75f, 0.25f, 1.0f};
  return {0.75f, 0.78f, 0.82f, 1.0f};
}

float table_height(float reserve, float min_height) {
  return std::max(ImGui::GetContentRegionAvail().y - reserve, min_height);
}

}  // namespace detail
}  // namespace dpt::ui
