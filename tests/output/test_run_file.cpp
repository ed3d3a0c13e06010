#include <hdf5.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "output/atomic_file.hpp"
#include "output/run_file.hpp"
#include "temp_dir.hpp"

namespace csc::output {
namespace {

using test::read_bytes;
using test::TempDir;
using test::write_bytes;

constexpr size_t kKiB = 1024;

/// Text of exactly `bytes` bytes, varied, multi-line and with multi-byte UTF-8 ("£").
std::string long_text(size_t bytes, char seed) {
    std::string text;
    for (size_t line = 0; text.size() < bytes; ++line) {
        text += "key_" + std::to_string(line) + " = \"" + seed + " £" + std::to_string(line * 7) +
                "\"\n";
    }
    text.resize(bytes);  // may cut a "£" in half: bytes must survive regardless
    return text;
}

Axis months() { return {"month", {"2022-04", "2022-05", "2022-06"}}; }
Axis las() { return {"la", {"E06000001", "E06000002"}}; }
Axis states() { return {"state", {"referral", "cin", "cpp", "cla"}}; }

RunRecord make_run(const std::string& scenario, uint32_t replicate, int64_t offset) {
    RunRecord run;
    run.scenario = scenario;
    run.replicate = replicate;
    run.attributes = {{"seed", std::to_string(1000 + offset)},
                      {"start_date", "2022-04-01"},
                      {"scenario_text", long_text(70 * kKiB, 's')},
                      {"resolved_parameters", long_text(40 * kKiB, 'p')}};

    Table stocks{"stocks_monthly",
                 "children",
                 "Children in each state at month end.",
                 {months(), las(), states()},
                 {},
                 {}};
    for (int64_t i = 0; i < 24; ++i) stocks.integers.push_back(offset + i * 11);
    stocks.integers[0] = std::numeric_limits<int64_t>::min();
    stocks.integers[23] = std::numeric_limits<int64_t>::max();

    Table scale{"scale_factor",
                "children per simulated child",
                "Weight of one simulated child.",
                {las()},
                {},
                {12.5 + static_cast<double>(offset), 0.1}};

    Table rates{"rates", "per month", "Transition rates.", {months(), states()}, {}, {}};
    for (int i = 0; i < 12; ++i) rates.reals.push_back(static_cast<double>(offset) + i / 3.0);
    rates.reals[0] = -0.0;
    rates.reals[1] = std::numeric_limits<double>::infinity();
    rates.reals[2] = std::numeric_limits<double>::quiet_NaN();
    rates.reals[3] = std::numeric_limits<double>::denorm_min();

    Table costs{"cost_lines", "pence", "", {{"cost_line", {"placements", "staff £"}}}, {7, -3}, {}};
    Table empty{"no_flows", "children", "Flows (none).", {months(), {"flow", {}}}, {}, {}};
    Table total{"total_children", "children", "A scalar.", {}, {offset}, {}};

    run.tables = {stocks, scale, rates, costs, empty, total};
    return run;
}

RunFile make_file() {
    RunFile file;
    file.attributes = {{"code_version", "0.1.0"},
                       {"git_commit", "0123456789ab"},
                       {"created_utc", "2024-01-01T00:00:00Z"},
                       {"command_line", "cscsim run scenarios/baseline.toml --replicates 2"},
                       {"empty", ""},
                       {"at_threshold", long_text(32 * kKiB, 't')},
                       {"over_threshold", long_text(32 * kKiB + 1, 'o')},
                       {"big_note", long_text(100 * kKiB, 'b')}};
    file.runs = {make_run("baseline", 0, 0), make_run("baseline", 1, 100),
                 make_run("reform", 0, 200)};
    file.runs[2].tables[0].axes[1].labels = {"E09000001", "E09000002"};  // other run, other LAs
    file.runs[2].tables[1].axes[0].labels = {"E09000001", "E09000002"};
    return file;
}

/// Compares bit patterns, so NaN, -0.0 and denormals must survive exactly.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void check_same(const RunFile& actual, const RunFile& expected) {
    CHECK(actual.attributes == expected.attributes);
    REQUIRE(actual.runs.size() == expected.runs.size());
    for (size_t r = 0; r < expected.runs.size(); ++r) {
        const RunRecord& a = actual.runs[r];
        const RunRecord& e = expected.runs[r];
        INFO("run " << e.scenario << "/" << e.replicate);
        CHECK(a.scenario == e.scenario);
        CHECK(a.replicate == e.replicate);
        CHECK(a.attributes == e.attributes);
        REQUIRE(a.tables.size() == e.tables.size());
        for (size_t t = 0; t < e.tables.size(); ++t) {
            const Table& at = a.tables[t];
            const Table& et = e.tables[t];
            INFO("table " << et.name);
            CHECK(at.name == et.name);
            CHECK(at.unit == et.unit);
            CHECK(at.description == et.description);
            REQUIRE(at.axes.size() == et.axes.size());
            for (size_t x = 0; x < et.axes.size(); ++x) {
                CHECK(at.axes[x].name == et.axes[x].name);
                CHECK(at.axes[x].labels == et.axes[x].labels);
            }
            CHECK(at.is_real() == et.is_real());
            CHECK(at.integers == et.integers);
            CHECK(same_bits(at.reals, et.reals));
        }
    }
}

/// A minimal HDF5 file made directly with the C API, with optional root string attributes.
void make_hdf5_file(const std::filesystem::path& path,
                    const std::map<std::string, std::string>& attributes) {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(file >= 0);
    for (const auto& [name, value] : attributes) {  // fixed-length, as other tools may write
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, value.size() + 1);
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t attribute =
            H5Acreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
        REQUIRE(H5Awrite(attribute, type, value.c_str()) >= 0);
        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }
    REQUIRE(H5Fclose(file) >= 0);
}

