#pragma once
// State digests: XXH3-64 over the bytes of a state's arrays. Two runs have the same state
// sequence exactly when their per-step digests match.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace dpt {

class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void bytes(const void* data, std::size_t n);
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void value(const T& v) {
    bytes(&v, sizeof v);
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void array(std::span<const T> v) {
    value<std::uint64_t>(v.size());
    bytes(v.data(), v.size_bytes());
  }
  void text(std::string_view s) {
    value<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  std::uint64_t finish() const;

 private:
  void* state_;
};

std::uint64_t hash64(const void* data, std::size_t n);
inline std::uint64_t hash64(std::string_view s) { return hash64(s.data(), s.size()); }
std::string hex64(std::uint64_t v);  // 16 lower-case hex digits

}  // namespace dpt
