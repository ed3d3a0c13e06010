// Reform levers: the lever table and its parameters, the phasing of a mechanism, the cost ledger
// to the penny, and a mechanism acting on the simulation (same random streams before it starts).
#include <catch2/catch.hpp>
#include <fstream>
#include <numeric>

#include "agents/investment_table.hpp"
#include "agents/levers.hpp"
#include "agents/local_authority.hpp"
#include "agents/measures.hpp"
#include "agents/simulation.hpp"
#include "sim/scenario/scenario.hpp"
#include "stat_support.hpp"
#include "test_support.hpp"

using namespace csc::agents;

namespace {

std::map<std::pair<std::string, std::string>, double> measures_of(const csc::output::RunRecord& r) {
    std::map<std::pair<std::string, std::string>, double> out;
    for (const auto& v : summarise(r)) out[{v.measure, v.period}] = v.value;
    return out;
}

/// A lever table with one row, written to a fresh directory.
std::filesystem::path lever_table(const std::string& row) {
    const auto dir = csc::test::fresh_temp_dir("levers");
    const auto path = dir / "levers.csv";
    std::ofstream(path) << "lever,row,category,cla_group,budget_holder,coverage,source\n"
                        << row << "\n";
    return path;
}

csc::sim::ParameterSet one_lever_parameters() {
    csc::sim::ParameterSet p;
    p.set_scalar("lever.programme_first_year", 2024);
    p.set_scalar("lever.x.on", 1);
    p.set_array("lever.x.cost_gbp_m", {1, 2.5, 3});
    p.set_scalar("lever.x.effect_start_year", 2025);
    p.set_scalar("lever.x.ramp_years", 2);
    p.set_scalar("lever.x.effect.care_entry", -0.3);
    return p;
}

/// `base` with lever `id` switched on, acting in full from the year ending 31 March `start`,
/// and the lever's `effects` ("group=value", e.g. "care_entry=-0.5").
std::vector<std::string> lever_on(std::vector<std::string> base, const std::string& id, int start,
                                  const std::vector<std::string>& effects) {
    const std::string key = "lever." + id + ".";
    base.push_back(key + "on=1");
    base.push_back(key + "effect_start_year=" + std::to_string(start));
    base.push_back(key + "ramp_years=0");
    for (const auto& e : effects) base.push_back(key + "effect." + e);
    return base;
}

}  // namespace

TEST_CASE("the review's and the government's levers are listed, off in the baseline", "[levers]") {
    // 22 rows of the review's table (seed 001 L4027-4053), 7 of the government's path, then the
    // review's two outside its table (footnote 122's GBP 50m; the expert practitioners).
    const Model base = Model::load(csc::test::scenario("smoke.toml"), {});
    REQUIRE(base.levers.size() == 31);
    for (const auto& v : base.levers) REQUIRE_FALSE(v.on);
    const auto review = csc::sim::load_scenario(csc::test::scenario("review.toml"));
    const auto government = csc::sim::load_scenario(csc::test::scenario("government.toml"));
    for (size_t k = 0; k < base.levers.size(); ++k) {
        const std::string on = "lever." + base.levers[k].id + ".on";
        INFO(on);
        REQUIRE(review.parameters.scalar(on) == (k < 22 ? 1 : 0));
        if (k >= 29) REQUIRE(base.levers[k].category == "Not in the review's table");
        REQUIRE(government.parameters.scalar(on) == (k >= 22 && k < 29 ? 1 : 0));
    }
    REQUIRE(review.run.comparator == csc::test::scenario("counterfactual.toml").string());
    REQUIRE(government.run.comparator == review.run.comparator);
}

