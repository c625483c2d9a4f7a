# dpt_add_module(NAME <name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Makes the static library dpt_<name> of one engine module: include/ is its public face,
# src/ its private implementation. Links are PRIVATE unless a dependency's types appear in the
# public headers, so that a wrong include fails the build (see docs/architecture.md).
function(dpt_add_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  set(target dpt_${M_NAME})
  add_library(${target} STATIC ${M_SOURCES})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                       PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${M_PUBLIC_DEPS} PRIVATE dpt_options ${M_PRIVATE_DEPS})
endfunction()
