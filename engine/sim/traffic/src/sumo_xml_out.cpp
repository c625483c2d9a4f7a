// The line builder and file behind the SUMO-style XML writers (see sumo_xml_out.h).
#include "sumo_xml_out.h"

#include <charconv>
#include <utility>

namespace dpt::sim::traffic::detail {

namespace {
constexpr std::size_t kLineReserve = 1024;       // a tripinfo line is about 450 characters
constexpr std::size_t kStdioBuffer = 1u << 20;   // large writes: FCD of a big network is GBs
}  // namespace

Result<bool> SumoXmlFile::open(const std::string& path, std::string_view root, std::string_view schema,
                               std::string_view comment, int precision) {
  discard();
  if (precision < 0 || precision > 9) {
    return Result<bool>::failure(SourceLoc{path, 0, 0}, "output precision must be 0..9, got " + std::to_string(precision));
  }
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) return Result<bool>::failure(SourceLoc{path, 0, 0}, "cannot open the file for writing");
  std::setvbuf(file_, nullptr, _IOFBF, kStdioBuffer);
  path_ = path;
  root_.assign(root);
  precision_ = precision;
  failed_ = false;
  line_.reserve(kLineReserve);
  write_raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n");
  if (!comment.empty()) {
    // "--" may not appear inside an XML comment: write it as "- -".
    std::string c;
    c.reserve(comment.size());
    for (char ch : comment) {
      if (ch == '-' && !c.empty() && c.back() == '-') c.push_back(' ');
      c.push_back(ch);
    }
    if (!c.empty() && c.back() == '-') c.push_back(' ');
    write_raw("<!-- ");
    write_raw(c);
    write_raw(" -->\n\n");
  }
  begin_line("<");
  text(root);
  text(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"http://sumo.dlr.de/xsd/");
  text(schema);
  end_line("\">");
  return true;
}

Result<bool> SumoXmlFile::close() {
  if (!file_) return Result<bool>::failure(SourceLoc{path_, 0, 0}, "the output file is not open");
  begin_line("</");
  text(root_);
  end_line(">");
  bool ok = !failed_ && std::fflush(file_) == 0 && !std::ferror(file_);
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) return Result<bool>::failure(SourceLoc{path_, 0, 0}, "write failed (disk full or file system error)");
  return true;
}

void SumoXmlFile::discard() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
}

void SumoXmlFile::swap(SumoXmlFile& o) noexcept {
  std::swap(file_, o.file_);
  path_.swap(o.path_);
  root_.swap(o.root_);
  line_.swap(o.line_);
  std::swap(precision_, o.precision_);
  std::swap(failed_, o.failed_);
}

void SumoXmlFile::append_escaped(std::string_view s) {
  for (char ch : s) {
    switch (ch) {
      case '&': line_.append("&amp;"); break;
      case '<': line_.append("&lt;"); break;
      case '>': line_.append("&gt;"); break;
      case '"': line_.append("&quot;"); break;
      case '\'': line_.append("&apos;"); break;
      default: line_.push_back(ch);
    }
  }
}

void SumoXmlFile::attr(std::string_view name, std::string_view value) {
  line_.push_back(' ');
  line_.append(name);
  line_.append("=\"");
  append_escaped(value);
  line_.push_back('"');
}

void SumoXmlFile::attr(std::string_view name, double value) {
  // std::to_chars(fixed, precision) prints what printf("%.*f") prints (the C++ standard defines it
  // so), several times faster than snprintf. 352 characters hold any finite double.
  char buf[352];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, precision_);
  line_.push_back(' ');
  line_.append(name);
  line_.append("=\"");
  if (r.ec == std::errc()) line_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  line_.push_back('"');
}

void SumoXmlFile::attr(std::string_view name, long long value) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  line_.push_back(' ');
  line_.append(name);
  line_.append("=\"");
  line_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  line_.push_back('"');
}

void SumoXmlFile::end_line(std::string_view text) {
  line_.append(text);
  line_.push_back('\n');
  write_raw(line_);
}

void SumoXmlFile::write_raw(std::string_view s) {
  if (!file_ || s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) failed_ = true;
}

}  // namespace dpt::sim::traffic::detail
