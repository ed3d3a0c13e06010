// Sex and ethnicity: the mixes children entering care are drawn from, brothers and sisters
// sharing an ethnicity, and the factors by ethnicity on placement orders and SGO exits.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "stat_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::kNoSiblings;
using csc::test::one_la;
using csc::test::require_share;
using csc::test::with;

namespace {

/// A group flow ("care_entries", "adoptions", ..) summed over years and LAs: [group].
std::array<int64_t, kGroups> group_flow(const csc::output::RunRecord& run, const std::string& f) {
    std::array<int64_t, kGroups> out{};
    for (int g = 0; g < kGroups; ++g)
        out[g] = flow_total(run, f + "_" + group_name(g), -1, "group_flows");
    return out;
}

int64_t ethnicity_total(const std::array<int64_t, kGroups>& n, Ethnicity e) {
    return n[group_of(e, Sex::Female)] + n[group_of(e, Sex::Male)];
}

/// Sets two ethnic groups, white and black, half the resident starts each, with `factor` on
/// white children's placement orders and SGO exits and 2 - factor on black children's (so the
/// starts' mean stays 1).
std::vector<std::string> white_and_black(double factor) {
    const std::string f =
        "[" + std::to_string(factor) + ",1,1," + std::to_string(2 - factor) + ",1]";
    return {"group.resident_entry_ethnicity=[0.5,0,0,0.5,0]",
            "calibration.placement_order_factor_ethnicity=" + f,
            "calibration.sgo_factor_ethnicity=" + f};
}

}  // namespace

TEST_CASE("starts of care take sex and ethnicity from the resident and unaccompanied mixes",
          "[groups][stat]") {
    // Unaccompanied children all boys of "other" ethnicity, no resident child: the "other"
    // starts are the arrivals, and the rest are the residents' mix.
    const std::vector<double> resident = {0.4, 0.3, 0.2, 0.1, 0.0};
    const Model model = one_la(with(
        kNoSiblings, {"run.end=2030-03-31", "group.resident_entry_ethnicity=[0.4,0.3,0.2,0.1,0]",
                      "group.resident_entry_male=0.55", "group.uasc_ethnicity=[0,0,0,0,1]",
                      "group.uasc_male=1"}));
    const auto run = simulate(model, 0);
    const auto starts = group_flow(run, "care_entries");
    const int64_t arrivals = flow_total(run, "uasc_arrivals");
    REQUIRE(arrivals > 100);
    REQUIRE(starts[group_of(Ethnicity::Other, Sex::Male)] == arrivals);
    REQUIRE(starts[group_of(Ethnicity::Other, Sex::Female)] == 0);
    int64_t total = 0, male = 0;
    for (int g = 0; g < kGroups; ++g) {
        total += starts[g];
        if (sex_of(static_cast<uint8_t>(g)) == static_cast<int>(Sex::Male)) male += starts[g];
    }
    const int64_t residents = total - arrivals;
    // Every start is counted once: the group flows add up to the starts.
    int64_t entries = 0;
    for (const char* f : {"care_entries_at_referral", "care_entries_from_child_in_need",
                          "care_entries_from_protection", "care_entries_at_birth",
                          "care_entries_with_sibling", "uasc_arrivals"})
        entries += flow_total(run, f);
    REQUIRE(total == entries);
    // Ethnicity is drawn per family, so children of one family entering at different times
    // share it: a little more spread than independent draws (few families have two starts).
    for (int e = 0; e < 4; ++e) {
        INFO(kEthnicityNames[e]);
        require_share(ethnicity_total(starts, static_cast<Ethnicity>(e)), residents, resident[e]);
    }
    require_share(male - arrivals, residents, 0.55);
    // Children who had been on a protection plan are some of the starts, in each group.
    const auto past_plan = group_flow(run, "care_entries_past_plan");
    for (int g = 0; g < kGroups; ++g) REQUIRE(past_plan[g] <= starts[g]);
    REQUIRE(past_plan[group_of(Ethnicity::Other, Sex::Male)] == 0);  // unaccompanied
}

