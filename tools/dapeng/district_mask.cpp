#include "district_mask.h"

#include <algorithm>

#include "distance_transform.h"
#include "dpt/geo/vector_io.h"

namespace dapeng {

dpt::Result<std::vector<dpt::geo::Polygon>> read_dapeng_boundary(const std::filesystem::path& path,
                                                                 const dpt::geo::LocalFrame& frame) {
  using R = dpt::Result<std::vector<dpt::geo::Polygon>>;
  auto layers = dpt::geo::read_vector(path, frame);
  if (!layers) return R(layers.errors());
  std::vector<dpt::geo::Polygon> out;
  for (const auto& layer : *layers)
    for (const auto& f : layer.features) {
      const std::string* qh = f.attr("qh");
      if (qh && *qh == "大鹏") out.insert(out.end(), f.polygons.begin(), f.polygons.end());
    }
  if (out.empty()) return R::failure({path.string()}, "no feature with qh = \"大鹏\" (Dapeng New District)");
  return out;
}

void rasterise_district(const std::vector<dpt::geo::Polygon>& boundary, double buffer_m, Cells& cells) {
  const int nx = cells.nx(), ny = cells.ny();
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(nx) * ny, 0);
  std::vector<const dpt::geo::Ring*> rings;
  for (const auto& p : boundary) {
    rings.push_back(&p.outer);
    for (const auto& h : p.holes) rings.push_back(&h);
  }
  std::vector<double> xs;
  for (int j = 0; j < ny; ++j) {
    const double y = cells.pos(0, j).y;
    xs.clear();
    for (const auto* r : rings)
      for (std::size_t k = 0; k < r->size(); ++k) {
        const Local a = (*r)[k], b = (*r)[(k + 1) % r->size()];
        if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
      }
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const int i0 = std::max(0, static_cast<int>(std::ceil((xs[k] - cells.spec.x0) / cells.spec.dx)));
      const int i1 = std::min(nx - 1, static_cast<int>(std::floor((xs[k + 1] - cells.spec.x0) / cells.spec.dx)));
      for (int i = i0; i <= i1; ++i) inside[cells.idx(i, j)] = 1;
    }
  }
  const std::vector<float> d = distance_to(inside, nx, ny, cells.spec.dx);
  cells.district.assign(inside.size(), 0);
  for (std::size_t k = 0; k < d.size(); ++k) cells.district[k] = d[k] <= buffer_m ? 1 : 0;
}

}  // namespace dapeng
