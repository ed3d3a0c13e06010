// The first pathway's parameters, resolved per local authority into the tables the rules read.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "agents/age_band.hpp"
#include "agents/care_leavers.hpp"
#include "agents/care_state.hpp"
#include "agents/family_network.hpp"
#include "agents/groups.hpp"
#include "agents/ledger.hpp"
#include "agents/levers.hpp"
#include "agents/local_authority.hpp"
#include "agents/proceedings.hpp"
#include "agents/rate_events.hpp"
#include "sim/month.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/// Competing routes out of each state, in the order their hazards are listed.
enum class Route : uint8_t {
    Referral = 0,    ///< from NotKnown or EarlyHelp
    StartEarlyHelp,  ///< from NotKnown
    EndEarlyHelp,    ///< from EarlyHelp
    CloseEpisode,    ///< from ChildInNeed
    EndPlan,         ///< from ChildProtection
    EnterCare,       ///< from ChildInNeed or ChildProtection
    LeaveCare,       ///< from LookedAfter (destination drawn separately)
    MovePlacement,   ///< from LookedAfter: to another placement, still looked after
    KinshipOrder,    ///< from NotKnown or ChildProtection: a special guardianship order
};
inline constexpr int kMaxRoutes = 3;

/**
 * Route tables: one per state; two more for looked-after children whose hazard of leaving care
 * differs by legal status (accommodated by agreement or on remand; under an interim or full care
 * order; moves between placements do not depend on it); and, for children not known or on early
 * help, three more each whose hazard of a referral is higher: referred in the last 12 months, on a
 * child protection plan before, or both.
 */
inline constexpr int kRouteTables = kCareStates + 8;
/// First of the raised-referral tables: kCareStates + 2 + 2 x (recent + 2 x past plan - 1) + the
/// state (not known 0, early help 1).
inline constexpr int kRaisedReferralTables = kCareStates + 2;
/// Months after a referral in which another is a re-referral (DfE: within 12 months).
inline constexpr int kRereferralWindowMonths = 12;
[[nodiscard]] inline int route_table(CareState state, LegalStatus legal, bool recent,
                                     bool past_plan = false) {
    switch (state) {
        case CareState::NotKnown:
        case CareState::EarlyHelp: {
            const int raised = (recent ? 1 : 0) + (past_plan ? 2 : 0);
            return raised == 0 ? static_cast<int>(state)
                               : kRaisedReferralTables + 2 * (raised - 1) + static_cast<int>(state);
        }
        case CareState::LookedAfter:
            switch (legal) {
                case LegalStatus::Voluntary:
                case LegalStatus::YouthJustice:
                    return kCareStates;
                case LegalStatus::InterimOrder:
                case LegalStatus::CareOrder:
                    return kCareStates + 1;
                default:
                    return static_cast<int>(state);
            }
        default:
            return static_cast<int>(state);
    }
}

/// Ways of leaving care before the 18th birthday.
enum class CareExit : uint8_t { Adoption = 0, SpecialGuardianship, ChildArrangements, Home, Other };

/**
 * Per-LA multipliers on the national probabilities, solved so that the LA's own stocks at 31 March
 * 2022 yield its own 2021-22 flows ("expected" = national probabilities applied to those stocks).
 */
struct LaMultipliers {
    double referral = 1;    ///< on referral: LA's referrals per child not open / England's
    double section47 = 1;   ///< on s47 at referral: LA's s47 per referral / England's
    double plan = 1;        ///< on s47 leading to a conference: plans per s47 / England's
    double care_entry = 1;  ///< on every route into care: LA's starts / starts expected
    double care_exit = 1;   ///< on leaving care before 18: LA's exits before 18 / expected
    double plan_end = 1;    ///< on plans ending: LA's plan ends / ends expected
    double cin_close = 1;   ///< on CIN closing: LA's CIN episodes ended / ended expected
    double early_help = 1;  ///< on starting early help: holds the LA's early help stock
};

/// Year-by-year factors on the referral outcomes (trends; 1 when rates are held).
struct OutcomeFactors {
    double section47 = 1;   ///< on referral.p_s47
    double plan = 1;        ///< on s47.p_icpc (plans per enquiry)
    double care_entry = 1;  ///< on referral.p_care_direct
};

/// Starting stock of one LA by state and age band, in real children (before sampling).
struct InitialStock {
    /// Resident children by state (unaccompanied children are counted apart).
    std::array<std::array<double, kAgeBands>, kCareStates> by_state_band{};
    /// Children not looked after living with adoptive parents, special guardians or under a
    /// child arrangements order, by age band (index 0, parents, is the rest).
    std::array<std::array<double, kAgeBands>, kHomes> home_by_band{};
    double uasc = 0;                       ///< unaccompanied children looked after
    double leavers_per_age = 0;            ///< care leavers in each year of age 18 to 24
    double leavers_former_uasc_share = 0;  ///< of them, share who came as unaccompanied children
};

