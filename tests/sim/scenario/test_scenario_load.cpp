// Loading a valid chain: base.toml <- child.toml <- --set overrides.
#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "scenario_test_support.hpp"
#include "sim/scenario/scenario.hpp"

using csc::sim::Date;
using csc::sim::load_scenario;
using csc::sim::Scenario;
using csc::sim::scenario_test::fixture;

namespace {

const std::vector<std::string> kSets = {
    "run.seed=7",
    "run.end=2031-03-31",  // a bare TOML date
    "referral.p_section47 = 0.25",
    "referral.p_nfa=0.5",  // overridden again by the next --set
    "referral.p_nfa=0.09",
};

Scenario load_chain() {
    std::vector<std::string> sets = kSets;
    sets.push_back("data.extra=" + fixture("valid/data/extra.csv"));
    return load_scenario(fixture("valid/child.toml"), sets);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("scenario: a valid chain resolves run settings child over base over defaults",
          "[scenario]") {
    const Scenario s = load_chain();
    REQUIRE(s.path == std::filesystem::path(fixture("valid/child.toml")));
    REQUIRE(s.run.name == "child");
    REQUIRE(s.run.description == "Base of the chain");        // inherited from base
    REQUIRE(s.run.start == Date{2021, 4, 1});                 // child, as a string
    REQUIRE(s.run.end == Date{2031, 3, 31});                  // --set
    REQUIRE(s.run.seed == 7);                                 // --set over base
    REQUIRE(s.run.replicates == 2);                           // base
    REQUIRE(s.run.sample == 0.5);                             // child
    REQUIRE(s.run.threads == 0);                              // default
    REQUIRE(s.run.comparator == fixture("valid/base.toml"));  // resolved next to child.toml
}

TEST_CASE("scenario: a valid chain resolves data paths relative to the file that set them",
          "[scenario]") {
    const Scenario s = load_chain();
    REQUIRE(s.data.size() == 3);
    REQUIRE(s.data.at("local_authorities") == fixture("valid/data/las.csv"));
    REQUIRE(s.data.at("rates") == fixture("valid/data/child_rates.csv"));  // child over base
    REQUIRE(s.data.at("extra") == fixture("valid/data/extra.csv"));        // --set
}

TEST_CASE("scenario: a valid chain resolves parameter values and records where", "[scenario]") {
    const Scenario s = load_chain();
    const auto& all = s.parameters.all();
    REQUIRE(all.size() == 5);
    const std::string population = fixture("valid/dict/population.toml");
    const std::string pathway = fixture("valid/dict/pathway.toml");

    SECTION("dictionary value, never overridden") {
        const auto& p = all.at("population.age_weights");
        REQUIRE(p.values == std::vector<double>{1, 2, 3});  // integers read as doubles
        REQUIRE(p.is_array);
        REQUIRE(p.group == "population");
        REQUIRE(p.unit == "weight");
        REQUIRE(p.source == "Test fixture");
        REQUIRE_FALSE(p.min.has_value());
        REQUIRE(p.defined_at == population + ":9");
        REQUIRE(p.set_at.empty());
    }
    SECTION("overridden in the base by a dotted key") {
        const auto& p = all.at("population.birth_rate");
        REQUIRE(s.parameters.scalar("population.birth_rate") == 0.02);
        REQUIRE(p.defined_at == population + ":1");
        REQUIRE(p.set_at == fixture("valid/base.toml") + ":16");
        REQUIRE(p.min == 0.0);
        REQUIRE(p.max == 1.0);
    }
    SECTION("overridden in the child by a quoted key, calibrated") {
        const auto& p = all.at("cla.exit_hazard");
        REQUIRE(s.parameters.array("cla.exit_hazard", 3) == std::vector<double>{0.03, 0.04, 0.02});
        REQUIRE(p.calibrated);
        REQUIRE(p.target == "CLA stock at 31 March 2022 by age band, test fixture");
        REQUIRE(p.defined_at == pathway + ":17");
        REQUIRE(p.set_at == fixture("valid/child.toml") + ":15");
    }
    SECTION("overridden in the child by a nested table, then twice by --set") {
        const auto& p = all.at("referral.p_nfa");
        REQUIRE(p.values == std::vector<double>{0.09});
        REQUIRE_FALSE(p.is_array);
        REQUIRE(p.group == "referral");
        REQUIRE(p.description == "Share of referrals that end in no further action");
        REQUIRE(p.defined_at == pathway + ":3");
        REQUIRE(p.set_at == "<command line>");
    }
    SECTION("overridden only by --set") {
        REQUIRE(s.parameters.scalar("referral.p_section47") == 0.25);
        REQUIRE(all.at("referral.p_section47").set_at == "<command line>");
    }
}

TEST_CASE("scenario: files_read lists every file read, in read order, with its text",
          "[scenario]") {
    const Scenario s = load_chain();
    // The chain child first, then dictionaries base-first; population.toml is listed by both
    // files but read once.
    const std::vector<std::string> expected = {
        fixture("valid/child.toml"), fixture("valid/base.toml"),
        fixture("valid/dict/population.toml"), fixture("valid/dict/pathway.toml")};
    REQUIRE(s.files_read.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        REQUIRE(s.files_read[i].first == expected[i]);
        REQUIRE(s.files_read[i].second == read_text(expected[i]));
    }
}

TEST_CASE("scenario: resolved_toml re-parses and holds every effective value", "[scenario]") {
    const Scenario s = load_chain();
    toml::table t;
    REQUIRE_NOTHROW(t = toml::parse(s.resolved_toml));

    REQUIRE(t["run"]["name"].value<std::string>() == "child");
    REQUIRE(t["run"]["description"].value<std::string>() == "Base of the chain");
    const auto start = t["run"]["start"].value<toml::date>();
    REQUIRE(start == toml::date{2021, 4, 1});
    REQUIRE(t["run"]["end"].value<toml::date>() == toml::date{2031, 3, 31});
    REQUIRE(t["run"]["seed"].value<int64_t>() == 7);
    REQUIRE(t["run"]["replicates"].value<int64_t>() == 2);
    REQUIRE(t["run"]["sample"].value<double>() == 0.5);
    REQUIRE(t["run"]["threads"].value<int64_t>() == 0);
    REQUIRE(t["run"]["comparator"].value<std::string>() == s.run.comparator);

    const toml::table* data = t["data"].as_table();
    REQUIRE(data != nullptr);
    REQUIRE(data->size() == s.data.size());
    for (const auto& [name, path] : s.data) {
        REQUIRE((*data)[name].value<std::string>() == path.string());
    }

    const toml::table* params = t["parameters"].as_table();
    REQUIRE(params != nullptr);
    REQUIRE(params->size() == s.parameters.all().size());
    for (const auto& [name, p] : s.parameters.all()) {
        INFO(name);
        const toml::node* node = params->get(name);
        REQUIRE(node != nullptr);
        if (p.is_array) {
            const toml::array* values = node->as_array();
            REQUIRE(values != nullptr);
            REQUIRE(values->size() == p.values.size());
            for (size_t i = 0; i < p.values.size(); ++i) {
                REQUIRE(values->get(i)->value<double>() == p.values[i]);  // exact round trip
            }
        } else {
            REQUIRE(node->is_floating_point());
            REQUIRE(node->value<double>() == p.values.front());
        }
    }
}

TEST_CASE("scenario: --set accepts bare strings and dates for run settings", "[scenario]") {
    const Scenario s =
        load_scenario(fixture("errors/ok.toml"),
                      {"run.name=smoke-test", "run.description=\"quoted\"", "run.start=2017-04-01",
                       "run.sample=0.01", "run.replicates=3", "run.threads=2"});
    REQUIRE(s.run.name == "smoke-test");
    REQUIRE(s.run.description == "quoted");
    REQUIRE(s.run.start == Date{2017, 4, 1});
    REQUIRE(s.run.sample == 0.01);
    REQUIRE(s.run.replicates == 3);
    REQUIRE(s.run.threads == 2);
    REQUIRE(s.data.empty());
}
