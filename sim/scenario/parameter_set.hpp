// Model parameters: the values of a scenario's parameter dictionaries after all overrides.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario_error.hpp"

namespace csc::sim {

/// The group of a dotted parameter name: everything before the last dot ("" if none).
std::string parameter_group(const std::string& name);

/// One dictionary entry and its effective value.
struct Parameter {
    std::string name;            // full dotted name, e.g. "referral.p_nfa"
    std::vector<double> values;  // one value for a scalar, several for an array (e.g. by age band)
    bool is_array = false;       // declared as an array in the dictionary
    std::string unit, description, source;
    std::string group;               // the dotted prefix, e.g. "referral"
    bool calibrated = false;         // `calibrated = true` marks a value fitted to a target
    std::string target;              // required when calibrated: what it was fitted to, and source
    std::optional<double> min, max;  // inclusive bounds checked on every value, after overrides
    std::string defined_at;          // "file:line" of the dictionary entry
    std::string set_at;  // "file:line" (or "<command line>") of the last override, empty if none
};

/// The parameters of a scenario by name. Read-only once loaded; safe to share between threads.
class ParameterSet {
  public:
    /// The value of a scalar parameter.
    /// @throws ScenarioError (file "<model>") if missing or not a scalar.
    [[nodiscard]] double scalar(const std::string& name) const;

    /// The values of an array parameter (a scalar reads as one value).
    /// @throws ScenarioError (file "<model>") if missing, or if expected_length != 0 and the
    /// length differs.
    [[nodiscard]] const std::vector<double>& array(const std::string& name,
                                                   std::size_t expected_length = 0) const;

    [[nodiscard]] bool contains(const std::string& name) const;

    /// An error about a parameter's value, located where the value was last set (an override) or
    /// else where it is defined, for checks that involve several parameters at once.
    [[nodiscard]] ScenarioError error(const std::string& name, const std::string& message) const;

    /// Every parameter, sorted by name.
    [[nodiscard]] const std::map<std::string, Parameter>& all() const { return parameters_; }

    /// Adds or replaces a parameter (the loader uses this; so can tests that build a set by hand).
    void insert(Parameter parameter);
    /// Shorthands for tests: add or replace a parameter with only a name and value(s).
    void set_scalar(const std::string& name, double value);
    void set_array(const std::string& name, std::vector<double> values);

  private:
    [[nodiscard]] const Parameter& find(const std::string& name) const;

    std::map<std::string, Parameter> parameters_;
};

}  // namespace csc::sim
