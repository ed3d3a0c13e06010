// Summary measures for England, computed from a run's tables (the `cscsim summary` output).
#pragma once

#include <string>
#include <vector>

#include "output/table.hpp"

namespace csc::agents {

/// One value of one measure: a stock at 31 March (period "YYYY-03-31") or a financial-year flow
/// (period "YYYY-YY"), scaled up to England.
struct MeasureValue {
    std::string measure;
    std::string period;
    double value = 0;
};

/// Definition of a measure, for documentation and `cscsim summary --list`.
struct MeasureInfo {
    const char* name;
    const char* unit;
    const char* definition;
};
const std::vector<MeasureInfo>& measure_catalogue();

/**
 * Computes every measure of the catalogue from a run record. Counts are rounded to whole children
 * or events; spend is in pounds (to the penny).
 * @throws std::runtime_error if a table the measures need is missing.
 */
std::vector<MeasureValue> summarise(const output::RunRecord& run);

}  // namespace csc::agents
