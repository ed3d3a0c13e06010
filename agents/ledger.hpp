// The spending ledger: section 251 lines, what drives each, and their unit costs.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "agents/levers.hpp"
#include "sim/month.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/**
 * Lines of the ledger: the section 251 children's social care lines of the review's spend
 * definition (seed 001 footnote 1, line 398: every children's and young people's services line
 * except 3.4.5, 3.5.1, 3.0.1-3.0.4 and 3.6.1). Each modelled line is its driver's child-months
 * times a unit cost; the last holds the lines the model does not drive.
 */
enum class LedgerLine : uint8_t {
    ResidentialCare = 0,         ///< 3.1.1: children's homes, secure and other residential
    Fostering,                   ///< 3.1.2: kinship, LA and agency foster placements
    AdoptionServices,            ///< 3.1.3: children placed for adoption
    SpecialGuardianshipSupport,  ///< 3.1.4: children living under an SGO
    OtherLookedAfter,            ///< 3.1.5, 3.1.6, 3.1.8: every child looked after
    FamilyAndFriends,            ///< 3.1.7: children under a kinship child arrangements order
    LeavingCare,                 ///< 3.1.9: care leavers aged 18-24
    AsylumSeekers,               ///< 3.1.10: unaccompanied children looked after
    SocialWork,                  ///< 3.3.1, 3.3.2: children in need (incl. plans, looked after)
    TargetedFamilySupport,       ///< 3.4.4: targeted early help
    OtherServices,  ///< 3.2.1, 3.3.3, 3.4.1-3.4.3, 3.5.2, 4.0.1: not driven by the model
};
inline constexpr int kLedgerLines = 11;
inline constexpr std::array<const char*, kLedgerLines> kLedgerLineNames = {
    "s251_3_1_1_residential_care",       "s251_3_1_2_fostering",
    "s251_3_1_3_adoption_services",      "s251_3_1_4_special_guardianship_support",
    "s251_3_1_5_6_8_other_looked_after", "s251_3_1_7_family_and_friends",
    "s251_3_1_9_leaving_care",           "s251_3_1_10_asylum_seekers",
    "s251_3_3_1_2_social_work",          "s251_3_4_4_targeted_family_support",
    "s251_other_lines_not_modelled",
};

/// Unit costs (2021-22) and their trends, from scenarios/parameters/ledger.toml.
class LedgerParameters {
  public:
    LedgerParameters() = default;
    /// Levers on prices (price_residential, price_fostering) scale their lines' unit costs.
    /// @throws csc::sim::ScenarioError for a missing or out-of-range parameter.
    LedgerParameters(const sim::ParameterSet& p, const sim::Timeline& timeline,
                     const std::vector<Lever>& levers = {});

    /// Pence per child-month of the line's driver in financial year f (cash when the unit-cost
    /// trends apply, else 2021-22 prices).
    [[nodiscard]] int64_t unit_pence(int32_t f, LedgerLine line) const {
        return unit_pence_[static_cast<size_t>(f) * kLedgerLines + static_cast<size_t>(line)];
    }
    /// Pence per month, England, of the lines the model does not drive, in financial year f.
    [[nodiscard]] int64_t other_services_pence(int32_t f) const {
        return other_pence_[static_cast<size_t>(f)];
    }
    /// The line's inflation index in financial year f: its unit cost over its 2021-22 unit cost
    /// from the unit-cost trend alone (1 when the trends do not apply; a lever on the price is a
    /// real change, not inflation, so it is not in the index).
    [[nodiscard]] double cost_index(int32_t f, LedgerLine line) const {
        return index_[static_cast<size_t>(f) * kLedgerLines + static_cast<size_t>(line)];
    }

  private:
    std::vector<int64_t> unit_pence_;   ///< [financial year][line]
    std::vector<int64_t> other_pence_;  ///< [financial year]
    std::vector<double> index_;         ///< [financial year][line]
};

}  // namespace csc::agents
