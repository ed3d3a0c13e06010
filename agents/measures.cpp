#include "agents/measures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "agents/age_band.hpp"
#include "agents/care_leavers.hpp"
#include "agents/care_state.hpp"
#include "agents/groups.hpp"
#include "agents/proceedings.hpp"
#include "output/error.hpp"
#include "sim/month.hpp"

namespace csc::agents {

namespace {

/// The starting stock is dated the day before the first simulated month (31 March for an April
/// start); nothing if the run has no start attribute.
std::optional<std::string> start_period(const output::RunRecord& run) {
    const auto start = run.attributes.find("start");
    const auto date = start == run.attributes.end() ? std::nullopt : sim::parse_date(start->second);
    if (!date) return std::nullopt;
    return sim::Date{date->year, date->month, 1}.previous_day().to_string();
}

/// LAs are ranked into this many groups by deprivation.
constexpr size_t kDeprivationGroups = 5;

int index_of(const std::vector<std::string>& labels, const std::string& label) {
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] == label) return static_cast<int>(i);
    }
    throw output::OutputError("run file has no label '" + label + "'");
}

// Which reported states (by name) a stock measure sums.
std::vector<std::string> looked_after_states() {
    std::vector<std::string> out;
    for (int s = kFirstLookedAfterReport; s < kFirstLookedAfterReport + kPlacements; ++s)
        out.emplace_back(kReportStateNames[s]);
    return out;
}

/// Care leaver groups ("age_19_neet", ...) of the ages first..last and the given categories.
std::vector<std::string> leaver_groups(int first, int last, const std::vector<std::string>& cats) {
    std::vector<std::string> out;
    for (int a = first; a <= last; ++a) {
        for (const auto& c : cats) out.push_back("age_" + std::to_string(a) + "_" + c);
    }
    return out;
}

/// The unaccompanied children's columns, one per age band ("uasc_16_to_17", ...).
std::vector<std::string> uasc_bands() {
    std::vector<std::string> out;
    for (const char* band : kBandNames) out.push_back(std::string("uasc_") + band);
    return out;
}

/// The groups (columns "<prefix><ethnicity>_<sex>") of one ethnicity, or of one sex.
std::vector<std::string> ethnicity_groups(const std::string& prefix, int ethnicity) {
    std::vector<std::string> out;
    for (const char* sex : kSexNames)
        out.push_back(prefix + kEthnicityNames[ethnicity] + "_" + sex);
    return out;
}
std::vector<std::string> sex_groups(const std::string& prefix, int sex) {
    std::vector<std::string> out;
    for (const char* e : kEthnicityNames) out.push_back(prefix + e + "_" + kSexNames[sex]);
    return out;
}

/// A stock measure sums columns (by label) of the tables <table>_at_start and <table>_31mar.
struct StockMeasure {
    std::string name;
    std::string table;
    std::vector<std::string> columns;
};
/// A flow measure sums columns (by label) of a [financial year][la][column] table.
struct FlowMeasure {
    std::string name;
    std::vector<std::string> flows;
    std::string table = "flows";
};

