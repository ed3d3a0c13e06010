// Every documented scenario-file error: file, line, column, key and message.
#include <catch2/catch.hpp>

#include "scenario_test_support.hpp"
#include "sim/scenario/scenario.hpp"

using csc::sim::ScenarioError;
using csc::sim::scenario_test::fixture;
using csc::sim::scenario_test::load_error;

namespace {
const std::string kDict = fixture("errors/dict.toml");
}

TEST_CASE("scenario: scenario file not found", "[scenario]") {
    const std::string path = fixture("errors/no_such.toml");
    const ScenarioError e = load_error(path);
    REQUIRE(e.file() == path);
    REQUIRE(e.line() == 0);
    REQUIRE(e.column() == 0);
    REQUIRE(e.key().empty());
    REQUIRE(e.message() == "file not found");
    REQUIRE(std::string(e.what()) == path + ":0:0: file not found");
}

TEST_CASE("scenario: extends file not found", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/missing_extends.toml"));
    REQUIRE(e.file() == fixture("errors/missing_extends.toml"));
    REQUIRE(e.line() == 1);
    REQUIRE(e.column() == 11);
    REQUIRE(e.key() == "extends");
    REQUIRE(e.message() == "file not found: " + fixture("errors/no_such_base.toml"));
}

TEST_CASE("scenario: dictionary file not found", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/missing_dictionary.toml"));
    REQUIRE(e.file() == fixture("errors/missing_dictionary.toml"));
    REQUIRE(e.line() == 1);
    REQUIRE(e.column() == 30);
    REQUIRE(e.key() == "dictionaries");
    REQUIRE(e.message() == "file not found: " + fixture("errors/no_such_dict.toml"));
}

TEST_CASE("scenario: TOML syntax error reports toml++'s position and description", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/syntax_error.toml"));
    REQUIRE(e.file() == fixture("errors/syntax_error.toml"));
    REQUIRE(e.line() == 3);
    REQUIRE(e.column() > 0);
    REQUIRE(e.key().empty());
    REQUIRE_THAT(e.message(), Catch::Contains("string"));
}

TEST_CASE("scenario: unknown top-level key suggests the nearest", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/unknown_top_key.toml"));
    REQUIRE(e.file() == fixture("errors/unknown_top_key.toml"));
    REQUIRE(e.line() == 1);
    REQUIRE(e.column() == 1);
    REQUIRE(e.key() == "extend");
    REQUIRE(e.message() == "unknown key; did you mean 'extends'?");
}

TEST_CASE("scenario: unknown [run] key suggests the nearest setting", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/unknown_run_key.toml"));
    REQUIRE(e.file() == fixture("errors/unknown_run_key.toml"));
    REQUIRE(e.line() == 4);
    REQUIRE(e.column() == 3);
    REQUIRE(e.key() == "run.smaple");
    REQUIRE(e.message() == "unknown key; did you mean 'sample'?");
}

TEST_CASE("scenario: unknown dictionary entry field suggests the nearest field", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/unknown_entry_field.toml"));
    REQUIRE(e.file() == fixture("errors/dict_unknown_field.toml"));
    REQUIRE(e.line() == 3);
    REQUIRE(e.column() == 1);
    REQUIRE(e.key() == "referral.p_nfa.unti");
    REQUIRE(e.message() == "unknown key; did you mean 'unit'?");
}

