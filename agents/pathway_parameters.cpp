#include "agents/pathway_parameters.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace csc::agents {

namespace {

using Bands = std::array<double, kAgeBands>;

Bands band_array(const sim::ParameterSet& p, const std::string& name) {
    const auto& v = p.array(name, kAgeBands);
    Bands out{};
    std::copy(v.begin(), v.end(), out.begin());
    return out;
}

/// Ratio of an LA's rate to England's, or 1 where the LA did not publish the figure.
struct RatioEstimator {
    double lo, hi;
    [[nodiscard]] double operator()(std::optional<double> num, std::optional<double> den,
                                    double england) const {
        if (!num || !den || *den <= 0 || england <= 0) return 1.0;
        return std::clamp(*num / *den / england, lo, hi);
    }
};

/// England rate num/den summed over the LAs that publish both.
template <typename Num, typename Den>
double england_rate(const std::vector<LocalAuthority>& las, Num num, Den den) {
    double n = 0, d = 0;
    for (const auto& la : las) {
        const auto a = num(la), b = den(la);
        if (a && b) {
            n += *a;
            d += *b;
        }
    }
    return d > 0 ? n / d : 0;
}

std::optional<double> population_of(const LocalAuthority& la) {
    return static_cast<double>(la.population);
}
std::optional<double> open_cin_of(const LocalAuthority& la) {
    const auto& o = la.observed;
    if (!o.cin_at_31mar || !o.cpp_at_31mar || !o.cla_at_31mar) return std::nullopt;
    return std::max(1.0, *o.cin_at_31mar - *o.cpp_at_31mar - *o.cla_at_31mar);
}

// Weeks per month: 365.25 days / 7 days / 12 months.
constexpr double kWeeksPerMonth = 365.25 / 7.0 / 12.0;

int64_t monthly_pence(double gbp_per_week) {
    return std::llround(gbp_per_week * kWeeksPerMonth * 100.0);
}

}  // namespace

PathwayParameters::PathwayParameters(const sim::ParameterSet& p,
                                     const std::vector<LocalAuthority>& las) {
    read_outcomes(p);
    read_costs(p);
    resolve_local_authorities(p, las);
}

void PathwayParameters::read_outcomes(const sim::ParameterSet& p) {
    p_nfa = p.scalar("referral.p_nfa");
    p_not_in_need = p.scalar("referral.p_not_in_need");
    p_s47 = p.scalar("referral.p_s47");
    p_icpc = p.scalar("s47.p_icpc");
    p_plan = p.scalar("icpc.p_plan");
    p_care_direct = band_array(p, "referral.p_care_direct");
    p_step_down_to_cin = p.scalar("cp.p_step_down_to_cin");
    if (p_nfa + p_not_in_need + p_s47 > 1.0) {
        throw sim::ScenarioError("<model>", 0, 0, "referral.p_nfa",
                                 "referral.p_nfa + referral.p_not_in_need + referral.p_s47 must "
                                 "not exceed 1");
    }
    const std::array<const char*, 4> exit_names = {"cla.exit_share_adoption", "cla.exit_share_sgo",
                                                   "cla.exit_share_cao", "cla.exit_share_home"};
    for (int k = 0; k < 4; ++k) {
        const Bands s = band_array(p, exit_names[k]);
        for (int b = 0; b < kAgeBands; ++b) care_exit_share[b][k] = s[b];
    }
    for (int b = 0; b < kAgeBands; ++b) {
        double sum = 0;
        for (int k = 0; k < 4; ++k) sum += care_exit_share[b][k];
        if (sum > 1.0 + 1e-9) {
            throw sim::ScenarioError("<model>", 0, 0, "cla.exit_share_home",
                                     std::string("shares of exits from care in age band ") +
                                         kBandNames[b] + " add up to more than 1");
        }
        const auto& mix = p.array(std::string("placement.entry_mix_") + kBandNames[b], kPlacements);
        double total = 0;
        for (int j = 0; j < kPlacements; ++j) total += mix[j];
        if (std::abs(total - 1.0) > 1e-3) {
            throw sim::ScenarioError("<model>", 0, 0,
                                     std::string("placement.entry_mix_") + kBandNames[b],
                                     "placement shares must add up to 1");
        }
        for (int j = 0; j < kPlacements; ++j) placement_mix[b][j] = mix[j] / total;
    }
    const auto& fam = p.array("population.family_size_shares", 4);
    std::copy(fam.begin(), fam.end(), family_size_share.begin());
    newborn_sibling_probability = p.scalar("population.newborn_sibling_probability");
}

