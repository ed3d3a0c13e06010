// What one local authority's run accumulates: stocks, flows and spend.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "agents/age_band.hpp"
#include "agents/care_leavers.hpp"
#include "agents/care_state.hpp"
#include "agents/groups.hpp"
#include "agents/ledger.hpp"
#include "agents/proceedings.hpp"

namespace csc::agents {

/**
 * Owned by one LA's task, so nothing is shared between threads; the run assembles the tallies in LA
 * order afterwards. All values are simulated children (not yet scaled to England) and integer
 * pence.
 */
struct LaTally {
    std::array<int64_t, kReportStates> count{};  ///< children in each reported state now
    std::array<int64_t, kReportStates>
        at_start{};                            ///< stock at the start (31 March before month 0)
    std::vector<int64_t> stocks_monthly;       ///< [month][report state], at month end
    std::vector<int64_t> flows;                ///< [financial year][flow]
    std::vector<int64_t> spend_pence;          ///< [financial year][ledger line]
    std::array<int64_t, kHomes> home_count{};  ///< resident children not looked after, by home
    int64_t uasc_count = 0;                    ///< unaccompanied children looked after now
    std::array<int64_t, kLegalStatuses> legal_count{};  ///< children looked after, by legal status
    std::vector<int64_t> care_entries_by_age;           ///< [financial year][age band]
    /// Starts of care by category of need, unaccompanied arrivals included: [financial year][need].
    std::vector<int64_t> care_entries_by_need;
    /// Starts, adoptions and SGO exits by sex and ethnicity: [financial year][group flow][group].
    std::vector<int64_t> group_flows;
    // At the start, then at each 31 March in the run:
    std::vector<std::array<int64_t, kHomes>> homes;  ///< children not looked after, by home
    std::vector<LeaverCounts> leavers;               ///< care leavers 18-24
    /// Unaccompanied children looked after, by age band.
    std::vector<std::array<int64_t, kAgeBands>> uasc_looked_after;
    /// Children looked after by age band and legal status: [band][status].
    std::vector<std::array<std::array<int64_t, kLegalStatuses>, kAgeBands>> legal;
    /// Children in each state (not known .. looked after) by age band: [state][band].
    std::vector<std::array<std::array<int64_t, kAgeBands>, kCareStates - 1>> by_age;
    /// Children looked after by category of need (unaccompanied children included).
    std::vector<std::array<int64_t, kNeeds>> need;
    /// Children looked after by sex and ethnicity (unaccompanied children included).
    std::vector<std::array<int64_t, kGroups>> group;
    /// Resident looked-after children with a brother or sister looked after, and of them those
    /// apart from at least one.
    std::vector<std::array<int64_t, 2>> siblings;
    int64_t families = 0;  ///< families formed at the start
    int64_t events = 0;    ///< events processed (exits, 18th birthdays)

    void reset(int32_t months, int32_t financial_years) {
        count.fill(0);
        events = 0;
        at_start.fill(0);
        stocks_monthly.assign(static_cast<size_t>(months) * kReportStates, 0);
        flows.assign(static_cast<size_t>(financial_years) * kFlows, 0);
        spend_pence.assign(static_cast<size_t>(financial_years) * kLedgerLines, 0);
        home_count.fill(0);
        uasc_count = 0;
        legal_count.fill(0);
        care_entries_by_age.assign(static_cast<size_t>(financial_years) * kAgeBands, 0);
        care_entries_by_need.assign(static_cast<size_t>(financial_years) * kNeeds, 0);
        group_flows.assign(static_cast<size_t>(financial_years) * kGroupFlows * kGroups, 0);
        homes.clear();
        leavers.clear();
        uasc_looked_after.clear();
        legal.clear();
        by_age.clear();
        siblings.clear();
        need.clear();
        group.clear();
    }
    void add(int32_t fy, Flow f) {
        ++flows[static_cast<size_t>(fy) * kFlows + static_cast<int>(f)];
    }
    void add(int32_t fy, GroupFlow f, uint8_t group) {
        ++group_flows[(static_cast<size_t>(fy) * kGroupFlows + static_cast<size_t>(f)) * kGroups +
                      group];
    }
};

}  // namespace csc::agents
