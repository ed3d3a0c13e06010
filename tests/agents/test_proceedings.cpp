// Legal status and care proceedings: lengths, outcomes and the statuses of children looked after.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "agents/proceedings.hpp"
#include "agents/simulation.hpp"
#include "model_support.hpp"
#include "stat_support.hpp"
#include "test_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::label_index;
using csc::test::one_la;
using csc::test::require_share;
using csc::test::table;

TEST_CASE("proceedings last a log-normal length with the share within 26 weeks and the median",
          "[proceedings]") {
    const Model model = one_la({});
    const auto& pp = model.parameters.proceedings;
    // Quantiles on a fine grid of u: the share of lengths of 6 months or fewer is the parameter,
    // and half the lengths are at most the median rounded up.
    const int n = 100000;
    int within = 0, below_median = 0;
    for (int k = 0; k < n; ++k) {
        const int months = pp.months((k + 0.5) / n);
        REQUIRE(months >= 1);
        within += months <= kStatutoryLimitMonths ? 1 : 0;
        below_median += months <= static_cast<int>(std::ceil(pp.median_months)) ? 1 : 0;
    }
    REQUIRE(std::abs(static_cast<double>(within) / n - pp.within_26_weeks) < 1e-3);
    REQUIRE(static_cast<double>(below_median) / n >= 0.5);
    REQUIRE(static_cast<double>(below_median) / n < 0.6);
    // The length trend scales every length: at twice the median the middle draw is twice as long.
    REQUIRE(std::abs(pp.months(0.5, 2.0) - std::ceil(2.0 * pp.median_months)) <= 1);
    REQUIRE(pp.months(0.01, 2.0) >= pp.months(0.01));
}

TEST_CASE("the starting statuses by age band add up in each band and to England's shares",
          "[proceedings]") {
    // Made-up factors: voluntary leaning to the oldest, interim orders to babies.
    const Model model =
        one_la({"calibration.stock_legal_age_factor_voluntary=[0.2, 0.5, 1, 1.5, 3]",
                "calibration.stock_legal_age_factor_interim_care_order=[5, 2, 1, 0.5, "
                "0.5]"});
    const auto& pp = model.parameters.proceedings;
    const auto& ages = model.scenario.parameters.array("cla.stock_age_shares", kAgeBands);
    const auto& shares = model.scenario.parameters.array("proceedings.stock_shares", 5);
    // England's share of each status over the bands: voluntary, interim, care order, placement
    // order, youth justice.
    std::array<double, 5> england{};
    for (int b = 0; b < kAgeBands; ++b) {
        const double po = pp.initial_placement_order[b];
        const auto& o = pp.initial_other_share[b];
        REQUIRE(o[0] + o[1] + o[2] + o[3] == Approx(1.0).margin(1e-12));
        const std::array<double, 5> band = {(1 - po) * o[0], (1 - po) * o[1], (1 - po) * o[2], po,
                                            (1 - po) * o[3]};
        for (size_t k = 0; k < 5; ++k) england[k] += ages[b] * band[k];
    }
    for (size_t k = 0; k < 5; ++k) REQUIRE(england[k] == Approx(shares[k]).margin(1e-6));
    // The factors' shape survives the raking: voluntary rises with age, interim orders fall.
    REQUIRE(pp.initial_other_share[4][0] > pp.initial_other_share[0][0]);
    REQUIRE(pp.initial_other_share[0][1] > pp.initial_other_share[4][1]);
}

TEST_CASE("children enter care under each legal status in its share", "[proceedings][stat]") {
    // Without brothers and sisters, who come in with the child's status (test_siblings.cpp).
    const Model model = one_la({"run.end=2027-03-31", "siblings.p_enter_together=0"});
    const auto run = simulate(model, 0);
    const auto& pp = model.parameters.proceedings;
    const auto total = [&](const char* name) { return flow_total(run, name); };
    // The children taken into care at referral are the detained ones.
    REQUIRE(total("care_entries_detained") == total("care_entries_at_referral"));
    const int64_t planned = total("care_entries_voluntary") - total("uasc_arrivals") +
                            total("care_entries_court_order") + total("care_entries_youth_justice");
    const double rest = 1.0 - pp.entry_share[static_cast<int>(LegalEntry::Detained)];
    require_share(total("care_entries_court_order"), planned,
                  pp.entry_share[static_cast<int>(LegalEntry::CourtOrder)] / rest, 500);
    require_share(total("care_entries_youth_justice"), planned,
                  pp.entry_share[static_cast<int>(LegalEntry::YouthJustice)] / rest, 500);
}

