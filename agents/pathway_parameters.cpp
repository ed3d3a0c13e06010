#include "agents/pathway_parameters.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "agents/shares.hpp"

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

// A state is left in a month with probability at most this, so its hazard stays finite; a
// multiplier that pushes the routes' sum past it saturates rather than failing.
constexpr double kMaxMonthlyProbability = 0.999;

/// Shares of the placements in age band b from the parameter <prefix><band>.
std::array<double, kPlacements> placement_shares(const sim::ParameterSet& p,
                                                 const std::string& prefix, int b) {
    const std::string name = prefix + kBandNames[b];
    const auto& mix = p.array(name, kPlacements);
    double total = 0;
    for (int j = 0; j < kPlacements; ++j) total += mix[j];
    if (std::abs(total - 1.0) > 1e-3) throw p.error(name, "placement shares must add up to 1");
    std::array<double, kPlacements> out{};
    for (int j = 0; j < kPlacements; ++j) out[j] = mix[j] / total;
    return out;
}

/// Placement for adoption follows a placement order (LaProcess::schedule), never an entry or a
/// move, and the children placed at the start are drawn with their orders: its share in a
/// placement mix must be 0.
void require_no_adoption_placements(const sim::ParameterSet& p, const std::string& prefix, int b,
                                    const std::array<double, kPlacements>& shares) {
    if (shares[static_cast<int>(Placement::PlacedForAdoption)] != 0) {
        throw p.error(prefix + kBandNames[b],
                      "expected 0 for placed_for_adoption: children are placed for adoption from "
                      "a placement order (proceedings.adoption_placement_hazard)");
    }
}

}  // namespace

PathwayParameters::PathwayParameters(const sim::ParameterSet& p,
                                     const std::vector<LocalAuthority>& las,
                                     const sim::Timeline& timeline,
                                     const std::vector<RateEvent>& events,
                                     const std::vector<Lever>& levers)
    : epochs_(p.scalar("trend.applied") != 0.0 || !events.empty() ||
                      std::any_of(levers.begin(), levers.end(),
                                  [](const Lever& v) { return v.on && v.has_mechanism(); })
                  ? timeline.financial_years()
                  : 1) {
    ledger = LedgerParameters(p, timeline, levers);
    read_outcomes(p);
    read_trends(p, timeline, events, levers);
    read_uasc(p, las, timeline, events);
    leaving_care = LeavingCareParameters::read(p);
    proceedings = ProceedingsParameters::read(p);
    groups = GroupParameters::read(p);
    resolve_local_authorities(p, las, timeline, levers);
}

void PathwayParameters::read_uasc(const sim::ParameterSet& p,
                                  const std::vector<LocalAuthority>& las,
                                  const sim::Timeline& timeline,
                                  const std::vector<RateEvent>& events) {
    // Unaccompanied children arrive at a national rate, shared among LAs as their unaccompanied
    // children looked after at 31 March are of England's. LAs that do not publish the figure
    // (suppressed small numbers) share what England's total leaves over, by children looked
    // after.
    const auto& ages = p.array("uasc.arrival_age_years", 2);
    uasc_age_lo = ages[0];
    uasc_age_hi = ages[1];
    if (!(uasc_age_lo >= 0 && uasc_age_lo < uasc_age_hi && uasc_age_hi <= 18)) {
        throw p.error("uasc.arrival_age_years",
                      "expected [youngest, oldest] with 0 <= youngest < "
                      "oldest <= 18");
    }
    // Arrivals in the LA table's own year, whose starts include them.
    uasc_arrivals_table_year_ = p.scalar("uasc.arrivals_per_year") *
                                event_factor(events, RateGroup::UascArrivals,
                                             static_cast<int>(p.scalar("trend.la_table_year")));
    uasc_arrivals_per_year_.resize(static_cast<size_t>(epochs_));
    for (int32_t e = 0; e < epochs_; ++e) {
        uasc_arrivals_per_year_[static_cast<size_t>(e)] =
            p.scalar("uasc.arrivals_per_year") *
            event_factor(events, RateGroup::UascArrivals, timeline.fy_end_year(e));
    }
    const double england = p.scalar("uasc.england_stock");
    double published = 0, cla_unpublished = 0;
    for (const auto& la : las) {
        if (la.observed.cla_uasc_at_31mar) {
            published += *la.observed.cla_uasc_at_31mar;
        } else {
            cla_unpublished += la.observed.cla_at_31mar.value_or(0);
        }
    }
    const double uasc_per_cla =
        cla_unpublished > 0 ? std::max(0.0, england - published) / cla_unpublished : 0;
    initial_.resize(las.size());
    uasc_share_.resize(las.size());
    for (size_t l = 0; l < las.size(); ++l) {
        const auto& o = las[l].observed;
        const double cla = o.cla_at_31mar.value_or(0);
        initial_[l].uasc = std::min(cla, o.cla_uasc_at_31mar.value_or(uasc_per_cla * cla));
        uasc_share_[l] = england > 0 ? initial_[l].uasc / england : 0.0;
    }
}

