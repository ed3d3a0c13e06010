// The states a child can be in, the placements of a looked-after child, and the flows counted.
#pragma once

#include <array>
#include <cstdint>

namespace csc::agents {

/// Where a child is in the pathway. Each child is in exactly one state each month.
enum class CareState : uint8_t {
    NotKnown = 0,     ///< not open to children's social care or early help
    EarlyHelp,        ///< targeted early help (part of the review's Family Help)
    ChildInNeed,      ///< open child in need episode, not on a plan, not looked after
    ChildProtection,  ///< on a child protection plan
    LookedAfter,      ///< looked after by the local authority (placement in its own column)
    Outside,          ///< a reserved slot for an unaccompanied child who has not (yet) arrived
};
inline constexpr int kCareStates = 6;

/// Placement of a looked-after child (DfE CLA placement groups, 2022 classification).
enum class Placement : uint8_t {
    KinshipFoster = 0,
    LaFoster,
    AgencyFoster,
    PlacedForAdoption,
    PlacedWithParents,
    SupportedAccommodation,
    ChildrensHome,
    OtherResidential,
    Other,
};
inline constexpr int kPlacements = 9;

/**
 * The reported state: CareState with looked-after children split by placement. Stocks and spend are
 * recorded on this axis.
 */
inline constexpr int kReportStates = 4 + kPlacements + 1;
inline constexpr std::array<const char*, kReportStates> kReportStateNames = {
    "not_known",
    "early_help",
    "child_in_need",
    "child_protection",
    "looked_after_kinship_foster",
    "looked_after_la_foster",
    "looked_after_agency_foster",
    "looked_after_placed_for_adoption",
    "looked_after_placed_with_parents",
    "looked_after_supported_accommodation",
    "looked_after_childrens_home",
    "looked_after_other_residential",
    "looked_after_other",
    "outside",
};
/// Report states 4 .. 4 + kPlacements - 1 are the looked-after placements.
inline constexpr int kFirstLookedAfterReport = 4;
inline constexpr int kOutsideReport = 4 + kPlacements;

[[nodiscard]] inline int report_state(CareState s, Placement p) {
    if (s == CareState::LookedAfter) return kFirstLookedAfterReport + static_cast<int>(p);
    if (s == CareState::Outside) return kOutsideReport;
    return static_cast<int>(s);
}

/**
 * Whom a child who is not looked after lives with, after the ways out of care and the orders
 * made outside it. Kept while the child is open to children's social care; reset to Parents on
 * entering care (the arrangement has broken down) and set again by the way the child leaves.
 */
enum class Home : uint8_t {
    Parents = 0,        ///< parents or others with parental responsibility (the default)
    Adoptive,           ///< adopted
    SpecialGuardian,    ///< special guardianship order (kinship or former foster carer)
    ChildArrangements,  ///< child arrangements order (formerly residence order) to a relative
    FamilyNetwork,      ///< informal kinship: a relative or friend under a family network plan
};
inline constexpr int kHomes = 5;
inline constexpr std::array<const char*, kHomes> kHomeNames = {
    "parents", "adoptive", "special_guardian", "child_arrangements", "family_network"};

/// Category of need recorded when a child starts to be looked after: DfE's codes N1-N8 (the
/// SSDA903 return). Unaccompanied children are N8, absent parenting.
enum class Need : uint8_t {
    AbuseOrNeglect = 0,  ///< N1
    Disability,          ///< N2, the child's disability
    ParentalIllness,     ///< N3, parental illness or disability
    AcuteStress,         ///< N4, family in acute stress
    Dysfunction,         ///< N5, family dysfunction
    Behaviour,           ///< N6, socially unacceptable behaviour
    LowIncome,           ///< N7
    AbsentParenting,     ///< N8
};
inline constexpr int kNeeds = 8;
inline constexpr std::array<const char*, kNeeds> kNeedNames = {
    "abuse_or_neglect",   "disability", "parental_illness", "acute_stress",
    "family_dysfunction", "behaviour",  "low_income",       "absent_parenting"};

/// Events and outcomes counted per financial year.
enum class Flow : uint8_t {
    Births = 0,
    EighteenthBirthdays,  ///< resident children turning 18 (each replaced by a newborn)
    Referrals,
    ReferralsNoFurtherAction,
    ReferralsNotInNeed,
    Section47Enquiries,
    InitialConferences,
    CinEpisodesStarted,
    CinEpisodesClosed,
    EarlyHelpStarted,
    EarlyHelpEnded,
    ProtectionPlansStarted,
    ProtectionPlansEnded,
    CareEntriesAtReferral,
    CareEntriesFromChildInNeed,
    CareEntriesFromProtection,
    CareExitsHome,
    CareExitsAdoption,
    CareExitsSpecialGuardianship,
    CareExitsChildArrangements,
    CareExitsOther,
    CareExitsEighteenthBirthday,
    PlacementMoves,
    UascArrivals,
    UascArrivalsUnplaced,
    KinshipOrdersOutsideCare,
    CareEntriesFromPermanence,
    CareLeaversStarted,
    CareLeaversAgedOut,
    CareEntriesAtBirth,
    FamilyGroupConferences,
    FamilyNetworkPlans,
    CareEntriesVoluntary,  ///< starts of care by legal status on entry (also unaccompanied)
    CareEntriesCourtOrder,
    CareEntriesDetained,  ///< police protection or an emergency protection order
    CareEntriesYouthJustice,
    ProceedingsIssued,     ///< care proceedings issued for a looked-after child
    ProceedingsCareOrder,  ///< proceedings ended: care order
    ProceedingsPlacementOrder,
    ProceedingsLeftCare,         ///< proceedings ended as the child left care (home, SGO, CAO, 18)
    ProceedingsWithin26Weeks,    ///< of the proceedings ended, those that took 26 weeks or less
    Rereferrals,                 ///< referrals within 12 months of the child's previous referral
    RepeatPlans,                 ///< protection plans started for a child on a plan before
    CareEntriesHarmOutsideHome,  ///< starts of care with harm outside the home identified
    CommunitySafetyPlans,        ///< children diverted from care to a Child Community Safety Plan
    CareEntriesWithSibling,      ///< starts of care of a brother or sister with a child
    CareExitsWithSibling,  ///< of the exits, those of a child leaving with a brother or sister
    CareReentriesAfterReturnHome,  ///< of the starts, those of a child who went home from care
    /// Of the care leavers starting, those who had left care at 16 or 17 (relevant children)
    CareLeaversLeftCareAt16To17,
    AdoptionPlacements,  ///< children under a placement order placed with prospective adopters
};
inline constexpr int kFlows = 50;
inline constexpr std::array<const char*, kFlows> kFlowNames = {
    "births",
    "eighteenth_birthdays",
    "referrals",
    "referrals_no_further_action",
    "referrals_not_in_need",
    "section47_enquiries",
    "initial_child_protection_conferences",
    "cin_episodes_started",
    "cin_episodes_closed",
    "early_help_started",
    "early_help_ended",
    "protection_plans_started",
    "protection_plans_ended",
    "care_entries_at_referral",
    "care_entries_from_child_in_need",
    "care_entries_from_protection",
    "care_exits_home",
    "care_exits_adoption",
    "care_exits_special_guardianship",
    "care_exits_child_arrangements",
    "care_exits_other",
    "care_exits_eighteenth_birthday",
    "placement_moves",
    "uasc_arrivals",
    "uasc_arrivals_unplaced",
    "special_guardianship_orders_outside_care",
    "care_entries_from_adoption_or_order",
    "care_leavers_started",
    "care_leavers_aged_25",
    "care_entries_at_birth",
    "family_group_conferences",
    "family_network_plans",
    "care_entries_voluntary",
    "care_entries_court_order",
    "care_entries_detained",
    "care_entries_youth_justice",
    "care_proceedings_issued",
    "care_proceedings_care_order",
    "care_proceedings_placement_order",
    "care_proceedings_left_care",
    "care_proceedings_within_26_weeks",
    "rereferrals",
    "protection_plans_repeat",
    "care_entries_harm_outside_home",
    "community_safety_plans",
    "care_entries_with_sibling",
    "care_exits_with_sibling",
    "care_reentries_after_return_home",
    "care_leavers_left_care_at_16_17",
    "placements_for_adoption",
};

/// What a random draw decides: one counter-based stream per purpose (see sim/random_stream.hpp).
enum class Purpose : uint32_t {
    InitialAge = 1,
    InitialFamily,  ///< shuffle of the LA's children into families (draw())
    FamilySize,     ///< size of each family at the start (stream(), Boost.Random)
    InitialState,
    InitialPlacement,
    Dwell,           ///< time to leave the current state
    Exit,            ///< which way the child leaves
    Referral,        ///< what a referral leads to
    Placement,       ///< placement on entry to care
    Newborn,         ///< family of a newborn
    Redraw,          ///< time to leave the current state, drawn again when rates change
    Move,            ///< new placement of a child who moves
    UascArrival,     ///< arrivals of unaccompanied children in an LA's month (keyed by the LA)
    UascChild,       ///< age and placement of one arriving unaccompanied child
    InitialHome,     ///< adoptive, special guardian or child arrangements home at the start
    CareLeaver,      ///< a care leaver's activity and accommodation at a birthday
    InitialLeaver,   ///< ages and status of the care leavers at the start
    Network,         ///< a family's network of relatives (keyed by the family, not a child)
    FamilyMeeting,   ///< family group decision making before care, and its outcome
    Legal,           ///< legal status on entry to care or at the start, and the court's clock
    Court,           ///< outcome of proceedings, and the next event drawn again after it
    RecentReferral,  ///< whether a child at the start was referred in the last 12 months, and when
    PastPlan,        ///< whether a child at the start has been on a protection plan before
    HarmOutside,     ///< harm outside the home on entry to care, and a community safety plan
    StepDown,        ///< a household in a children's home moving to foster care as carers are found
    Sibling,         ///< brothers and sisters entering care, placed and grouped together
    Need,            ///< category of need on entry to care or at the start
    Sex,             ///< sex of a child on its first entry to care
    Ethnicity,       ///< ethnic group of a family (keyed by the family, not a child)
};

/// Pending event kinds; the value is also the event's priority within a month (lower first).
enum class EventKind : uint8_t {
    EighteenthBirthday = 0,  ///< leaves the child population (and care, if looked after)
    StateExit = 1,           ///< leaves the current state by one of its competing routes
    Legal = 2,               ///< proceedings issued or ended (child looked after)
    None = 255,
};

}  // namespace csc::agents
