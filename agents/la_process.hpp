// The pathway rules applied to the children of one local authority, month by month.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "agents/care_leavers.hpp"
#include "agents/child_columns.hpp"
#include "agents/family_network.hpp"
#include "agents/la_tally.hpp"
#include "agents/pathway_parameters.hpp"
#include "sim/event_calendar.hpp"
#include "sim/month.hpp"
#include "sim/random_stream.hpp"

namespace csc::agents {

/**
 * Runs one LA: builds its children at the start, then each month processes the children whose
 * pending event falls in that month, in the calendar's total order (priority and kind = event
 * kind, then the child's identity), and
 * records stocks, flows and spend. Every draw is keyed by (LA, serial, purpose, month), so results
 * do not depend on which thread runs the LA or in what order LAs run.
 */
class LaProcess {
  public:
    LaProcess(const PathwayParameters& params, const sim::RandomKey& key,
              const sim::Timeline& timeline, size_t la, ChildColumns& children, LaRange& range,
              LaTally& tally);

    /// Creates the LA's children (ages, families, states and homes at 31 March before month 0),
    /// its unaccompanied children and its care leavers. `population` is the LA's real child
    /// population and `simulated` how many resident children stand for it; the slots after them,
    /// up to the end of the LA's range, are reserved for unaccompanied children.
    void initialise(int64_t population, int64_t simulated);

    /// Processes the events due in month m and records the month's stocks and spend.
    void run_month(int32_t m);

  private:
    [[nodiscard]] uint64_t entity(size_t i) const {
        return (static_cast<uint64_t>(la_) << 32U) | children_.serial[i];
    }
    [[nodiscard]] sim::Words draw(size_t i, Purpose purpose, int32_t m, uint32_t index = 0) const {
        return sim::draw(key_, entity(i), static_cast<sim::Purpose>(purpose),
                         static_cast<uint32_t>(m), index);
    }
    [[nodiscard]] int age_at(size_t i, int32_t m) const { return m - children_.birth_month[i]; }
    /// The child's route table in month m (see route_table): reads the legal status only for a
    /// looked-after child and the last referral and past plans only for a child not open to
    /// social care.
    [[nodiscard]] int table_of(size_t i, int32_t m) const {
        const CareState s = children_.state[i];
        switch (s) {
            case CareState::LookedAfter:
                return route_table(s, children_.legal[i], false);
            case CareState::NotKnown:
            case CareState::EarlyHelp:
                return route_table(s, LegalStatus::None, recently_referred(i, m), known_risk(i));
            default:
                return static_cast<int>(s);
        }
    }
    /// True if the child carries the raised referral risk of calibration.past_plan_factor: it has
    /// been on a protection plan, or it has gone home from care (Assumption: the data has no
    /// re-entry rate; children who go home were mostly on a plan or in proceedings).
    [[nodiscard]] bool known_risk(size_t i) const {
        return children_.past_plan[i] != 0 || children_.returned_home[i] != 0;
    }
    /// True if the child was referred in the 12 months before month m.
    [[nodiscard]] bool recently_referred(size_t i, int32_t m) const {
        return m - static_cast<int32_t>(children_.last_referral[i]) <= kRereferralWindowMonths;
    }
    /// Months until the pending event of a child not known or on early help who was referred
    /// recently: the raised referral hazard until the 12 months are up, the usual one after.
    [[nodiscard]] int dwell_after_referral(size_t i, int32_t m, int age, double e) const;
    /// An LA-level whole count with mean `expected` (stochastic rounding keyed by the LA, purpose
    /// and index), so small samples are not biased by rounding each LA's share.
    [[nodiscard]] int64_t sampled(double expected, Purpose purpose, uint32_t index) const {
        const uint64_t la_entity = (static_cast<uint64_t>(la_) << 32U) | 0xFFFFFFFFU;
        return sim::stochastic_round(
            expected, sim::draw(key_, la_entity, static_cast<sim::Purpose>(purpose), 0, index)[0]);
    }