void PathwayParameters::read_costs(const sim::ParameterSet& p) {
    // Costs per child-month by reported state: social work for every child in need, plus the
    // placement for a looked-after child.
    const int64_t social_work = monthly_pence(p.scalar("cost.social_work_gbp_per_week"));
    const int64_t foster = monthly_pence(p.scalar("cost.fostering_gbp_per_week"));
    const int64_t residential = monthly_pence(p.scalar("cost.residential_gbp_per_week"));
    const int64_t adoption = monthly_pence(p.scalar("cost.adoption_gbp_per_week"));
    const int64_t average = monthly_pence(p.scalar("cost.looked_after_average_gbp_per_week"));
    const int64_t with_parents = monthly_pence(p.scalar("cost.placed_with_parents_gbp_per_week"));
    const std::array<int64_t, kPlacements> placement_cost = {
        foster, foster, foster, adoption, with_parents, average, residential, residential, average};
    monthly_cost_pence[static_cast<int>(CareState::NotKnown)] = 0;
    monthly_cost_pence[static_cast<int>(CareState::EarlyHelp)] =
        monthly_pence(p.scalar("cost.early_help_gbp_per_week"));
    monthly_cost_pence[static_cast<int>(CareState::ChildInNeed)] = social_work;
    monthly_cost_pence[static_cast<int>(CareState::ChildProtection)] = social_work;
    for (int j = 0; j < kPlacements; ++j)
        monthly_cost_pence[4 + j] = social_work + placement_cost[j];
}

