// Time to leave a state, by inversion of a cumulative hazard over age.
#pragma once

#include <algorithm>

#include "agents/age_band.hpp"

namespace csc::agents {

/// Returned by dwell_months when the child turns 18 before leaving the state.
inline constexpr int kAgesOut = -1;

/**
 * Months T >= 1 until a child who is `age` months old in the month it enters a state leaves it:
 * the first T whose hazard summed over the following months (ages age+1 .. age+T) reaches `e`, a
 * unit exponential draw. `cumulative[x]` is the hazard summed over age months 0..x-1 (x = 0..216).
 * Exact for piecewise-constant monthly hazards; P(T > t) = exp(-sum of hazard over t months).
 */
inline int dwell_months(const double* cumulative, int age, double e) {
    const double target = cumulative[age + 1] + e;
    const double* end = cumulative + kAgeOutMonths + 1;
    const double* first = cumulative + std::min(age + 2, kAgeOutMonths + 1);
    const double* hit = std::lower_bound(first, end, target);
    if (hit == end) return kAgesOut;
    return static_cast<int>(hit - cumulative) - age - 1;
}

}  // namespace csc::agents
