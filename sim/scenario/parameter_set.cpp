#include "sim/scenario/parameter_set.hpp"

#include <utility>

#include "sim/scenario/nearest_name.hpp"
#include "sim/scenario/scenario_error.hpp"

namespace csc::sim {

namespace {
// Errors from model code asking for parameters: a programming or dictionary mismatch.
constexpr const char* kModel = "<model>";

}  // namespace

std::string parameter_group(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? std::string{} : name.substr(0, dot);
}

ScenarioError ParameterSet::error(const std::string& name, const std::string& message) const {
    const Parameter& p = find(name);
    const std::string& where = p.set_at.empty() ? p.defined_at : p.set_at;
    // "file:line", or "<command line>" for a --set override.
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

double ParameterSet::scalar(const std::string& name) const {
    const Parameter& p = find(name);
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
    const Parameter& p = find(name);
    if (expected_length != 0 && p.values.size() != expected_length) {
        throw ScenarioError(kModel, 0, 0, name,
                            "the model expects " + std::to_string(expected_length) +
                                " values but the dictionary (" + p.defined_at + ") has " +
                                std::to_string(p.values.size()));
    }
    return p.values;
}

bool ParameterSet::contains(const std::string& name) const { return parameters_.count(name) != 0; }

void ParameterSet::insert(Parameter parameter) {
    std::string name = parameter.name;
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