/**
 * Everything the rules read, resolved once from the scenario's parameters and the LA table.
 * Immutable during a run.
 */
class PathwayParameters {
  public:
    /// Resolves one set of tables per financial year of `timeline` (an "epoch"): rates held
    /// constant give identical epochs; trends (trends.toml) make them differ.
    /// @throws csc::sim::ScenarioError if a parameter is missing or inconsistent.
    PathwayParameters(const sim::ParameterSet& p, const std::vector<LocalAuthority>& las,
                      const sim::Timeline& timeline, const std::vector<RateEvent>& events = {},
                      const std::vector<Lever>& levers = {});

    [[nodiscard]] size_t la_count() const { return multipliers_.size(); }
    [[nodiscard]] const LaMultipliers& multipliers(size_t la) const { return multipliers_[la]; }
    [[nodiscard]] const InitialStock& initial_stock(size_t la) const { return initial_[la]; }
    /// Unaccompanied children arriving in `la` per month in epoch e (real children).
    [[nodiscard]] double uasc_arrivals_per_month(int32_t epoch, size_t la) const {
        return uasc_arrivals_per_year_[static_cast<size_t>(epoch)] * uasc_share_[la] / 12.0;
    }
    /// Probability that a newborn of `la` is looked after from birth, in epoch e.
    [[nodiscard]] double care_entry_at_birth(int32_t epoch, size_t la) const {
        return p_care_at_birth_ * multipliers_[la].care_entry *
               outcome_factors(epoch, la).care_entry;
    }
    /// Most unaccompanied children `la` can hold at once over the run (real children): sizes the
    /// slots reserved for them.
    [[nodiscard]] double uasc_capacity(size_t la) const;

    [[nodiscard]] int32_t epochs() const { return epochs_; }
    /// The rate epoch of financial-year index fy: one per year when trends apply, else one for
    /// the whole run (identical years share their tables).
    [[nodiscard]] int32_t epoch_of(int32_t fy) const { return std::min(fy, epochs_ - 1); }
    /// Cumulative hazard of leaving the state of route table `table` (see route_table) from age 0
    /// to the start of age month a (a = 0..216), under the rates of financial year `epoch`.
    [[nodiscard]] const double* cumulative_hazard(int32_t epoch, size_t la, int table) const {
        return &cumulative_[index(epoch, la, table) * (kAgeOutMonths + 1)];
    }
    /// True if the hazards of route table `table` in `la` differ from the previous epoch's
    /// (children in it then redraw their pending event).
    [[nodiscard]] bool hazards_change(int32_t epoch, size_t la, int table) const {
        return changes_[index(epoch, la, table)] != 0;
    }
    /// The trends' (and levers') factors on a referral's outcomes in epoch e and LA `la`.
    [[nodiscard]] const OutcomeFactors& outcome_factors(int32_t epoch, size_t la) const {
        return outcome_factors_[static_cast<size_t>(epoch) * multipliers_.size() + la];
    }
    /// Routes out of a state and their conditional probabilities in an age band for an LA.
    struct RouteChoice {
        std::array<Route, kMaxRoutes> routes{};
        std::array<double, kMaxRoutes> probability{};
        int count = 0;
    };
    [[nodiscard]] const RouteChoice& routes(int32_t epoch, size_t la, int table, int band) const {
        return routes_[index(epoch, la, table) * kAgeBands + static_cast<size_t>(band)];
    }

