// Sex and ethnicity of children looked after: drawn on a child's first entry to care, with the
// parameters that shape the pathway by them.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "sim/scenario/parameter_set.hpp"

namespace csc::agents {

/// DfE's five ethnic groups (SSDA903 return); "refused or not yet obtained" is spread pro rata.
enum class Ethnicity : uint8_t { White = 0, Mixed, Asian, Black, Other };
inline constexpr int kEthnicities = 5;
inline constexpr std::array<const char*, kEthnicities> kEthnicityNames = {"white", "mixed", "asian",
                                                                          "black", "other"};

enum class Sex : uint8_t { Female = 0, Male };
inline constexpr int kSexes = 2;
inline constexpr std::array<const char*, kSexes> kSexNames = {"female", "male"};

/// A child's group is ethnicity x 2 + sex; kNoGroup until its first entry to care.
inline constexpr int kGroups = kEthnicities * kSexes;
inline constexpr uint8_t kNoGroup = UINT8_MAX;
[[nodiscard]] inline constexpr uint8_t group_of(Ethnicity e, Sex s) {
    return static_cast<uint8_t>(static_cast<int>(e) * kSexes + static_cast<int>(s));
}
[[nodiscard]] inline constexpr int ethnicity_of(uint8_t group) { return group / kSexes; }
[[nodiscard]] inline constexpr int sex_of(uint8_t group) { return group % kSexes; }
/// "white_female", "white_male", .. "other_male": the labels of the output's group axis.
[[nodiscard]] std::string group_name(int group);

/// Flows counted by group each financial year (the output's group_flows table).
enum class GroupFlow : uint8_t {
    CareEntries = 0,      ///< starts of care, unaccompanied arrivals included
    CareEntriesPastPlan,  ///< of them, children who have been on a protection plan
    Adoptions,
    SgoExits,
};
inline constexpr int kGroupFlows = 4;
inline constexpr std::array<const char*, kGroupFlows> kGroupFlowNames = {
    "care_entries", "care_entries_past_plan", "adoptions", "sgo_exits"};

/// scenarios/parameters/groups.toml and the calibrated factors in calibration.toml.
struct GroupParameters {
    /// Ethnic mix of resident children's starts of care, and of unaccompanied children.
    std::array<double, kEthnicities> resident_ethnicity{}, uasc_ethnicity{};
    /// The resident mix weighted by placement_order_factor: the mix of the children under a
    /// placement order at the start (their adoption is what the factor shapes).
    std::array<double, kEthnicities> placement_order_ethnicity{};
    double resident_male = 0;  ///< share of resident children's starts who are boys
    double uasc_male = 0;      ///< share of unaccompanied children who are boys
    /// Factor on the share of proceedings ending in a placement order, by ethnicity.
    std::array<double, kEthnicities> placement_order_factor{};
    /// Factor on the share of exits from care to special guardianship, by ethnicity.
    std::array<double, kEthnicities> sgo_factor{};

    static GroupParameters read(const sim::ParameterSet& p);
};

}  // namespace csc::agents
