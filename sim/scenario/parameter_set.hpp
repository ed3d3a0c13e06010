// Model parameters: the values of a scenario's parameter dictionaries after all overrides.
#pragma once

#include <atomic>
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
    // `model_input = false` in the dictionary: an entry only the tools in scenarios/tools use
    // (e.g. a figure they derive model parameters from); the model need not read it, and must not.
    bool model_input = true;
};

/**
 * The parameters of a scenario by name. Read-only once loaded; safe to share between threads.
 *
 * It records which entries the model reads (scalar() and array(); contains() is not a read), so
 * that require_all_read() can refuse a dictionary entry that nothing reads: a misspelt key, or an
 * entry written for another build, would otherwise change nothing without a word. The model reads
 * while it is built, on one thread, but the marks are atomic so that a read from any thread is
 * safe.
 */
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

    /// Whether the model has read the parameter (false for a name not in the set).
    [[nodiscard]] bool was_read(const std::string& name) const;

    /**
     * Call once the whole model has been built from the set.
     * @throws ScenarioError listing, one line each at its dictionary entry, every model input that
     * was not read (with the nearest name that was, if one is close) and every entry marked
     * model_input = false that was.
     */
    void require_all_read() const;

    /// Every parameter, sorted by name. Not a read: the entries are not marked.
    [[nodiscard]] const std::map<std::string, Parameter>& all() const { return parameters_; }

    /// Adds or replaces a parameter (the loader uses this; so can tests that build a set by hand).
    void insert(Parameter parameter);
    /// Shorthands for tests: add or replace a parameter with only a name and value(s).
    void set_scalar(const std::string& name, double value);
    void set_array(const std::string& name, std::vector<double> values);

  private:
    /// A flag that const readers may set from any thread; a copy takes the flag's current state.
    /// Relaxed order is enough: the flags are checked after the readers are done (joined).
    class ReadMark {
      public:
        ReadMark() = default;
        ReadMark(const ReadMark& other) : read_(other.is_set()) {}
        ReadMark& operator=(const ReadMark& other) {
            read_.store(other.is_set(), std::memory_order_relaxed);
            return *this;
        }
        ~ReadMark() = default;
        void set() const { read_.store(true, std::memory_order_relaxed); }
        [[nodiscard]] bool is_set() const { return read_.load(std::memory_order_relaxed); }

      private:
        mutable std::atomic<bool> read_{false};
    };

    [[nodiscard]] const Parameter& find(const std::string& name) const;
    /// find(), and marks the parameter as read.
    [[nodiscard]] const Parameter& read(const std::string& name) const;
    [[nodiscard]] std::vector<std::string> read_names() const;

    std::map<std::string, Parameter> parameters_;
    std::map<std::string, ReadMark> read_marks_;  // the same keys as parameters_
};

}  // namespace csc::sim
