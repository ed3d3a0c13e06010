// The LA-level calibration: a fitted factor scales the LA's solved multiplier, and a bad LA
// factors table is reported with file, line and column.
#include <catch2/catch.hpp>

#include "agents/simulation.hpp"
#include "test_support.hpp"

using csc::agents::Model;
using csc::sim::ScenarioError;

namespace {
const std::string kFixture =
    (csc::test::source_dir() / "tests/agents/fixtures/one_la.toml").string();

std::string factors(const std::string& name) {
    return "data.la_factors=" +
           (csc::test::source_dir() / "tests/agents/fixtures/la_factors" / (name + ".csv"))
               .string();
}
}  // namespace

TEST_CASE("LA factors scale the LA's solved multipliers", "[model][la_factors]") {
    const Model plain = Model::load(kFixture, {});
    const Model fitted = Model::load(kFixture, {factors("good")});
    const auto& a = plain.parameters.multipliers(0);
    const auto& b = fitted.parameters.multipliers(0);
    REQUIRE(b.care_exit == Approx(a.care_exit * 1.5).epsilon(1e-12));
    REQUIRE(b.care_entry == Approx(a.care_entry * 0.8).epsilon(1e-12));
    REQUIRE(b.referral == a.referral);
    REQUIRE(b.cin_close == a.cin_close);
    // Plan ends are solved after the entries to care from plans, so they follow the new entries.
    REQUIRE(b.plan_end != a.plan_end);
    REQUIRE(b.early_help == a.early_help);
}

TEST_CASE("bad LA factors tables name the file, line and column", "[model][la_factors][errors]") {
    struct Case {
        const char* file;
        int line;
        int column;
        const char* key;
        const char* message;
    };
    for (const Case& c :
         {Case{"unknown_la", 2, 1, "la_code", "not an LA of the scenario's LA table"},
          Case{"unknown_group", 2, 2, "group", "expected one of referral, section47"},
          Case{"huge_factor", 2, 3, "factor", "from 0.1 to 10"},
          Case{"twice", 3, 2, "group", "given twice"},
          Case{"no_target", 2, 4, "target", "needs a target"},
          Case{"no_source", 2, 5, "source", "needs a source"}}) {
        INFO(c.file);
        try {
            (void)Model::load(kFixture, {factors(c.file)});
            FAIL("expected a ScenarioError");
        } catch (const ScenarioError& e) {
            REQUIRE(e.file().find(std::string(c.file) + ".csv") != std::string::npos);
            REQUIRE(e.line() == c.line);
            REQUIRE(e.column() == c.column);
            REQUIRE(e.key() == c.key);
            REQUIRE(e.message().find(c.message) != std::string::npos);
        }
    }
}
