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

namespace {

/// Brothers and sisters off: a sibling coming in copies the child's need, and leaves with it.
const std::vector<std::string> kNoSiblings = {"siblings.p_enter_together=0",
                                              "calibration.sibling_stock_share=0"};

std::vector<std::string> with(std::vector<std::string> sets, const std::string& more) {
    sets.push_back(more);
    return sets;
}

}  // namespace

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
    const Model model = one_la(with(kNoSiblings, "run.end=2030-03-31"));
    const auto run = simulate(model, 0);
    require_resident_shares(csc::test::table(run, "care_entries_by_need"),
                            flow_total(run, "uasc_arrivals"),
                            model.scenario.parameters.array("need.entry_share", kNeeds));
}

TEST_CASE("the starting stock has need.stock_share's categories", "[need][stat]") {
    const Model model = one_la(with(kNoSiblings, "run.end=2022-04-30"));
    const auto run = simulate(model, 0);
    int64_t unaccompanied = 0;
    for (const int64_t n : csc::test::table(run, "uasc_at_start").integers) unaccompanied += n;
    require_resident_shares(csc::test::table(run, "need_at_start"), unaccompanied,
                            model.scenario.parameters.array("need.stock_share", kNeeds));
}

TEST_CASE("a category of need's factor multiplies its hazard of leaving care", "[need][stat]") {
    // Half the children are disabled (N2), leaving care 3 times as fast as N1. Within an age
    // band and legal status (section 20 or a care order: no court outcome ends either), the
    // disabled children's exits are their child-months times N1's monthly rate times 3.
    constexpr double kFactor = 3.0;
    auto sets = with(kNoSiblings, "run.end=2027-03-31");
    sets.push_back("need.entry_share=[0.5,0.5,0,0,0,0,0,0]");
    sets.push_back("need.stock_share=[0.5,0.5,0,0,0,0,0,0]");
    sets.push_back("calibration.need_exit_factor=[1,3,1,1,1,1,1,1]");
    const Model model = one_la(sets);
    constexpr int kStatuses = 2;  // section 20, care order
    const auto stratum = [](const ChildColumns& c, size_t i, int32_t m) {
        const int status = c.legal[i] == LegalStatus::Voluntary   ? 0
                           : c.legal[i] == LegalStatus::CareOrder ? 1
                                                                  : -1;
        return status < 0 ? -1 : age_band(m - c.birth_month[i]) * kStatuses + status;
    };
    std::array<std::array<double, kAgeBands * kStatuses>, 2> months{}, exits{};
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t m, const ChildColumns& before, const ChildColumns& c, size_t i) {
            if (before.state[i] != CareState::LookedAfter || before.uasc[i] != 0) return;
            if (c.birth_month[i] == m) return;  // turned 18
            const int need = static_cast<int>(before.need[i]);
            const int s = stratum(before, i, m - 1);
            if (need > 1 || s < 0) return;
            months[need][s] += 1;
            exits[need][s] += c.state[i] != CareState::LookedAfter ? 1 : 0;
        });
    simulate(model, 0, {}, nullptr, observer);
    double observed = 0, expected = 0;
    for (int s = 0; s < kAgeBands * kStatuses; ++s) {
        if (months[0][s] <= 0) continue;
        observed += exits[1][s];
        expected += months[1][s] * exits[0][s] / months[0][s] * kFactor;
    }
    INFO("exits of disabled children " << observed << ", expected " << expected);
    REQUIRE(expected > 300);
    REQUIRE(std::abs(observed - expected) < 4 * std::sqrt(expected) + 0.05 * expected);
}