TEST_CASE("proceedings end at their length and in placement orders at their share",
          "[proceedings][stat]") {
    // Children leave care only at 18 (or by adoption), so nearly every proceedings ends at the
    // final hearing: the share within 26 weeks is the parameter's (those ended by an 18th
    // birthday can only add to it), and so is the share of placement orders among the final
    // orders (the same in every band).
    const Model model = one_la({"cla.exit_hazard=[0, 0, 0, 0, 0]",
                                "proceedings.placement_order_share=[0.3, 0.3, 0.3, 0.3, 0.3]",
                                "calibration.placement_order_factor=1",
                                "calibration.placement_order_factor_ethnicity=[1, 1, 1, 1, 1]",
                                "run.end=2027-03-31"});
    const auto run = simulate(model, 0);
    const auto total = [&](const char* name) { return flow_total(run, name); };
    const int64_t hearings =
        total("care_proceedings_care_order") + total("care_proceedings_placement_order");
    const int64_t ended = hearings + total("care_proceedings_left_care");
    const double p = model.parameters.proceedings.within_26_weeks;
    const double within =
        static_cast<double>(total("care_proceedings_within_26_weeks")) / static_cast<double>(ended);
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(ended));
    INFO("within 26 weeks " << within << " of " << ended << ", at 18 "
                            << total("care_proceedings_left_care"));
    REQUIRE(within > p - 4 * se);
    REQUIRE(within < p + 4 * se +
                         static_cast<double>(total("care_proceedings_left_care")) /
                             static_cast<double>(ended));
    require_share(total("care_proceedings_placement_order"), hearings, 0.3, 500);
}

TEST_CASE(
    "children under a placement order are placed for adoption, then adopted, at their hazards",
    "[proceedings][stat]") {
    // Without brothers and sisters in care, so every placement and adoption is the child's own;
    // hazards far apart, so the test tells the two steps apart (a swap would fail it).
    const Model model = one_la(csc::test::with(
        csc::test::kNoSiblings, {"run.end=2027-03-31", "proceedings.adoption_placement_hazard=0.03",
                                 "proceedings.adoption_hazard=0.3"}));
    const auto& pp = model.parameters.proceedings;
    // Child-months waiting (under a placement order, not placed) and placed for adoption at the
    // end of each month, and what became of each child in the next month.
    int64_t waiting = 0, placed = 0, placements = 0, adoptions = 0, placed_otherwise = 0;
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t /*m*/, const ChildColumns& before, const ChildColumns& now, size_t i) {
            const bool is_placed = now.placement[i] == Placement::PlacedForAdoption;
            if (is_placed && now.legal[i] != LegalStatus::PlacementOrder) ++placed_otherwise;
            if (before.state[i] != CareState::LookedAfter ||
                before.legal[i] != LegalStatus::PlacementOrder)
                return;
            const bool same_child = now.serial[i] == before.serial[i];
            if (before.placement[i] == Placement::PlacedForAdoption) {
                ++placed;
                if (same_child && now.state[i] != CareState::LookedAfter) ++adoptions;
            } else {
                ++waiting;
                if (same_child && is_placed) ++placements;
            }
        });
    const auto run = simulate(model, 0, {}, nullptr, observer);
    // Nobody is placed for adoption without a placement order (entries and moves never are).
    REQUIRE(placed_otherwise == 0);
    INFO("placements " << placements << " of " << waiting << " child-months waiting");
    require_share(placements, waiting, 1 - std::exp(-pp.adoption_placement_hazard), 500);
    INFO("adoptions " << adoptions << " of " << placed << " child-months placed");
    require_share(adoptions, placed, 1 - std::exp(-pp.adoption_hazard), 500);
    // Every adoption came from a placement for adoption.
    REQUIRE(flow_total(run, "care_exits_adoption") >= adoptions);
    REQUIRE(flow_total(run, "placements_for_adoption") >= placements);
}
