#include "sim/month.hpp"

#include <array>
#include <cstdio>
#include <stdexcept>

namespace csc::sim {

namespace {
bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
    constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : kDays[static_cast<size_t>(m - 1)];
}
}  // namespace

std::string Date::to_string() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

Date Date::previous_day() const {
    if (day > 1) return {year, month, day - 1};
    if (month > 1) return {year, month - 1, days_in_month(year, month - 1)};
    return {year - 1, 12, 31};
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto digits = [&](size_t pos, size_t n) -> int {
        int v = 0;
        for (size_t i = pos; i < pos + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    Date d{digits(0, 4), digits(5, 2), digits(8, 2)};
    if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
    if (d.day > days_in_month(d.year, d.month)) return std::nullopt;
    return d;
}

Timeline::Timeline(Date start, Date end)
    : start_(start), end_(end), first_abs_month_(absolute_month(start.year, start.month)) {
    if (!(start < end)) throw std::invalid_argument("end date must be after start date");
    months_ = absolute_month(end.year, end.month) - first_abs_month_ + 1;
    first_fy_start_year_ = start.month >= 4 ? start.year : start.year - 1;
    first_march_ = (3 - start.month + 12) % 12;
}

int Timeline::year_of(int32_t m) const { return (first_abs_month_ + m) / 12; }
int Timeline::calendar_month_of(int32_t m) const { return (first_abs_month_ + m) % 12 + 1; }

std::string Timeline::month_label(int32_t m) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year_of(m), calendar_month_of(m));
    return buf;
}

int32_t Timeline::fy_index_of(int32_t m) const {
    const int y = year_of(m);
    const int fy_start = calendar_month_of(m) >= 4 ? y : y - 1;
    return fy_start - first_fy_start_year_;
}
int32_t Timeline::financial_years() const { return fy_index_of(months_ - 1) + 1; }
std::string financial_year_label(int end_year) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", end_year - 1, end_year % 100);
    return buf;
}
std::string Timeline::fy_label(int32_t f) const {
    return financial_year_label(first_fy_start_year_ + f + 1);
}

int32_t Timeline::snapshots() const {
    return first_march_ >= months_ ? 0 : (months_ - 1 - first_march_) / 12 + 1;
}
int32_t Timeline::snapshot_month(int32_t s) const { return first_march_ + 12 * s; }
std::string Timeline::snapshot_label(int32_t s) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-03-31", year_of(snapshot_month(s)));
    return buf;
}

}  // namespace csc::sim
