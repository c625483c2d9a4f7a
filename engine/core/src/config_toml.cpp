// The only translation unit that includes toml++ (it is a large header): TOML text -> ConfigValue.
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include "dpt/core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>

namespace dpt {
namespace {

SourceLoc loc_of(const toml::node& n, const std::string& file) {
  const auto& b = n.source().begin;
  return SourceLoc{file, static_cast<int>(b.line), static_cast<int>(b.column)};
}

std::string iso_text(const toml::date_time& dt) {
  char buf[80];
  const auto& d = dt.date;
  const auto& t = dt.time;
  int n = std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u", static_cast<unsigned>(d.year),
                        static_cast<unsigned>(d.month), static_cast<unsigned>(d.day), static_cast<unsigned>(t.hour),
                        static_cast<unsigned>(t.minute), static_cast<unsigned>(t.second));
  std::string s(buf, static_cast<std::size_t>(n));
  if (t.nanosecond != 0) {
    std::snprintf(buf, sizeof buf, ".%09u", static_cast<unsigned>(t.nanosecond));
    s += buf;
  }
  if (dt.offset) {
    const int m = dt.offset->minutes;
    if (m == 0) {
      s += 'Z';
    } else {
      const int a = m < 0 ? -m : m;
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", m < 0 ? '-' : '+', a / 60, a % 60);
      s += buf;
    }
  }
  return s;
}

ConfigValue convert(const toml::node& n, const std::string& file) {
  ConfigValue v;
  v.loc = loc_of(n, file);
  switch (n.type()) {
    case toml::node_type::table: {
      v.kind = ConfigValue::Kind::table;
      for (const auto& [k, child] : *n.as_table()) v.fields.emplace_back(std::string(k.str()), convert(child, file));
      // toml++ keeps keys sorted; put them back in file order.
      std::stable_sort(v.fields.begin(), v.fields.end(), [](const auto& a, const auto& b) {
        return std::pair(a.second.loc.line, a.second.loc.column) < std::pair(b.second.loc.line, b.second.loc.column);
      });
      break;
    }
    case toml::node_type::array: {
      v.kind = ConfigValue::Kind::array;
      for (const auto& child : *n.as_array()) v.items.push_back(convert(child, file));
      break;
    }
    case toml::node_type::string:
      v.kind = ConfigValue::Kind::string;
      v.text = n.as_string()->get();
      break;
    case toml::node_type::integer:
      v.kind = ConfigValue::Kind::integer;
      v.integer = n.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      v.kind = ConfigValue::Kind::floating;
      v.floating = n.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      v.kind = ConfigValue::Kind::boolean;
      v.boolean = n.as_boolean()->get();
      break;
    case toml::node_type::date_time:
      v.kind = ConfigValue::Kind::datetime;
      v.text = iso_text(n.as_date_time()->get());
      break;
    case toml::node_type::date:
    case toml::node_type::time:
    default:
      // A bare date or time of day is not an instant; keep it as text so validation can say so.
      v.kind = ConfigValue::Kind::datetime;
      v.text = n.type() == toml::node_type::date ? "date-only value" : "time-only value";
      break;
  }
  return v;
}

}  // namespace

std::string_view kind_name(ConfigValue::Kind k) {
  switch (k) {
    case ConfigValue::Kind::boolean: return "boolean";
    case ConfigValue::Kind::integer: return "integer";
    case ConfigValue::Kind::floating: return "number";
    case ConfigValue::Kind::string: return "string";
    case ConfigValue::Kind::datetime: return "date-time";
    case ConfigValue::Kind::array: return "array";
    case ConfigValue::Kind::table: return "table";
  }
  return "value";
}

const ConfigValue* ConfigValue::find(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

ConfigValue* ConfigValue::find(std::string_view key) {
  for (auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

Result<ConfigValue> parse_toml(std::string_view text, const std::string& file) {
  toml::parse_result r = toml::parse(text, std::string_view(file));
  if (!r) {
    const toml::parse_error& e = r.error();
    const auto& b = e.source().begin;
    return Result<ConfigValue>::failure(SourceLoc{file, static_cast<int>(b.line), static_cast<int>(b.column)},
                                        "TOML syntax: " + std::string(e.description()));
  }
  ConfigValue root = convert(r.table(), file);
  root.loc = SourceLoc{file, 1, 1};
  return root;
}

Result<bool> apply_override(ConfigValue& root, std::string_view assignment) {
  const std::string where = "--set " + std::string(assignment);
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return Result<bool>::failure(SourceLoc{where, 0, 0}, "expected key=value, e.g. --set scenario.seed=7");
  const std::string_view key = assignment.substr(0, eq);
  const std::string_view value_text = assignment.substr(eq + 1);
  // Checked before anything is created, so that a failed override leaves the tree as it was.
  if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string_view::npos)
    return Result<bool>::failure(SourceLoc{where, 0, 0}, "empty key segment in '" + std::string(key) + "'");

  ConfigValue value;
  {
    std::string doc = "v = ";
    doc += value_text;
    toml::parse_result r = toml::parse(doc, std::string_view(where));
    if (r && r.table().contains("v") && r.table().size() == 1) {
      value = convert(*r.table().get("v"), where);
    } else {
      value.kind = ConfigValue::Kind::string;
      value.text = std::string(value_text);
    }
  }
  value.loc = SourceLoc{where, 0, 0};

  ConfigValue* node = &root;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const std::string part(key.substr(start, dot == std::string_view::npos ? key.size() - start : dot - start));
    if (part.empty()) return Result<bool>::failure(SourceLoc{where, 0, 0}, "empty key segment in '" + std::string(key) + "'");
    if (node->kind != ConfigValue::Kind::table)
      return Result<bool>::failure(SourceLoc{where, 0, 0}, "'" + std::string(key.substr(0, start ? start - 1 : 0)) +
                                                               "' is a " + std::string(kind_name(node->kind)) +
                                                               ", not a table");
    ConfigValue* child = node->find(part);
    if (dot == std::string_view::npos) {
      if (child) *child = std::move(value);
      else node->fields.emplace_back(part, std::move(value));
      return true;
    }
    if (!child) {
      ConfigValue t;
      t.kind = ConfigValue::Kind::table;
      t.loc = SourceLoc{where, 0, 0};
      node->fields.emplace_back(part, std::move(t));
      child = &node->fields.back().second;
    }
    node = child;
    start = dot + 1;
  }
}

}  // namespace dpt
