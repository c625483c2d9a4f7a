#pragma once
// Attribute reading for the .net.xml reader: numbers, shapes and lists with errors that name the
// file and line of the element (pugixml gives byte offsets; LineTable turns them into lines).
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic::detail {

// Byte offset -> 1-based line and column, by binary search over the offsets of line starts.
class LineTable {
 public:
  explicit LineTable(std::string_view text);
  SourceLoc locate(const std::string& file, std::ptrdiff_t offset) const;

 private:
  std::vector<std::size_t> starts_;
};

// One reading pass over a document: where errors go and how to name a node's position.
struct FieldReader {
  const std::string& file;
  const LineTable& lines;
  ErrorList& errors;

  SourceLoc where(const pugi::xml_node& n) const { return lines.locate(file, n.offset_debug()); }
  void error(const pugi::xml_node& n, std::string message) const { errors.add(where(n), std::move(message)); }

  // A required attribute's text; nullptr (and an error) when it is missing.
  const char* required(const pugi::xml_node& n, const char* name) const;
  // An optional attribute's text; nullptr when absent.
  static const char* optional(const pugi::xml_node& n, const char* name);

  // Numbers: false (and an error naming the attribute and the text) when malformed.
  bool real(const pugi::xml_node& n, const char* name, const char* text, double& out) const;
  bool integer(const pugi::xml_node& n, const char* name, const char* text, std::int64_t& out) const;
  bool required_real(const pugi::xml_node& n, const char* name, double& out) const;
  bool required_index(const pugi::xml_node& n, const char* name, std::uint32_t& out) const;
  // Optional numbers keep `out` when the attribute is absent.
  bool optional_real(const pugi::xml_node& n, const char* name, double& out) const;

  // "x,y x,y ..." (a third coordinate, z, is accepted and dropped), appended to `points`.
  bool shape(const pugi::xml_node& n, const char* name, const char* text, std::vector<Point2>& points) const;
};

// Splits SUMO's space-separated id lists ("a_0 b_0").
std::vector<std::string_view> split_spaces(std::string_view s);

// SUMO's request bit strings: the highest link first, so character i is link (n - 1 - i).
// false when a character is not 0/1 or the length is not n.
bool parse_request_bits(std::string_view s, std::uint32_t n, std::uint64_t* row);

}  // namespace dpt::sim::traffic::detail
