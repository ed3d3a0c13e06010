#include "agents/measures.hpp"

#include <cmath>
#include <optional>

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
    for (int s = 4; s < kReportStates; ++s) out.emplace_back(kReportStateNames[s]);
    return out;
}

struct StockMeasure {
    std::string name;
    std::vector<std::string> states;
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
        std::vector<StockMeasure> out = {
            {"children_looked_after", cla},
            {"children_in_need", cin},
            {"child_protection_plans", {"child_protection"}},
            {"family_help", {"early_help", "child_in_need"}},
            {"early_help", {"early_help"}},
        };
        // placement_<type>: children looked after in each placement.
        const std::string prefix = "looked_after_";
        for (const auto& state : cla) {
            out.push_back({"placement_" + state.substr(prefix.size()), {state}});
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
          "care_entries_from_protection"}},
        {"exits_from_care",
         {"care_exits_home", "care_exits_adoption", "care_exits_special_guardianship",
          "care_exits_child_arrangements", "care_exits_other", "care_exits_eighteenth_birthday"}},
        {"adoptions", {"care_exits_adoption"}},
        {"sgo_exits", {"care_exits_special_guardianship"}},
    };
    return m;
}

}  // namespace

std::vector<MeasureValue> summarise(const output::RunRecord& run) {
    const auto& scale = table(run, "la_scale").reals;
    const auto& at_start = table(run, "stocks_at_start");
    const auto& snaps = table(run, "stocks_31mar");
    const auto& flows = table(run, "flows");
    const auto& spend = table(run, "spend");
    const size_t n_la = scale.size();
    const auto& state_labels = snaps.axes[2].labels;
    const auto& flow_labels = flows.axes[2].labels;

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
        std::vector<int> cols;
        for (const auto& s : m.states) cols.push_back(index_of(state_labels, s));
        const size_t width = state_labels.size();
        // The starting stock is dated the day before the first simulated month (31 March for an
        // April start).
        const auto start = run.attributes.find("start");
        const auto date =
            start == run.attributes.end() ? std::nullopt : sim::parse_date(start->second);
        if (date) {
            const std::string period =
                sim::Date{date->year, date->month, 1}.previous_day().to_string();
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
