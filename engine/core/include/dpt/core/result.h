#pragma once
// Errors as results (after cesium-native): a loader never throws through a module boundary; it
// returns a Result holding either a value or an ErrorList naming file, line and what was expected.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dpt {

// Where something came from: a file and a 1-based line and column (0 = unknown).
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;

  std::string to_string() const;  // "file:line:col", "file:line", "file" or "<unknown>"
};

struct Error {
  SourceLoc where;
  std::string message;

  std::string to_string() const;  // "file:line:col: error: message"
};

// Collects every problem of one pass, so that a user sees all of them at once.
class ErrorList {
 public:
  void add(SourceLoc where, std::string message);
  void add(Error e) { errors_.push_back(std::move(e)); }
  void append(const ErrorList& other);

  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  const std::vector<Error>& items() const { return errors_; }
  auto begin() const { return errors_.begin(); }
  auto end() const { return errors_.end(); }

  std::string to_string() const;  // one error per line
  // Orders errors by file, then line and column (stable; errors without a line come first).
  void sort_by_location();

 private:
  std::vector<Error> errors_;
};

// Either a value or the errors that prevented it.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(ErrorList errors) : v_(std::move(errors)) {}  // NOLINT
  static Result failure(SourceLoc where, std::string message) {
    ErrorList e;
    e.add(std::move(where), std::move(message));
    return Result(std::move(e));
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const ErrorList& errors() const { return std::get<1>(v_); }

 private:
  std::variant<T, ErrorList> v_;
};

}  // namespace dpt