TEST_CASE("a lever's effect is phased in over its ramp and its costs follow the programme years",
          "[levers]") {
    const auto path = lever_table("x,Row X,Cat,family_help,dfe,all,test");
    const csc::sim::Timeline timeline({2022, 4, 1}, {2027, 3, 31});
    const auto levers = load_levers(path, one_lever_parameters(), timeline, {"E1", "E2"});
    REQUIRE(levers.size() == 1);
    const Lever& x = levers[0];
    REQUIRE(x.holder == BudgetHolder::DfE);
    REQUIRE(x.group == ClaGroup::FamilyHelp);
    REQUIRE(x.has_mechanism());
    REQUIRE(x.factor(RateGroup::CareEntry, 2024) == 1.0);
    REQUIRE(x.factor(RateGroup::CareEntry, 2025) == Approx(1 - 0.3 / 3));
    REQUIRE(x.factor(RateGroup::CareEntry, 2026) == Approx(1 - 0.3 * 2 / 3));
    REQUIRE(x.factor(RateGroup::CareEntry, 2027) == Approx(0.7));
    REQUIRE(x.factor(RateGroup::CareExit, 2027) == 1.0);
    // Financial years 2022-23 .. 2026-27; Y1 = 2023-24; costs beyond the profile are 0.
    REQUIRE(x.cost_gbp_m == std::vector<double>{0, 1, 2.5, 3, 0});
}

TEST_CASE("lever costs are spread over the LAs to the penny", "[levers]") {
    const auto path = lever_table("x,Row X,,none,local_authority,all,test");
    const csc::sim::Timeline timeline({2022, 4, 1}, {2026, 3, 31});
    auto p = one_lever_parameters();
    p.set_array("lever.x.cost_gbp_m", {1.234567891, 0, 7});
    p.set_scalar("lever.x.effect.care_entry", 0);  // no mechanism: the review's saving stands
    p.set_array("lever.x.review_saving_gbp_m", {0, 2.5});
    const auto levers = load_levers(path, p, timeline, {"E1", "E2"});
    REQUIRE(levers[0].category == "Row X");  // no category: the row is its own
    const std::vector<double> shares = {0.3333333, 0.3333333, 0.3333334};
    const std::vector<std::string> years = {"a", "b", "c", "d"};
    const auto t = lever_money_table(levers, LeverMoney::Cost, shares, years, {"L1", "L2", "L3"});
    const auto s =
        lever_money_table(levers, LeverMoney::ReviewSaving, shares, years, {"L1", "L2", "L3"});
    REQUIRE(t.name == "lever_costs");
    REQUIRE(s.name == "lever_review_savings");
    for (size_t f = 0; f < 4; ++f) {
        const int64_t sum = t.integers[f * 3] + t.integers[f * 3 + 1] + t.integers[f * 3 + 2];
        REQUIRE(sum == std::llround(levers[0].cost_gbp_m[f] * 1e8));
        const int64_t saved = s.integers[f * 3] + s.integers[f * 3 + 1] + s.integers[f * 3 + 2];
        REQUIRE(saved == (f == 2 ? 250000000 : 0));  // Y2 = 2024-25, the run's third year
    }
    REQUIRE(t.integers[3] + t.integers[4] + t.integers[5] == 123456789);
    // Covering E1 and E2 only (the LA table here has three): E3 pays nothing.
    const auto pathfinders = load_levers(lever_table("x,Row X,,none,local_authority,E1;E2,test"), p,
                                         timeline, {"E1", "E2", "E3"});
    const auto u =
        lever_money_table(pathfinders, LeverMoney::Cost, shares, years, {"E1", "E2", "E3"});
    REQUIRE(u.integers[3] + u.integers[4] == 123456789);
    REQUIRE(u.integers[5] == 0);
    REQUIRE(u.integers[3] == 61728395);  // half of 123456789.1, by their equal children
}

