// One replicate of one scenario: every LA's children through the pathway, month by month.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "agents/local_authority.hpp"
#include "agents/pathway_parameters.hpp"
#include "output/table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/// A scenario read and resolved once; shared read-only by all replicates.
struct Model {
    sim::Scenario scenario;
    std::vector<LocalAuthority> las;
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

/**
 * Simulates one replicate and returns its tables (see output/README section of the README for the
 * layout). Results are identical for any number of threads.
 */
output::RunRecord simulate(const Model& model, uint32_t replicate, const Progress& progress = {},
                           RunStats* stats = nullptr);

}  // namespace csc::agents