double PathwayParameters::uasc_capacity(size_t la) const {
    // At most the starting children plus every arrival of the longest possible stay.
    const double most =
        *std::max_element(uasc_arrivals_per_year_.begin(), uasc_arrivals_per_year_.end());
    return initial_[la].uasc + most * uasc_share_[la] * (18.0 - uasc_age_lo);
}

void PathwayParameters::read_trends(const sim::ParameterSet& p, const sim::Timeline& timeline,
                                    const std::vector<RateEvent>& events,
                                    const std::vector<Lever>& levers) {
    // In financial year Y-1 to Y a route group's probabilities are multiplied by
    // (1 + trend) ^ (applied x (Y - data year)): back-cast before the data year, projected after;
    // by the factors of the dated events that cover that year; and by the levers' factors.
    const double applied = p.scalar("trend.applied");
    const double data_year = p.scalar("trend.data_year");
    // Exits carry their own trend after the data year (the counterfactual's projection). Both are
    // read whatever the run's years: a run that ends by the data year (the history) has no use
    // for the projection, but it is still an input of the model.
    const double care_exit_trend = p.scalar("trend.care_exit");
    const double care_exit_projection = p.scalar("trend.care_exit_projection");
    // Each age band's exits on a trend of their own before the data year (back-cast only: the
    // projection is one for every age).
    const Bands care_exit_by_age = band_array(p, "trend.care_exit_by_age");
    const auto factors_of = [&](int year, bool with_levers) {
        const auto f = [&](double trend_per_year, RateGroup g) {
            const double trend = std::pow(1.0 + trend_per_year, applied * (year - data_year));
            return trend * event_factor(events, g, year) *
                   (with_levers ? lever_factor(levers, g, year) : 1.0);
        };
        const auto trend_of = [&](const char* name, RateGroup g) { return f(p.scalar(name), g); };
        TrendFactors t;
        t.referral = trend_of("trend.referral", RateGroup::Referral);
        t.section47 = trend_of("trend.section47", RateGroup::Section47);
        t.plan = trend_of("trend.plan", RateGroup::Plan);
        t.cin_close = trend_of("trend.cin_close", RateGroup::CinClose);
        t.plan_end = trend_of("trend.plan_end", RateGroup::PlanEnd);
        t.care_entry = trend_of("trend.care_entry", RateGroup::CareEntry);
        t.care_exit =
            f(year > data_year ? care_exit_projection : care_exit_trend, RateGroup::CareExit);
        for (int b = 0; b < kAgeBands; ++b) {
            t.care_exit_age[static_cast<size_t>(b)] =
                std::pow(1.0 + care_exit_by_age[b], applied * std::min(0.0, year - data_year));
        }
        t.adoption = trend_of("trend.adoption", RateGroup::Adoption);
        t.sgo = trend_of("trend.sgo", RateGroup::SpecialGuardianship);
        t.proceedings_length = trend_of("trend.proceedings_length", RateGroup::ProceedingsLength);
        t.voluntary_issue = trend_of("trend.voluntary_issue", RateGroup::VoluntaryIssue);
        t.adoption_speed = trend_of("trend.adoption_speed", RateGroup::AdoptionSpeed);
        // Family group decision making has no trend: only events and levers change it.
        const auto untrended = [&](RateGroup g) {
            return event_factor(events, g, year) *
                   (with_levers ? lever_factor(levers, g, year) : 1.0);
        };
        t.missed_family_conference = untrended(RateGroup::MissedFamilyConference);
        t.entry_after_added_conference = untrended(RateGroup::EntryAfterAddedConference);
        t.sgo_exit = untrended(RateGroup::SgoExit);
        t.childrens_home_placement = untrended(RateGroup::ChildrensHomePlacement);
        t.staying_put_end = untrended(RateGroup::StayingPutEnd);
        return t;
    };
    trend_factors_.resize(static_cast<size_t>(epochs_));
    for (int32_t e = 0; e < epochs_; ++e) {
        const TrendFactors t = factors_of(timeline.fy_end_year(e), true);
        trend_factors_[static_cast<size_t>(e)] = t;
        // The SGO share of the exits from care on its trend (the adoption trend acts on placement
        // orders); should the four named ways out add up to more than 1, they shrink together.
        ExitShares shares = care_exit_share;
        for (auto& band : shares) {
            band[static_cast<int>(CareExit::SpecialGuardianship)] *= t.sgo;
            const double sum = band[0] + band[1] + band[2] + band[3];
            if (sum > 1.0) {
                for (double& x : band) x /= sum;
            }
        }
        // More exits to special guardianship (sgo_exit factor f): with SGO share s, the hazard of
        // leaving care is (1 - s + s f) times as high, and the shares are those of the new exits.
        std::array<double, kAgeBands> hazard_factor{};
        for (int b = 0; b < kAgeBands; ++b) {
            auto& band = shares[static_cast<size_t>(b)];
            double& sgo = band[static_cast<int>(CareExit::SpecialGuardianship)];
            const double factor = 1.0 + sgo * (t.sgo_exit - 1.0);  // exactly 1 without a lever
            hazard_factor[static_cast<size_t>(b)] = factor;
            sgo *= t.sgo_exit;
            for (double& x : band) x /= factor;
        }
        sgo_exit_hazard_factor_.push_back(hazard_factor);
        exit_shares_.push_back(shares);
        // Placements on their trends (trend.placement, one per placement type).
        const auto& placement_trend = p.array("trend.placement", kPlacements);
        const double years = applied * (timeline.fy_end_year(e) - data_year);
        PlacementMix mix = placement_mix;
        for (auto& band : mix) {
            double total = 0;
            for (int j = 0; j < kPlacements; ++j) {
                band[j] *= std::pow(1.0 + placement_trend[j], years);
                total += band[j];
            }
            for (double& x : band) x = total > 0 ? x / total : 0;
            // Fewer placements in children's homes: the share they lose goes to local authority
            // foster care (the reform funds public fostering: seed 001 L2412). The factor is at
            // most 1 (levers and events only shrink this share), so no share goes negative.
            double& home = band[static_cast<int>(Placement::ChildrensHome)];
            double& foster = band[static_cast<int>(Placement::LaFoster)];
            foster += home * (1.0 - t.childrens_home_placement);
            home *= t.childrens_home_placement;
        }
        placement_mix_by_epoch_.push_back(mix);
    }
    // The LA table's own year: its flows are compared with the rates of that year, dated events
    // included (as the unaccompanied arrivals of that year are), so an event covering it is not
    // absorbed into the multipliers and then applied again. Levers are the scenario's change,
    // never part of the data year's rates.
    const double table_year = p.scalar("trend.la_table_year");
    table_year_factors_ = factors_of(static_cast<int>(table_year), false);
}

