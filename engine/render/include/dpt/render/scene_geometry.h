#pragma once
// Render-ready geometry of the district, built on the CPU (no Vulkan here): terrain chunks with a
// level-of-detail pyramid, building batches per tile (two LODs), road ribbons draped on the
// terrain, and the sea. The GPU passes upload these arrays as they are.
//
// Conventions shared by every mesh below:
//  - District frame: x east, y north, z up, metres (double). Vertex positions are float RELATIVE
//    TO THEIR CHUNK'S / TILE'S `origin` (double), so a float keeps sub-millimetre steps within a
//    tile; the renderer adds (origin - eye), in double, per draw.
//  - One vertex array and one index array per mesh kind; a chunk or tile owns the vertex block
//    [base_vertex, base_vertex + vertex_count) and its indices are RELATIVE to base_vertex (use it
//    as vkCmdDrawIndexed's vertexOffset). Indices are a triangle list (no strips, no restart).
//  - Triangles are counter-clockwise seen from their front (terrain, roofs and roads: from above;
//    walls and skirts: from outside).
//  - Colours are RGBA8 packed little-endian, R in the lowest byte (VK_FORMAT_R8G8B8A8_UNORM).
#include <array>
#include <cstdint>
#include <vector>

#include <glm/vec3.hpp>

#include "dpt/world/buildings.h"
#include "dpt/world/roads.h"
#include "dpt/world/sites.h"
#include "dpt/world/terrain.h"

