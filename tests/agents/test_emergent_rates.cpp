// Statistical tests: rates that emerge from a run agree with the parameters that drive them.
#include <catch2/catch.hpp>
#include <cmath>

#include "agents/simulation.hpp"
#include "test_support.hpp"

using namespace csc::agents;
using csc::test::label_index;
using csc::test::table;

namespace {

struct OneLaRun {
    Model model;
    csc::output::RunRecord run;
    OneLaRun()
        : model(Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", {})),
          run(simulate(model, 0)) {}
    [[nodiscard]] int64_t flow(const std::string& name) const {
        const auto& t = table(run, "flows");
        const int f = label_index(t.axes[2], name);
        int64_t sum = 0;
        for (size_t y = 0; y < t.axes[0].labels.size(); ++y)
            sum += t.integers[y * t.axes[2].labels.size() + f];
        return sum;
    }
    /// Child-months at risk in `states`: stock at the start and at the end of every month but the
    /// last.
    [[nodiscard]] double at_risk(std::initializer_list<const char*> states) const {
        const auto& start = table(run, "stocks_at_start");
        const auto& monthly = table(run, "stocks_monthly");
        const size_t width = monthly.axes[2].labels.size();
        double sum = 0;
        for (const char* s : states) {
            const int k = label_index(monthly.axes[2], s);
            sum += static_cast<double>(start.integers[k]);
            for (size_t m = 0; m + 1 < monthly.axes[0].labels.size(); ++m) {
                sum += static_cast<double>(monthly.integers[m * width + k]);
            }
        }
        return sum;
    }
};

/// |observed share - p| within 4 binomial standard errors.
void require_share(int64_t hits, int64_t trials, double p) {
    INFO("hits " << hits << " of " << trials << ", expected share " << p);
    REQUIRE(trials > 1000);
    const double share = static_cast<double>(hits) / static_cast<double>(trials);
    REQUIRE(std::abs(share - p) < 4.0 * std::sqrt(p * (1 - p) / static_cast<double>(trials)));
}

}  // namespace

TEST_CASE("referral outcomes occur at their parameter rates", "[pathway][stat]") {
    const OneLaRun r;
    const auto& p = r.model.parameters;
    const int64_t referrals = r.flow("referrals");
    require_share(r.flow("referrals_no_further_action"), referrals, p.p_nfa);
    require_share(r.flow("referrals_not_in_need"), referrals, p.p_not_in_need);
    require_share(r.flow("section47_enquiries"), referrals, p.p_s47);
    require_share(r.flow("initial_child_protection_conferences"), r.flow("section47_enquiries"),
                  p.p_icpc);
    require_share(r.flow("protection_plans_started"),
                  r.flow("initial_child_protection_conferences"), p.p_plan);
}

TEST_CASE("monthly hazards of leaving a state match the parameters", "[pathway][stat]") {
    const OneLaRun r;
    const auto& params = r.model.scenario.parameters;
    // A plan ends or leads into care: both hazards are uniform over age in this fixture.
    const double h_cp = params.array("cp.end_hazard")[0] + params.array("cp.care_hazard")[0];
    const double cp_months = r.at_risk({"child_protection"});
    const int64_t cp_exits =
        r.flow("protection_plans_ended") + r.flow("care_entries_from_protection");
    require_share(cp_exits, static_cast<int64_t>(cp_months), 1.0 - std::exp(-h_cp));
    // Of those leaving a plan, the share going into care is care / (end + care).
    require_share(r.flow("care_entries_from_protection"), cp_exits,
                  params.array("cp.care_hazard")[0] / h_cp);
    // Early help ends at its own hazard or by a referral.
    const double h_eh =
        params.array("early_help.end_hazard")[0] + params.array("referral.hazard")[0];
    const double eh_months = r.at_risk({"early_help"});
    require_share(r.flow("early_help_ended"), static_cast<int64_t>(eh_months),
                  (1.0 - std::exp(-h_eh)) *
                      (params.array("early_help.end_hazard")[0] +
                       params.array("referral.hazard")[0] *
                           (1 - r.model.parameters.p_nfa - r.model.parameters.p_not_in_need)) /
                      h_eh);
}
