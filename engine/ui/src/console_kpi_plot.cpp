// KPIs: pick a series, read its value at the current time, and see it plotted against time with
// labelled axes and a cursor at "now". Drawn with ImDrawList (Debian has no ImPlot); a long series
// is reduced to one vertical min-max segment per pixel column, so the cost is bounded by the
// samples scanned, not by the lines drawn.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 28);
constexpr ImU32 kAxisText = IM_COL32(180, 185, 195, 255);
constexpr ImU32 kCurve = IM_COL32(90, 180, 255, 255);
constexpr ImU32 kCursor = IM_COL32(255, 200, 60, 200);

std::size_t sample_count(const KpiSeries& s) { return std::min(s.t_s.size(), s.values.size()); }

// The index of the last sample at or before t, or -1 when t precedes the series.
long sample_at(const KpiSeries& s, double t) {
  const auto end = s.t_s.begin() + static_cast<long>(sample_count(s));
  const auto it = std::upper_bound(s.t_s.begin(), end, static_cast<float>(t));
  return static_cast<long>(it - s.t_s.begin()) - 1;
}

struct Range {
  double lo = 0, hi = 1;
  double span() const { return hi - lo; }
};

Range value_range(const KpiSeries& s) {
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < sample_count(s); ++i) {
    if (!std::isfinite(s.values[i])) continue;
    lo = std::min(lo, static_cast<double>(s.values[i]));
    hi = std::max(hi, static_cast<double>(s.values[i]));
  }
  if (!(hi >= lo)) return {0.0, 1.0};
  if (hi == lo) return {lo - 1.0, hi + 1.0};
  const double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

// Time ticks read in the unit that keeps the labels short: seconds, minutes or hours.
void time_unit(double span_s, double* unit, const char** suffix) {
  if (span_s > 3.0 * 3600.0) { *unit = 3600.0; *suffix = "h"; }
  else if (span_s > 180.0) { *unit = 60.0; *suffix = "min"; }
  else { *unit = 1.0; *suffix = "s"; }
}

void draw_axes(ImDrawList* dl, ImVec2 a, ImVec2 b, Range tx, Range vy) {
  char label[32];
  const float w = b.x - a.x, h = b.y - a.y;
  const AxisTicks yt = nice_ticks(vy.lo, vy.hi, std::max(2, static_cast<int>(h / 28.0f)));
  for (int i = 0; i < yt.count; ++i) {
    const double v = yt.first + i * yt.step;
    const float y = b.y - static_cast<float>((v - vy.lo) / vy.span()) * h;
    dl->AddLine({a.x, y}, {b.x, y}, kGrid);
    std::snprintf(label, sizeof label, "%g", std::abs(v) < 1e-9 * yt.step ? 0.0 : v);
    const ImVec2 size = ImGui::CalcTextSize(label);
    dl->AddText({a.x - size.x - 4.0f, y - 0.5f * size.y}, kAxisText, label);
  }
  double unit = 1.0;
  const char* suffix = "s";
  time_unit(tx.span(), &unit, &suffix);
  const AxisTicks xt = nice_ticks(tx.lo / unit, tx.hi / unit, std::max(2, static_cast<int>(w / 60.0f)));
  for (int i = 0; i < xt.count; ++i) {
    const double v = xt.first + i * xt.step;
    const float x = a.x + static_cast<float>((v * unit - tx.lo) / tx.span()) * w;
    dl->AddLine({x, a.y}, {x, b.y}, kGrid);
    std::snprintf(label, sizeof label, "%g%s", v, i == xt.count - 1 ? suffix : "");
    const ImVec2 size = ImGui::CalcTextSize(label);
    dl->AddText({std::min(x - 0.5f * size.x, b.x - size.x), b.y + 2.0f}, kAxisText, label);
  }
}

