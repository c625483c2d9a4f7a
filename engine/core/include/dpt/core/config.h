#pragma once
// Configuration documents (scenario files) as a small tree of our own, each value carrying where
// it was written. TOML is the text format (toml++ reads it, in one source file); everything else
// sees only this tree, so overrides (--set) and validation work the same on any source.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dpt/core/result.h"

namespace dpt {

struct ConfigValue {
  enum class Kind { boolean, integer, floating, string, datetime, array, table };

  Kind kind = Kind::table;
  SourceLoc loc;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0.0;
  std::string text;  // string; datetime as ISO 8601 text (without offset if the file had none)
  std::vector<ConfigValue> items;                             // array
  std::vector<std::pair<std::string, ConfigValue>> fields;    // table, in file order

  // Declared here and defaulted in config_toml.cpp: clang 14 with libstdc++ 12 (the fuzz preset)
  // fails to instantiate the implicit ones while pair<string, ConfigValue> is still incomplete.
  ConfigValue();
  ConfigValue(const ConfigValue&);
  ConfigValue(ConfigValue&&) noexcept;
  ConfigValue& operator=(const ConfigValue&);
  ConfigValue& operator=(ConfigValue&&) noexcept;
  ~ConfigValue();

  const ConfigValue* find(std::string_view key) const;
  ConfigValue* find(std::string_view key);
};

// "integer", "string", "table", ... for messages.
std::string_view kind_name(ConfigValue::Kind kind);
// The same with its article: "an integer", "a string".
std::string a_kind(ConfigValue::Kind kind);

// Parses TOML text; `file` names it in errors. Syntax errors give file, line and column.
Result<ConfigValue> parse_toml(std::string_view text, const std::string& file);

// Applies one "dotted.key=value" override (the CLI's --set). The value is read as a TOML value
// ("5000", "\"2h\"", "true", "[1, 2]"); text that is not valid TOML is taken as a string, so
// `--set scenario.duration=2h` works without quotes. Missing tables on the path are created.
Result<bool> apply_override(ConfigValue& root, std::string_view assignment);

}  // namespace dpt
