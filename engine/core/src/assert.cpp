#include "dpt/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace dpt::detail {

void assert_fail(const char* expr, const char* msg, std::source_location where) {
  std::fprintf(stderr, "%s:%u: internal error: assertion '%s' failed: %s\n", where.file_name(),
               static_cast<unsigned>(where.line()), expr, msg);
  std::abort();
}

}  // namespace dpt::detail
