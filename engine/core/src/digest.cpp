#include "dpt/core/digest.h"

#include <xxhash.h>

#include <cstdio>

namespace dpt {

Hasher::Hasher() : state_(XXH3_createState()) { XXH3_64bits_reset(static_cast<XXH3_state_t*>(state_)); }
Hasher::~Hasher() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }
void Hasher::bytes(const void* data, std::size_t n) { XXH3_64bits_update(static_cast<XXH3_state_t*>(state_), data, n); }
std::uint64_t Hasher::finish() const { return XXH3_64bits_digest(static_cast<const XXH3_state_t*>(state_)); }

std::uint64_t hash64(const void* data, std::size_t n) { return XXH3_64bits(data, n); }

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace dpt
