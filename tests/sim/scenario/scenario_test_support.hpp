// Helpers shared by the scenario tests: fixture paths and capturing a ScenarioError.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace csc::sim::scenario_test {

/// Absolute, normalised path of a file under tests/sim/scenario/fixtures/.
inline std::string fixture(const std::string& relative) {
    return (std::filesystem::path(CSCSIM_SOURCE_DIR) / "tests/sim/scenario/fixtures" / relative)
        .lexically_normal()
        .string();
}

/// The ScenarioError that loading `path` throws; fails the test if it loads.
inline ScenarioError load_error(const std::string& path,
                                const std::vector<std::string>& set_overrides = {}) {
    try {
        load_scenario(path, set_overrides);
    } catch (const ScenarioError& e) {
        return e;
    }
    FAIL("expected a ScenarioError loading " << path);
    throw std::logic_error("unreachable");
}

}  // namespace csc::sim::scenario_test