TEST_CASE("bad lever tables and parameters are reported with where and what", "[levers][errors]") {
    const csc::sim::Timeline timeline({2022, 4, 1}, {2026, 3, 31});
    const auto message = [&](const std::string& row, const csc::sim::ParameterSet& p) {
        try {
            (void)load_levers(lever_table(row), p, timeline, {"E1", "E2"});
        } catch (const csc::sim::ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    auto p = one_lever_parameters();
    REQUIRE_THAT(message("x,Row X,,none,treasury,all,test", p),
                 Catch::Contains("levers.csv:2") && Catch::Contains("budget_holder") &&
                     Catch::Contains("moj_legal_aid"));
    REQUIRE_THAT(message("x,Row X,,kin,dfe,all,test", p), Catch::Contains("cla_group"));
    REQUIRE_THAT(message("x,Row X,,none,dfe,E2;E09000001,test", p),
                 Catch::Contains("coverage") && Catch::Contains("no LA 'E09000001'"));
    auto none_left = p;  // a rate cannot fall by all of it
    none_left.set_scalar("lever.x.effect.care_entry", -1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", none_left),
                 Catch::Contains("lever.x.effect.care_entry") && Catch::Contains("above -1"));
    auto more_missed = p;  // the conference groups can only shrink
    more_missed.set_scalar("lever.x.effect.missed_family_conference", 0.5);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", more_missed),
                 Catch::Contains("missed_family_conference") && Catch::Contains("-1 to 0"));
    auto more_homes = p;  // nor can the children's home share grow (it would take foster care's)
    more_homes.set_scalar("lever.x.effect.childrens_home_placement", 0.1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", more_homes),
                 Catch::Contains("childrens_home_placement") && Catch::Contains("-1 to 0"));
    auto national_only = p;  // a pathfinder lever cannot change a national-only group
    national_only.set_scalar("lever.x.effect.sgo_exit", 0.5);
    REQUIRE_THAT(message("x,Row X,,none,dfe,E2,test", national_only),
                 Catch::Contains("lever.x.effect.sgo_exit") && Catch::Contains("covers some LAs"));
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,", p), Catch::Contains("source"));
    auto bad_group = p;
    bad_group.set_scalar("lever.x.effect.care_entri", -0.1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", bad_group),
                 Catch::Contains("lever.x.effect.care_entri") && Catch::Contains("care_entry"));
    auto stray = p;
    stray.set_scalar("lever.y.on", 1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", stray),
                 Catch::Contains("lever.y.on") && Catch::Contains("no lever 'y'"));
    auto negative_cost = p;  // a cost is gross: a saving goes in review_saving_gbp_m
    negative_cost.set_array("lever.x.cost_gbp_m", {1, -2});
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", negative_cost),
                 Catch::Contains("lever.x.cost_gbp_m") && Catch::Contains("review_saving_gbp_m"));
    auto both = p;  // a saving simulated and the review's besides would count it twice
    both.set_array("lever.x.review_saving_gbp_m", {0, 1});
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", both),
                 Catch::Contains("lever.x.review_saving_gbp_m") && Catch::Contains("twice"));
    auto negative_saving = p;
    negative_saving.set_scalar("lever.x.effect.care_entry", 0);
    negative_saving.set_array("lever.x.review_saving_gbp_m", {-1});
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", negative_saving),
                 Catch::Contains("savings of 0 or more"));
    auto half_on = p;
    half_on.set_scalar("lever.x.on", 0.5);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", half_on), Catch::Contains("lever.x.on"));
}