TEST_CASE("a run file round-trips exactly", "[output]") {
    const TempDir dir;
    const auto path = dir / "run.h5";
    const RunFile file = make_file();
    write_run_file(path, file);
    CHECK(dir.entries() == std::vector<std::string>{"run.h5"});
    check_same(read_run_file(path), file);
}

TEST_CASE("a run file with no runs and no attributes round-trips", "[output]") {
    const TempDir dir;
    const auto path = dir / "empty.h5";
    write_run_file(path, RunFile{});
    const RunFile read = read_run_file(path);
    CHECK(read.attributes.empty());
    CHECK(read.runs.empty());
}

TEST_CASE("runs come back grouped by scenario, in order of first appearance", "[output]") {
    const TempDir dir;
    const auto path = dir / "order.h5";
    RunFile file;
    file.runs = {make_run("zeta", 3, 0), make_run("alpha", 0, 1), make_run("zeta", 1, 2)};
    write_run_file(path, file);
    const RunFile read = read_run_file(path);
    REQUIRE(read.runs.size() == 3);
    CHECK(read.runs[0].scenario == "zeta");
    CHECK(read.runs[0].replicate == 3);
    CHECK(read.runs[1].scenario == "zeta");
    CHECK(read.runs[1].replicate == 1);
    CHECK(read.runs[2].scenario == "alpha");
    CHECK(read.runs[2].tables[5].integers == std::vector<int64_t>{1});
}

TEST_CASE("writing the same run file twice gives identical bytes", "[output]") {
    const TempDir dir;
    const RunFile file = make_file();
    write_run_file(dir / "first.h5", file);
    write_run_file(dir / "second.h5", file);
    const std::string first = read_bytes(dir / "first.h5");
    REQUIRE(!first.empty());
    CHECK(first == read_bytes(dir / "second.h5"));

    write_run_file(dir / "first.h5", file);  // overwriting gives the same bytes too
    CHECK(first == read_bytes(dir / "first.h5"));
}

