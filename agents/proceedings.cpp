#include "agents/proceedings.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>

#include "agents/shares.hpp"

namespace csc::agents {

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
    out.adoption_hazard = p.scalar("proceedings.adoption_hazard");
    out.youth_justice_months = p.scalar("proceedings.youth_justice_months");
    out.voluntary_exit_factor = p.scalar("calibration.voluntary_exit_factor");
    // Shares of resident children looked after at the start: voluntary, interim order, care
    // order, placement order, youth justice.
    const auto stock_share = shares_of<5>(p, "proceedings.stock_shares");
    // Placement orders at the start, by band: in proportion to the band's children looked after
    // times its placement order share (so mostly under 5s), adding up to England's share.
    const auto& stock_age = p.array("cla.stock_age_shares", kAgeBands);
    double weighted = 0;
    for (int b = 0; b < kAgeBands; ++b) weighted += stock_age[b] * shape[b];
    const double po = stock_share[3];
    for (int b = 0; b < kAgeBands; ++b)
        out.initial_placement_order[b] = weighted > 0 ? std::min(1.0, po * shape[b] / weighted) : 0;
    // Interim orders by band: England's share of them times the band's factor, scaled so that
    // they add up to England's share over the stock, and at most what placement orders leave.
    const auto& interim_factor = p.array("proceedings.interim_order_age_factor", kAgeBands);
    double interim_weighted = 0;
    for (int b = 0; b < kAgeBands; ++b) interim_weighted += stock_age[b] * interim_factor[b];
    if (!(interim_weighted > 0)) {
        throw p.error("proceedings.interim_order_age_factor",
                      "expected a positive factor for some band with children looked after");
    }
    const double others_total = stock_share[0] + stock_share[2] + stock_share[4];
    for (int b = 0; b < kAgeBands; ++b) {
        const double not_po = 1 - out.initial_placement_order[b];
        auto& s = out.initial_other_share[b];
        if (!(not_po > 0)) {
            s = {1, 0, 0, 0};  // never drawn: every child of the band is under a placement order
            continue;
        }
        const double interim =
            std::min(not_po, stock_share[1] * interim_factor[b] / interim_weighted);
        s[1] = interim / not_po;
        const double rest = 1 - s[1];
        s[0] = others_total > 0 ? rest * stock_share[0] / others_total : 0;
        s[2] = others_total > 0 ? rest * stock_share[2] / others_total : rest;
        s[3] = others_total > 0 ? rest * stock_share[4] / others_total : 0;
    }
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
