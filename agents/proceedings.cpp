#include "agents/proceedings.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>
#include <string>

#include "agents/shares.hpp"

namespace csc::agents {

namespace {
/// The statuses of proceedings.stock_shares, as named in the keys of their age factors.
constexpr std::array<const char*, 5> kStockStatusKeys = {
    "voluntary", "interim_care_order", "care_order", "placement_order", "youth_justice"};
/// Rounds of raking the starting mix to its band and England totals (converged well before).
constexpr int kRakingRounds = 200;

/// Statuses of the resident children looked after at the start by band: England's shares times
/// each status's factor by band (the mix the pathway settles to, calibrated; the data has only
/// England's totals), raked so that every band's shares add up to 1 and England's shares hold over
/// the stock's ages.
std::array<std::array<double, 5>, kAgeBands> starting_mix(
    const sim::ParameterSet& p, const std::array<double, 5>& stock_share) {
    const auto& stock_age = p.array("cla.stock_age_shares", kAgeBands);
    std::array<std::array<double, 5>, kAgeBands> mix{};
    for (size_t k = 0; k < kStockStatusKeys.size(); ++k) {
        const std::string key =
            std::string("calibration.stock_legal_age_factor_") + kStockStatusKeys[k];
        const auto& age_factor = p.array(key, kAgeBands);
        for (int b = 0; b < kAgeBands; ++b) {
            if (!(age_factor[b] >= 0)) throw p.error(key, "expected factors of 0 or more");
            mix[b][k] = stock_share[k] * age_factor[b];
        }
    }
    for (size_t k = 0; k < kStockStatusKeys.size(); ++k) {
        double weight = 0;
        for (int b = 0; b < kAgeBands; ++b) weight += stock_age[b] * mix[b][k];
        if (stock_share[k] > 0 && !(weight > 0)) {
            throw p.error(std::string("calibration.stock_legal_age_factor_") + kStockStatusKeys[k],
                          "is 0 in every age band with children looked after, but "
                          "proceedings.stock_shares gives the status a share");
        }
    }
    for (int round = 0; round < kRakingRounds; ++round) {
        for (auto& band : mix) {
            const double sum = std::accumulate(band.begin(), band.end(), 0.0);
            if (!(sum > 0)) {
                throw p.error("calibration.stock_legal_age_factor_care_order",
                              "leaves an age band with no legal status at the start");
            }
            for (double& x : band) x /= sum;
        }
        for (size_t k = 0; k < mix[0].size(); ++k) {
            double total = 0;
            for (int b = 0; b < kAgeBands; ++b) total += stock_age[b] * mix[b][k];
            for (auto& band : mix) band[k] *= total > 0 ? stock_share[k] / total : 0;
        }
    }
    for (auto& band : mix) {
        const double sum = std::accumulate(band.begin(), band.end(), 0.0);
        for (double& x : band) x /= sum;
    }
    return mix;
}

}  // namespace

ProceedingsParameters ProceedingsParameters::read(const sim::ParameterSet& p) {
    ProceedingsParameters out;
    out.entry_share = shares_of<kLegalEntries>(p, "proceedings.entry_shares");
    out.planned_entry_share = out.entry_share;
    out.planned_entry_share[static_cast<int>(LegalEntry::Detained)] = 0;
    const double planned = 1 - out.entry_share[static_cast<int>(LegalEntry::Detained)];
    for (double& x : out.planned_entry_share) x = planned > 0 ? x / planned : 0;
    out.p_detained_to_order = p.scalar("proceedings.p_detained_to_order");
    out.voluntary_issue_hazard = p.scalar("calibration.voluntary_issue_hazard");
    out.median_months = p.scalar("proceedings.median_months");
    out.within_26_weeks = p.scalar("proceedings.within_26_weeks");
    if (!(out.within_26_weeks > 0 && out.within_26_weeks < 0.5)) {
        throw p.error("proceedings.within_26_weeks",
                      "expected a share between 0 and 0.5 (the median is longer than 26 weeks)");
    }
    if (!(out.median_months > kStatutoryLimitMonths)) {
        throw p.error("proceedings.median_months",
                      "expected more than 6 months (fewer than half the proceedings end within "
                      "26 weeks)");
    }
    // P(length <= 6) = Phi((ln 6 - ln median) / sd) = within_26_weeks.
    const boost::math::normal standard;
    out.log_sd = (std::log(out.median_months) - std::log(kStatutoryLimitMonths)) /
                 -boost::math::quantile(standard, out.within_26_weeks);
    const auto& shape = p.array("proceedings.placement_order_share", kAgeBands);
    const double factor = p.scalar("calibration.placement_order_factor");
    for (int b = 0; b < kAgeBands; ++b)
        out.placement_order_share[b] = std::min(1.0, shape[b] * factor);
    out.adoption_placement_hazard = p.scalar("proceedings.adoption_placement_hazard");
    out.adoption_hazard = p.scalar("proceedings.adoption_hazard");
    out.initial_placed_for_adoption = p.scalar("proceedings.initial_placed_for_adoption_share");
    out.youth_justice_months = p.scalar("proceedings.youth_justice_months");
    out.voluntary_exit_factor = p.scalar("calibration.voluntary_exit_factor");
    // Shares of resident children looked after at the start: voluntary, interim order, care
    // order, placement order, youth justice.
    const auto stock_share = shares_of<5>(p, "proceedings.stock_shares");
    const auto mix = starting_mix(p, stock_share);
    for (int b = 0; b < kAgeBands; ++b) {
        const auto& band = mix[b];
        out.initial_placement_order[b] = band[3];
        const double not_po = 1 - band[3];
        // Others: voluntary, interim order, care order, youth justice (never drawn if 0).
        out.initial_other_share[b] = not_po > 0
                                         ? std::array<double, 4>{band[0] / not_po, band[1] / not_po,
                                                                 band[2] / not_po, band[4] / not_po}
                                         : std::array<double, 4>{1, 0, 0, 0};
    }
    const double po = stock_share[3];
    // Voluntary and youth justice leave at the voluntary factor, orders at 1: the mean over
    // England's starting stock other than placement orders.
    out.mean_exit_factor = po < 1 ? ((stock_share[0] + stock_share[4]) * out.voluntary_exit_factor +
                                     stock_share[1] + stock_share[2]) /
                                        (1 - po)
                                  : 1.0;
    if (!(out.mean_exit_factor > 0)) {
        throw p.error("calibration.voluntary_exit_factor",
                      "leaves no child looked after with a hazard of leaving care");
    }
    return out;
}

int ProceedingsParameters::months(double u, double length_factor) const {
    const boost::math::normal standard;
    const double length = std::exp(std::log(median_months * length_factor) +
                                   log_sd * boost::math::quantile(standard, u));
    return std::max(1, static_cast<int>(std::ceil(length)));
}

}  // namespace csc::agents
