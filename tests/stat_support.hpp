// Helpers shared by the statistical tests: a flow's total over a run or a year, and a share
// within its binomial error.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>

#include "output/table.hpp"
#include "test_support.hpp"

namespace csc::test {

/// A flow (a column of a [financial year][la][column] table, "flows" unless `table_name` says
/// otherwise) summed over every LA, in financial year `fy` (an index of the run's years) or, when
/// fy < 0, over every year.
inline int64_t flow_total(const output::RunRecord& run, const std::string& name, int fy = -1,
                          const std::string& table_name = "flows") {
    const auto& t = table(run, table_name);
    const auto f = static_cast<size_t>(label_index(t.axes[2], name));
    const size_t n_la = t.axes[1].labels.size();
    const size_t n_flows = t.axes[2].labels.size();
    int64_t sum = 0;
    for (size_t y = 0; y < t.axes[0].labels.size(); ++y) {
        if (fy >= 0 && y != static_cast<size_t>(fy)) continue;
        for (size_t l = 0; l < n_la; ++l) sum += t.integers[(y * n_la + l) * n_flows + f];
    }
    return sum;
}

/// |hits / trials - p| within 4 binomial standard errors, on more than `min_trials` trials.
inline void require_share(int64_t hits, int64_t trials, double p, int64_t min_trials = 1000) {
    INFO("hits " << hits << " of " << trials << ", expected share " << p);
    REQUIRE(trials > min_trials);
    const double share = static_cast<double>(hits) / static_cast<double>(trials);
    REQUIRE(std::abs(share - p) <=
            4.0 * std::sqrt(p * (1 - p) / static_cast<double>(trials)) + 1e-12);
}

}  // namespace csc::test
