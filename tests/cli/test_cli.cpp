// The command line end to end: exit codes, messages, and nothing half-written.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace {

struct Result {
    int exit_code;
    std::string output;  // stdout and stderr together
};

Result cscsim(const std::string& args) {
    const std::string cmd = std::string(CSCSIM_BINARY) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string src(const std::string& rel) { return (csc::test::source_dir() / rel).string(); }

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("validate accepts the shipped scenarios", "[cli]") {
    for (const char* s : {"scenarios/baseline.toml", "scenarios/smoke.toml",
                          "scenarios/counterfactual.toml", "scenarios/review.toml"}) {
        const auto r = cscsim("validate " + src(s));
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        REQUIRE(contains(r.output, "ok: "));
    }
}

TEST_CASE("a misspelt key is rejected with file, line and the nearest valid name", "[cli]") {
    const auto r = cscsim("validate " + src("tests/cli/fixtures/typo.toml"));
    INFO(r.output);
    REQUIRE(r.exit_code == 2);
    REQUIRE(contains(r.output, "typo.toml:6:"));
    REQUIRE(contains(r.output, "smaple"));
    REQUIRE(contains(r.output, "did you mean 'sample'?"));
}

TEST_CASE("bad overrides and bad command lines exit with code 2", "[cli]") {
    auto r = cscsim("validate " + src("scenarios/smoke.toml") + " --set referral.p_nfaa=0.1");
    INFO(r.output);
    REQUIRE(r.exit_code == 2);
    REQUIRE(contains(r.output, "did you mean 'referral.p_nfa'?"));
    r = cscsim("run " + src("scenarios/smoke.toml") + " -o /tmp/x.h5 --sample 1.5");
    REQUIRE(r.exit_code == 2);
    r = cscsim("run " + src("scenarios/smoke.toml"));  // no -o
    REQUIRE(r.exit_code == 2);
    r = cscsim("frobnicate");
    REQUIRE(r.exit_code == 2);
}

TEST_CASE("run writes a run file that summary reads; failures leave no file", "[cli]") {
    const auto dir = csc::test::fresh_temp_dir("cli");
    const std::string out = (dir / "smoke.h5").string();
    auto r = cscsim("run " + src("scenarios/smoke.toml") + " -o " + out + " --threads 2");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = cscsim("summary " + out + " --csv");
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.output);
    std::string header;
    std::getline(lines, header);
    REQUIRE(header == "scenario,replicate,measure,period,value");
    for (const char* m :
         {"children_looked_after,2022-03-31", "children_in_need,2025-03-31",
          "child_protection_plans,2023-03-31", "family_help,2024-03-31", "referrals,2022-23",
          "entries_to_care,2024-25", "exits_from_care,2023-24", "spend_gbp,2022-23"}) {
        REQUIRE(contains(r.output, std::string("smoke,0,") + m + ","));
    }

    // A failing run does not touch an existing file at the output path.
    std::ifstream before_in(out, std::ios::binary);
    std::stringstream before;
    before << before_in.rdbuf();
    r = cscsim("run " + src("tests/cli/fixtures/typo.toml") + " -o " + out);
    REQUIRE(r.exit_code == 2);
    std::ifstream after_in(out, std::ios::binary);
    std::stringstream after;
    after << after_in.rdbuf();
    REQUIRE(before.str() == after.str());

    // An output directory that does not exist: exit 1, nothing written.
    r = cscsim("run " + src("scenarios/smoke.toml") + " -o " + (dir / "missing" / "x.h5").string());
    REQUIRE(r.exit_code == 1);
    REQUIRE_FALSE(std::filesystem::exists(dir / "missing"));

    // summary of something that is not a run file is bad input.
    std::ofstream(dir / "not.h5") << "not hdf5";
    r = cscsim("summary " + (dir / "not.h5").string());
    REQUIRE(r.exit_code == 2);
    std::filesystem::remove_all(dir);
}

TEST_CASE("parameters prints every dictionary entry with its unit and source", "[cli]") {
    const auto r =
        cscsim("parameters " + src("scenarios/smoke.toml") + " --set referral.p_nfa=0.1");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.rfind(
                "name,value,unit,description,source,calibrated,target,defined_at,set_at\n", 0) ==
            0);
    REQUIRE(contains(r.output, "referral.p_nfa,0.1,probability,"));
    REQUIRE(contains(r.output, "<command line>"));
    REQUIRE(contains(r.output, "ledger.price_year,2022,year ending 31 March,"));
}

TEST_CASE("a reform scenario runs with its comparator and table prints the review's rows",
          "[cli][levers]") {
    const auto dir = csc::test::fresh_temp_dir("table");
    const std::string out = (dir / "review.h5").string();
    auto r = cscsim("--log-level warn run " + src("scenarios/review.toml") +
                    " --sample 0.002 --set run.end=2025-03-31 -o " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = cscsim("summary --csv " + out);
    REQUIRE(contains(r.output, "\nreview,0,children_looked_after,"));
    REQUIRE(contains(r.output, "\ncounterfactual,0,children_looked_after,"));
    r = cscsim("table --csv " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.rfind("method,row,year,value_gbp_m\n", 0) == 0);
    // Y1 (2023-24) and Y2 of the review's total and a sub-row (seed 001 L4054, L4048): with no
    // mechanism yet, each lever's value is its cost profile, so both methods give the review's.
    for (const char* method : {"additive", "joint"}) {
        REQUIRE(
            contains(r.output, std::string(method) + ",Total Impact on Public Finance,Y1,-46.0"));
        REQUIRE(
            contains(r.output, std::string(method) + ",Total Impact on Public Finance,Y2,-987.0"));
        REQUIRE(contains(r.output, std::string(method) + ",Creating a five year ECF,Y2,-37.0"));
    }
    // A run file without a comparator is bad input for table.
    const std::string plain = (dir / "smoke.h5").string();
    REQUIRE(cscsim("--log-level warn run " + src("scenarios/smoke.toml") + " --sample 0.002 -o " +
                   plain)
                .exit_code == 0);
    r = cscsim("table " + plain);
    REQUIRE(r.exit_code == 2);
    REQUIRE(contains(r.output, "no comparator run"));
    std::filesystem::remove_all(dir);
}
