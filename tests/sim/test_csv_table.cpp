#include <catch2/catch.hpp>
#include <fstream>

#include "sim/csv_table.hpp"
#include "sim/scenario/scenario.hpp"
#include "test_support.hpp"

using csc::sim::CsvTable;
using csc::sim::ScenarioError;

namespace {
std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto dir = csc::test::fresh_temp_dir("csv");
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("CSV cells, quotes and numbers are read", "[csv]") {
    const auto t = CsvTable::read(
        write("a.csv", "code,name,value\nE1,\"Kent, County\",12.5\nE2,\"say \"\"hi\"\"\",\n"));
    REQUIRE(t.rows() == 2);
    REQUIRE(t.text(0, t.column("name")) == "Kent, County");
    REQUIRE(t.text(1, 1) == "say \"hi\"");
    REQUIRE(t.number(0, 2).value() == 12.5);
    REQUIRE_FALSE(t.number(1, 2).has_value());
    REQUIRE(t.line_of(1) == 3);
}

TEST_CASE("bad CSV input names the file, line and column", "[csv]") {
    const auto bad_number = write("b.csv", "code,value\nE1,12x\n");
    const auto t = CsvTable::read(bad_number);
    try {
        (void)t.number(0, 1);
        FAIL("expected an error");
    } catch (const ScenarioError& e) {
        REQUIRE(e.line() == 2);
        REQUIRE(e.column() == 2);
        REQUIRE(e.key() == "value");
        REQUIRE(std::string(e.what()).find("expected a finite number") != std::string::npos);
    }
    REQUIRE_THROWS_AS(t.column("missing"), ScenarioError);
    REQUIRE_THROWS_AS(CsvTable::read(write("c.csv", "a,b\n1,2,3\n")), ScenarioError);
    REQUIRE_THROWS_AS(CsvTable::read(write("d.csv", "a,b\n\"1,2\n")), ScenarioError);
    REQUIRE_THROWS_AS(CsvTable::read("/nonexistent/file.csv"), ScenarioError);
}

TEST_CASE("non-finite numbers are rejected", "[csv]") {
    const auto t = CsvTable::read(write("e.csv", "a,b,c\nnan,inf,-inf\n"));
    for (size_t c = 0; c < 3; ++c) REQUIRE_THROWS_AS(t.number(0, c), ScenarioError);
}
