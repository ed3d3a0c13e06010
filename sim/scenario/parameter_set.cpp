#include "sim/scenario/parameter_set.hpp"

#include <iterator>
#include <utility>

#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace csc::sim {

namespace {
// Errors from model code asking for parameters: a programming or dictionary mismatch.
constexpr const char* kModel = "<model>";

/// An error located at `where`: "file:line", "<command line>", or "" for the model's own.
ScenarioError error_at(const std::string& where, const std::string& name,
                       const std::string& message) {
    const auto colon = where.rfind(':');
    if (colon == std::string::npos || where.back() == '>') {
        return ScenarioError(where.empty() ? kModel : where, 0, 0, name, message);
    }
    int line = 0;
    try {
        line = std::stoi(where.substr(colon + 1));
    } catch (const std::exception&) {
        return ScenarioError(where, 0, 0, name, message);
    }
    return ScenarioError(where.substr(0, colon), line, 0, name, message);
}

/// One error whose first line is the first problem's and whose other lines are the others'
/// what(), so that every problem is reported with its own location.
ScenarioError combined(const std::vector<ScenarioError>& problems) {
    const ScenarioError& first = problems.front();
    std::string message = first.message();
    for (auto it = std::next(problems.begin()); it != problems.end(); ++it) {
        message += "\n" + std::string(it->what());
    }
    return ScenarioError(first.file(), first.line(), first.column(), first.key(), message);
}

}  // namespace

std::string parameter_group(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? std::string{} : name.substr(0, dot);
}

ScenarioError ParameterSet::error(const std::string& name, const std::string& message) const {
    const Parameter& p = find(name);
    return error_at(p.set_at.empty() ? p.defined_at : p.set_at, name, message);
}

const Parameter& ParameterSet::find(const std::string& name) const {
    const auto it = parameters_.find(name);
    if (it != parameters_.end()) return it->second;
    std::vector<std::string> names;
    names.reserve(parameters_.size());
    for (const auto& entry : parameters_) names.push_back(entry.first);
    std::string message = "no such parameter in the dictionaries";
    if (auto suggestion = nearest_name(name, names)) {
        message += "; did you mean '" + *suggestion + "'?";
    }
    throw ScenarioError(kModel, 0, 0, name, message);
}

const Parameter& ParameterSet::read(const std::string& name) const {
    const Parameter& p = find(name);
    read_marks_.at(name).set();
    return p;
}

double ParameterSet::scalar(const std::string& name) const {
    const Parameter& p = read(name);
    if (p.is_array || p.values.size() != 1) {
        throw ScenarioError(kModel, 0, 0, name,
                            "the model reads a scalar but the dictionary (" + p.defined_at +
                                ") declares an array of " + std::to_string(p.values.size()) +
                                " values");
    }
    return p.values.front();
}

const std::vector<double>& ParameterSet::array(const std::string& name,
                                               std::size_t expected_length) const {
    const Parameter& p = read(name);
    if (expected_length != 0 && p.values.size() != expected_length) {
        throw ScenarioError(kModel, 0, 0, name,
                            "the model expects " + std::to_string(expected_length) +
                                " values but the dictionary (" + p.defined_at + ") has " +
                                std::to_string(p.values.size()));
    }
    return p.values;
}

bool ParameterSet::contains(const std::string& name) const { return parameters_.count(name) != 0; }

bool ParameterSet::was_read(const std::string& name) const {
    const auto it = read_marks_.find(name);
    return it != read_marks_.end() && it->second.is_set();
}

std::vector<std::string> ParameterSet::read_names() const {
    std::vector<std::string> names;
    for (const auto& [name, mark] : read_marks_) {
        if (mark.is_set()) names.push_back(name);
    }
    return names;
}

void ParameterSet::require_all_read() const {
    const std::vector<std::string> read = read_names();
    std::vector<ScenarioError> problems;
    for (const auto& [name, p] : parameters_) {
        const bool was = was_read(name);
        if (p.model_input && !was) {
            std::string message = "is not read by this build of cscsim";
            if (auto suggestion = nearest_name(name, read)) {
                message += "; did you mean '" + *suggestion + "'?";
            }
            problems.push_back(error_at(p.defined_at, name, message));
        } else if (!p.model_input && was) {
            problems.push_back(error_at(p.defined_at, name,
                                        "is marked model_input = false but this build of cscsim "
                                        "reads it"));
        }
    }
    if (!problems.empty()) throw combined(problems);
}

void ParameterSet::insert(Parameter parameter) {
    std::string name = parameter.name;
    read_marks_.insert_or_assign(name, ReadMark{});
    parameters_.insert_or_assign(std::move(name), std::move(parameter));
}

void ParameterSet::set_scalar(const std::string& name, double value) {
    Parameter p;
    p.name = name;
    p.group = parameter_group(name);
    p.values = {value};
    insert(std::move(p));
}

void ParameterSet::set_array(const std::string& name, std::vector<double> values) {
    Parameter p;
    p.name = name;
    p.group = parameter_group(name);
    p.values = std::move(values);
    p.is_array = true;
    insert(std::move(p));
}

}  // namespace csc::sim
