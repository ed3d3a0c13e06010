// Golden regression: smoke.toml must reproduce tests/golden/smoke_summary.csv exactly.
//
// A change that moves results on purpose regenerates the file with
//   build/release/cscsim run scenarios/smoke.toml -o /tmp/smoke.h5 &&
//   build/release/cscsim summary /tmp/smoke.h5 --csv > tests/golden/smoke_summary.csv
// and says why in the commit message.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "agents/measures.hpp"
#include "agents/simulation.hpp"
#include "test_support.hpp"

using namespace csc::agents;

TEST_CASE("smoke scenario reproduces its golden summary", "[golden]") {
    const Model model = Model::load(csc::test::scenario("smoke.toml"), {});
    const auto run = simulate(model, 0);
    std::ostringstream got;
    got << "scenario,replicate,measure,period,value\n";
    for (const auto& v : summarise(run)) {
        got << run.scenario << ',' << run.replicate << ',' << v.measure << ',' << v.period << ','
            << fmt::format("{}", v.value) << '\n';
    }
    std::ifstream in(csc::test::source_dir() / "tests/golden/smoke_summary.csv");
    REQUIRE(in.good());
    std::stringstream want;
    want << in.rdbuf();
    // Compare line by line so a failure names the first measure that moved.
    std::istringstream g(got.str()), w(want.str());
    std::string gl, wl;
    int line = 0;
    while (std::getline(w, wl)) {
        ++line;
        REQUIRE(std::getline(g, gl));
        INFO("line " << line);
        REQUIRE(gl == wl);
    }
    REQUIRE_FALSE(std::getline(g, gl));
}
