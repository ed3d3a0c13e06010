// Reform levers: the review's recommendations and the government's programmes as data. A lever
// has a row of the review's investment table, a budget holder, a cost profile and a mechanism
// (factors on groups of rates, phased in from a start year).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "agents/rate_events.hpp"
#include "output/table.hpp"
#include "sim/month.hpp"
#include "sim/scenario/parameter_set.hpp"

namespace csc::agents {

/// Who pays a lever's cost (the review's "exchequer" split, seed 001 L4058).
enum class BudgetHolder : uint8_t {
    LocalAuthority = 0,
    DfE,
    MinistryOfJustice,
    Nhs,
    Employers,
    Other
};
inline constexpr int kBudgetHolders = 6;
inline constexpr std::array<const char*, kBudgetHolders> kBudgetHolderNames = {
    "local_authority", "dfe", "moj_legal_aid", "nhs", "employers_dwp", "other"};

/// The groups of the review's 30,000 fewer children looked after (seed 001 L3945).
enum class ClaGroup : uint8_t { FamilyHelp = 0, Kinship, Workforce, None };
inline constexpr int kClaGroups = 4;
inline constexpr std::array<const char*, kClaGroups> kClaGroupNames = {"family_help", "kinship",
                                                                       "workforce", "none"};

/**
 * One lever: a row of scenarios/data/levers.csv (names, budget holder, group, source) with its
 * numbers from the parameters `lever.<id>.*` (scenarios/parameters/levers.toml).
 */
struct Lever {
    std::string id;        ///< e.g. "family_help"
    std::string row;       ///< the review's table row, e.g. "Regional Care Cooperatives"
    std::string category;  ///< its category row, e.g. "Care" (the row itself if it has no sub-rows)
    ClaGroup group = ClaGroup::None;
    BudgetHolder holder = BudgetHolder::Other;
    std::string source;
    bool on = false;  ///< lever.<id>.on
    /// Gross direct cost in GBP millions by financial-year index of the run (0 before the
    /// programme and after its profile ends).
    std::vector<double> cost_gbp_m;
    /// A saving the review counted for the lever's row that the model does not simulate (its
    /// mechanism is outside the section 251 ledger), GBP millions by financial-year index; kept
    /// apart from the simulated saving so that no saving is passed off as simulated.
    std::vector<double> review_saving_gbp_m;
    int effect_start_year = 0;  ///< year ending 31 March of the first year with an effect
    double ramp_years = 0;      ///< years from the first effect to the full effect (0: at once)
    /// Relative change of each group's rates at full effect (-0.1: 10% lower); 0 where none.
    std::array<double, kRateGroups> effect{};
    /// [la]: 1 where the lever acts and pays (its pathfinder LAs); empty: every LA.
    std::vector<uint8_t> covered;

    /// True if the lever acts in LA `la` (index in the LA table).
    [[nodiscard]] bool covers(size_t la) const { return covered.empty() || covered[la] != 0; }

    /// Share of the full effect in the financial year ending 31 March `year`: 0 before the
    /// start, then rising linearly over ramp_years (the first year gets 1 / (ramp_years + 1)).
    [[nodiscard]] double phase(int year) const;
    /// Factor on `group`'s rates in that year (1 when the lever is off).
    [[nodiscard]] double factor(RateGroup group, int year) const {
        return on ? 1.0 + effect[static_cast<size_t>(group)] * phase(year) : 1.0;
    }
    /// True if the lever changes any rate (a lever with costs only need not be simulated alone).
    [[nodiscard]] bool has_mechanism() const;
};

/**
 * Reads the lever table (CSV: lever, row, category, cla_group, budget_holder, coverage, source;
 * see scenarios/data/README.md; coverage is "all" or LA codes separated by ";", from `la_codes`)
 * and each lever's parameters: lever.<id>.on (0 or 1),
 * lever.<id>.cost_gbp_m (one value per programme year from lever.programme_first_year, 0 or
 * more), lever.<id>.review_saving_gbp_m (optional, likewise; not with a mechanism),
 * lever.<id>.effect_start_year, lever.<id>.ramp_years and any lever.<id>.effect.<group>.
 * @throws csc::sim::ScenarioError naming the file, line and column of a bad cell, or the
 * parameter that is missing or out of range.
 */
std::vector<Lever> load_levers(const std::filesystem::path& path, const sim::ParameterSet& p,
                               const sim::Timeline& timeline,
                               const std::vector<std::string>& la_codes);

/// Product of the factors on `group` in the year ending 31 March `year` of the levers that act
/// in every LA.
[[nodiscard]] double lever_factor(const std::vector<Lever>& levers, RateGroup group, int year);

/// Product of the factors on `group` in that year of the levers that act in some LAs only,
/// for LA `la` (1 where none covers it). Such levers change only the groups with an LA
/// multiplier (kLaRateGroups).
[[nodiscard]] double local_lever_factor(const std::vector<Lever>& levers, RateGroup group, int year,
                                        size_t la);

/// The levers' money a run records: their gross direct costs, and the savings the review
/// counted that the model does not simulate.
enum class LeverMoney : uint8_t { Cost = 0, ReviewSaving };
/// The run table of each: "lever_costs" and "lever_review_savings".
inline constexpr std::array<const char*, 2> kLeverMoneyTables = {"lever_costs",
                                                                 "lever_review_savings"};

/**
 * The levers' money of one kind as a run table [financial_year][la][lever] (kLeverMoneyTables),
 * in pence of England (not sampled): each lever's amount of the year spread over the LAs it
 * covers by their share of those LAs' children, to the penny (the LAs' pence add up to the
 * lever's).
 */
[[nodiscard]] output::Table lever_money_table(const std::vector<Lever>& levers, LeverMoney kind,
                                              const std::vector<double>& population_share,
                                              const std::vector<std::string>& fy_labels,
                                              const std::vector<std::string>& la_codes);

/// The lever table as CSV text (lever,row,category,cla_group,budget_holder,on), kept in each
/// run's attributes so that a run file describes its levers.
[[nodiscard]] std::string levers_csv(const std::vector<Lever>& levers);

/// A lever as a run file records it (the run's "levers" attribute, written by levers_csv).
struct RecordedLever {
    std::string id, row, category, group, holder;
    bool on = false;
};

/// The levers a run recorded, in the order of its lever_costs table.
/// @throws csc::output::OutputError if the run has no lever table.
[[nodiscard]] std::vector<RecordedLever> recorded_levers(const output::RunRecord& run);

/// A run's lever money of one kind summed over the LAs: pence by [financial year][lever], the
/// levers in the order of recorded_levers(run).
/// @throws csc::output::OutputError if the table is missing or its levers are not the recorded
/// ones.
[[nodiscard]] std::vector<std::vector<int64_t>> lever_pence(const output::RunRecord& run,
                                                            LeverMoney kind = LeverMoney::Cost);

}  // namespace csc::agents
