#include "agents/simulation.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "agents/la_factors.hpp"
#include "agents/la_process.hpp"
#include "sim/parallel.hpp"

namespace csc::agents {

Model Model::load(const std::filesystem::path& scenario_path,
                  const std::vector<std::string>& set_overrides) {
    sim::Scenario scenario = sim::load_scenario(scenario_path, set_overrides);
    const auto it = scenario.data.find("local_authorities");
    if (it == scenario.data.end()) {
        throw sim::ScenarioError(scenario_path.string(), 0, 0, "data.local_authorities",
                                 "missing: the scenario must name the local authority table");
    }
    // Months are stored as int16 in the child columns (birth month, next event month).
    const sim::Timeline timeline(scenario.run.start, scenario.run.end);
    if (timeline.months() + kAgeOutMonths >= INT16_MAX) {
        throw sim::ScenarioError(scenario_path.string(), 0, 0, "run.end",
                                 "runs of more than 2,500 years are not supported");
    }
    std::vector<LocalAuthority> las = load_local_authorities(it->second);
    // LA-level calibration (optional): fitted factors on an LA's multipliers, with their targets.
    const auto la_factors_file = scenario.data.find("la_factors");
    if (la_factors_file != scenario.data.end()) load_la_factors(la_factors_file->second, las);
    // Dated events (optional): rate changes in given financial years, with their sources.
    const auto events_file = scenario.data.find("events");
    const std::vector<RateEvent> events =
        events_file == scenario.data.end()
            ? std::vector<RateEvent>{}
            : load_rate_events(events_file->second, scenario.parameters);
    // Reform levers (optional): their table, with their numbers in the parameters.
    const auto levers_file = scenario.data.find("levers");
    std::vector<Lever> levers =
        levers_file == scenario.data.end()
            ? std::vector<Lever>{}
            : load_levers(levers_file->second, scenario.parameters, timeline, la_codes_of(las));
    PathwayParameters parameters(scenario.parameters, las, timeline, events, levers);
    // Everything the model reads is read by now (simulate() reads nothing new): an entry left
    // unread is a misspelt key or one this build does not know, and would change nothing.
    scenario.parameters.require_all_read();
    return Model{std::move(scenario), std::move(las), std::move(levers), std::move(parameters)};
}

namespace {

output::Axis axis_of(const char* name, const std::vector<std::string>& labels) {
    return output::Axis{name, labels};
}

template <size_t N>
std::vector<std::string> labels_of(const std::array<const char*, N>& names) {
    return {names.begin(), names.end()};
}

}  // namespace

output::RunRecord simulate(const Model& model, uint32_t replicate, const Progress& progress,
                           RunStats* stats, const MonthObserver& observer) {
    const auto& run = model.scenario.run;
    const sim::Timeline timeline(run.start, run.end);
    const sim::RandomKey key(run.seed, replicate);
    const size_t n_la = model.las.size();
    const int32_t months = timeline.months();
    const int32_t years = timeline.financial_years();

    // Slots: each LA gets round(population x sample) children, at least one, then slots
    // reserved for unaccompanied children: the most the LA can hold over the run, plus a margin
    // of six standard deviations of the arrivals so the reserve is never the limit.
    std::vector<LaRange> ranges(n_la);
    std::vector<int64_t> simulated(n_la);
    size_t total = 0;
    for (size_t l = 0; l < n_la; ++l) {
        simulated[l] = std::max<int64_t>(
            1, std::llround(static_cast<double>(model.las[l].population) * run.sample));
        const double per_child =
            static_cast<double>(simulated[l]) / static_cast<double>(model.las[l].population);
        const double capacity = model.parameters.uasc_capacity(l) * per_child;
        const auto reserve =
            static_cast<size_t>(std::ceil(capacity + 6.0 * std::sqrt(capacity))) + 2;
        ranges[l].begin = total;
        total += static_cast<size_t>(simulated[l]) + reserve;
        ranges[l].end = total;
    }
    ChildColumns children;
    children.resize(total);
    std::vector<LaTally> tallies(n_la);
    std::vector<LaProcess> processes;
    processes.reserve(n_la);
    for (size_t l = 0; l < n_la; ++l) {
        tallies[l].reset(months, years);
        processes.emplace_back(model.parameters, key, timeline, l, children, ranges[l], tallies[l]);
    }

    sim::for_each_partition(
        n_la, [&](size_t l) { processes[l].initialise(model.las[l].population, simulated[l]); });
    for (int32_t m = 0; m < months; ++m) {
        sim::for_each_partition(n_la, [&](size_t l) { processes[l].run_month(m); });
        if (observer) observer(m, children, ranges, tallies);
        if (progress) progress(m + 1, months);
    }

    int64_t unplaced = 0;
    for (const auto& t : tallies) {
        for (int32_t f = 0; f < years; ++f)
            unplaced += t.flows[static_cast<size_t>(f) * kFlows +
                                static_cast<size_t>(Flow::UascArrivalsUnplaced)];
    }
    if (unplaced > 0) {
        spdlog::warn(
            "{} unaccompanied arrivals found no reserved slot (flow "
            "uasc_arrivals_unplaced): raise the reserve in simulate()",
            unplaced);
    }

    // Assemble the tables in LA order.
    const std::vector<std::string> la_codes = la_codes_of(model.las);
    std::vector<std::string> month_labels(static_cast<size_t>(months));
    for (int32_t m = 0; m < months; ++m)
        month_labels[static_cast<size_t>(m)] = timeline.month_label(m);
    std::vector<std::string> fy_labels(static_cast<size_t>(years));
    for (int32_t f = 0; f < years; ++f) fy_labels[static_cast<size_t>(f)] = timeline.fy_label(f);
    std::vector<std::string> snapshot_labels;
    for (int32_t s = 0; s < timeline.snapshots(); ++s)
        snapshot_labels.push_back(timeline.snapshot_label(s));
    const auto state_axis = axis_of("state", labels_of(kReportStateNames));
    const auto la_axis = axis_of("la", la_codes);

    output::RunRecord record;
    record.scenario = run.name;
    record.replicate = replicate;
    record.attributes = {
        {"seed", std::to_string(run.seed)},
        {"sample", fmt::format("{}", run.sample)},
        {"start", run.start.to_string()},
        {"end", run.end.to_string()},
        {"price_year", fmt::format("{}", model.scenario.parameters.scalar("ledger.price_year"))}};
    if (!model.levers.empty()) {
        record.attributes["levers"] = levers_csv(model.levers);
        record.attributes["programme_first_year"] =
            fmt::format("{}", model.scenario.parameters.scalar("lever.programme_first_year"));
    }

    output::Table monthly{"stocks_monthly",
                          "simulated children",
                          "Children in each state at the end of each month (multiply by la_scale "
                          "for England's children)",
                          {axis_of("month", month_labels), la_axis, state_axis},
                          {},
                          {}};
    monthly.integers.resize(static_cast<size_t>(months) * n_la * kReportStates);
    for (int32_t m = 0; m < months; ++m) {
        for (size_t l = 0; l < n_la; ++l) {
            const auto* src = &tallies[l].stocks_monthly[static_cast<size_t>(m) * kReportStates];
            std::copy(
                src, src + kReportStates,
                monthly.integers.begin() +
                    static_cast<ptrdiff_t>((static_cast<size_t>(m) * n_la + l) * kReportStates));
        }
    }

    output::Table at_start{"stocks_at_start",
                           "simulated children",
                           "Children in each state on the day before the first simulated month "
                           "(31 March 2022 for the default start)",
                           {la_axis, state_axis},
                           {},
                           {}};
    for (size_t l = 0; l < n_la; ++l) {
        at_start.integers.insert(at_start.integers.end(), tallies[l].at_start.begin(),
                                 tallies[l].at_start.end());
    }

    output::Table snapshots{"stocks_31mar",
                            "simulated children",
                            "Children in each state at each 31 March within the run",
                            {axis_of("snapshot", snapshot_labels), la_axis, state_axis},
                            {},
                            {}};
    for (int32_t s = 0; s < timeline.snapshots(); ++s) {
        const size_t m = static_cast<size_t>(timeline.snapshot_month(s));
        const auto first =
            monthly.integers.begin() + static_cast<ptrdiff_t>(m * n_la * kReportStates);
        snapshots.integers.insert(snapshots.integers.end(), first,
                                  first + static_cast<ptrdiff_t>(n_la * kReportStates));
    }

    output::Table flows{
        "flows",
        "simulated events",
        "Events in each financial year (April to March)",
        {axis_of("financial_year", fy_labels), la_axis, axis_of("flow", labels_of(kFlowNames))},
        {},
        {}};
    output::Table spend{"spend",
                        "pence (simulated children)",
                        "Spend by financial year, LA and section 251 line (the review's "
                        "definition, seed 001 footnote 1): each line's driver in child-months "
                        "times its unit cost, cash (2021-22 prices when ledger."
                        "unit_cost_trend_applied is 0)",
                        {axis_of("financial_year", fy_labels), la_axis,
                         axis_of("line", labels_of(kLedgerLineNames))},
                        {},
                        {}};
    output::Table entries_by_age{
        "care_entries_by_age",
        "simulated children",
        "Starts of care in each financial year by age band on entry",
        {axis_of("financial_year", fy_labels), la_axis, axis_of("age_band", labels_of(kBandNames))},
        {},
        {}};
    const auto need_axis = axis_of("need", labels_of(kNeedNames));
    output::Table entries_by_need{
        "care_entries_by_need",
        "simulated children",
        "Starts of care in each financial year by category of need (DfE N1-N8), unaccompanied "
        "arrivals included (absent parenting)",
        {axis_of("financial_year", fy_labels), la_axis, need_axis},
        {},
        {}};
    // Groups: "white_female" .. "other_male"; group flows "<flow>_<group>", e.g.
    // "adoptions_black_male".
    std::vector<std::string> group_labels, group_flow_labels;
    for (int g = 0; g < kGroups; ++g) group_labels.push_back(group_name(g));
    for (const char* flow : kGroupFlowNames) {
        for (const auto& g : group_labels) group_flow_labels.push_back(std::string(flow) + "_" + g);
    }
    const auto group_axis = axis_of("ethnicity_sex", group_labels);
    output::Table group_flows{
        "group_flows",
        "simulated children",
        "Starts of care (unaccompanied arrivals included), of them children who had been on a "
        "protection plan, adoptions and SGO exits in each financial year by sex and ethnicity",
        {axis_of("financial_year", fy_labels), la_axis,
         axis_of("flow_ethnicity_sex", group_flow_labels)},
        {},
        {}};
    for (int32_t f = 0; f < years; ++f) {
        for (size_t l = 0; l < n_la; ++l) {
            const size_t width = static_cast<size_t>(kGroupFlows) * kGroups;
            const auto* gf = &tallies[l].group_flows[static_cast<size_t>(f) * width];
            group_flows.integers.insert(group_flows.integers.end(), gf, gf + width);
            const auto* ea = &tallies[l].care_entries_by_age[static_cast<size_t>(f) * kAgeBands];
            entries_by_age.integers.insert(entries_by_age.integers.end(), ea, ea + kAgeBands);
            const auto* en = &tallies[l].care_entries_by_need[static_cast<size_t>(f) * kNeeds];
            entries_by_need.integers.insert(entries_by_need.integers.end(), en, en + kNeeds);
            const auto* fl = &tallies[l].flows[static_cast<size_t>(f) * kFlows];
            flows.integers.insert(flows.integers.end(), fl, fl + kFlows);
            const auto* sp = &tallies[l].spend_pence[static_cast<size_t>(f) * kLedgerLines];
            spend.integers.insert(spend.integers.end(), sp, sp + kLedgerLines);
        }
    }

    // Homes, care leavers and unaccompanied children: at the start and at each 31 March.
    std::vector<std::string> leaver_labels;
    for (int a = 0; a < kLeaverAges; ++a) {
        const std::string age = "age_" + std::to_string(kFirstLeaverAge + a) + "_";
        for (const char* n : kActivityNames) leaver_labels.push_back(age + n);
        for (const char* n : kAccommodationNames) leaver_labels.push_back(age + n);
        leaver_labels.push_back(age + "former_uasc");
        leaver_labels.push_back(age + "two_relationships");
    }
    const auto leaver_row = [](const LeaverCounts& c, std::vector<int64_t>& out) {
        for (int a = 0; a < kLeaverAges; ++a) {
            out.insert(out.end(), c.by_activity[a].begin(), c.by_activity[a].end());
            out.insert(out.end(), c.by_accommodation[a].begin(), c.by_accommodation[a].end());
            out.push_back(c.former_uasc[a]);
            out.push_back(c.two_relationships[a]);
        }
    };
    const auto home_axis = axis_of("home", labels_of(kHomeNames));
    const auto leaver_axis = axis_of("group", leaver_labels);
    std::vector<std::string> uasc_labels;
    for (const char* band : kBandNames) uasc_labels.push_back(std::string("uasc_") + band);
    const auto uasc_axis = axis_of("uasc_age_band", uasc_labels);
    // "<state>_<age band>", e.g. "looked_after_16_to_17".
    const std::array<const char*, kCareStates - 1> state_names = {
        "not_known", "early_help", "child_in_need", "child_protection", "looked_after"};
    std::vector<std::string> state_band_labels;
    for (const char* state : state_names) {
        for (const char* band : kBandNames)
            state_band_labels.push_back(std::string(state) + "_" + band);
    }
    const auto state_band_axis = axis_of("state_age", state_band_labels);
    const auto snapshot_axis = axis_of("snapshot", snapshot_labels);
    // Each of these stocks is kept at the start and at each 31 March: "<name>_at_start" [la][...]
    // and "<name>_31mar" [snapshot][la][...] (the summary measures read them in pairs).
    const auto pair_of = [&](const std::string& name, const char* unit, const std::string& what,
                             const output::Axis& axis) {
        return std::array<output::Table, 2>{
            output::Table{name + "_at_start",
                          unit,
                          what + ", on the day before the first simulated month",
                          {la_axis, axis},
                          {},
                          {}},
            output::Table{name + "_31mar",
                          unit,
                          what + ", at each 31 March",
                          {snapshot_axis, la_axis, axis},
                          {},
                          {}}};
    };
    auto [homes_start, homes_snap] =
        pair_of("homes", "simulated children", "Children not looked after by whom they live with",
                home_axis);
    auto [leavers_start, leavers_snap] =
        pair_of("care_leavers", "simulated young people",
                "Care leavers aged 18-24 by age, activity, accommodation, former unaccompanied "
                "status and lasting relationships",
                leaver_axis);
    auto [uasc_start, uasc_snap] = pair_of(
        "uasc", "simulated children", "Unaccompanied children looked after by age band", uasc_axis);
    // "<status>_<age band>", e.g. "care_order_10_to_15".
    std::vector<std::string> legal_labels;
    for (int k = 1; k < kLegalStatuses; ++k) {
        for (const char* band : kBandNames)
            legal_labels.push_back(std::string(kLegalStatusNames[k]) + "_" + band);
    }
    auto [legal_start, legal_snap] = pair_of(
        "legal_status", "simulated children",
        "Children looked after by legal status and age band (unaccompanied children included)",
        axis_of("legal_status_age", legal_labels));
    auto [siblings_start, siblings_snap] = pair_of(
        "siblings", "simulated children",
        "Resident children looked after with a brother or sister looked after, and of them those "
        "not living with at least one of them",
        axis_of("siblings", {"with_sibling_in_care", "apart_from_a_sibling"}));
    auto [need_start, need_snap] =
        pair_of("need", "simulated children",
                "Children looked after by category of need (DfE N1-N8; unaccompanied children are "
                "absent parenting)",
                need_axis);
    auto [group_start, group_snap] = pair_of(
        "group", "simulated children",
        "Children looked after by sex and ethnicity (unaccompanied children included)", group_axis);
    auto [by_age_start, by_age_snap] =
        pair_of("stocks_by_age", "simulated children", "Children in each state by age band",
                state_band_axis);
    for (size_t s = 0; s <= static_cast<size_t>(timeline.snapshots()); ++s) {
        for (size_t l = 0; l < n_la; ++l) {
            const auto& t = tallies[l];
            auto& a = s == 0 ? by_age_start.integers : by_age_snap.integers;
            for (const auto& state : t.by_age[s]) a.insert(a.end(), state.begin(), state.end());
            auto& h = s == 0 ? homes_start.integers : homes_snap.integers;
            h.insert(h.end(), t.homes[s].begin(), t.homes[s].end());
            leaver_row(t.leavers[s], s == 0 ? leavers_start.integers : leavers_snap.integers);
            auto& u = s == 0 ? uasc_start.integers : uasc_snap.integers;
            u.insert(u.end(), t.uasc_looked_after[s].begin(), t.uasc_looked_after[s].end());
            auto& nd = s == 0 ? need_start.integers : need_snap.integers;
            nd.insert(nd.end(), t.need[s].begin(), t.need[s].end());
            auto& gr = s == 0 ? group_start.integers : group_snap.integers;
            gr.insert(gr.end(), t.group[s].begin(), t.group[s].end());
            auto& sb = s == 0 ? siblings_start.integers : siblings_snap.integers;
            sb.insert(sb.end(), t.siblings[s].begin(), t.siblings[s].end());
            auto& lg = s == 0 ? legal_start.integers : legal_snap.integers;
            for (int k = 1; k < kLegalStatuses; ++k) {
                for (const auto& band : t.legal[s]) lg.push_back(band[static_cast<size_t>(k)]);
            }
        }
    }

    output::Table scale{"la_scale",
                        "children per simulated child",
                        "England's children each simulated child stands for, by LA "
                        "(population / simulated children)",
                        {la_axis},
                        {},
                        {}};
    output::Table population{"la_population", "children", "Children aged 0-17 by LA, ONS mid-2021",
                             {la_axis},       {},         {}};
    output::Table low_income{"la_low_income_pct",
                             "% of children",
                             "Children (0-15) in relative low income families by LA, FYE 2022 (DWP "
                             "CiLIF via LAIT; the deprivation proxy; NaN where not published)",
                             {la_axis},
                             {},
                             {}};
    output::Table families{"la_families",
                           "simulated families",
                           "Families formed at the start by LA",
                           {la_axis},
                           {},
                           {}};
    std::vector<double> population_share(n_la);
    for (size_t l = 0; l < n_la; ++l) population_share[l] = model.parameters.population_share(l);
    output::Table lever_costs =
        lever_money_table(model.levers, LeverMoney::Cost, population_share, fy_labels, la_codes);
    output::Table lever_review_savings = lever_money_table(model.levers, LeverMoney::ReviewSaving,
                                                           population_share, fy_labels, la_codes);
    output::Table cost_index{
        "cost_index",
        "ratio to the price year",
        "Inflation index of each section 251 line: its unit cost over its unit cost in the "
        "ledger's price year (the run's price_year) from its unit-cost trend (1 when the trends "
        "do not apply); lever effects on prices are not inflation and not in it",
        {axis_of("financial_year", fy_labels), axis_of("line", labels_of(kLedgerLineNames))},
        {},
        {}};
    for (int32_t f = 0; f < years; ++f) {
        for (int k = 0; k < kLedgerLines; ++k) {
            cost_index.reals.push_back(
                model.parameters.ledger.cost_index(f, static_cast<LedgerLine>(k)));
        }
    }
    int64_t events = 0;
    for (size_t l = 0; l < n_la; ++l) {
        scale.reals.push_back(static_cast<double>(model.las[l].population) /
                              static_cast<double>(simulated[l]));
        population.integers.push_back(model.las[l].population);
        low_income.reals.push_back(model.las[l].low_income_pct);
        families.integers.push_back(tallies[l].families);
        events += tallies[l].events;
    }
    record.tables = {
        std::move(monthly),         std::move(at_start),       std::move(snapshots),
        std::move(flows),           std::move(spend),          std::move(entries_by_age),
        std::move(homes_start),     std::move(homes_snap),     std::move(leavers_start),
        std::move(leavers_snap),    std::move(uasc_start),     std::move(uasc_snap),
        std::move(by_age_start),    std::move(by_age_snap),    std::move(legal_start),
        std::move(legal_snap),      std::move(siblings_start), std::move(siblings_snap),
        std::move(entries_by_need), std::move(need_start),     std::move(need_snap),
        std::move(group_flows),     std::move(group_start),    std::move(group_snap),
        std::move(scale),           std::move(population),     std::move(low_income),
        std::move(families),        std::move(lever_costs),    std::move(lever_review_savings),
        std::move(cost_index)};
    if (stats) {
        stats->children = static_cast<int64_t>(total);
        stats->events = events;
    }
    return record;
}

}  // namespace csc::agents