TEST_CASE("scenario: unknown parameter override suggests the nearest parameter", "[scenario]") {
    SECTION("dotted key") {
        const ScenarioError e = load_error(fixture("errors/unknown_parameter.toml"));
        REQUIRE(e.file() == fixture("errors/unknown_parameter.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 10);
        REQUIRE(e.key() == "referral.p_nfaa");
        REQUIRE(e.message() == "unknown key; did you mean 'referral.p_nfa'?");
    }
    SECTION("misspelt group in a nested table") {
        const ScenarioError e = load_error(fixture("errors/unknown_parameter_table.toml"));
        REQUIRE(e.file() == fixture("errors/unknown_parameter_table.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 1);
        REQUIRE(e.key() == "referal.p_nfa");
        REQUIRE(e.message() == "unknown key; did you mean 'referral.p_nfa'?");
    }
}

TEST_CASE("scenario: wrong type for a run setting", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/bad_sample_type.toml"));
    REQUIRE(e.file() == fixture("errors/bad_sample_type.toml"));
    REQUIRE(e.line() == 4);
    REQUIRE(e.column() == 10);
    REQUIRE(e.key() == "run.sample");
    REQUIRE(e.message() == "expected a number in (0, 1], got string");
}

TEST_CASE("scenario: run settings out of range", "[scenario]") {
    SECTION("sample above 1") {
        const ScenarioError e = load_error(fixture("errors/sample_out_of_range.toml"));
        REQUIRE(e.file() == fixture("errors/sample_out_of_range.toml"));
        REQUIRE(e.line() == 4);
        REQUIRE(e.column() == 10);
        REQUIRE(e.key() == "run.sample");
        REQUIRE(e.message() == "expected a number in (0, 1], got 1.5");
    }
    SECTION("no replicates") {
        const ScenarioError e = load_error(fixture("errors/replicates_zero.toml"));
        REQUIRE(e.file() == fixture("errors/replicates_zero.toml"));
        REQUIRE(e.line() == 4);
        REQUIRE(e.column() == 14);
        REQUIRE(e.key() == "run.replicates");
        REQUIRE(e.message() == "expected an integer >= 1, got 0");
    }
}

TEST_CASE("scenario: parameter values outside min/max", "[scenario]") {
    SECTION("scalar override below min") {
        const ScenarioError e = load_error(fixture("errors/below_min.toml"));
        REQUIRE(e.file() == fixture("errors/below_min.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 18);
        REQUIRE(e.key() == "referral.p_nfa");
        REQUIRE(e.message() == "expected a value in [0, 1], got -0.1");
    }
    SECTION("array override: points at the element") {
        const ScenarioError e = load_error(fixture("errors/element_below_min.toml"));
        REQUIRE(e.file() == fixture("errors/element_below_min.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 25);
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE(e.message() == "expected values >= 0, got -0.2 at index 1");
    }
    SECTION("dictionary default above max") {
        const ScenarioError e = load_error(fixture("errors/default_above_max.toml"));
        REQUIRE(e.file() == fixture("errors/dict_default_above_max.toml"));
        REQUIRE(e.line() == 2);
        REQUIRE(e.column() == 9);
        REQUIRE(e.key() == "referral.p_nfa");
        REQUIRE(e.message() == "expected a value in [0, 1], got 1.2");
    }
}

TEST_CASE("scenario: bad dates", "[scenario]") {
    SECTION("not a date") {
        const ScenarioError e = load_error(fixture("errors/bad_date.toml"));
        REQUIRE(e.file() == fixture("errors/bad_date.toml"));
        REQUIRE(e.line() == 4);
        REQUIRE(e.column() == 9);
        REQUIRE(e.key() == "run.start");
        REQUIRE(e.message() == "expected a date YYYY-MM-DD, got '2022-13-01'");
    }
    SECTION("end not after start") {
        const ScenarioError e = load_error(fixture("errors/end_before_start.toml"));
        REQUIRE(e.file() == fixture("errors/end_before_start.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 7);
        REQUIRE(e.key() == "run.end");
        REQUIRE(e.message() == "end (2020-03-31) must be after start (2022-04-01)");
    }
}

TEST_CASE("scenario: array and scalar shape mismatches", "[scenario]") {
    SECTION("array of the wrong length") {
        const ScenarioError e = load_error(fixture("errors/array_length.toml"));
        REQUIRE(e.file() == fixture("errors/array_length.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 19);
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE(e.message() == "expected an array of 3 numbers, got an array of 2");
    }
    SECTION("scalar for an array") {
        const ScenarioError e = load_error(fixture("errors/scalar_for_array.toml"));
        REQUIRE(e.file() == fixture("errors/scalar_for_array.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 19);
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE(e.message() ==
                "expected an array of 3 numbers, got float (declared as an array at " + kDict +
                    ":10)");
    }
    SECTION("array for a scalar") {
        const ScenarioError e = load_error(fixture("errors/array_for_scalar.toml"));
        REQUIRE(e.file() == fixture("errors/array_for_scalar.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.column() == 18);
        REQUIRE(e.key() == "referral.p_nfa");
        REQUIRE(e.message() ==
                "expected a number, got array (declared as a scalar at " + kDict + ":2)");
    }
}

TEST_CASE("scenario: missing required dictionary entry fields", "[scenario]") {
    SECTION("unit") {
        const ScenarioError e = load_error(fixture("errors/missing_unit.toml"));
        REQUIRE(e.file() == fixture("errors/dict_missing_unit.toml"));
        REQUIRE(e.line() == 1);
        REQUIRE(e.column() == 11);
        REQUIRE(e.key() == "referral.p_nfa");
        REQUIRE(e.message() == "missing required field 'unit'");
    }
    SECTION("target, when calibrated") {
        const ScenarioError e = load_error(fixture("errors/no_target.toml"));
        REQUIRE(e.file() == fixture("errors/dict_no_target.toml"));
        REQUIRE(e.line() == 1);
        REQUIRE(e.column() == 6);
        REQUIRE(e.key() == "cla.exit_hazard");
        REQUIRE_THAT(e.message(), Catch::StartsWith("missing required field 'target'") &&
                                      Catch::Contains("calibrated = true"));
    }
}

TEST_CASE("scenario: a parameter defined in two dictionaries names both places", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/duplicate.toml"));
    REQUIRE(e.file() == fixture("errors/dict_duplicate.toml"));
    REQUIRE(e.line() == 3);
    REQUIRE(e.column() == 11);
    REQUIRE(e.key() == "referral.p_nfa");
    REQUIRE(e.message() == "defined in two dictionaries: " + kDict + ":2 and " +
                               fixture("errors/dict_duplicate.toml") + ":3");
}

TEST_CASE("scenario: extends cycle", "[scenario]") {
    const std::string a = fixture("errors/cycle_a.toml");
    const std::string b = fixture("errors/cycle_b.toml");
    const ScenarioError e = load_error(a);
    REQUIRE(e.file() == b);
    REQUIRE(e.line() == 2);
    REQUIRE(e.column() == 11);
    REQUIRE(e.key() == "extends");
    REQUIRE(e.message() == "extends cycle: " + a + " -> " + b + " -> " + a);
}

TEST_CASE("scenario: data file that does not exist", "[scenario]") {
    const ScenarioError e = load_error(fixture("errors/missing_data.toml"));
    REQUIRE(e.file() == fixture("errors/missing_data.toml"));
    REQUIRE(e.line() == 5);
    REQUIRE(e.column() == 21);
    REQUIRE(e.key() == "data.local_authorities");
    REQUIRE(e.message() == "file not found: " + fixture("errors/no_such.csv"));
}

TEST_CASE("scenario: a scenario needs a dictionary and a run name", "[scenario]") {
    SECTION("no dictionaries") {
        const ScenarioError e = load_error(fixture("errors/no_dictionaries.toml"));
        REQUIRE(e.file() == fixture("errors/no_dictionaries.toml"));
        REQUIRE(e.line() == 0);
        REQUIRE(e.key() == "dictionaries");
        REQUIRE(e.message() == "at least one parameter dictionary is required");
    }
    SECTION("no run name") {
        const ScenarioError e = load_error(fixture("errors/no_name.toml"));
        REQUIRE(e.file() == fixture("errors/no_name.toml"));
        REQUIRE(e.line() == 0);
        REQUIRE(e.key() == "run.name");
        REQUIRE_THAT(e.message(), Catch::StartsWith("a run name is required"));
    }
}

TEST_CASE("scenario: a run name must be usable as a run-file group", "[scenario]") {
    for (const char* bad : {"run.name=a/b", "run.name=two words", "run.name=.."}) {
        try {
            (void)csc::sim::load_scenario(fixture("errors/ok.toml"), {bad});
            FAIL("expected a ScenarioError for " << bad);
        } catch (const ScenarioError& e) {
            REQUIRE(e.key() == "run.name");
            REQUIRE(e.file() == "<command line>");
            REQUIRE(e.message().find("expected letters, digits") != std::string::npos);
        }
    }
}

TEST_CASE("scenario: model_input = false marks an entry the model does not read", "[scenario]") {
    const std::string dict = fixture("errors/dict_not_model_input.toml");
    SECTION("read from the entry; true when absent or written") {
        const auto s = csc::sim::load_scenario(fixture("errors/not_model_input.toml"));
        REQUIRE_FALSE(s.parameters.all().at("population.early_help_stock").model_input);
        REQUIRE(s.parameters.all().at("referral.p_nfa").model_input);
    }
    SECTION("must be a boolean") {
        const ScenarioError e = load_error(fixture("errors/model_input_type.toml"));
        REQUIRE(e.file() == fixture("errors/dict_model_input_type.toml"));
        REQUIRE(e.line() == 6);
        REQUIRE(e.column() == 15);
        REQUIRE(e.key() == "referral.p_nfa.model_input");
        REQUIRE(e.message() == "expected a boolean, got string");
    }
    SECTION("overriding it in a scenario file is an error: it would change nothing") {
        const ScenarioError e = load_error(fixture("errors/override_not_model_input.toml"));
        REQUIRE(e.file() == fixture("errors/override_not_model_input.toml"));
        REQUIRE(e.line() == 5);
        REQUIRE(e.key() == "population.early_help_stock");
        REQUIRE(e.message() == "is not a model input (model_input = false at " + dict +
                                   ":2): overriding it would change nothing");
    }
    SECTION("and so is a --set") {
        const ScenarioError e = load_error(fixture("errors/not_model_input.toml"),
                                           {"population.early_help_stock=300000"});
        REQUIRE(e.file() == "<command line>");
        REQUIRE(e.key() == "population.early_help_stock");
    }
}
