// Calendar months, financial years and 31 March snapshots: the simulation clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csc::sim {

/// A calendar date (proleptic Gregorian), as written in scenario files: "YYYY-MM-DD".
struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    friend bool operator==(const Date& a, const Date& b) {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    friend bool operator<(const Date& a, const Date& b) {
        if (a.year != b.year) return a.year < b.year;
        if (a.month != b.month) return a.month < b.month;
        return a.day < b.day;
    }
    [[nodiscard]] std::string to_string() const;
    /// The calendar day before this one.
    [[nodiscard]] Date previous_day() const;
};

/// Parses "YYYY-MM-DD"; returns nothing if the text is not a valid date.
std::optional<Date> parse_date(std::string_view text);

/// Months since January of year 0: a total order on calendar months.
[[nodiscard]] constexpr int32_t absolute_month(int year, int month) {
    return year * 12 + (month - 1);
}

/**
 * The simulated period: whole calendar months from the month of `start` to the month of `end`
 * inclusive. Month index 0 is the first simulated month. Stocks are read at the end of a month; the
 * snapshot "at 31 March YYYY" is the end of March YYYY. Financial years run April to March.
 */
/// "2022-23" label of the financial year ending 31 March `end_year` (2023).
[[nodiscard]] std::string financial_year_label(int end_year);

class Timeline {
  public:
    /// @throws std::invalid_argument if end is not after start.
    Timeline(Date start, Date end);

    [[nodiscard]] int32_t months() const { return months_; }
    [[nodiscard]] Date start() const { return start_; }
    [[nodiscard]] Date end() const { return end_; }

    /// Calendar year and month (1..12) of month index m.
    [[nodiscard]] int year_of(int32_t m) const;
    [[nodiscard]] int calendar_month_of(int32_t m) const;
    /// "YYYY-MM" label of month index m.
    [[nodiscard]] std::string month_label(int32_t m) const;

    /// True if month m is a March, so its end is a 31 March snapshot.
    [[nodiscard]] bool is_march(int32_t m) const { return calendar_month_of(m) == 3; }

    /// Financial years touched by the run, indexed from 0; fy_index_of(m) maps a month to its year.
    [[nodiscard]] int32_t financial_years() const;
    [[nodiscard]] int32_t fy_index_of(int32_t m) const;
    /// Calendar year in which financial-year index f ends (2023 for 2022-23).
    [[nodiscard]] int fy_end_year(int32_t f) const { return first_fy_start_year_ + f + 1; }
    /// "2022-23" label of financial-year index f.
    [[nodiscard]] std::string fy_label(int32_t f) const;

    /// 31 March snapshots within the run, indexed from 0, and the month index of each.
    [[nodiscard]] int32_t snapshots() const;
    [[nodiscard]] int32_t snapshot_month(int32_t s) const;
    /// "YYYY-03-31" label of snapshot s.
    [[nodiscard]] std::string snapshot_label(int32_t s) const;

  private:
    Date start_;
    Date end_;
    int32_t first_abs_month_;
    int32_t months_;
    int32_t first_fy_start_year_;  // calendar year in which financial-year index 0 begins
    int32_t first_march_;          // month index of the first March in the run (may be >= months_)
};

}  // namespace csc::sim
