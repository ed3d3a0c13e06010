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

/// England's children's social care cost index in each financial year of a run (2021-22 = 1):
/// the year's section 251 spend in cash over the same spend at 2021-22 prices, each line
/// deflated by its own index (`cost_index` is this, rounded; the `--prices constant` deflator).
/// @throws csc::output::OutputError if the run's cost_index table does not match its spend.
[[nodiscard]] std::vector<double> england_cost_index(const output::RunRecord& run);

}  // namespace csc::agents
