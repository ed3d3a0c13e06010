#include <boost/random/exponential_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/random_stream.hpp"

using csc::sim::draw;
using csc::sim::RandomKey;

TEST_CASE("the same key and counter give the same numbers", "[random]") {
    const RandomKey a(42, 0), b(42, 0);
    REQUIRE(draw(a, 123, 5, 17, 0) == draw(b, 123, 5, 17, 0));
}

TEST_CASE("every part of the key and counter changes the numbers", "[random]") {
    const RandomKey k(42, 0);
    const auto base = draw(k, 123, 5, 17, 0);
    REQUIRE(draw(RandomKey(43, 0), 123, 5, 17, 0) != base);   // seed
    REQUIRE(draw(RandomKey(42, 1), 123, 5, 17, 0) != base);   // replicate
    REQUIRE(draw(k, 124, 5, 17, 0) != base);                  // entity, low word
    REQUIRE(draw(k, 123 + (1ULL << 32U), 5, 17, 0) != base);  // entity, high word (LA)
    REQUIRE(draw(k, 123, 6, 17, 0) != base);                  // purpose
    REQUIRE(draw(k, 123, 5, 18, 0) != base);                  // period
    REQUIRE(draw(k, 123, 5, 17, 1) != base);                  // index
}

TEST_CASE("uniforms are uniform and streams of different purposes are uncorrelated", "[random]") {
    const RandomKey k(2022, 0);
    constexpr int kN = 200000;
    constexpr int kBins = 20;
    std::vector<int> bins(kBins, 0);
    double sum_xy = 0, sum_x = 0, sum_y = 0, sum_x2 = 0, sum_y2 = 0;
    for (int i = 0; i < kN; ++i) {
        const double x = csc::sim::uniform_open(draw(k, static_cast<uint64_t>(i), 1, 0)[0]);
        const double y = csc::sim::uniform_open(draw(k, static_cast<uint64_t>(i), 2, 0)[0]);
        REQUIRE(x > 0.0);
        REQUIRE(x < 1.0);
        ++bins[static_cast<int>(x * kBins)];
        sum_x += x;
        sum_y += y;
        sum_xy += x * y;
        sum_x2 += x * x;
        sum_y2 += y * y;
    }
    // Chi-square with 19 degrees of freedom: the 0.999 quantile is 43.8.
    double chi2 = 0;
    const double expected = static_cast<double>(kN) / kBins;
    for (int b : bins) chi2 += (b - expected) * (b - expected) / expected;
    REQUIRE(chi2 < 43.8);
    const double n = kN;
    const double corr =
        (sum_xy / n - sum_x / n * sum_y / n) /
        std::sqrt((sum_x2 / n - sum_x * sum_x / n / n) * (sum_y2 / n - sum_y * sum_y / n / n));
    // Standard error of a correlation of independent streams is 1/sqrt(n): allow 4 of them.
    REQUIRE(std::abs(corr) < 4.0 / std::sqrt(n));
}

TEST_CASE("exponential draws have mean 1", "[random]") {
    const RandomKey k(7, 3);
    constexpr int kN = 100000;
    double sum = 0;
    for (int i = 0; i < kN; ++i)
        sum += csc::sim::exponential(draw(k, static_cast<uint64_t>(i), 9, 1)[2]);
    // Variance of a unit exponential is 1: the mean's standard error is 1/sqrt(N).
    REQUIRE(std::abs(sum / kN - 1.0) < 4.0 / std::sqrt(kN));
}

TEST_CASE("streams feed Boost.Random distributions reproducibly", "[random]") {
    const RandomKey k(2022, 0);
    boost::random::exponential_distribution<double> exp24(1.0 / 24.0);
    constexpr int kN = 100000;
    double sum = 0;
    for (int i = 0; i < kN; ++i) {
        auto rng = csc::sim::stream(k, static_cast<uint64_t>(i), 3, 0);
        sum += exp24(rng);
    }
    // Mean 24, standard deviation 24.
    REQUIRE(std::abs(sum / kN - 24.0) < 4.0 * 24.0 / std::sqrt(kN));
    auto a = csc::sim::stream(k, 5, 3, 0);
    auto b = csc::sim::stream(k, 5, 3, 0);
    for (int i = 0; i < 10; ++i) REQUIRE(a() == b());
}