namespace dpt::render {

struct IndexRange {
  std::uint32_t first = 0;  // into the index array
  std::uint32_t count = 0;  // indices (3 per triangle)
};

// ---------------------------------------------------------------------------------------------
// Terrain
// Vertex layout (24 bytes): location 0 = float3 position (relative to the chunk origin),
// location 1 = float3 unit normal (central differences of the height grid).
struct TerrainVertex {
  float px, py, pz;
  float nx, ny, nz;
};
static_assert(sizeof(TerrainVertex) == 24);

constexpr int kMaxTerrainLods = 5;        // strides 1, 2, 4, 8, 16
constexpr double kTerrainSkirtM = 20.0;   // skirts hang this far below their edge

// One chunk: a (chunk_cells + 1)² grid of vertices, row-major, row 0 north (the height grid's
// order), then the skirt: 4 edges × (chunk_cells + 1) vertices (north, south, west, east), each
// the edge vertex lowered by kTerrainSkirtM. A chunk at the grid's east or south end that has
// fewer cells repeats its last column / row (clamped samples): those triangles are degenerate
// and the shared index buffers still fit. Vertex (a, b) of the grid is b * (chunk_cells+1) + a.
struct TerrainChunk {
  glm::dvec3 origin{0.0};      // district frame: the chunk's x/y centre, z = 0
  glm::dvec3 lo{0.0}, hi{0.0}; // box of the samples (skirts excluded)
  int i0 = 0, j0 = 0;          // first sample (column, row) in the height grid
  int ni = 0, nj = 0;          // real samples covered (<= chunk_cells + 1)
  std::uint32_t base_vertex = 0;
  // Geometric error of level k: the largest vertical distance (m) between a height sample of the
  // chunk and the level-k surface; made non-decreasing in k (Ulrich's chunked LOD requires a
  // coarser level never to claim less error than a finer one). error[0] == 0.
  std::array<float, kMaxTerrainLods> error{};
};

struct TerrainMesh {
  int chunk_cells = 0;
  int levels = 0;                      // usable levels: 0 .. levels-1 (stride 2^k)
  std::uint32_t vertices_per_chunk = 0;
  std::vector<TerrainVertex> vertices; // chunk after chunk
  // SHARED by all chunks (relative to a chunk's base_vertex): lod[k] is the grid at stride 2^k
  // followed by its skirt quads. Level 0 splits every cell along the north-west – south-east
  // diagonal, as Bullet's btHeightfieldTerrainShape does in the collision world
  // (engine/physics/src/ray_grid.cpp, cast_terrain_cell).
  std::vector<std::uint32_t> indices;
  std::array<IndexRange, kMaxTerrainLods> lod{};
  std::vector<TerrainChunk> chunks;    // row-major by chunk, north row first
};

// chunk_cells must be >= 1; levels are those strides 2^k (k < kMaxTerrainLods) that divide it.
TerrainMesh build_terrain_mesh(const world::Terrain& terrain, int chunk_cells = 64);

// The coarsest level whose error, projected to the screen from the nearest point of the chunk's
// box, stays within max_error_px: rho = error * pixels_per_radian / distance (Ulrich, "Rendering
// massive terrains using chunked level of detail control", SIGGRAPH 2002). pixels_per_radian is
// viewport_height / (2 tan(fov_y / 2)). Eye inside the box: level 0.
int choose_lod(const TerrainChunk& chunk, int levels, glm::dvec3 eye, double pixels_per_radian,
               double max_error_px);

// ---------------------------------------------------------------------------------------------
// Tiles (buildings and roads)
struct Tile {
  glm::dvec3 origin{0.0};      // district frame: the tile square's centre, z = 0
  glm::dvec3 lo{0.0}, hi{0.0}; // box of what the tile holds (may exceed the square)
  int tx = 0, ty = 0;          // tile column (east) and row (north) from the frame's origin
  std::uint32_t base_vertex = 0, vertex_count = 0;
  IndexRange indices;
};

// ---------------------------------------------------------------------------------------------
// Buildings
// Vertex layout (28 bytes): location 0 = float3 position (relative to the tile origin),
// location 1 = float3 flat face normal, location 2 = RGBA8 colour (see building_colour).
struct BuildingVertex {
  float px, py, pz;
  float nx, ny, nz;
  std::uint32_t rgba;
};
static_assert(sizeof(BuildingVertex) == 28);

struct BuildingLod {
  std::vector<BuildingVertex> vertices;
  std::vector<std::uint32_t> indices;
  std::vector<Tile> tiles;                 // same order and squares in both LODs
  // Per entry of BuildingBatches::order: its first index (relative to the tile's first) in this
  // LOD; the entry's range ends where the next entry of the same tile begins.
  std::vector<std::uint32_t> building_first_index;
};

struct BuildingBatches {
  double tile_m = 500.0;
  // Building indices (into the input vector) grouped by tile; tile t holds
  // order[tile_first[t] .. tile_first[t + 1]).
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> tile_first;
  BuildingLod lod0;  // walls and flat roof (no floors: never seen), flat normals
  BuildingLod lod1;  // each building as its extruded minimum-area bounding rectangle: 10 triangles
  std::size_t skipped = 0;  // buildings with no wall or no roof (degenerate footprint or height)
};

// Buildings are assigned to the 500 m tile that holds their footprint's bounding-box centre.
// `sites`: a building that belongs to a hazmat site (use, site_id, or inside the site's area) is
// highlighted.
BuildingBatches build_building_batches(const std::vector<world::Building>& buildings, double tile_m = 500.0,
                                       const std::vector<world::Site>& sites = {});

// Picking: the input index of the building that drew `triangle` (relative to the tile's first
// index / 3) of tile `tile` in `lod`, or -1.
std::int64_t building_of_triangle(const BuildingBatches& b, const BuildingLod& lod, std::size_t tile,
                                  std::uint32_t triangle);

// Minimum-area enclosing rectangle of a point set (rotating calipers over the convex hull,
// Freeman & Shapira, CACM 18(7), 1975; Toussaint 1983): centre, unit axis u, half sizes along u
// and along v = (-u.y, u.x). Fewer than 3 non-collinear points: the degenerate box of the points.
struct OrientedRect {
  double cx = 0.0, cy = 0.0;
  double ux = 1.0, uy = 0.0;
  double half_u = 0.0, half_v = 0.0;
  double area() const { return 4.0 * half_u * half_v; }
};
OrientedRect min_area_rect(const std::vector<geo::Local>& points);
// Andrew's monotone chain; counter-clockwise, no collinear points, no repeated first point.
std::vector<geo::Local> convex_hull(std::vector<geo::Local> points);

// ---------------------------------------------------------------------------------------------
// Roads
// Vertex layout (32 bytes): location 0 = float3 position (relative to the tile origin),
// location 1 = RGBA8 colour by class (road_colour), location 2 = float along (m from the link's
// start), location 3 = float across (-1 at the left edge .. +1 at the right edge, for edge lines),
// location 4 = float2 outward offset from the ribbon's centreline (m).
struct RoadVertex {
  float px, py, pz;
  std::uint32_t rgba;
  float along, across;
  float ox, oy;  // from the ribbon's own centreline to this vertex (m): lets the shader keep a far
                 // road at least a pixel or two wide
};
static_assert(sizeof(RoadVertex) == 32);

constexpr double kLaneWidthM = 3.5;
constexpr double kRoadSampleM = 15.0;  // ribbons sample the terrain at least this often

// Per link of the network (same index): where its ribbon lies, so the closed-road overlay can
// recolour or redraw just that link. Links with no usable geometry have empty ranges.
struct LinkRibbon {
  std::uint32_t tile = 0;
  std::uint32_t first_vertex = 0, vertex_count = 0;  // global, into RoadRibbons::vertices
  IndexRange indices;                                // global, into RoadRibbons::indices
};

struct RoadRibbons {
  double tile_m = 500.0;
  std::vector<RoadVertex> vertices;
  std::vector<std::uint32_t> indices;  // relative to the tile's base_vertex
  std::vector<Tile> tiles;
  std::vector<LinkRibbon> links;
};

// Each link is a ribbon lanes × 3.5 m wide. A two-way road (a reverse link with the same source
// and swapped ends) draws each direction on its own, right-hand side of the centreline (traffic
// drives on the right in China); a one-way link is centred. Vertices sit on the terrain as drawn at level 0 (the
// triangulated grid, not the bilinear patch) + lift_m, sampled at each geometry vertex and at least every 15 m; joins are mitred, the mitre length
// clamped to 2× the half width. A link goes to the tile of its bounding-box centre.
RoadRibbons build_road_ribbons(const world::RoadNetwork& network, const world::Terrain& terrain,
                               double lift_m = 0.3, double tile_m = 500.0);

// ---------------------------------------------------------------------------------------------
// Sea
// Vertex layout (12 bytes): float3 position relative to `origin`, z = 0. The renderer raises the
// surface to the water level (push constant) and tints by depth = water_level - terrain height,
// reading the terrain from `height` as an R32_SFLOAT 2D texture (linear filter, clamp to edge):
//   texel (c, r) = height[r * width + c], row 0 north;
//   uv = (uv_scale.x * x + uv_offset.x, uv_scale.y * y + uv_offset.y) for district-frame (x, y)
//   (texel centres; uv_scale.y < 0 since rows run south). In the shader, with float positions
//   relative to the eye, pass uv_offset + uv_scale * eye (computed in double) per frame.
struct SeaVertex {
  float px, py, pz;
};
static_assert(sizeof(SeaVertex) == 12);

struct SeaMesh {
  glm::dvec3 origin{0.0};  // centre of the terrain's bounds, z = 0
  glm::dvec3 lo{0.0}, hi{0.0};
  std::vector<SeaVertex> vertices;
  std::vector<std::uint32_t> indices;
  int width = 0, height_rows = 0;  // of the height texture
  std::vector<float> height;       // metres above mean sea level, width × height_rows
  double uv_scale[2] = {0.0, 0.0};
  double uv_offset[2] = {0.0, 0.0};
};

// A grid of cell_m quads covering the terrain's bounds grown by margin_m on every side. The
// height texture is the terrain grid, decimated by the smallest integer step that keeps both
// sides <= max_texture_dim (Vulkan guarantees 4096).
SeaMesh build_sea(const world::Terrain& terrain, double margin_m = 5000.0, double cell_m = 1000.0,
                  int max_texture_dim = 4096);

// ---------------------------------------------------------------------------------------------
// Palette (scene_colours.cpp)
std::uint32_t pack_rgba8(float r, float g, float b, float a = 1.0f);
// By use, lightened with height (taller = lighter, full effect at 60 m); hazmat = orange-red.
std::uint32_t building_colour(const world::Building& b, bool hazmat_site);
std::uint32_t road_colour(world::RoadClass c);

}  // namespace dpt::render
