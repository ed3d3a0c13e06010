// Counter-based random streams: every draw is a pure function of what is being decided.
//
// A draw is keyed by (seed, replicate) and counted by (entity, purpose, period, index), so the
// numbers a child gets do not depend on thread count, processing order or any other draw: adding a
// new draw for one purpose moves no other stream, and two scenarios run with the same seed share
// every stream (common random numbers), so their difference is the reform, not noise.
#pragma once

#include <Random123/philox.h>

#include <Random123/MicroURNG.hpp>
#include <array>
#include <cmath>
#include <cstdint>

namespace csc::sim {

/// What a draw decides. The model names its purposes as an enum and casts to this.
using Purpose = uint32_t;

/// Identity of a random stream family: one per (seed, replicate).
class RandomKey {
  public:
    RandomKey(uint64_t seed, uint32_t replicate);
    [[nodiscard]] r123::Philox4x32::key_type philox_key() const { return key_; }

  private:
    r123::Philox4x32::key_type key_{};
};

/// Four independent 32-bit words for one (entity, purpose, period, index) counter.
using Words = std::array<uint32_t, 4>;

/**
 * Returns the Philox4x32-10 block for one counter. `entity` is a stable 64-bit identity (for a
 * child: local authority and serial number), `purpose` says what is decided, `period` is usually
 * the month index and `index` separates several blocks drawn for the same decision.
 */
inline Words draw(const RandomKey& key, uint64_t entity, Purpose purpose, uint32_t period,
                  uint32_t index = 0) {
    r123::Philox4x32 philox;
    const r123::Philox4x32::ctr_type ctr = {
        {static_cast<uint32_t>(entity), static_cast<uint32_t>(entity >> 32U) ^ (purpose << 24U),
         period, index}};
    const auto out = philox(ctr, key.philox_key());
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

/**
 * A uniform random bit generator over the same counter space, for Boost.Random distributions
 * (boost::random::discrete_distribution and the like). It uses the fourth counter word for its own
 * block count, so a purpose is drawn either with draw() or with stream(), never both.
 */
using Stream = r123::MicroURNG<r123::Philox4x32>;
inline Stream stream(const RandomKey& key, uint64_t entity, Purpose purpose, uint32_t period) {
    const Stream::ctr_type ctr = {{static_cast<uint32_t>(entity),
                                   static_cast<uint32_t>(entity >> 32U) ^ (purpose << 24U), period,
                                   0}};
    return {ctr, key.philox_key()};
}

/// Uniform on the open interval (0, 1) from one 32-bit word: never 0 or 1, so log() is safe.
inline double uniform_open(uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

/// A whole number whose mean is `expected` (>= 0): its floor, plus one with probability equal to
/// the fraction, decided by `word`. Keeps small expected counts unbiased where rounding would not.
inline int64_t stochastic_round(double expected, uint32_t word) {
    const double whole = std::floor(expected);
    return static_cast<int64_t>(whole) + (uniform_open(word) < expected - whole ? 1 : 0);
}

/// Unit exponential variate (mean 1) from one word, by inversion.
inline double exponential(uint32_t word) { return -std::log(uniform_open(word)); }

}  // namespace csc::sim
