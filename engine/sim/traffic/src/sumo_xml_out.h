#pragma once
// Private to engine/sim/traffic: the line builder and file shared by the SUMO-style XML writers
// (tripinfo_write.cpp, fcd_write.cpp). A record is built into one reusable string (its capacity
// kept between records, so no allocation once warm) and handed to stdio in one fwrite; numbers go
// through std::to_chars(fixed, precision), which prints what printf("%.*f") and SUMO's
// std::fixed/setprecision streams print (correctly rounded from the exact binary value), so
// the same double prints the same text in both programs.
#include <cstdio>
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt::sim::traffic::detail {

class SumoXmlFile {
 public:
  SumoXmlFile() = default;
  SumoXmlFile(const SumoXmlFile&) = delete;
  SumoXmlFile& operator=(const SumoXmlFile&) = delete;
  SumoXmlFile(SumoXmlFile&& o) noexcept { swap(o); }
  SumoXmlFile& operator=(SumoXmlFile&& o) noexcept {
    if (this != &o) {
      discard();
      swap(o);
    }
    return *this;
  }
  ~SumoXmlFile() { discard(); }

  // Opens `path` for writing and writes the XML declaration, a comment (when not empty) and the
  // root's opening tag `<root xmlns:xsi=... xsi:noNamespaceSchemaLocation="...xsd/<schema>">`.
  Result<bool> open(const std::string& path, std::string_view root, std::string_view schema,
                    std::string_view comment, int precision);
  // Writes `</root>`, flushes and closes; an error names the file when any write failed.
  Result<bool> close();
  // Closes without the closing tag and without reporting (destructor, moved-over writer).
  void discard();
  bool is_open() const { return file_ != nullptr; }

  // The record under construction.
  void begin_line(std::string_view text) { line_.assign(text); }
  void text(std::string_view s) { line_.append(s); }  // verbatim
  void escaped(std::string_view s) { append_escaped(s); }
  void attr(std::string_view name, std::string_view value);  // value XML-escaped
  void attr(std::string_view name, double value);             // "%.{precision}f"
  void attr(std::string_view name, long long value);
  void end_line(std::string_view text);                       // appends text + '\n', writes

 private:
  void swap(SumoXmlFile& o) noexcept;
  void append_escaped(std::string_view s);
  void write_raw(std::string_view s);

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string root_;
  std::string line_;
  int precision_ = 2;
  bool failed_ = false;
};

}  // namespace dpt::sim::traffic::detail
