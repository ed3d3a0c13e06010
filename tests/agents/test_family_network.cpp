// Family networks: the same family always gets the same graph; sizes and willing adults follow
// their parameters.
#include <catch2/catch.hpp>
#include <cmath>

#include "agents/family_network.hpp"

using namespace csc::agents;

namespace {
NetworkParameters parameters() {
    NetworkParameters p;
    p.mean_members = {1.5, 2.0, 0.3, 1.0};
    p.p_able_willing = {0.15, 0.08, 0.08, 0.03};
    p.p_nearby = 0.6;
    return p;
}
}  // namespace

TEST_CASE("a family's network is the same whenever it is built", "[network][determinism]") {
    const auto p = parameters();
    const csc::sim::RandomKey key(21, 0);
    for (uint32_t family = 0; family < 200; ++family) {
        const auto a = family_network(p, key, 5, family);
        const auto b = family_network(p, key, 5, family);
        REQUIRE(boost::num_vertices(a) == boost::num_vertices(b));
        for (size_t v = 0; v < boost::num_vertices(a); ++v) {
            REQUIRE(a[v].relationship == b[v].relationship);
            REQUIRE(a[v].able_and_willing == b[v].able_and_willing);
            REQUIRE(a[v].nearby == b[v].nearby);
        }
        // Every adult is joined to the household and to nobody else.
        REQUIRE(boost::num_edges(a) == boost::num_vertices(a) - 1);
        REQUIRE(lasting_relationships(a) == static_cast<int>(boost::num_vertices(a)) - 1);
    }
}

TEST_CASE("network sizes and willing adults follow their parameters", "[network][stat]") {
    const auto p = parameters();
    const csc::sim::RandomKey key(22, 0);
    constexpr int kFamilies = 20000;
    double adults = 0, with_carer = 0;
    for (uint32_t family = 0; family < kFamilies; ++family) {
        const auto g = family_network(p, key, 1, family);
        adults += lasting_relationships(g);
        with_carer += possible_carers(g) > 0 ? 1 : 0;
    }
    // Poisson: the mean size's standard error is sqrt(mean / families).
    const double mean = 1.5 + 2.0 + 0.3 + 1.0;
    REQUIRE(std::abs(adults / kFamilies - mean) < 4 * std::sqrt(mean / kFamilies));
    // Willing adults are Poisson with mean sum(mean x p): a family has one with 1 - e^-lambda.
    const double lambda = 1.5 * 0.15 + 2.0 * 0.08 + 0.3 * 0.08 + 1.0 * 0.03;
    const double share = 1 - std::exp(-lambda);
    REQUIRE(std::abs(with_carer / kFamilies - share) <
            4 * std::sqrt(share * (1 - share) / kFamilies));
}

TEST_CASE("networks of different families and replicates differ", "[network][determinism]") {
    const auto p = parameters();
    int same = 0;
    for (uint32_t family = 0; family < 100; ++family) {
        const auto a = family_network(p, csc::sim::RandomKey(23, 0), 2, family);
        const auto b = family_network(p, csc::sim::RandomKey(23, 1), 2, family);
        same += boost::num_vertices(a) == boost::num_vertices(b) ? 1 : 0;
    }
    REQUIRE(same < 60);  // sizes agree by chance for some families, not for most
}