    /// Draws when the child leaves its current state, from month m on.
    void schedule(size_t i, int32_t m, Purpose purpose = Purpose::Dwell);
    void redraw_for_new_rates(int32_t m);
    void change_state(size_t i, CareState to, Placement placement, int32_t m);
    void handle_event(size_t i, int32_t m);
    void handle_exit(size_t i, int32_t m);
    void handle_referral(size_t i, int32_t m);
    void enter_care(size_t i, int32_t m, Flow route);
    /// True if family group decision making kept the child out of care.
    bool family_network_plan(size_t i, int32_t m, const FamilyNetwork& network);
    /// True if a Child Community Safety Plan (with probability u < its lever) kept a child with
    /// harm outside the home out of care.
    bool community_safety_plan(size_t i, int32_t m, double u);
    /// Puts a child on a protection plan, counting it (and as a repeat plan if it had one before).
    void start_protection_plan(size_t i, int32_t m);
    /// The child leaves care by `exit`; with `with_siblings`, so do the brothers and sisters it
    /// lives with (take_siblings_out).
    void leave_care(size_t i, int32_t m, CareExit exit, bool with_siblings = true);
    /// Category of need of child i starting care in month m (need.entry_share).
    [[nodiscard]] Need entry_need(size_t i, int32_t m) const;
    /// How many times as fast as its route table's a looked-after child's clock runs: the
    /// larger of 1 and its category of need's exit factor (calibration.need_exit_factor).
    [[nodiscard]] double need_clock(size_t i) const;
    /// Whether an event of `route` (leaving care or a move) on that clock happens, on a draw:
    /// so leaving care has the factor times its hazard and moves their own.
    [[nodiscard]] bool need_accepts(size_t i, Route route, uint32_t word) const;
    /// Draws the sex and ethnicity of child i, unless it has them: ethnicity from `ethnicity`
    /// on a draw keyed by its family (brothers and sisters share it), sex on its own draw.
    void assign_group(size_t i, const std::array<double, kEthnicities>& ethnicity, double male);
    /// Factor on the share of child i's proceedings ending in a placement order (its ethnicity).
    [[nodiscard]] double placement_order_factor(size_t i) const;
    /// Ways out of care of child i in band `band`: the epoch's, with the SGO share on its
    /// ethnicity's factor and the others shrunk in proportion.
    [[nodiscard]] std::array<double, 4> exit_shares_of(size_t i, int band) const;
    /// Counts a start of care of child i (age band `band`, category of need `need`, which it
    /// keeps) and brings it home to its parents' household for the ledger: from an adoption or
    /// order that broke down, after going home.
    void count_entry(size_t i, int band, Need need);
    /// Placement of a child entering care: the mix of its age band, kinship foster care only
    /// where the family's network has an adult able and willing to care.
    [[nodiscard]] Placement entry_placement(size_t i, int32_t m, int band) const;

