// Reform levers: the lever table and its parameters, the phasing of a mechanism, the cost ledger
// to the penny, and a mechanism acting on the simulation (same random streams before it starts).
#include <catch2/catch.hpp>
#include <fstream>
#include <numeric>

#include "agents/investment_table.hpp"
#include "agents/levers.hpp"
#include "agents/measures.hpp"
#include "agents/simulation.hpp"
#include "sim/scenario/scenario.hpp"
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

}  // namespace

TEST_CASE("the review's levers are all listed, off in the baseline and on in review.toml",
          "[levers]") {
    const Model base = Model::load(csc::test::scenario("smoke.toml"), {});
    REQUIRE(base.levers.size() == 22);
    for (const auto& v : base.levers) REQUIRE_FALSE(v.on);
    const auto review = csc::sim::load_scenario(csc::test::scenario("review.toml"));
    for (const auto& v : base.levers)
        REQUIRE(review.parameters.scalar("lever." + v.id + ".on") == 1);
    REQUIRE(review.run.comparator == csc::test::scenario("counterfactual.toml").string());
}

TEST_CASE("a lever's effect is phased in over its ramp and its costs follow the programme years",
          "[levers]") {
    const auto path = lever_table("x,Row X,Cat,family_help,dfe,all,test");
    const csc::sim::Timeline timeline({2022, 4, 1}, {2027, 3, 31});
    const auto levers = load_levers(path, one_lever_parameters(), timeline);
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
    const auto levers = load_levers(path, p, timeline);
    REQUIRE(levers[0].category == "Row X");  // no category: the row is its own
    const std::vector<double> shares = {0.3333333, 0.3333333, 0.3333334};
    const auto t = lever_cost_table(levers, shares, {"a", "b", "c", "d"}, {"L1", "L2", "L3"});
    for (size_t f = 0; f < 4; ++f) {
        const int64_t sum = t.integers[f * 3] + t.integers[f * 3 + 1] + t.integers[f * 3 + 2];
        REQUIRE(sum == std::llround(levers[0].cost_gbp_m[f] * 1e8));
    }
    REQUIRE(t.integers[3] + t.integers[4] + t.integers[5] == 123456789);
}

TEST_CASE("bad lever tables and parameters are reported with where and what", "[levers][errors]") {
    const csc::sim::Timeline timeline({2022, 4, 1}, {2026, 3, 31});
    const auto message = [&](const std::string& row, const csc::sim::ParameterSet& p) {
        try {
            (void)load_levers(lever_table(row), p, timeline);
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
    REQUIRE_THAT(message("x,Row X,,none,dfe,E09000001,test", p), Catch::Contains("coverage"));
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,", p), Catch::Contains("source"));
    auto bad_group = p;
    bad_group.set_scalar("lever.x.effect.care_entri", -0.1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", bad_group),
                 Catch::Contains("lever.x.effect.care_entri") && Catch::Contains("care_entry"));
    auto stray = p;
    stray.set_scalar("lever.y.on", 1);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", stray),
                 Catch::Contains("lever.y.on") && Catch::Contains("no lever 'y'"));
    auto half_on = p;
    half_on.set_scalar("lever.x.on", 0.5);
    REQUIRE_THAT(message("x,Row X,,none,dfe,all,test", half_on), Catch::Contains("lever.x.on"));
}

TEST_CASE("a lever on care entries cuts starts from its start year, on the same random streams",
          "[levers][stat]") {
    // Family Help with a made-up mechanism: entries to care halved from 2023-24 at once.
    const std::vector<std::string> on = {"run.end=2026-03-31",
                                         "run.sample=0.05",
                                         "lever.family_help.on=1",
                                         "lever.family_help.effect_start_year=2024",
                                         "lever.family_help.ramp_years=0",
                                         "lever.family_help.effect.care_entry=-0.5"};
    const Model with = Model::load(csc::test::scenario("smoke.toml"), on);
    const Model without =
        Model::load(csc::test::scenario("smoke.toml"), {"run.end=2026-03-31", "run.sample=0.05"});
    const auto a = measures_of(simulate(with, 0));
    const auto b = measures_of(simulate(without, 0));
    // Before the lever: the same children, the same draws, the same figures.
    REQUIRE(a.at({"entries_to_care", "2022-23"}) == b.at({"entries_to_care", "2022-23"}));
    REQUIRE(a.at({"children_looked_after", "2023-03-31"}) ==
            b.at({"children_looked_after", "2023-03-31"}));
    // After: starts fall by about half (children kept at home can still enter later, at half
    // the hazard, so a little less than half), and fewer children are looked after.
    for (const char* year : {"2023-24", "2024-25", "2025-26"}) {
        const double ratio = a.at({"entries_to_care", year}) / b.at({"entries_to_care", year});
        INFO(year << ": " << ratio);
        REQUIRE(ratio > 0.42);
        REQUIRE(ratio < 0.62);
    }
    REQUIRE(a.at({"children_looked_after", "2026-03-31"}) <
            0.95 * b.at({"children_looked_after", "2026-03-31"}));
    // Its costs are in the ledger: the review's Family Help row with its sign turned.
    const auto run = simulate(with, 0);
    const auto& costs = run.table("lever_costs");
    int64_t y2 = 0;
    for (size_t l = 0; l < 152; ++l) y2 += costs.integers[(2 * 152 + l) * 22 + 0];
    REQUIRE(y2 == 514LL * 100000000);
}
