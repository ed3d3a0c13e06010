#include "agents/investment_table.hpp"

#include <map>
#include <stdexcept>

#include "agents/levers.hpp"
#include "agents/measures.hpp"
#include "output/error.hpp"
#include "sim/csv_table.hpp"
#include "sim/month.hpp"

namespace csc::agents {

namespace {

/// Per financial year of a run: England's section 251 spend and each lever's direct cost, in
/// pence (means over the replicates added).
struct Money {
    std::vector<double> s251;                ///< [fy]
    std::vector<double> cost_index;          ///< [fy]: 1 in cash; else england_cost_index
    std::vector<std::vector<double>> lever;  ///< [fy][lever]: direct cost less review saving
    int replicates = 0;
};

void add_run(const output::RunRecord& run, Prices prices, Money& m) {
    const auto spend = england_spend_pence(run);
    const size_t years = spend.size();
    const auto index =
        prices == Prices::Constant ? england_cost_index(run) : std::vector<double>(years, 1.0);
    // A run without a lever table (a comparator of the user's own) has no lever costs. A saving
    // the review counted that the model does not simulate offsets the lever's cost.
    const bool levers = run.attributes.count("levers") != 0;
    const auto costs = levers ? lever_pence(run) : std::vector<std::vector<int64_t>>(years);
    const auto savings = levers ? lever_pence(run, LeverMoney::ReviewSaving)
                                : std::vector<std::vector<int64_t>>(years);
    m.s251.resize(years, 0.0);
    m.cost_index.resize(years, 0.0);
    m.lever.resize(years);
    for (size_t f = 0; f < years; ++f) {
        m.s251[f] += spend[f];
        m.cost_index[f] += index[f];
        m.lever[f].resize(costs[f].size(), 0.0);
        for (size_t k = 0; k < costs[f].size(); ++k) {
            m.lever[f][k] += static_cast<double>(costs[f][k] - savings[f][k]);
        }
    }
    ++m.replicates;
}

Money mean(Money m) {
    for (double& x : m.s251) x /= m.replicates;
    for (double& x : m.cost_index) x /= m.replicates;
    for (auto& row : m.lever) {
        for (double& x : row) x /= m.replicates;
    }
    return m;
}

/// The reform scenario's run (role "scenario", with levers).
const output::RunRecord& scenario_run(const output::RunFile& file) {
    for (const auto& r : file.runs) {
        const auto role = r.attributes.find("role");
        if (role != r.attributes.end() && role->second == "scenario" &&
            r.attributes.count("levers") != 0) {
            return r;
        }
    }
    throw output::OutputError(
        "the run file has no reform scenario with levers (run a scenario with a comparator "
        "and a lever table, e.g. scenarios/review.toml)");
}

}  // namespace

std::string price_base(const output::RunFile& file) {
    const auto& run = scenario_run(file);
    const auto it = run.attributes.find("price_year");
    int year = 0;
    try {
        year = it == run.attributes.end() ? 0 : std::stoi(it->second);
    } catch (const std::exception&) {
        year = 0;
    }
    if (year < 1901) throw output::OutputError("run " + run.scenario + ": no price_year");
    return sim::financial_year_label(year);
}

std::vector<InvestmentValue> investment_table(const output::RunFile& file, Prices prices) {
    const output::RunRecord* main = &scenario_run(file);
    const std::string comparator = main->attributes.at("comparator_run");
    std::map<std::string, Money> money;
    for (const auto& r : file.runs) add_run(r, prices, money[r.scenario]);
    if (comparator.empty() || money.count(comparator) == 0) {
        throw output::OutputError("the run file has no comparator run for " + main->scenario);
    }
    for (auto& [name, m] : money) m = mean(std::move(m));
    const Money& base = money.at(comparator);
    const Money& joint = money.at(main->scenario);
    const std::vector<RecordedLever> levers = recorded_levers(*main);
    int first_year = 0;
    try {
        first_year = std::stoi(main->attributes.at("programme_first_year"));
    } catch (const std::exception&) {
        throw output::OutputError("run " + main->scenario + ": no programme_first_year");
    }
    const auto& fy_labels = main->table("spend").axes[0].labels;

    // Per lever and year, in pence: its direct cost and the change in s251 spend of its own run.
    const size_t years = fy_labels.size();
    const size_t n = levers.size();
    std::vector<std::vector<double>> cost(n, std::vector<double>(years, 0.0));
    std::vector<std::vector<double>> change(n, std::vector<double>(years, 0.0));
    std::vector<std::vector<double>> joint_cost(n, std::vector<double>(years, 0.0));
    std::vector<double> change_sum(years, 0.0);
    for (size_t k = 0; k < n; ++k) {
        if (!levers[k].on) continue;
        const auto own = money.find(main->scenario + ".only." + levers[k].id);
        for (size_t f = 0; f < years; ++f) {
            joint_cost[k][f] = joint.lever[f][k];
            if (own != money.end()) {
                cost[k][f] = own->second.lever[f][k];
                change[k][f] = own->second.s251[f] - base.s251[f];
            } else {
                cost[k][f] = joint.lever[f][k];  // costs only: the same in any run with it on
            }
            change_sum[f] += change[k][f];
        }
    }

    // Each year's deflator: 1 in cash; else the comparator's cost index.
    const std::vector<double>& deflator = base.cost_index;
    std::vector<InvestmentValue> out;
    const auto emit = [&](const char* method, const std::string& row,
                          const std::vector<double>& pence) {
        for (size_t f = 0; f < years; ++f) {
            const int y = std::stoi(fy_labels[f].substr(0, 4)) + 1 - first_year + 1;
            if (y < 1) continue;
            out.push_back({method, row, "Y" + std::to_string(y),
                           pence[f] == 0.0 ? 0.0 : -pence[f] / deflator[f] / 1e8});
        }
    };
    for (const char* method : {"additive", "joint"}) {
        const bool additive = std::string(method) == "additive";
        // A lever's pence in this method: its cost plus its (share of the) change in spend.
        std::vector<std::vector<double>> value(n, std::vector<double>(years, 0.0));
        std::vector<double> total(years, 0.0);
        for (size_t f = 0; f < years; ++f) {
            const double joint_change = joint.s251[f] - base.s251[f];
            for (size_t k = 0; k < n; ++k) {
                if (!levers[k].on) continue;
                if (additive) {
                    value[k][f] = cost[k][f] + change[k][f];
                } else {
                    const double share = change_sum[f] != 0.0 ? change[k][f] / change_sum[f] : 0.0;
                    value[k][f] = joint_cost[k][f] + share * joint_change;
                }
                total[f] += value[k][f];
            }
            // The joint run's change in spend that no lever's own run shows (no lever changes
            // rates alone, yet together they do) stays in the total.
            if (!additive && change_sum[f] == 0.0) total[f] += joint_change;
        }
        std::string category;
        for (size_t k = 0; k < n; ++k) {
            if (!levers[k].on) continue;
            if (levers[k].category != category) {
                category = levers[k].category;
                if (category != levers[k].row) {
                    std::vector<double> sum(years, 0.0);
                    for (size_t j = k; j < n && levers[j].category == category; ++j) {
                        if (!levers[j].on) continue;
                        for (size_t f = 0; f < years; ++f) sum[f] += value[j][f];
                    }
                    emit(method, category, sum);
                }
            }
            emit(method, levers[k].row, value[k]);
        }
        emit(method, kTotalRow, total);
    }
    return out;
}

}  // namespace csc::agents