TEST_CASE("a lever on care entries cuts starts from its start year, on the same random streams",
          "[levers][stat]") {
    // Family Help with a made-up mechanism: entries to care halved from 2023-24 at once.
    const std::vector<std::string> base = {"run.end=2026-03-31", "run.sample=0.05"};
    const Model with = Model::load(csc::test::scenario("smoke.toml"),
                                   lever_on(base, "family_help", 2024, {"care_entry=-0.5"}));
    const Model without = Model::load(csc::test::scenario("smoke.toml"), base);
    const auto a = measures_of(simulate(with, 0));
    const auto b = measures_of(simulate(without, 0));
    // Before the lever: the same children, the same draws, the same figures.
    REQUIRE(a.at({"entries_to_care", "2022-23"}) == b.at({"entries_to_care", "2022-23"}));
    REQUIRE(a.at({"children_looked_after", "2023-03-31"}) ==
            b.at({"children_looked_after", "2023-03-31"}));
    // After: starts fall by about half (children kept at home, and their brothers and sisters,
    // can still enter later, at half the hazard, so a little less than half), and fewer
    // children are looked after.
    for (const char* year : {"2023-24", "2024-25", "2025-26"}) {
        const double ratio = a.at({"entries_to_care", year}) / b.at({"entries_to_care", year});
        INFO(year << ": " << ratio);
        REQUIRE(ratio > 0.42);
        REQUIRE(ratio < 0.66);
    }
    REQUIRE(a.at({"children_looked_after", "2026-03-31"}) <
            0.95 * b.at({"children_looked_after", "2026-03-31"}));
    // Its costs are in the ledger: Family Help's cost in Y2 (2024-25), to the penny.
    const auto run = simulate(with, 0);
    const auto& costs = run.table("lever_costs");
    int64_t y2 = 0;
    const size_t n_levers = with.levers.size();
    for (size_t l = 0; l < 152; ++l) y2 += costs.integers[(2 * 152 + l) * n_levers + 0];
    REQUIRE(with.levers[0].id == "family_help");
    REQUIRE(y2 == std::llround(with.levers[0].cost_gbp_m[2] * 1e8));
}

using csc::test::flow_total;
using csc::test::require_share;

TEST_CASE(
    "family network plans: mandatory conferences before proceedings keep some children at home",
    "[levers][stat]") {
    // The review's Family Network Plans at full effect from 2023-24: a conference before every
    // planned entry to care under a court order (effect.missed_family_conference = -1), and 20%
    // of the children of an added conference kept at home (seed 002 L853).
    const std::vector<std::string> base = {"run.end=2025-03-31", "run.sample=0.1"};
    const auto on = lever_on(base, "family_network_plans", 2024, {});
    const Model with = Model::load(csc::test::scenario("smoke.toml"), on);
    const Model without = Model::load(csc::test::scenario("smoke.toml"), base);
    REQUIRE(with.parameters.p_family_group_conference == Approx(0.39));  // seed 001 L1852
    const auto a = simulate(with, 0);
    const auto b = simulate(without, 0);
    const auto planned = [](const csc::output::RunRecord& r, int fy) {
        return flow_total(r, "care_entries_from_child_in_need", fy) +
               flow_total(r, "care_entries_from_protection", fy) +
               flow_total(r, "family_network_plans", fy);
    };
    // 2022-23, before the lever: identical, and conferences before 39% of planned entries.
    REQUIRE(flow_total(a, "family_group_conferences", 0) ==
            flow_total(b, "family_group_conferences", 0));
    REQUIRE(flow_total(a, "family_network_plans", 0) == 0);
    require_share(flow_total(b, "family_group_conferences", 0), planned(b, 0), 0.39, 500);
    // Under the lever a conference comes before every planned entry that would be under a court
    // order (the Public Law Outline), and 20% of the added ones end in a family network plan.
    const double court =
        with.parameters.proceedings.planned_entry_share[static_cast<int>(LegalEntry::CourtOrder)];
    REQUIRE(court > 0.3);
    for (int fy : {1, 2}) {
        require_share(flow_total(a, "family_group_conferences", fy), planned(a, fy),
                      0.39 + 0.61 * court, 500);
        require_share(flow_total(a, "family_network_plans", fy), planned(a, fy), 0.2 * 0.61 * court,
                      500);
        REQUIRE(flow_total(a, "care_entries_from_child_in_need", fy) +
                    flow_total(a, "care_entries_from_protection", fy) <
                flow_total(b, "care_entries_from_child_in_need", fy) +
                    flow_total(b, "care_entries_from_protection", fy));
    }
}