    // Outcomes of a referral (national; LA multipliers applied by the rules).
    double p_nfa = 0, p_not_in_need = 0, p_s47 = 0, p_icpc = 0, p_plan = 0;
    std::array<double, kAgeBands> p_care_direct{};
    /// calibration.care_entry_by_age: factor on every route into care, by band.
    std::array<double, kAgeBands> care_entry_fit{};
    double p_step_down_to_cin = 0;
    /// Of the children not open to social care at the start, those referred in the year before.
    double recent_referral_share_start = 0;
    /// First protection plans per child per year: a child at the start not on a plan has been on
    /// one before with probability min(1, its age in years x this).
    double past_plan_per_child_year = 0;
    // Ways out of care before 18 of a child not under a placement order, by band: adoption
    // (always 0: adoptions come from placement orders), SGO, CAO, home (the rest is other), as in
    // the parameter year; care_exit_shares(epoch) applies the SGO trend.
    std::array<std::array<double, 4>, kAgeBands> care_exit_share{};
    using ExitShares = std::array<std::array<double, 4>, kAgeBands>;
    [[nodiscard]] const ExitShares& care_exit_shares(int32_t epoch) const {
        return exit_shares_[static_cast<size_t>(epoch)];
    }
    // Placement on entry to care and after a move, by band (calibrated), and of the children
    // looked after at the start.
    using PlacementMix = std::array<std::array<double, kPlacements>, kAgeBands>;
    PlacementMix placement_mix{};
    PlacementMix placement_stock_mix{};
    /// The entry and move mix in epoch e: each placement's share on its trend, renormalised.
    [[nodiscard]] const PlacementMix& placement_mix_of(int32_t epoch) const {
        return placement_mix_by_epoch_[static_cast<size_t>(epoch)];
    }
    /// Factor on the children's home share of placements in epoch e (levers and events; 1
    /// without them): the share lost goes to local authority foster care.
    [[nodiscard]] double childrens_home_factor(int32_t epoch) const {
        return trend_factors_[static_cast<size_t>(epoch)].childrens_home_placement;
    }
    /// Probability that Staying Put ends when its funding does, in epoch e (1 without a lever).
    [[nodiscard]] double staying_put_end(int32_t epoch) const {
        return trend_factors_[static_cast<size_t>(epoch)].staying_put_end;
    }
    /// Share of special guardianship orders made outside care that go to a relative or friend
    /// under a child arrangements order instead (kinship CAO).
    double p_kinship_order_cao = 0;
    // Unaccompanied children arrive aged uniform between these ages (years) and stay until 18.
    double uasc_age_lo = 0, uasc_age_hi = 0;
    LeavingCareParameters leaving_care;
    ProceedingsParameters proceedings;
    GroupParameters groups;
    /// Share of proceedings ending with the child in care that end in a placement order, in
    /// band b and epoch e (on the adoption trend: adoptions come only from placement orders).
    [[nodiscard]] double placement_order_share(int32_t epoch, int band) const {
        return std::min(1.0, proceedings.placement_order_share[band] *
                                 trend_factors_[static_cast<size_t>(epoch)].adoption);
    }
    /// Factor on the median length of care proceedings in epoch e (its trend).
    [[nodiscard]] double proceedings_length(int32_t epoch) const {
        return trend_factors_[static_cast<size_t>(epoch)].proceedings_length;
    }
    /// Monthly probability that proceedings are issued for a child accommodated by agreement.
    [[nodiscard]] double voluntary_issue_hazard(int32_t epoch) const {
        return proceedings.voluntary_issue_hazard *
               trend_factors_[static_cast<size_t>(epoch)].voluntary_issue;
    }
    /// True if that probability differs from the previous epoch's.
    [[nodiscard]] bool voluntary_issue_changes(int32_t epoch) const {
        return epoch > 0 && voluntary_issue_hazard(epoch) != voluntary_issue_hazard(epoch - 1);
    }
    /// Monthly hazard of adoption for a child placed for adoption in epoch e (the adoption order;
    /// the court's speed is what trend.adoption_speed and the pandemic moved). The placement with
    /// adopters before it keeps its 2021-22 hazard: adoptions per child waiting were 1.04-1.19 a
    /// year in 2018-2022, with no trend (proceedings.adoption_placement_hazard).
    [[nodiscard]] double adoption_hazard(int32_t epoch) const {
        return proceedings.adoption_hazard *
               trend_factors_[static_cast<size_t>(epoch)].adoption_speed;
    }
    [[nodiscard]] bool adoption_hazard_changes(int32_t epoch) const {
        return epoch > 0 && adoption_hazard(epoch) != adoption_hazard(epoch - 1);
    }
    NetworkParameters networks;
    double p_family_group_conference = 0;  ///< before a planned entry to care, today
    double p_family_network_plan = 0;      ///< given a conference and a willing adult, today
    /// Probability of a family group conference before a planned entry to care in epoch e: today's
    /// share, with the share without one scaled by the levers (mandatory conferences: all).
    [[nodiscard]] double family_conference_probability(int32_t epoch) const {
        // Today's share plus the added ones (exactly today's without a lever).
        const double added =
            (1.0 - p_family_group_conference) *
            (1.0 - trend_factors_[static_cast<size_t>(epoch)].missed_family_conference);
        return std::clamp(p_family_group_conference + added, 0.0, 1.0);
    }
    /// Probability that a conference the levers added ends in a family network plan instead of
    /// care in epoch e (0 without a lever).
    [[nodiscard]] double added_conference_plan_probability(int32_t epoch) const {
        return std::clamp(
            1.0 - trend_factors_[static_cast<size_t>(epoch)].entry_after_added_conference, 0.0,
            1.0);
    }
    /// Share of entries to care by age band with harm outside the home identified.
    std::array<double, kAgeBands> harm_outside_home_share{};
    /// Of them, the share diverted to a Child Community Safety Plan (a reform lever; 0 today).
    double p_community_safety_plan = 0;
    // Families.
    std::array<double, 4> family_size_share{};
    /// Children going home from care per child-year (children at the start who have gone home).
    double returned_home_per_child_year = 0;
    /// Children leaving care at 16 or 17 other than home or to an order, per child of that age and
    /// year (children at the start who did so: relevant children, care leavers at 18).
    double left_care_at_16_17_per_child_year = 0;
    /// Category of need of resident children starting to be looked after, and of those looked
    /// after at the start (N1-N8).
    std::array<double, kNeeds> need_entry_share{}, need_stock_share{};
    /// Factor on a resident looked-after child's hazard of leaving care (other than adoption)
    /// by its category of need.
    std::array<double, kNeeds> need_exit_factor{};
    /// Of a child's brothers and sisters at home, the probability each comes into care with it.
    double p_sibling_enters_together = 0;
    /// Of brothers and sisters coming into care together, the probability each is placed with
    /// the child (where the placement suits its age).
    double p_sibling_placed_together = 0;
    /// Of the looked-after children at the start, the share grouped with one placed before them.
    double sibling_stock_share = 0;
    LedgerParameters ledger;
    /// The LA's share of England's children (spreads the lines the model does not drive).
    [[nodiscard]] double population_share(size_t la) const { return population_share_[la]; }

