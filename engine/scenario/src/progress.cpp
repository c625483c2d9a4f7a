#include "dpt/scenario/progress.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "dpt/core/log.h"

namespace dpt::scenario {
namespace {
std::atomic<bool> g_bar_visible{false};
// Log lines clear the bar's line first, so that they do not get mixed into it.
void clear_bar() {
  if (g_bar_visible.exchange(false)) std::fputs("\r\033[2K", stderr);
}
}  // namespace

Progress::Progress(ProgressMode mode, Duration total, std::string label)
    : mode_(mode), total_(total), label_(std::move(label)), start_(std::chrono::steady_clock::now()) {
  // Keep the bar on one 100-column line: a wrapped line cannot be redrawn with '\r'.
  if (label_.size() > 24) label_ = label_.substr(0, 23) + "~";
  if (mode_ == ProgressMode::automatic) mode_ = isatty(STDERR_FILENO) ? ProgressMode::bar : ProgressMode::lines;
  if (mode_ == ProgressMode::bar) log::set_before_write_hook(clear_bar);
}

Progress::~Progress() {
  if (mode_ == ProgressMode::bar) {
    clear_bar();
    log::set_before_write_hook(nullptr);
  }
}

double Progress::wall_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::draw(Duration done, bool final) {
  const double frac = total_.us > 0 ? std::clamp(static_cast<double>(done.us) / static_cast<double>(total_.us), 0.0, 1.0) : 1.0;
  const double wall = wall_seconds();
  const double ratio = wall > 0 ? done.to_seconds() / wall : 0.0;
  const double eta = frac > 0 ? wall * (1 - frac) / frac : 0.0;
  char line[256];
  if (mode_ == ProgressMode::bar) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '-';
    bar[kWidth] = 0;
    std::snprintf(line, sizeof line, "\r\033[2K%s [%s] %3d%%  sim %s / %s  x%.0f real time  eta %.0fs", label_.c_str(), bar,
                  static_cast<int>(frac * 100), format_hms(done).c_str(), format_hms(total_).c_str(), ratio, final ? 0.0 : eta);
    std::fputs(line, stderr);
    g_bar_visible = true;
  } else {
    std::snprintf(line, sizeof line, "%s: %3d%%  sim %s / %s  x%.0f real time  wall %.1fs\n", label_.c_str(),
                  static_cast<int>(frac * 100), format_hms(done).c_str(), format_hms(total_).c_str(), ratio, wall);
    std::fputs(line, stderr);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::update(Duration done) {
  if (mode_ == ProgressMode::none) return;
  const auto now = std::chrono::steady_clock::now();
  if (mode_ == ProgressMode::bar) {
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    draw(done, false);
    return;
  }
  const int decile = total_.us > 0 ? static_cast<int>(10 * done.us / total_.us) : 10;
  if (decile != last_decile_ && decile < 10) {
    last_decile_ = decile;
    if (decile > 0) draw(done, false);
  }
}

void Progress::finish(Duration done, const std::string& status) {
  if (mode_ == ProgressMode::none) return;
  draw(done, true);
  if (mode_ == ProgressMode::bar) {
    std::fprintf(stderr, "  %s\n", status.c_str());
    g_bar_visible = false;
  }
}

}  // namespace dpt::scenario
