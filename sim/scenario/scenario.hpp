// Scenario files: run settings, data files and parameter values, with `extends` chains,
// parameter dictionaries and --set overrides. See load_scenario().
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/month.hpp"
#include "sim/scenario/parameter_set.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace csc::sim {

/// The [run] table of a scenario.
struct RunSettings {
    std::string name;         // [run] name, required
    std::string description;  // [run] description, optional
    Date start{2022, 4, 1};   // [run] start = "YYYY-MM-DD" (TOML string or local date)
    Date end{2033, 3, 31};    // [run] end, after start
    uint64_t seed = 1;        // [run] seed, integer >= 0
    uint32_t replicates = 1;  // [run] replicates, integer >= 1
    double sample = 1.0;      // [run] sample, fraction in (0, 1]
    int threads = 0;          // [run] threads, >= 0 (0 = all cores)
    std::string comparator;   // [run] comparator = "other.toml", optional; absolute path, exists
};

/// A fully resolved, validated scenario.
struct Scenario {
    std::filesystem::path path;  // absolute path of the scenario file named
    RunSettings run;
    ParameterSet parameters;
    // [data] name = "relative/path.csv": absolute, resolved relative to the file that set it
    // (or the working directory for --set), and existing.
    std::map<std::string, std::filesystem::path> data;
    // (absolute path, full text) of every file read, in read order (provenance).
    std::vector<std::pair<std::string, std::string>> files_read;
    // The effective scenario as TOML text: [run], [data], and every parameter's value (provenance).
    std::string resolved_toml;
};

/**
 * Loads the scenario file at `path` with its `extends` chain and parameter dictionaries, applies
 * `--set key=value` overrides in order, and validates everything.
 *
 * Relative paths in files resolve against the directory of the file that names them; relative
 * paths in overrides against the working directory. Error locations use `path` as given.
 *
 * @throws ScenarioError on any problem (the first one found).
 */
Scenario load_scenario(const std::filesystem::path& path,
                       const std::vector<std::string>& set_overrides = {});

}  // namespace csc::sim
