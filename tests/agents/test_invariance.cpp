// The same seed gives the same bytes whatever the thread count.
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "agents/simulation.hpp"
#include "output/run_file.hpp"
#include "sim/parallel.hpp"
#include "test_support.hpp"

using namespace csc::agents;

namespace {
std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
csc::output::RunFile run_with_threads(const Model& model, int threads) {
    const csc::sim::ThreadLimit limit(threads);
    csc::output::RunFile file;
    file.runs.push_back(simulate(model, 0));
    file.runs.push_back(simulate(model, 1));
    return file;
}
/// One replicate of `model` simulated on 1 thread and on 2.
std::pair<csc::output::RunRecord, csc::output::RunRecord> on_1_and_2_threads(const Model& model) {
    std::pair<csc::output::RunRecord, csc::output::RunRecord> out;
    {
        const csc::sim::ThreadLimit limit(1);
        out.first = simulate(model, 0);
    }
    {
        const csc::sim::ThreadLimit limit(2);
        out.second = simulate(model, 0);
    }
    return out;
}

/// Every table the same, bit for bit (an LA with no published figure has NaN, which equals
/// nothing, so reals are compared as bytes).
void require_same_tables(const csc::output::RunRecord& one, const csc::output::RunRecord& two) {
    REQUIRE(one.tables.size() == two.tables.size());
    for (size_t t = 0; t < one.tables.size(); ++t) {
        INFO(one.tables[t].name);
        REQUIRE(one.tables[t].integers == two.tables[t].integers);
        const auto& a = one.tables[t].reals;
        const auto& b = two.tables[t].reals;
        REQUIRE(a.size() == b.size());
        // (memcmp of an empty vector's null data is undefined, so integer tables skip it.)
        if (!a.empty()) REQUIRE(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
    }
}

}  // namespace

TEST_CASE("1 and 2 threads write identical run files", "[invariance]") {
    const Model model = Model::load(csc::test::scenario("smoke.toml"), {});
    const auto dir = csc::test::fresh_temp_dir("invariance");
    csc::output::write_run_file(dir / "one.h5", run_with_threads(model, 1));
    csc::output::write_run_file(dir / "two.h5", run_with_threads(model, 2));
    const std::string one = read_bytes(dir / "one.h5");
    REQUIRE(one.size() > 1000);
    REQUIRE(one == read_bytes(dir / "two.h5"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("replicates and seeds differ, and a seed repeats", "[invariance]") {
    const Model model = Model::load(csc::test::scenario("smoke.toml"), {});
    const auto a = simulate(model, 0);
    const auto b = simulate(model, 1);
    const auto again = simulate(model, 0);
    const auto& fa = csc::test::table(a, "flows").integers;
    REQUIRE(fa == csc::test::table(again, "flows").integers);
    REQUIRE(fa != csc::test::table(b, "flows").integers);
    const Model other = Model::load(csc::test::scenario("smoke.toml"), {"run.seed=99"});
    REQUIRE(fa != csc::test::table(simulate(other, 0), "flows").integers);
}

TEST_CASE("1 and 2 threads agree when rates change year by year", "[invariance][trend]") {
    const Model model =
        Model::load(csc::test::scenario("counterfactual.toml"), {"run.sample=0.01"});
    const auto [one, two] = on_1_and_2_threads(model);
    require_same_tables(one, two);
    // And the trends do move the run away from the baseline.
    const Model base = Model::load(csc::test::scenario("baseline.toml"), {"run.sample=0.01"});
    REQUIRE(csc::test::table(simulate(base, 0), "flows").integers !=
            csc::test::table(one, "flows").integers);
}

TEST_CASE("1 and 2 threads agree with the review's levers on", "[invariance][levers]") {
    // Every mechanism of the review at once: entries, conferences, exits to special
    // guardianship, prices, the children's homes' step-down and Staying Put to 23.
    const Model model = Model::load(csc::test::scenario("review.toml"), {"run.sample=0.01"});
    const auto [one, two] = on_1_and_2_threads(model);
    require_same_tables(one, two);
}