TEST_CASE("the run file layout is as documented", "[output]") {
    const TempDir dir;
    const auto path = dir / "layout.h5";
    write_run_file(path, make_file());

    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    CHECK(H5Aexists(file, "format") > 0);
    CHECK(H5Aexists(file, "format_version") > 0);
    CHECK(H5Aexists(file, "at_threshold") > 0);  // exactly 32 KiB stays an attribute
    CHECK(H5Aexists(file, "over_threshold") == 0);
    CHECK(H5Lexists(file, "provenance", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(file, "provenance/over_threshold", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(file, "provenance/big_note", H5P_DEFAULT) > 0);

    const hid_t run = H5Gopen2(file, "runs/baseline/replicate_1", H5P_DEFAULT);
    REQUIRE(run >= 0);
    CHECK(H5Aexists(run, "scenario") > 0);
    CHECK(H5Aexists(run, "replicate") > 0);
    CHECK(H5Aexists(run, "seed") > 0);
    CHECK(H5Lexists(run, "provenance/scenario_text", H5P_DEFAULT) > 0);
    for (const char* axis :
         {"axes/month", "axes/la", "axes/state", "axes/flow", "axes/cost_line"}) {
        CHECK(H5Lexists(run, axis, H5P_DEFAULT) > 0);
    }

    const hid_t stocks = H5Dopen2(run, "stocks_monthly", H5P_DEFAULT);
    REQUIRE(stocks >= 0);
    const hid_t type = H5Dget_type(stocks);
    CHECK(H5Tequal(type, H5T_STD_I64LE) > 0);
    const hid_t dcpl = H5Dget_create_plist(stocks);
    CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
    std::array<hsize_t, 3> chunk{};
    CHECK(H5Pget_chunk(dcpl, 3, chunk.data()) == 3);
    CHECK(chunk[0] == 1);
    CHECK(chunk[1] == 2);
    CHECK(chunk[2] == 4);
    CHECK(H5Pget_nfilters(dcpl) == 2);
    CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, nullptr, nullptr, nullptr, 0, nullptr,
                               nullptr) >= 0);
    unsigned level = 0;
    size_t n_values = 1;
    CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, nullptr, &n_values, &level, 0, nullptr,
                               nullptr) >= 0);
    CHECK(level == 4);
    CHECK(H5Aexists(stocks, "unit") > 0);
    CHECK(H5Aexists(stocks, "description") > 0);
    CHECK(H5Aexists(stocks, "axes") > 0);
    H5Pclose(dcpl);
    H5Tclose(type);
    H5Dclose(stocks);

    const hid_t rates = H5Dopen2(run, "rates", H5P_DEFAULT);
    const hid_t rates_type = H5Dget_type(rates);
    CHECK(H5Tequal(rates_type, H5T_IEEE_F64LE) > 0);
    H5Tclose(rates_type);
    H5Dclose(rates);

    const hid_t empty = H5Dopen2(run, "no_flows", H5P_DEFAULT);
    const hid_t empty_dcpl = H5Dget_create_plist(empty);
    CHECK(H5Pget_layout(empty_dcpl) == H5D_CONTIGUOUS);
    H5Pclose(empty_dcpl);
    H5Dclose(empty);

    H5Gclose(run);
    H5Fclose(file);
}

TEST_CASE("write_run_file into a missing directory throws OutputError", "[output]") {
    const TempDir dir;
    const auto path = dir / "no_such_dir" / "run.h5";
    REQUIRE_THROWS_AS(write_run_file(path, make_file()), OutputError);
    REQUIRE_THROWS_WITH(write_run_file(path, make_file()), Catch::Contains(path.string()));
    CHECK(dir.entries().empty());
}

TEST_CASE("a failed write leaves the existing file and no temporary file", "[output]") {
    const TempDir dir;
    const auto path = dir / "run.h5";
    write_run_file(path, make_file());
    const std::string before = read_bytes(path);

    SECTION("value count does not match the axes (found before writing)") {
        RunFile bad = make_file();
        bad.runs[1].tables[0].integers.pop_back();
        REQUIRE_THROWS_WITH(write_run_file(path, bad), Catch::Contains("stocks_monthly") &&
                                                           Catch::Contains("23 values") &&
                                                           Catch::Contains(path.string()));
    }
    SECTION("axis labels conflict within a run (found mid-write)") {
        RunFile bad = make_file();
        bad.runs[2].tables[1].axes[0].labels = {"E06000001", "E06000002"};  // vs table 0's
        REQUIRE_THROWS_WITH(write_run_file(path, bad), Catch::Contains("'la'") &&
                                                           Catch::Contains("scale_factor") &&
                                                           Catch::Contains("reform/replicate_0") &&
                                                           Catch::Contains(path.string()));
    }
    SECTION("the path is a directory (found at rename)") {
        const auto occupied = dir / "occupied";
        std::filesystem::create_directory(occupied);
        REQUIRE_THROWS_AS(write_run_file(occupied, make_file()), OutputError);
        CHECK(std::filesystem::is_directory(occupied));
        std::filesystem::remove(occupied);
    }
    CHECK(read_bytes(path) == before);
    CHECK(dir.entries() == std::vector<std::string>{"run.h5"});
}

