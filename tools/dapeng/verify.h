#pragma once
// The generator's own acceptance check: reload the written district with world::load_district
// and assert what issue 3 asks of it (counts, summit heights, one strongly connected road
// network, camera ids, land above and sea below 0 m). Prints one line per check.
#include <filesystem>

#include "dpt/world/district.h"

namespace dapeng {

// Returns the number of failed checks (0 = all good).
int verify_district(const std::filesystem::path& dir, const dpt::world::District& written);

}  // namespace dapeng