TEST_CASE("a lever on exits to special guardianship adds such exits and leaves the others",
          "[levers][stat]") {
    // The SGO allowance with a made-up effect: the hazard of leaving care to a special
    // guardianship order doubled from 2023-24 at once (sgo_exit = +1). Without brothers and
    // sisters, who would leave with the children it takes out of care.
    const std::vector<std::string> base = {"run.end=2025-03-31", "run.sample=0.13",
                                           "siblings.p_enter_together=0",
                                           "calibration.sibling_stock_share=0"};
    const auto on = lever_on(base, "kinship_allowance", 2024, {"sgo_exit=1"});
    const auto a = simulate(Model::load(csc::test::scenario("smoke.toml"), on), 0);
    const auto b = simulate(Model::load(csc::test::scenario("smoke.toml"), base), 0);
    const char* sgo = "care_exits_special_guardianship";
    REQUIRE(flow_total(a, sgo, 0) == flow_total(b, sgo, 0));  // before the lever: the same
    REQUIRE(flow_total(a, "care_exits_home", 0) == flow_total(b, "care_exits_home", 0));
    // The first year under the lever: up to twice the exits to special guardianship (fewer:
    // orders made at the end of proceedings are not on this hazard, and the children who left
    // no longer draw exits); the other ways out about as many as before (a few fewer).
    const double n = static_cast<double>(flow_total(b, sgo, 1));
    const double ratio = static_cast<double>(flow_total(a, sgo, 1)) / n;
    INFO("exits to special guardianship: " << ratio << " times " << n);
    REQUIRE(n > 300);
    REQUIRE(ratio > 1.5);
    REQUIRE(ratio < 2.1);
    for (const char* other : {"care_exits_home", "care_exits_other"}) {
        const double r = static_cast<double>(flow_total(a, other, 1)) /
                         static_cast<double>(flow_total(b, other, 1));
        INFO(other << ": " << r);
        REQUIRE(r > 0.85);  // without the hazard factor, about 0.81
        REQUIRE(r < 1.05);
    }
}

