// The in-memory form of simulation output: named N-dimensional tables grouped into runs and files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace csc::output {

/// One dimension of a Table: its name and one label per position along it.
struct Axis {
    // e.g. "month", "la", "state", "financial_year", "snapshot", "flow", "cost_line"
    std::string name;
    std::vector<std::string> labels;  // e.g. {"2022-04", ...}, LA codes, state names
};

/// An N-dimensional array with named axes, row-major (last axis fastest). Exactly one of the two
/// value vectors is used: integers (counts, pence) or reals (scale factors, rates).
struct Table {
    std::string name;         // dataset name, e.g. "stocks_monthly"
    std::string unit;         // e.g. "children", "pence", "children per simulated child"
    std::string description;  // one sentence a reader of the file needs
    std::vector<Axis> axes;
    std::vector<int64_t> integers;
    std::vector<double> reals;

    /// True if the values are in reals. An empty table has neither, so it counts as integer.
    [[nodiscard]] bool is_real() const { return !reals.empty(); }
    /// Product of the axis lengths (1 for a table with no axes, i.e. a scalar).
    [[nodiscard]] size_t size() const;
};

/// One simulated replicate of one scenario.
struct RunRecord {
    std::string scenario;  // scenario name, e.g. "baseline"
    uint32_t replicate = 0;
    std::vector<Table> tables;
    // Provenance for this run: seed, sample, scenario text, resolved parameters (TOML text),
    // start/end dates, etc.
    std::map<std::string, std::string> attributes;

    /// The table named `name`. @throws OutputError if the run has none (not a complete run).
    [[nodiscard]] const Table& table(const std::string& name) const;
};

/// A whole run file: one or more runs plus file-level attributes (code version, git commit,
/// library versions, created_utc, command line).
struct RunFile {
    std::map<std::string, std::string> attributes;
    std::vector<RunRecord> runs;
};

}  // namespace csc::output
