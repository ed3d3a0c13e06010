#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "agents/dwell_time.hpp"
#include "sim/random_stream.hpp"

using namespace csc::agents;

namespace {
/// Cumulative table for a hazard that is h_young below age `split` months and h_old from there.
std::vector<double> cumulative(double h_young, double h_old, int split) {
    std::vector<double> c(kAgeOutMonths + 1, 0.0);
    for (int a = 0; a < kAgeOutMonths; ++a) c[a + 1] = c[a] + (a < split ? h_young : h_old);
    return c;
}
}  // namespace

TEST_CASE("dwell times under a constant hazard are geometric with p = 1 - exp(-h)",
          "[dwell][stat]") {
    const double h = 0.0748;  // cp.end_hazard of the 2022 pathway
    const auto c = cumulative(h, h, 0);
    const csc::sim::RandomKey key(11, 0);
    constexpr int kN = 100000;
    const double p = 1.0 - std::exp(-h);
    double sum = 0;
    int beyond_12 = 0, aged_out = 0;
    for (int i = 0; i < kN; ++i) {
        const double e =
            csc::sim::exponential(csc::sim::draw(key, static_cast<uint64_t>(i), 1, 0)[0]);
        const int t = dwell_months(c.data(), 0, e);
        if (t == kAgesOut) {
            ++aged_out;
            continue;
        }
        REQUIRE(t >= 1);
        sum += t;
        beyond_12 += t > 12 ? 1 : 0;
    }
    // Entering at birth, P(no exit in 216 months) = exp(-216 h) ~ 1e-7: none expected.
    REQUIRE(aged_out == 0);
    const double mean = sum / kN;
    const double sd = std::sqrt(1.0 - p) / p;  // geometric standard deviation
    REQUIRE(std::abs(mean - 1.0 / p) < 4.0 * sd / std::sqrt(kN));
    const double q = std::exp(-12.0 * h);  // P(T > 12)
    REQUIRE(std::abs(beyond_12 / double(kN) - q) < 4.0 * std::sqrt(q * (1 - q) / kN));
}

TEST_CASE("dwell times follow a hazard that changes with age", "[dwell][stat]") {
    // Hazard 0.01 before age 120 months and 0.2 after; entering at 100 months, the survival to
    // month t is exp(-0.01 t) for t <= 19 and exp(-0.19 - 0.2 (t - 19)) after.
    const auto c = cumulative(0.01, 0.2, 120);
    const csc::sim::RandomKey key(12, 0);
    constexpr int kN = 100000;
    int beyond_19 = 0, beyond_25 = 0;
    for (int i = 0; i < kN; ++i) {
        const double e =
            csc::sim::exponential(csc::sim::draw(key, static_cast<uint64_t>(i), 1, 0)[0]);
        const int t = dwell_months(c.data(), 100, e);
        beyond_19 += t > 19 ? 1 : 0;
        beyond_25 += t > 25 ? 1 : 0;
    }
    const double q19 = std::exp(-0.19), q25 = std::exp(-0.19 - 0.2 * 6);
    REQUIRE(std::abs(beyond_19 / double(kN) - q19) < 4.0 * std::sqrt(q19 * (1 - q19) / kN));
    REQUIRE(std::abs(beyond_25 / double(kN) - q25) < 4.0 * std::sqrt(q25 * (1 - q25) / kN));
}

TEST_CASE("a child whose exit would come after 18 ages out", "[dwell]") {
    const auto c = cumulative(0.001, 0.001, 0);
    REQUIRE(dwell_months(c.data(), 214, 0.0005) == 1);
    REQUIRE(dwell_months(c.data(), 214, 5.0) == kAgesOut);
    REQUIRE(dwell_months(c.data(), 215, 0.0001) == kAgesOut);  // no month left before 18
}
