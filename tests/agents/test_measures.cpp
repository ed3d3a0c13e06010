// Summary measures from a hand-built run record: scaling by LA, sums of states and flows, periods.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "agents/age_band.hpp"
#include "agents/care_leavers.hpp"
#include "agents/care_state.hpp"
#include "agents/groups.hpp"
#include "agents/ledger.hpp"
#include "agents/measures.hpp"
#include "agents/proceedings.hpp"
#include "agents/simulation.hpp"
#include "output/error.hpp"

using namespace csc::agents;
using csc::output::Axis;
using csc::output::RunRecord;
using csc::output::Table;

namespace {

std::vector<std::string> names(const char* const* first, size_t n) { return {first, first + n}; }

/// Two LAs standing for 2 and 0.5 real children per simulated child; one snapshot, one year.
RunRecord two_la_record() {
    const Axis la{"la", {"E1", "E2"}};
    const Axis state{"state", names(kReportStateNames.data(), kReportStates)};
    const Axis flow{"flow", names(kFlowNames.data(), kFlows)};
    const Axis fy{"financial_year", {"2022-23"}};
    const Axis snap{"snapshot", {"2023-03-31"}};
    const size_t s = kReportStates;
    RunRecord r;
    r.scenario = "hand";
    r.attributes["start"] = "2022-04-01";
    Table scale{"la_scale", "", "", {la}, {}, {2.0, 0.5}};
    Table start{"stocks_at_start", "", "", {la, state}, std::vector<int64_t>(2 * s, 0), {}};
    Table snaps{"stocks_31mar", "", "", {snap, la, state}, std::vector<int64_t>(2 * s, 0), {}};
    Table flows{"flows", "", "", {fy, la, flow}, std::vector<int64_t>(2 * kFlows, 0), {}};
    const Axis line{"line", names(kLedgerLineNames.data(), kLedgerLines)};
    const size_t nl = kLedgerLines;
    Table spend{"spend", "", "", {fy, la, line}, std::vector<int64_t>(2 * nl, 0), {}};
    const auto at = [&](int l, const char* name) {
        for (size_t k = 0; k < s; ++k) {
            if (std::string(kReportStateNames[k]) == name) return static_cast<size_t>(l) * s + k;
        }
        throw std::logic_error(name);
    };
    start.integers[at(0, "looked_after_la_foster")] = 10;                      // 20 real children
    start.integers[at(1, "looked_after_childrens_home")] = 8;                  // 4 real children
    snaps.integers[at(0, "looked_after_kinship_foster")] = 3;                  // 6
    snaps.integers[at(1, "child_protection")] = 4;                             // 2
    snaps.integers[at(1, "early_help")] = 6;                                   // 3
    snaps.integers[at(0, "child_in_need")] = 1;                                // 2
    flows.integers[static_cast<size_t>(Flow::Referrals)] = 100;                // 200
    flows.integers[kFlows + static_cast<size_t>(Flow::Referrals)] = 30;        // 15
    flows.integers[static_cast<size_t>(Flow::CareEntriesFromProtection)] = 2;  // 4
    flows.integers[kFlows + static_cast<size_t>(Flow::CareEntriesAtReferral)] = 2;  // 1
    spend.integers[static_cast<size_t>(LedgerLine::SocialWork)] = 12345;            // 246.90
    spend.integers[nl + static_cast<size_t>(LedgerLine::ResidentialCare)] = 1001;   // 5.005
    flows.integers[kFlows + static_cast<size_t>(Flow::UascArrivals)] = 6;           // 3

    // Homes, care leavers and unaccompanied children, at the start and at the snapshot.
    const Axis home{"home", names(kHomeNames.data(), kHomes)};
    std::vector<std::string> groups;
    for (int a = 18; a <= 24; ++a) {
        for (const char* n : kActivityNames) groups.push_back("age_" + std::to_string(a) + "_" + n);
        for (const char* n : kAccommodationNames)
            groups.push_back("age_" + std::to_string(a) + "_" + n);
        groups.push_back("age_" + std::to_string(a) + "_former_uasc");
        groups.push_back("age_" + std::to_string(a) + "_two_relationships");
    }
    const Axis group{"group", groups};
    std::vector<std::string> uasc_bands;
    for (const char* band : kBandNames) uasc_bands.push_back(std::string("uasc_") + band);
    const Axis count{"uasc_age_band", uasc_bands};
    const size_t nb = uasc_bands.size();
    const size_t g = groups.size();
    Table homes0{"homes_at_start", "", "", {la, home}, std::vector<int64_t>(2 * kHomes, 0), {}};
    Table homes1{"homes_31mar", "", "", {snap, la, home}, std::vector<int64_t>(2 * kHomes, 0), {}};
    Table leavers0{"care_leavers_at_start",        "", "", {la, group},
                   std::vector<int64_t>(2 * g, 0), {}};
    Table leavers1{"care_leavers_31mar",           "", "", {snap, la, group},
                   std::vector<int64_t>(2 * g, 0), {}};
    // Unaccompanied: 1 in LA 1 and 4 in LA 2 at the start (2 + 2), 10 in LA 2 at the snapshot
    // (5), spread over the bands.
    Table uasc0{"uasc_at_start", "", "", {la, count}, std::vector<int64_t>(2 * nb, 0), {}};
    Table uasc1{"uasc_31mar", "", "", {snap, la, count}, std::vector<int64_t>(2 * nb, 0), {}};
    uasc0.integers[nb - 1] = 1;
    uasc0.integers[2 * nb - 1] = 3;
    uasc0.integers[2 * nb - 2] = 1;
    uasc1.integers[2 * nb - 1] = 10;
    homes1.integers[kHomes + static_cast<size_t>(Home::SpecialGuardian)] = 8;  // 4
    homes1.integers[static_cast<size_t>(Home::ChildArrangements)] = 1;         // 2
    const auto group_at = [&](int l, const std::string& name) {
        for (size_t k = 0; k < g; ++k) {
            if (groups[k] == name) return static_cast<size_t>(l) * g + k;
        }
        throw std::logic_error(name);
    };
    leavers1.integers[group_at(0, "age_19_neet")] = 5;                       // 10
    leavers1.integers[group_at(0, "age_21_higher_education")] = 1;           // 2
    leavers1.integers[group_at(1, "age_20_eet_not_higher_education")] = 4;   // 2
    leavers1.integers[group_at(1, "age_22_eet_not_higher_education")] = 40;  // not 19-21
    leavers1.integers[group_at(0, "age_18_staying_put")] = 3;                // 6
    // By age band: 4 children looked after aged 16-17 in LA 2 at the snapshot (2 real).
    std::vector<std::string> state_age;
    for (const char* st :
         {"not_known", "early_help", "child_in_need", "child_protection", "looked_after"}) {
        for (const char* band : kBandNames) state_age.push_back(std::string(st) + "_" + band);
    }
    const Axis state_age_axis{"state_age", state_age};
    const size_t sa = state_age.size();
    Table age0{"stocks_by_age_at_start",        "", "", {la, state_age_axis},
               std::vector<int64_t>(2 * sa, 0), {}};
    Table age1{"stocks_by_age_31mar",           "", "", {snap, la, state_age_axis},
               std::vector<int64_t>(2 * sa, 0), {}};
    age1.integers[sa + sa - 1] = 4;
    // Legal status: 6 children under a care order aged 10-15 in LA 2 at the snapshot (3 real).
    std::vector<std::string> status_age;
    for (int k = 1; k < kLegalStatuses; ++k) {
        for (const char* band : kBandNames)
            status_age.push_back(std::string(kLegalStatusNames[k]) + "_" + band);
    }
    const Axis legal{"legal_status_age", status_age};
    const size_t nlg = status_age.size();
    Table legal0{"legal_status_at_start",          "", "", {la, legal},
                 std::vector<int64_t>(2 * nlg, 0), {}};
    Table legal1{
        "legal_status_31mar", "", "", {snap, la, legal}, std::vector<int64_t>(2 * nlg, 0), {}};
    const auto care_order_10_to_15 =
        std::find(status_age.begin(), status_age.end(), "care_order_10_to_15") - status_age.begin();
    legal1.integers[nlg + static_cast<size_t>(care_order_10_to_15)] = 6;
    // Siblings: in LA 2 at the snapshot, 8 children looked after with a sibling in care (4 real),
    // 2 of them apart from one (1 real).
    const Axis sibling_axis{"siblings", {"with_sibling_in_care", "apart_from_a_sibling"}};
    Table siblings0{"siblings_at_start", "", "", {la, sibling_axis}, {0, 0, 0, 0}, {}};
    Table siblings1{"siblings_31mar", "", "", {snap, la, sibling_axis}, {0, 0, 8, 2}, {}};
    // Category of need: 5 disabled children looked after in LA 1 at the snapshot (10 real); 4
    // starts of care for family dysfunction in LA 2 (2 real) and 1 in LA 1 (2 real).
    const Axis need_axis{"need", names(kNeedNames.data(), kNeeds)};
    const auto disability = static_cast<size_t>(Need::Disability);
    const auto dysfunction = static_cast<size_t>(Need::Dysfunction);
    Table need0{"need_at_start", "", "", {la, need_axis}, std::vector<int64_t>(2 * kNeeds, 0), {}};
    Table need1{
        "need_31mar", "", "", {snap, la, need_axis}, std::vector<int64_t>(2 * kNeeds, 0), {}};
    need1.integers[disability] = 5;
    Table need_entries{"care_entries_by_need",
                       "",
                       "",
                       {fy, la, need_axis},
                       std::vector<int64_t>(2 * kNeeds, 0),
                       {}};
    need_entries.integers[kNeeds + dysfunction] = 4;
    need_entries.integers[dysfunction] = 1;
    // Deprivation: LA 1 (scale 2, 20 real looked after at the start) is less deprived than LA 2.
    Table population{"la_population", "", "", {la}, {100000, 50000}, {}};
    Table low_income{"la_low_income_pct", "", "", {la}, {}, {10.0, 30.0}};
    // Inflation since 2021-22: social work 25%, residential care 10%, the other lines none.
    Table index{"cost_index", "", "", {fy, line}, {}, std::vector<double>(nl, 1.0)};
    index.reals[static_cast<size_t>(LedgerLine::SocialWork)] = 1.25;
    index.reals[static_cast<size_t>(LedgerLine::ResidentialCare)] = 1.1;
    // Sex and ethnicity: 3 black girls looked after in LA 1 at the snapshot (6 real), 2 white
    // boys in LA 2 (1 real); 4 starts of mixed boys in LA 2 (2 real), 1 of them after a plan;
    // 1 adoption of an asian girl in LA 1 (2 real).
    std::vector<std::string> sex_ethnicity, group_flows;
    for (int g = 0; g < kGroups; ++g) sex_ethnicity.push_back(group_name(g));
    for (const char* f : kGroupFlowNames) {
        for (const auto& g : sex_ethnicity) group_flows.push_back(std::string(f) + "_" + g);
    }
    const Axis group_axis{"ethnicity_sex", sex_ethnicity};
    const auto label_index = [&](const std::vector<std::string>& labels, const std::string& label) {
        return static_cast<size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
    };
    Table group0{
        "group_at_start", "", "", {la, group_axis}, std::vector<int64_t>(2 * kGroups, 0), {}};
    Table group1{
        "group_31mar", "", "", {snap, la, group_axis}, std::vector<int64_t>(2 * kGroups, 0), {}};
    group1.integers[label_index(sex_ethnicity, "black_female")] = 3;
    group1.integers[kGroups + label_index(sex_ethnicity, "white_male")] = 2;
    const size_t ngf = group_flows.size();
    Table group_flow{"group_flows",
                     "",
                     "",
                     {fy, la, Axis{"flow_ethnicity_sex", group_flows}},
                     std::vector<int64_t>(2 * ngf, 0),
                     {}};
    group_flow.integers[ngf + label_index(group_flows, "care_entries_mixed_male")] = 4;
    group_flow.integers[ngf + label_index(group_flows, "care_entries_past_plan_mixed_male")] = 1;
    group_flow.integers[label_index(group_flows, "adoptions_asian_female")] = 1;
    r.tables = {scale,    start,        snaps,     flows,      spend,      homes0, homes1,
                leavers0, leavers1,     uasc0,     uasc1,      age0,       age1,   legal0,
                legal1,   siblings0,    siblings1, population, low_income, index,  need0,
                need1,    need_entries, group0,    group1,     group_flow};
    return r;
}

double value(const std::vector<MeasureValue>& v, const std::string& measure,
             const std::string& period) {
    for (const auto& m : v) {
        if (m.measure == measure && m.period == period) return m.value;
    }
    FAIL("no " << measure << " for " << period);
    return 0;
}

}  // namespace

