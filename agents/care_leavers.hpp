// Care leavers aged 18 to 24: who they are, what they do and where they live, year by year.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "agents/family_network.hpp"
#include "sim/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/// Ages of the care leavers followed: from the 18th birthday to the day before the 25th.
inline constexpr int kFirstLeaverAge = 18;
inline constexpr int kLeaverAges = 7;  ///< 18, 19, ..., 24

/// Main activity (DfE care leavers' activity; "in EET" includes higher education).
enum class Activity : uint8_t { Eet = 0, HigherEducation, Neet, NotKnown };
inline constexpr int kActivities = 4;
inline constexpr std::array<const char*, kActivities> kActivityNames = {
    "eet_not_higher_education", "higher_education", "neet", "not_known"};

/// Where the care leaver lives (DfE: suitable or not; Staying Put counted separately).
enum class Accommodation : uint8_t { StayingPut = 0, Suitable, NotSuitable, NotKnown };
inline constexpr int kAccommodations = 4;
inline constexpr std::array<const char*, kAccommodations> kAccommodationNames = {
    "staying_put", "suitable", "not_suitable", "not_known"};

/// Shares are by age group: 18 (DfE's 17-18 cohort), 19-21, and 22-24.
inline constexpr int kLeaverAgeGroups = 3;
[[nodiscard]] constexpr int leaver_age_group(int age_years) {
    return age_years <= 18 ? 0 : (age_years <= 21 ? 1 : 2);
}

/// The leaving-care parameters (scenarios/parameters/leaving_care.toml).
struct LeavingCareParameters {
    /// Activity shares at each birthday, by age group: EET (not HE), HE, NEET, not known.
    std::array<std::array<double, kActivities>, kLeaverAgeGroups> activity{};
    /// Accommodation shares of those not Staying Put, by age group: suitable, not, not known.
    std::array<std::array<double, 3>, kLeaverAgeGroups> accommodation{};
    double p_staying_put = 0;               ///< of those in foster care at 18, who stay put
    double p_staying_put_continues = 0;     ///< at the 19th and 20th birthday, who stay on
    int staying_put_end_age = 21;           ///< Staying Put's funding ends at this birthday
    int staying_put_extended_end_age = 23;  ///< its end should a reform extend it
    double initial_foster_share = 0;  ///< of care leavers at the start, left care in foster care
    double initial_cohort_per_leaver_19_21 = 0;  ///< start cohort per year of age / LA's 19-21
    double initial_cohort_growth = 0;  ///< each younger year of age's cohort is this much larger

    /// @throws csc::sim::ScenarioError for a missing or inconsistent parameter.
    static LeavingCareParameters read(const sim::ParameterSet& p);
};

/// One LA's care leavers as columns. Order is the order they left care, so it is deterministic.
struct CareLeaverColumns {
    std::vector<uint32_t> serial;  ///< the child's serial (keys their draws)
    std::vector<int16_t> birth_month;
    std::vector<uint8_t> uasc;         ///< 1 if they came to England as an unaccompanied child
    std::vector<uint8_t> from_foster;  ///< 1 if they left care from a foster placement
    std::vector<Activity> activity;
    std::vector<Accommodation> accommodation;
    std::vector<uint8_t> relationships;  ///< adults of their family's network (lasting ties)

    [[nodiscard]] size_t size() const { return serial.size(); }
};

/// Counts of one LA's care leavers at a snapshot: [age 18..24][activity] and [age][accommodation].
struct LeaverCounts {
    std::array<std::array<int64_t, kActivities>, kLeaverAges> by_activity{};
    std::array<std::array<int64_t, kAccommodations>, kLeaverAges> by_accommodation{};
    std::array<int64_t, kLeaverAges> former_uasc{};
    std::array<int64_t, kLeaverAges> two_relationships{};  ///< with at least two lasting ties
};

/**
 * Runs one LA's care leavers: a young person joins on leaving care at 18, draws activity and
 * accommodation at each birthday, and leaves at 25. Draws are keyed by (LA, serial, purpose,
 * month), like the children's.
 */
class CareLeavers {
  public:
    CareLeavers(const LeavingCareParameters& params, const NetworkParameters& networks,
                const sim::RandomKey& key, size_t la)
        : params_(params), networks_(networks), key_(key), la_(la) {}

    /// Care leavers at the start: `per_age` simulated young people at age 20, and
    /// initial_cohort_growth more for each younger year of age (less for each older), with
    /// serials from `next_serial` on.
    /// A share `former_uasc` of them came to England as unaccompanied children.
    void initialise(double per_age, double former_uasc, uint32_t& next_serial, int32_t start_month);
    /// A child of family `family` leaves care on the 18th birthday in month m.
    void join(uint32_t serial, uint32_t family, int16_t birth_month, bool uasc, bool from_foster,
              int32_t m);
    /// Birthdays of month m; returns how many turned 25 and left. `staying_put_end` is the
    /// probability that Staying Put ends at staying_put_end_age (1 unless a reform extends it).
    int64_t run_month(int32_t m, double staying_put_end = 1.0);
    [[nodiscard]] LeaverCounts count(int32_t m) const;
    [[nodiscard]] const CareLeaverColumns& columns() const { return c_; }

  private:
    void birthday(size_t k, int age_years, sim::Purpose purpose, int32_t m,
                  double staying_put_end = 1.0);
    const LeavingCareParameters& params_;
    const NetworkParameters& networks_;
    sim::RandomKey key_;  ///< a copy: two words, and no lifetime to manage
    size_t la_;
    CareLeaverColumns c_;
};

}  // namespace csc::agents