TEST_CASE("brothers and sisters share their ethnicity", "[groups]") {
    // With the calibrated factors, children under a placement order at the start draw from
    // another mix than their brothers and sisters: they take the ethnicity of one who has it.
    const Model model = one_la({"run.end=2024-03-31"});
    int64_t families_checked = 0, mismatches = 0;
    const MonthObserver observer = [&](int32_t /*m*/, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        for (const auto& r : ranges) {
            std::map<uint32_t, int> ethnicity;  // family -> ethnicity of its first child with one
            for (size_t i = r.begin; i < r.end; ++i) {
                if (c.group[i] == kNoGroup || c.uasc[i] != 0) continue;
                const auto [it, fresh] = ethnicity.emplace(c.family[i], ethnicity_of(c.group[i]));
                if (!fresh) {
                    ++families_checked;
                    mismatches += it->second != ethnicity_of(c.group[i]) ? 1 : 0;
                }
            }
        }
    };
    simulate(model, 0, {}, nullptr, observer);
    REQUIRE(families_checked > 1000);
    REQUIRE(mismatches == 0);
}

TEST_CASE("the starting stock draws its groups, placement orders weighted by their factor",
          "[groups][stat]") {
    // Half white, half black; white children's placement order factor 1.8 and black children's
    // 0.2, so 90% of the children under a placement order at the start are white and half of the
    // others. Unaccompanied children are all boys of "other" ethnicity.
    const Model model = one_la(with(with(kNoSiblings, white_and_black(1.8)),
                                    {"run.end=2022-04-30", "group.resident_entry_male=0.55",
                                     "group.uasc_ethnicity=[0,0,0,0,1]", "group.uasc_male=1"}));
    std::array<int64_t, 2> orders{}, others{};
    int64_t resident = 0, male = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (m != 0) return;  // the end of the first month: nearly all the starting stock
        for (const auto& r : ranges) {
            for (size_t i = r.begin; i < r.end; ++i) {
                if (c.state[i] != CareState::LookedAfter || c.uasc[i] != 0) continue;
                const bool white = ethnicity_of(c.group[i]) == static_cast<int>(Ethnicity::White);
                auto& n = c.legal[i] == LegalStatus::PlacementOrder ? orders : others;
                ++n[white ? 0 : 1];
                ++resident;
                male += sex_of(c.group[i]) == static_cast<int>(Sex::Male) ? 1 : 0;
            }
        }
    };
    // One LA has about 80 children under a placement order: six replicates.
    for (int rep = 1; rep < 6; ++rep) simulate(model, rep, {}, nullptr, observer);
    const auto run = simulate(model, 0, {}, nullptr, observer);
    require_share(orders[0], orders[0] + orders[1], 0.9, 300);
    require_share(others[0], others[0] + others[1], 0.5);
    require_share(male, resident, 0.55);
    // The starting stock's table: unaccompanied children are the "other" boys.
    const auto& start = csc::test::table(run, "group_at_start").integers;
    int64_t unaccompanied = 0;
    for (const int64_t n : csc::test::table(run, "uasc_at_start").integers) unaccompanied += n;
    REQUIRE(unaccompanied > 0);
    REQUIRE(start[group_of(Ethnicity::Other, Sex::Male)] == unaccompanied);
    REQUIRE(start[group_of(Ethnicity::Other, Sex::Female)] == 0);
}

