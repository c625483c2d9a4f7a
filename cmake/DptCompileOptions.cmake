# Warnings and sanitizers shared by every dptwin target (through the dpt_options interface target).
add_library(dpt_options INTERFACE)
target_compile_options(dpt_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion $<$<CONFIG:Debug>:-D_GLIBCXX_ASSERTIONS>)
if(DPT_WERROR)
  target_compile_options(dpt_options INTERFACE -Werror)
endif()
if(DPT_SANITIZE)
  target_compile_options(dpt_options INTERFACE -fsanitize=${DPT_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(dpt_options INTERFACE -fsanitize=${DPT_SANITIZE})
endif()
