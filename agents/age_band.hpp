// Age bands used by the hazards (the DfE children-looked-after bands).
#pragma once

#include <array>
#include <cstdint>

namespace csc::agents {

inline constexpr int kAgeBands = 5;
/// Age in months at which a child leaves the child population.
inline constexpr int kAgeOutMonths = 18 * 12;
/// First age in months of each band: under 1, 1-4, 5-9, 10-15, 16-17.
inline constexpr std::array<int, kAgeBands> kBandStartMonths = {0, 12, 60, 120, 192};
inline constexpr std::array<const char*, kAgeBands> kBandNames = {"under_1", "1_to_4", "5_to_9",
                                                                  "10_to_15", "16_to_17"};

[[nodiscard]] constexpr int age_band(int age_months) {
    int b = 0;
    for (int i = 1; i < kAgeBands; ++i) b += age_months >= kBandStartMonths[i] ? 1 : 0;
    return b;
}

}  // namespace csc::agents