TEST_CASE("measures sum the right states and flows and scale each LA", "[measures]") {
    const auto v = summarise(two_la_record());
    REQUIRE(value(v, "children_looked_after", "2022-03-31") == 24);
    REQUIRE(value(v, "children_looked_after", "2023-03-31") == 6);
    REQUIRE(value(v, "placement_la_foster", "2022-03-31") == 20);
    REQUIRE(value(v, "placement_childrens_home", "2022-03-31") == 4);
    REQUIRE(value(v, "placement_kinship_foster", "2023-03-31") == 6);
    REQUIRE(value(v, "placement_agency_foster", "2023-03-31") == 0);
    REQUIRE(value(v, "child_protection_plans", "2023-03-31") == 2);
    REQUIRE(value(v, "children_in_need", "2023-03-31") == 10);  // CIN + CP + CLA, not early help
    REQUIRE(value(v, "family_help", "2023-03-31") == 5);        // early help + CIN
    REQUIRE(value(v, "early_help", "2023-03-31") == 3);
    REQUIRE(value(v, "referrals", "2022-23") == 215);
    REQUIRE(value(v, "entries_to_care", "2022-23") == 8);  // incl. unaccompanied arrivals
    REQUIRE(value(v, "uasc_arrivals", "2022-23") == 3);
    REQUIRE(value(v, "uasc_looked_after", "2022-03-31") == 4);
    REQUIRE(value(v, "uasc_looked_after", "2023-03-31") == 5);
    REQUIRE(value(v, "kinship_sgo", "2023-03-31") == 4);
    REQUIRE(value(v, "kinship_cao", "2023-03-31") == 2);
    REQUIRE(value(v, "care_leavers_19_21", "2023-03-31") == 14);
    REQUIRE(value(v, "care_leavers_eet_19_21", "2023-03-31") == 4);
    REQUIRE(value(v, "care_leavers_18_24", "2023-03-31") == 34);  // activities only
    REQUIRE(value(v, "care_leavers_staying_put_18_20", "2023-03-31") == 6);
    REQUIRE(value(v, "children_looked_after_age_16_to_17", "2023-03-31") == 2);
    REQUIRE(value(v, "children_looked_after_age_under_1", "2023-03-31") == 0);
    REQUIRE(value(v, "legal_status_care_order", "2023-03-31") == 3);
    REQUIRE(value(v, "legal_status_care_order_age_10_to_15", "2023-03-31") == 3);
    REQUIRE(value(v, "children_looked_after_with_siblings", "2023-03-31") == 4);
    REQUIRE(value(v, "children_looked_after_apart_from_siblings", "2023-03-31") == 1);
    REQUIRE(value(v, "legal_status_care_order_age_5_to_9", "2023-03-31") == 0);
    REQUIRE(value(v, "legal_status_voluntary", "2023-03-31") == 0);
    REQUIRE(value(v, "children_looked_after_need_disability", "2023-03-31") == 10);
    REQUIRE(value(v, "children_looked_after_need_disability", "2022-03-31") == 0);
    REQUIRE(value(v, "children_looked_after_need_abuse_or_neglect", "2023-03-31") == 0);
    REQUIRE(value(v, "entries_to_care_need_family_dysfunction", "2022-23") == 4);
    REQUIRE(value(v, "entries_to_care_need_disability", "2022-23") == 0);
    REQUIRE(value(v, "children_looked_after_ethnicity_black", "2023-03-31") == 6);
    REQUIRE(value(v, "children_looked_after_ethnicity_white", "2023-03-31") == 1);
    REQUIRE(value(v, "children_looked_after_sex_female", "2023-03-31") == 6);
    REQUIRE(value(v, "children_looked_after_sex_male", "2023-03-31") == 1);
    REQUIRE(value(v, "entries_to_care_ethnicity_mixed", "2022-23") == 2);
    REQUIRE(value(v, "entries_to_care_sex_male", "2022-23") == 2);
    REQUIRE(value(v, "entries_to_care_sex_female", "2022-23") == 0);
    REQUIRE(value(v, "entries_to_care_past_plan_ethnicity_mixed", "2022-23") == 1);
    REQUIRE(value(v, "adoptions_ethnicity_asian", "2022-23") == 2);
    REQUIRE(value(v, "adoptions_sex_female", "2022-23") == 2);
    REQUIRE(value(v, "sgo_exits_ethnicity_asian", "2022-23") == 0);
    // Two LAs are too few for fifths: no deprivation measures.
    for (const auto& m : v) REQUIRE(m.measure.rfind("cla_per_10k_deprivation", 0) != 0);
    REQUIRE(value(v, "spend_gbp", "2022-23") == Approx(251.91).margin(0.005));
    // The cost index weights each line's inflation by its spend: cash over 2021-22 prices.
    REQUIRE(value(v, "cost_index", "2022-23") ==
            Approx(251.905 / (246.90 / 1.25 + 5.005 / 1.1)).margin(1e-6));
}

