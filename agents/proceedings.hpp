// Legal status of looked-after children and the care proceedings that change it.
#pragma once

#include <array>
#include <cstdint>

#include "agents/age_band.hpp"
#include "sim/scenario/parameter_set.hpp"

namespace csc::agents {

/**
 * Legal status of a looked-after child (DfE CLA legal status groups). Children detained for their
 * protection (police protection, emergency protection order) move on within days, so the model
 * counts them on entry and then holds them under an interim order or by agreement.
 */
enum class LegalStatus : uint8_t {
    None = 0,        ///< not looked after
    Voluntary,       ///< accommodated by agreement (Children Act 1989 section 20)
    InterimOrder,    ///< interim care order: care proceedings under way
    CareOrder,       ///< full care order: the proceedings ended with the child in care
    PlacementOrder,  ///< placement order: the court has authorised placement for adoption
    YouthJustice,    ///< remand, or accommodated under PACE
};
inline constexpr int kLegalStatuses = 6;
inline constexpr std::array<const char*, kLegalStatuses> kLegalStatusNames = {
    "none", "voluntary", "interim_care_order", "care_order", "placement_order", "youth_justice"};

/// 26 weeks, the statutory limit for care proceedings (Children and Families Act 2014), in the
/// model's whole months: proceedings of 6 months or fewer are within it.
inline constexpr int kStatutoryLimitMonths = 6;

/// How a child starts to be looked after (DfE starts by legal status, grouped).
enum class LegalEntry : uint8_t { Voluntary = 0, CourtOrder, Detained, YouthJustice };
inline constexpr int kLegalEntries = 4;

/// The proceedings parameters (scenarios/parameters/proceedings.toml and calibration.toml).
struct ProceedingsParameters {
    /// Shares of resident children's starts: voluntary, court order, detained, youth justice.
    std::array<double, kLegalEntries> entry_share{};
    /// The same without the detained (who are the entries at referral), renormalised: the
    /// statuses of the other entries.
    std::array<double, kLegalEntries> planned_entry_share{};
    double p_detained_to_order = 0;  ///< of children detained, who then come under an order
    /// Monthly probability that proceedings are issued for a child accommodated by agreement.
    double voluntary_issue_hazard = 0;
    double median_months = 0;    ///< median length of care proceedings
    double within_26_weeks = 0;  ///< share of proceedings completed within 26 weeks
    double log_sd = 0;           ///< sd of log length, from the two above
    /// Share of proceedings ending with the child in care that end in a placement order, by age.
    std::array<double, kAgeBands> placement_order_share{};
    /// Monthly hazard that a child under a placement order, not yet placed for adoption, is
    /// placed with prospective adopters.
    double adoption_placement_hazard = 0;
    /// Monthly hazard that a child placed for adoption is adopted (the adoption order).
    double adoption_hazard = 0;
    /// Of the children under a placement order at the start, the share placed for adoption.
    double initial_placed_for_adoption = 0;
    double youth_justice_months = 0;  ///< mean months on remand before accommodation by agreement
    /// Hazard of leaving care of children accommodated by agreement or on remand relative to
    /// children under an interim or full care order of the same age.
    double voluntary_exit_factor = 1;
    /// The factor on the hazard of leaving care (cla.exit_hazard) of a child looked after with
    /// legal status s: the relative hazards scaled so that they average 1 over the starting
    /// stock's statuses (other than placement orders), so cla.exit_hazard keeps its meaning.
    [[nodiscard]] double exit_factor(LegalStatus s) const {
        const bool voluntary = s == LegalStatus::Voluntary || s == LegalStatus::YouthJustice;
        return (voluntary ? voluntary_exit_factor : 1.0) / mean_exit_factor;
    }
    double mean_exit_factor = 1;  ///< the relative hazards' mean over the starting statuses

    /// Of the resident children looked after at the start in each age band, the share under a
    /// placement order, and the shares of the other statuses in the rest: England's shares
    /// (proceedings.stock_shares) spread over the bands by calibration.stock_legal_age_factor_*,
    /// the mix of each band that the pathway settles to.
    std::array<double, kAgeBands> initial_placement_order{};
    /// By band, of those not under a placement order: voluntary, interim order, care order, youth
    /// justice.
    std::array<std::array<double, 4>, kAgeBands> initial_other_share{};

    /// The mean of exit_factor over band b's starting statuses other than placement orders: the
    /// band's hazards of leaving care are divided by it, so that they average the band's hazard
    /// (cla.exit_hazard) at the start.
    [[nodiscard]] double band_exit_factor(int b) const {
        const auto& s = initial_other_share[b];
        return ((s[0] + s[3]) * voluntary_exit_factor + s[1] + s[2]) / mean_exit_factor;
    }

    /// @throws csc::sim::ScenarioError for a missing or inconsistent parameter.
    static ProceedingsParameters read(const sim::ParameterSet& p);

    /// Whole months that proceedings last (at least 1), from a uniform draw u in (0, 1): log-normal
    /// with the median (times `length_factor`, its trend) and the spread that puts
    /// within_26_weeks of them within 6 months at the parameters' median.
    [[nodiscard]] int months(double u, double length_factor = 1) const;
};

}  // namespace csc::agents
