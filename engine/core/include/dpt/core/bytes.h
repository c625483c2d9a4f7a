#pragma once
// Little-endian binary encoding for recordings and snapshots. The reader never reads past its
// buffer: a short or damaged buffer makes it fail (ok() == false), it does not crash.
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dpt {

static_assert(std::endian::native == std::endian::little, "dptwin's binary formats assume a little-endian host");

class ByteWriter {
 public:
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void put(const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    buf_.insert(buf_.end(), p, p + sizeof v);
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void put_array(std::span<const T> v) {
    put<std::uint64_t>(v.size());
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
    buf_.insert(buf_.end(), p, p + v.size_bytes());
  }
  void put_string(std::string_view s) {
    put<std::uint64_t>(s.size());
    buf_.insert(buf_.end(), s.begin(), s.end());
  }
  const std::vector<std::uint8_t>& data() const { return buf_; }
  std::vector<std::uint8_t>& data() { return buf_; }
  void clear() { buf_.clear(); }

 private:
  std::vector<std::uint8_t> buf_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

  template <class T>
    requires std::is_trivially_copyable_v<T>
  bool get(T& v) {
    if (!ok_ || data_.size() - pos_ < sizeof v) return ok_ = false;
    std::memcpy(&v, data_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  bool get_array(std::vector<T>& v, std::uint64_t max_count) {
    std::uint64_t n = 0;
    if (!get(n) || n > max_count || (data_.size() - pos_) / sizeof(T) < n) return ok_ = false;
    v.resize(n);
    if (n != 0) std::memcpy(v.data(), data_.data() + pos_, n * sizeof(T));  // memcpy(nullptr, ..., 0) is UB
    pos_ += n * sizeof(T);
    return true;
  }
  bool get_string(std::string& s) {
    std::uint64_t n = 0;
    if (!get(n) || data_.size() - pos_ < n) return ok_ = false;
    s.assign(reinterpret_cast<const char*>(data_.data() + pos_), n);
    pos_ += n;
    return true;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  std::size_t position() const { return pos_; }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace dpt
