#include "dpt/core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace dpt::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::info)};
std::atomic<void (*)()> g_hook{nullptr};
std::mutex g_mutex;
constexpr const char* kNames[] = {"error", "warning", "info", "debug"};
}  // namespace

void set_level(Level lv) { g_level = static_cast<int>(lv); }
Level level() { return static_cast<Level>(g_level.load()); }
void set_before_write_hook(void (*hook)()) { g_hook = hook; }

void write(Level lv, std::string_view message) {
  std::lock_guard lock(g_mutex);
  if (auto hook = g_hook.load()) hook();
  std::fprintf(stderr, "dptwin: %s: %.*s\n", kNames[static_cast<int>(lv)], static_cast<int>(message.size()),
               message.data());
}

}  // namespace dpt::log
