// Special guardianship by where a looked-after child lives: children in kinship foster care leave
// to special guardianship more often than the others (cla.sgo_factor_*).
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "model_support.hpp"

using namespace csc::agents;
using csc::test::kNoSiblings;
using csc::test::one_la;
using csc::test::with;

TEST_CASE("children in kinship foster care leave to special guardianship at their factor's ratio",
          "[kinship][stat]") {
    // At each year of age and legal class, given the SGO exits, the number from kinship foster
    // care is binomial with p = R k / (R k + o), where k and o are the child-months in and out of
    // kinship foster care and R the ratio of the two factors of the age's band: the test needs
    // neither the hazard nor the SGO share. Strata of a year, as the hazard changes with age in a
    // band; and of legal class (by agreement or under an order), whose hazards differ: children
    // in kinship foster care leave sooner, so more of those left are under an order. Categories of
    // need off (one factor for all) and brothers and sisters off (a sibling leaving with a child
    // does not leave at its own hazard).
    const Model model = one_la(with(
        kNoSiblings, {"run.end=2030-03-31", "calibration.need_exit_factor=[1,1,1,1,1,1,1,1]"}));
    const auto& p = model.scenario.parameters;
    const auto& kin = p.array("cla.sgo_factor_kinship_foster", kAgeBands);
    const auto& elsewhere = p.array("cla.sgo_factor_elsewhere", kAgeBands);
    constexpr size_t kYears = 18;
    constexpr size_t kStrata = 2 * kYears;
    std::array<std::array<double, kStrata>, 2> months{}, sgo{};
    const auto observer = csc::test::each_slot_with_month_before(
        [&](int32_t m, const ChildColumns& before, const ChildColumns& c, size_t i) {
            if (before.state[i] != CareState::LookedAfter || before.uasc[i] != 0) return;
            if (before.legal[i] == LegalStatus::PlacementOrder) return;
            if (c.serial[i] != before.serial[i]) return;  // turned 18
            const int in_kin = before.placement[i] == Placement::KinshipFoster ? 1 : 0;
            const bool order = before.legal[i] == LegalStatus::InterimOrder ||
                               before.legal[i] == LegalStatus::CareOrder;
            const auto y =
                static_cast<size_t>((m - 1 - before.birth_month[i]) / 12) + (order ? kYears : 0);
            months[in_kin][y] += 1;
            sgo[in_kin][y] +=
                c.state[i] != CareState::LookedAfter && c.home[i] == Home::SpecialGuardian ? 1 : 0;
        });
    simulate(model, 0, {}, nullptr, observer);
    double seen = 0, expected = 0, variance = 0;
    for (size_t y = 0; y < kStrata; ++y) {
        const auto b = static_cast<size_t>(age_band(static_cast<int>(12 * (y % kYears))));
        const double ratio = kin[b] / elsewhere[b];
        // The parameters give kinship foster care several times the others' SGO hazard: the
        // test would not tell a missing factor from noise otherwise.
        REQUIRE(ratio > 2);
        const double n = sgo[0][y] + sgo[1][y];
        if (n == 0) continue;
        const double share = ratio * months[1][y] / (ratio * months[1][y] + months[0][y]);
        seen += sgo[1][y];
        expected += n * share;
        variance += n * share * (1 - share);
    }
    INFO("SGO exits from kinship foster care " << seen << ", expected " << expected << " (sd "
                                               << std::sqrt(variance) << ")");
    REQUIRE(expected > 100);
    REQUIRE(std::abs(seen - expected) < 4 * std::sqrt(variance));
}
