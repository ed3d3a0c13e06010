// Brothers and sisters: their families' rings, entering care together, living together and
// leaving care together.
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "agents/simulation.hpp"
#include "stat_support.hpp"
#include "test_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::require_share;

namespace {

Model one_la(const std::vector<std::string>& sets) {
    return Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", sets);
}

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
    // In each month, a family in which children came into care (not babies at birth): every
    // brother or sister at home before, bar the first to come in, came in with probability p
    // (a second child coming in on its own in the same month is rare).
    const double p = 0.5;
    const Model model = one_la({"run.end=2027-03-31", "siblings.p_enter_together=0.5"});
    std::vector<CareState> before;
    std::vector<Home> home_before;
    int64_t trials = 0, hits = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (!before.empty()) {
            for (const auto& r : ranges) {
                std::map<uint32_t, std::vector<size_t>> entered;
                for (size_t i = r.begin; i < r.end; ++i) {
                    if (c.uasc[i] == 0 && at_home(before[i]) &&
                        c.state[i] == CareState::LookedAfter && c.birth_month[i] < m)
                        entered[c.family[i]].push_back(i);
                }
                for (const auto& [family, children] : entered) {
                    const size_t first = children.front();
                    int64_t eligible = 1;  // the first child itself
                    for (size_t j = c.sibling_next[first]; j != first; j = c.sibling_next[j]) {
                        if (c.uasc[j] == 0 && at_home(before[j]) &&
                            home_before[j] == home_before[first])
                            ++eligible;
                    }
                    trials += eligible - 1;
                    hits += static_cast<int64_t>(children.size()) - 1;
                }
            }
        }
        before = c.state;
        home_before = c.home;
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
    std::vector<CareState> state;
    std::vector<uint32_t> carer;
    std::vector<LegalStatus> legal;
    std::vector<uint8_t> returned;
    int64_t pairs = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& /*tallies*/) {
        if (!state.empty()) {
            for (const auto& r : ranges) {
                for (size_t i = r.begin; i < r.end; ++i) {
                    if (state[i] != CareState::LookedAfter || c.state[i] == CareState::LookedAfter)
                        continue;
                    if (c.birth_month[i] + kAgeOutMonths <= m + 1 || c.uasc[i] != 0) continue;
                    const bool with_family = (c.returned_home[i] != 0 && returned[i] == 0) ||
                                             c.home[i] == Home::SpecialGuardian ||
                                             c.home[i] == Home::ChildArrangements ||
                                             c.home[i] == Home::Adoptive;
                    if (!with_family) continue;
                    for (size_t j = c.sibling_next[i]; j != i; j = c.sibling_next[j]) {
                        if (state[j] != CareState::LookedAfter || carer[j] != carer[i]) continue;
                        if ((legal[j] == LegalStatus::PlacementOrder) !=
                            (legal[i] == LegalStatus::PlacementOrder))
                            continue;
                        ++pairs;
                        REQUIRE(c.state[j] != CareState::LookedAfter);
                    }
                }
            }
        }
        state = c.state;
        carer = c.carer;
        legal = c.legal;
        returned = c.returned_home;
    };
    const auto run = simulate(model, 0, {}, nullptr, observer);
    REQUIRE(pairs > 50);
    REQUIRE(flow_total(run, "care_exits_with_sibling") > 0);
}

TEST_CASE("children who went home from care come back into care more often", "[siblings][stat]") {
    // A child who went home carries the raised referral risk of a child who has had a plan, so
    // some come back into care; with the risk factor at 1 fewer do.
    const auto reentries = [](const std::string& factor) {
        const Model model = one_la(
            {"run.end=2032-03-31", "run.sample=1", "calibration.past_plan_factor=" + factor});
        return flow_total(simulate(model, 0), "care_reentries_after_return_home");
    };
    const int64_t raised = reentries("6");
    const int64_t flat = reentries("1");
    INFO("re-entries with the factor at 6: " << raised << ", at 1: " << flat);
    REQUIRE(raised > 30);
    REQUIRE(raised > 2 * flat);
}
