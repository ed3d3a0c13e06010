// Brothers and sisters: their families' rings, entering care together, living together and
// leaving care together.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "agents/simulation.hpp"
#include "model_support.hpp"
#include "stat_support.hpp"
#include "test_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::one_la;
using csc::test::require_share;

namespace {

bool at_home(CareState s) {
    return s == CareState::NotKnown || s == CareState::EarlyHelp || s == CareState::ChildInNeed ||
           s == CareState::ChildProtection;
}

}  // namespace

TEST_CASE("each family's ring holds exactly its children", "[siblings]") {
    const Model model = one_la({"run.end=2024-03-31"});
    int checked = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (m % 12 != 11) return;
        for (const auto& r : ranges) {
            std::map<uint32_t, int> members;
            for (size_t i = r.begin; i < r.end; ++i) {
                if (c.uasc[i] == 0 && c.state[i] != CareState::Outside) ++members[c.family[i]];
            }
            for (size_t i = r.begin; i < r.end; ++i) {
                if (c.uasc[i] != 0 || c.state[i] == CareState::Outside) continue;
                int ring = 1;
                for (size_t j = c.sibling_next[i]; j != i; j = c.sibling_next[j], ++ring) {
                    REQUIRE(c.family[j] == c.family[i]);
                    REQUIRE(ring <= members[c.family[i]]);
                }
                REQUIRE(ring == members[c.family[i]]);
                ++checked;
            }
        }
    };
    simulate(model, 0, {}, nullptr, observer);
    REQUIRE(checked > 10000);
}

TEST_CASE("brothers and sisters at home come into care with a child at their probability",
          "[siblings][stat]") {
    // In each month, a family in which children came into care (not babies at birth, none on
    // remand, whose brothers and sisters stay at home): every brother or sister at home before,
    // bar the first to come in, came in with probability p (a second child coming in on its own
    // in the same month is rare). Without harm outside the home, which brings no sibling in.
    const double p = 0.5;
    const Model model = one_la({"run.end=2027-03-31", "siblings.p_enter_together=0.5",
                                "harm_outside_home.share_of_entries=[0, 0, 0, 0, 0]"});
    ChildColumns before;  // the columns at the end of the month before
    int64_t trials = 0, hits = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (before.size() > 0) {
            for (const auto& r : ranges) {
                std::map<uint32_t, std::vector<size_t>> entered;
                for (size_t i = r.begin; i < r.end; ++i) {
                    if (c.uasc[i] == 0 && at_home(before.state[i]) &&
                        c.state[i] == CareState::LookedAfter && c.birth_month[i] < m)
                        entered[c.family[i]].push_back(i);
                }
                for (const auto& [family, children] : entered) {
                    bool remand = false;
                    for (const size_t k : children)
                        remand = remand || c.legal[k] == LegalStatus::YouthJustice;
                    if (remand) continue;
                    const size_t first = children.front();
                    int64_t eligible = 1;  // the first child itself
                    for (size_t j = c.sibling_next[first]; j != first; j = c.sibling_next[j]) {
                        if (c.uasc[j] == 0 && at_home(before.state[j]) &&
                            before.home[j] == before.home[first])
                            ++eligible;
                    }
                    trials += eligible - 1;
                    hits += static_cast<int64_t>(children.size()) - 1;
                }
            }
        }
        before = c;
    };
    const auto run = simulate(model, 0, {}, nullptr, observer);
    require_share(hits, trials, p, 300);
    REQUIRE(flow_total(run, "care_entries_with_sibling") > 0);
    // Off: no child comes in with a brother or sister.
    const auto off = simulate(one_la({"run.end=2024-03-31", "siblings.p_enter_together=0",
                                      "calibration.sibling_stock_share=0"}),
                              0);
    REQUIRE(flow_total(off, "care_entries_with_sibling") == 0);
    REQUIRE(flow_total(off, "care_exits_with_sibling") == 0);
}

