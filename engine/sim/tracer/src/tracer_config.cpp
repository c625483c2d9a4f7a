// [modules.tracers] of a scenario file -> tracer::Model (keys documented in docs/scenarios.md).
#include <algorithm>

#include "dpt/sim/tracer/tracer.h"

namespace dpt::sim::tracer {
namespace {

// A position given either as district-frame metres (x, y) or as WGS-84 lon/lat.
bool read_position(TableReader& r, const BuildContext& ctx, double& x, double& y) {
  const bool has_xy = r.node().find("x") || r.node().find("y");
  const bool has_ll = r.node().find("lon") || r.node().find("lat");
  if (has_xy && has_ll) {
    r.error(r.loc(), r.path() + " gives both x/y and lon/lat; give one");
    r.raw("x"), r.raw("y"), r.raw("lon"), r.raw("lat");
    return false;
  }
  if (has_ll) {
    const auto lon = r.number("lon", Need::required, -180.0, 180.0);
    const auto lat = r.number("lat", Need::required, -90.0, 90.0);
    if (!lon || !lat || !ctx.frame) return false;
    auto p = ctx.frame->to_local({*lon, *lat});
    if (!p) {
      r.error(r.loc(), r.path() + ": " + p.errors().items().front().message);
      return false;
    }
    x = p->x;
    y = p->y;
    return true;
  }
  const auto px = r.quantity("x", Dimension::length, Need::required);
  const auto py = r.quantity("y", Dimension::length, Need::required);
  if (!px || !py) return false;
  x = *px;
  y = *py;
  return true;
}

std::optional<Puff> read_puff(TableReader& r, const BuildContext& ctx, bool with_time) {
  Puff p;
  bool ok = read_position(r, ctx, p.x, p.y);
  const auto count = r.integer("count", Need::required, 1, 50'000'000);
  p.radius = r.quantity("radius", Dimension::length).value_or(0.0);
  if (with_time) {
    if (auto at = r.time_offset("at", ctx.start, Need::required)) p.at = *at;
    else ok = false;
  }
  r.finish();
  if (!ok || !count) return std::nullopt;
  p.count = static_cast<std::uint32_t>(*count);
  return p;
}

}  // namespace

std::optional<Model> parse_model(TableReader& r, const BuildContext& ctx) {
  const std::size_t before = r.errors().size();
  Model m;
  m.extent = ctx.extent;
  const auto capacity = r.integer("capacity", Need::required, 1, 50'000'000);
  m.diffusivity = r.quantity("diffusivity", Dimension::diffusivity, Need::required).value_or(0.0);
  // Horizontal eddy diffusivities in the atmosphere span about 1 to 1e4 m^2/s (Pasquill-Gifford
  // dispersion over tens of km); far beyond that the walk is meaningless, so it is refused.
  if (m.diffusivity < 0 || m.diffusivity > 1e6) {
    const ConfigValue* k = r.node().find("diffusivity");
    r.error(k ? k->loc : r.loc(), "'diffusivity' in " + r.path() + " must be between 0 and 1e6 m2/s");
  }
  m.height = r.quantity("height", Dimension::length).value_or(10.0);
  const auto puffs = r.tables("release");
  for (std::size_t k = 0; k < puffs.size(); ++k) {
    TableReader pr(*puffs[k], r.path() + ".release[" + std::to_string(k) + "]", r.errors(), ctx.base_dir);
    if (auto p = read_puff(pr, ctx, true)) m.puffs.push_back(*p);
  }
  std::stable_sort(m.puffs.begin(), m.puffs.end(), [](const Puff& a, const Puff& b) { return a.at < b.at; });
  r.finish();
  if (r.errors().size() != before || !capacity) return std::nullopt;
  m.capacity = static_cast<std::uint32_t>(*capacity);
  return m;
}

std::optional<Puff> parse_release_command(std::string_view name, TableReader& args, const BuildContext& ctx) {
  if (name != "release") {
    args.error(args.loc(), "unknown tracer command 'tracers." + std::string(name) + "' (known: tracers.release)");
    return std::nullopt;
  }
  return read_puff(args, ctx, false);
}

}  // namespace dpt::sim::tracer
