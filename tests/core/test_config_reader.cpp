#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "dpt/core/config_reader.h"

using namespace dpt;
namespace fs = std::filesystem;

namespace {
ConfigValue parse(const char* text) {
  auto r = parse_toml(text, "s.toml");
  INFO((r ? "" : r.errors().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

const char* kDoc = R"(name = "tracer"
on = true
count = 12
ratio = 0.5
step = "10s"
start = 2018-09-16T09:00:00+08:00
start_text = "2018-09-16T01:00:00Z"
speed = "45 km/h"
mode = "fast"
origin = [114, 22.5]
data = "CMakeLists.txt"
[wind]
speed = "3 m/s"
[[sensor]]
id = 1
[[sensor]]
id = 2
)";
const fs::path kHere = fs::path(DPT_SOURCE_DIR) / "tests" / "core";
}  // namespace

TEST_CASE("every accessor reads a well-typed value") {
  const ConfigValue root = parse(kDoc);
  ErrorList errors;
  TableReader r(root, "[scenario]", errors, kHere);
  CHECK(r.string("name") == "tracer");
  CHECK(r.boolean("on") == true);
  CHECK(r.integer("count", Need::required, 1, 100) == 12);
  CHECK(r.number("ratio", Need::required, 0.0, 1.0) == 0.5);
  CHECK(r.number("count", Need::required, 0.0, 20.0) == 12.0);  // an integer is a number
  CHECK(r.duration("step") == Duration::seconds(10));
  const auto start = r.instant("start", Need::required);
  REQUIRE(start);
  CHECK(start->instant.us_since_unix == 1'537'059'600'000'000);
  CHECK(start->offset_minutes == 480);
  const auto start_text = r.instant("start_text");
  REQUIRE(start_text);
  CHECK(start_text->instant == start->instant);
  CHECK(r.quantity("speed", Dimension::speed) == Approx(12.5));
  CHECK(r.choice("mode", {"slow", "fast"}) == "fast");
  CHECK(r.numbers("origin", 2) == std::vector<double>{114.0, 22.5});
  CHECK(r.file("data") == kHere / "CMakeLists.txt");
  const ConfigValue* wind = r.table("wind", Need::required);
  REQUIRE(wind != nullptr);
  CHECK(wind->find("speed") != nullptr);
  const auto sensors = r.tables("sensor");
  REQUIRE(sensors.size() == 2);
  CHECK(sensors[1]->find("id")->integer == 2);
  CHECK(r.path() == "[scenario]");
  CHECK(&r.node() == &root);
  r.finish();
  INFO(errors.to_string());
  CHECK(errors.empty());
}

TEST_CASE("optional keys may be absent, required ones may not") {
  const ConfigValue root = parse("present = 1\n");
  ErrorList errors;
  TableReader r(root, "[t]", errors);
  CHECK_FALSE(r.string("a"));
  CHECK_FALSE(r.boolean("b"));
  CHECK_FALSE(r.integer("c", Need::optional, 0, 1));
  CHECK_FALSE(r.duration("d"));
  CHECK_FALSE(r.file("f"));
  CHECK(r.table("g") == nullptr);
  CHECK(r.tables("h").empty());
  CHECK(r.raw("present") != nullptr);
  CHECK(errors.empty());

  CHECK_FALSE(r.string("name", Need::required));
  CHECK_FALSE(r.quantity("speed", Dimension::speed, Need::required));
  CHECK(r.table("wind", Need::required) == nullptr);
  r.finish();
  REQUIRE(errors.size() == 3);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("missing key 'name' in [t]"));
  CHECK_THAT(errors.items()[1].message, Catch::Contains("m/s, km/h"));
  CHECK_THAT(errors.items()[2].message, Catch::Contains("missing key 'wind'"));
  CHECK(errors.items()[0].where.line == 1);  // the table's own location
}

TEST_CASE("a wrong type is reported at the value's line") {
  const ConfigValue root = parse("a = 1\nb = \"x\"\nc = 2.5\nd = 90\ne = [1, 2]\nf = true\ng = 3\nh = 5\n");
  ErrorList errors;
  TableReader r(root, "[t]", errors);
  CHECK_FALSE(r.string("a"));
  CHECK_FALSE(r.boolean("b"));
  CHECK_FALSE(r.integer("c", Need::required, 0, 10));
  CHECK_FALSE(r.duration("d"));
  CHECK_FALSE(r.table("e"));
  CHECK_FALSE(r.number("f", Need::optional, 0, 1));
  CHECK_FALSE(r.instant("g"));
  CHECK(r.tables("h").empty());
  REQUIRE(errors.size() == 8);
  for (int i = 0; i < 8; ++i) CHECK(errors.items()[static_cast<std::size_t>(i)].where.line == i + 1);
  CHECK_THAT(errors.items()[0].message, Catch::StartsWith("'a' in [t] must be a string, not a") &&
                                            Catch::EndsWith("integer"));
  CHECK_THAT(errors.items()[2].message, Catch::Contains("an integer in [0, 10]"));
  CHECK_THAT(errors.items()[3].message, Catch::Contains("duration string"));
}

TEST_CASE("values of the right type but the wrong content are reported") {
  const ConfigValue root = parse(R"(n = 200
x = 1.5
d = "5m"
t = 2018-09-16T09:00:00
q = "12 m"
c = "medium"
v = [1, 2, 3]
w = [1, "two"]
)");
  ErrorList errors;
  TableReader r(root, "[t]", errors);
  CHECK_FALSE(r.integer("n", Need::required, 0, 100));
  CHECK_FALSE(r.number("x", Need::required, 0.0, 1.0));
  CHECK_FALSE(r.duration("d"));
  CHECK_FALSE(r.instant("t"));
  CHECK_FALSE(r.quantity("q", Dimension::speed));
  CHECK_FALSE(r.choice("c", {"slow", "fast"}));
  CHECK_FALSE(r.numbers("v", 2));
  CHECK_FALSE(r.numbers("w", 2));
  r.finish();
  REQUIRE(errors.size() == 8);
  for (int i = 0; i < 8; ++i) CHECK(errors.items()[static_cast<std::size_t>(i)].where.line == i + 1);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("is 200"));
  CHECK_THAT(errors.items()[2].message, Catch::Contains("ambiguous"));
  CHECK_THAT(errors.items()[3].message, Catch::Contains("no UTC offset"));
  CHECK_THAT(errors.items()[4].message, Catch::Contains("not a unit of speed"));
  CHECK_THAT(errors.items()[5].message, Catch::Contains("\"slow\", \"fast\""));
  CHECK_THAT(errors.items()[6].message, Catch::Contains("an array of 2 numbers"));
  CHECK(errors.items()[7].where.column == 9);  // the bad item, not the array
}

TEST_CASE("quantity() rejects a bare number and says it needs a unit") {
  const ConfigValue root = parse("speed = 12\nlength = 2.5\n");
  ErrorList errors;
  TableReader r(root, "[wind]", errors);
  CHECK_FALSE(r.quantity("speed", Dimension::speed, Need::required));
  CHECK_FALSE(r.quantity("length", Dimension::length, Need::required));
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("needs a unit") && Catch::Contains("\"12 m/s\""));
  CHECK_THAT(errors.items()[1].message, Catch::Contains("needs a unit") && Catch::Contains("m, km"));
  CHECK(errors.items()[1].where.line == 2);
}

