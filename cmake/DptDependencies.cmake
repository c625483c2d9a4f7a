# The whole stack, from Debian 12 packages (tools/setup installs them). Every package is found
# here, at configure time, so that a machine missing one fails at once with its name instead of
# half-way through a build. Modules link what they use.
find_package(PkgConfig REQUIRED)

find_package(TBB 2021 REQUIRED)                      # work inside simulation stages, flow graph
find_package(nlohmann_json 3.11 REQUIRED)            # run.json, kpi.json, events.ndjson
find_package(CLI11 2.1 REQUIRED)                     # the dptwin command line
find_package(zstd REQUIRED)                          # recording chunks
find_package(GDAL 3.6 REQUIRED)                      # rasters and vectors (GeoTIFF field output)
find_package(PROJ 9 REQUIRED)                        # lon/lat <-> district frame
find_package(glm REQUIRED)                           # render-side maths (engine/render)
find_package(Vulkan REQUIRED COMPONENTS glslc)       # the renderer; glslc compiles shaders/
find_package(glfw3 3.3 REQUIRED)                     # windowed viewer
pkg_check_modules(BULLET REQUIRED IMPORTED_TARGET bullet)   # Bullet's CMake config is broken on Debian
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)     # libimgui-dev 1.86 ships only a .pc file
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(MOSQUITTO REQUIRED IMPORTED_TARGET libmosquitto)  # MQTT feeds (engine/fusion)
find_package(pugixml 1.13 REQUIRED)                  # SUMO .net.xml / .rou.xml (engine/sim/traffic)
pkg_check_modules(TOMLPP REQUIRED tomlplusplus)      # header-only use: see engine/core/src/config_toml.cpp
if(DPT_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  find_package(benchmark REQUIRED)
endif()

if(NOT TARGET zstd::libzstd)
  if(TARGET zstd::libzstd_shared)
    add_library(zstd::libzstd ALIAS zstd::libzstd_shared)
  else()
    add_library(zstd::libzstd ALIAS zstd::libzstd_static)
  endif()
endif()
