#pragma once
// Progress lines on stderr with the elapsed wall time (for people; never part of the output files).
#include <chrono>
#include <cstdio>
#include <sstream>

namespace dapeng {

class Progress {
 public:
  template <class... Args>
  void say(const Args&... args) const {
    std::ostringstream s;
    (s << ... << args);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "make_dapeng [%6.1f s] %s\n", t, s.str().c_str());
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace dapeng