TEST_CASE("file() resolves against base_dir and reports missing files") {
  const fs::path absolute = kHere / "CMakeLists.txt";
  const std::string doc = "rel = \"CMakeLists.txt\"\nabs = \"" + absolute.generic_string() +
                          "\"\nmissing = \"no_such_file.csv\"\nnum = 3\n";
  const ConfigValue root = parse(doc.c_str());
  ErrorList errors;
  TableReader r(root, "[data]", errors, kHere);
  CHECK(r.file("rel") == kHere / "CMakeLists.txt");
  CHECK(r.file("abs") == absolute);
  CHECK_FALSE(r.file("missing", Need::required));
  CHECK_FALSE(r.file("num"));
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("file not found") &&
                                            Catch::Contains((kHere / "no_such_file.csv").string()));
  CHECK(errors.items()[0].where.line == 3);
  CHECK(errors.items()[1].where.line == 4);

  ErrorList e2;
  TableReader no_base(root, "[data]", e2);  // relative to the working directory
  CHECK(no_base.file("abs") == absolute);
  CHECK(e2.empty());
}

TEST_CASE("file() refuses devices and other special files") {
  const ConfigValue root = parse("dev = \"/dev/zero\"\n");
  ErrorList errors;
  TableReader r(root, "[data]", errors);
  CHECK_FALSE(r.file("dev"));
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("not a regular file"));
  CHECK(errors.items()[0].where.line == 1);
}

TEST_CASE("finish() reports unknown keys with a suggestion") {
  const ConfigValue root = parse("duraton = \"2h\"\nseed = 1\nxyzzy = 0\n");
  ErrorList errors;
  TableReader r(root, "[scenario]", errors);
  CHECK_FALSE(r.duration("duration"));
  CHECK(r.integer("seed", Need::optional, 0, 10) == 1);
  r.finish();
  REQUIRE(errors.size() == 2);
  CHECK(errors.items()[0].message == "unknown key 'duraton' in [scenario]; did you mean 'duration'?");
  CHECK(errors.items()[0].where.line == 1);
  CHECK(errors.items()[1].message == "unknown key 'xyzzy' in [scenario] (known keys: duration, seed)");
  CHECK(errors.items()[1].where.line == 3);
}

TEST_CASE("all errors of a table come out in one pass") {
  const ConfigValue root = parse("sede = 7\nname = 5\nmap = \"missing.tif\"\n");
  ErrorList errors;
  TableReader r(root, "[scenario]", errors, kHere);
  r.integer("seed", Need::optional, 0, 100);
  r.string("name", Need::required);
  r.file("map", Need::required);
  r.finish();
  INFO(errors.to_string());
  REQUIRE(errors.size() == 3);
  CHECK_THAT(errors.items()[0].message, Catch::Contains("must be a string"));
  CHECK_THAT(errors.items()[1].message, Catch::Contains("file not found"));
  CHECK_THAT(errors.items()[2].message, Catch::Contains("did you mean 'seed'"));
  CHECK_THAT(errors.to_string(), Catch::Contains("s.toml:2:8: error:"));
}

TEST_CASE("edit_distance is the Levenshtein distance") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("seed", "seed") == 0);
  CHECK(edit_distance("sede", "seed") == 2);
  CHECK(edit_distance("duraton", "duration") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
}