TEST_CASE("brothers and sisters living together leave care together", "[siblings]") {
    // Pairs living in the same household at a month's end, neither about to turn 18 and both
    // under a placement order or neither: if one leaves care home, to a special guardian, under a
    // child arrangements order or to adopters, so does the other.
    const Model model = one_la({"run.end=2027-03-31", "calibration.sibling_placed_together=1"});
    ChildColumns before;  // the columns at the end of the month before
    int64_t pairs = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (before.size() > 0) {
            for (const auto& r : ranges) {
                for (size_t i = r.begin; i < r.end; ++i) {
                    if (before.state[i] != CareState::LookedAfter ||
                        c.state[i] == CareState::LookedAfter)
                        continue;
                    if (c.birth_month[i] + kAgeOutMonths <= m + 1 || c.uasc[i] != 0) continue;
                    const bool with_family =
                        (c.returned_home[i] != 0 && before.returned_home[i] == 0) ||
                        c.home[i] == Home::SpecialGuardian ||
                        c.home[i] == Home::ChildArrangements || c.home[i] == Home::Adoptive;
                    if (!with_family) continue;
                    for (size_t j = c.sibling_next[i]; j != i; j = c.sibling_next[j]) {
                        if (before.state[j] != CareState::LookedAfter ||
                            before.carer[j] != before.carer[i])
                            continue;
                        if ((before.legal[j] == LegalStatus::PlacementOrder) !=
                                (before.legal[i] == LegalStatus::PlacementOrder) ||
                            before.legal[j] == LegalStatus::YouthJustice)
                            continue;
                        // Either may have moved earlier in the month, to a placement the other's
                        // age does not allow: then they no longer lived together.
                        if (c.carer[i] != before.carer[i] || c.carer[j] != before.carer[j])
                            continue;
                        ++pairs;
                        REQUIRE(c.state[j] != CareState::LookedAfter);
                    }
                }
            }
        }
        before = c;
    };
    const auto run = simulate(model, 0, {}, nullptr, observer);
    REQUIRE(pairs > 50);
    REQUIRE(flow_total(run, "care_exits_with_sibling") > 0);
}

TEST_CASE("children who went home from care are referred at the raised rate of a past plan",
          "[siblings][stat]") {
    // Children not known to social care, not referred in the last 12 months: those who went home
    // from care (and have had no plan) are referred calibration.past_plan_factor times as often
    // as those who have done neither, age band by age band. Expected referrals of the first
    // group = its child-months by band x the second group's monthly rate x the factor.
    const Model model = one_la({"run.end=2030-03-31", "run.sample=1"});
    const double factor = model.scenario.parameters.scalar("calibration.past_plan_factor");
    std::array<double, kAgeBands> months_home{}, months_plain{}, referred_home{}, referred_plain{};
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t m, const ChildColumns& before, const ChildColumns& c, size_t i) {
            if (before.state[i] != CareState::NotKnown || c.uasc[i] != 0 ||
                before.past_plan[i] != 0)
                return;
            // Not referred in the 12 months before this one, and not turning 18 in it.
            if (m - 1 - before.last_referral[i] <= 12) return;
            if (c.birth_month[i] == m) return;  // the slot went to a newborn
            const auto b = static_cast<size_t>(age_band(m - c.birth_month[i]));
            const bool referred = c.last_referral[i] == m;
            if (before.returned_home[i] != 0) {
                months_home[b] += 1;
                referred_home[b] += referred ? 1 : 0;
            } else {
                months_plain[b] += 1;
                referred_plain[b] += referred ? 1 : 0;
            }
        });
    simulate(model, 0, {}, nullptr, observer);
    double observed = 0, expected = 0;
    for (size_t b = 0; b < kAgeBands; ++b) {
        if (months_plain[b] <= 0) continue;
        observed += referred_home[b];
        expected += months_home[b] * referred_plain[b] / months_plain[b] * factor;
    }
    INFO("referrals of children who went home: " << observed << ", expected " << expected);
    REQUIRE(expected > 200);
    REQUIRE(std::abs(observed - expected) < 4 * std::sqrt(expected) + 0.05 * expected);
}
