// Dated events: what changed the rates in particular financial years (the 2020-21 pandemic, the
// arrivals of unaccompanied children), read from a scenario's events table.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/parameter_set.hpp"

namespace csc::agents {

/// The groups of rates an event can scale (the trend groups, plus arrivals).
enum class RateGroup : uint8_t {
    Referral = 0,
    Section47,
    Plan,
    PlanEnd,
    CinClose,
    CareEntry,
    CareExit,
    UascArrivals,
    Adoption,             ///< placement orders among final orders (adoptions follow them)
    SpecialGuardianship,  ///< the SGO share of the exits from care
    ProceedingsLength,    ///< the median length of care proceedings
    VoluntaryIssue,       ///< proceedings issued for children accommodated by agreement
    AdoptionSpeed,        ///< adoption of children placed for adoption (the adoption order)
    /// Planned entries to care under a court order not preceded by a family group conference (a
    /// factor on the share without one, so 0 makes the conference mandatory before the Public
    /// Law Outline).
    MissedFamilyConference,
    /// Planned entries that go ahead after a conference the reform added (the rest stay home on
    /// a family network plan).
    EntryAfterAddedConference,
    /// The hazard of leaving care to a special guardianship order (more such exits, the other
    /// ways out unchanged), where `sgo` moves exits between the ways out.
    SgoExit,
    /// Prices, not rates: the unit cost of residential care (s251 line 3.1.1) and of fostering
    /// (3.1.2), for levers on what placements cost.
    PriceResidential,
    PriceFostering,
    /// The children's home share of placements on entry to care and at a move (the share it
    /// loses goes to local authority foster care, and as it falls from one year to the next the
    /// same fraction of the children in children's homes steps down to foster care; the stock at
    /// the start is observed and does not step down, and nobody moves back should it rise):
    /// more foster carers, fewer children's homes.
    ChildrensHomePlacement,
    /// Staying Put ending at the birthday its funding ends (leaving_care.staying_put_end_age):
    /// 1 today; a lever lowers it, and those it keeps stay on as at 19 and 20, up to
    /// leaving_care.staying_put_extended_end_age.
    StayingPutEnd,
};
inline constexpr int kRateGroups = 20;
inline constexpr std::array<const char*, kRateGroups> kRateGroupNames = {
    "referral",
    "section47",
    "plan",
    "plan_end",
    "cin_close",
    "care_entry",
    "care_exit",
    "uasc_arrivals",
    "adoption",
    "sgo",
    "proceedings_length",
    "voluntary_issue",
    "adoption_speed",
    "missed_family_conference",
    "entry_after_added_conference",
    "sgo_exit",
    "price_residential",
    "price_fostering",
    "childrens_home_placement",
    "staying_put_end"};
static_assert(kRateGroupNames[kRateGroups - 1] != nullptr, "every rate group needs its name");

/// True for the groups that are shares or probabilities a lever or event can only shrink (a
/// factor from 0 to 1): family group conferences, the children's home share, Staying Put ending.
[[nodiscard]] constexpr bool is_share_group(RateGroup g) {
    return g == RateGroup::MissedFamilyConference || g == RateGroup::EntryAfterAddedConference ||
           g == RateGroup::ChildrensHomePlacement || g == RateGroup::StayingPutEnd;
}

/// The groups with an LA multiplier, which an LA factors table can scale (agents/la_factors.hpp).
inline constexpr std::array<RateGroup, 7> kLaRateGroups = {
    RateGroup::Referral, RateGroup::Section47, RateGroup::Plan,    RateGroup::PlanEnd,
    RateGroup::CinClose, RateGroup::CareEntry, RateGroup::CareExit};

/// One row of the events table: `group` rates are multiplied by `factor` in the financial years
/// ending 31 March `first_year` to `last_year`.
struct RateEvent {
    std::string name;
    RateGroup group = RateGroup::Referral;
    int first_year = 0;
    int last_year = 0;
    double factor = 1;
    std::string source;
};

/**
 * Reads an events table (CSV: event, group, first_year, last_year, factor, source; see
 * scenarios/data/README.md). A factor is a number, or the name of a scalar parameter holding it
 * (a factor fitted by calibration lives in the parameter files, with its target).
 * @throws csc::sim::ScenarioError naming the file, line and column of a bad cell.
 */
std::vector<RateEvent> load_rate_events(const std::filesystem::path& path,
                                        const sim::ParameterSet& parameters);

/// Product of the factors of the events on `group` that cover the year ending 31 March `year`.
[[nodiscard]] double event_factor(const std::vector<RateEvent>& events, RateGroup group, int year);

}  // namespace csc::agents
