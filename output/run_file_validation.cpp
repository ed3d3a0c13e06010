#include "output/run_file_validation.hpp"

#include <set>
#include <string>
#include <utility>

#include "output/error.hpp"
#include "output/run_file_layout.hpp"

namespace csc::output {

namespace {

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

/// A name that becomes an HDF5 link or attribute name.
void check_name(const std::string& name, const std::string& kind, const std::string& where) {
    if (name.empty()) throw OutputError(where + ": empty " + kind + " name");
    if (name == "." || name.find('/') != std::string::npos || has_nul(name)) {
        throw OutputError(where + ": " + kind + " name " + in_quotes(name) +
                          " must not be \".\" or contain '/' or NUL");
    }
}

void check_text(const std::string& text, const std::string& what) {
    if (has_nul(text)) throw OutputError(what + " contains a NUL character");
}

void check_attributes(const std::map<std::string, std::string>& attributes,
                      const std::set<std::string>& reserved, const std::string& where) {
    for (const auto& [name, value] : attributes) {
        check_name(name, "attribute", where);
        if (reserved.count(name) != 0) {
            throw OutputError(where + ": attribute name " + in_quotes(name) + " is reserved");
        }
        check_text(value, where + ": attribute " + in_quotes(name));
    }
}

std::string shape_text(const Table& table) {
    if (table.axes.empty()) return "no axes (a scalar)";
    std::string text;
    for (const Axis& axis : table.axes) {
        if (!text.empty()) text += " x ";
        text += axis.name + " " + std::to_string(axis.labels.size());
    }
    return text;
}

void check_table(const Table& table, const std::string& run) {
    const std::string where = run + ", table " + in_quotes(table.name);
    check_name(table.name, "table", run);
    if (table.name == layout::kAxesGroup || table.name == layout::kProvenanceGroup) {
        throw OutputError(run + ": table name " + in_quotes(table.name) + " is reserved");
    }
    check_text(table.unit, where + ": unit");
    check_text(table.description, where + ": description");
    for (const Axis& axis : table.axes) {
        check_name(axis.name, "axis", where);
        if (axis.name.find(layout::kAxisSeparator) != std::string::npos) {
            throw OutputError(where + ": axis name " + in_quotes(axis.name) + " contains ','");
        }
        for (const std::string& label : axis.labels) {
            check_text(label, where + ": a label of axis " + in_quotes(axis.name));
        }
    }
    if (!table.integers.empty() && !table.reals.empty()) {
        throw OutputError(where + ": has both integer and real values");
    }
    const size_t count = table.is_real() ? table.reals.size() : table.integers.size();
    if (count != table.size()) {
        throw OutputError(where + ": has " + std::to_string(count) + " values but its axes (" +
                          shape_text(table) + ") need " + std::to_string(table.size()));
    }
}

}  // namespace

void validate_run_file(const RunFile& file) {
    check_attributes(file.attributes, {layout::kFormatAttribute, layout::kFormatVersionAttribute},
                     "file attributes");
    std::set<std::pair<std::string, uint32_t>> runs;
    for (const RunRecord& run : file.runs) {
        check_name(run.scenario, "scenario", "run");
        const std::string where =
            "run " + run.scenario + "/" + layout::replicate_group_name(run.replicate);
        if (!runs.emplace(run.scenario, run.replicate).second) {
            throw OutputError(where + ": appears twice");
        }
        check_attributes(run.attributes, {layout::kScenarioAttribute, layout::kReplicateAttribute},
                         where);
        std::set<std::string> table_names;
        for (const Table& table : run.tables) {
            check_table(table, where);
            if (!table_names.insert(table.name).second) {
                throw OutputError(where + ": two tables named " + in_quotes(table.name));
            }
        }
    }
}

}  // namespace csc::output
