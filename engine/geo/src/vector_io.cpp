// Reading vector layers with GDAL/OGR into the district frame, and OSM's other_tags.
#include "dpt/geo/vector_io.h"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>

#include "dpt/geo/crs.h"
#include "gdal_util.h"
#include "vector_geometry.h"

namespace dpt::geo {

const std::string* Feature::attr(const std::string& key) const {
  const auto it = attrs.find(key);
  return it == attrs.end() ? nullptr : &it->second;
}

namespace {

// The layers GDAL's OSM driver makes that the district uses (osmconf.ini's defaults).
const std::vector<std::string> kOsmLayers = {"points", "lines", "multipolygons"};

struct LayerPlan {
  OGRLayer* layer = nullptr;
  VectorLayer out;
  ToLocal to_local;
  bool swap_xy = false;       // the data stores (lat, lon) / (northing, easting)
  bool must_have_features = true;
  std::int64_t seen = 0;      // features read, kept or not
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

// Whether the first coordinate of the data is the northing / latitude. GDAL 3 drivers mostly
// declare the traditional GIS order (OAMS_TRADITIONAL_GIS_ORDER); honour the mapping either way.
bool data_is_north_first(const OGRSpatialReference& srs) {
  const std::vector<int>& m = srs.GetDataAxisToSRSAxisMapping();
  const bool srs_north_first = srs.EPSGTreatsAsLatLong() || srs.EPSGTreatsAsNorthingEasting();
  const bool data_x_is_srs_axis1 = m.empty() || std::abs(m[0]) == 1;
  return data_x_is_srs_axis1 == srs_north_first;
}

void read_feature(OGRFeature& f, LayerPlan& plan, bool repair) {
  ++plan.seen;
  Feature out;
  out.fid = f.GetFID();
  auto issue = [&](std::string reason, bool repaired) {
    plan.out.issues.push_back({plan.out.source, plan.out.name, out.fid, std::move(reason), repaired});
  };
  for (int i = 0; i < f.GetFieldCount(); ++i) {
    if (!f.IsFieldSetAndNotNull(i)) continue;
    const std::string name = f.GetFieldDefnRef(i)->GetNameRef();
    if (name == "other_tags") {
      for (auto& [k, v] : parse_osm_other_tags(f.GetFieldAsString(i))) out.attrs.emplace(k, v);  // fields win
    } else {
      out.attrs[name] = f.GetFieldAsString(i);
    }
  }
  const OGRGeometry* g = f.GetGeometryRef();
  if (!g || g->IsEmpty()) return issue("no geometry, skipped", false);
  std::unique_ptr<OGRGeometry> local(g->hasCurveGeometry() ? g->getLinearGeometry() : g->clone());
  if (!local || !detail::transform_in_place(*local, plan.to_local, plan.swap_xy))
    return issue("transform into the district CRS failed, skipped", false);

  detail::GeometryNotes notes;
  detail::append_geometry(*local, repair, out, notes);
  if (out.point_z.size() != out.points.size()) out.point_z.clear();  // some points without z
  if (out.polygons.empty() && out.lines.empty() && out.points.empty())
    return issue((notes.reasons.empty() ? "no usable geometry" : joined(notes.reasons)) + ", skipped", false);
  if (!notes.reasons.empty()) issue(joined(notes.reasons), true);
  plan.out.features.push_back(std::move(out));
}

}  // namespace

Result<std::vector<VectorLayer>> read_vector(const std::filesystem::path& path, const LocalFrame& frame,
                                             const VectorReadOptions& options) {
  using R = Result<std::vector<VectorLayer>>;
  detail::register_gdal_drivers();
  detail::GdalMessages messages;
  const std::string file = path.string();
  GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    return R::failure({file}, "cannot open as a vector file (unreadable, or not a format GDAL knows): " +
                                  messages.last_error("no such file or unknown format"));
  if (ds->GetLayerCount() == 0) return R::failure({file}, "file has no layers");
  const bool osm = std::string(ds->GetDriver()->GetDescription()) == "OSM";

  std::vector<std::string> names = options.layers;
  const bool all_layers = names.empty();
  if (all_layers) {
    if (osm) names = kOsmLayers;
    else
      for (OGRLayer* l : ds->GetLayers()) names.emplace_back(l->GetName());
  }

  ErrorList errors;
  std::vector<LayerPlan> plans;
  for (const std::string& name : names) {
    OGRLayer* layer = ds->GetLayerByName(name.c_str());
    if (!layer) {
      errors.add({file}, "no layer '" + name + "' in the file");
      continue;
    }
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (!srs) {
      errors.add({file}, "layer '" + name + "' has no CRS (a .prj / crs member is needed)");
      continue;
    }
    const std::string wkt = detail::srs_to_wkt2(OGRSpatialReference::ToHandle(const_cast<OGRSpatialReference*>(srs)));
    Result<ToLocal> to_local = ToLocal::create(wkt, frame);
    if (!to_local) {
      errors.add({file}, "layer '" + name + "': " + to_local.errors().items().front().message);
      continue;
    }
    LayerPlan plan{layer, {}, std::move(*to_local), data_is_north_first(*srs),
                    !(osm && all_layers) && !options.allow_empty_layers, 0};
    plan.out.name = name;
    plan.out.source = file;
    plan.out.crs_name = crs_name(wkt);
    plans.push_back(std::move(plan));
  }
  if (!errors.empty()) return errors;

  if (osm) {
    // The OSM driver parses the file once for all layers: read features in file order.
    OGRLayer* from = nullptr;
    while (OGRFeatureUniquePtr f{ds->GetNextFeature(&from, nullptr, nullptr, nullptr)}) {
      const auto it = std::find_if(plans.begin(), plans.end(), [&](const LayerPlan& p) { return p.layer == from; });
      if (it != plans.end()) read_feature(*f, *it, options.repair_invalid);
    }
  } else {
    for (LayerPlan& plan : plans) {
      plan.layer->ResetReading();
      while (OGRFeatureUniquePtr f{plan.layer->GetNextFeature()}) read_feature(*f, plan, options.repair_invalid);
    }
  }

  std::vector<VectorLayer> layers;
  for (LayerPlan& plan : plans) {
    if (plan.seen == 0 && plan.must_have_features) errors.add({file}, "layer '" + plan.out.name + "' is an empty layer");
    layers.push_back(std::move(plan.out));
  }
  if (!errors.empty()) return errors;
  return layers;
}

// OSM's other_tags is an hstore literal: "k"=>"v","k2"=>"v2", with \" and \\ escaped inside the
// quotes (GDAL's OSM driver, ogrosmdatasource.cpp). Stops at the first malformed pair.
std::map<std::string, std::string> parse_osm_other_tags(const std::string& hstore) {
  std::map<std::string, std::string> tags;
  std::size_t i = 0;
  const std::size_t n = hstore.size();
  auto skip_space = [&] {
    while (i < n && (hstore[i] == ' ' || hstore[i] == ',' || hstore[i] == '\t' || hstore[i] == '\n')) ++i;
  };
  auto quoted = [&](std::string& out) {
    if (i >= n || hstore[i] != '"') return false;
    ++i;
    out.clear();
    while (i < n && hstore[i] != '"') {
      if (hstore[i] == '\\' && i + 1 < n) ++i;
      out += hstore[i++];
    }
    if (i >= n) return false;  // unterminated
    ++i;
    return true;
  };
  std::string key, value;
  while (true) {
    skip_space();
    if (i >= n || !quoted(key)) break;
    while (i < n && hstore[i] == ' ') ++i;
    if (hstore.compare(i, 2, "=>") != 0) break;
    i += 2;
    while (i < n && hstore[i] == ' ') ++i;
    if (hstore.compare(i, 4, "NULL") == 0) {
      i += 4;
      continue;  // hstore's NULL value: the key has no value
    }
    if (!quoted(value)) break;
    tags[key] = value;
  }
  return tags;
}

}  // namespace dpt::geo
