// Statistical tests: rates that emerge from a run agree with the parameters that drive them.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "agents/pathway_parameters.hpp"
#include "agents/simulation.hpp"
#include "stat_support.hpp"
#include "test_support.hpp"

using namespace csc::agents;
using csc::test::flow_total;
using csc::test::label_index;
using csc::test::require_share;
using csc::test::table;

namespace {

struct OneLaRun {
    Model model;
    csc::output::RunRecord run;
    OneLaRun()
        : model(Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", {})),
          run(simulate(model, 0)) {}
    [[nodiscard]] int64_t flow(const std::string& name) const { return flow_total(run, name); }
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

/// The one-LA fixture with trends applied: every trend 0 except those in `trends` ("name=value").
Model one_la_with_trends(const std::vector<std::string>& trends) {
    std::vector<std::string> sets = {"trend.applied=1"};
    for (const char* name : {"referral", "section47", "plan", "plan_end", "cin_close", "care_entry",
                             "care_exit", "care_exit_projection"}) {
        sets.push_back(std::string("trend.") + name + "=0");
    }
    sets.insert(sets.end(), trends.begin(), trends.end());  // later overrides win
    return Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", sets);
}

/// Monthly probability of leaving care (with moves off) of a looked-after child under a care
/// order in the model's one LA, in an epoch, at an age in months.
double care_order_exit_probability(const Model& model, int32_t epoch, int age_months) {
    const int table = route_table(CareState::LookedAfter, LegalStatus::CareOrder, false);
    const double* c = model.parameters.cumulative_hazard(epoch, 0, table);
    return 1 - std::exp(-(c[age_months + 1] - c[age_months]));
}

/// Monthly referral hazard of referrals_only (before the LA multiplier and factors).
constexpr double kReferralHazard = 0.005;

/// The one-LA fixture to March 2024 where only referrals leave the not-known state (no early
/// help, no kinship orders), at kReferralHazard in every band, with `sets` on top.
Model referrals_only(std::vector<std::string> sets) {
    sets.insert(sets.begin(),
                {"referral.hazard=[0.005, 0.005, 0.005, 0.005, 0.005]",
                 "early_help.entry_hazard=[0, 0, 0, 0, 0]", "early_help.stock_per_child_in_need=0",
                 "kinship.order_hazard_not_known=[0, 0, 0, 0, 0]", "run.end=2024-03-31"});
    return Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", sets);
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

TEST_CASE("monthly probabilities of leaving a state match the parameters", "[pathway][stat]") {
    const OneLaRun r;
    const auto& params = r.model.scenario.parameters;
    const auto& m = r.model.parameters.multipliers(0);
    // The fixture makes the calibration factor 1 and the care hazard from a plan uniform over
    // age, so every route below has one monthly probability at all ages: the dictionary value
    // times the LA's multiplier.
    REQUIRE(r.model.parameters.care_entry_fit[0] == 1.0);
    const double p_end = params.array("cp.end_hazard")[0] * m.plan_end;
    const double p_care = params.array("cp.care_hazard")[0] * m.care_entry;
    const int64_t cp_exits =
        r.flow("protection_plans_ended") + r.flow("care_entries_from_protection");
    require_share(cp_exits, static_cast<int64_t>(r.at_risk({"child_protection"})), p_end + p_care);
    require_share(r.flow("care_entries_from_protection"), cp_exits, p_care / (p_end + p_care));
    // Early help ends at its own rate, or by a referral that opens a case.
    const double p_eh_end = params.array("early_help.end_hazard")[0];
    const double p_referral = params.array("referral.hazard")[0] * m.referral;
    const double opens = 1 - r.model.parameters.p_nfa - r.model.parameters.p_not_in_need;
    require_share(r.flow("early_help_ended"), static_cast<int64_t>(r.at_risk({"early_help"})),
                  p_eh_end + p_referral * opens);
    // Referrals of children not known or on early help.
    require_share(r.flow("referrals"), static_cast<int64_t>(r.at_risk({"not_known", "early_help"})),
                  p_referral);
}

TEST_CASE("a one-LA run reproduces the 2021-22 flows its multipliers were solved for",
          "[pathway][stat]") {
    // The fixture's LA has England's 2022 rates on 200,000 children: its first simulated year
    // must give about its own observed flows (within 10%: the LA starts from an assumed age mix).
    const OneLaRun r;
    const auto& o = r.model.las[0].observed;
    const auto first_year = [&](const char* name) {
        const auto& t = table(r.run, "flows");
        return static_cast<double>(t.integers[static_cast<size_t>(label_index(t.axes[2], name))]);
    };
    REQUIRE(first_year("referrals") == Approx(*o.referrals).epsilon(0.10));
    REQUIRE(first_year("section47_enquiries") == Approx(*o.s47_enquiries).epsilon(0.10));
    REQUIRE(first_year("protection_plans_started") == Approx(*o.cpp_started).epsilon(0.10));
    REQUIRE(first_year("care_exits_home") + first_year("care_exits_adoption") +
                first_year("care_exits_special_guardianship") +
                first_year("care_exits_child_arrangements") + first_year("care_exits_other") +
                first_year("care_exits_eighteenth_birthday") ==
            Approx(*o.cla_ceased).epsilon(0.10));
}

TEST_CASE("a trend multiplies a route's monthly probability year by year",
          "[pathway][stat][trend]") {
    // Plans end 30% more often each year after 2021-22; every other trend is switched off.
    const Model model = one_la_with_trends({"trend.plan_end=0.3"});
    const auto run = simulate(model, 0);
    const auto& params = model.scenario.parameters;
    const auto& m = model.parameters.multipliers(0);
    const auto& flows = table(run, "flows");
    const auto& monthly = table(run, "stocks_monthly");
    const auto& start = table(run, "stocks_at_start");
    const int cp = label_index(monthly.axes[2], "child_protection");
    const int ended = label_index(flows.axes[2], "protection_plans_ended");
    const int into_care = label_index(flows.axes[2], "care_entries_from_protection");
    const size_t width = monthly.axes[2].labels.size();
    const size_t n_flows = flows.axes[2].labels.size();
    for (size_t fy = 0; fy < 3; ++fy) {
        // Child-months on a plan at the start of each month of the year.
        double at_risk = 0;
        for (size_t k = 0; k < 12; ++k) {
            const size_t month = fy * 12 + k;
            at_risk += static_cast<double>(month == 0 ? start.integers[static_cast<size_t>(cp)]
                                                      : monthly.integers[(month - 1) * width + cp]);
        }
        const double factor = std::pow(1.3, static_cast<double>(fy + 1));
        const double p_end = params.array("cp.end_hazard")[0] * m.plan_end * factor;
        const double p_care = params.array("cp.care_hazard")[0] * m.care_entry;
        INFO("financial year " << fy);
        require_share(flows.integers[fy * n_flows + static_cast<size_t>(ended)] +
                          flows.integers[fy * n_flows + static_cast<size_t>(into_care)],
                      static_cast<int64_t>(at_risk), p_end + p_care);
    }
}

TEST_CASE("exits follow their own trend after the data year", "[pathway][trend]") {
    // trend.care_exit back-casts exits before 2021-22; trend.care_exit_projection carries them on
    // after it (the counterfactual). Moves are switched off so the looked-after hazard is exits.
    const Model model = one_la_with_trends({"trend.care_exit=0.5", "trend.care_exit_projection=0.2",
                                            "placement.move_hazard=[0, 0, 0, 0, 0]",
                                            "cla.exit_hazard=[0.01, 0.01, 0.01, 0.01, 0.01]"});
    const auto& p = model.parameters;
    // Age 99 months: band 5-9.
    const auto monthly = [&](int32_t epoch) {
        return care_order_exit_probability(model, epoch, 99);
    };
    // Epoch 0 is 2022-23, one year after the data year.
    for (int32_t e = 1; e < p.epochs(); ++e) {
        INFO("epoch " << e);
        REQUIRE(monthly(e) / monthly(e - 1) == Approx(1.2).epsilon(1e-9));
    }
}

TEST_CASE("each age band's exits are back-cast on a trend of their own", "[pathway][trend]") {
    // trend.care_exit_by_age acts before the data year only (the history's back-cast); after it
    // every band has the one projection. Run from 2019-20: epochs 0-2 end in 2020-2022, 3-5 after.
    const Model model = one_la_with_trends(
        {"trend.care_exit_by_age=[0.5, 0, 0, 0, -0.2]", "trend.care_exit_projection=0.1",
         "run.start=2019-04-01", "placement.move_hazard=[0, 0, 0, 0, 0]",
         "cla.exit_hazard=[0.01, 0.01, 0.01, 0.01, 0.01]"});
    const auto& p = model.parameters;
    const auto monthly = [&](int32_t epoch, int age_months) {
        return care_order_exit_probability(model, epoch, age_months);
    };
    REQUIRE(p.epochs() == 6);
    for (int32_t e = 1; e < p.epochs(); ++e) {
        INFO("epoch " << e);
        const bool back_cast = e <= 2;  // years ending 2021 and 2022: on the band's own trend
        REQUIRE(monthly(e, 6) / monthly(e - 1, 6) == Approx(back_cast ? 1.5 : 1.1).epsilon(1e-9));
        REQUIRE(monthly(e, 99) / monthly(e - 1, 99) == Approx(back_cast ? 1.0 : 1.1).epsilon(1e-9));
        REQUIRE(monthly(e, 200) / monthly(e - 1, 200) ==
                Approx(back_cast ? 0.8 : 1.1).epsilon(1e-9));
    }
}

TEST_CASE("the LA's exit multiplier takes the age trends of its table's year", "[pathway][trend]") {
    // With the LA table dated 2019, three years before the data year, every band's exits are
    // (1 + g)^-3 times as likely that year; the multiplier, solved to the table's own exits, makes
    // up for it, so the hazard in the table's year is what it was without the trend.
    const std::vector<std::string> common = {"trend.la_table_year=2019", "run.start=2018-04-01"};
    const auto with = [&](const char* age_trend) {
        std::vector<std::string> sets = common;
        sets.emplace_back(age_trend);
        return one_la_with_trends(sets);
    };
    const Model flat = with("trend.care_exit_by_age=[0, 0, 0, 0, 0]");
    const Model trended = with("trend.care_exit_by_age=[0.1, 0.1, 0.1, 0.1, 0.1]");
    const double m0 = flat.parameters.multipliers(0).care_exit;
    const double m1 = trended.parameters.multipliers(0).care_exit;
    REQUIRE(m1 / m0 == Approx(std::pow(1.1, 3)).epsilon(1e-9));
    REQUIRE(care_order_exit_probability(trended, 0, 99) /  // 2018-19, age 99 months
                care_order_exit_probability(flat, 0, 99) ==
            Approx(1.0).epsilon(1e-9));
}

TEST_CASE("an LA with England's own rates gets multipliers of about 1", "[pathway]") {
    // The one-LA table is England's 2022 rates on 200,000 children, read with the real pathway
    // (no fixture overrides): every multiplier should then come out near 1; what remains is
    // England's own imbalance between stocks and flows in 2021-22 and rounding of the table.
    const Model model =
        Model::load(csc::test::scenario("baseline.toml"),
                    {"data.local_authorities=" +
                         (csc::test::source_dir() / "tests/agents/fixtures/one_la.csv").string(),
                     "population.la_exits_balance_entries=0"});
    const auto& m = model.parameters.multipliers(0);
    CAPTURE(m.referral, m.section47, m.plan, m.care_entry, m.care_exit, m.plan_end, m.cin_close,
            m.early_help);
    for (const double x : {m.referral, m.section47, m.plan, m.care_entry, m.care_exit, m.plan_end,
                           m.cin_close, m.early_help}) {
        REQUIRE(x == Approx(1.0).epsilon(0.05));
    }
    // Exits at 18 are the resident 16-17s turning 18 plus the unaccompanied children, whose
    // arrival ages were solved to match England's exits at 18: exits before 18 need no top-up.
    REQUIRE(m.care_exit == Approx(1.0).epsilon(0.01));
}

TEST_CASE("an LA whose exits balance its starts keeps its children looked after steady",
          "[pathway][stat]") {
    // population.la_exits_balance_entries = 1 (the default): the exit multiplier is solved so
    // exits before and at 18 equal the LA's starts, so with rates held the stock stays where it
    // began, to within the noise of three years of flows (about 500 starts a year).
    const OneLaRun r;
    const auto& start = table(r.run, "stocks_at_start");
    const auto& snaps = table(r.run, "stocks_31mar");
    const size_t width = start.axes[1].labels.size();
    const auto cla = [&](const std::vector<int64_t>& v, size_t offset) {
        int64_t s = 0;
        for (size_t k = 0; k < width; ++k) {
            if (start.axes[1].labels[k].rfind("looked_after_", 0) == 0) s += v[offset + k];
        }
        return static_cast<double>(s);
    };
    const double before = cla(start.integers, 0);
    const double after = cla(snaps.integers, (snaps.axes[0].labels.size() - 1) * width);
    const double flows = 3 * 2 * 529.0;  // starts and exits over three years (fixture: 529 a year)
    CAPTURE(before, after);
    REQUIRE(std::abs(after - before) < 4 * std::sqrt(flows));
}

TEST_CASE("trends on referral outcomes change their shares year by year",
          "[pathway][stat][trend]") {
    // s47 enquiries per referral grow 20% a year; plans per enquiry fall 20% a year.
    const Model model = one_la_with_trends({"trend.section47=0.2", "trend.plan=-0.2"});
    const auto run = simulate(model, 0);
    const auto& p = model.parameters;
    const auto& m = p.multipliers(0);
    const auto& flows = table(run, "flows");
    const size_t n = flows.axes[2].labels.size();
    const auto flow = [&](size_t fy, const char* name) {
        return flows.integers[fy * n + static_cast<size_t>(label_index(flows.axes[2], name))];
    };
    for (size_t fy = 0; fy < 3; ++fy) {
        INFO("financial year " << fy);
        const double years = static_cast<double>(fy + 1);
        require_share(flow(fy, "section47_enquiries"), flow(fy, "referrals"),
                      p.p_s47 * m.section47 * std::pow(1.2, years));
        require_share(flow(fy, "initial_child_protection_conferences"),
                      flow(fy, "section47_enquiries"), p.p_icpc * m.plan * std::pow(0.8, years));
    }
}

TEST_CASE("placement moves, kinship orders and unaccompanied arrivals occur at their rates",
          "[pathway][stat]") {
    // Exposure is counted from the child columns at the end of each month (the children at risk
    // in the next): resident children looked after for moves, and children not looked after
    // still living with their parents for special guardianship orders made outside care.
    const Model model =
        Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml", {});
    const auto& p = model.scenario.parameters;
    const double p_move = p.array("placement.move_hazard")[0];
    const double p_order_cp = p.array("kinship.order_hazard_protection")[0];
    const double p_order_nk = p.array("kinship.order_hazard_not_known")[0];
    double moves_expected = 0, orders_expected = 0;
    int64_t months = 0;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>&) {
        months = m + 1;
        if (m == 35) return;  // the last month: nobody is at risk after the run
        for (size_t i = ranges[0].begin; i < ranges[0].end; ++i) {
            if (c.state[i] == CareState::LookedAfter && c.uasc[i] == 0) moves_expected += p_move;
            if (c.home[i] != Home::Parents) continue;
            if (c.state[i] == CareState::ChildProtection) orders_expected += p_order_cp;
            if (c.state[i] == CareState::NotKnown) orders_expected += p_order_nk;
        }
    };
    const auto run = simulate(model, 0, {}, nullptr, observer);
    REQUIRE(months == 36);
    const auto total = [&](const char* name) { return static_cast<double>(flow_total(run, name)); };
    // The first month's events come from the starting stock, which the observer does not see:
    // add one month at the end-of-first-month exposure instead (the stocks barely move, so 2%
    // covers it).
    const auto within_4_se = [](double observed, double expected) {
        CAPTURE(observed, expected);
        REQUIRE(expected > 50);
        REQUIRE(std::abs(observed - expected) < 4 * std::sqrt(expected) + 0.02 * expected);
    };
    within_4_se(total("placement_moves"), moves_expected * 36.0 / 35.0);
    within_4_se(total("special_guardianship_orders_outside_care"), orders_expected * 36.0 / 35.0);
    // Unaccompanied arrivals: Poisson with the LA's share of England's arrivals, none turned away.
    const double arrivals = model.parameters.uasc_arrivals_per_month(0, 0) * 36;
    CAPTURE(total("uasc_arrivals"), arrivals);
    REQUIRE(std::abs(total("uasc_arrivals") - arrivals) < 4 * std::sqrt(arrivals));
    REQUIRE(total("uasc_arrivals_unplaced") == 0);
    // Babies looked after from birth: a share of the births, as the parameter times the LA's
    // care-entry multiplier.
    const double p_birth = model.parameters.care_entry_at_birth(0, 0);
    const double births = total("births");
    const double at_birth = total("care_entries_at_birth");
    CAPTURE(births, at_birth, p_birth);
    REQUIRE(std::abs(at_birth / births - p_birth) <
            4 * std::sqrt(p_birth * (1 - p_birth) / births));
}

TEST_CASE("family group conferences and family network plans occur at their rates",
          "[pathway][stat][network]") {
    // With every conference that finds a willing adult ending in a family network plan, plans
    // are the share of conferences whose family has such an adult (Poisson: 1 - e^-lambda), and
    // conferences the parameter's share of planned entries (those that entered care, and those a
    // plan kept out).
    const Model model = Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml",
                                    {"kinship.p_family_network_plan=1", "run.end=2031-03-31"});
    const auto run = simulate(model, 0);
    const auto total = [&](const char* name) { return flow_total(run, name); };
    const auto& n = model.parameters.networks;
    double lambda = 0;
    for (int r = 0; r < kRelationships; ++r) lambda += n.mean_members[r] * n.p_able_willing[r];
    require_share(total("family_network_plans"), total("family_group_conferences"),
                  1 - std::exp(-lambda));
    const int64_t planned = total("care_entries_from_child_in_need") +
                            total("care_entries_from_protection") + total("family_network_plans");
    require_share(total("family_group_conferences"), planned,
                  model.parameters.p_family_group_conference);
    // The children kept out of care live in their family network.
    const auto& homes = table(run, "homes_31mar");
    const int fn = label_index(homes.axes[2], "family_network");
    REQUIRE(homes.integers[static_cast<size_t>(fn)] > 0);
}

TEST_CASE("exits from care before 18 take each way out in its share", "[pathway][stat]") {
    // The same shares in every age band, so the shares of all exits before 18 other than adoption
    // (which comes from placement orders) are the parameters; the rest leaves as "other".
    const Model model =
        Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml",
                    {"cla.exit_share_sgo=[0.1, 0.1, 0.1, 0.1, 0.1]",
                     "cla.exit_share_cao=[0.05, 0.05, 0.05, 0.05, 0.05]",
                     "cla.exit_share_home=[0.4, 0.4, 0.4, 0.4, 0.4]", "run.end=2027-03-31"});
    const auto run = simulate(model, 0);
    const auto total = [&](const char* name) { return flow_total(run, name); };
    const int64_t before_18 = total("care_exits_special_guardianship") +
                              total("care_exits_child_arrangements") + total("care_exits_home") +
                              total("care_exits_other");
    require_share(total("care_exits_special_guardianship"), before_18, 0.1);
    require_share(total("care_exits_child_arrangements"), before_18, 0.05);
    require_share(total("care_exits_home"), before_18, 0.4);
    require_share(total("care_exits_other"), before_18, 0.45);
    // Adoptions come from placement orders.
    REQUIRE(total("care_exits_adoption") > 0);
}

TEST_CASE("children referred in the last 12 months are referred again at the raised rate",
          "[pathway][stat]") {
    // Only referrals leave the not-known state (no early help, no kinship orders), at the same
    // hazard in every band, so a recently referred child's monthly probability of a re-referral
    // is 1 - exp(-h x level x multiplier x factor).
    const Model model = referrals_only({"calibration.rereferral_factor=5"});
    const auto& p = model.scenario.parameters;
    const double hazard = kReferralHazard * model.parameters.multipliers(0).referral *
                          p.scalar("calibration.referral_level") *
                          p.scalar("calibration.rereferral_factor");
    // Month by month: children not known at the end of month m who were referred in the 12
    // months up to m+1 are at risk of a re-referral in month m+1.
    int64_t at_risk = 0, rereferrals = 0, previous_flow = 0, previous_risk = -1;
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>& tallies) {
        int64_t flow = 0;
        for (size_t k = 0; k < tallies[0].flows.size(); k += kFlows)
            flow += tallies[0].flows[k + static_cast<size_t>(Flow::Rereferrals)];
        if (previous_risk >= 0) {
            at_risk += previous_risk;
            rereferrals += flow - previous_flow;
        }
        previous_flow = flow;
        previous_risk = 0;
        for (size_t i = ranges[0].begin; i < ranges[0].end; ++i) {
            if (c.state[i] == CareState::NotKnown &&
                m + 1 - static_cast<int32_t>(c.last_referral[i]) <= kRereferralWindowMonths)
                ++previous_risk;
        }
    };
    (void)simulate(model, 0, {}, nullptr, observer);
    require_share(rereferrals, at_risk, 1 - std::exp(-hazard));
}

