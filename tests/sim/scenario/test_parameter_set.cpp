#include <catch2/catch.hpp>

#include "sim/scenario/scenario.hpp"

using csc::sim::ParameterSet;
using csc::sim::ScenarioError;

namespace {
ParameterSet sample_set() {
    ParameterSet set;
    set.set_scalar("referral.p_nfa", 0.076);
    set.set_array("cla.exit_hazard", {0.03, 0.04, 0.02});
    return set;
}
}  // namespace

TEST_CASE("scenario: ParameterSet reads scalars and arrays", "[scenario]") {
    const ParameterSet set = sample_set();
    REQUIRE(set.contains("referral.p_nfa"));
    REQUIRE_FALSE(set.contains("referral"));
    REQUIRE(set.scalar("referral.p_nfa") == 0.076);
    REQUIRE(set.array("cla.exit_hazard") == std::vector<double>{0.03, 0.04, 0.02});
    REQUIRE(set.array("cla.exit_hazard", 3).size() == 3);
    REQUIRE(set.all().at("cla.exit_hazard").group == "cla");
    REQUIRE(set.all().begin()->first == "cla.exit_hazard");  // sorted by name
}

TEST_CASE("scenario: ParameterSet reports model mismatches as <model> errors", "[scenario]") {
    const ParameterSet set = sample_set();
    SECTION("missing name, with a suggestion") {
        try {
            (void)set.scalar("referral.p_nfaa");
            FAIL("no error");
        } catch (const ScenarioError& e) {
            REQUIRE(e.file() == "<model>");
            REQUIRE(e.line() == 0);
            REQUIRE(e.key() == "referral.p_nfaa");
            REQUIRE(e.message() ==
                    "no such parameter in the dictionaries; did you mean 'referral.p_nfa'?");
        }
    }
    SECTION("scalar read of an array") {
        REQUIRE_THROWS_AS(set.scalar("cla.exit_hazard"), ScenarioError);
    }
    SECTION("array of the wrong length") {
        try {
            (void)set.array("cla.exit_hazard", 5);
            FAIL("no error");
        } catch (const ScenarioError& e) {
            REQUIRE(e.file() == "<model>");
            REQUIRE(e.key() == "cla.exit_hazard");
            REQUIRE_THAT(e.message(),
                         Catch::Contains("expects 5 values") && Catch::Contains("has 3"));
        }
    }
    SECTION("missing array") { REQUIRE_THROWS_AS(set.array("nope"), ScenarioError); }
}

TEST_CASE("scenario: ScenarioError formats FILE:LINE:COLUMN: KEY: MESSAGE", "[scenario]") {
    const ScenarioError e("a.toml", 3, 7, "run.sample", "expected a number in (0, 1], got 1.5");
    REQUIRE(std::string(e.what()) ==
            "a.toml:3:7: run.sample: expected a number in (0, 1], got 1.5");
    REQUIRE(std::string(ScenarioError("a.toml", 0, 0, "", "file not found").what()) ==
            "a.toml:0:0: file not found");
}
