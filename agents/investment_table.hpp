// The investment profile: a reform scenario minus its comparator, in the review's table layout
// (seed 001 L4024-4056), from the runs of `cscsim run` (the `cscsim table` output).
#pragma once

#include <string>
#include <vector>

#include "output/table.hpp"

namespace csc::agents {

/// One cell: GBP millions, scenario minus comparator (negative = a net cost to public finances).
struct InvestmentValue {
    std::string method;  ///< "additive" (each lever's own run, summed) or "joint" (one run)
    std::string row;     ///< a lever's row, a category row or "Total Impact on Public Finance"
    std::string year;    ///< "Y1".."Y10"
    double gbp_m = 0;
};

inline constexpr const char* kTotalRow = "Total Impact on Public Finance";

/// The prices of a table: cash, each year's own (as the review's table and the ledger), or
/// constant prices of the ledger's price year, each year deflated by the comparator's children's
/// social care cost index (england_cost_index: the section 251 lines' unit-cost trends, weighted
/// by spend; the mean over its replicates).
enum class Prices : uint8_t { Cash = 0, Constant };

/// The financial year of a run file's constant prices, e.g. "2021-22" (the scenario run's
/// attribute price_year, the ledger's price year).
/// @throws csc::output::OutputError if the file has no scenario run with one.
[[nodiscard]] std::string price_base(const output::RunFile& file);

/**
 * The investment table of a run file written by `cscsim run` for a scenario with a comparator.
 * A lever's value in a year is minus (its direct cost + the change in section 251 spend it
 * causes); a lever that changes no rate causes none (it has no run of its own). Rows follow the
 * lever table's order; a category row (the review's, e.g. "Care") precedes its levers and sums
 * them. The joint method takes each lever's direct cost from the joint run and shares the joint
 * run's change in spend among the levers in proportion to their additive changes. Values are
 * means over replicates.
 * @throws csc::output::OutputError if the file has no scenario run with levers, or no
 * comparator run.
 */
std::vector<InvestmentValue> investment_table(const output::RunFile& file,
                                              Prices prices = Prices::Cash);

}  // namespace csc::agents