TEST_CASE("a child's ethnic group scales its placement order and SGO shares", "[groups][stat]") {
    // White children's factor 1.8, black children's 0.2 (a mean of 1). Every final hearing ends
    // in a placement order with the band's share x the child's factor; every exit from care other
    // than by adoption or at 18 is to special guardianship with the band's SGO share x the
    // factor (the other ways out shrinking), at most 1.
    const double kWhite = 1.8;
    const Model model = one_la(
        with(with(kNoSiblings, white_and_black(kWhite)),
             {"run.end=2031-03-31", "proceedings.placement_order_share=[0.3, 0.3, 0.3, 0.3, 0.3]",
              "calibration.placement_order_factor=1"}));
    const auto& pp = model.parameters;
    // [white, black]: hearings and placement orders; exits, SGO exits and the expected SGO exits.
    std::array<int64_t, 2> hearings{}, orders{}, exits{}, sgo{};
    std::array<double, 2> sgo_expected{};
    const auto side = [](uint8_t group) { return ethnicity_of(group) == 0 ? 0 : 1; };
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t m, const ChildColumns& before, const ChildColumns& now, size_t i) {
            if (before.state[i] != CareState::LookedAfter || before.uasc[i] != 0) return;
            if (now.serial[i] != before.serial[i]) return;  // turned 18
            const int s = side(before.group[i]);
            const double f = s == 0 ? kWhite : 2 - kWhite;
            if (before.legal[i] == LegalStatus::InterimOrder &&
                now.state[i] == CareState::LookedAfter &&
                (now.legal[i] == LegalStatus::PlacementOrder ||
                 now.legal[i] == LegalStatus::CareOrder)) {
                ++hearings[s];
                orders[s] += now.legal[i] == LegalStatus::PlacementOrder ? 1 : 0;
            }
            if (before.legal[i] != LegalStatus::PlacementOrder &&
                now.state[i] != CareState::LookedAfter) {
                ++exits[s];
                sgo[s] += now.home[i] == Home::SpecialGuardian ? 1 : 0;
                const int band = age_band(m - now.birth_month[i]);
                const int k = static_cast<int>(CareExit::SpecialGuardianship);
                sgo_expected[s] += std::min(1.0, pp.care_exit_shares(pp.epoch_of(0))[band][k] * f);
            }
        });
    simulate(model, 0, {}, nullptr, observer);
    for (int s = 0; s < 2; ++s) {
        const double f = s == 0 ? kWhite : 2 - kWhite;
        INFO((s == 0 ? "white" : "black")
             << ": orders " << orders[s] << " of " << hearings[s] << "; SGO exits " << sgo[s]
             << " of " << exits[s] << ", expected " << sgo_expected[s]);
        require_share(orders[s], hearings[s], 0.3 * f, 300);
        REQUIRE(exits[s] > 500);
        REQUIRE(std::abs(static_cast<double>(sgo[s]) - sgo_expected[s]) <
                4 * std::sqrt(sgo_expected[s]) + 1);
    }
}

TEST_CASE("group mixes and factors are checked on load", "[groups][errors]") {
    using csc::sim::ScenarioError;
    REQUIRE_THROWS_WITH(
        one_la({"group.resident_entry_ethnicity=[0.5,0.5,0.5,0,0]"}),
        Catch::Contains("group.resident_entry_ethnicity") && Catch::Contains("add up to 1"));
    REQUIRE_THROWS_WITH(one_la({"group.uasc_ethnicity=[1,0,0,0]"}),
                        Catch::Contains("group.uasc_ethnicity"));
    REQUIRE_THROWS_WITH(one_la({"group.uasc_male=1.5"}), Catch::Contains("group.uasc_male"));
    REQUIRE_THROWS_WITH(one_la({"calibration.sgo_factor_ethnicity=[1,1,-1,1,1]"}),
                        Catch::Contains("calibration.sgo_factor_ethnicity"));
    REQUIRE_THROWS_WITH(one_la({"calibration.placement_order_factor_ethnicity=[0,0,0,0,0]"}),
                        Catch::Contains("calibration.placement_order_factor_ethnicity") &&
                            Catch::Contains("no ethnic group"));
    REQUIRE_THROWS_AS(one_la({"calibration.placement_order_factor_ethnicity=[1,1,1,1]"}),
                      ScenarioError);
}
