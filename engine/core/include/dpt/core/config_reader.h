#pragma once
// Strict reading of one table of a configuration document. Every accessor marks its key as known;
// a missing required key, a wrong type, a bad unit or a missing file adds one error (with file and
// line) and reading goes on, so a user sees every problem of a file in one pass. finish() reports
// the keys nobody asked for (misspellings), with a suggestion.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/config.h"
#include "dpt/core/time.h"
#include "dpt/core/units.h"

namespace dpt {

enum class Need { optional, required };

class TableReader {
 public:
  // `path` names the table in messages ("[scenario]", "[modules.wind]"); `base_dir` resolves
  // relative file names (the scenario file's folder).
  TableReader(const ConfigValue& table, std::string path, ErrorList& errors, std::filesystem::path base_dir = {});

  std::optional<std::string> string(std::string_view key, Need need = Need::optional);
  std::optional<bool> boolean(std::string_view key, Need need = Need::optional);
  std::optional<std::int64_t> integer(std::string_view key, Need need, std::int64_t min, std::int64_t max);
  std::optional<double> number(std::string_view key, Need need, double min, double max);
  std::optional<Duration> duration(std::string_view key, Need need = Need::optional);
  std::optional<ZonedInstant> instant(std::string_view key, Need need = Need::optional);
  // A TIME: an offset from `start` ("2h30min") or an absolute ISO 8601 instant; returned as the
  // offset from `start`.
  std::optional<Duration> time_offset(std::string_view key, Instant start, Need need = Need::optional);
  std::optional<double> quantity(std::string_view key, Dimension dim, Need need = Need::optional);
  // A file that must exist; returned resolved against base_dir.
  std::optional<std::filesystem::path> file(std::string_view key, Need need = Need::optional);
  // A string that must be one of `choices`.
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string_view>& choices,
                                    Need need = Need::optional);
  std::optional<std::vector<double>> numbers(std::string_view key, std::size_t count, Need need = Need::optional);
  // A sub-table; nullptr (and an error if required) when absent or not a table.
  const ConfigValue* table(std::string_view key, Need need = Need::optional);
  // An array of tables ([[key]] in TOML); empty when absent.
  std::vector<const ConfigValue*> tables(std::string_view key);
  // Marks a key as known without reading it (a caller reads it in another way).
  const ConfigValue* raw(std::string_view key);

  // Reports unknown keys. Call once, after all accessors.
  void finish();

  const ConfigValue& node() const { return table_; }
  const SourceLoc& loc() const { return table_.loc; }
  ErrorList& errors() { return errors_; }
  const std::string& path() const { return path_; }
  void error(const SourceLoc& where, std::string message);

 private:
  const ConfigValue* lookup(std::string_view key, Need need, std::string_view expected);
  void wrong_type(std::string_view key, const ConfigValue& v, std::string_view expected);

  const ConfigValue& table_;
  std::string path_;
  ErrorList& errors_;
  std::filesystem::path base_dir_;
  std::vector<std::string> known_;
};

// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace dpt