const std::vector<StockMeasure>& stock_measures() {
    static const std::vector<StockMeasure> m = [] {
        const auto cla = looked_after_states();
        std::vector<std::string> cin = {"child_in_need", "child_protection"};
        cin.insert(cin.end(), cla.begin(), cla.end());
        std::vector<std::string> activities(kActivityNames.begin(), kActivityNames.end());
        std::vector<StockMeasure> out = {
            {"children_looked_after", "stocks", cla},
            {"children_in_need", "stocks", cin},
            {"child_protection_plans", "stocks", {"child_protection"}},
            {"family_help", "stocks", {"early_help", "child_in_need"}},
            {"early_help", "stocks", {"early_help"}},
            {"uasc_looked_after", "uasc", uasc_bands()},
            {"kinship_sgo", "homes", {"special_guardian"}},
            {"kinship_cao", "homes", {"child_arrangements"}},
            {"adopted_children", "homes", {"adoptive"}},
            {"care_leavers_19_21", "care_leavers", leaver_groups(19, 21, activities)},
            {"care_leavers_eet_19_21", "care_leavers",
             leaver_groups(19, 21, {"eet_not_higher_education", "higher_education"})},
            {"care_leavers_higher_education_19_21", "care_leavers",
             leaver_groups(19, 21, {"higher_education"})},
            {"care_leavers_staying_put_18_20", "care_leavers",
             leaver_groups(18, 20, {"staying_put"})},
            {"care_leavers_staying_put_21_22", "care_leavers",
             leaver_groups(21, 22, {"staying_put"})},
            {"care_leavers_18_24", "care_leavers", leaver_groups(18, 24, activities)},
            {"care_leavers_two_relationships_18_24", "care_leavers",
             leaver_groups(18, 24, {"two_relationships"})},
            {"kinship_informal", "homes", {"family_network"}},
            {"children_looked_after_with_siblings", "siblings", {"with_sibling_in_care"}},
            {"children_looked_after_apart_from_siblings", "siblings", {"apart_from_a_sibling"}},
        };
        // placement_<type>: children looked after in each placement.
        const std::string prefix = "looked_after_";
        for (const auto& state : cla) {
            out.push_back({"placement_" + state.substr(prefix.size()), "stocks", {state}});
        }
        // legal_status_<status>: children looked after by legal status, and by age band.
        for (int k = 1; k < kLegalStatuses; ++k) {
            const std::string status(kLegalStatusNames[k]);
            std::vector<std::string> bands;
            for (const char* band : kBandNames) bands.push_back(status + "_" + band);
            out.push_back({"legal_status_" + status, "legal_status", bands});
            for (const auto& label : bands)
                out.push_back({"legal_status_" + status + "_age_" + label.substr(status.size() + 1),
                               "legal_status",
                               {label}});
        }
        // Breakdowns by age band: <measure>_age_<band>.
        for (const char* band : kBandNames) {
            const std::string b(band);
            out.push_back({"uasc_looked_after_age_" + b, "uasc", {"uasc_" + b}});
            out.push_back(
                {"children_looked_after_age_" + b, "stocks_by_age", {"looked_after_" + b}});
            out.push_back(
                {"child_protection_plans_age_" + b, "stocks_by_age", {"child_protection_" + b}});
            out.push_back({"children_in_need_age_" + b,
                           "stocks_by_age",
                           {"child_in_need_" + b, "child_protection_" + b, "looked_after_" + b}});
        }
        // Breakdown by category of need: children_looked_after_need_<need>.
        for (const char* need : kNeedNames)
            out.push_back({std::string("children_looked_after_need_") + need, "need", {need}});
        // By ethnicity and by sex: children_looked_after_ethnicity_<group>, .._sex_<sex>.
        for (int e = 0; e < kEthnicities; ++e)
            out.push_back({std::string("children_looked_after_ethnicity_") + kEthnicityNames[e],
                           "group", ethnicity_groups("", e)});
        for (int s = 0; s < kSexes; ++s)
            out.push_back({std::string("children_looked_after_sex_") + kSexNames[s], "group",
                           sex_groups("", s)});
        return out;
    }();
    return m;
}

