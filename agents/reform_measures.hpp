// What a reform changes against its comparator, as summary measures: fewer children looked after
// (by group of levers, jointly, and their interaction) and the net effect on public finance.
#pragma once

#include <string>
#include <vector>

#include "agents/measures.hpp"
#include "output/table.hpp"

namespace csc::agents {

/// The reform measures of one replicate of a reform scenario.
struct ReformMeasures {
    std::string scenario;
    uint32_t replicate = 0;
    std::vector<MeasureValue> values;
};

/**
 * For each replicate of the run file's reform scenario (role "scenario" with a comparator run),
 * against the comparator's replicate of the same number (the same random streams):
 * - cla_reduction_<group> at each 31 March: the comparator's children looked after minus those of
 *   the run with only that group of levers on ("<scenario>.group.<group>"), for each group run;
 * - cla_reduction_total: the sum of the groups' (the review's no-overlap figure, seed 001 L3945);
 * - cla_reduction_joint: the comparator's minus the scenario's (every lever together);
 * - cla_reduction_interaction: joint minus total (what the no-overlap assumption hides);
 * - each financial year: spend_saving_gbp, the comparator's section 251 spend minus the
 *   scenario's (the gross saving, all the LAs'); lever_cost_gbp, the scenario's levers' gross
 *   direct costs, and lever_cost_gbp_<budget holder> for each holder of a lever in force; and
 *   net_public_finance_gbp, saving minus cost (negative = a net cost).
 * Empty if the file has no reform scenario with a comparator.
 * @throws csc::output::OutputError if a run the scenario names is missing a table.
 */
std::vector<ReformMeasures> reform_measures(const output::RunFile& file);

}  // namespace csc::agents
