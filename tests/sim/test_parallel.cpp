#include <atomic>
#include <catch2/catch.hpp>
#include <vector>

#include "sim/parallel.hpp"

TEST_CASE("every partition is visited exactly once", "[parallel]") {
    for (int threads : {1, 2}) {
        const csc::sim::ThreadLimit limit(threads);
        REQUIRE(limit.threads() == threads);
        std::vector<std::atomic<int>> visits(157);
        csc::sim::for_each_partition(visits.size(), [&](size_t p) { ++visits[p]; });
        for (const auto& v : visits) REQUIRE(v.load() == 1);
    }
}
