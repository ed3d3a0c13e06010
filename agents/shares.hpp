// Shares that add up to 1: read from the parameters, and one picked by a uniform draw.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include "sim/scenario/parameter_set.hpp"

namespace csc::agents {

/// Index k of the first cumulative share exceeding u, or `count` if u lies beyond them all.
template <typename Shares>
int pick_or_rest(const Shares& shares, int count, double u) {
    double c = 0;
    for (int k = 0; k < count; ++k) {
        c += shares[k];
        if (u < c) return k;
    }
    return count;
}

/// As pick_or_rest, for shares that add up to 1: rounding that leaves u beyond them all picks the
/// last.
template <typename Shares>
int pick(const Shares& shares, int count, double u) {
    return std::min(pick_or_rest(shares, count, u), count - 1);
}

/// Shares of competing ways out (adding up to at most 1, the rest being one more way) with way k's
/// share times `factor`, at most 1, and every other way, the rest included, shrunk in proportion,
/// so the ways out keep their total hazard.
template <size_t N>
std::array<double, N> with_share_scaled(std::array<double, N> shares, int k, double factor) {
    const double s = shares[static_cast<size_t>(k)];
    const double scaled = std::min(1.0, s * factor);
    // A share of 1 leaves the others all 0: nothing to shrink.
    const double others = s < 1.0 ? (1.0 - scaled) / (1.0 - s) : 1.0;
    for (double& x : shares) x *= others;
    shares[static_cast<size_t>(k)] = scaled;
    return shares;
}

/// The N shares of parameter `name`, which must add up to 1 (within 0.001; renormalised).
/// @throws csc::sim::ScenarioError if they do not, or the length is not N.
template <size_t N>
std::array<double, N> shares_of(const sim::ParameterSet& p, const std::string& name) {
    const auto& v = p.array(name, N);
    std::array<double, N> out{};
    double total = 0;
    for (size_t k = 0; k < N; ++k) total += v[k];
    if (std::abs(total - 1.0) > 1e-3) throw p.error(name, "shares must add up to 1");
    for (size_t k = 0; k < N; ++k) out[k] = v[k] / total;
    return out;
}

}  // namespace csc::agents
