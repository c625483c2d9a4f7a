// Site kinds as the names used in files (district.gpkg, scenarios).
#include "dpt/world/sites.h"

#include <array>

namespace dpt::world {

namespace {
constexpr std::array<const char*, 7> kSiteKindNames = {"hazmat",     "beach",      "shelter", "hospital",
                                                       "checkpoint", "industrial", "place"};
}

const char* to_string(SiteKind k) {
  const auto i = static_cast<std::size_t>(k);
  return i < kSiteKindNames.size() ? kSiteKindNames[i] : "place";
}

bool site_kind_from_string(const std::string& s, SiteKind& out) {
  for (std::size_t i = 0; i < kSiteKindNames.size(); ++i)
    if (s == kSiteKindNames[i]) {
      out = static_cast<SiteKind>(i);
      return true;
    }
  return false;
}

}  // namespace dpt::world
