#pragma once
// Key performance indicators: named columns with units, sampled at fixed sim times into a table
// (times x columns). The runner writes it to kpi.json; the console plots it.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace dpt::sim {

class KpiTable {
 public:
  struct Column {
    std::string name;  // "wind.mean_speed"
    std::string unit;  // "m/s"
    std::string description;
  };

  // Defines a column once; returns its index. Defining an existing name returns that column.
  int define(std::string name, std::string unit, std::string description);
  // Starts a row at t (µs from the scenario start); columns not set stay NaN.
  void begin_row(std::int64_t t_us);
  void set(int column, double value);

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::int64_t>& times() const { return times_; }
  std::size_t rows() const { return times_.size(); }
  double at(std::size_t row, std::size_t column) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::int64_t> times_;
  std::vector<std::vector<double>> rows_;
};

}  // namespace dpt::sim
