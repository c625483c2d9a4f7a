#pragma once
// Minimal, thread-safe logging to stderr. Levels: error, warn, info, debug. The CLI sets the level
// (--quiet: warnings and errors only; -v: debug). Log lines never go into run outputs: those are
// deterministic files, logs are for people.
#include <sstream>
#include <string>
#include <string_view>

namespace dpt::log {

enum class Level { error = 0, warn = 1, info = 2, debug = 3 };

void set_level(Level level);
Level level();
void write(Level level, std::string_view message);

// A line that a progress display may have to clear first; see scenario/progress.
void set_before_write_hook(void (*hook)());

template <class... Args>
void emit(Level lv, const Args&... args) {
  if (static_cast<int>(lv) > static_cast<int>(level())) return;
  std::ostringstream s;
  (s << ... << args);
  write(lv, s.str());
}
template <class... Args>
void error(const Args&... a) { emit(Level::error, a...); }
template <class... Args>
void warn(const Args&... a) { emit(Level::warn, a...); }
template <class... Args>
void info(const Args&... a) { emit(Level::info, a...); }
template <class... Args>
void debug(const Args&... a) { emit(Level::debug, a...); }

}  // namespace dpt::log
