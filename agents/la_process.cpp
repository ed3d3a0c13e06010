#include "agents/la_process.hpp"

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <unordered_map>

#include "agents/dwell_time.hpp"
#include "agents/shares.hpp"

namespace csc::agents {

LaProcess::LaProcess(const PathwayParameters& params, const sim::RandomKey& key,
                     const sim::Timeline& timeline, size_t la, ChildColumns& children,
                     LaRange& range, LaTally& tally)
    : params_(params),
      key_(key),
      timeline_(timeline),
      la_(la),
      children_(children),
      range_(range),
      tally_(tally),
      leavers_(params.leaving_care, params.networks, key, la) {}

void LaProcess::initialise(int64_t population, int64_t simulated) {
    auto& c = children_;
    const size_t b0 = range_.begin;
    per_child_ = static_cast<double>(simulated) / static_cast<double>(population);
    first_reserved_ = b0 + static_cast<size_t>(simulated);
    // Ages at 31 March before the run: stratified uniform over 0..215 months, so child k is
    // younger than child k+1 and each age band is a contiguous run of slots.
    for (int64_t k = 0; k < simulated; ++k) {
        const size_t i = b0 + static_cast<size_t>(k);
        c.serial[i] = static_cast<uint32_t>(k);
        const double u = sim::uniform_open(draw(i, Purpose::InitialAge, 0)[0]);
        const int age = std::min(kAgeOutMonths - 1,
                                 static_cast<int>((static_cast<double>(k) + u) * kAgeOutMonths /
                                                  static_cast<double>(simulated)));
        c.birth_month[i] = static_cast<int16_t>(-1 - age);
        c.state[i] = CareState::NotKnown;
        c.placement[i] = Placement::Other;
        c.home[i] = Home::Parents;
        c.uasc[i] = 0;
    }
    range_.next_serial = static_cast<uint32_t>(simulated);
    for (size_t i = b0; i < range_.end; ++i) c.sibling_next[i] = static_cast<uint32_t>(i);
    assign_families(simulated);

    assign_states(simulated);
    group_siblings_at_start();
    // Sex and ethnicity of the looked-after children, once brothers and sisters share a family:
    // the starts' mix (Assumption: the data has no children looked after by group), and under a
    // placement order the mix the calibrated factors give placement orders.
    const auto& g = params_.groups;
    for (size_t i = b0; i < first_reserved_; ++i) {
        if (c.state[i] != CareState::LookedAfter) continue;
        assign_group(i,
                     c.legal[i] == LegalStatus::PlacementOrder ? g.placement_order_ethnicity
                                                               : g.resident_ethnicity,
                     g.resident_male);
    }
    assign_homes(simulated);
    for (size_t i = range_.begin; i < first_reserved_; ++i) {
        if (c.state[i] != CareState::LookedAfter) ++tally_.home_count[static_cast<int>(c.home[i])];
    }
    initialise_uasc(first_reserved_);
    assign_recent_referrals();
    assign_past_plans();
    for (size_t i = range_.begin; i < range_.end; ++i) {
        ++tally_.count[report_state(c.state[i], c.placement[i])];
        schedule(i, -1);
    }
    tally_.at_start = tally_.count;
    leavers_.initialise(params_.initial_stock(la_).leavers_per_age * per_child_,
                        params_.initial_stock(la_).leavers_former_uasc_share, range_.next_serial,
                        0);
    record_snapshot(-1);
}

void LaProcess::assign_states(int64_t simulated) {
    // States at 31 March: exact counts per band by selection sampling over the band's slots (the
    // slots are in age order); looked-after children also get a placement and a legal status.
    auto& c = children_;
    const size_t b0 = range_.begin;
    const auto& stock = params_.initial_stock(la_);
    size_t k = 0;
    for (int b = 0; b < kAgeBands; ++b) {
        const size_t first = k;
        while (k < static_cast<size_t>(simulated) && age_band(-1 - c.birth_month[b0 + k]) == b) ++k;
        int64_t remaining = static_cast<int64_t>(k - first);
        std::array<int64_t, kCareStates> want{};
        int64_t wanted = 0;
        for (int s = 1; s < kCareStates; ++s) {
            want[s] = sampled(stock.by_state_band[s][b] * per_child_, Purpose::InitialState,
                              static_cast<uint32_t>(b * kCareStates + s));
            wanted += want[s];
        }
        // A tiny sample (or a large early help stock) can ask for more open cases than there are
        // children: scale the wanted counts down to fit, then trim rounding from the largest.
        if (wanted > remaining) {
            const double shrink = static_cast<double>(remaining) / static_cast<double>(wanted);
            wanted = 0;
            for (int s = 1; s < kCareStates; ++s) {
                want[s] = static_cast<int64_t>(static_cast<double>(want[s]) * shrink);
                wanted += want[s];
            }
        }
        for (size_t j = first; j < k; ++j, --remaining) {
            const size_t i = b0 + j;
            const double u = sim::uniform_open(draw(i, Purpose::InitialState, 0)[0]) *
                             static_cast<double>(remaining);
            double cum = 0;
            for (int s = 1; s < kCareStates; ++s) {
                cum += static_cast<double>(want[s]);
                if (u < cum) {
                    c.state[i] = static_cast<CareState>(s);
                    --want[s];
                    break;
                }
            }
            if (c.state[i] == CareState::LookedAfter) {
                initial_legal_status(i, b);
                // Placed for adoption only under a placement order (the stock mix has none).
                const sim::Words wp = draw(i, Purpose::InitialPlacement, 0);
                c.placement[i] =
                    c.legal[i] == LegalStatus::PlacementOrder &&
                            sim::uniform_open(wp[1]) <
                                params_.proceedings.initial_placed_for_adoption
                        ? Placement::PlacedForAdoption
                        : static_cast<Placement>(pick(params_.placement_stock_mix[b], kPlacements,
                                                      sim::uniform_open(wp[0])));
                c.need[i] =
                    static_cast<Need>(pick(params_.need_stock_share, kNeeds,
                                           sim::uniform_open(draw(i, Purpose::Need, 0)[0])));
            }
        }
    }
}

void LaProcess::assign_recent_referrals() {
    // With referral.recent_share_start, a child not open to social care at the start was referred
    // in one of the 12 months before (uniformly), so re-referrals start at their level.
    const double share = params_.recent_referral_share_start;
    for (size_t i = range_.begin; i < first_reserved_; ++i) {
        const CareState s = children_.state[i];
        if (s != CareState::NotKnown && s != CareState::EarlyHelp) continue;
        const sim::Words w = draw(i, Purpose::RecentReferral, -1);
        if (sim::uniform_open(w[0]) >= share) continue;
        const int ago = static_cast<int>(sim::uniform_open(w[1]) * kRereferralWindowMonths);
        children_.last_referral[i] = static_cast<int16_t>(-1 - ago);
    }
}

void LaProcess::assign_past_plans() {
    // A child on a plan at the start has been on one; any other resident child has with
    // min(1, age in years x cp.past_plan_per_child_year), so repeat plans start near their level.
    // (Children who have gone home from care: see below.)
    for (size_t i = range_.begin; i < first_reserved_; ++i) {
        const double years = static_cast<double>(age_at(i, -1)) / 12.0;  // at the start
        const double p = children_.state[i] == CareState::ChildProtection
                             ? 1.0
                             : std::min(1.0, years * params_.past_plan_per_child_year);
        const sim::Words w = draw(i, Purpose::PastPlan, -1);
        children_.past_plan[i] = sim::uniform_open(w[0]) < p ? 1 : 0;
        // Likewise a child not looked after has gone home from care before with min(1, age in
        // years x cla.returned_home_per_child_year). Re-entries start at about half their level:
        // children who went home lately come back sooner than this spread makes them.
        const double p_home = children_.state[i] == CareState::LookedAfter
                                  ? 0.0
                                  : std::min(1.0, years * params_.returned_home_per_child_year);
        children_.returned_home[i] = sim::uniform_open(w[1]) < p_home ? 1 : 0;
        // And a child of 16 or 17 living with its parents, not looked after, left care since 16
        // other than home or to an order with min(1, years since 16 x
        // cla.left_care_at_16_17_per_child_year).
        const double since_16 = years - kBandStartMonths[kAgeBands - 1] / 12.0;
        const double p_left =
            children_.state[i] == CareState::LookedAfter || children_.home[i] != Home::Parents ||
                    since_16 <= 0
                ? 0.0
                : std::min(1.0, since_16 * params_.left_care_at_16_17_per_child_year);
        children_.left_care_at_16_17[i] = sim::uniform_open(w[2]) < p_left ? 1 : 0;
    }
}

Placement LaProcess::draw_placement(int band, uint32_t word) const {
    return static_cast<Placement>(
        pick(params_.placement_mix_of(epoch_)[band], kPlacements, sim::uniform_open(word)));
}

void LaProcess::assign_homes(int64_t simulated) {
    // Adoptive, special guardianship and child arrangements homes at the start: exact counts per
    // age band among the children not looked after, by selection sampling as for the states.
    auto& c = children_;
    const auto& stock = params_.initial_stock(la_);
    const size_t b0 = range_.begin;
    size_t k = 0;
    for (int b = 0; b < kAgeBands; ++b) {
        const size_t first = k;
        while (k < static_cast<size_t>(simulated) && age_band(-1 - c.birth_month[b0 + k]) == b) ++k;
        int64_t remaining = 0;
        for (size_t j = first; j < k; ++j)
            remaining += c.state[b0 + j] != CareState::LookedAfter ? 1 : 0;
        std::array<int64_t, kHomes> want{};
        int64_t wanted = 0;
        for (int h = 1; h < kHomes; ++h) {
            want[h] = sampled(stock.home_by_band[h][b] * per_child_, Purpose::InitialHome,
                              static_cast<uint32_t>(b * kHomes + h));
            wanted += want[h];
        }
        if (wanted > remaining) continue;  // a sample too small to hold them: none
        for (size_t j = first; j < k; ++j) {
            const size_t i = b0 + j;
            if (c.state[i] == CareState::LookedAfter) continue;
            const double u = sim::uniform_open(draw(i, Purpose::InitialHome, 0)[0]) *
                             static_cast<double>(remaining);
            --remaining;
            double cum = 0;
            for (int h = 1; h < kHomes; ++h) {
                cum += static_cast<double>(want[h]);
                if (u < cum) {
                    c.home[i] = static_cast<Home>(h);
                    --want[h];
                    break;
                }
            }
        }
    }
}

void LaProcess::initialise_uasc(size_t first_reserved) {
    // Unaccompanied children looked after at the start, in the first reserved slots. Arriving at
    // ages uniform in [lo, hi) and staying until 18, their ages a have density proportional to the
    // arrival ages below a: drawn by inverting that distribution.
    auto& c = children_;
    const int64_t n = sampled(params_.initial_stock(la_).uasc * per_child_, Purpose::UascChild, 0);
    const double lo = params_.uasc_age_lo, hi = params_.uasc_age_hi;
    for (size_t i = first_reserved; i < range_.end; ++i) {
        c.serial[i] = range_.next_serial++;
        c.family[i] = range_.next_family++;
        c.home[i] = Home::Parents;
        c.uasc[i] = 0;
        c.state[i] = CareState::Outside;
        c.placement[i] = Placement::Other;
        c.birth_month[i] = 0;
        if (static_cast<int64_t>(i - first_reserved) >= n) continue;
        const sim::Words w = draw(i, Purpose::UascChild, -1);
        // Cumulative share of the stock younger than a: ((a-lo)^2 / 2) / ((hi-lo)^2/2 +
        // (hi-lo)(18-hi)) below hi, linear above it.
        const double width = hi - lo;
        const double area = 0.5 * width * width + width * (18.0 - hi);
        const double target = sim::uniform_open(w[0]) * area;
        const double age = target < 0.5 * width * width
                               ? lo + std::sqrt(2.0 * target)
                               : hi + (target - 0.5 * width * width) / width;
        place_uasc(i, -1, age, w[1], params_.placement_stock_mix);
        ++tally_.uasc_count;
    }
}

void LaProcess::place_uasc(size_t i, int32_t m, double age_years, uint32_t word,
                           const PathwayParameters::PlacementMix& mix) {
    auto& c = children_;
    const int age_months = std::clamp(static_cast<int>(age_years * 12.0), 0, kAgeOutMonths - 1);
    c.birth_month[i] = static_cast<int16_t>(m - age_months);
    c.uasc[i] = 1;
    c.state[i] = CareState::LookedAfter;
    c.carer[i] = range_.next_carer++;
    // Unaccompanied children are accommodated by agreement (section 20) and stay until 18.
    set_legal(i, LegalStatus::Voluntary, m);
    c.need[i] = Need::AbsentParenting;
    c.group[i] = kNoGroup;  // the slot's last child was another
    assign_group(i, params_.groups.uasc_ethnicity, params_.groups.uasc_male);
    c.placement[i] = static_cast<Placement>(
        pick(mix[age_band(age_months)], kPlacements, sim::uniform_open(word)));
}

void LaProcess::uasc_arrivals(int32_t m) {
    // A Poisson number of arrivals in the LA's month, from one stream keyed by the LA and month;
    // each takes the first free reserved slot.
    const double mean = params_.uasc_arrivals_per_month(epoch_, la_) * per_child_;
    if (mean <= 0) return;
    auto rng =
        sim::stream(key_, (static_cast<uint64_t>(la_) << 32U) | 0xFFFFFFFFU,
                    static_cast<sim::Purpose>(Purpose::UascArrival), static_cast<uint32_t>(m));
    boost::random::poisson_distribution<int64_t, double> arrivals(mean);
    int64_t n = arrivals(rng);
    size_t i = first_reserved_;
    for (; n > 0; --n) {
        while (i < range_.end && children_.state[i] != CareState::Outside) ++i;
        if (i == range_.end) {
            tally_.add(fy_, Flow::UascArrivalsUnplaced);
            continue;
        }
        children_.serial[i] = range_.next_serial++;
        children_.family[i] = range_.next_family++;
        const sim::Words w = draw(i, Purpose::UascChild, m);
        const double age = params_.uasc_age_lo +
                           sim::uniform_open(w[0]) * (params_.uasc_age_hi - params_.uasc_age_lo);
        --tally_.count[kOutsideReport];
        place_uasc(i, m, age, w[1], params_.placement_mix_of(epoch_));
        ++tally_.uasc_count;
        ++tally_.count[report_state(children_.state[i], children_.placement[i])];
        tally_.add(fy_, Flow::UascArrivals);
        tally_.add(fy_, Flow::CareEntriesVoluntary);
        ++tally_.care_entries_by_need[static_cast<size_t>(fy_) * kNeeds +
                                      static_cast<size_t>(Need::AbsentParenting)];
        tally_.add(fy_, GroupFlow::CareEntries, children_.group[i]);
        schedule(i, m);
    }
}

void LaProcess::record_snapshot(int32_t m) {
    // Homes of the children not looked after, the care leavers and the unaccompanied children
    // looked after, at a 31 March (m = -1: the start).
    tally_.homes.push_back(tally_.home_count);
    tally_.leavers.push_back(leavers_.count(m));
    // Children by state and age band (every slot but those not yet taken), and the looked-after
    // children's legal statuses and unaccompanied children by age band.
    std::array<std::array<int64_t, kAgeBands>, kCareStates - 1> by_age{};
    std::array<std::array<int64_t, kLegalStatuses>, kAgeBands> legal{};
    std::array<int64_t, kAgeBands> uasc{};
    std::array<int64_t, kNeeds> need{};
    std::array<int64_t, kGroups> group{};
    for (size_t i = range_.begin; i < range_.end; ++i) {
        const CareState s = children_.state[i];
        if (s == CareState::Outside) continue;
        const int band = age_band(m - children_.birth_month[i]);
        ++by_age[static_cast<int>(s)][band];
        if (s == CareState::LookedAfter) ++legal[band][static_cast<int>(children_.legal[i])];
        if (s == CareState::LookedAfter && children_.uasc[i] != 0) ++uasc[band];
        if (s == CareState::LookedAfter) {
            ++need[static_cast<int>(children_.need[i])];
            ++group[children_.group[i]];
        }
    }
    tally_.by_age.push_back(by_age);
    tally_.legal.push_back(legal);
    tally_.uasc_looked_after.push_back(uasc);
    tally_.need.push_back(need);
    tally_.group.push_back(group);
    tally_.siblings.push_back(sibling_counts());
}

void LaProcess::record_spend() {
    // The month's spend by ledger line: each line's driver (child-months) times its unit cost;
    // the lines the model does not drive are spread over LAs by child population.
    const auto& c = tally_.count;
    const auto placed = [&](Placement p) { return c[report_state(CareState::LookedAfter, p)]; };
    int64_t looked_after = 0;
    for (int j = 0; j < kPlacements; ++j) looked_after += placed(static_cast<Placement>(j));
    std::array<int64_t, kLedgerLines> driver{};
    const auto set = [&](LedgerLine l, int64_t v) { driver[static_cast<int>(l)] = v; };
    set(LedgerLine::ResidentialCare,
        placed(Placement::ChildrensHome) + placed(Placement::OtherResidential));
    set(LedgerLine::Fostering, placed(Placement::KinshipFoster) + placed(Placement::LaFoster) +
                                   placed(Placement::AgencyFoster));
    set(LedgerLine::AdoptionServices, placed(Placement::PlacedForAdoption));
    set(LedgerLine::SpecialGuardianshipSupport,
        tally_.home_count[static_cast<int>(Home::SpecialGuardian)]);
    set(LedgerLine::OtherLookedAfter, looked_after);
    set(LedgerLine::FamilyAndFriends, tally_.home_count[static_cast<int>(Home::ChildArrangements)]);
    set(LedgerLine::LeavingCare, static_cast<int64_t>(leavers_.columns().size()));
    set(LedgerLine::AsylumSeekers, tally_.uasc_count);
    set(LedgerLine::SocialWork, c[static_cast<int>(CareState::ChildInNeed)] +
                                    c[static_cast<int>(CareState::ChildProtection)] + looked_after);
    set(LedgerLine::TargetedFamilySupport, c[static_cast<int>(CareState::EarlyHelp)]);
    int64_t* spend = &tally_.spend_pence[static_cast<size_t>(fy_) * kLedgerLines];
    for (int l = 0; l < kLedgerLines; ++l)
        spend[l] += driver[l] * params_.ledger.unit_pence(fy_, static_cast<LedgerLine>(l));
    spend[static_cast<int>(LedgerLine::OtherServices)] +=
        std::llround(static_cast<double>(params_.ledger.other_services_pence(fy_)) *
                     params_.population_share(la_) * per_child_);
}

void LaProcess::assign_families(int64_t simulated) {
    // Siblings: shuffle the LA's slots (Fisher-Yates with keyed draws), then cut the shuffled order
    // into families whose sizes follow population.family_size_shares.
    const size_t b0 = range_.begin;
    const size_t n = static_cast<size_t>(simulated);
    std::vector<uint32_t> order(n);
    for (size_t j = 0; j < n; ++j) order[j] = static_cast<uint32_t>(j);
    for (size_t j = n; j > 1; --j) {
        const uint32_t w = draw(b0 + j - 1, Purpose::InitialFamily, 0)[0];
        const size_t r = static_cast<size_t>((static_cast<uint64_t>(w) * j) >> 32U);
        std::swap(order[j - 1], order[r]);
    }
    // Family sizes come from one Boost.Random stream per LA (keyed by the LA, not a child).
    auto rng = sim::stream(key_, static_cast<uint64_t>(la_) << 32U,
                           static_cast<sim::Purpose>(Purpose::FamilySize), 0);
    boost::random::discrete_distribution<int> family_size(params_.family_size_share.begin(),
                                                          params_.family_size_share.end());
    size_t j = 0;
    uint32_t family = 0;
    while (j < n) {
        const size_t size = static_cast<size_t>(family_size(rng)) + 1;
        const size_t first = b0 + order[j];
        for (size_t s = 0; s < size && j < n; ++s, ++j) {
            children_.family[b0 + order[j]] = family;
            if (s > 0) link_family(b0 + order[j], first);
        }
        ++family;
    }
    range_.next_family = family;
    tally_.families = family;
}

void LaProcess::schedule(size_t i, int32_t m, Purpose purpose) {
    if (children_.state[i] == CareState::Outside) {
        children_.next_month[i] = kNoMonth;
        children_.next_kind[i] = EventKind::None;
        return;
    }
    // Unaccompanied children looked after stay until 18 (Assumption: uasc.arrival_age_years).
    if (children_.uasc[i] != 0 && children_.state[i] == CareState::LookedAfter) {
        children_.next_month[i] = static_cast<int16_t>(children_.birth_month[i] + kAgeOutMonths);
        children_.next_kind[i] = EventKind::EighteenthBirthday;
        return;
    }
    // One draw per state entry, not one per month: see dwell_months.
    auto& c = children_;
    const int a = age_at(i, m);
    const double e = sim::exponential(draw(i, purpose, m)[0]);
    const bool looked_after = c.state[i] == CareState::LookedAfter;
    int t = 0;
    if (looked_after && c.legal[i] == LegalStatus::PlacementOrder) {
        // Under a placement order the child waits to be placed with prospective adopters, then
        // to be adopted, each at a constant monthly hazard.
        const double h = c.placement[i] == Placement::PlacedForAdoption
                             ? params_.adoption_hazard(epoch_)
                             : params_.proceedings.adoption_placement_hazard;
        // A hazard of 0 (or one too small to act before 18) leaves the child waiting until 18.
        t = h > 0 && e / h < kAgeOutMonths ? std::max(1, static_cast<int>(std::ceil(e / h)))
                                           : kAgesOut;
        if (t != kAgesOut && a + t >= kAgeOutMonths) t = kAgesOut;
    } else if ((c.state[i] == CareState::NotKnown || c.state[i] == CareState::EarlyHelp) &&
               c.last_referral[i] + kRereferralWindowMonths > m) {
        t = dwell_after_referral(i, m, a, e);
    } else {
        // A looked-after child's hazard of leaving care depends on its legal status (children
        // accommodated by agreement leave sooner than children under an order). The dwell covers
        // months m+1 on, so the table is that of month m+1 (a referral 12 months before month m
        // no longer raises it).
        // A looked-after child's category of need speeds up its leaving care: the clock runs
        // need_clock times as fast (a divisor of the exponential draw) and handle_exit thins
        // the events back to the routes' hazards (need_accepts).
        t = dwell_months(params_.cumulative_hazard(epoch_, la_, table_of(i, m + 1)), a,
                         looked_after ? e / need_clock(i) : e);
    }
    if (t == kAgesOut) {
        c.next_month[i] = static_cast<int16_t>(c.birth_month[i] + kAgeOutMonths);
        c.next_kind[i] = EventKind::EighteenthBirthday;
    } else {
        c.next_month[i] = static_cast<int16_t>(m + t);
        c.next_kind[i] = EventKind::StateExit;
    }
    // The court's clock runs alongside: whichever comes first is the pending event (one due in a
    // month already under way is taken next month).
    if (!looked_after) return;
    const int16_t court = std::max<int16_t>(c.court_month[i], static_cast<int16_t>(m + 1));
    if (court < c.next_month[i]) {
        c.next_month[i] = court;
        c.next_kind[i] = EventKind::Legal;
    }
}

int LaProcess::dwell_after_referral(size_t i, int32_t m, int age, double e) const {
    // Hazard over the months m+1 .. m+k of the window from the recent table, then the usual one.
    const CareState s = children_.state[i];
    const bool past_plan = known_risk(i);
    const double* recent =
        params_.cumulative_hazard(epoch_, la_, route_table(s, LegalStatus::None, true, past_plan));
    const int t = dwell_months(recent, age, e);
    const int k = children_.last_referral[i] + kRereferralWindowMonths - m;
    if (t != kAgesOut && t <= k) return t;
    const int age_end = age + k;
    if (age_end >= kAgeOutMonths) return kAgesOut;
    const double left = e - (recent[age_end + 1] - recent[age + 1]);
    const int t2 = dwell_months(
        params_.cumulative_hazard(epoch_, la_, route_table(s, LegalStatus::None, false, past_plan)),
        age_end, left);
    return t2 == kAgesOut ? kAgesOut : k + t2;
}

void LaProcess::set_legal(size_t i, LegalStatus status, int32_t m) {
    auto& c = children_;
    if (c.legal[i] == LegalStatus::InterimOrder && status == LegalStatus::None) {
        tally_.add(fy_, Flow::ProceedingsLeftCare);
        if (m - c.legal_since[i] <= kStatutoryLimitMonths) {
            tally_.add(fy_, Flow::ProceedingsWithin26Weeks);
        }
    }
    if (c.legal[i] != LegalStatus::None) --tally_.legal_count[static_cast<int>(c.legal[i])];
    if (status != LegalStatus::None) ++tally_.legal_count[static_cast<int>(status)];
    c.legal[i] = status;
    c.legal_since[i] = static_cast<int16_t>(m);
    c.court_month[i] = kNoMonth;
}

int16_t LaProcess::issue_month(int32_t m, uint32_t word) const {
    const double h = params_.voluntary_issue_hazard(epoch_);
    if (!(h > 0)) return kNoMonth;
    const double t = std::ceil(sim::exponential(word) / h);
    return t < kAgeOutMonths ? static_cast<int16_t>(m + std::max(1.0, t)) : kNoMonth;
}

int16_t LaProcess::remand_end_month(int32_t m, uint32_t word) const {
    const double t = std::ceil(sim::exponential(word) * params_.proceedings.youth_justice_months);
    return static_cast<int16_t>(m + std::clamp(t, 1.0, static_cast<double>(kAgeOutMonths)));
}

void LaProcess::issue_proceedings(size_t i, int32_t m, uint32_t word) {
    set_legal(i, LegalStatus::InterimOrder, m);
    tally_.add(fy_, Flow::ProceedingsIssued);
    children_.court_month[i] =
        static_cast<int16_t>(m + params_.proceedings.months(sim::uniform_open(word),
                                                            params_.proceedings_length(epoch_)));
}

LegalEntry LaProcess::planned_legal_entry(size_t i, int32_t m) const {
    const sim::Words w = draw(i, Purpose::Legal, m);
    return static_cast<LegalEntry>(
        pick(params_.proceedings.planned_entry_share, kLegalEntries, sim::uniform_open(w[0])));
}

void LaProcess::legal_status_on_entry(size_t i, int32_t m, Flow route) {
    // Children taken straight into care at referral are the ones detained for their protection
    // (referral.p_care_direct is derived from them); police protection lasts 72 hours and an
    // emergency protection order 8 days, so within the month the child comes under an interim
    // order or stays by agreement. Other entries take the other statuses in their shares.
    const auto& pp = params_.proceedings;
    const sim::Words w = draw(i, Purpose::Legal, m);
    bool order = false;
    if (route == Flow::CareEntriesAtReferral) {
        tally_.add(fy_, Flow::CareEntriesDetained);
        order = sim::uniform_open(w[1]) < pp.p_detained_to_order;
    } else {
        const LegalEntry entry = planned_legal_entry(i, m);
        if (entry == LegalEntry::YouthJustice) {
            tally_.add(fy_, Flow::CareEntriesYouthJustice);
            set_legal(i, LegalStatus::YouthJustice, m);
            children_.court_month[i] = remand_end_month(m, w[2]);
            return;
        }
        order = entry == LegalEntry::CourtOrder;
        tally_.add(fy_, order ? Flow::CareEntriesCourtOrder : Flow::CareEntriesVoluntary);
    }
    if (order) {
        issue_proceedings(i, m, w[2]);
    } else {
        set_legal(i, LegalStatus::Voluntary, m);
        children_.court_month[i] = issue_month(m, w[2]);
    }
}

void LaProcess::initial_legal_status(size_t i, int band) {
    // Statuses at the start: placement orders and interim orders by band (see
    // ProceedingsParameters::initial_other_share), the others in England's proportions. An
    // interim order has run a uniform share of its length, drawn length-biased (proceedings under
    // way on a given day are the longer ones: for a log-normal, the median times exp(sd^2)).
    auto& c = children_;
    const auto& pp = params_.proceedings;
    const int32_t m = -1;
    const sim::Words w = draw(i, Purpose::Legal, m);
    if (sim::uniform_open(w[0]) < pp.initial_placement_order[band]) {
        set_legal(i, LegalStatus::PlacementOrder, m);
        return;
    }
    static constexpr std::array<LegalStatus, 4> kOthers = {
        LegalStatus::Voluntary, LegalStatus::InterimOrder, LegalStatus::CareOrder,
        LegalStatus::YouthJustice};
    const LegalStatus status =
        kOthers[pick(pp.initial_other_share[band], 4, sim::uniform_open(w[1]))];
    set_legal(i, status, m);
    if (status == LegalStatus::YouthJustice) {
        c.court_month[i] = remand_end_month(m, w[2]);
    } else if (status == LegalStatus::Voluntary) {
        c.court_month[i] = issue_month(m, w[2]);
    } else if (status == LegalStatus::InterimOrder) {
        const int length = pp.months(sim::uniform_open(w[2]), params_.proceedings_length(epoch_) *
                                                                  std::exp(pp.log_sd * pp.log_sd));
        const int elapsed = static_cast<int>(sim::uniform_open(w[3]) * length);
        c.legal_since[i] = static_cast<int16_t>(m - elapsed);
        c.court_month[i] = static_cast<int16_t>(m + length - elapsed);
    }
}

void LaProcess::handle_legal(size_t i, int32_t m) {
    auto& c = children_;
    const sim::Words w = draw(i, Purpose::Court, m, 1);
    if (c.legal[i] == LegalStatus::Voluntary) {
        issue_proceedings(i, m, w[0]);
    } else if (c.legal[i] == LegalStatus::YouthJustice) {
        // Remand ended: the child stays looked after, by agreement.
        set_legal(i, LegalStatus::Voluntary, m);
        c.court_month[i] = issue_month(m, w[0]);
    } else {
        // The final hearing: a placement order or a care order (proceedings that end with the
        // child leaving care end in leave_care or at 18).
        if (m - c.legal_since[i] <= kStatutoryLimitMonths) {
            tally_.add(fy_, Flow::ProceedingsWithin26Weeks);
        }
        const int band = age_band(age_at(i, m));
        const bool adoption =
            sim::uniform_open(w[1]) <
            params_.placement_order_share(epoch_, band) * placement_order_factor(i);
        tally_.add(fy_, adoption ? Flow::ProceedingsPlacementOrder : Flow::ProceedingsCareOrder);
        set_legal(i, adoption ? LegalStatus::PlacementOrder : LegalStatus::CareOrder, m);
    }
    schedule(i, m, Purpose::Court);
}

void LaProcess::change_state(size_t i, CareState to, Placement placement, int32_t m) {
    auto& c = children_;
    --tally_.count[report_state(c.state[i], c.placement[i])];
    c.state[i] = to;
    c.placement[i] = placement;
    ++tally_.count[report_state(to, placement)];
    schedule(i, m);
}

void LaProcess::run_month(int32_t m) {
    fy_ = timeline_.fy_index_of(m);
    const int32_t epoch = params_.epoch_of(fy_);
    if (epoch != epoch_) {
        const double before = params_.childrens_home_factor(epoch_);
        epoch_ = epoch;
        redraw_for_new_rates(m);
        step_down_from_homes(before, m);
    }
    uasc_arrivals(m);
    const auto& due = calendar_.collect(children_.next_month.data(), range_.begin, range_.end,
                                        static_cast<int16_t>(m), [&](size_t i) {
                                            const auto kind =
                                                static_cast<uint8_t>(children_.next_kind[i]);
                                            return sim::DueEvent{kind, kind, entity(i), 0};
                                        });
    for (const sim::DueEvent& d : due) {
        // A brother's or sister's event may have moved a child's pending event this month.
        const size_t i = range_.begin + d.slot;
        if (children_.next_month[i] != m || static_cast<uint8_t>(children_.next_kind[i]) != d.kind)
            continue;
        handle_event(i, m);
    }

    std::copy(tally_.count.begin(), tally_.count.end(),
              tally_.stocks_monthly.begin() + static_cast<ptrdiff_t>(m) * kReportStates);
    // Care leavers' birthdays first: a young person is not paid for in the month they turn 25.
    const int64_t aged_out = leavers_.run_month(m, params_.staying_put_end(epoch_));
    for (int64_t k = 0; k < aged_out; ++k) tally_.add(fy_, Flow::CareLeaversAgedOut);
    record_spend();
    if (timeline_.is_march(m)) record_snapshot(m);
}

void LaProcess::redraw_for_new_rates(int32_t m) {
    // Rates change at the start of a financial year: every child whose state's hazards changed
    // draws its pending event again, from the end of last month, under the new rates. Exact,
    // because the time left in a state is memoryless; this includes events that were due this
    // month, whose timing was drawn under the old rates.
    for (size_t i = range_.begin; i < range_.end; ++i) {
        auto& c = children_;
        // A child accommodated by agreement waits for proceedings at the new rate too.
        const bool issue = c.state[i] == CareState::LookedAfter &&
                           c.legal[i] == LegalStatus::Voluntary && c.uasc[i] == 0 &&
                           params_.voluntary_issue_changes(epoch_);
        if (issue) c.court_month[i] = issue_month(m - 1, draw(i, Purpose::Court, m - 1, 2)[0]);
        const bool adoption = c.state[i] == CareState::LookedAfter &&
                              c.legal[i] == LegalStatus::PlacementOrder &&
                              c.placement[i] == Placement::PlacedForAdoption &&
                              params_.adoption_hazard_changes(epoch_);
        const CareState st = c.state[i];
        const bool referable = st == CareState::NotKnown || st == CareState::EarlyHelp;
        // A child not open to social care may use two tables (recently referred, then not).
        const bool past_plan = known_risk(i);
        if (issue || adoption || params_.hazards_change(epoch_, la_, table_of(i, m)) ||
            (referable &&
             (params_.hazards_change(epoch_, la_,
                                     route_table(st, LegalStatus::None, true, past_plan)) ||
              params_.hazards_change(epoch_, la_,
                                     route_table(st, LegalStatus::None, false, past_plan))))) {
            schedule(i, m - 1, Purpose::Redraw);
        }
    }
}

void LaProcess::handle_event(size_t i, int32_t m) {
    ++tally_.events;
    switch (children_.next_kind[i]) {
        case EventKind::EighteenthBirthday:
            turn_eighteen(i, m);
            break;
        case EventKind::Legal:
            handle_legal(i, m);
            break;
        default:
            handle_exit(i, m);
            break;
    }
}

void LaProcess::turn_eighteen(size_t i, int32_t m) {
    auto& c = children_;
    if (c.state[i] == CareState::LookedAfter) {
        tally_.add(fy_, Flow::CareExitsEighteenthBirthday);
        tally_.add(fy_, Flow::CareLeaversStarted);
        const bool foster = c.placement[i] == Placement::KinshipFoster ||
                            c.placement[i] == Placement::LaFoster ||
                            c.placement[i] == Placement::AgencyFoster;
        leavers_.join(c.serial[i], c.family[i], c.birth_month[i], c.uasc[i] != 0, foster, m);
        set_legal(i, LegalStatus::None, m);
    } else if (c.left_care_at_16_17[i] != 0) {
        tally_.add(fy_, Flow::CareLeaversStarted);
        tally_.add(fy_, Flow::CareLeaversLeftCareAt16To17);
        leavers_.join(c.serial[i], c.family[i], c.birth_month[i], c.uasc[i] != 0, false, m);
    }
    if (c.uasc[i] == 0) {
        tally_.add(fy_, Flow::EighteenthBirthdays);
        if (c.state[i] != CareState::LookedAfter) --tally_.home_count[static_cast<int>(c.home[i])];
        replace_with_newborn(i, m);
        ++tally_.home_count[static_cast<int>(Home::Parents)];
        // Some babies are looked after from birth (after a pre-birth assessment).
        if (sim::uniform_open(draw(i, Purpose::Newborn, m)[2]) <
            params_.care_entry_at_birth(epoch_, la_)) {
            enter_care(i, m, Flow::CareEntriesAtBirth);
        }
        return;
    }
    --tally_.uasc_count;
    // An unaccompanied child's slot is free again for the next arrival.
    --tally_.count[report_state(c.state[i], c.placement[i])];
    c.uasc[i] = 0;
    c.home[i] = Home::Parents;
    c.state[i] = CareState::Outside;
    c.placement[i] = Placement::Other;
    ++tally_.count[kOutsideReport];
    schedule(i, m);
}

void LaProcess::replace_with_newborn(size_t i, int32_t m) {
    auto& c = children_;
    --tally_.count[report_state(c.state[i], c.placement[i])];
    c.serial[i] = range_.next_serial++;
    c.birth_month[i] = static_cast<int16_t>(m);
    // The newborn takes the 18-year-old's place in its family, so families keep the sizes of
    // population.family_size_shares (a family whose children grew up is a new family's
    // stand-in: the same household of the model, the same network).
    c.state[i] = CareState::NotKnown;
    c.placement[i] = Placement::Other;
    c.home[i] = Home::Parents;
    c.last_referral[i] = kNeverMonth;
    c.past_plan[i] = 0;
    c.returned_home[i] = 0;
    c.left_care_at_16_17[i] = 0;
    c.group[i] = kNoGroup;
    ++tally_.count[report_state(c.state[i], c.placement[i])];
    tally_.add(fy_, Flow::Births);
    schedule(i, m);
}

void LaProcess::handle_exit(size_t i, int32_t m) {
    const CareState from = children_.state[i];
    // Under a placement order the only way out is adoption, after a placement with the adopters
    // (see schedule).
    if (from == CareState::LookedAfter && children_.legal[i] == LegalStatus::PlacementOrder) {
        if (children_.placement[i] == Placement::PlacedForAdoption) {
            leave_care(i, m, CareExit::Adoption);
        } else {
            place_for_adoption(i, m);
        }
        return;
    }
    const int band = age_band(age_at(i, m));
    const auto& choice = params_.routes(epoch_, la_, table_of(i, m), band);
    const sim::Words w = draw(i, Purpose::Exit, m);
    const Route route =
        choice.routes[pick(choice.probability, choice.count, sim::uniform_open(w[0]))];
    switch (route) {
        case Route::Referral:
            handle_referral(i, m);
            break;
        case Route::StartEarlyHelp:
            tally_.add(fy_, Flow::EarlyHelpStarted);
            change_state(i, CareState::EarlyHelp, Placement::Other, m);
            break;
        case Route::EndEarlyHelp:
            tally_.add(fy_, Flow::EarlyHelpEnded);
            change_state(i, CareState::NotKnown, Placement::Other, m);
            break;
        case Route::CloseEpisode:
            tally_.add(fy_, Flow::CinEpisodesClosed);
            change_state(i, CareState::NotKnown, Placement::Other, m);
            break;
        case Route::EndPlan:
            tally_.add(fy_, Flow::ProtectionPlansEnded);
            if (sim::uniform_open(w[1]) < params_.p_step_down_to_cin) {
                tally_.add(fy_, Flow::CinEpisodesStarted);
                change_state(i, CareState::ChildInNeed, Placement::Other, m);
            } else {
                change_state(i, CareState::NotKnown, Placement::Other, m);
            }
            break;
        case Route::EnterCare:
            enter_care(i, m,
                       from == CareState::ChildProtection ? Flow::CareEntriesFromProtection
                                                          : Flow::CareEntriesFromChildInNeed);
            break;
        case Route::LeaveCare:
            if (!need_accepts(i, route, w[2])) {
                schedule(i, m);
                break;
            }
            // Not under a placement order (see above): adoption's share is 0.
            leave_care(i, m,
                       static_cast<CareExit>(
                           pick_or_rest(exit_shares_of(i, band), 4, sim::uniform_open(w[1]))));
            break;
        case Route::MovePlacement:
            if (!need_accepts(i, route, w[2])) {
                schedule(i, m);
                break;
            }
            move_placement(i, m);
            break;
        case Route::KinshipOrder:
            kinship_order(i, m);
            break;
    }
}

Need LaProcess::entry_need(size_t i, int32_t m) const {
    return static_cast<Need>(
        pick(params_.need_entry_share, kNeeds, sim::uniform_open(draw(i, Purpose::Need, m)[0])));
}

void LaProcess::assign_group(size_t i, const std::array<double, kEthnicities>& ethnicity,
                             double male) {
    auto& c = children_;
    if (c.group[i] != kNoGroup) return;
    // A brother or sister with an ethnicity gives it; else a number keyed by the family, so
    // those who come later draw the same from the same mix.
    int e = -1;
    for_each_sibling(i, [&](size_t j) {
        if (e < 0 && c.group[j] != kNoGroup) e = ethnicity_of(c.group[j]);
    });
    if (e < 0) {
        const uint64_t family = (static_cast<uint64_t>(la_) << 32U) | c.family[i];
        e = pick(ethnicity, kEthnicities,
                 sim::uniform_open(
                     sim::draw(key_, family, static_cast<sim::Purpose>(Purpose::Ethnicity), 0)[0]));
    }
    const Sex s = sim::uniform_open(draw(i, Purpose::Sex, 0)[0]) < male ? Sex::Male : Sex::Female;
    c.group[i] = group_of(static_cast<Ethnicity>(e), s);
}

double LaProcess::placement_order_factor(size_t i) const {
    return params_.groups.placement_order_factor[ethnicity_of(children_.group[i])];
}

std::array<double, 4> LaProcess::exit_shares_of(size_t i, int band) const {
    // The SGO share times the ethnicity's factor, the other ways out shrunk in proportion.
    return with_share_scaled(params_.care_exit_shares(epoch_)[band],
                             static_cast<int>(CareExit::SpecialGuardianship),
                             params_.groups.sgo_factor[ethnicity_of(children_.group[i])]);
}

double LaProcess::need_clock(size_t i) const {
    return std::max(1.0, params_.need_exit_factor[static_cast<int>(children_.need[i])]);
}

bool LaProcess::need_accepts(size_t i, Route route, uint32_t word) const {
    // Thinning: on a clock running g = max(1, f) times as fast, leaving care with probability
    // f / g and a move with 1 / g give the hazards f x leave and move, as the category of need
    // (factor f) asks; an event turned down leaves the child where it is, with a new draw.
    const double f = params_.need_exit_factor[static_cast<int>(children_.need[i])];
    const double accept = route == Route::LeaveCare ? f / need_clock(i) : 1.0 / need_clock(i);
    return accept >= 1.0 || sim::uniform_open(word) < accept;
}

void LaProcess::move_placement(size_t i, int32_t m) {
    // A new placement drawn from the mix of the child's age now (which may be the same type: a
    // move between two foster homes).
    tally_.add(fy_, Flow::PlacementMoves);
    const Placement to = draw_placement(age_band(age_at(i, m)), draw(i, Purpose::Move, m)[0]);
    const uint32_t old_carer = children_.carer[i];
    children_.carer[i] = range_.next_carer++;
    change_state(i, CareState::LookedAfter, to, m);
    move_siblings_along(i, old_carer, m);
}

void LaProcess::place_for_adoption(size_t i, int32_t m) {
    // The child moves in with its prospective adopters; brothers and sisters under a placement
    // order who live with it and are not yet placed go with it.
    auto& c = children_;
    const uint32_t old_carer = c.carer[i];
    c.carer[i] = range_.next_carer++;
    std::vector<size_t> together;
    for_each_sibling(i, [&](size_t j) {
        if (c.state[j] == CareState::LookedAfter && c.carer[j] == old_carer &&
            c.legal[j] == LegalStatus::PlacementOrder &&
            c.placement[j] != Placement::PlacedForAdoption)
            together.push_back(j);
    });
    for (const size_t k : together) {
        tally_.add(fy_, Flow::AdoptionPlacements);
        c.carer[k] = c.carer[i];
        change_state(k, CareState::LookedAfter, Placement::PlacedForAdoption, m);
    }
    tally_.add(fy_, Flow::AdoptionPlacements);
    change_state(i, CareState::LookedAfter, Placement::PlacedForAdoption, m);
}

void LaProcess::step_down_from_homes(double before, int32_t m) {
    // More foster carers take children who live in children's homes today and would be better
    // in a family (seed 001 L438): when the children's home share of placements falls by a
    // fraction, that fraction of the children in children's homes moves to local authority
    // foster care, so the stock follows the new share at once rather than only as children
    // move. Where a child lives does not change their hazards, so nothing is redrawn.
    const double now = params_.childrens_home_factor(epoch_);
    if (!(now < before)) return;
    const double p = 1.0 - now / before;
    auto& c = children_;
    // Brothers and sisters living together step down together: one draw per household (keyed
    // by the LA and the household's id), and one new household for them.
    std::unordered_map<uint32_t, uint32_t> new_carer;
    for (size_t i = range_.begin; i < range_.end; ++i) {
        if (c.state[i] != CareState::LookedAfter || c.placement[i] != Placement::ChildrensHome)
            continue;
        const uint64_t household = (static_cast<uint64_t>(la_) << 32U) | c.carer[i];
        const double u = sim::uniform_open(sim::draw(key_, household,
                                                     static_cast<sim::Purpose>(Purpose::StepDown),
                                                     static_cast<uint32_t>(m), 0)[0]);
        if (u >= p) continue;
        tally_.add(fy_, Flow::PlacementMoves);
        --tally_.count[report_state(CareState::LookedAfter, Placement::ChildrensHome)];
        c.placement[i] = Placement::LaFoster;
        const auto [it, added] = new_carer.try_emplace(c.carer[i], range_.next_carer);
        if (added) ++range_.next_carer;
        c.carer[i] = it->second;
        ++tally_.count[report_state(CareState::LookedAfter, Placement::LaFoster)];
    }
}

void LaProcess::kinship_order(size_t i, int32_t m) {
    // A special guardianship (or kinship child arrangements) order made outside care. A child
    // already living under an order or adopted keeps that home.
    auto& c = children_;
    if (c.home[i] == Home::Parents) {
        tally_.add(fy_, Flow::KinshipOrdersOutsideCare);
        const double u = sim::uniform_open(draw(i, Purpose::Exit, m)[2]);
        c.home[i] =
            u < params_.p_kinship_order_cao ? Home::ChildArrangements : Home::SpecialGuardian;
        --tally_.home_count[static_cast<int>(Home::Parents)];
        ++tally_.home_count[static_cast<int>(c.home[i])];
    }
    schedule(i, m);
}

void LaProcess::handle_referral(size_t i, int32_t m) {
    const CareState from = children_.state[i];
    const int band = age_band(age_at(i, m));
    const auto& mult = params_.multipliers(la_);
    const auto& trend = params_.outcome_factors(epoch_, la_);
    tally_.add(fy_, Flow::Referrals);
    if (recently_referred(i, m)) tally_.add(fy_, Flow::Rereferrals);
    children_.last_referral[i] = static_cast<int16_t>(m);
    const sim::Words w = draw(i, Purpose::Referral, m);
    const double u = sim::uniform_open(w[0]);
    const double p_nfa = params_.p_nfa;
    const double p_nin = p_nfa + params_.p_not_in_need;
    // Shares of a referral after the no-further-action and not-in-need outcomes: an s47 enquiry
    // and straight into care. Multipliers and trends can push them past what is left; then both
    // shrink in proportion, so neither route silently loses out.
    double s47 = params_.p_s47 * mult.section47 * trend.section47;
    double direct = params_.p_care_direct[band] * mult.care_entry * params_.care_entry_fit[band] *
                    trend.care_entry;
    if (s47 + direct > 1.0 - p_nin) {
        const double shrink = (1.0 - p_nin) / (s47 + direct);
        s47 *= shrink;
        direct *= shrink;
    }
    const double p_s47 = p_nin + s47;
    const double p_care = p_s47 + direct;
    if (u < p_nin) {
        // No further action, or assessed and not in need: the child stays where it was.
        tally_.add(fy_, u < p_nfa ? Flow::ReferralsNoFurtherAction : Flow::ReferralsNotInNeed);
        schedule(i, m);
        return;
    }
    if (from == CareState::EarlyHelp) tally_.add(fy_, Flow::EarlyHelpEnded);
    if (u < p_s47) {
        tally_.add(fy_, Flow::Section47Enquiries);
        if (sim::uniform_open(w[1]) < params_.p_icpc * mult.plan * trend.plan) {
            tally_.add(fy_, Flow::InitialConferences);
            if (sim::uniform_open(w[2]) < params_.p_plan) {
                start_protection_plan(i, m);
                return;
            }
        }
    } else if (u < p_care) {
        enter_care(i, m, Flow::CareEntriesAtReferral);
        return;
    }
    tally_.add(fy_, Flow::CinEpisodesStarted);
    change_state(i, CareState::ChildInNeed, Placement::Other, m);
}

bool LaProcess::family_network_plan(size_t i, int32_t m, const FamilyNetwork& network) {
    // Family group decision making before a planned entry to care: a conference is held with
    // kinship.p_family_group_conference. Today's conferences are in the observed entries: where
    // the network has an adult able and willing to care, a family network plan keeps the child
    // out of care, living with that adult, with kinship.p_family_network_plan (0 unless a
    // scenario sets it). A lever can make conferences mandatory before the Public Law Outline,
    // so for the entries that would come under a court order (seed 001 L1870); a conference
    // only the lever added keeps the child at home with the lever's probability, the trial's
    // effect on all the families it reached at pre-proceedings (seed 002 L853): with the willing
    // adult if there is one, else with the parents and the network's support. Either way the
    // child is supported as a child in need.
    const sim::Words w = draw(i, Purpose::FamilyMeeting, m);
    const double u = sim::uniform_open(w[0]);
    const bool today = u < params_.p_family_group_conference;
    const bool added = !today && u < params_.family_conference_probability(epoch_) &&
                       planned_legal_entry(i, m) == LegalEntry::CourtOrder;
    if (!today && !added) return false;
    tally_.add(fy_, Flow::FamilyGroupConferences);
    const bool carer = possible_carers(network) > 0;
    const double p_plan =
        added ? params_.added_conference_plan_probability(epoch_) : params_.p_family_network_plan;
    if ((!added && !carer) || sim::uniform_open(w[1]) >= p_plan) return false;
    tally_.add(fy_, Flow::FamilyNetworkPlans);
    if (carer) {
        --tally_.home_count[static_cast<int>(children_.home[i])];
        children_.home[i] = Home::FamilyNetwork;
        ++tally_.home_count[static_cast<int>(Home::FamilyNetwork)];
    }
    if (children_.state[i] == CareState::ChildProtection) {
        tally_.add(fy_, Flow::ProtectionPlansEnded);
        tally_.add(fy_, Flow::CinEpisodesStarted);
    }
    change_state(i, CareState::ChildInNeed, Placement::Other, m);
    return true;
}

bool LaProcess::community_safety_plan(size_t i, int32_t m, double u) {
    // The review's Child Community Safety Plan (seed 001 L1503): a section 47 plan for harm
    // outside the home, so it is recorded as a protection plan; a child already on a plan keeps
    // it, now as a community safety plan, and draws its time on it again.
    if (u >= params_.p_community_safety_plan) return false;
    tally_.add(fy_, Flow::CommunitySafetyPlans);
    if (children_.state[i] == CareState::ChildProtection) {
        change_state(i, CareState::ChildProtection, Placement::Other, m);
    } else {
        start_protection_plan(i, m);
    }
    return true;
}

void LaProcess::start_protection_plan(size_t i, int32_t m) {
    tally_.add(fy_, Flow::ProtectionPlansStarted);
    if (children_.past_plan[i] != 0) tally_.add(fy_, Flow::RepeatPlans);
    children_.past_plan[i] = 1;
    change_state(i, CareState::ChildProtection, Placement::Other, m);
}

void LaProcess::enter_care(size_t i, int32_t m, Flow route) {
    const FamilyNetwork network = family_network(params_.networks, key_, la_, children_.family[i]);
    const bool planned =
        route == Flow::CareEntriesFromChildInNeed || route == Flow::CareEntriesFromProtection;
    const int band = age_band(age_at(i, m));
    // Harm outside the home identified at assessment (adolescents). Where the assessment has led
    // to a planned entry, a community safety plan (when the lever is on) keeps the child at home.
    const sim::Words harm = draw(i, Purpose::HarmOutside, m);
    const bool outside = route != Flow::CareEntriesAtBirth &&
                         sim::uniform_open(harm[0]) < params_.harm_outside_home_share[band];
    if (planned && outside && community_safety_plan(i, m, sim::uniform_open(harm[1]))) return;
    if (planned && family_network_plan(i, m, network)) return;
    tally_.add(fy_, route);
    if (outside) tally_.add(fy_, Flow::CareEntriesHarmOutsideHome);
    const Home home = children_.home[i];
    count_entry(i, band, entry_need(i, m));
    const Placement placement = entry_placement(i, m, band);
    legal_status_on_entry(i, m, route);
    children_.carer[i] = range_.next_carer++;
    change_state(i, CareState::LookedAfter, placement, m);
    // Brothers and sisters come in too, unless the child is a baby looked after from birth, on
    // remand (its own offence) or at risk of harm outside the home (not a risk at home).
    if (route != Flow::CareEntriesAtBirth && !outside &&
        children_.legal[i] != LegalStatus::YouthJustice) {
        bring_siblings_into_care(i, m, route, home);
    }
}

void LaProcess::count_entry(size_t i, int band, Need need) {
    auto& c = children_;
    c.need[i] = need;
    c.left_care_at_16_17[i] = 0;  // how this stay in care ends decides
    assign_group(i, params_.groups.resident_ethnicity, params_.groups.resident_male);
    tally_.add(fy_, GroupFlow::CareEntries, c.group[i]);
    if (c.past_plan[i] != 0) tally_.add(fy_, GroupFlow::CareEntriesPastPlan, c.group[i]);
    ++tally_.care_entries_by_need[static_cast<size_t>(fy_) * kNeeds + static_cast<size_t>(need)];
    // An adoption or an order that has broken down: the child comes back into care.
    if (c.home[i] != Home::Parents) tally_.add(fy_, Flow::CareEntriesFromPermanence);
    if (c.returned_home[i] != 0) tally_.add(fy_, Flow::CareReentriesAfterReturnHome);
    --tally_.home_count[static_cast<int>(c.home[i])];
    c.home[i] = Home::Parents;
    ++tally_.care_entries_by_age[static_cast<size_t>(fy_) * kAgeBands + static_cast<size_t>(band)];
}

Placement LaProcess::entry_placement(size_t i, int32_t m, int band) const {
    // A kinship foster placement needs an adult of the network able and willing to care; without
    // one the child is placed by the mix of the other placements.
    const sim::Words w = draw(i, Purpose::Placement, m);
    Placement placement = draw_placement(band, w[0]);
    if (placement == Placement::KinshipFoster &&
        possible_carers(family_network(params_.networks, key_, la_, children_.family[i])) == 0) {
        auto mix = params_.placement_mix_of(epoch_)[band];
        mix[static_cast<int>(Placement::KinshipFoster)] = 0;
        double total = 0;
        for (double x : mix) total += x;
        for (double& x : mix) x /= total;
        placement = static_cast<Placement>(pick(mix, kPlacements, sim::uniform_open(w[1])));
    }
    return placement;
}

void LaProcess::leave_care(size_t i, int32_t m, CareExit exit, bool with_siblings) {
    set_legal(i, LegalStatus::None, m);
    switch (exit) {
        case CareExit::Adoption:
            tally_.add(fy_, Flow::CareExitsAdoption);
            tally_.add(fy_, GroupFlow::Adoptions, children_.group[i]);
            children_.home[i] = Home::Adoptive;
            break;
        case CareExit::SpecialGuardianship:
            tally_.add(fy_, Flow::CareExitsSpecialGuardianship);
            tally_.add(fy_, GroupFlow::SgoExits, children_.group[i]);
            children_.home[i] = Home::SpecialGuardian;
            break;
        case CareExit::ChildArrangements:
            tally_.add(fy_, Flow::CareExitsChildArrangements);
            children_.home[i] = Home::ChildArrangements;
            break;
        case CareExit::Home:
            tally_.add(fy_, Flow::CareExitsHome);
            children_.returned_home[i] = 1;
            break;
        case CareExit::Other:
            tally_.add(fy_, Flow::CareExitsOther);
            // At 16 or 17 the child is a relevant child, a care leaver from 18: DfE counts as
            // care leavers those looked after 13 weeks since 14 and some time after 16 (the 13
            // weeks are not checked). Those gone home or under an order are not counted.
            if (age_band(age_at(i, m)) == kAgeBands - 1) children_.left_care_at_16_17[i] = 1;
            break;
    }
    ++tally_.home_count[static_cast<int>(children_.home[i])];
    change_state(i, CareState::NotKnown, Placement::Other, m);
    if (with_siblings && exit != CareExit::Other) take_siblings_out(i, m, exit);
}

}  // namespace csc::agents
