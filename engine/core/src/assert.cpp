#include "dpt/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace dpt::detail {

void assert_fail(const char* expr, const char* msg, const char* file, unsigned line) {
  std::fprintf(stderr, "%s:%u: internal error: assertion '%s' failed: %s\n", file, line, expr, msg);
  std::abort();
}

}  // namespace dpt::detail
