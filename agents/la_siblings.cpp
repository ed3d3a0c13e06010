// Brothers and sisters: who enters care with a child, who is placed and moves with them, and who
// leaves care with them. Part of LaProcess (agents/la_process.hpp).
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "agents/la_process.hpp"

namespace csc::agents {

void LaProcess::link_family(size_t i, size_t r) {
    auto& next = children_.sibling_next;
    next[i] = next[r];
    next[r] = static_cast<uint32_t>(i);
}

void LaProcess::unlink_family(size_t i) {
    auto& next = children_.sibling_next;
    size_t p = i;
    while (next[p] != i) p = next[p];
    next[p] = next[i];
    next[i] = static_cast<uint32_t>(i);
}

bool LaProcess::placement_allowed(Placement p, int band) const {
    return params_.placement_mix_of(epoch_)[band][static_cast<int>(p)] > 0;
}

void LaProcess::group_siblings_at_start() {
    // The starting stock places looked-after children one by one, so few would share a family.
    // In a random order (keyed by the child, so not by age), with calibration.sibling_stock_share
    // a looked-after child joins the family of one taken before it: with
    // calibration.sibling_placed_together one in the same kind of placement, whose household it
    // shares, else any (apart). Placements are not changed, so the starting mix stays the data's.
    auto& c = children_;
    std::vector<std::pair<uint32_t, size_t>> order;
    for (size_t i = range_.begin; i < first_reserved_; ++i) {
        if (c.state[i] != CareState::LookedAfter) continue;
        c.carer[i] = range_.next_carer++;
        order.emplace_back(draw(i, Purpose::Sibling, -1)[3], i);
    }
    std::sort(order.begin(), order.end());
    std::vector<size_t> placed;
    std::array<std::vector<size_t>, kPlacements> placed_in{};
    const auto pick_from = [](const std::vector<size_t>& v, uint32_t word) {
        return v[static_cast<size_t>((static_cast<uint64_t>(word) * v.size()) >> 32U)];
    };
    for (const auto& [key, i] : order) {
        const sim::Words w = draw(i, Purpose::Sibling, -1);
        auto& same = placed_in[static_cast<size_t>(c.placement[i])];
        if (!placed.empty() && sim::uniform_open(w[0]) < params_.sibling_stock_share) {
            const bool together =
                !same.empty() && sim::uniform_open(w[2]) < params_.p_sibling_placed_together;
            const size_t k = together ? pick_from(same, w[1]) : pick_from(placed, w[1]);
            unlink_family(i);
            c.family[i] = c.family[k];
            link_family(i, k);
            if (together) c.carer[i] = c.carer[k];
        }
        placed.push_back(i);
        same.push_back(i);
    }
}

void LaProcess::bring_siblings_into_care(size_t i, int32_t m, Flow route, Home home) {
    // Brothers and sisters living in the same home, not looked after, come into care with the
    // child with siblings.p_enter_together (each decided on its own draw).
    auto& c = children_;
    std::vector<size_t> joining;
    for_each_sibling(i, [&](size_t j) {
        const CareState s = c.state[j];
        const bool at_home = s == CareState::NotKnown || s == CareState::EarlyHelp ||
                             s == CareState::ChildInNeed || s == CareState::ChildProtection;
        // Keyed by the child coming in too: two children of a family coming in on their own in
        // the same month each decide afresh for their brothers and sisters.
        if (at_home && c.uasc[j] == 0 && c.home[j] == home &&
            sim::uniform_open(draw(j, Purpose::Sibling, m, 1 + c.serial[i])[0]) <
                params_.p_sibling_enters_together) {
            joining.push_back(j);
        }
    });
    for (const size_t j : joining) enter_with_sibling(j, i, m, route);
}

void LaProcess::enter_with_sibling(size_t j, size_t i, int32_t m, Flow route) {
    auto& c = children_;
    const int band = age_band(age_at(j, m));
    tally_.add(fy_, Flow::CareEntriesWithSibling);
    // Early help or a protection plan ends as the child comes into care (the child's own entry
    // from a plan is counted by its route instead).
    if (c.state[j] == CareState::EarlyHelp) tally_.add(fy_, Flow::EarlyHelpEnded);
    if (c.state[j] == CareState::ChildProtection) tally_.add(fy_, Flow::ProtectionPlansEnded);
    // The family's reason for care (Assumption: for a disabled child's too, which is the child's
    // own; drawing the sibling's instead would leave disability below need.entry_share).
    count_entry(j, band, c.need[i]);
    // The same route to care as the child's: taken in an emergency together, in the same care
    // proceedings (the same final hearing), or accommodated by agreement together.
    const sim::Words w = draw(j, Purpose::Sibling, m);
    const bool order = c.legal[i] == LegalStatus::InterimOrder;
    if (route == Flow::CareEntriesAtReferral) {
        tally_.add(fy_, Flow::CareEntriesDetained);
    } else {
        tally_.add(fy_, order ? Flow::CareEntriesCourtOrder : Flow::CareEntriesVoluntary);
    }
    set_legal(j, order ? LegalStatus::InterimOrder : LegalStatus::Voluntary, m);
    if (order) tally_.add(fy_, Flow::ProceedingsIssued);
    c.court_month[j] = c.court_month[i];  // the same hearing, or proceedings issued together
    // Placed with the child where the placement suits its age, with siblings.p_placed_together.
    Placement placement = c.placement[i];
    if (sim::uniform_open(w[2]) < params_.p_sibling_placed_together &&
        placement_allowed(placement, band)) {
        c.carer[j] = c.carer[i];
    } else {
        placement = entry_placement(j, m, band);
        c.carer[j] = range_.next_carer++;
    }
    change_state(j, CareState::LookedAfter, placement, m);
}

void LaProcess::move_siblings_along(size_t i, uint32_t old_carer, int32_t m) {
    // Brothers and sisters living with a child who moves move with it where the new placement
    // suits their age. Where a child lives does not change its hazards, so nothing is redrawn.
    auto& c = children_;
    for_each_sibling(i, [&](size_t j) {
        if (c.state[j] != CareState::LookedAfter || c.carer[j] != old_carer) return;
        if (!placement_allowed(c.placement[i], age_band(age_at(j, m)))) return;
        tally_.add(fy_, Flow::PlacementMoves);
        --tally_.count[report_state(CareState::LookedAfter, c.placement[j])];
        c.placement[j] = c.placement[i];
        ++tally_.count[report_state(CareState::LookedAfter, c.placement[j])];
        c.carer[j] = c.carer[i];
    });
}

void LaProcess::take_siblings_out(size_t i, int32_t m, CareExit exit) {
    // Brothers and sisters living with a child who goes home, to a special guardian or under a
    // child arrangements order go with it; adopters take those under a placement order too.
    auto& c = children_;
    const bool adoption = exit == CareExit::Adoption;
    std::vector<size_t> leaving;
    for_each_sibling(i, [&](size_t j) {
        if (c.state[j] != CareState::LookedAfter || c.carer[j] != c.carer[i] || c.uasc[j] != 0 ||
            c.legal[j] == LegalStatus::YouthJustice)
            return;
        if ((c.legal[j] == LegalStatus::PlacementOrder) == adoption) leaving.push_back(j);
    });
    for (const size_t j : leaving) {
        tally_.add(fy_, Flow::CareExitsWithSibling);
        leave_care(j, m, exit, false);
    }
}

std::array<int64_t, 2> LaProcess::sibling_counts() const {
    // Looked-after children with a brother or sister looked after too, and of them those who do
    // not live with at least one of them (seed 001 L568).
    const auto& c = children_;
    std::array<int64_t, 2> out{};
    for (size_t i = range_.begin; i < first_reserved_; ++i) {
        if (c.state[i] != CareState::LookedAfter) continue;
        bool with = false;
        bool apart = false;
        for_each_sibling(i, [&](size_t j) {
            if (c.state[j] != CareState::LookedAfter) return;
            with = true;
            apart = apart || c.carer[j] != c.carer[i];
        });
        out[0] += with ? 1 : 0;
        out[1] += apart ? 1 : 0;
    }
    return out;
}

}  // namespace csc::agents