void PathwayParameters::resolve_local_authorities(const sim::ParameterSet& p,
                                                  const std::vector<LocalAuthority>& las) {
    const Bands h_referral = band_array(p, "referral.hazard");
    const Bands h_eh_entry = band_array(p, "early_help.entry_hazard");
    const Bands h_eh_end = band_array(p, "early_help.end_hazard");
    const Bands h_cin_close = band_array(p, "cin.close_hazard");
    const Bands h_cin_care = band_array(p, "cin.care_hazard");
    const Bands h_cp_end = band_array(p, "cp.end_hazard");
    const Bands h_cp_care = band_array(p, "cp.care_hazard");
    const Bands h_cla_exit = band_array(p, "cla.exit_hazard");
    const Bands cla_age = band_array(p, "cla.stock_age_shares");
    const double early_help_stock = p.scalar("population.early_help_stock");
    const auto& bounds = p.array("population.multiplier_bounds", 2);
    const RatioEstimator ratio{bounds[0], bounds[1]};

    // England rates over the LAs that publish each figure.
    using LA = LocalAuthority;
    const double e_referral = england_rate(
        las, [](const LA& a) { return a.observed.referrals; }, population_of);
    const double e_s47 = england_rate(
        las, [](const LA& a) { return a.observed.s47_enquiries; },
        [](const LA& a) { return a.observed.referrals; });
    const double e_start = england_rate(
        las, [](const LA& a) { return a.observed.cla_started; }, population_of);
    const double e_exit = england_rate(
        las, [](const LA& a) { return a.observed.cla_ceased; },
        [](const LA& a) { return a.observed.cla_at_31mar; });
    const double e_plan_end = england_rate(
        las, [](const LA& a) { return a.observed.cpp_started; },
        [](const LA& a) { return a.observed.cpp_at_31mar; });
    const double e_cin_close = england_rate(
        las, [](const LA& a) { return a.observed.cin_episodes_ended; }, open_cin_of);
    const double e_cin = england_rate(
        las, [](const LA& a) { return a.observed.cin_at_31mar; }, population_of);
    const double e_cla = england_rate(
        las, [](const LA& a) { return a.observed.cla_at_31mar; }, population_of);
    const double e_cpp = england_rate(
        las, [](const LA& a) { return a.observed.cpp_at_31mar; }, population_of);
    double cin_total = 0;
    for (const auto& la : las) {
        cin_total += la.observed.cin_at_31mar.value_or(e_cin * static_cast<double>(la.population));
    }

    const size_t n = las.size();
    multipliers_.resize(n);
    initial_.resize(n);
    cumulative_.assign(n * kCareStates * (kAgeOutMonths + 1), 0.0);
    routes_.resize(n * kCareStates * kAgeBands);
    for (size_t l = 0; l < n; ++l) {
        const auto& la = las[l];
        const auto& o = la.observed;
        const double pop = static_cast<double>(la.population);
        LaMultipliers& m = multipliers_[l];
        m.referral = ratio(o.referrals, pop, e_referral);
        m.section47 = ratio(o.s47_enquiries, o.referrals, e_s47);
        m.care_entry =
            std::clamp(ratio(o.cla_started, pop, e_start) / m.referral, bounds[0], bounds[1]);
        m.care_exit = ratio(o.cla_ceased, o.cla_at_31mar, e_exit);
        m.plan_end = ratio(o.cpp_started, o.cpp_at_31mar, e_plan_end);
        m.cin_close = ratio(o.cin_episodes_ended, open_cin_of(la), e_cin_close);
        m.early_help = ratio(o.cin_at_31mar, pop, e_cin);

        // Starting stock: observed where published, else England's rate.
        const double cla = o.cla_at_31mar.value_or(e_cla * pop);
        const double cpp = o.cpp_at_31mar.value_or(e_cpp * pop);
        const double cin = o.cin_at_31mar.value_or(e_cin * pop);
        const double s17 = std::max(0.0, cin - cpp - cla);
        const double eh = early_help_stock * cin / cin_total;
        InitialStock& st = initial_[l];
        for (int b = 0; b < kAgeBands; ++b) {
            const int next = b + 1 < kAgeBands ? kBandStartMonths[b + 1] : kAgeOutMonths;
            const double width = static_cast<double>(next - kBandStartMonths[b]) / kAgeOutMonths;
            st.by_state_band[static_cast<int>(CareState::EarlyHelp)][b] = eh * width;
            st.by_state_band[static_cast<int>(CareState::ChildInNeed)][b] = s17 * width;
            st.by_state_band[static_cast<int>(CareState::ChildProtection)][b] = cpp * width;
            st.by_state_band[static_cast<int>(CareState::LookedAfter)][b] = cla * cla_age[b];
        }

        // Competing routes out of each state, and the total hazard for the dwell-time tables.
        for (int b = 0; b < kAgeBands; ++b) {
            auto set = [&](CareState s, std::initializer_list<std::pair<Route, double>> list) {
                RouteChoice& rc =
                    routes_[(l * kCareStates + static_cast<size_t>(s)) * kAgeBands + b];
                double total = 0;
                rc.count = 0;
                for (const auto& [route, h] : list) {
                    rc.routes[rc.count] = route;
                    rc.probability[rc.count] = h;
                    total += h;
                    ++rc.count;
                }
                for (int k = 0; k < rc.count; ++k) {
                    rc.probability[k] = total > 0 ? rc.probability[k] / total : 0;
                }
                // Fill this band's months of the cumulative-hazard table with the total hazard.
                double* c =
                    &cumulative_[(l * kCareStates + static_cast<size_t>(s)) * (kAgeOutMonths + 1)];
                const int next = b + 1 < kAgeBands ? kBandStartMonths[b + 1] : kAgeOutMonths;
                for (int a = kBandStartMonths[b]; a < next; ++a) c[a + 1] = total;
            };
            set(CareState::NotKnown, {{Route::Referral, h_referral[b] * m.referral},
                                      {Route::StartEarlyHelp, h_eh_entry[b] * m.early_help}});
            set(CareState::EarlyHelp, {{Route::EndEarlyHelp, h_eh_end[b]},
                                       {Route::Referral, h_referral[b] * m.referral}});
            set(CareState::ChildInNeed, {{Route::CloseEpisode, h_cin_close[b] * m.cin_close},
                                         {Route::EnterCare, h_cin_care[b] * m.care_entry}});
            set(CareState::ChildProtection, {{Route::EndPlan, h_cp_end[b] * m.plan_end},
                                             {Route::EnterCare, h_cp_care[b] * m.care_entry}});
            set(CareState::LookedAfter, {{Route::LeaveCare, h_cla_exit[b] * m.care_exit}});
        }
        for (int s = 0; s < kCareStates; ++s) {
            double* c =
                &cumulative_[(l * kCareStates + static_cast<size_t>(s)) * (kAgeOutMonths + 1)];
            c[0] = 0;
            for (int a = 1; a <= kAgeOutMonths; ++a) c[a] += c[a - 1];
        }
    }
}

}  // namespace csc::agents
