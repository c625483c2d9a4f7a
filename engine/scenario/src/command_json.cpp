// Commands <-> JSON, for the recording: a replay re-applies exactly the commands a run applied.
#include <nlohmann/json.hpp>

#include "dpt/scenario/simulation.h"

namespace dpt::scenario {
namespace {

nlohmann::ordered_json to_json(const ConfigValue& v) {
  switch (v.kind) {
    case ConfigValue::Kind::boolean: return v.boolean;
    case ConfigValue::Kind::integer: return v.integer;
    case ConfigValue::Kind::floating: return v.floating;
    case ConfigValue::Kind::string:
    case ConfigValue::Kind::datetime: return v.text;
    case ConfigValue::Kind::array: {
      auto a = nlohmann::ordered_json::array();
      for (const ConfigValue& i : v.items) a.push_back(to_json(i));
      return a;
    }
    case ConfigValue::Kind::table: {
      auto o = nlohmann::ordered_json::object();
      for (const auto& [k, i] : v.fields) o[k] = to_json(i);
      return o;
    }
  }
  return nullptr;
}

bool from_json(const nlohmann::ordered_json& j, ConfigValue& v) {
  if (j.is_boolean()) {
    v.kind = ConfigValue::Kind::boolean;
    v.boolean = j.get<bool>();
  } else if (j.is_number_integer()) {
    v.kind = ConfigValue::Kind::integer;
    v.integer = j.get<std::int64_t>();
  } else if (j.is_number_float()) {
    v.kind = ConfigValue::Kind::floating;
    v.floating = j.get<double>();
  } else if (j.is_string()) {
    v.kind = ConfigValue::Kind::string;
    v.text = j.get<std::string>();
  } else if (j.is_array()) {
    v.kind = ConfigValue::Kind::array;
    for (const auto& i : j) {
      ConfigValue c;
      if (!from_json(i, c)) return false;
      v.items.push_back(std::move(c));
    }
  } else if (j.is_object()) {
    v.kind = ConfigValue::Kind::table;
    for (const auto& [k, i] : j.items()) {
      ConfigValue c;
      if (!from_json(i, c)) return false;
      v.fields.emplace_back(k, std::move(c));
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string command_to_json(const Command& c) {
  nlohmann::ordered_json j;
  j["t_us"] = c.t_us;
  j["command"] = c.name;
  j["source"] = c.source;
  j["args"] = to_json(c.args);
  return j.dump();
}

Result<Command> command_from_json(const std::string& text) {
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("command") || !j["command"].is_string() || !j.contains("args") ||
      !j["args"].is_object() || !j.contains("t_us") || !j["t_us"].is_number_integer() ||
      (j.contains("source") && !j["source"].is_string()))
    return Result<Command>::failure({}, "malformed command in recording: " + text.substr(0, 200));
  Command c;
  c.t_us = j["t_us"].get<std::int64_t>();
  c.name = j["command"].get<std::string>();
  c.source = j.value("source", "recording");
  if (!from_json(j["args"], c.args)) return Result<Command>::failure({}, "malformed command arguments in recording");
  c.args.loc = SourceLoc{"recording", 0, 0};
  return c;
}

}  // namespace dpt::scenario
