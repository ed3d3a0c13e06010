// --set key=value errors: all reported against "<command line>", line and column 0.
#include <catch2/catch.hpp>
#include <filesystem>

#include "scenario_test_support.hpp"
#include "sim/scenario/scenario.hpp"

using csc::sim::ScenarioError;
using csc::sim::scenario_test::fixture;
using csc::sim::scenario_test::load_error;

namespace {
ScenarioError set_error(const std::vector<std::string>& sets) {
    const ScenarioError e = load_error(fixture("errors/ok.toml"), sets);
    REQUIRE(e.file() == "<command line>");
    REQUIRE(e.line() == 0);
    REQUIRE(e.column() == 0);
    return e;
}
}  // namespace

TEST_CASE("scenario: --set without '='", "[scenario]") {
    const ScenarioError e = set_error({"run.sample"});
    REQUIRE(e.key() == "run.sample");
    REQUIRE(e.message() == "expected key=value, got 'run.sample'");
}

TEST_CASE("scenario: --set unknown keys suggest run, data and parameter names", "[scenario]") {
    SECTION("run setting") {
        const ScenarioError e = set_error({"run.sead=7"});
        REQUIRE(e.key() == "run.sead");
        REQUIRE(e.message() == "unknown key; did you mean 'run.seed'?");
    }
    SECTION("parameter") {
        const ScenarioError e = set_error({"referal.p_nfa=0.1"});
        REQUIRE(e.key() == "referal.p_nfa");
        REQUIRE(e.message() == "unknown key; did you mean 'referral.p_nfa'?");
    }
    SECTION("nothing near") {
        const ScenarioError e = set_error({"zzzzzzzz=1"});
        REQUIRE(e.key() == "zzzzzzzz");
        REQUIRE(e.message() == "unknown key");
    }
}

TEST_CASE("scenario: --set wrong types and ranges", "[scenario]") {
    SECTION("string for a number") {
        const ScenarioError e = set_error({"run.sample=\"half\""});
        REQUIRE(e.key() == "run.sample");
        REQUIRE(e.message() == "expected a number in (0, 1], got string");
    }
    SECTION("not a TOML value") {
        const ScenarioError e = set_error({"run.sample=half"});
        REQUIRE(e.key() == "run.sample");
        REQUIRE_THAT(e.message(), Catch::StartsWith("cannot read 'half' as a TOML value: "));
    }
    SECTION("negative seed") {
        const ScenarioError e = set_error({"run.seed=-1"});
        REQUIRE(e.key() == "run.seed");
        REQUIRE(e.message() == "expected an integer >= 0, got -1");
    }
    SECTION("bad date") {
        const ScenarioError e = set_error({"run.start=2022-02-30"});
        REQUIRE(e.key() == "run.start");
        REQUIRE(e.message() == "expected a date YYYY-MM-DD, got '2022-02-30'");
    }
    SECTION("end not after start") {
        const ScenarioError e = set_error({"run.end=2022-04-01"});
        REQUIRE(e.key() == "run.end");
        REQUIRE(e.message() == "end (2022-04-01) must be after start (2022-04-01)");
    }
    SECTION("parameter above max, checked after all overrides") {
        const ScenarioError e = set_error({"referral.p_nfa=0.5", "referral.p_nfa=1.5"});
        REQUIRE(e.key() == "referral.p_nfa");
        REQUIRE(e.message() == "expected a value in [0, 1], got 1.5");
    }
    SECTION("array of the wrong length") {
        const ScenarioError e = set_error({"cla.exit_hazard=[0.1,0.2]"});
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE(e.message() == "expected an array of 3 numbers, got an array of 2");
    }
    SECTION("array element not a number") {
        const ScenarioError e = set_error({"cla.exit_hazard=[0.1,\"x\",0.3]"});
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE(e.message() == "expected a number, got string");
    }
}

TEST_CASE("scenario: --set data paths resolve against the working directory", "[scenario]") {
    const ScenarioError e = set_error({"data.extra=no_such_relative.csv"});
    REQUIRE(e.key() == "data.extra");
    const auto expected =
        (std::filesystem::current_path() / "no_such_relative.csv").lexically_normal();
    REQUIRE(e.message() == "file not found: " + expected.string());
}

TEST_CASE("scenario: --set values are checked after all overrides, so later ones win",
          "[scenario]") {
    const auto s = csc::sim::load_scenario(fixture("errors/ok.toml"),
                                           {"referral.p_nfa=7", "referral.p_nfa=0.3"});
    REQUIRE(s.parameters.scalar("referral.p_nfa") == 0.3);
}
