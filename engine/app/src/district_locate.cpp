#include "district_locate.h"

#include <cstdlib>
#include <system_error>

namespace dpt::app {

std::filesystem::path default_district_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("DPTWIN_DISTRICT"); env && *env) return env;
  std::error_code ec;
  if (fs::is_regular_file("assets/dapeng/district.toml", ec)) return "assets/dapeng";
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / "assets/dapeng/district.toml", ec)) return dir / "assets/dapeng";
    }
  }
  return "assets/dapeng";
}

}  // namespace dpt::app