const std::vector<FlowMeasure>& flow_measures() {
    static const std::vector<FlowMeasure> m = [] {
        std::vector<FlowMeasure> out = {
            {"referrals", {"referrals"}},
            {"rereferrals", {"rereferrals"}},
            {"section47_enquiries", {"section47_enquiries"}},
            {"child_protection_plans_started", {"protection_plans_started"}},
            {"child_protection_plans_repeat", {"protection_plans_repeat"}},
            {"care_entries_harm_outside_home", {"care_entries_harm_outside_home"}},
            {"care_entries_with_sibling", {"care_entries_with_sibling"}},
            {"care_exits_with_sibling", {"care_exits_with_sibling"}},
            {"care_reentries_after_return_home", {"care_reentries_after_return_home"}},
            {"community_safety_plans", {"community_safety_plans"}},
            {"entries_to_care",
             {"care_entries_at_referral", "care_entries_from_child_in_need",
              "care_entries_from_protection", "care_entries_at_birth", "care_entries_with_sibling",
              "uasc_arrivals"}},
            {"exits_from_care",
             {"care_exits_home", "care_exits_adoption", "care_exits_special_guardianship",
              "care_exits_child_arrangements", "care_exits_other",
              "care_exits_eighteenth_birthday"}},
            {"adoptions", {"care_exits_adoption"}},
            {"sgo_exits", {"care_exits_special_guardianship"}},
            {"cao_exits", {"care_exits_child_arrangements"}},
            {"uasc_arrivals", {"uasc_arrivals"}},
            {"placement_moves", {"placement_moves"}},
            {"sgo_outside_care", {"special_guardianship_orders_outside_care"}},
            {"family_group_conferences", {"family_group_conferences"}},
            {"family_network_plans", {"family_network_plans"}},
            {"care_entries_voluntary", {"care_entries_voluntary"}},
            {"care_entries_court_order", {"care_entries_court_order"}},
            {"care_entries_detained", {"care_entries_detained"}},
            {"care_entries_youth_justice", {"care_entries_youth_justice"}},
            {"care_proceedings_issued", {"care_proceedings_issued"}},
            {"care_proceedings_ended",
             {"care_proceedings_care_order", "care_proceedings_placement_order",
              "care_proceedings_left_care"}},
            {"care_proceedings_within_26_weeks", {"care_proceedings_within_26_weeks"}},
            {"care_orders", {"care_proceedings_care_order"}},
            {"placement_orders", {"care_proceedings_placement_order"}},
            {"placements_for_adoption", {"placements_for_adoption"}},
        };
        // Breakdown by category of need on entry: entries_to_care_need_<need>.
        for (const char* need : kNeedNames)
            out.push_back(
                {std::string("entries_to_care_need_") + need, {need}, "care_entries_by_need"});
        // By ethnicity and by sex: <measure>_ethnicity_<group>, <measure>_sex_<sex>.
        const std::array<std::pair<const char*, const char*>, 4> by_group = {
            {{"entries_to_care", "care_entries_"},
             {"entries_to_care_past_plan", "care_entries_past_plan_"},
             {"adoptions", "adoptions_"},
             {"sgo_exits", "sgo_exits_"}}};
        for (const auto& [measure, prefix] : by_group) {
            for (int e = 0; e < kEthnicities; ++e)
                out.push_back({std::string(measure) + "_ethnicity_" + kEthnicityNames[e],
                               ethnicity_groups(prefix, e), "group_flows"});
            for (int s = 0; s < kSexes; ++s)
                out.push_back({std::string(measure) + "_sex_" + kSexNames[s], sex_groups(prefix, s),
                               "group_flows"});
        }
        return out;
    }();
    return m;
}

}  // namespace

/// cla_per_10k_deprivation_q1 (least deprived) .. q5: children looked after per 10,000 children
/// in each fifth of LAs ranked by their share of children in low-income families (the LAs that
/// publish it; each fifth has the same number of LAs, the last the remainder).
static void summarise_by_deprivation(const output::RunRecord& run, std::vector<MeasureValue>& out) {
    const auto& scale = run.table("la_scale").reals;
    const auto& population = run.table("la_population").integers;
    const auto& low_income = run.table("la_low_income_pct").reals;
    const auto& start = run.table("stocks_at_start");
    const auto& snaps = run.table("stocks_31mar");
    const auto& labels = snaps.axes[2].labels;
    const size_t width = labels.size();
    std::vector<size_t> ranked;
    for (size_t l = 0; l < scale.size(); ++l) {
        if (!std::isnan(low_income[l])) ranked.push_back(l);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](size_t a, size_t b) { return low_income[a] < low_income[b]; });
    std::vector<int> cla;
    for (size_t k = 0; k < width; ++k) {
        if (labels[k].rfind("looked_after_", 0) == 0) cla.push_back(static_cast<int>(k));
    }
    const auto rate = [&](const std::vector<int64_t>& v, size_t offset, size_t q) {
        const size_t per = ranked.size() / kDeprivationGroups;
        const size_t first = q * per;
        const size_t last = q + 1 == kDeprivationGroups ? ranked.size() : first + per;
        double children = 0, pop = 0;
        for (size_t r = first; r < last; ++r) {
            const size_t l = ranked[r];
            for (int c : cla) children += static_cast<double>(v[offset + l * width + c]) * scale[l];
            pop += static_cast<double>(population[l]);
        }
        return pop > 0 ? std::round(children / pop * 1e5) / 10.0 : 0.0;
    };
    const auto period0 = start_period(run);
    // Too few LAs with the figure for five groups (a small LA table): no deprivation measures.
    if (ranked.size() < kDeprivationGroups) return;
    for (size_t q = 0; q < kDeprivationGroups; ++q) {
        const std::string name = "cla_per_10k_deprivation_q" + std::to_string(q + 1);
        if (period0) out.push_back({name, *period0, rate(start.integers, 0, q)});
        for (size_t s = 0; s < snaps.axes[0].labels.size(); ++s)
            out.push_back(
                {name, snaps.axes[0].labels[s], rate(snaps.integers, s * scale.size() * width, q)});
    }
}

