#pragma once
// DPT_ASSERT guards internal invariants (never user input: that gets a Result). It stays on in
// release builds, because a twin that silently computes garbage is worse than one that stops.
// (__FILE__/__LINE__ rather than std::source_location: clang 14, which the fuzz preset uses, cannot
// compile libstdc++ 12's <source_location>.)
namespace dpt::detail {
[[noreturn]] void assert_fail(const char* expr, const char* msg, const char* file, unsigned line);
}

#define DPT_ASSERT(cond, msg)                                                      \
  do {                                                                             \
    if (!(cond)) [[unlikely]]                                                      \
      ::dpt::detail::assert_fail(#cond, msg, __FILE__, __LINE__);                  \
  } while (0)