// One vertical segment per pixel column (its samples' min..max), joined column to column.
void draw_curve(ImDrawList* dl, ImVec2 a, ImVec2 b, const KpiSeries& s, Range tx, Range vy) {
  const float w = b.x - a.x, h = b.y - a.y;
  bool open = false, have_prev = false;
  float col = 0, y_min = 0, y_max = 0, y_first = 0, y_last = 0;
  ImVec2 prev{};
  const auto flush = [&] {
    if (have_prev) dl->AddLine(prev, {col, y_first}, kCurve, 1.5f);
    if (y_max > y_min) dl->AddLine({col, y_min}, {col, y_max}, kCurve, 1.5f);
    prev = {col, y_last};
    have_prev = true;
  };
  for (std::size_t i = 0; i < sample_count(s); ++i) {
    if (!std::isfinite(s.values[i])) continue;
    const float x = std::floor(a.x + static_cast<float>((s.t_s[i] - tx.lo) / tx.span()) * w) + 0.5f;
    const float y = b.y - static_cast<float>((s.values[i] - vy.lo) / vy.span()) * h;
    if (open && x == col) {
      y_min = std::min(y_min, y);
      y_max = std::max(y_max, y);
      y_last = y;
      continue;
    }
    if (open) flush();
    open = true;
    col = x;
    y_min = y_max = y_first = y_last = y;
  }
  if (open) flush();
}

}  // namespace

void draw_kpis(Frame& f) {
  const auto& kpis = f.model.kpis;
  if (kpis.empty()) {
    ImGui::TextDisabled("no KPIs");
    return;
  }
  int& selected = f.state.kpi_selected;
  selected = std::clamp(selected, 0, static_cast<int>(kpis.size()) - 1);
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##kpi", kpis[static_cast<std::size_t>(selected)].name.c_str())) {
    for (std::size_t i = 0; i < kpis.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(kpis[i].name.c_str(), static_cast<int>(i) == selected)) {
        selected = static_cast<int>(i);
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  const KpiSeries& s = kpis[static_cast<std::size_t>(selected)];
  const long now = sample_at(s, f.model.t_s);
  if (now >= 0) {
    ImGui::Text("%g %s", static_cast<double>(s.values[static_cast<std::size_t>(now)]), s.unit.c_str());
  } else {
    ImGui::TextDisabled("no value yet");
  }

  // The plot: labels left of and under the frame, the frame filling the rest.
  const float line = ImGui::GetTextLineHeight();
  const float left = ImGui::CalcTextSize("-0.000").x + 6.0f;
  const float height = std::clamp(0.28f * ImGui::GetWindowHeight(), 120.0f, 320.0f);
  const ImVec2 size{std::max(ImGui::GetContentRegionAvail().x, left + 40.0f), height};
  ImGui::InvisibleButton("##kpi_plot", size);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
  const ImVec2 a{p0.x + left, p0.y + 0.5f * line}, b{p1.x - 4.0f, p1.y - line - 4.0f};
  if (f.layout != nullptr) f.layout->kpi_plot = to_rect(a, b);
  if (b.x <= a.x || b.y <= a.y) return;

  const std::size_t n = sample_count(s);
  const double t_end = std::max(f.model.duration_s, n > 0 ? static_cast<double>(s.t_s[n - 1]) : 0.0);
  const Range tx{0.0, t_end > 0.0 ? t_end : 1.0};
  const Range vy = value_range(s);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, b, IM_COL32(20, 24, 30, 200));
  draw_axes(dl, a, b, tx, vy);
  dl->PushClipRect(a, b, true);
  draw_curve(dl, a, b, s, tx, vy);
  const float cursor = a.x + static_cast<float>((f.model.t_s - tx.lo) / tx.span()) * (b.x - a.x);
  dl->AddLine({cursor, a.y}, {cursor, b.y}, kCursor);
  dl->PopClipRect();
  dl->AddRect(a, b, IM_COL32(255, 255, 255, 60));

  if (hovered && n > 0) {
    const double t = tx.lo + (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x) * tx.span();
    const long i = std::max(sample_at(s, t), 0L);
    char when[32];
    format_hms(s.t_s[static_cast<std::size_t>(i)], when, sizeof when);
    ImGui::SetTooltip("%s  %g %s", when, static_cast<double>(s.values[static_cast<std::size_t>(i)]),
                      s.unit.c_str());
  }
}

}  // namespace dpt::ui::detail
