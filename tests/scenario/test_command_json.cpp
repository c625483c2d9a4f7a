// Commands <-> JSON (the recording's form): a round trip keeps everything a replay needs, and
// malformed text is rejected.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "dpt/scenario/simulation.h"

using namespace dpt;
using dpt::scenario::Command;

namespace {

// Structural equality of two config values (locations aside).
bool same(const ConfigValue& a, const ConfigValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ConfigValue::Kind::boolean: return a.boolean == b.boolean;
    case ConfigValue::Kind::integer: return a.integer == b.integer;
    case ConfigValue::Kind::floating: return a.floating == b.floating;
    case ConfigValue::Kind::string:
    case ConfigValue::Kind::datetime: return a.text == b.text;
    case ConfigValue::Kind::array:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same(a.items[i], b.items[i])) return false;
      return true;
    case ConfigValue::Kind::table:
      if (a.fields.size() != b.fields.size()) return false;
      for (std::size_t i = 0; i < a.fields.size(); ++i)
        if (a.fields[i].first != b.fields[i].first || !same(a.fields[i].second, b.fields[i].second)) return false;
      return true;
  }
  return false;
}

Command sample_command() {
  auto doc = parse_toml(R"(speed = "2.5 m/s"
from_deg = 135
ratio = 0.125
big = -9007199254740993
on = true
text = "quote \" and unicode: 大鹏"
list = [1, 2.5, "three", [true]]
[nested]
a = 1
[nested.deeper]
b = "x"
)",
                        "cmd.toml");
  REQUIRE(doc.ok());
  Command c;
  c.t_us = 3'600'000'000;
  c.name = "wind.set";
  c.source = "console";
  c.args = *doc;
  return c;
}

}  // namespace

TEST_CASE("command_to_json / command_from_json round trip") {
  const Command c = sample_command();
  const std::string json = scenario::command_to_json(c);
  CHECK(json.rfind(R"({"t_us":3600000000,"command":"wind.set","source":"console","args":{"speed":"2.5 m/s",)", 0) == 0);

  auto back = scenario::command_from_json(json);
  INFO((back ? std::string() : back.errors().to_string()));
  REQUIRE(back.ok());
  CHECK(back->t_us == c.t_us);
  CHECK(back->name == c.name);
  CHECK(back->source == c.source);
  CHECK(same(back->args, c.args));
  CHECK(back->args.find("big")->integer == -9007199254740993LL);  // no loss through a double
  CHECK(back->args.find("ratio")->kind == ConfigValue::Kind::floating);
  CHECK(back->args.find("from_deg")->kind == ConfigValue::Kind::integer);
  CHECK(back->args.loc.file == "recording");
  // And the JSON of the copy is the same text.
  CHECK(scenario::command_to_json(*back) == json);
}

TEST_CASE("command_from_json: the source defaults, args may be empty") {
  auto c = scenario::command_from_json(R"({"t_us":0,"command":"wind.clear","args":{}})");
  REQUIRE(c.ok());
  CHECK(c->source == "recording");
  CHECK(c->name == "wind.clear");
  CHECK(c->args.kind == ConfigValue::Kind::table);
  CHECK(c->args.fields.empty());
}

TEST_CASE("command_from_json rejects malformed text") {
  for (const char* text : {"", "not json", "[]", "{}", "null", R"({"t_us":0,"command":"wind.set"})",
                           R"({"t_us":0,"args":{}})", R"({"command":"wind.set","args":{}})",
                           R"({"t_us":1.5,"command":"wind.set","args":{}})", R"({"t_us":"0","command":"wind.set","args":{}})",
                           R"({"t_us":0,"command":7,"args":{}})", R"({"t_us":0,"command":"wind.set","args":[]})",
                           R"({"t_us":0,"command":"wind.set","args":{"speed":null}})",
                           R"({"t_us":0,"command":"wind.set","args":{"list":[1,null]}})",
                           R"({"t_us":0,"command":"wind.set","args":{}} trailing)"}) {
    INFO(text);
    auto c = scenario::command_from_json(text);
    CHECK_FALSE(c.ok());
    if (!c.ok()) CHECK(c.errors().items()[0].message.find("malformed command") != std::string::npos);
  }
}

TEST_CASE("command_from_json: a source that is not a string is rejected, not thrown") {
  std::optional<Result<Command>> c;
  CHECK_NOTHROW(c.emplace(scenario::command_from_json(R"({"t_us":0,"command":"wind.clear","source":7,"args":{}})")));
  REQUIRE(c.has_value());
  CHECK_FALSE(c->ok());
}