void PathwayParameters::read_outcomes(const sim::ParameterSet& p) {
    p_nfa = p.scalar("referral.p_nfa");
    p_not_in_need = p.scalar("referral.p_not_in_need");
    p_s47 = p.scalar("referral.p_s47");
    p_icpc = p.scalar("s47.p_icpc");
    p_plan = p.scalar("icpc.p_plan");
    p_care_direct = band_array(p, "referral.p_care_direct");
    p_care_at_birth_ = p.scalar("care_entry.at_birth_probability");
    p_step_down_to_cin = p.scalar("cp.p_step_down_to_cin");
    recent_referral_share_start = p.scalar("referral.recent_share_start");
    past_plan_per_child_year = p.scalar("cp.past_plan_per_child_year");
    if (p_nfa + p_not_in_need + p_s47 > 1.0) {
        throw p.error("referral.p_s47",
                      "referral.p_nfa + referral.p_not_in_need + referral.p_s47 must not exceed 1");
    }
    // Adoptions come from placement orders (proceedings.hpp): the shares are of the other exits,
    // and adoption's stays 0.
    const std::array<const char*, 3> exit_names = {"cla.exit_share_sgo", "cla.exit_share_cao",
                                                   "cla.exit_share_home"};
    for (int k = 0; k < 3; ++k) {
        const Bands s = band_array(p, exit_names[k]);
        for (int b = 0; b < kAgeBands; ++b) care_exit_share[b][k + 1] = s[b];
    }
    // The SGO shares at their calibrated level; the other ways out (the named ones and the
    // rest) shrink in proportion, so the hazard of leaving care is unchanged.
    const double sgo_level = p.scalar("calibration.sgo_level");
    for (int b = 0; b < kAgeBands; ++b) {
        const int sgo = static_cast<int>(CareExit::SpecialGuardianship);
        if (!(care_exit_share[b][sgo] * sgo_level < 1.0)) {
            throw p.error(
                "calibration.sgo_level",
                std::string("makes the SGO share of exits 1 or more in age band ") + kBandNames[b]);
        }
        care_exit_share[b] = with_share_scaled(care_exit_share[b], sgo, sgo_level);
    }
    for (int b = 0; b < kAgeBands; ++b) {
        double sum = 0;
        for (int k = 0; k < 4; ++k) sum += care_exit_share[b][k];
        if (sum > 1.0 + 1e-9) {
            throw p.error("cla.exit_share_home",
                          std::string("shares of exits from care (sgo, cao, home) in age band ") +
                              kBandNames[b] + " add up to more than 1");
        }
        placement_stock_mix[b] = placement_shares(p, "placement.stock_mix_", b);
        // Entries and moves: the derived mix times the calibrated factor of each placement.
        const auto derived = placement_shares(p, "placement.mix_", b);
        // Placement for adoption follows a placement order (schedule in la_process.cpp), never
        // an entry or a move, and the children placed at the start are drawn with their orders.
        require_no_adoption_placements(p, "placement.stock_mix_", b, placement_stock_mix[b]);
        require_no_adoption_placements(p, "placement.mix_", b, derived);
        const auto& factor = p.array("calibration.placement_factor", kPlacements);
        double total = 0;
        for (int j = 0; j < kPlacements; ++j) total += derived[j] * factor[j];
        if (!(total > 0)) {
            throw p.error("calibration.placement_factor",
                          std::string("leaves no placement for age band ") + kBandNames[b]);
        }
        for (int j = 0; j < kPlacements; ++j) placement_mix[b][j] = derived[j] * factor[j] / total;
    }
    const auto& fam = p.array("population.family_size_shares", 4);
    if (std::abs(std::accumulate(fam.begin(), fam.end(), 0.0) - 1.0) > 1e-3) {
        throw p.error("population.family_size_shares", "shares must add up to 1");
    }
    std::copy(fam.begin(), fam.end(), family_size_share.begin());
    returned_home_per_child_year = p.scalar("cla.returned_home_per_child_year");
    left_care_at_16_17_per_child_year = p.scalar("cla.left_care_at_16_17_per_child_year");
    need_entry_share = shares_of<kNeeds>(p, "need.entry_share");
    need_stock_share = shares_of<kNeeds>(p, "need.stock_share");
    const auto& need_factor = p.array("calibration.need_exit_factor", kNeeds);
    for (int k = 0; k < kNeeds; ++k) {
        if (!(need_factor[k] > 0)) {
            throw p.error("calibration.need_exit_factor",
                          std::string("expected factors above 0 (") + kNeedNames[k] + ")");
        }
        need_exit_factor[k] = need_factor[k];
    }
    p_sibling_enters_together = p.scalar("siblings.p_enter_together");
    p_sibling_placed_together = p.scalar("calibration.sibling_placed_together");
    sibling_stock_share = p.scalar("calibration.sibling_stock_share");
    p_kinship_order_cao = p.scalar("kinship.p_order_cao");
    networks = NetworkParameters::read(p);
    p_family_group_conference = p.scalar("kinship.p_family_group_conference");
    p_family_network_plan = p.scalar("kinship.p_family_network_plan");
    harm_outside_home_share = band_array(p, "harm_outside_home.share_of_entries");
    p_community_safety_plan = p.scalar("harm_outside_home.p_community_safety_plan");
}