TEST_CASE("the starting stock is dated the day before the first month", "[measures]") {
    auto r = two_la_record();
    r.attributes["start"] = "2017-01-01";
    REQUIRE(value(summarise(r), "children_looked_after", "2016-12-31") == 24);
}

TEST_CASE("a run record without the tables is reported as a bad run file", "[measures]") {
    auto r = two_la_record();
    r.tables.pop_back();
    REQUIRE_THROWS_AS(summarise(r), csc::output::OutputError);
}

TEST_CASE("the deprivation fifths rank LAs by low income and divide by their children",
          "[measures]") {
    // Recomputes the most deprived fifth of a smoke run by hand from the run's own tables.
    const auto model = csc::agents::Model::load(
        std::filesystem::path(CSCSIM_SOURCE_DIR) / "scenarios/smoke.toml", {"run.end=2022-04-30"});
    const auto run = csc::agents::simulate(model, 0);
    const auto find = [&](const std::string& name) -> const Table& {
        for (const auto& t : run.tables) {
            if (t.name == name) return t;
        }
        throw std::logic_error(name);
    };
    const auto& scale = find("la_scale").reals;
    const auto& pop = find("la_population").integers;
    const auto& low = find("la_low_income_pct").reals;
    const auto& start = find("stocks_at_start");
    std::vector<size_t> ranked;
    for (size_t l = 0; l < scale.size(); ++l) {
        if (!std::isnan(low[l])) ranked.push_back(l);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](size_t a, size_t b) { return low[a] < low[b]; });
    const size_t width = start.axes[1].labels.size();
    double children = 0, population = 0;
    for (size_t r = 4 * (ranked.size() / 5); r < ranked.size(); ++r) {
        const size_t l = ranked[r];
        for (size_t k = 0; k < width; ++k) {
            if (start.axes[1].labels[k].rfind("looked_after_", 0) == 0)
                children += static_cast<double>(start.integers[l * width + k]) * scale[l];
        }
        population += static_cast<double>(pop[l]);
    }
    REQUIRE(value(summarise(run), "cla_per_10k_deprivation_q5", "2022-03-31") ==
            Approx(children / population * 1e4).margin(0.05));
}
