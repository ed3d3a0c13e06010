// Children stored as columns, grouped by local authority (struct of arrays).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/care_state.hpp"
#include "agents/groups.hpp"
#include "agents/proceedings.hpp"

namespace csc::agents {

/// Month index meaning "no pending event".
inline constexpr int16_t kNoMonth = INT16_MAX;
/// Month index meaning "never" (for a past event: long before any window).
inline constexpr int16_t kNeverMonth = INT16_MIN;

/**
 * One entry per child slot. The children of local authority l occupy the contiguous index range
 * LaRange[l]: first its resident children, then slots reserved for unaccompanied children. A
 * resident slot freed by an 18th birthday is taken by a newborn of the same LA, so the child
 * population of each LA stays at its mid-2021 size; a reserved slot waits for the next arrival.
 */
struct ChildColumns {
    std::vector<uint32_t> serial;      ///< identity within the LA (keys the random streams)
    std::vector<int16_t> birth_month;  ///< month index of birth (negative: before the run)
    std::vector<uint32_t> family;      ///< family within the LA; siblings share it
    std::vector<CareState> state;
    std::vector<Placement> placement;  ///< meaningful while looked after
    std::vector<Home> home;            ///< whom the child lives with when not looked after
    std::vector<uint8_t> uasc;         ///< 1 for an unaccompanied child (a reserved slot)
    std::vector<LegalStatus> legal;    ///< legal status while looked after
    std::vector<Need> need;            ///< category of need, kept from the last entry to care
    /// Sex and ethnicity (groups.hpp), drawn on the first entry to care; kNoGroup before.
    std::vector<uint8_t> group;
    std::vector<int16_t> legal_since;  ///< month the legal status began
    /// Month of the pending legal event (proceedings issued or ended), or kNoMonth; the earlier
    /// of it and the state's own event is next_month.
    std::vector<int16_t> court_month;
    std::vector<int16_t> last_referral;  ///< month of the child's last referral, or kNeverMonth
    std::vector<uint8_t> past_plan;      ///< 1 once the child has been on a protection plan
    std::vector<uint8_t> returned_home;  ///< 1 once the child has left care to go home
    /// 1 once the child has left care at 16 or 17 other than home or to an order (independent
    /// living, another LA, custody, other reasons): a relevant child, a care leaver from 18.
    std::vector<uint8_t> left_care_at_16_17;
    /// The next brother or sister in the family's ring (the child's own slot if it has none):
    /// siblings are found by walking the ring, which is short.
    std::vector<uint32_t> sibling_next;
    /// The household a looked-after child lives in (a foster home, a children's home): siblings
    /// placed together share it; a new one on every entry and move.
    std::vector<uint32_t> carer;
    std::vector<int16_t> next_month;   ///< month of the pending event, or kNoMonth
    std::vector<EventKind> next_kind;  ///< what the pending event is

    void resize(size_t n) {
        serial.resize(n);
        birth_month.resize(n);
        family.resize(n);
        state.resize(n);
        placement.resize(n);
        home.resize(n, Home::Parents);
        uasc.resize(n, 0);
        legal.resize(n, LegalStatus::None);
        need.resize(n, Need::AbuseOrNeglect);
        group.resize(n, kNoGroup);
        legal_since.resize(n, 0);
        court_month.resize(n, kNoMonth);
        last_referral.resize(n, kNeverMonth);
        past_plan.resize(n, 0);
        returned_home.resize(n, 0);
        left_care_at_16_17.resize(n, 0);
        sibling_next.resize(n, 0);
        carer.resize(n, 0);
        next_month.resize(n, kNoMonth);
        next_kind.resize(n, EventKind::None);
    }
    [[nodiscard]] size_t size() const { return serial.size(); }
};

/// The slots of one LA and its identity counters.
struct LaRange {
    size_t begin = 0;
    size_t end = 0;
    uint32_t next_serial = 0;  ///< serial of the next newborn
    uint32_t next_family = 0;  ///< id of the next new family
    uint32_t next_carer = 0;   ///< id of the next household a child is placed in
};

}  // namespace csc::agents