void PathwayParameters::resolve_local_authorities(const sim::ParameterSet& p,
                                                  const std::vector<LocalAuthority>& las,
                                                  const sim::Timeline& timeline,
                                                  const std::vector<Lever>& levers) {
    // Monthly probabilities of each route, by age band (national).
    const Bands referral = band_array(p, "referral.hazard");
    const Bands eh_entry = band_array(p, "early_help.entry_hazard");
    const Bands eh_end = band_array(p, "early_help.end_hazard");
    const Bands cin_close = band_array(p, "cin.close_hazard");
    const Bands cin_care = band_array(p, "cin.care_hazard");
    const Bands cp_end = band_array(p, "cp.end_hazard");
    const Bands cp_care = band_array(p, "cp.care_hazard");
    const Bands cla_exit = band_array(p, "cla.exit_hazard");
    const Bands cla_age = band_array(p, "cla.stock_age_shares");
    const Bands move = band_array(p, "placement.move_hazard");
    const Bands order_not_known = band_array(p, "kinship.order_hazard_not_known");
    const Bands order_protection = band_array(p, "kinship.order_hazard_protection");
    // Homes at the start, England (spread over LAs by children looked after, and over ages 1-17).
    const std::array<double, kHomes> home_stock = {0, p.scalar("kinship.adopted_stock_start"),
                                                   p.scalar("kinship.sgo_stock_start"),
                                                   p.scalar("kinship.cao_stock_start")};
    care_entry_fit = band_array(p, "calibration.care_entry_by_age");
    const Bands& entry_fit = care_entry_fit;
    if (std::abs(std::accumulate(cla_age.begin(), cla_age.end(), 0.0) - 1.0) > 1e-3) {
        throw p.error("cla.stock_age_shares", "shares must add up to 1");
    }
    // Early help per child in need, England: each LA's early help stock is its children in need
    // times this (so a table of a few LAs does not hold all of England's early help).
    const double early_help_per_cin = p.scalar("early_help.stock_per_child_in_need");
    const bool balance_exits = p.scalar("population.la_exits_balance_entries") != 0.0;
    // Corrects the exits multipliers, which are solved at the starting mix of legal statuses, for
    // the mix the pathway settles to in each age band (calibrated so the baseline holds its
    // children looked after by age).
    const Bands exit_level = band_array(p, "calibration.care_exit_level");
    const double referral_level = p.scalar("calibration.referral_level");
    const double rereferral_factor = p.scalar("calibration.rereferral_factor");
    const double past_plan_factor = p.scalar("calibration.past_plan_factor");
    const double e_exits_per_start = england_rate(
        las, [](const LocalAuthority& a) { return a.observed.cla_ceased; },
        [](const LocalAuthority& a) { return a.observed.cla_started; });
    const double opens = 1.0 - p_nfa - p_not_in_need;  // share of referrals that open a case
    const auto& bounds = p.array("population.multiplier_bounds", 2);
    if (!(bounds[0] > 0 && bounds[0] <= 1 && bounds[1] >= 1)) {
        throw p.error("population.multiplier_bounds",
                      "expected [lower, upper] with 0 < lower <= 1 <= upper");
    }
    const auto clamp = [&](double m) { return std::clamp(m, bounds[0], bounds[1]); };
    const RatioEstimator ratio{bounds[0], bounds[1]};

    // Band widths as shares of the 0-17 population (uniform single-year ages).
    Bands width{};
    for (int b = 0; b < kAgeBands; ++b) {
        const int next = b + 1 < kAgeBands ? kBandStartMonths[b + 1] : kAgeOutMonths;
        width[b] = static_cast<double>(next - kBandStartMonths[b]) / kAgeOutMonths;
    }
    const auto weighted = [](const Bands& stock, const Bands& prob) {
        double sum = 0;
        for (int b = 0; b < kAgeBands; ++b) sum += stock[b] * prob[b];
        return sum;
    };

    // England rates over the LAs that publish each figure.
    using LA = LocalAuthority;
    const double e_referral = england_rate(
        las, [](const LA& a) { return a.observed.referrals; },
        [](const LA& a) -> std::optional<double> {
            if (!a.observed.cin_at_31mar) return std::nullopt;
            return std::max(1.0, static_cast<double>(a.population) - *a.observed.cin_at_31mar);
        });
    const double e_s47 = england_rate(
        las, [](const LA& a) { return a.observed.s47_enquiries; },
        [](const LA& a) { return a.observed.referrals; });
    const double e_plan = england_rate(
        las, [](const LA& a) { return a.observed.cpp_started; },
        [](const LA& a) { return a.observed.s47_enquiries; });
    const double e_cin = england_rate(
        las, [](const LA& a) { return a.observed.cin_at_31mar; }, population_of);
    const double e_cla = england_rate(
        las, [](const LA& a) { return a.observed.cla_at_31mar; }, population_of);
    const double e_cpp = england_rate(
        las, [](const LA& a) { return a.observed.cpp_at_31mar; }, population_of);
    double cin_total = 0, cla_total = 0;
    for (const auto& la : las) {
        cin_total += la.observed.cin_at_31mar.value_or(e_cin * static_cast<double>(la.population));
        cla_total += la.observed.cla_at_31mar.value_or(e_cla * static_cast<double>(la.population));
    }
    if (!(cla_total > 0)) {
        throw p.error("kinship.sgo_stock_start",
                      "the LA table has no children looked after to spread the homes over");
    }
    const double e_leavers = england_rate(
        las, [](const LA& a) { return a.observed.care_leavers_19_21; },
        [](const LA& a) { return a.observed.cla_at_31mar; });
    // Unaccompanied children arrive at ages uniform in [lo, hi) and stay until 18: in a steady
    // state the stock is arrivals x mean stay, and as many turn 18 in a year as arrive.
    const double uasc_mean_stay = 18.0 - 0.5 * (uasc_age_lo + uasc_age_hi);

    const size_t n = las.size();
    multipliers_.resize(n);
    double england_population = 0;
    for (const auto& la : las) england_population += static_cast<double>(la.population);
    population_share_.resize(n);
    for (size_t l = 0; l < n; ++l)
        population_share_[l] = static_cast<double>(las[l].population) / england_population;
    initial_.resize(n);
    const auto per_epoch = static_cast<size_t>(epochs_) * n * kRouteTables;
    cumulative_.assign(per_epoch * (kAgeOutMonths + 1), 0.0);
    routes_.resize(per_epoch * kAgeBands);
    changes_.assign(per_epoch, 0);
    outcome_factors_.resize(static_cast<size_t>(epochs_) * n);
    for (size_t l = 0; l < n; ++l) {
        const auto& la = las[l];
        const auto& o = la.observed;
        const double pop = static_cast<double>(la.population);

        // Starting stock: observed where published, else England's rate. Unaccompanied children
        // are counted apart from the LA's resident children looked after.
        const double cla_all = o.cla_at_31mar.value_or(e_cla * pop);
        const double uasc_la = std::min(cla_all, initial_[l].uasc);
        const double cla = cla_all - uasc_la;
        const double cpp = o.cpp_at_31mar.value_or(e_cpp * pop);
        const double cin = o.cin_at_31mar.value_or(e_cin * pop);
        const double s17 = std::max(0.0, cin - cpp - cla_all);
        const double eh = early_help_per_cin * cin;
        InitialStock& st = initial_[l];
        auto& by = st.by_state_band;
        for (int b = 0; b < kAgeBands; ++b) {
            by[static_cast<int>(CareState::EarlyHelp)][b] = eh * width[b];
            by[static_cast<int>(CareState::ChildInNeed)][b] = s17 * width[b];
            by[static_cast<int>(CareState::ChildProtection)][b] = cpp * width[b];
            by[static_cast<int>(CareState::LookedAfter)][b] = cla * cla_age[b];
            // Adopted and kinship homes: ages 1-17 uniform (Assumption), LA by its share of
            // children looked after.
            const double aged_1_17 = b == 0 ? 0.0 : width[b] / (1.0 - width[0]);
            for (int h = 1; h < kHomes; ++h) {
                st.home_by_band[h][b] = home_stock[h] * cla_all / cla_total * aged_1_17;
            }
        }
        st.leavers_per_age = o.care_leavers_19_21.value_or(e_leavers * cla_all) *
                             leaving_care.initial_cohort_per_leaver_19_21;
        // Former unaccompanied children among the LA's care leavers: their share of its exits
        // at 18 (unaccompanied children turning 18, and half its resident 16-17s).
        const double resident_18 = 0.5 * cla * cla_age[kAgeBands - 1];
        st.leavers_former_uasc_share =
            uasc_la > 0 ? (uasc_la / uasc_mean_stay) / (uasc_la / uasc_mean_stay + resident_18)
                        : 0.0;
        const Bands& s17_b = by[static_cast<int>(CareState::ChildInNeed)];
        const Bands& cpp_b = by[static_cast<int>(CareState::ChildProtection)];
        const Bands& cla_b = by[static_cast<int>(CareState::LookedAfter)];

        // Multipliers: each scales a national probability so that the LA's own stocks at 31 March
        // produce the LA's own flows in the year to then (1 where a figure is not published),
        // with the national probabilities at their level in the LA table's year.
        const TrendFactors& tt = table_year_factors_;
        LaMultipliers& m = multipliers_[l];
        // The LA-level calibration, if the scenario has one, scales each solved multiplier (so
        // it may leave population.multiplier_bounds), before the multipliers that depend on it.
        const auto factor = [&](RateGroup g) { return la.rate_factor[static_cast<size_t>(g)]; };
        // Referrals come from children who are not open to children's social care.
        m.referral =
            ratio(o.referrals, std::max(1.0, pop - cin), e_referral) * factor(RateGroup::Referral);
        m.section47 = ratio(o.s47_enquiries, o.referrals, e_s47) * factor(RateGroup::Section47);
        m.plan = ratio(o.cpp_started, o.s47_enquiries, e_plan) * factor(RateGroup::Plan);
        const double referrals = o.referrals.value_or(e_referral * pop);
        // Births a year: one in 18 of the LA's children (the model's newborns replace
        // 18-year-olds).
        const double births = pop / 18.0;
        const double expected_entries =
            (12 * (weighted(s17_b, cin_care) + weighted(cpp_b, cp_care)) +
             referrals * weighted(width, p_care_direct) + births * p_care_at_birth_) *
            tt.care_entry;
        // Unaccompanied children's arrivals and 18th birthdays are not driven by these hazards.
        const double uasc_arrivals = uasc_arrivals_table_year_ * uasc_share_[l];
        const double uasc_exits = uasc_la / uasc_mean_stay;
        m.care_entry = o.cla_started && expected_entries > 0
                           ? clamp(std::max(0.0, *o.cla_started - uasc_arrivals) / expected_entries)
                           : 1.0;
        m.care_entry *= factor(RateGroup::CareEntry);
        // Exits at 18 are not driven by the hazard: with ages uniform within 16-17, half the band
        // turns 18 each year. That is fewer than the data's, so an LA's exits before 18 make up
        // the difference and its total exits match its own.
        const double exits_at_18 = 0.5 * cla_b[kAgeBands - 1] + uasc_exits;
        // Exits before 18: children placed for adoption are adopted at their own hazard; the
        // others not under a placement order leave at the band's hazard (their statuses' factors
        // average 1 over the band's starting stock), in other ways.
        const auto& pp = proceedings;
        double expected_exits = 0;
        double adoptions_expected = 0;
        for (int b = 0; b < kAgeBands; ++b) {
            const double po = pp.initial_placement_order[b];
            expected_exits += cla_b[b] * (1 - po) * cla_exit[b] * tt.care_exit_age[b];
            adoptions_expected += cla_b[b] * po * pp.initial_placed_for_adoption *
                                  (1 - std::exp(-pp.adoption_hazard * tt.adoption_speed));
        }
        expected_exits *= 12 * tt.care_exit;
        adoptions_expected *= 12;
        // Exits to match: the LA's starts times England's exits per start (every LA's stock then
        // grows as England's does; see the parameter's source for why), or its own exits.
        const std::optional<double> exits_wanted =
            balance_exits
                ? (o.cla_started ? std::optional<double>(*o.cla_started * e_exits_per_start)
                                 : std::nullopt)
                : o.cla_ceased;
        m.care_exit = exits_wanted && expected_exits > 0
                          ? clamp(std::max(0.0, *exits_wanted - exits_at_18 - adoptions_expected) /
                                  expected_exits)
                          : 1.0;
        m.care_exit *= factor(RateGroup::CareExit);
        const double plan_ends_expected = 12 * weighted(cpp_b, cp_end) * tt.plan_end;
        // Without the age-band fit: it corrects the assumed (uniform) ages of the starting stock,
        // so applying it to that same stock would count the correction twice.
        const double plan_care = 12 * weighted(cpp_b, cp_care) * m.care_entry * tt.care_entry;
        m.plan_end = o.cpp_started && plan_ends_expected > 0
                         ? clamp(std::max(0.0, *o.cpp_started - plan_care) / plan_ends_expected)
                         : 1.0;
        m.plan_end *= factor(RateGroup::PlanEnd);
        const double closes_expected = 12 * weighted(s17_b, cin_close) * tt.cin_close;
        m.cin_close = o.cin_episodes_ended && closes_expected > 0
                          ? clamp(*o.cin_episodes_ended / closes_expected)
                          : 1.0;
        m.cin_close *= factor(RateGroup::CinClose);
        // Early help entries balance its exits (end, or a referral that opens a case) at the LA's
        // early help stock.
        const double dormant = pop - eh - cin;
        const double eh_out = eh * (weighted(width, eh_end) +
                                    weighted(width, referral) * m.referral * tt.referral * opens);
        const double eh_in = dormant * weighted(width, eh_entry);
        m.early_help = eh_in > 0 ? clamp(eh_out / eh_in) : 1.0;

        // Competing routes out of each state and the cumulative hazard of leaving it, for each
        // financial year (epoch) of the run.
        for (int32_t e = 0; e < epochs_; ++e) {
            // England's factors, and the factors of the levers that cover only some LAs.
            TrendFactors t = trend_factors_[static_cast<size_t>(e)];
            const int year = timeline.fy_end_year(e);
            const auto local = [&](RateGroup g) { return local_lever_factor(levers, g, year, l); };
            t.referral *= local(RateGroup::Referral);
            t.section47 *= local(RateGroup::Section47);
            t.plan *= local(RateGroup::Plan);
            t.plan_end *= local(RateGroup::PlanEnd);
            t.cin_close *= local(RateGroup::CinClose);
            t.care_entry *= local(RateGroup::CareEntry);
            t.care_exit *= local(RateGroup::CareExit);
            outcome_factors_[static_cast<size_t>(e) * las.size() + l] = {t.section47, t.plan,
                                                                         t.care_entry};
            for (int b = 0; b < kAgeBands; ++b) {
                const double into_care = m.care_entry * entry_fit[b] * t.care_entry;
                // Referrals: calibration.referral_level on every child not open to children's
                // social care; calibration.rereferral_factor more in the 12 months after a
                // referral (re-referrals), and calibration.past_plan_factor more for a child who
                // has been on a protection plan (repeat plans).
                const double refer = referral[b] * m.referral * t.referral * referral_level;
                for (const bool recent : {false, true}) {
                    for (const bool past_plan : {false, true}) {
                        const double r = refer * (recent ? rereferral_factor : 1.0) *
                                         (past_plan ? past_plan_factor : 1.0);
                        set_routes(
                            e, l,
                            route_table(CareState::NotKnown, LegalStatus::None, recent, past_plan),
                            b,
                            {{Route::Referral, r},
                             {Route::StartEarlyHelp, eh_entry[b] * m.early_help},
                             {Route::KinshipOrder, order_not_known[b]}});
                        set_routes(
                            e, l,
                            route_table(CareState::EarlyHelp, LegalStatus::None, recent, past_plan),
                            b, {{Route::EndEarlyHelp, eh_end[b]}, {Route::Referral, r}});
                    }
                }
                set_routes(e, l, static_cast<int>(CareState::ChildInNeed), b,
                           {{Route::CloseEpisode, cin_close[b] * m.cin_close * t.cin_close},
                            {Route::EnterCare, cin_care[b] * into_care}});
                set_routes(e, l, static_cast<int>(CareState::ChildProtection), b,
                           {{Route::EndPlan, cp_end[b] * m.plan_end * t.plan_end},
                            {Route::EnterCare, cp_care[b] * into_care},
                            {Route::KinshipOrder, order_protection[b]}});
                // Looked after: the hazard of leaving care by legal class (moves are the same),
                // the classes' factors scaled to average 1 over the band's starting statuses.
                const double leave =
                    cla_exit[b] * m.care_exit * t.care_exit * t.care_exit_age[b] * exit_level[b] *
                    sgo_exit_hazard_factor_[static_cast<size_t>(e)][static_cast<size_t>(b)] /
                    proceedings.band_exit_factor(b);
                for (const LegalStatus legal :
                     {LegalStatus::None, LegalStatus::Voluntary, LegalStatus::CareOrder}) {
                    set_routes(e, l, route_table(CareState::LookedAfter, legal, false), b,
                               {{Route::LeaveCare, leave * proceedings.exit_factor(legal)},
                                {Route::MovePlacement, move[b]}});
                }
            }
            for (int table = 0; table < kRouteTables; ++table) {
                double* c = &cumulative_[index(e, l, table) * (kAgeOutMonths + 1)];
                c[0] = 0;
                for (int a = 1; a <= kAgeOutMonths; ++a) c[a] += c[a - 1];
                const double* before =
                    e > 0 ? &cumulative_[index(e - 1, l, table) * (kAgeOutMonths + 1)] : nullptr;
                changes_[index(e, l, table)] =
                    before != nullptr && !std::equal(c, c + kAgeOutMonths + 1, before) ? 1 : 0;
            }
        }
    }
}

void PathwayParameters::set_routes(int32_t epoch, size_t la, int table, int band,
                                   std::initializer_list<std::pair<Route, double>> routes) {
    RouteChoice& rc = routes_[index(epoch, la, table) * kAgeBands + static_cast<size_t>(band)];
    double total = 0;
    rc.count = 0;
    for (const auto& [route, probability] : routes) {
        rc.routes[rc.count] = route;
        rc.probability[rc.count] = probability;
        total += probability;
        ++rc.count;
    }
    for (int k = 0; k < rc.count; ++k)
        rc.probability[k] = total > 0 ? rc.probability[k] / total : 0;
    // The routes' monthly probabilities add up to the chance of leaving in a month, 1 - exp(-H):
    // the hazard H fills this band's months of the cumulative table (summed over age later).
    const double capped = std::min(total, kMaxMonthlyProbability);
    const double hazard = -std::log1p(-capped);
    double* c = &cumulative_[index(epoch, la, table) * (kAgeOutMonths + 1)];
    const int next = band + 1 < kAgeBands ? kBandStartMonths[band + 1] : kAgeOutMonths;
    for (int a = kBandStartMonths[band]; a < next; ++a) c[a + 1] = hazard;
}

}  // namespace csc::agents