TEST_CASE("children on a protection plan before are referred at the raised rate",
          "[pathway][stat]") {
    // As above, with children on a plan before referred calibration.past_plan_factor (here 4)
    // times as often: of the children not known, not referred in the last 12 months and on a
    // plan before, the monthly share referred is 1 - exp(-h x level x multiplier x 4).
    const Model model =
        referrals_only({"calibration.past_plan_factor=4", "calibration.rereferral_factor=5"});
    const auto& p = model.scenario.parameters;
    const double hazard = kReferralHazard * model.parameters.multipliers(0).referral *
                          p.scalar("calibration.referral_level") * 4.0;
    // Month by month: the children at risk at the end of month m, and the referrals in month
    // m+1 of those children (a child's referral sets its last_referral to the month); apart,
    // those also referred in the 12 months up to m+1, whose hazard is rereferral_factor higher.
    struct AtRisk {
        std::vector<size_t> now;
        int64_t child_months = 0, referred = 0;
    };
    std::array<AtRisk, 2> groups;  // [not recent, recent]
    const MonthObserver observer = [&](int32_t m, const ChildColumns& c,
                                       const std::vector<LaRange>& ranges,
                                       const std::vector<LaTally>&) {
        for (AtRisk& g : groups) {
            for (const size_t i : g.now) {
                if (c.last_referral[i] == m) ++g.referred;
            }
            g.child_months += static_cast<int64_t>(g.now.size());
            g.now.clear();
        }
        for (size_t i = ranges[0].begin; i < ranges[0].end; ++i) {
            if (c.state[i] != CareState::NotKnown || c.past_plan[i] == 0) continue;
            const bool recent =
                m + 1 - static_cast<int32_t>(c.last_referral[i]) <= kRereferralWindowMonths;
            groups[recent ? 1 : 0].now.push_back(i);
        }
    };
    const auto run = simulate(model, 0, {}, nullptr, observer);
    REQUIRE(groups[0].child_months > 100000);
    REQUIRE(groups[1].child_months > 10000);
    require_share(groups[0].referred, groups[0].child_months, 1 - std::exp(-hazard));
    const double recent_hazard = hazard * p.scalar("calibration.rereferral_factor");
    require_share(groups[1].referred, groups[1].child_months, 1 - std::exp(-recent_hazard));
    // Of the plans started, those for a child on a plan before are the repeats.
    REQUIRE(flow_total(run, "protection_plans_repeat") > 0);
}