TEST_CASE("a lever covering some LAs acts and pays only there", "[levers][stat]") {
    // Family Help in ten pathfinder LAs (the first ten of the LA table), entries to care halved
    // there from 2023-24.
    const Model plain = Model::load(csc::test::scenario("smoke.toml"), {});
    const auto codes = la_codes_of(plain.las);
    std::string pathfinders;
    for (size_t l = 0; l < 10; ++l) pathfinders += (l > 0 ? ";" : "") + codes[l];
    const auto dir = csc::test::fresh_temp_dir("coverage");
    {
        std::ifstream in(csc::test::source_dir() / "scenarios/data/levers.csv");
        std::ofstream out(dir / "levers.csv");
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind("family_help,", 0) == 0) {
                line.replace(line.find(",all,"), 5, "," + pathfinders + ",");
            }
            out << line << '\n';
        }
    }
    const std::vector<std::string> base = {"run.end=2025-03-31", "run.sample=0.05"};
    auto with_table = base;
    with_table.push_back("data.levers=" + (dir / "levers.csv").string());
    const auto on = lever_on(with_table, "family_help", 2024, {"care_entry=-0.5"});
    const Model with = Model::load(csc::test::scenario("smoke.toml"), on);
    REQUIRE(with.levers[0].covers(9));
    REQUIRE_FALSE(with.levers[0].covers(10));
    const auto a = simulate(with, 0);
    const auto b = simulate(Model::load(csc::test::scenario("smoke.toml"), base), 0);
    const auto& fa = a.table("flows");
    const auto& fb = b.table("flows");
    const size_t n_la = codes.size();
    const size_t n_flows = fa.axes[2].labels.size();
    const auto entries = [&](const csc::output::Table& t, size_t fy, size_t l) {
        int64_t sum = 0;
        for (const char* f : {"care_entries_at_referral", "care_entries_from_child_in_need",
                              "care_entries_from_protection", "care_entries_at_birth"}) {
            const auto& names = t.axes[2].labels;
            const size_t k = std::find(names.begin(), names.end(), f) - names.begin();
            sum += t.integers[(fy * n_la + l) * n_flows + k];
        }
        return sum;
    };
    int64_t covered_a = 0, covered_b = 0;
    for (size_t l = 0; l < n_la; ++l) {
        for (size_t fy : {1, 2}) {
            if (l < 10) {
                covered_a += entries(fa, fy, l);
                covered_b += entries(fb, fy, l);
            } else {
                // Outside the pathfinders: the same children, the same draws, the same events.
                REQUIRE(entries(fa, fy, l) == entries(fb, fy, l));
            }
        }
    }
    INFO("pathfinders' entries: " << covered_a << " against " << covered_b);
    REQUIRE(covered_b > 100);
    REQUIRE(static_cast<double>(covered_a) < 0.65 * static_cast<double>(covered_b));
    // Its cost is the pathfinders', to the penny.
    const auto& costs = a.table("lever_costs");
    const size_t n_levers = with.levers.size();
    int64_t inside = 0, outside = 0;
    for (size_t l = 0; l < n_la; ++l) {
        (l < 10 ? inside : outside) += costs.integers[(2 * n_la + l) * n_levers];
    }
    REQUIRE(outside == 0);
    REQUIRE(inside == std::llround(with.levers[0].cost_gbp_m[2] * 1e8));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a lever on a price changes that line's spend and nothing the children do", "[levers]") {
    // Regional Care Cooperatives with a made-up effect: residential care 20% cheaper from 2023-24.
    const std::vector<std::string> base = {"run.end=2025-03-31", "run.sample=0.02"};
    const auto on = lever_on(base, "regional_care_cooperatives", 2024,
                             {"price_residential=-0.2", "price_fostering=0"});
    const auto a = simulate(Model::load(csc::test::scenario("smoke.toml"), on), 0);
    const auto b = simulate(Model::load(csc::test::scenario("smoke.toml"), base), 0);
    REQUIRE(a.table("flows").integers == b.table("flows").integers);
    // A lever's price change is real, not inflation: the cost index is the same.
    REQUIRE(a.table("cost_index").reals == b.table("cost_index").reals);
    const auto& sa = a.table("spend");
    const auto& sb = b.table("spend");
    const size_t n_la = sa.axes[1].labels.size();
    const size_t lines = sa.axes[2].labels.size();
    const auto line_total = [&](const csc::output::Table& t, size_t fy, LedgerLine line) {
        int64_t sum = 0;
        for (size_t l = 0; l < n_la; ++l) {
            sum += t.integers[(fy * n_la + l) * lines + static_cast<size_t>(line)];
        }
        return static_cast<double>(sum);
    };
    REQUIRE(line_total(sa, 0, LedgerLine::ResidentialCare) ==
            line_total(sb, 0, LedgerLine::ResidentialCare));
    for (size_t fy : {1, 2}) {
        REQUIRE(line_total(sb, fy, LedgerLine::ResidentialCare) > 0);
        REQUIRE(line_total(sa, fy, LedgerLine::ResidentialCare) ==
                Approx(0.8 * line_total(sb, fy, LedgerLine::ResidentialCare)).epsilon(1e-6));
        REQUIRE(line_total(sa, fy, LedgerLine::Fostering) ==
                line_total(sb, fy, LedgerLine::Fostering));
    }
}

