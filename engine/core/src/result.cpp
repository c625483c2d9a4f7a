#include "dpt/core/result.h"

#include <algorithm>
#include <tuple>

namespace dpt {

std::string SourceLoc::to_string() const {
  if (file.empty() && line == 0) return "<unknown>";
  std::string s = file.empty() ? "<input>" : file;
  if (line > 0) {
    s += ':' + std::to_string(line);
    if (column > 0) s += ':' + std::to_string(column);
  }
  return s;
}

std::string Error::to_string() const { return where.to_string() + ": error: " + message; }

void ErrorList::add(SourceLoc where, std::string message) {
  errors_.push_back(Error{std::move(where), std::move(message)});
}

void ErrorList::append(const ErrorList& other) {
  errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
}

void ErrorList::sort_by_location() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
  });
}

std::string ErrorList::to_string() const {
  std::string s;
  for (const Error& e : errors_) {
    s += e.to_string();
    s += '\n';
  }
  return s;
}

}  // namespace dpt
