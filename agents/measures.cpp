#include "agents/measures.hpp"

#include <cmath>
#include <optional>

#include "agents/care_leavers.hpp"
#include "agents/care_state.hpp"
#include "output/error.hpp"
#include "sim/month.hpp"

namespace csc::agents {

namespace {

const output::Table& table(const output::RunRecord& run, const std::string& name) {
    for (const auto& t : run.tables) {
        if (t.name == name) return t;
    }
    throw output::OutputError("run " + run.scenario + " has no table '" + name +
                              "': not a complete cscsim run");
}

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

/// A stock measure sums columns (by label) of the tables <table>_at_start and <table>_31mar.
struct StockMeasure {
    std::string name;
    std::string table;
    std::vector<std::string> columns;
};
struct FlowMeasure {
    const char* name;
    std::vector<std::string> flows;
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
            {"uasc_looked_after", "uasc", {"uasc_looked_after"}},
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
            {"care_leavers_18_24", "care_leavers", leaver_groups(18, 24, activities)},
        };
        // placement_<type>: children looked after in each placement.
        const std::string prefix = "looked_after_";
        for (const auto& state : cla) {
            out.push_back({"placement_" + state.substr(prefix.size()), "stocks", {state}});
        }
        return out;
    }();
    return m;
}

const std::vector<FlowMeasure>& flow_measures() {
    static const std::vector<FlowMeasure> m = {
        {"referrals", {"referrals"}},
        {"section47_enquiries", {"section47_enquiries"}},
        {"child_protection_plans_started", {"protection_plans_started"}},
        {"entries_to_care",
         {"care_entries_at_referral", "care_entries_from_child_in_need",
          "care_entries_from_protection", "uasc_arrivals"}},
        {"exits_from_care",
         {"care_exits_home", "care_exits_adoption", "care_exits_special_guardianship",
          "care_exits_child_arrangements", "care_exits_other", "care_exits_eighteenth_birthday"}},
        {"adoptions", {"care_exits_adoption"}},
        {"sgo_exits", {"care_exits_special_guardianship"}},
        {"cao_exits", {"care_exits_child_arrangements"}},
        {"uasc_arrivals", {"uasc_arrivals"}},
        {"placement_moves", {"placement_moves"}},
        {"sgo_outside_care", {"special_guardianship_orders_outside_care"}},
    };
    return m;
}

}  // namespace

std::vector<MeasureValue> summarise(const output::RunRecord& run) {
    const auto& scale = table(run, "la_scale").reals;
    const auto& flows = table(run, "flows");
    const auto& spend = table(run, "spend");
    const size_t n_la = scale.size();
    const auto& flow_labels = flows.axes[2].labels;
    // The starting stock is dated the day before the first simulated month (31 March for an
    // April start).
    const auto start = run.attributes.find("start");
    const auto start_date =
        start == run.attributes.end() ? std::nullopt : sim::parse_date(start->second);

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
        const auto& at_start = table(run, m.table + "_at_start");
        const auto& snaps = table(run, m.table + "_31mar");
        const auto& labels = snaps.axes[2].labels;
        std::vector<int> cols;
        for (const auto& s : m.columns) cols.push_back(index_of(labels, s));
        const size_t width = labels.size();
        if (start_date) {
            const std::string period =
                sim::Date{start_date->year, start_date->month, 1}.previous_day().to_string();
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
        std::vector<int> cols;
        for (const auto& f : m.flows) cols.push_back(index_of(flow_labels, f));
        const size_t width = flow_labels.size();
        for (size_t f = 0; f < fy_labels.size(); ++f) {
            out.push_back({m.name, fy_labels[f],
                           std::round(scaled_sum(flows.integers, f * n_la * width, width, cols))});
        }
    }
    {
        std::vector<int> all(spend.axes[2].labels.size());
        for (size_t s = 0; s < all.size(); ++s) all[s] = static_cast<int>(s);
        for (size_t f = 0; f < fy_labels.size(); ++f) {
            const double pence = scaled_sum(spend.integers, f * n_la * all.size(), all.size(), all);
            out.push_back({"spend_gbp", fy_labels[f], std::round(pence) / 100.0});
        }
    }
    return out;
}

}  // namespace csc::agents