std::vector<MeasureValue> summarise(const output::RunRecord& run) {
    const auto& scale = run.table("la_scale").reals;
    const auto& flows = run.table("flows");
    const size_t n_la = scale.size();
    const auto period0 = start_period(run);

    std::vector<MeasureValue> out;
    // Sums columns `cols` of a [period][la][column] slice, scaled by LA.
    auto scaled_sum = [&](const std::vector<int64_t>& v, size_t offset, size_t width,
                          const std::vector<int>& cols) {
        double total = 0;
        for (size_t l = 0; l < n_la; ++l) {
            int64_t raw = 0;
            for (int c : cols) raw += v[offset + l * width + static_cast<size_t>(c)];
            total += static_cast<double>(raw) * scale[l];
        }
        return total;
    };
    for (const auto& m : stock_measures()) {
        const auto& at_start = run.table(m.table + "_at_start");
        const auto& snaps = run.table(m.table + "_31mar");
        const auto& labels = snaps.axes[2].labels;
        std::vector<int> cols;
        for (const auto& s : m.columns) cols.push_back(index_of(labels, s));
        const size_t width = labels.size();
        if (period0) {
            const std::string& period = *period0;
            out.push_back(
                {m.name, period, std::round(scaled_sum(at_start.integers, 0, width, cols))});
        }
        for (size_t s = 0; s < snaps.axes[0].labels.size(); ++s) {
            out.push_back({m.name, snaps.axes[0].labels[s],
                           std::round(scaled_sum(snaps.integers, s * n_la * width, width, cols))});
        }
    }
    const auto& fy_labels = flows.axes[0].labels;
    for (const auto& m : flow_measures()) {
        const auto& table = run.table(m.table);
        const auto& labels = table.axes[2].labels;
        std::vector<int> cols;
        for (const auto& f : m.flows) cols.push_back(index_of(labels, f));
        const size_t width = labels.size();
        for (size_t f = 0; f < fy_labels.size(); ++f) {
            out.push_back({m.name, fy_labels[f],
                           std::round(scaled_sum(table.integers, f * n_la * width, width, cols))});
        }
    }
    const auto spend_pence = england_spend_pence(run);
    const auto index = england_cost_index(run);
    for (size_t f = 0; f < fy_labels.size(); ++f) {
        out.push_back({"spend_gbp", fy_labels[f], std::round(spend_pence[f]) / 100.0});
        out.push_back({"cost_index", fy_labels[f], std::round(index[f] * 1e6) / 1e6});
    }
    summarise_by_deprivation(run, out);
    return out;
}

std::vector<double> england_spend_pence(const output::RunRecord& run) {
    const auto& scale = run.table("la_scale").reals;
    const auto& spend = run.table("spend");
    const size_t n_la = scale.size();
    const size_t lines = spend.axes[2].labels.size();
    std::vector<double> out(spend.axes[0].labels.size(), 0.0);
    for (size_t f = 0; f < out.size(); ++f) {
        for (size_t l = 0; l < n_la; ++l) {
            int64_t raw = 0;
            for (size_t k = 0; k < lines; ++k) raw += spend.integers[(f * n_la + l) * lines + k];
            out[f] += static_cast<double>(raw) * scale[l];
        }
    }
    return out;
}

std::vector<double> england_cost_index(const output::RunRecord& run) {
    const auto& scale = run.table("la_scale").reals;
    const auto& spend = run.table("spend");
    const auto& index = run.table("cost_index");
    const size_t n_la = scale.size();
    const size_t lines = spend.axes[2].labels.size();
    if (index.axes.size() != 2 || index.axes[1].labels != spend.axes[2].labels ||
        index.axes[0].labels != spend.axes[0].labels) {
        throw output::OutputError("run " + run.scenario +
                                  ": the cost_index table's years or lines are not the spend's");
    }
    std::vector<double> out(spend.axes[0].labels.size(), 1.0);
    for (size_t f = 0; f < out.size(); ++f) {
        // Spend-weighted: the year's cash spend over the same spend at 2021-22 prices.
        double cash = 0;
        double constant = 0;
        for (size_t k = 0; k < lines; ++k) {
            double line = 0;
            for (size_t l = 0; l < n_la; ++l) {
                line += static_cast<double>(spend.integers[(f * n_la + l) * lines + k]) * scale[l];
            }
            cash += line;
            constant += line / index.reals[f * lines + k];
        }
        if (constant > 0) out[f] = cash / constant;
    }
    return out;
}

}  // namespace csc::agents