    // Brothers and sisters (agents/la_siblings.cpp).
    /// Calls f(j) for each brother or sister j of child i (the ring of its family).
    template <typename F>
    void for_each_sibling(size_t i, const F& f) const {
        for (size_t j = children_.sibling_next[i]; j != i; j = children_.sibling_next[j]) f(j);
    }
    /// Child i joins the ring of child r's family (its family id is set by the caller).
    void link_family(size_t i, size_t r);
    /// Child i leaves its family's ring (a ring of its own).
    void unlink_family(size_t i);
    /// True if placement p is open to children of age band `band` (its mix share is not 0).
    [[nodiscard]] bool placement_allowed(Placement p, int band) const;
    /// Looked-after children at the start grouped into sibling groups and placed together.
    void group_siblings_at_start();
    /// Brothers and sisters of child i, at home in `home`, who come into care with it.
    void bring_siblings_into_care(size_t i, int32_t m, Flow route, Home home);
    /// Child j enters care with its brother or sister i, who came in by `route`.
    void enter_with_sibling(size_t j, size_t i, int32_t m, Flow route);
    /// Brothers and sisters who lived with child i, which moved from household `old_carer`,
    /// move with it.
    void move_siblings_along(size_t i, uint32_t old_carer, int32_t m);
    /// Brothers and sisters living with child i leave care with it by `exit`.
    void take_siblings_out(size_t i, int32_t m, CareExit exit);
    /// Resident looked-after children with a brother or sister looked after, and of them those
    /// apart from at least one.
    [[nodiscard]] std::array<int64_t, 2> sibling_counts() const;
    /// Sets the legal status of a looked-after child (or None when it leaves care), keeping the
    /// counts; proceedings still under way when the child leaves care end with it.
    void set_legal(size_t i, LegalStatus status, int32_t m);
    /// Legal status of a child starting to be looked after in month m by `route`, and its
    /// pending legal event.
    void legal_status_on_entry(size_t i, int32_t m, Flow route);
    /// How a planned entry of child i in month m would start (by agreement, under a court order
    /// or on remand): the draw legal_status_on_entry makes, so it can be known beforehand.
    [[nodiscard]] LegalEntry planned_legal_entry(size_t i, int32_t m) const;
    /// Legal status of a resident child looked after at the start (age band b).
    void initial_legal_status(size_t i, int band);
    /// Proceedings issued for a child accommodated by agreement, or ended.
    void handle_legal(size_t i, int32_t m);
    /// Issues care proceedings in month m: the child comes under an interim order until the
    /// proceedings end.
    void issue_proceedings(size_t i, int32_t m, uint32_t word);
    /// Month (after m) in which proceedings are issued for a child accommodated by agreement.
    [[nodiscard]] int16_t issue_month(int32_t m, uint32_t word) const;
    /// Month (after m) in which a child on remand comes to be accommodated by agreement.
    [[nodiscard]] int16_t remand_end_month(int32_t m, uint32_t word) const;
    void replace_with_newborn(size_t i, int32_t m);
    void turn_eighteen(size_t i, int32_t m);
    void move_placement(size_t i, int32_t m);
    /// A child under a placement order moves in with its prospective adopters.
    void place_for_adoption(size_t i, int32_t m);
    /// Children in children's homes step down to local authority foster care when the
    /// children's home share of placements falls from `before` to this epoch's factor.
    void step_down_from_homes(double before, int32_t m);
    void kinship_order(size_t i, int32_t m);
    void assign_families(int64_t simulated);
    void assign_states(int64_t simulated);
    /// Children not open to social care at the start who were referred in the 12 months before.
    void assign_recent_referrals();
    /// Children at the start who have been on a protection plan before.
    void assign_past_plans();
    void assign_homes(int64_t simulated);
    void initialise_uasc(size_t first_reserved);
    void uasc_arrivals(int32_t m);
    void place_uasc(size_t i, int32_t m, double age_years, uint32_t word,
                    const PathwayParameters::PlacementMix& mix);
    void record_snapshot(int32_t m);
    void record_spend();
    [[nodiscard]] Placement draw_placement(int band, uint32_t word) const;

    const PathwayParameters& params_;
    const sim::RandomKey& key_;
    const sim::Timeline& timeline_;
    size_t la_;
    ChildColumns& children_;
    LaRange& range_;
    LaTally& tally_;
    int32_t fy_ = 0;             ///< financial-year index of the month being processed
    int32_t epoch_ = 0;          ///< rate epoch in force (see PathwayParameters::epoch_of)
    double per_child_ = 1;       ///< simulated children per real child (the sample fraction)
    size_t first_reserved_ = 0;  ///< first slot reserved for unaccompanied children
    CareLeavers leavers_;

    sim::EventCalendar calendar_;  ///< the LA's due events of the month being run
};

}  // namespace csc::agents
