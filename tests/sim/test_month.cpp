#include <catch2/catch.hpp>

#include "sim/month.hpp"

using csc::sim::Date;
using csc::sim::parse_date;
using csc::sim::Timeline;

TEST_CASE("dates parse strictly", "[month]") {
    REQUIRE(parse_date("2022-04-01") == Date{2022, 4, 1});
    REQUIRE(parse_date("2024-02-29").has_value());
    REQUIRE_FALSE(parse_date("2023-02-29").has_value());
    REQUIRE_FALSE(parse_date("2022-13-01").has_value());
    REQUIRE_FALSE(parse_date("2022-4-01").has_value());
    REQUIRE_FALSE(parse_date("22-04-2022").has_value());
    REQUIRE(Date{2033, 3, 31}.to_string() == "2033-03-31");
    REQUIRE(Date{2022, 4, 1}.previous_day() == Date{2022, 3, 31});
    REQUIRE(Date{2024, 3, 1}.previous_day() == Date{2024, 2, 29});
    REQUIRE(Date{2017, 1, 1}.previous_day() == Date{2016, 12, 31});
}

TEST_CASE("the default timeline has 132 months, 11 financial years and 11 snapshots", "[month]") {
    const Timeline t(Date{2022, 4, 1}, Date{2033, 3, 31});
    REQUIRE(t.months() == 132);
    REQUIRE(t.financial_years() == 11);
    REQUIRE(t.fy_label(0) == "2022-23");
    REQUIRE(t.fy_label(10) == "2032-33");
    REQUIRE(t.month_label(0) == "2022-04");
    REQUIRE(t.month_label(131) == "2033-03");
    REQUIRE(t.fy_index_of(11) == 0);  // March 2023 closes 2022-23
    REQUIRE(t.fy_index_of(12) == 1);
    REQUIRE(t.snapshots() == 11);
    REQUIRE(t.snapshot_month(0) == 11);
    REQUIRE(t.snapshot_label(0) == "2023-03-31");
    REQUIRE(t.snapshot_label(10) == "2033-03-31");
    REQUIRE(t.is_march(11));
    REQUIRE_FALSE(t.is_march(12));
}

TEST_CASE("a run starting mid-year counts its partial financial years", "[month]") {
    const Timeline t(Date{2017, 1, 1}, Date{2017, 12, 31});
    REQUIRE(t.months() == 12);
    REQUIRE(t.financial_years() == 2);
    REQUIRE(t.fy_label(0) == "2016-17");
    REQUIRE(t.snapshots() == 1);
    REQUIRE(t.snapshot_month(0) == 2);
    REQUIRE_THROWS_AS(Timeline(Date{2022, 4, 1}, Date{2022, 4, 1}), std::invalid_argument);
}