  private:
    void read_outcomes(const sim::ParameterSet& p);
    void resolve_local_authorities(const sim::ParameterSet& p,
                                   const std::vector<LocalAuthority>& las,
                                   const sim::Timeline& timeline, const std::vector<Lever>& levers);
    void set_routes(int32_t epoch, size_t la, int table, int band,
                    std::initializer_list<std::pair<Route, double>> routes);
    [[nodiscard]] size_t index(int32_t epoch, size_t la, int table) const {
        return (static_cast<size_t>(epoch) * multipliers_.size() + la) * kRouteTables +
               static_cast<size_t>(table);
    }

    void read_trends(const sim::ParameterSet& p, const sim::Timeline& timeline,
                     const std::vector<RateEvent>& events, const std::vector<Lever>& levers);
    void read_uasc(const sim::ParameterSet& p, const std::vector<LocalAuthority>& las,
                   const sim::Timeline& timeline, const std::vector<RateEvent>& events);

    /// Year-by-year factors on the hazards of the states (trends; 1 when rates are held).
    struct TrendFactors {
        double referral = 1, section47 = 1, plan = 1, cin_close = 1, plan_end = 1, care_entry = 1,
               care_exit = 1, adoption = 1, sgo = 1, proceedings_length = 1, voluntary_issue = 1,
               adoption_speed = 1, missed_family_conference = 1, entry_after_added_conference = 1,
               sgo_exit = 1, childrens_home_placement = 1, staying_put_end = 1;
        std::array<double, kAgeBands> care_exit_age{1, 1, 1, 1, 1};  ///< on top of care_exit
    };
    TrendFactors table_year_factors_;  ///< the rates' factors in the LA table's own year
    int32_t epochs_ = 1;
    std::vector<TrendFactors> trend_factors_;  ///< [epoch]
    std::vector<ExitShares> exit_shares_;      ///< [epoch]
    /// Factor on the hazard of leaving care before 18 from the extra exits to special
    /// guardianship (the sgo_exit group), [epoch][band].
    std::vector<std::array<double, kAgeBands>> sgo_exit_hazard_factor_;
    std::vector<PlacementMix> placement_mix_by_epoch_;  ///< [epoch]
    std::vector<OutcomeFactors> outcome_factors_;       ///< [epoch][la]
    std::vector<uint8_t> changes_;                      ///< [epoch][la][state]
    std::vector<LaMultipliers> multipliers_;
    std::vector<InitialStock> initial_;
    std::vector<double> population_share_;        ///< [la]
    std::vector<double> uasc_arrivals_per_year_;  ///< [epoch], England
    double uasc_arrivals_table_year_ = 0;         ///< England, in the LA table's year
    double p_care_at_birth_ = 0;                  ///< care_entry.at_birth_probability
    std::vector<double> uasc_share_;  ///< [la], LA's share of England's unaccompanied children
    std::vector<double> cumulative_;
    std::vector<RouteChoice> routes_;
};

}  // namespace csc::agents
