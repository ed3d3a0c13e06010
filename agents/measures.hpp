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

/**
 * Computes every summary measure (documented in README.md, "Summary measures") from a run record.
 * Counts are rounded to whole children or events; spend is in pounds (to the penny).
 * @throws csc::output::OutputError if a table the measures need is missing.
 */
std::vector<MeasureValue> summarise(const output::RunRecord& run);

/// England's section 251 spend (the review's definition) in each financial year of a run, in
/// pence: each LA's simulated spend times its scale (`spend_gbp` is this, rounded).
[[nodiscard]] std::vector<double> england_spend_pence(const output::RunRecord& run);

}  // namespace csc::agents
