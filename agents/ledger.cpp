#include "agents/ledger.hpp"

#include <cmath>
#include <string>

namespace csc::agents {

LedgerParameters::LedgerParameters(const sim::ParameterSet& p, const sim::Timeline& timeline,
                                   const std::vector<Lever>& levers) {
    // In financial year Y-1 to Y a unit cost is its 2021-22 value times
    // (1 + trend) ^ (applied x (Y - price year)), times the factors of the levers on its price.
    const double applied = p.scalar("ledger.unit_cost_trend_applied");
    const double price_year = p.scalar("ledger.price_year");
    const int32_t years = timeline.financial_years();
    unit_pence_.assign(static_cast<size_t>(years) * kLedgerLines, 0);
    other_pence_.assign(static_cast<size_t>(years), 0);
    index_.assign(static_cast<size_t>(years) * kLedgerLines, 1.0);
    for (int l = 0; l < kLedgerLines; ++l) {
        const std::string name = std::string("ledger.") + kLedgerLineNames[l];
        const double base = p.scalar(name + ".gbp_per_unit_month");
        const double trend = p.scalar(name + ".trend");
        for (int32_t f = 0; f < years; ++f) {
            const int year = timeline.fy_end_year(f);
            const double inflation = std::pow(1.0 + trend, applied * (year - price_year));
            index_[static_cast<size_t>(f) * kLedgerLines + static_cast<size_t>(l)] = inflation;
            double factor = inflation;
            if (static_cast<LedgerLine>(l) == LedgerLine::ResidentialCare) {
                factor *= lever_factor(levers, RateGroup::PriceResidential, year);
            } else if (static_cast<LedgerLine>(l) == LedgerLine::Fostering) {
                factor *= lever_factor(levers, RateGroup::PriceFostering, year);
            }
            const auto pence = std::llround(base * factor * 100.0);
            if (static_cast<LedgerLine>(l) == LedgerLine::OtherServices) {
                other_pence_[static_cast<size_t>(f)] = pence;
            } else {
                unit_pence_[static_cast<size_t>(f) * kLedgerLines + static_cast<size_t>(l)] = pence;
            }
        }
    }
}

}  // namespace csc::agents