TEST_CASE("write_run_file rejects invalid run files before creating anything", "[output]") {
    const TempDir dir;
    const auto path = dir / "run.h5";
    RunFile file = make_file();
    std::string expected;

    SECTION("both value vectors used") {
        file.runs[0].tables[1].integers = {1, 2};
        expected = "both integer and real";
    }
    SECTION("two runs with the same scenario and replicate") {
        file.runs[1].replicate = 0;
        expected = "appears twice";
    }
    SECTION("two tables with the same name") {
        file.runs[0].tables[1].name = "stocks_monthly";
        expected = "two tables named 'stocks_monthly'";
    }
    SECTION("reserved table name") {
        file.runs[0].tables[1].name = "axes";
        expected = "reserved";
    }
    SECTION("reserved file attribute") {
        file.attributes["format"] = "mine";
        expected = "reserved";
    }
    SECTION("reserved run attribute") {
        file.runs[0].attributes["replicate"] = "7";
        expected = "reserved";
    }
    SECTION("slash in a scenario name") {
        file.runs[0].scenario = "a/b";
        expected = "'a/b'";
    }
    SECTION("empty table name") {
        file.runs[0].tables[0].name.clear();
        expected = "empty table name";
    }
    SECTION("comma in an axis name") {
        file.runs[0].tables[0].axes[0].name = "month,year";
        expected = "contains ','";
    }
    SECTION("NUL in an attribute value") {
        file.attributes["note"] = std::string("a\0b", 3);
        expected = "NUL";
    }
    REQUIRE_THROWS_WITH(write_run_file(path, file),
                        Catch::Contains(expected) && Catch::Contains(path.string()));
    CHECK(dir.entries().empty());
}

TEST_CASE("read_run_file rejects files that are not run files, naming the path", "[output]") {
    const TempDir dir;

    SECTION("missing file") {
        const auto path = dir / "missing.h5";
        REQUIRE_THROWS_AS(read_run_file(path), OutputError);
        REQUIRE_THROWS_WITH(read_run_file(path), Catch::Contains(path.string()));
    }
    SECTION("not HDF5") {
        const auto path = dir / "text.h5";
        write_bytes(path, "month,la,children\n2022-04,E06000001,3\n");
        REQUIRE_THROWS_WITH(read_run_file(path),
                            Catch::Contains(path.string()) && Catch::Contains("not an HDF5 file"));
    }
    SECTION("empty file") {
        const auto path = dir / "empty.h5";
        write_bytes(path, "");
        REQUIRE_THROWS_WITH(read_run_file(path), Catch::Contains(path.string()));
    }
    SECTION("HDF5 without the format attribute") {
        const auto path = dir / "plain.h5";
        make_hdf5_file(path, {});
        REQUIRE_THROWS_WITH(read_run_file(path), Catch::Contains(path.string()) &&
                                                     Catch::Contains("not a cscsim run file"));
    }
    SECTION("HDF5 with another format") {
        const auto path = dir / "other.h5";
        make_hdf5_file(path, {{"format", "netcdf"}, {"format_version", "1"}});
        REQUIRE_THROWS_WITH(read_run_file(path),
                            Catch::Contains(path.string()) && Catch::Contains("'netcdf'"));
    }
    SECTION("a later format version") {
        const auto path = dir / "later.h5";
        make_hdf5_file(path, {{"format", "cscsim-run"}, {"format_version", "6"}});
        REQUIRE_THROWS_WITH(read_run_file(path),
                            Catch::Contains(path.string()) && Catch::Contains("'6'"));
    }
    SECTION("an earlier format version") {
        const auto path = dir / "earlier.h5";
        make_hdf5_file(path, {{"format", "cscsim-run"}, {"format_version", "4"}});
        REQUIRE_THROWS_WITH(read_run_file(path),
                            Catch::Contains("'4'") && Catch::Contains("run its scenario again"));
    }
}

TEST_CASE("read_run_file accepts fixed-length string attributes", "[output]") {
    const TempDir dir;
    const auto path = dir / "fixed.h5";
    make_hdf5_file(path, {{"format", "cscsim-run"}, {"format_version", "5"}, {"note", "hello"}});
    const RunFile file = read_run_file(path);
    CHECK(file.attributes == std::map<std::string, std::string>{{"note", "hello"}});
    CHECK(file.runs.empty());
}

}  // namespace
}  // namespace csc::output
