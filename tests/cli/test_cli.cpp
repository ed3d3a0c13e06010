// The command line end to end: exit codes, messages, and nothing half-written.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/csv_table.hpp"
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

/// scenarios/review.toml with its comparator at a 0.2% sample, to 31 March of `end_year`,
/// written to `out`.
Result run_sampled_review(const std::string& out, int end_year) {
    return cscsim("--log-level warn run " + src("scenarios/review.toml") +
                  " --sample 0.002 --set run.end=" + std::to_string(end_year) + "-03-31 -o " + out);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("validate accepts the shipped scenarios", "[cli]") {
    for (const char* s :
         {"scenarios/baseline.toml", "scenarios/smoke.toml", "scenarios/counterfactual.toml",
          "scenarios/review.toml", "scenarios/government.toml"}) {
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

TEST_CASE("dictionary entries the model does not read are rejected, all of them", "[cli]") {
    const auto dir = csc::test::fresh_temp_dir("cli_unread");
    const std::string scenario = src("tests/cli/fixtures/unread.toml");
    const std::string dict = src("tests/cli/fixtures/unread_dict.toml");
    for (const std::string& command :
         {"validate " + scenario, "run " + scenario + " -o " + (dir / "x.h5").string()}) {
        const auto r = cscsim(command);
        INFO(r.output);
        REQUIRE(r.exit_code == 2);
        // One line each, at the entry, with the nearest name read when one is close.
        REQUIRE(contains(r.output, dict + ":3:0: referral.p_nfaa: is not read by this build of "
                                          "cscsim; did you mean 'referral.p_nfa'?\n"));
        REQUIRE(contains(r.output, dict + ":9:0: newer_build.feature_switch: is not read by this "
                                          "build of cscsim\n"));
    }
    REQUIRE(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a dictionary entry marked model_input = false need not be read", "[cli]") {
    const auto r = cscsim("validate " + src("tests/cli/fixtures/not_model_input.toml"));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(contains(r.output, "ok: not_model_input"));
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
    auto r = run_sampled_review(out, 2025);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = cscsim("summary --csv " + out);
    REQUIRE(contains(r.output, "\nreview,0,children_looked_after,"));
    REQUIRE(contains(r.output, "\ncounterfactual,0,children_looked_after,"));
    // The reform's measures, on the scenario's rows: in 2023-24 (Y1) no lever acts yet, so the
    // runs are identical and the net effect on public finance is the levers' Y1 cost, the
    // review's -GBP 46m (seed 001 L4054), to the penny.
    REQUIRE(contains(r.output, "\nreview,0,net_public_finance_gbp,2023-24,-46000000\n"));
    REQUIRE(contains(r.output, "\nreview,0,cla_reduction_joint,2024-03-31,0\n"));
    REQUIRE(contains(r.output, "\nreview,0,spend_saving_gbp,2023-24,0\n"));
    REQUIRE(contains(r.output, "\nreview,0,lever_cost_gbp,2023-24,46000000\n"));
    const auto value = [&](const std::string& measure, const std::string& period,
                           const std::string& run = "review") {
        const std::string key = "\n" + run + ",0," + measure + "," + period + ",";
        const auto at = r.output.find(key);
        REQUIRE(at != std::string::npos);
        return std::stod(r.output.substr(at + key.size()));
    };
    double groups = 0;
    for (const char* g : {"family_help", "kinship", "workforce"}) {
        groups += value(std::string("cla_reduction_") + g, "2025-03-31");
    }
    REQUIRE(value("cla_reduction_total", "2025-03-31") == Approx(groups));
    REQUIRE(value("cla_reduction_interaction", "2025-03-31") ==
            Approx(value("cla_reduction_joint", "2025-03-31") - groups).margin(0.5));
    REQUIRE(value("cla_reduction_joint", "2025-03-31") > 0);
    REQUIRE(value("cla_reduction_joint", "2025-03-31") ==
            value("children_looked_after", "2025-03-31", "counterfactual") -
                value("children_looked_after", "2025-03-31"));
    // Who: by ethnic group and by sex, each the comparator's minus the scenario's, adding up to
    // the joint reduction (each group's figure is rounded on its own).
    double by_ethnicity = 0, by_sex = 0;
    for (const char* e : {"white", "mixed", "asian", "black", "other"}) {
        const std::string g = std::string("ethnicity_") + e;
        const double v = value("cla_reduction_joint_" + g, "2025-03-31");
        REQUIRE(v == value("children_looked_after_" + g, "2025-03-31", "counterfactual") -
                         value("children_looked_after_" + g, "2025-03-31"));
        by_ethnicity += v;
    }
    for (const char* s : {"female", "male"})
        by_sex += value(std::string("cla_reduction_joint_sex_") + s, "2025-03-31");
    REQUIRE(by_ethnicity == Approx(value("cla_reduction_joint", "2025-03-31")).margin(5));
    REQUIRE(by_sex == Approx(value("cla_reduction_joint", "2025-03-31")).margin(2));
    // Gross cost by budget holder adds up to the whole; net = saving - cost.
    double by_holder = 0;
    for (const char* h : {"local_authority", "dfe", "moj_legal_aid", "nhs", "employers_dwp"}) {
        by_holder += value(std::string("lever_cost_gbp_") + h, "2024-25");
    }
    REQUIRE(by_holder == Approx(value("lever_cost_gbp", "2024-25")));
    REQUIRE(value("net_public_finance_gbp", "2024-25") ==
            Approx(value("spend_saving_gbp", "2024-25") - value("lever_cost_gbp", "2024-25")));
    r = cscsim("table --csv " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.output.rfind("method,row,year,value_gbp_m\n", 0) == 0);
    // Y1 (2023-24), before any lever acts: each lever's value is its Y1 cost, so both methods
    // give the review's total and rows (seed 001 L4054, L4048).
    for (const char* method : {"additive", "joint"}) {
        REQUIRE(
            contains(r.output, std::string(method) + ",Total Impact on Public Finance,Y1,-46.0"));
        REQUIRE(contains(r.output, std::string(method) + ",Creating a five year ECF,Y1,-23.0"));
        REQUIRE(contains(r.output, std::string(method) + ",Family Help,Y2,"));
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

namespace {

/// The rows of CSV text (header first) as maps from column name to cell.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
    const auto t = csc::sim::CsvTable::parse(text, "command output");
    std::vector<std::map<std::string, std::string>> rows(t.rows());
    for (size_t r = 0; r < t.rows(); ++r) {
        for (const auto& name : t.header()) rows[r][name] = t.text(r, t.column(name));
    }
    return rows;
}

}  // namespace

TEST_CASE("table in constant prices deflates each year by the comparator's cost index",
          "[cli][levers]") {
    const auto dir = csc::test::fresh_temp_dir("prices");
    const std::string out = (dir / "review.h5").string();
    auto r = run_sampled_review(out, 2026);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto summary = csv_rows(cscsim("summary --csv " + out).output);
    std::map<std::string, double> index;  // the counterfactual's, by financial year
    for (const auto& row : summary) {
        if (row.at("scenario") == "counterfactual" && row.at("replicate") == "0" &&
            row.at("measure") == "cost_index") {
            index[row.at("period")] = std::stod(row.at("value"));
        }
    }
    // The counterfactual's unit costs follow their trends from 2021-22 prices: above 1 and
    // rising; the reform's index is the same function of its own spend.
    REQUIRE(index.at("2022-23") > 1.0);
    REQUIRE(index.at("2023-24") > index.at("2022-23"));
    REQUIRE(index.at("2025-26") > index.at("2024-25"));
    const auto cash = csv_rows(cscsim("table --csv " + out).output);
    r = cscsim("table --csv --prices constant " + out);
    REQUIRE(r.exit_code == 0);
    const auto constant = csv_rows(r.output);
    REQUIRE(constant.size() == cash.size());
    const std::map<std::string, std::string> fy = {
        {"Y1", "2023-24"}, {"Y2", "2024-25"}, {"Y3", "2025-26"}};
    size_t nonzero = 0;
    for (size_t i = 0; i < cash.size(); ++i) {
        REQUIRE(constant[i].at("row") == cash[i].at("row"));
        const double c = std::stod(cash[i].at("value_gbp_m"));
        const double k = std::stod(constant[i].at("value_gbp_m"));
        INFO(cash[i].at("row") << " " << cash[i].at("year") << ": " << c << " cash, " << k);
        // Printed to GBP 0.1m: equal within the rounding of both (0.05 each, the cash one
        // deflated).
        REQUIRE(k == Approx(c / index.at(fy.at(cash[i].at("year")))).margin(0.1));
        if (c != 0) ++nonzero;
    }
    REQUIRE(nonzero > 10);
    // Y3 (2025-26): child advocacy's only money is the GBP 1m saving the review counted and the
    // model does not simulate (seed 001 L4052); it is in the table, the measure and the net.
    for (const auto& row : cash) {
        if (row.at("row") == "Child Advocacy" && row.at("year") == "Y3") {
            REQUIRE(row.at("value_gbp_m") == "1.0");
        }
    }
    double review_saving = 0, spend_saving = 0, cost = 0, net = 0;
    for (const auto& row : summary) {
        if (row.at("scenario") != "review" || row.at("period") != "2025-26") continue;
        const double v = std::stod(row.at("value"));
        if (row.at("measure") == "review_saving_gbp") review_saving = v;
        if (row.at("measure") == "spend_saving_gbp") spend_saving = v;
        if (row.at("measure") == "lever_cost_gbp") cost = v;
        if (row.at("measure") == "net_public_finance_gbp") net = v;
    }
    REQUIRE(review_saving == 1e6);
    REQUIRE(net == Approx(spend_saving + review_saving - cost).margin(0.01));
    r = cscsim("table --prices real " + out);
    REQUIRE(r.exit_code == 2);
    REQUIRE(contains(r.output, "--prices"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("the review on England's children: the 30,000 and its split, and the review's table",
          "[cli][levers][review]") {
#if defined(__SANITIZE_ADDRESS__)
    // 17 whole-population simulations are too slow under the sanitizers; the reform runs are
    // covered there by the sampled review test above.
    WARN("skipped under the sanitizers");
    return;
#endif
    // The whole programme to 2033 for every child in England (about 130 s on two cores), as the
    // lever effects and costs were fitted (scenarios/tools/calibrate_levers.py): a change to the
    // model that moves the review's figures out of the bands fails here, and the levers
    // need fitting again. (At a sample fraction the savings of a lever alone are too noisy for a
    // band of GBP 30m: Family Help's Y5 varies by about GBP 100m at 4%.)
    const auto dir = csc::test::fresh_temp_dir("review");
    const std::string out = (dir / "review.h5").string();
    auto r = cscsim("--log-level warn run " + src("scenarios/review.toml") + " -o " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = cscsim("summary --csv " + out);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, double> reduction;
    std::map<std::string, double> net;
    std::map<std::string, double> looked_after;  // at 31 March 2033, by run
    for (const auto& row : csv_rows(r.output)) {
        if (row.at("measure") == "children_looked_after" && row.at("period") == "2033-03-31") {
            looked_after[row.at("scenario")] = std::stod(row.at("value"));
        }
        if (row.at("scenario") != "review") continue;
        const auto& m = row.at("measure");
        if (m.rfind("cla_reduction_", 0) == 0 && row.at("period") == "2033-03-31") {
            reduction[m.substr(14)] = std::stod(row.at("value"));
        }
        if (m == "net_public_finance_gbp") net[row.at("period")] = std::stod(row.at("value"));
    }
    // seed 001 L3945: 30,000 fewer children looked after in 2032-33 (+-3,000), 17,000 through
    // Family Help, 10,000 kinship and family networks, 3,000 workforce and family finding (each
    // +-1,500).
    for (const auto& [group, want] : std::map<std::string, double>{
             {"family_help", 17000}, {"kinship", 10000}, {"workforce", 3000}}) {
        INFO(group << ": " << reduction.at(group));
        REQUIRE(std::abs(reduction.at(group) - want) <= 1500);
    }
    REQUIRE(std::abs(reduction.at("total") - 30000) <= 3000);
    // Each reduction is the comparator's children looked after minus its own run's.
    REQUIRE(reduction.at("joint") == looked_after.at("counterfactual") - looked_after.at("review"));
    REQUIRE(reduction.at("family_help") ==
            looked_after.at("counterfactual") - looked_after.at("review.group.family_help"));
    REQUIRE(reduction.at("interaction") == Approx(reduction.at("joint") - reduction.at("total")));
    // The additive table against the review's (seed 001 L4027-4054): the total within 10% or
    // GBP 30m each year, each category within 20% or GBP 30m, savings above costs from Y5.
    r = cscsim("table --csv " + out);
    REQUIRE(r.exit_code == 0);
    const std::map<std::string, std::vector<double>> review = {
        {"Total Impact on Public Finance",
         {-46, -987, -1257, -233, 446, 1007, 1227, 1293, 1345, 1404}},
        {"Family Help", {0, -514, -930, -472, -6, 359, 507, 520, 534, 549}},
        {"Care", {-9, -124, -58, 115, 183, 221, 244, 250, 258, 266}},
        {"Alternatives to care", {-5, -201, -41, 224, 297, 342, 365, 388, 411, 436}},
        {"Care Leaver Missions", {-5, -74, -99, -45, -32, -29, -28, -27, -26, -23}},
        {"Workforce", {-27, -57, -121, -48, 10, 119, 144, 166, 170, 176}},
        {"Child Advocacy", {0, -7, 1, 1, 1, 2, 2, 2, 3, 3}},
        {"Parental Representation", {0, -10, -9, -8, -7, -7, -7, -6, -5, -3}}};
    std::map<std::string, std::map<std::string, double>> joint;
    int checked = 0;
    for (const auto& row : csv_rows(r.output)) {
        const double got = std::stod(row.at("value_gbp_m"));
        const int year = std::stoi(row.at("year").substr(1));
        if (row.at("method") == "joint") {
            joint[row.at("row")][row.at("year")] = got;
            continue;
        }
        const auto it = review.find(row.at("row"));
        if (it == review.end()) continue;
        const double want = it->second.at(static_cast<size_t>(year - 1));
        const double share = it->first == "Total Impact on Public Finance" ? 0.10 : 0.20;
        INFO(it->first << " " << row.at("year") << ": " << got << " against " << want);
        REQUIRE(std::abs(got - want) <= std::max(30.0, share * std::abs(want)));
        if (it->first == "Total Impact on Public Finance" && year >= 5) REQUIRE(got > 0);
        ++checked;
    }
    REQUIRE(checked == 80);
    // The joint total is the scenario's own net effect on public finance (summary measure).
    for (int y = 1; y <= 10; ++y) {
        const std::string fy = std::to_string(2022 + y) + "-" + std::to_string((23 + y) % 100);
        INFO(fy);
        REQUIRE(joint.at("Total Impact on Public Finance").at("Y" + std::to_string(y)) ==
                Approx(net.at(fy) / 1e6).margin(0.051));
    }
    std::filesystem::remove_all(dir);
}
