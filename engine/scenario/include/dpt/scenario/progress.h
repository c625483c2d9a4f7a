#pragma once
// Progress of a long run on stderr: a bar with the sim-time / wall-time ratio on a terminal, a
// plain line every 10% otherwise (logs, CI), nothing with --quiet.
#include <chrono>
#include <string>

#include "dpt/core/time.h"

namespace dpt::scenario {

enum class ProgressMode { automatic, bar, lines, none };

class Progress {
 public:
  Progress(ProgressMode mode, Duration total, std::string label);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(Duration done);
  // Ends the bar's line; prints a closing line in the other modes.
  void finish(Duration done, const std::string& status);
  double wall_seconds() const;

 private:
  void draw(Duration done, bool final);

  ProgressMode mode_;
  Duration total_;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  int last_decile_ = -1;
  bool drawn_ = false;
};

}  // namespace dpt::scenario
