// Category of need (DfE N1-N8): the shares children start care with, the stock's at the start,
// and the factor each category puts on the hazard of leaving care.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "stat_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::one_la;
using csc::test::require_share;

// Brothers and sisters off (csc::test::kNoSiblings): a sibling coming in copies the child's
// need, and leaves with it.
using csc::test::kNoSiblings;
using csc::test::with;

namespace {

/// A table's counts by category of need (its last axis), over every other axis, with the
/// unaccompanied children (`unaccompanied`, all N8) taken out; each resident category's share
/// must be `shares`'.
void require_resident_shares(const csc::output::Table& t, int64_t unaccompanied,
                             const std::vector<double>& shares) {
    std::array<int64_t, kNeeds> n{};
    for (size_t k = 0; k < t.integers.size(); ++k) n[k % kNeeds] += t.integers[k];
    auto& absent = n[static_cast<int>(Need::AbsentParenting)];
    REQUIRE(absent >= unaccompanied);
    absent -= unaccompanied;
    int64_t resident = 0;
    for (const int64_t x : n) resident += x;
    for (int k = 0; k < kNeeds; ++k) {
        INFO(kNeedNames[k]);
        require_share(n[k], resident, shares[k]);
    }
}

}  // namespace

TEST_CASE("starts of care take their category of need at need.entry_share", "[need][stat]") {
    const Model model = one_la(with(kNoSiblings, {"run.end=2030-03-31"}));
    const auto run = simulate(model, 0);
    require_resident_shares(csc::test::table(run, "care_entries_by_need"),
                            flow_total(run, "uasc_arrivals"),
                            model.scenario.parameters.array("need.entry_share", kNeeds));
}

TEST_CASE("the starting stock has need.stock_share's categories", "[need][stat]") {
    const Model model = one_la(with(kNoSiblings, {"run.end=2022-04-30"}));
    const auto run = simulate(model, 0);
    int64_t unaccompanied = 0;
    for (const int64_t n : csc::test::table(run, "uasc_at_start").integers) unaccompanied += n;
    require_resident_shares(csc::test::table(run, "need_at_start"), unaccompanied,
                            model.scenario.parameters.array("need.stock_share", kNeeds));
}

TEST_CASE("a category of need's factor multiplies its hazard of leaving care, not of moving",
          "[need][stat]") {
    // Half the children are disabled (N2), with 3 times N1's hazard of leaving care and N1's
    // hazard of moving. For children under a care order (no court clock runs) in an age band,
    // N1's monthly probability of an event p gives the hazard H = -ln(1 - p) of leaving plus
    // moving; N2's clock runs 3 times as fast and its events are thinned, so per child-month it
    // leaves with N1's exit rate x r and moves with N1's move rate x r / 3, r = (1 - (1 - p)^3)
    // / p. Without the thinning N2 would move 3 times as often as N1.
    constexpr double kFactor = 3.0;
    auto sets = with(kNoSiblings, {"run.end=2027-03-31"});
    sets.push_back("need.entry_share=[0.5,0.5,0,0,0,0,0,0]");
    sets.push_back("need.stock_share=[0.5,0.5,0,0,0,0,0,0]");
    sets.push_back("calibration.need_exit_factor=[1,3,1,1,1,1,1,1]");
    const Model model = one_la(sets);
    std::array<std::array<double, kAgeBands>, 2> months{}, exits{}, moves{};
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t m, const ChildColumns& before, const ChildColumns& c, size_t i) {
            if (before.state[i] != CareState::LookedAfter || before.uasc[i] != 0) return;
            if (before.legal[i] != LegalStatus::CareOrder) return;
            if (c.birth_month[i] == m) return;  // turned 18
            const int need = static_cast<int>(before.need[i]);
            if (need > 1) return;
            const auto b = static_cast<size_t>(age_band(m - 1 - before.birth_month[i]));
            months[need][b] += 1;
            const bool left = c.state[i] != CareState::LookedAfter;
            exits[need][b] += left ? 1 : 0;
            moves[need][b] += !left && c.carer[i] != before.carer[i] ? 1 : 0;
        });
    simulate(model, 0, {}, nullptr, observer);
    double exits_seen = 0, exits_expected = 0, moves_seen = 0, moves_expected = 0;
    for (size_t b = 0; b < kAgeBands; ++b) {
        if (months[0][b] <= 0 || exits[0][b] + moves[0][b] <= 0) continue;
        const double p = (exits[0][b] + moves[0][b]) / months[0][b];
        const double r = (1 - std::pow(1 - p, kFactor)) / p;
        exits_seen += exits[1][b];
        exits_expected += months[1][b] * exits[0][b] / months[0][b] * r;
        moves_seen += moves[1][b];
        moves_expected += months[1][b] * moves[0][b] / months[0][b] * r / kFactor;
    }
    INFO("disabled children's exits " << exits_seen << ", expected " << exits_expected << "; moves "
                                      << moves_seen << ", expected " << moves_expected);
    REQUIRE(exits_expected > 300);
    REQUIRE(moves_expected > 300);
    REQUIRE(std::abs(exits_seen - exits_expected) <
            4 * std::sqrt(exits_expected) + 0.02 * exits_expected);
    REQUIRE(std::abs(moves_seen - moves_expected) <
            4 * std::sqrt(moves_expected) + 0.02 * moves_expected);
}