TEST_CASE("a lever on the children's home share moves it to local authority foster care",
          "[levers][stat]") {
    // The fostering campaign with a made-up effect: half the children's home placements of
    // 2023-24 on go to local authority foster carers instead. Without brothers and sisters, who
    // leave care together only where they live together, so where they live would matter.
    const std::vector<std::string> base = {"run.end=2025-03-31", "run.sample=0.1",
                                           "siblings.p_enter_together=0",
                                           "calibration.sibling_stock_share=0"};
    const auto on =
        lever_on(base, "fostering_recruitment", 2024, {"childrens_home_placement=-0.5"});
    const auto with = Model::load(csc::test::scenario("smoke.toml"), on);
    const auto without = Model::load(csc::test::scenario("smoke.toml"), base);
    // The placement mix: the same before the lever; from 2023-24, half the children's home share
    // moved to local authority foster care and every other share as it was.
    const auto home = static_cast<size_t>(Placement::ChildrensHome);
    const auto la_foster = static_cast<size_t>(Placement::LaFoster);
    REQUIRE(with.parameters.placement_mix_of(0) == without.parameters.placement_mix_of(0));
    const auto& mix_with = with.parameters.placement_mix_of(with.parameters.epoch_of(1));
    const auto& mix_without = without.parameters.placement_mix_of(without.parameters.epoch_of(1));
    for (int band = 0; band < kAgeBands; ++band) {
        const auto& a = mix_with[static_cast<size_t>(band)];
        const auto& b = mix_without[static_cast<size_t>(band)];
        REQUIRE(a[home] == Approx(0.5 * b[home]).margin(1e-12));
        REQUIRE(a[la_foster] == Approx(b[la_foster] + 0.5 * b[home]).margin(1e-12));
        for (size_t j = 0; j < kPlacements; ++j) {
            if (j != home && j != la_foster) REQUIRE(a[j] == b[j]);
        }
    }
    // In the simulation: the same children looked after (where a child lives does not change
    // when they leave care); half the children in children's homes step down to foster care
    // when the lever starts, and arrivals and moves keep the share at half; residential spend
    // falls with them.
    const auto ra = simulate(with, 0);
    const auto rb = simulate(without, 0);
    const auto ma = measures_of(ra);
    const auto mb = measures_of(rb);
    const std::string year = "2025-03-31";
    REQUIRE(ma.at({"children_looked_after", year}) == mb.at({"children_looked_after", year}));
    const double homes_a = ma.at({"placement_childrens_home", year});
    const double homes_b = mb.at({"placement_childrens_home", year});
    INFO("children's homes: " << homes_a << " against " << homes_b);
    REQUIRE(homes_b > 300);
    REQUIRE(homes_a < 0.6 * homes_b);
    REQUIRE(homes_a > 0.4 * homes_b);
    // The step-down counts as moves: about half the children in children's homes (flows count
    // simulated children, a tenth of the real ones at run.sample=0.1).
    const auto step_downs = static_cast<double>(flow_total(ra, "placement_moves", 1) -
                                                flow_total(rb, "placement_moves", 1));
    INFO("extra moves in 2023-24: " << step_downs);
    REQUIRE(step_downs > 0.1 * 0.35 * homes_b);
    REQUIRE(step_downs < 0.1 * 0.65 * homes_b);
    REQUIRE(flow_total(ra, "placement_moves", 0) == flow_total(rb, "placement_moves", 0));
    REQUIRE(ma.at({"placement_la_foster", year}) >
            mb.at({"placement_la_foster", year}) + 0.5 * (homes_b - homes_a));
    REQUIRE(ma.at({"spend_gbp", "2024-25"}) < mb.at({"spend_gbp", "2024-25"}));
}

