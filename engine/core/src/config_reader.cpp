#include "dpt/core/config_reader.h"

#include <algorithm>
#include <cmath>
#include <system_error>

namespace dpt {

TableReader::TableReader(const ConfigValue& table, std::string path, ErrorList& errors,
                         std::filesystem::path base_dir)
    : table_(table), path_(std::move(path)), errors_(errors), base_dir_(std::move(base_dir)) {}

void TableReader::error(const SourceLoc& where, std::string message) { errors_.add(where, std::move(message)); }

const ConfigValue* TableReader::lookup(std::string_view key, Need need, std::string_view expected) {
  known_.emplace_back(key);
  const ConfigValue* v = table_.find(key);
  if (!v && need == Need::required)
    error(table_.loc, "missing key '" + std::string(key) + "' in " + path_ + " (expected " + std::string(expected) + ")");
  return v;
}

void TableReader::wrong_type(std::string_view key, const ConfigValue& v, std::string_view expected) {
  error(v.loc, "'" + std::string(key) + "' in " + path_ + " must be " + std::string(expected) + ", not " + a_kind(v.kind));
}

std::optional<std::string> TableReader::string(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "a string");
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string) {
    wrong_type(key, *v, "a string");
    return std::nullopt;
  }
  return v->text;
}

std::optional<bool> TableReader::boolean(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "true or false");
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::boolean) {
    wrong_type(key, *v, "true or false");
    return std::nullopt;
  }
  return v->boolean;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, Need need, std::int64_t min, std::int64_t max) {
  const std::string expected = "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const ConfigValue* v = lookup(key, need, expected);
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::integer) {
    wrong_type(key, *v, expected);
    return std::nullopt;
  }
  if (v->integer < min || v->integer > max) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + " is " + std::to_string(v->integer) + "; expected " + expected);
    return std::nullopt;
  }
  return v->integer;
}

std::optional<double> TableReader::number(std::string_view key, Need need, double min, double max) {
  const std::string expected = "a number in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const ConfigValue* v = lookup(key, need, expected);
  if (!v) return std::nullopt;
  double x = 0;
  if (v->kind == ConfigValue::Kind::integer) x = static_cast<double>(v->integer);
  else if (v->kind == ConfigValue::Kind::floating) x = v->floating;
  else {
    wrong_type(key, *v, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(x) || x < min || x > max) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + " is out of range; expected " + expected);
    return std::nullopt;
  }
  return x;
}

std::optional<Duration> TableReader::duration(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "a duration such as \"10s\" or \"2h\"");
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string) {
    wrong_type(key, *v, "a duration string such as \"10s\", \"15min\" or \"2h\"");
    return std::nullopt;
  }
  auto d = parse_duration(v->text);
  if (!d) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": " + d.errors().items().front().message);
    return std::nullopt;
  }
  return *d;
}

std::optional<ZonedInstant> TableReader::instant(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "an instant such as 2018-09-16T09:00:00+08:00");
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string && v->kind != ConfigValue::Kind::datetime) {
    wrong_type(key, *v, "an ISO 8601 instant such as 2018-09-16T09:00:00+08:00");
    return std::nullopt;
  }
  auto t = parse_instant(v->text);
  if (!t) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": " + t.errors().items().front().message);
    return std::nullopt;
  }
  return *t;
}

std::optional<Duration> TableReader::time_offset(std::string_view key, Instant start, Need need) {
  const char* expected = "an offset from the start such as \"2h\" or an ISO 8601 instant";
  const ConfigValue* v = lookup(key, need, expected);
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string && v->kind != ConfigValue::Kind::datetime) {
    wrong_type(key, *v, expected);
    return std::nullopt;
  }
  auto t = parse_time(v->text, start);
  if (!t) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": " + t.errors().items().front().message);
    return std::nullopt;
  }
  return *t - start;
}

std::optional<double> TableReader::quantity(std::string_view key, Dimension dim, Need need) {
  const std::string expected = "a " + std::string(dimension_name(dim)) + " with a unit (" + units_of(dim) + ")";
  const ConfigValue* v = lookup(key, need, expected);
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string) {
    if (v->kind == ConfigValue::Kind::integer || v->kind == ConfigValue::Kind::floating)
      error(v->loc, "'" + std::string(key) + "' in " + path_ + " needs a unit: write it as a string, e.g. \"" +
                        (v->kind == ConfigValue::Kind::integer ? std::to_string(v->integer) : std::to_string(v->floating)) +
                        " " + units_of(dim).substr(0, units_of(dim).find(',')) + "\" (units: " + units_of(dim) + ")");
    else
      wrong_type(key, *v, expected);
    return std::nullopt;
  }
  auto q = parse_quantity(v->text, dim);
  if (!q) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": " + q.errors().items().front().message);
    return std::nullopt;
  }
  return *q;
}

