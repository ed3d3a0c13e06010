#include "agents/reform_measures.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "agents/groups.hpp"
#include "agents/levers.hpp"

namespace csc::agents {

namespace {

/// The values of `measure` in a run's summary, by period.
std::map<std::string, double> series(const std::vector<MeasureValue>& values,
                                     const std::string& measure) {
    std::map<std::string, double> out;
    for (const auto& v : values) {
        if (v.measure == measure) out[v.period] = v.value;
    }
    return out;
}

/// Each financial year's lever money of one kind (direct costs, or savings the review counted
/// that the model does not simulate), in pounds: in all ("") and by budget holder (of the
/// levers in force).
std::map<std::string, std::map<std::string, double>> lever_money_gbp(const output::RunRecord& run,
                                                                     LeverMoney kind) {
    const auto levers = recorded_levers(run);
    const auto pence = lever_pence(run, kind);
    const auto& years = run.table(kLeverMoneyTables[static_cast<size_t>(kind)]).axes[0].labels;
    std::map<std::string, std::map<std::string, double>> out;
    for (size_t f = 0; f < years.size(); ++f) {
        std::map<std::string, int64_t> by_holder;
        for (size_t k = 0; k < levers.size(); ++k) {
            by_holder[""] += pence[f][k];
            if (levers[k].on) by_holder[levers[k].holder] += pence[f][k];
        }
        for (const auto& [holder, p] : by_holder) {
            out[holder][years[f]] = static_cast<double>(p) / 100.0;
        }
    }
    return out;
}

}  // namespace

std::vector<ReformMeasures> reform_measures(const output::RunFile& file) {
    const auto attribute = [](const output::RunRecord& r, const char* key) {
        const auto it = r.attributes.find(key);
        return it == r.attributes.end() ? std::string() : it->second;
    };
    const auto find = [&](const std::string& name, uint32_t replicate) {
        for (const auto& r : file.runs) {
            if (r.scenario == name && r.replicate == replicate) return &r;
        }
        return static_cast<const output::RunRecord*>(nullptr);
    };
    std::vector<ReformMeasures> out;
    for (const auto& run : file.runs) {
        if (attribute(run, "role") != "scenario") continue;
        const auto* comparator = find(attribute(run, "comparator_run"), run.replicate);
        if (comparator == nullptr) continue;
        ReformMeasures m{run.scenario, run.replicate, {}};
        const auto base_summary = summarise(*comparator);
        const auto base = series(base_summary, "children_looked_after");
        // The comparator's children looked after (or one group of them) minus `summary`'s.
        const auto reduction = [&](const std::vector<MeasureValue>& summary,
                                   const std::string& measure = "children_looked_after") {
            const auto comparator = series(base_summary, measure);
            auto cla = series(summary, measure);
            for (auto& [period, value] : cla) value = comparator.at(period) - value;
            return cla;
        };
        std::map<std::string, double> total;
        for (const auto& [period, value] : base) total[period] = 0;
        bool any_group = false;
        for (int g = 0; g < kClaGroups; ++g) {
            if (static_cast<ClaGroup>(g) == ClaGroup::None) continue;
            const std::string group = kClaGroupNames[static_cast<size_t>(g)];
            const auto* r = find(run.scenario + ".group." + group, run.replicate);
            if (r == nullptr) continue;
            any_group = true;
            for (const auto& [period, value] : reduction(summarise(*r))) {
                m.values.push_back({"cla_reduction_" + group, period, value});
                total[period] += value;
            }
        }
        const auto own_summary = summarise(run);
        const auto joint = reduction(own_summary);
        // The groups' sum and the interaction only where there are group runs (levers that
        // change rates); the joint reduction always.
        for (const auto& [period, value] : joint) {
            if (any_group) m.values.push_back({"cla_reduction_total", period, total.at(period)});
            m.values.push_back({"cla_reduction_joint", period, value});
            if (any_group) {
                m.values.push_back({"cla_reduction_interaction", period, value - total.at(period)});
            }
        }
        // Who: the joint reduction by ethnic group and by sex.
        std::vector<std::string> groups;
        for (const char* e : kEthnicityNames) groups.push_back(std::string("ethnicity_") + e);
        for (const char* s : kSexNames) groups.push_back(std::string("sex_") + s);
        for (const auto& g : groups) {
            for (const auto& [period, value] : reduction(own_summary, "children_looked_after_" + g))
                m.values.push_back({"cla_reduction_joint_" + g, period, value});
        }
        // Money: the gross saving in section 251 spend, the savings the review counted that
        // the model does not simulate, the levers' gross cost (in all and by budget holder),
        // and the net.
        const auto base_spend = series(base_summary, "spend_gbp");
        const auto spend = series(own_summary, "spend_gbp");
        const bool levers = run.attributes.count("levers") != 0;
        const auto costs = levers ? lever_money_gbp(run, LeverMoney::Cost)
                                  : std::map<std::string, std::map<std::string, double>>{};
        const auto review = levers ? lever_money_gbp(run, LeverMoney::ReviewSaving)
                                   : std::map<std::string, std::map<std::string, double>>{};
        const auto pounds = [](double x) { return std::round(x * 100.0) / 100.0; };
        for (const auto& [period, value] : spend) {
            const double saving = pounds(base_spend.at(period) - value);
            const double cost = costs.count("") != 0 ? costs.at("").at(period) : 0.0;
            const double asserted = review.count("") != 0 ? review.at("").at(period) : 0.0;
            m.values.push_back({"spend_saving_gbp", period, saving});
            m.values.push_back({"review_saving_gbp", period, asserted});
            m.values.push_back({"lever_cost_gbp", period, cost});
            for (const auto& [holder, by_year] : costs) {
                if (!holder.empty()) {
                    m.values.push_back({"lever_cost_gbp_" + holder, period, by_year.at(period)});
                }
            }
            m.values.push_back(
                {"net_public_finance_gbp", period, pounds(saving + asserted - cost)});
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace csc::agents
