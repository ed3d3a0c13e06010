// One replicate of one scenario: every LA's children through the pathway, month by month.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "agents/child_columns.hpp"
#include "agents/la_tally.hpp"
#include "agents/levers.hpp"
#include "agents/local_authority.hpp"
#include "agents/pathway_parameters.hpp"
#include "output/table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/// A scenario read and resolved once; shared read-only by all replicates.
struct Model {
    sim::Scenario scenario;
    std::vector<LocalAuthority> las;
    /// The reform levers of the scenario's lever table (data.levers), on or off; none without one.
    std::vector<Lever> levers;
    PathwayParameters parameters;

    /// @throws csc::sim::ScenarioError for a bad scenario, LA table or parameter.
    static Model load(const std::filesystem::path& scenario_path,
                      const std::vector<std::string>& set_overrides);
};

/// Counts of work done, for benchmarks and logs.
struct RunStats {
    int64_t children = 0;  ///< simulated child slots
    int64_t events = 0;    ///< events processed (state exits and 18th birthdays)
};

/// Called after each simulated month with (months done, months in all).
using Progress = std::function<void(int32_t, int32_t)>;

/// Called after each simulated month with the month and the whole state, for tests and
/// diagnostics that check the columns against the tallies.
using MonthObserver =
    std::function<void(int32_t month, const ChildColumns& children,
                       const std::vector<LaRange>& ranges, const std::vector<LaTally>& tallies)>;

/**
 * Simulates one replicate and returns its tables (layout: "Output: the run file" in README.md).
 * Results are identical for any number of threads.
 */
output::RunRecord simulate(const Model& model, uint32_t replicate, const Progress& progress = {},
                           RunStats* stats = nullptr, const MonthObserver& observer = {});

}  // namespace csc::agents