TEST_CASE("the ledger's cost index is each line's unit-cost trend from 2021-22 prices",
          "[levers]") {
    // Unit costs on their trends (the counterfactual's cash prices) and held (the baseline's).
    const std::vector<std::string> base = {"run.end=2024-03-31", "run.sample=0.002"};
    auto trended = base;
    trended.emplace_back("ledger.unit_cost_trend_applied=1");
    const auto model = Model::load(csc::test::scenario("smoke.toml"), trended);
    const auto a = simulate(model, 0);
    const auto b = simulate(Model::load(csc::test::scenario("smoke.toml"), base), 0);
    const auto& index = a.table("cost_index");
    REQUIRE(index.axes[0].labels == std::vector<std::string>{"2022-23", "2023-24"});
    for (int k = 0; k < kLedgerLines; ++k) {
        const double trend = model.scenario.parameters.scalar(std::string("ledger.") +
                                                              kLedgerLineNames[k] + ".trend");
        for (size_t f = 0; f < 2; ++f) {
            INFO(kLedgerLineNames[k] << " " << f);
            REQUIRE(index.reals[f * kLedgerLines + static_cast<size_t>(k)] ==
                    Approx(std::pow(1.0 + trend, 1.0 + static_cast<double>(f))));
        }
    }
    // Held prices: 1 throughout; and the summary's index lies between the lines' indices.
    for (double x : b.table("cost_index").reals) REQUIRE(x == 1.0);
    const auto m = measures_of(a);
    const double composite = m.at({"cost_index", "2023-24"});
    const auto row = index.reals.begin() + kLedgerLines;
    REQUIRE(composite > *std::min_element(row, row + kLedgerLines));
    REQUIRE(composite < *std::max_element(row, row + kLedgerLines));
    REQUIRE(measures_of(b).at({"cost_index", "2023-24"}) == 1.0);
}

TEST_CASE("a lever extending Staying Put keeps young people with their carers past 21",
          "[levers][stat]") {
    // Staying Put to 23 from 2022-23 (effect -1: nobody's ends at 21 for want of funding).
    const std::vector<std::string> base = {"run.end=2026-03-31", "run.sample=0.2"};
    const auto on = lever_on(base, "staying_put", 2023, {"staying_put_end=-1"});
    const auto with = Model::load(csc::test::scenario("smoke.toml"), on);
    const auto a = measures_of(simulate(with, 0));
    const auto b = measures_of(simulate(Model::load(csc::test::scenario("smoke.toml"), base), 0));
    const std::string year = "2026-03-31";
    // Today nobody stays put past 21; the younger ones are the same young people either way.
    REQUIRE(b.at({"care_leavers_staying_put_21_22", year}) == 0);
    const double young = a.at({"care_leavers_staying_put_18_20", year});
    REQUIRE(young == b.at({"care_leavers_staying_put_18_20", year}));
    // In the steady state each birthday keeps a share q: Staying Put at 18, 19, 20 is
    // 1 : q : q^2 and at 21, 22 it is q^3 : q^4 (those at 22 in 2026 turned 21 in 2024-25).
    const double q = with.scenario.parameters.scalar("leaving_care.p_staying_put_continues");
    const double expected = (std::pow(q, 3) + std::pow(q, 4)) / (1 + q + q * q);
    const double ratio = a.at({"care_leavers_staying_put_21_22", year}) / young;
    INFO("Staying Put at 21-22 over 18-20: " << ratio << ", expected " << expected);
    REQUIRE(young > 2000);
    REQUIRE(ratio > 0.7 * expected);
    REQUIRE(ratio < 1.3 * expected);
    // Half the extension: half of those who would stay on at 21 do, and stay on at 22 as before.
    const auto half = measures_of(
        simulate(Model::load(csc::test::scenario("smoke.toml"),
                             lever_on(base, "staying_put", 2023, {"staying_put_end=-0.5"})),
                 0));
    const double half_ratio = half.at({"care_leavers_staying_put_21_22", year}) / young;
    INFO("half the extension: " << half_ratio);
    REQUIRE(half_ratio > 0.7 * expected / 2);
    REQUIRE(half_ratio < 1.3 * expected / 2);
    // The extension's end cannot come before the end of funding.
    auto bad = base;
    bad.emplace_back("leaving_care.staying_put_extended_end_age=20");
    try {
        (void)Model::load(csc::test::scenario("smoke.toml"), bad);
        FAIL("no error");
    } catch (const csc::sim::ScenarioError& e) {
        REQUIRE_THAT(std::string(e.what()), Catch::Contains("staying_put_extended_end_age"));
    }
}