std::optional<std::filesystem::path> TableReader::file(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "a file path");
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string) {
    wrong_type(key, *v, "a file path string");
    return std::nullopt;
  }
  std::filesystem::path p(v->text);
  if (p.is_relative() && !base_dir_.empty()) p = base_dir_ / p;
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": file not found: " + p.string());
    return std::nullopt;
  }
  const auto st = std::filesystem::status(p, ec);
  if (st.type() != std::filesystem::file_type::regular && st.type() != std::filesystem::file_type::directory) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + ": not a regular file or folder: " + p.string());
    return std::nullopt;
  }
  return p;
}

std::optional<std::string> TableReader::choice(std::string_view key, const std::vector<std::string_view>& choices,
                                               Need need) {
  std::string list;
  for (auto c : choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
  const ConfigValue* v = lookup(key, need, "one of " + list);
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::string) {
    wrong_type(key, *v, "one of " + list);
    return std::nullopt;
  }
  if (std::find(choices.begin(), choices.end(), v->text) == choices.end()) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + " is \"" + v->text + "\"; expected one of " + list);
    return std::nullopt;
  }
  return v->text;
}

std::optional<std::vector<double>> TableReader::numbers(std::string_view key, std::size_t count, Need need) {
  const std::string expected = "an array of " + std::to_string(count) + " numbers";
  const ConfigValue* v = lookup(key, need, expected);
  if (!v) return std::nullopt;
  if (v->kind != ConfigValue::Kind::array || v->items.size() != count) {
    error(v->loc, "'" + std::string(key) + "' in " + path_ + " must be " + expected);
    return std::nullopt;
  }
  std::vector<double> out;
  for (const ConfigValue& item : v->items) {
    if (item.kind == ConfigValue::Kind::integer) out.push_back(static_cast<double>(item.integer));
    else if (item.kind == ConfigValue::Kind::floating && std::isfinite(item.floating)) out.push_back(item.floating);
    else {
      error(item.loc, "'" + std::string(key) + "' in " + path_ + " must be " + expected);
      return std::nullopt;
    }
  }
  return out;
}

const ConfigValue* TableReader::table(std::string_view key, Need need) {
  const ConfigValue* v = lookup(key, need, "a table");
  if (!v) return nullptr;
  if (v->kind != ConfigValue::Kind::table) {
    wrong_type(key, *v, "a table");
    return nullptr;
  }
  return v;
}

std::vector<const ConfigValue*> TableReader::tables(std::string_view key) {
  const ConfigValue* v = lookup(key, Need::optional, "an array of tables");
  std::vector<const ConfigValue*> out;
  if (!v) return out;
  if (v->kind != ConfigValue::Kind::array) {
    wrong_type(key, *v, "an array of tables ([[" + std::string(key) + "]])");
    return out;
  }
  for (const ConfigValue& item : v->items) {
    if (item.kind != ConfigValue::Kind::table) {
      wrong_type(key, item, "a table");
      continue;
    }
    out.push_back(&item);
  }
  return out;
}

const ConfigValue* TableReader::raw(std::string_view key) {
  known_.emplace_back(key);
  return table_.find(key);
}

void TableReader::finish() {
  for (const auto& [k, v] : table_.fields) {
    if (std::find(known_.begin(), known_.end(), k) != known_.end()) continue;
    std::string best;
    std::size_t best_d = 3;  // suggest only close matches
    for (const std::string& cand : known_) {
      const std::size_t d = edit_distance(k, cand);
      if (d < best_d) {
        best_d = d;
        best = cand;
      }
    }
    std::string msg = "unknown key '" + k + "' in " + path_;
    if (!best.empty()) msg += "; did you mean '" + best + "'?";
    else {
      std::string list;
      for (const std::string& cand : known_) list += (list.empty() ? "" : ", ") + cand;
      msg += " (known keys: " + list + ")";
    }
    error(v.loc, msg);
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace dpt
