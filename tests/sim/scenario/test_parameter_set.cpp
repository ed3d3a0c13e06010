#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/scenario/scenario.hpp"

using csc::sim::Parameter;
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

namespace {
/// A parameter as the loader makes it: defined at `file:line` of a dictionary.
Parameter entry(const std::string& name, const std::string& defined_at, bool model_input = true) {
    Parameter p;
    p.name = name;
    p.group = csc::sim::parameter_group(name);
    p.values = {1.0};
    p.defined_at = defined_at;
    p.model_input = model_input;
    return p;
}

/// The ScenarioError require_all_read() throws; fails the test if it throws none.
ScenarioError unread_error(const ParameterSet& set) {
    try {
        set.require_all_read();
    } catch (const ScenarioError& e) {
        return e;
    }
    FAIL("require_all_read() threw nothing");
    throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("scenario: ParameterSet records the entries read; contains() is not a read",
          "[scenario]") {
    const ParameterSet set = sample_set();
    REQUIRE(set.contains("referral.p_nfa"));
    REQUIRE_FALSE(set.was_read("referral.p_nfa"));
    (void)set.scalar("referral.p_nfa");
    REQUIRE(set.was_read("referral.p_nfa"));
    REQUIRE_FALSE(set.was_read("cla.exit_hazard"));
    (void)set.array("cla.exit_hazard");
    REQUIRE(set.was_read("cla.exit_hazard"));
    REQUIRE_FALSE(set.was_read("no.such"));
    set.require_all_read();  // everything read: no error

    const ParameterSet copy = set;  // a copy keeps the marks
    REQUIRE(copy.was_read("referral.p_nfa"));
}

TEST_CASE("scenario: ParameterSet records reads from several threads at once", "[scenario]") {
    ParameterSet set;
    constexpr int kParameters = 64;
    for (int k = 0; k < kParameters; ++k) set.set_scalar("p." + std::to_string(k), k);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&set, t] {
            for (int k = t; k < kParameters; k += 2) (void)set.scalar("p." + std::to_string(k));
        });
    }
    for (auto& t : threads) t.join();
    set.require_all_read();
}

TEST_CASE("scenario: an entry the model does not read is an error at its dictionary entry",
          "[scenario]") {
    ParameterSet set;
    set.insert(entry("referral.p_nfa", "dict.toml:2"));
    set.insert(entry("referral.p_nfaa", "extra.toml:7"));  // a misspelt key
    (void)set.scalar("referral.p_nfa");

    SECTION("one unread entry, with the nearest name read") {
        const ScenarioError e = unread_error(set);
        REQUIRE(e.file() == "extra.toml");
        REQUIRE(e.line() == 7);
        REQUIRE(e.key() == "referral.p_nfaa");
        REQUIRE(e.message() ==
                "is not read by this build of cscsim; did you mean 'referral.p_nfa'?");
    }
    SECTION("several unread entries: one line each, a suggestion only when a name is near") {
        set.insert(entry("newer.feature_switch", "extra.toml:14"));
        const ScenarioError e = unread_error(set);
        REQUIRE(std::string(e.what()) ==
                "extra.toml:14:0: newer.feature_switch: is not read by this build of cscsim\n"
                "extra.toml:7:0: referral.p_nfaa: is not read by this build of cscsim; did you "
                "mean 'referral.p_nfa'?");
    }
}

TEST_CASE("scenario: a model_input = false entry need not be read, and must not be", "[scenario]") {
    ParameterSet set;
    set.insert(entry("population.early_help_stock", "population.toml:19", false));
    set.require_all_read();  // not read: fine

    (void)set.scalar("population.early_help_stock");
    const ScenarioError e = unread_error(set);
    REQUIRE(e.file() == "population.toml");
    REQUIRE(e.line() == 19);
    REQUIRE(e.key() == "population.early_help_stock");
    REQUIRE(e.message() == "is marked model_input = false but this build of cscsim reads it");
}
