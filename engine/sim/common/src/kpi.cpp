#include "dpt/sim/common/kpi.h"

#include "dpt/core/assert.h"

namespace dpt::sim {

int KpiTable::define(std::string name, std::string unit, std::string description) {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<int>(i);
  DPT_ASSERT(rows_.empty(), "KPI columns must be defined before the first row");
  columns_.push_back({std::move(name), std::move(unit), std::move(description)});
  return static_cast<int>(columns_.size() - 1);
}

void KpiTable::begin_row(std::int64_t t_us) {
  times_.push_back(t_us);
  rows_.emplace_back(columns_.size(), std::numeric_limits<double>::quiet_NaN());
}

void KpiTable::set(int column, double value) {
  DPT_ASSERT(!rows_.empty() && column >= 0 && static_cast<std::size_t>(column) < columns_.size(), "KPI set out of range");
  rows_.back()[static_cast<std::size_t>(column)] = value;
}

double KpiTable::at(std::size_t row, std::size_t column) const { return rows_.at(row).at(column); }

}  // namespace dpt::sim
