// The 152 local authorities of 2021-22 with their population and observed 2022 figures.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agents/rate_events.hpp"

namespace csc::agents {

/// Figures observed in 2021-22 that the hazards are estimated from (missing where not published).
struct ObservedRates {
    std::optional<double> referrals;           ///< referrals in the year
    std::optional<double> s47_enquiries;       ///< section 47 enquiries in the year
    std::optional<double> cpp_started;         ///< child protection plans started in the year
    std::optional<double> cpp_at_31mar;        ///< children on plans at 31 March 2022
    std::optional<double> cin_at_31mar;        ///< children in need at 31 March 2022 (DfE)
    std::optional<double> cin_episodes_ended;  ///< CIN episodes ended in the year
    std::optional<double> cla_at_31mar;        ///< children looked after at 31 March 2022
    std::optional<double> cla_started;         ///< started to be looked after in the year
    std::optional<double> cla_ceased;          ///< ceased to be looked after in the year
    std::optional<double> cla_uasc_at_31mar;   ///< unaccompanied children looked after, 31 March
    std::optional<double> care_leavers_19_21;  ///< care leavers aged 19 to 21 in the year
};

struct LocalAuthority {
    std::string code;  ///< ONS code in 2021-22
    std::string name;
    std::string region_code;
    std::string region_name;
    int64_t population = 0;     ///< children aged 0-17, ONS mid-2021
    double low_income_pct = 0;  ///< children in relative low income, FYE 2022 (deprivation proxy)
    ObservedRates observed;
    /// Fitted factor on each rate group's LA multiplier (1 unless an LA factors table sets it;
    /// see agents/la_factors.hpp).
    std::array<double, kRateGroups> rate_factor = unit_factors();

    static constexpr std::array<double, kRateGroups> unit_factors() {
        std::array<double, kRateGroups> f{};
        for (double& x : f) x = 1.0;
        return f;
    }
};

/**
 * Reads scenarios/data/local_authorities.csv (see scenarios/data/README.md for columns and
 * sources). @throws csc::sim::ScenarioError naming the file, line and column of a bad cell.
 */
std::vector<LocalAuthority> load_local_authorities(const std::filesystem::path& path);

/// The LAs' codes, in table order (the `la` axis of every run table).
[[nodiscard]] std::vector<std::string> la_codes_of(const std::vector<LocalAuthority>& las);

}  // namespace csc::agents