TEST_CASE("harm outside the home is identified at its share of entries to care",
          "[pathway][stat][harm_outside_home]") {
    // With the same share in every band, every start of care but those at birth (unaccompanied
    // arrivals do not pass through an assessment) has harm outside the home identified at that
    // share; with no community safety plans, all of them still enter care.
    const Model model = Model::load(
        csc::test::source_dir() / "tests/agents/fixtures/one_la.toml",
        {"harm_outside_home.share_of_entries=[0.3, 0.3, 0.3, 0.3, 0.3]", "run.end=2028-03-31"});
    const auto run = simulate(model, 0);
    const auto total = [&](const char* name) { return flow_total(run, name); };
    const int64_t assessed = total("care_entries_at_referral") +
                             total("care_entries_from_child_in_need") +
                             total("care_entries_from_protection");
    require_share(total("care_entries_harm_outside_home"), assessed, 0.3);
    REQUIRE(total("community_safety_plans") == 0);
}

TEST_CASE("community safety plans keep children harmed outside the home out of care",
          "[pathway][stat][harm_outside_home]") {
    // With the lever at 1 (and no family group conferences), every planned entry with harm
    // outside the home becomes a community safety plan: plans are the share of planned attempts,
    // and the only starts with harm outside the home are those straight from a referral.
    const Model model = Model::load(csc::test::source_dir() / "tests/agents/fixtures/one_la.toml",
                                    {"harm_outside_home.share_of_entries=[0.3, 0.3, 0.3, 0.3, 0.3]",
                                     "harm_outside_home.p_community_safety_plan=1",
                                     "kinship.p_family_group_conference=0", "run.end=2028-03-31"});
    const auto run = simulate(model, 0);
    const auto total = [&](const char* name) { return flow_total(run, name); };
    const int64_t plans = total("community_safety_plans");
    require_share(
        plans,
        total("care_entries_from_child_in_need") + total("care_entries_from_protection") + plans,
        0.3);
    require_share(total("care_entries_harm_outside_home"), total("care_entries_at_referral"), 0.3,
                  100);
}
