// The history replay (scenarios/history.toml, 31 March 2017 to 31 March 2022) against the
// official England series it was fitted to, at a sample CI can afford.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "agents/measures.hpp"
#include "agents/simulation.hpp"
#include "sim/csv_table.hpp"
#include "test_support.hpp"

using namespace csc::agents;

namespace {

/// Official England figures: (measure, year) -> value, breakdown "total".
std::map<std::pair<std::string, int>, double> official() {
    const auto table =
        csc::sim::CsvTable::read(csc::test::source_dir() / "scenarios/data/england_history.csv");
    const size_t c_year = table.column("year"), c_measure = table.column("measure"),
                 c_breakdown = table.column("breakdown"), c_value = table.column("value");
    std::map<std::pair<std::string, int>, double> out;
    for (size_t r = 0; r < table.rows(); ++r) {
        if (table.text(r, c_breakdown) != "total") continue;
        out[{table.text(r, c_measure), static_cast<int>(table.required_number(r, c_year))}] =
            table.required_number(r, c_value);
    }
    return out;
}

std::string period(int year, bool stock) {
    if (stock) return std::to_string(year) + "-03-31";
    const int end = year % 100;
    return std::to_string(year - 1) + "-" + (end < 10 ? "0" : "") + std::to_string(end);
}

}  // namespace

TEST_CASE("the history replay follows the official series 2018-2022", "[history][stat]") {
    const Model model = Model::load(csc::test::scenario("history.toml"), {"run.sample=0.2"});
    const auto run = simulate(model, 0);
    const auto values = summarise(run);
    std::map<std::pair<std::string, std::string>, double> sim;
    for (const auto& v : values) sim[{v.measure, v.period}] = v.value;
    const auto obs = official();
    struct Check {
        const char* measure;
        const char* official;
        bool stock;
        double tolerance;  // the bar is 5%; wider where the replay does not yet meet it
    };
    // Flows of a few thousand a year carry about 4% sampling noise at this sample; adoptions and
    // SGOs do not meet 5% in every year even for the whole population (see the closing note of
    // issue 4), so their bar here guards against regressions.
    for (const Check& c : {Check{"children_looked_after", "cla_at_31mar", true, 0.05},
                           Check{"children_in_need", "cin_at_31mar", true, 0.05},
                           Check{"child_protection_plans", "cpp_at_31mar", true, 0.05},
                           Check{"referrals", "referrals", false, 0.05},
                           Check{"section47_enquiries", "s47_enquiries", false, 0.05},
                           Check{"care_leavers_19_21", "care_leavers_19_21", true, 0.08},
                           Check{"uasc_looked_after", "cla_uasc_at_31mar", true, 0.08},
                           Check{"entries_to_care", "cla_started", false, 0.08},
                           Check{"exits_from_care", "cla_ceased", false, 0.06},
                           Check{"child_protection_plans_started", "cpp_started", false, 0.08},
                           Check{"adoptions", "cla_adopted", false, 0.20},
                           Check{"sgo_exits", "cla_ceased_sgo", false, 0.20}}) {
        for (int year = 2018; year <= 2022; ++year) {
            const double s = sim.at({c.measure, period(year, c.stock)});
            const double o = obs.at({c.official, year});
            INFO(c.measure << " " << year << ": simulated " << s << ", official " << o);
            REQUIRE(std::abs(s / o - 1) <= c.tolerance);
        }
    }

    // The LA spread: children looked after per child at 31 March 2022 by LA, simulated (scaled)
    // and official, over the official population of mid-2021. The bar is 0.9 for the
    // whole population (0.974 over the 150 LAs below, 0.908 with the two left out: scenarios/
    // tools/history_fit.py); a fifth of the children adds sampling noise in small LAs (0.94 here).
    // The LA factors (scenarios/parameters/la_history_factors.csv) are fitted to these stocks
    // 2018-2022, so the figure is in-sample.
    const auto la_table =
        csc::sim::CsvTable::read(csc::test::source_dir() / "scenarios/data/la_history.csv");
    std::map<std::pair<std::string, std::string>, double> la_obs;
    for (size_t r = 0; r < la_table.rows(); ++r) {
        const std::string year = la_table.text(r, la_table.column("year"));
        const std::string measure = la_table.text(r, la_table.column("measure"));
        if ((year == "2022" && measure == "cla_at_31mar") ||
            (year == "2021" && measure == "population_0_17")) {
            la_obs[{la_table.text(r, la_table.column("la_code")), measure}] =
                la_table.required_number(r, la_table.column("value"));
        }
    }
    const auto& stocks = csc::test::table(run, "stocks_31mar");
    const auto& scale = csc::test::table(run, "la_scale");
    const size_t snapshot =
        static_cast<size_t>(csc::test::label_index(stocks.axes[0], "2022-03-31"));
    const size_t n_la = stocks.axes[1].labels.size(), n_state = stocks.axes[2].labels.size();
    std::vector<double> xs, ys;
    for (size_t l = 0; l < n_la; ++l) {
        const std::string& code = stocks.axes[1].labels[l];
        // City of London and the Isles of Scilly: heavily suppressed in the data (its README),
        // a few children each (scenarios/tools/series.py SUPPRESSED_LAS).
        if (code == "E09000001" || code == "E06000053") continue;
        const auto cla = la_obs.find({code, "cla_at_31mar"});
        const auto pop = la_obs.find({code, "population_0_17"});
        if (cla == la_obs.end() || pop == la_obs.end()) continue;
        double looked_after = 0;
        for (size_t k = 0; k < n_state; ++k) {
            if (stocks.axes[2].labels[k].rfind("looked_after_", 0) == 0) {
                looked_after +=
                    static_cast<double>(stocks.integers[(snapshot * n_la + l) * n_state + k]);
            }
        }
        xs.push_back(looked_after * scale.reals[l] / pop->second);
        ys.push_back(cla->second / pop->second);
    }
    REQUIRE(xs.size() >= 150);
    const auto mean = [](const std::vector<double>& v) {
        double s = 0;
        for (const double x : v) s += x;
        return s / static_cast<double>(v.size());
    };
    const double mx = mean(xs), my = mean(ys);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t k = 0; k < xs.size(); ++k) {
        sxy += (xs[k] - mx) * (ys[k] - my);
        sxx += (xs[k] - mx) * (xs[k] - mx);
        syy += (ys[k] - my) * (ys[k] - my);
    }
    const double correlation = sxy / std::sqrt(sxx * syy);
    INFO("LA correlation of looked-after rates, 31 March 2022: " << correlation);
    REQUIRE(correlation >= 0.92);
}
