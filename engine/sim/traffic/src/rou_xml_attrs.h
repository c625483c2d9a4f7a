#pragma once
// Attribute parsing for the .rou.xml reader (private to the module): numbers, SUMO times, the
// depart / arrival keywords, each reporting errors with the file and the line of the element.
#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/demand.h"

namespace dpt::sim::traffic::rou_detail {

// Byte offset -> 1-based line number of one XML buffer.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(std::ptrdiff_t offset) const;

 private:
  std::vector<std::ptrdiff_t> newlines_;
};

// Reads attributes of elements of one file and collects what is wrong with them.
class AttrReader {
 public:
  AttrReader(std::string file, const LineIndex& lines, ErrorList& errors)
      : file_(std::move(file)), lines_(lines), errors_(errors) {}

  int line(const pugi::xml_node& n) const { return lines_.line_of(n.offset_debug()); }
  void error(const pugi::xml_node& n, std::string message) const;
  const std::string& file() const { return file_; }

  // The attribute's text, or nullptr when absent.
  static const char* get(const pugi::xml_node& n, const char* name);
  // A required attribute: nullptr (and an error) when absent or empty.
  const char* required(const pugi::xml_node& n, const char* name) const;
  // A number; false (and an error) when the text is not one. `what` names the element.
  bool number(const pugi::xml_node& n, const char* name, double& out) const;
  // Like number(), but the value must be > 0 (or >= 0 with allow_zero).
  bool positive(const pugi::xml_node& n, const char* name, double& out, bool allow_zero = false) const;
  // A SUMO time: seconds ("12", "12.5") or "h:m:s" / "d:h:m:s"; rounded to SUMO's milliseconds.
  bool time(const pugi::xml_node& n, const char* name, Duration& out) const;
  // A whole number >= 0.
  bool count(const pugi::xml_node& n, const char* name, std::int64_t& out) const;
  // A space-separated list of ids.
  static std::vector<std::string> split_ids(std::string_view text);
  // departLane, departPos, departSpeed, arrivalPos (whichever are present).
  void depart_attrs(const pugi::xml_node& n, DepartAttrs& out) const;
  // `<tag id="...">` for messages.
  static std::string describe(const pugi::xml_node& n);

 private:
  std::string file_;
  const LineIndex& lines_;
  ErrorList& errors_;
};

// A <vType> element with id `id` (rou_xml_vtype.cpp); problems go to the reader's error list.
VTypeDef read_vtype_element(const AttrReader& r, const pugi::xml_node& n, const char* id);

// Text -> number without locale or trailing junk.
bool parse_number(std::string_view text, double& out);
// SUMO time text -> seconds; false when it is not a time.
bool parse_sumo_seconds(std::string_view text, double& out);
// speedFactor="1.1" (the mean only; the deviation stays, as in SUMO) or "normc(mean,dev[,min,max])" / "norm(mean,dev)"
// (SUMO's distribution syntax); false when the text is neither.
bool parse_speed_factor(std::string_view text, VehicleType& t);
// carFollowModel name -> what we do with it ("" is SUMO's default, Krauss).
CarFollowModel car_follow_model_of(std::string_view name);
// Seconds -> Duration rounded to whole milliseconds (SUMO's TIME2STEPS).
Duration sumo_ms(double seconds);

}  // namespace dpt::sim::traffic::rou_detail
