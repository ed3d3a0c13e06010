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
    const std::array<int, 4> others = {0, 1, 2, 4};
    for (int k = 0; k < 4; ++k)
        out.initial_other_share[k] = po < 1 ? stock_share[others[k]] / (1 - po) : 0;
    // Voluntary (0) and youth justice (3) leave at the voluntary factor, orders at 1.
    out.mean_exit_factor =
        (out.initial_other_share[0] + out.initial_other_share[3]) * out.voluntary_exit_factor +
        out.initial_other_share[1] + out.initial_other_share[2];
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
