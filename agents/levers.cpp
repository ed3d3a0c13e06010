#include "agents/levers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "agents/named_values.hpp"
#include "output/error.hpp"
#include "sim/csv_table.hpp"

namespace csc::agents {

namespace {

/// A whole year ending 31 March, from a parameter.
int year_parameter(const sim::ParameterSet& p, const std::string& name) {
    const double y = p.scalar(name);
    if (y != std::floor(y) || y < 1900 || y > 2200) {
        throw p.error(name, "expected a year ending 31 March, from 1900 to 2200");
    }
    return static_cast<int>(y);
}

}  // namespace

double Lever::phase(int year) const {
    if (year < effect_start_year) return 0.0;
    return std::min(1.0, (year - effect_start_year + 1) / (ramp_years + 1));
}

bool Lever::has_mechanism() const {
    return std::any_of(effect.begin(), effect.end(), [](double e) { return e != 0.0; });
}

std::vector<Lever> load_levers(const std::filesystem::path& path, const sim::ParameterSet& p,
                               const sim::Timeline& timeline,
                               const std::vector<std::string>& la_codes) {
    const auto table = sim::CsvTable::read(path);
    const size_t c_lever = table.column("lever");
    const size_t c_row = table.column("row");
    const size_t c_category = table.column("category");
    const size_t c_group = table.column("cla_group");
    const size_t c_holder = table.column("budget_holder");
    const size_t c_coverage = table.column("coverage");
    const size_t c_source = table.column("source");
    const int first_year = year_parameter(p, "lever.programme_first_year");
    std::vector<Lever> levers;
    for (size_t r = 0; r < table.rows(); ++r) {
        Lever v;
        v.id = table.text(r, c_lever);
        if (v.id.empty()) throw table.cell_error(r, c_lever, "every lever needs an id");
        for (const auto& other : levers) {
            if (other.id == v.id) throw table.cell_error(r, c_lever, "lever listed twice");
        }
        v.row = table.text(r, c_row);
        v.category = table.text(r, c_category);
        if (v.row.empty()) throw table.cell_error(r, c_row, "every lever needs a row name");
        if (v.category.empty()) v.category = v.row;
        const auto group = index_named(kClaGroupNames, table.text(r, c_group));
        if (!group) {
            throw table.cell_error(r, c_group, "expected one of " + names_list(kClaGroupNames));
        }
        v.group = static_cast<ClaGroup>(*group);
        const auto holder = index_named(kBudgetHolderNames, table.text(r, c_holder));
        if (!holder) {
            throw table.cell_error(r, c_holder,
                                   "expected one of " + names_list(kBudgetHolderNames));
        }
        v.holder = static_cast<BudgetHolder>(*holder);
        // Coverage: every LA, or its pathfinders by LA code ("E09000026;E08000003").
        const std::string coverage = table.text(r, c_coverage);
        if (coverage != "all") {
            v.covered.assign(la_codes.size(), 0);
            size_t from = 0;
            while (from <= coverage.size()) {
                const size_t to = std::min(coverage.find(';', from), coverage.size());
                const std::string code = coverage.substr(from, to - from);
                const auto at = std::find(la_codes.begin(), la_codes.end(), code);
                if (at == la_codes.end()) {
                    throw table.cell_error(r, c_coverage,
                                           "expected 'all' or LA codes of the LA table separated "
                                           "by ';'; no LA '" +
                                               code + "'");
                }
                v.covered[static_cast<size_t>(at - la_codes.begin())] = 1;
                from = to + 1;
            }
        }
        v.source = table.text(r, c_source);
        if (v.source.empty()) throw table.cell_error(r, c_source, "every lever needs a source");

        const std::string key = "lever." + v.id + ".";
        const double on = p.scalar(key + "on");
        if (on != 0.0 && on != 1.0) throw p.error(key + "on", "expected 0 (off) or 1 (on)");
        v.on = on == 1.0;
        // Costs (required) and savings the model does not simulate (optional), by programme
        // year from lever.programme_first_year, onto the run's financial years.
        const auto by_year = [&](const std::string& name, bool required, const char* rule) {
            std::vector<double> out(static_cast<size_t>(timeline.financial_years()), 0.0);
            if (!required && !p.contains(name)) return out;
            const auto& values = p.array(name);
            for (double x : values) {
                if (!(x >= 0)) throw p.error(name, rule);
            }
            for (int32_t f = 0; f < timeline.financial_years(); ++f) {
                const int k = timeline.fy_end_year(f) - first_year;
                if (k >= 0 && k < static_cast<int>(values.size()))
                    out[static_cast<size_t>(f)] = values[static_cast<size_t>(k)];
            }
            return out;
        };
        v.cost_gbp_m = by_year(key + "cost_gbp_m", true,
                               "expected costs of 0 or more (a cost is gross; a saving the review "
                               "counted goes in review_saving_gbp_m)");
        v.review_saving_gbp_m = by_year(key + "review_saving_gbp_m", false,
                                        "expected savings of 0 or more (a cost goes in "
                                        "cost_gbp_m)");
        v.effect_start_year = year_parameter(p, key + "effect_start_year");
        v.ramp_years = p.scalar(key + "ramp_years");
        if (!(v.ramp_years >= 0)) throw p.error(key + "ramp_years", "expected 0 or more years");
        // Mechanism: lever.<id>.effect.<rate group>, any number of them.
        const std::string effect_key = key + "effect.";
        for (auto it = p.all().lower_bound(effect_key);
             it != p.all().end() && it->first.compare(0, effect_key.size(), effect_key) == 0;
             ++it) {
            const std::string name = it->first.substr(effect_key.size());
            const auto g = index_named(kRateGroupNames, name);
            if (!g) {
                throw p.error(it->first, "unknown rate group '" + name + "'; expected one of " +
                                             names_list(kRateGroupNames));
            }
            const double e = p.scalar(it->first);
            // A share can only shrink, to none; other rates can fall by less than all.
            const auto group = static_cast<RateGroup>(*g);
            const bool share = is_share_group(group);
            if (share && !(e >= -1.0 && e <= 0.0)) {
                throw p.error(it->first, "expected a relative change from -1 to 0");
            }
            if (!share && !(e > -1.0)) {
                throw p.error(it->first, "expected a relative change above -1");
            }
            const bool local =
                std::find(kLaRateGroups.begin(), kLaRateGroups.end(), group) != kLaRateGroups.end();
            if (!v.covered.empty() && e != 0.0 && !local) {
                throw p.error(it->first, "lever '" + v.id +
                                             "' covers some LAs only, so it can change only "
                                             "referral, section47, plan, plan_end, cin_close, "
                                             "care_entry or care_exit");
            }
            v.effect[static_cast<size_t>(*g)] = e;
        }
        // A saving is simulated (a mechanism) or the review's (review_saving_gbp_m), not both.
        const bool saves = std::any_of(v.review_saving_gbp_m.begin(), v.review_saving_gbp_m.end(),
                                       [](double x) { return x > 0; });
        if (saves && v.has_mechanism()) {
            throw p.error(key + "review_saving_gbp_m",
                          "lever '" + v.id +
                              "' has a mechanism, so its saving is simulated; a review saving "
                              "besides would count it twice");
        }
        levers.push_back(std::move(v));
    }
    // Every lever parameter belongs to a listed lever (a misspelt id would otherwise be ignored).
    for (auto it = p.all().lower_bound("lever.");
         it != p.all().end() && it->first.compare(0, 6, "lever.") == 0; ++it) {
        const std::string rest = it->first.substr(6);
        const std::string id = rest.substr(0, rest.find('.'));
        const bool known =
            rest.find('.') == std::string::npos ||
            std::any_of(levers.begin(), levers.end(), [&](const Lever& v) { return v.id == id; });
        if (!known) {
            throw p.error(it->first, "no lever '" + id + "' in the lever table " + path.string());
        }
    }
    return levers;
}

double lever_factor(const std::vector<Lever>& levers, RateGroup group, int year) {
    double f = 1;
    for (const auto& v : levers) {
        if (v.covered.empty()) f *= v.factor(group, year);
    }
    return f;
}

double local_lever_factor(const std::vector<Lever>& levers, RateGroup group, int year, size_t la) {
    double f = 1;
    for (const auto& v : levers) {
        if (!v.covered.empty() && v.covers(la)) f *= v.factor(group, year);
    }
    return f;
}

output::Table lever_money_table(const std::vector<Lever>& levers, LeverMoney kind,
                                const std::vector<double>& population_share,
                                const std::vector<std::string>& fy_labels,
                                const std::vector<std::string>& la_codes) {
    std::vector<std::string> ids;
    for (const auto& v : levers) ids.push_back(v.id);
    const bool cost = kind == LeverMoney::Cost;
    output::Table t{
        kLeverMoneyTables[static_cast<size_t>(kind)],
        "pence",
        std::string(cost ? "Gross direct cost of each reform lever"
                         : "Saving the review counted for each lever's row that the model does "
                           "not simulate") +
            " by financial year and LA (England's pence, not sampled: the lever's amount spread "
            "over the LAs it covers by their children)",
        {{"financial_year", fy_labels}, {"la", la_codes}, {"lever", ids}},
        {},
        {}};
    const size_t n_la = la_codes.size();
    t.integers.assign(fy_labels.size() * n_la * levers.size(), 0);
    for (size_t k = 0; k < levers.size(); ++k) {
        if (!levers[k].on) continue;
        // The LAs it covers share its cost by their children (every LA: England's shares as
        // they are).
        const Lever& v = levers[k];
        double covered_share = 0;
        size_t last = 0;
        for (size_t l = 0; l < n_la; ++l) {
            if (!v.covers(l)) continue;
            covered_share += population_share[l];
            last = l;
        }
        const double norm = v.covered.empty() ? 1.0 : covered_share;
        for (size_t f = 0; f < fy_labels.size(); ++f) {
            // Cumulative rounding: each LA gets the difference of the rounded running totals, so
            // no penny is lost or made.
            const double pence = (cost ? v.cost_gbp_m[f] : v.review_saving_gbp_m[f]) * 1e8;
            double cumulative = 0;
            int64_t given = 0;
            for (size_t l = 0; l <= last; ++l) {
                if (!v.covers(l)) continue;
                cumulative += population_share[l] / norm;
                const int64_t upto =
                    l == last ? std::llround(pence) : std::llround(pence * cumulative);
                t.integers[(f * n_la + l) * levers.size() + k] = upto - given;
                given = upto;
            }
        }
    }
    return t;
}

std::string levers_csv(const std::vector<Lever>& levers) {
    const auto& cell = sim::csv_cell;
    std::string out = "lever,row,category,cla_group,budget_holder,on\n";
    for (const auto& v : levers) {
        out += cell(v.id) + ',' + cell(v.row) + ',' + cell(v.category) + ',' +
               kClaGroupNames[static_cast<size_t>(v.group)] + ',' +
               kBudgetHolderNames[static_cast<size_t>(v.holder)] + ',' + (v.on ? "1" : "0") + '\n';
    }
    return out;
}

std::vector<RecordedLever> recorded_levers(const output::RunRecord& run) {
    const auto it = run.attributes.find("levers");
    if (it == run.attributes.end()) {
        throw output::OutputError("run " + run.scenario + " has no levers");
    }
    const auto t = sim::CsvTable::parse(it->second, "run " + run.scenario + " attribute 'levers'");
    std::vector<RecordedLever> out;
    for (size_t r = 0; r < t.rows(); ++r) {
        out.push_back({t.text(r, t.column("lever")), t.text(r, t.column("row")),
                       t.text(r, t.column("category")), t.text(r, t.column("cla_group")),
                       t.text(r, t.column("budget_holder")), t.text(r, t.column("on")) == "1"});
    }
    return out;
}

std::vector<std::vector<int64_t>> lever_pence(const output::RunRecord& run, LeverMoney kind) {
    const auto levers = recorded_levers(run);
    const std::string name = kLeverMoneyTables[static_cast<size_t>(kind)];
    const auto& t = run.table(name);
    const auto& ids = t.axes[2].labels;
    for (size_t k = 0; k < std::max(ids.size(), levers.size()); ++k) {
        if (k >= ids.size() || k >= levers.size() || ids[k] != levers[k].id) {
            throw output::OutputError("run " + run.scenario + ": the " + name +
                                      " table's levers are not its lever table's");
        }
    }
    const size_t years = t.axes[0].labels.size();
    const size_t n_la = t.axes[1].labels.size();
    std::vector<std::vector<int64_t>> out(years, std::vector<int64_t>(ids.size(), 0));
    for (size_t f = 0; f < years; ++f) {
        for (size_t l = 0; l < n_la; ++l) {
            for (size_t k = 0; k < ids.size(); ++k) {
                out[f][k] += t.integers[(f * n_la + l) * ids.size() + k];
            }
        }
    }
    return out;
}

}  // namespace csc::agents
