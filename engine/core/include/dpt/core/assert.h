#pragma once
// DPT_ASSERT guards internal invariants (never user input: that gets a Result). It stays on in
// release builds, because a twin that silently computes garbage is worse than one that stops.
#include <source_location>

namespace dpt::detail {
[[noreturn]] void assert_fail(const char* expr, const char* msg, std::source_location where);
}

#define DPT_ASSERT(cond, msg)                                                      \
  do {                                                                             \
    if (!(cond)) [[unlikely]]                                                      \
      ::dpt::detail::assert_fail(#cond, msg, std::source_location::current());     \
  } while (0)
